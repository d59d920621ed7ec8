/**
 * Scale benchmark: `npm run --silent bench` prints one JSON object per line:
 * {"construct","routes","resources","templateBytes","lambdaPermissions","synthMs"}.
 * See bench/scale.ts for what is measured and how.
 */
import { benchmark, BenchConstruct, warmUp } from './scale';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CASES: Array<[BenchConstruct, number]> = [
  ['GatewayRestApi', 100],
  ['GatewayRestApi', 1000],
  ['GatewayRestApi', 1500],
  ['RestApi+LambdaIntegration', 100],
];

warmUp();
for (const [construct, routes] of CASES) {
  process.stdout.write(JSON.stringify(benchmark(construct, routes, RUNS)) + '\n');
}
