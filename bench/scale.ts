/**
 * The scale benchmark's measurements, shared by `npm run bench` and its test.
 *
 * Every API gets the same routes: route i uses method i % 6 on path /svc<i/6>
 * and one of ten Lambda functions (a realistic service: many routes, few
 * functions). GatewayRestApi is measured at 100, 1,000 and 1,500 routes, the
 * L2 RestApi + LambdaIntegration at 100. synthMs is the median of several
 * runs of building the app and synthesizing it, after a warm-up run of each.
 */
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Authorization, GatewayRestApi, Integration } from '../lib';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];
const FUNCTIONS = 10;

export type BenchConstruct = 'GatewayRestApi' | 'RestApi+LambdaIntegration';

export interface BenchResult {
  readonly construct: BenchConstruct;
  readonly routes: number;
  readonly resources: number;
  readonly templateBytes: number;
  readonly lambdaPermissions: number;
  readonly synthMs: number;
}

function functions(stack: Stack): lambda.Function[] {
  return Array.from({ length: FUNCTIONS }, (_, i) => new lambda.Function(stack, `Fn${i}`, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "ok" });'),
    timeout: Duration.seconds(5),
  }));
}

function build(stack: Stack, construct: BenchConstruct, routes: number): void {
  const fns = functions(stack);
  if (construct === 'GatewayRestApi') {
    const api = new GatewayRestApi(stack, 'Api', { defaultAuthorization: Authorization.none() });
    const integrations = fns.map(fn => Integration.lambda(fn));
    for (let i = 0; i < routes; i++) {
      api.addRoute(`${METHODS[i % METHODS.length]} /svc${Math.floor(i / METHODS.length)}`, integrations[i % FUNCTIONS]);
    }
  } else {
    const api = new apigw.RestApi(stack, 'Api', { cloudWatchRole: false });
    const integrations = fns.map(fn => new apigw.LambdaIntegration(fn));
    for (let i = 0; i < routes; i++) {
      const resource = api.root.resourceForPath(`/svc${Math.floor(i / METHODS.length)}`);
      resource.addMethod(METHODS[i % METHODS.length], integrations[i % FUNCTIONS]);
    }
  }
}

function measure(construct: BenchConstruct, routes: number): { ms: number; template: any; bytes: number } {
  const outdir = mkdtempSync(join(tmpdir(), 'bench-'));
  try {
    const start = performance.now();
    const app = new App({ outdir });
    const stack = new Stack(app, 'Bench');
    build(stack, construct, routes);
    const assembly = app.synth();
    const ms = performance.now() - start;
    const file = join(outdir, assembly.getStackByName('Bench').templateFile);
    const text = readFileSync(file, 'utf8');
    return { ms, template: JSON.parse(text), bytes: Buffer.byteLength(text) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Builds and synthesizes `runs` times (after one warm-up) and reports the figures of the median run. */
export function benchmark(construct: BenchConstruct, routes: number, runs: number): BenchResult {
  const samples = Array.from({ length: runs }, () => measure(construct, routes));
  const { template, bytes } = samples[0];
  const types = Object.values(template.Resources as Record<string, { Type: string }>).map(resource => resource.Type);
  return {
    construct,
    routes,
    resources: types.length,
    templateBytes: bytes,
    lambdaPermissions: types.filter(type => type === 'AWS::Lambda::Permission').length,
    synthMs: Math.round(median(samples.map(sample => sample.ms))),
  };
}

/** Warms up the JIT and module caches for both constructs before anything is timed. */
export function warmUp(): void {
  measure('GatewayRestApi', 100);
  measure('RestApi+LambdaIntegration', 100);
}
