#!/usr/bin/env node
// `cdk synth` needs the handler bundles in assets/ (the library reads them). Re-bundling four unchanged
// handlers took about 5 s of every synth, so this runs `projen bundle` only when a bundle is missing or
// older than a handler source or the lockfile (which pins the AWS SDK the bundles include).
'use strict';
const { execSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const tasks = JSON.parse(fs.readFileSync(path.join(root, '.projen', 'tasks.json'), 'utf8')).tasks;
// Every bundle the `bundle` task makes, by its esbuild --outfile, so that a new handler is covered without edits here.
const outputs = tasks.bundle.steps
  .map(step => tasks[step.spawn].steps.flatMap(inner => inner.execArgs ?? []).find(arg => arg.startsWith('--outfile=')))
  .filter(arg => arg !== undefined)
  .map(arg => path.join(root, arg.slice('--outfile='.length)));

function sourcesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourcesUnder(full) : [full];
  });
}

const newestInput = Math.max(...[...sourcesUnder(path.join(root, 'handlers')), path.join(root, 'package-lock.json')]
  .map(file => fs.statSync(file).mtimeMs));
const stale = outputs.length === 0 || outputs.some(file => !fs.existsSync(file) || fs.statSync(file).mtimeMs < newestInput);
if (stale) {
  execSync('npx projen bundle --silent', { cwd: root, stdio: 'inherit' });
}
