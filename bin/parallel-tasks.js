#!/usr/bin/env node
// Runs projen tasks at the same time and fails if any of them fails. `npm test` runs its three
// independent checks (README examples, type check, eslint) this way: each is one single-threaded
// TypeScript program, so on 2 cores they take about half as long side by side as one after another.
// Each task's output is printed whole when it ends, so the logs do not interleave.
'use strict';
const { spawn } = require('child_process');

const tasks = process.argv.slice(2);
if (tasks.length === 0) {
  console.error('usage: parallel-tasks.js <projen task>...');
  process.exit(2);
}

const runs = tasks.map(task => new Promise(resolve => {
  const started = Date.now();
  const child = spawn('npx', ['projen', task], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  const output = [];
  child.stdout.on('data', chunk => output.push(chunk));
  child.stderr.on('data', chunk => output.push(chunk));
  child.on('error', error => output.push(Buffer.from(`${error.message}\n`)));
  child.on('close', code => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(`\n--- ${task}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${seconds} s ---\n`);
    process.stdout.write(Buffer.concat(output));
    resolve({ task, code: code ?? 1 });
  });
}));

Promise.all(runs).then(results => {
  const failed = results.filter(result => result.code !== 0);
  if (failed.length > 0) {
    console.error(`\nfailed: ${failed.map(result => result.task).join(', ')}`);
    process.exit(1);
  }
});
