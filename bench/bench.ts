/**
 * Scale benchmark. `npm run --silent bench` prints one JSON object per line per case,
 * {"construct","routes","resources","templateBytes","bodyBytes","bodyLocation","lambdaPermissions","synthMs","peakMemoryMb"}
 * (or {"construct","routes","error"} when the case's synth throws),
 * then one {"ratio","routes","gatewayRestApiMs","specRestApiMs","value"} line per size: GatewayRestApi's
 * synth time over the hand-written SpecRestApi's. `-- --markdown` prints README-ready tables instead
 * (the JSON lines go to stderr as each case finishes). `BENCH_RUNS` (default 3) sets the timed runs per
 * case; `BENCH_ROUTES` (e.g. `100,1000`) limits the sizes.
 *
 * Each case runs in a fresh process (bench/runner.ts; what it measures is in bench/scale.ts), on
 * sources transpiled once beforehand (bench/precompile.ts). This process only schedules and prints:
 * it loads neither aws-cdk-lib nor the library.
 */
import { spawnSync } from 'child_process';
import { join } from 'path';
import { precompile } from './precompile';
import type { BenchConstruct, BenchFailure, BenchResult } from './scale';

type Outcome = BenchResult | BenchFailure;

const SIZES = [100, 1000, 1500, 3000, 5000];
/**
 * The L2 makes about three resources and two permissions per route: at 1,000 routes it is already
 * 3,190 resources and a 2.3 MB template, the slowest case by far; larger sizes would only add time.
 */
const L2_MAX_ROUTES = 1000;
const LABELS: Record<BenchConstruct, string> = {
  'GatewayRestApi': 'GatewayRestApi',
  'SpecRestApi': 'SpecRestApi (minimal hand-written body)',
  'RestApi+LambdaIntegration': 'RestApi + LambdaIntegration (L2)',
};

function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`bench: ${name} must be a positive integer, got ${JSON.stringify(text)}`);
  }
  return value;
}

const runs = positiveInteger('BENCH_RUNS', process.env.BENCH_RUNS ?? '3');
const sizes = process.env.BENCH_ROUTES ? process.env.BENCH_ROUTES.split(',').map(size => positiveInteger('BENCH_ROUTES', size.trim())) : SIZES;
const markdown = process.argv.includes('--markdown');

/**
 * The constructs at each size, rotated from one size to the next, so that no construct always runs
 * first (or last) among its neighbours while the shared machine's load drifts.
 */
function cases(): Array<[BenchConstruct, number]> {
  return sizes.flatMap((routes, index): Array<[BenchConstruct, number]> => {
    const constructs: BenchConstruct[] = ['GatewayRestApi', 'SpecRestApi'];
    if (routes <= L2_MAX_ROUTES) constructs.push('RestApi+LambdaIntegration');
    const shift = index % constructs.length;
    return [...constructs.slice(shift), ...constructs.slice(0, shift)].map(construct => [construct, routes]);
  });
}

function runCase(hook: string, construct: BenchConstruct, routes: number): Outcome {
  const child = spawnSync(process.execPath, [
    '--expose-gc', '-r', hook, join(__dirname, 'runner.ts'), construct, String(routes), String(runs),
  ], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (child.error) throw child.error;
  if (child.status !== 0) {
    throw new Error(`bench: ${construct} at ${routes} routes exited with ${child.status ?? child.signal}`);
  }
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as Outcome;
}

/** null where a side's synth failed. */
interface Ratio {
  readonly ratio: 'GatewayRestApi/SpecRestApi';
  readonly routes: number;
  readonly gatewayRestApiMs: number | null;
  readonly specRestApiMs: number | null;
  readonly value: number | null;
}

const failed = (outcome: Outcome): outcome is BenchFailure => 'error' in outcome;

function ratios(outcomes: Outcome[]): Ratio[] {
  return sizes.map(routes => {
    const ms = (construct: BenchConstruct) => {
      const outcome = outcomes.find(o => o.construct === construct && o.routes === routes)!;
      return failed(outcome) ? null : outcome.synthMs;
    };
    const [gatewayRestApiMs, specRestApiMs] = [ms('GatewayRestApi'), ms('SpecRestApi')];
    const value = gatewayRestApiMs === null || specRestApiMs === null ? null : Math.round(gatewayRestApiMs / specRestApiMs * 10) / 10;
    return { ratio: 'GatewayRestApi/SpecRestApi', routes, gatewayRestApiMs, specRestApiMs, value };
  });
}

const n = (value: number | null) => value === null ? 'fails' : value.toLocaleString('en-US');

function row(o: Outcome): string {
  if (failed(o)) {
    // The error code (the library's `[Code]`) is what a table row can hold; the JSON line has the message.
    const reason = /\[([A-Za-z]+)\]/.exec(o.error)?.[1] ?? o.error.split('\n')[0].slice(0, 60);
    return `| ${LABELS[o.construct]} | ${n(o.routes)} | synth fails: ${reason} | | | | | | |`;
  }
  const body = o.bodyLocation === 'none' ? ['–', '–'] : [n(o.bodyBytes), o.bodyLocation];
  return `| ${LABELS[o.construct]} | ${n(o.routes)} | ${n(o.resources)} | ${n(o.templateBytes)} | ${body.join(' | ')} | ${n(o.lambdaPermissions)} | ${n(o.synthMs)} | ${n(o.peakMemoryMb)} |`;
}

function tables(outcomes: Outcome[]): string {
  const order = Object.keys(LABELS) as BenchConstruct[];
  const rows = [...outcomes].sort((a, b) => order.indexOf(a.construct) - order.indexOf(b.construct) || a.routes - b.routes);
  return [
    '| construct | routes | resources | template bytes | body bytes | body in | Lambda permissions | synth ms | peak memory MB |',
    '| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |',
    ...rows.map(row),
    '',
    '| routes | GatewayRestApi synth ms | SpecRestApi synth ms | GatewayRestApi ÷ SpecRestApi |',
    '| ---: | ---: | ---: | ---: |',
    ...ratios(outcomes).map(r => `| ${n(r.routes)} | ${n(r.gatewayRestApiMs)} | ${n(r.specRestApiMs)} | ${r.value === null ? '–' : r.value.toFixed(1)} |`),
    '',
    `synth ms: median of ${runs} build-and-synth runs per case, each case in a fresh process after a warm-up synth at 100 routes; `
      + `aws-cdk-lib's built-in template validator ${process.env.CDK_VALIDATION === 'false' ? 'off (CDK_VALIDATION=false)' : 'on (its default, as in `cdk synth`)'}.`,
  ].join('\n') + '\n';
}

const outcomes: Outcome[] = [];
const compiled = precompile();
try {
  for (const [construct, routes] of cases()) {
    const result = runCase(compiled.hook, construct, routes);
    outcomes.push(result);
    (markdown ? process.stderr : process.stdout).write(JSON.stringify(result) + '\n');
  }
} finally {
  compiled.dispose();
}
if (markdown) {
  process.stdout.write(tables(outcomes));
} else {
  for (const ratio of ratios(outcomes)) process.stdout.write(JSON.stringify(ratio) + '\n');
}
