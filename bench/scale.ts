/**
 * The scale benchmark's cases and measurements, shared by `npm run bench` (bench/bench.ts, which runs
 * each case in its own process through bench/runner.ts) and test/bench.test.ts (in-process, untimed).
 *
 * Every API gets the same routes: route i uses method i % 6 on path /svc<floor(i/6)> and one of ten
 * Lambda functions (a realistic service: many routes, few functions). Three ways to build it:
 * - `GatewayRestApi`: this library;
 * - `RestApi+LambdaIntegration`: aws-cdk-lib's L2, three resources and two permissions per route;
 * - `SpecRestApi`: what a careful hand-writer does with aws-cdk-lib alone, the floor any body-based
 *   construct is measured against: an inline OpenAPI body with nothing but a proxy integration per
 *   operation, one compact `Fn::Sub` URI per function and one permission per function.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { performance } from 'perf_hooks';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Authorization, GatewayRestApi, Integration } from '../lib';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];
const FUNCTIONS = 10;
const STACK = 'Bench';
const STACK_RESOURCE_LIMIT = '@aws-cdk/core:stackResourceLimit';

export const CONSTRUCTS = ['GatewayRestApi', 'RestApi+LambdaIntegration', 'SpecRestApi'] as const;
export type BenchConstruct = typeof CONSTRUCTS[number];

/** Where the REST API's OpenAPI body lives: `none` for the L2, which has no body (its routes are resources). */
export type BodyLocation = 'template' | 's3' | 'none';

/** What one synthesized stack is made of; the same whatever the timing. */
export interface BenchFigures {
  readonly construct: BenchConstruct;
  readonly routes: number;
  readonly resources: number;
  readonly templateBytes: number;
  /** Compact JSON of the `Body` when it is in the template; the size of the body file asset when it is in S3. */
  readonly bodyBytes: number;
  readonly bodyLocation: BodyLocation;
  readonly lambdaPermissions: number;
}

export interface BenchResult extends BenchFigures {
  /** The median of the timed build-and-synth runs. */
  readonly synthMs: number;
  /** The case's process's peak resident set (`process.resourceUsage().maxRSS`). */
  readonly peakMemoryMb: number;
}

/** A case whose synth throws (the library refuses a stack CloudFormation would reject, say): the error, not figures. */
export interface BenchFailure {
  readonly construct: BenchConstruct;
  readonly routes: number;
  readonly error: string;
}

export function isBenchConstruct(value: string): value is BenchConstruct {
  return (CONSTRUCTS as readonly string[]).includes(value);
}

function route(i: number): { method: string; path: string; fn: number } {
  return { method: METHODS[i % METHODS.length], path: `/svc${Math.floor(i / METHODS.length)}`, fn: i % FUNCTIONS };
}

function functions(stack: Stack): lambda.Function[] {
  return Array.from({ length: FUNCTIONS }, (_, i) => new lambda.Function(stack, `Fn${i}`, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "ok" });'),
    timeout: Duration.seconds(5),
  }));
}

function buildGatewayRestApi(stack: Stack, fns: lambda.Function[], routes: number): void {
  const api = new GatewayRestApi(stack, 'Api', { defaultAuthorization: Authorization.none() });
  const integrations = fns.map(fn => Integration.lambda(fn));
  for (let i = 0; i < routes; i++) {
    const { method, path, fn } = route(i);
    api.addRoute(`${method} ${path}`, integrations[fn]);
  }
}

function buildL2(stack: Stack, fns: lambda.Function[], routes: number): void {
  const api = new apigw.RestApi(stack, 'Api', { cloudWatchRole: false });
  const integrations = fns.map(fn => new apigw.LambdaIntegration(fn));
  for (let i = 0; i < routes; i++) {
    const { method, path, fn } = route(i);
    api.root.resourceForPath(path).addMethod(method, integrations[fn]);
  }
}

function buildSpecRestApi(stack: Stack, fns: lambda.Function[], routes: number): void {
  // One URI string per function, shared by its operations, as a hand-writer would: the body stays as
  // small as the proxy integration allows.
  const uris = fns.map(fn => ({
    'Fn::Sub': 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/'
      + `\${${stack.getLogicalId(fn.node.defaultChild as lambda.CfnFunction)}.Arn}/invocations`,
  }));
  const paths: Record<string, Record<string, unknown>> = {};
  for (let i = 0; i < routes; i++) {
    const { method, path, fn } = route(i);
    paths[path] ??= {};
    paths[path][method.toLowerCase()] = {
      'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: uris[fn] },
      'responses': {},
    };
  }
  const body = { openapi: '3.0.1', info: { title: 'Bench', version: '1' }, paths };
  const api = new apigw.SpecRestApi(stack, 'Api', { apiDefinition: apigw.ApiDefinition.fromInline(body), cloudWatchRole: false });
  for (const fn of fns) {
    fn.addPermission('ApiInvoke', {
      principal: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      sourceArn: api.arnForExecuteApi(),
    });
  }
}

function build(stack: Stack, construct: BenchConstruct, routes: number): void {
  const fns = functions(stack);
  switch (construct) {
    case 'GatewayRestApi': return buildGatewayRestApi(stack, fns, routes);
    case 'RestApi+LambdaIntegration': return buildL2(stack, fns, routes);
    case 'SpecRestApi': return buildSpecRestApi(stack, fns, routes);
  }
}

interface Resource { readonly Type: string; readonly Properties?: Record<string, unknown> }

interface AssetManifest { readonly files?: Record<string, { readonly source: { readonly path?: string } }> }

function bodyFigures(outdir: string, resources: Resource[]): { bodyBytes: number; bodyLocation: BodyLocation } {
  const apis = resources.filter(resource => resource.Type === 'AWS::ApiGateway::RestApi');
  if (apis.length !== 1) {
    throw new Error(`bench: expected one AWS::ApiGateway::RestApi in stack ${STACK}, found ${apis.length}`);
  }
  const props = apis[0].Properties ?? {};
  if (props.Body !== undefined) {
    return { bodyBytes: Buffer.byteLength(JSON.stringify(props.Body)), bodyLocation: 'template' };
  }
  if (props.BodyS3Location !== undefined) {
    // The body is a file asset of the stack; its source path is relative to the assembly directory (or absolute).
    const manifestFile = join(outdir, `${STACK}.assets.json`);
    const manifest = existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, 'utf8')) as AssetManifest : {};
    const paths = Object.values(manifest.files ?? {}).map(file => file.source.path ?? '').filter(path => path.endsWith('.body.json'));
    if (paths.length !== 1) {
      throw new Error(`bench: the RestApi has BodyS3Location, but ${manifestFile} lists ${paths.length} file assets ending in .body.json (expected 1)`);
    }
    return { bodyBytes: statSync(resolve(outdir, paths[0])).size, bodyLocation: 's3' };
  }
  return { bodyBytes: 0, bodyLocation: 'none' };
}

/**
 * Builds the case in a new app and synthesizes it: `ms` times exactly that (the figures are read
 * from the assembly afterwards, untimed).
 */
export function synthCase(construct: BenchConstruct, routes: number): { ms: number; figures: BenchFigures } {
  const outdir = mkdtempSync(join(tmpdir(), 'bench-'));
  try {
    const start = performance.now();
    // aws-cdk-lib refuses a stack of more than 500 resources, as CloudFormation would; the L2 passes
    // that at about 160 routes, and the benchmark's point is to measure it there, so the check is off
    // (for every construct alike: the tests assert the resource counts themselves).
    const app = new App({ outdir, context: { [STACK_RESOURCE_LIMIT]: 0 } });
    build(new Stack(app, STACK), construct, routes);
    const assembly = app.synth();
    const ms = performance.now() - start;
    const text = readFileSync(join(outdir, assembly.getStackByName(STACK).templateFile), 'utf8');
    const resources = Object.values((JSON.parse(text) as { Resources: Record<string, Resource> }).Resources);
    return {
      ms,
      figures: {
        construct,
        routes,
        resources: resources.length,
        templateBytes: Buffer.byteLength(text),
        ...bodyFigures(outdir, resources),
        lambdaPermissions: resources.filter(resource => resource.Type === 'AWS::Lambda::Permission').length,
      },
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The figures of one case, synthesized once in this process, untimed (for tests). */
export function figures(construct: BenchConstruct, routes: number): BenchFigures {
  return synthCase(construct, routes).figures;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Times one case in this process: a warm-up synth of the same construct at 100 routes (module
 * loading, JIT), then `runs` timed build-and-synth runs, each after a full GC when `--expose-gc` is on
 * (so one run's garbage is not collected on the next one's clock). Call it once per fresh process:
 * the peak memory is the process's.
 */
export function benchmark(construct: BenchConstruct, routes: number, runs: number): BenchResult {
  if (!Number.isInteger(runs) || runs < 1) {
    throw new Error(`bench: runs must be a positive integer, got ${runs}`);
  }
  synthCase(construct, 100);
  const gc = (globalThis as { gc?: () => void }).gc;
  const samples: number[] = [];
  let last: BenchFigures | undefined;
  for (let i = 0; i < runs; i++) {
    gc?.();
    const { ms, figures: caseFigures } = synthCase(construct, routes);
    samples.push(ms);
    last = caseFigures;
  }
  return {
    ...last!,
    synthMs: Math.round(median(samples)),
    peakMemoryMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
