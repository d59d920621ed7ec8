/**
 * One benchmark case in a fresh process, so that its peak memory is its own and no other case's
 * garbage, JIT state or module cache is on its clock. bench/bench.ts starts it as
 * `node --expose-gc -r <precompiled>/hook.js bench/runner.ts <construct> <routes> <runs>` (bench/precompile.ts)
 * and reads the one JSON line it prints: the case's figures, or the error its synth threw.
 */
import { benchmark, BenchFailure, isBenchConstruct } from './scale';

const [construct, routes, runs] = process.argv.slice(2);
if (construct === undefined || !isBenchConstruct(construct) || !/^\d+$/.test(routes ?? '') || !/^\d+$/.test(runs ?? '')) {
  process.stderr.write(`usage: runner.ts <construct> <routes> <runs>; got ${JSON.stringify(process.argv.slice(2))}\n`);
  process.exit(2);
}
let line: string;
try {
  line = JSON.stringify(benchmark(construct, Number(routes), Number(runs)));
} catch (error) {
  // A refused case is a result of the benchmark (one run still measures every other case), not a crash.
  const failure: BenchFailure = { construct, routes: Number(routes), error: error instanceof Error ? error.message : String(error) };
  line = JSON.stringify(failure);
}
process.stdout.write(line + '\n');
