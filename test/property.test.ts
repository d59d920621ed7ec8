import { App, Duration, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as fc from 'fast-check';
import { Authorization, CacheSize, Canary, CorsOptions, GatewayRestApi, IdentitySource, Integration, IRestAuthorization, IRestIntegration, Model, ResourcePolicy, StageOptions } from '../lib';
import { fixtureFunction } from './fixtures';
import { lintTemplates, NamedTemplate } from './harness/cfn-lint';
import { GatewayValidationError } from '../lib/core/errors';

/**
 * Random route, stage, integration and access-control configurations, valid and invalid. Each must either
 * throw the library's GatewayValidationError or synthesize a template that
 * cfn-lint accepts; any other exception fails. A configuration with an
 * injected fault must throw. Templates are linted in one batch.
 */

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY', 'get', 'Post'];
const LITERALS = ['pets', 'toys', 'v1', 'a.b', 'x-y', 'under_score', 'Pets'];
/** Parameter names follow their depth, with an occasional odd one out so that sibling conflicts still occur. */
const paramAt = (depth: number, odd: boolean): string => odd ? `{other${depth}}` : `{p${depth}.id}`;

interface Fault {
  readonly kind: string;
  readonly apply: (config: Config) => Config;
}

type Access = 'default' | 'none' | 'iam' | 'cognito' | 'token' | 'request';
type Backend = 'lambda' | 'mock' | 'http' | 'queue' | 'soap';

/** Route settings beyond the key, several of them only ever set by faults. */
interface RouteExtras {
  readonly backend?: Backend;
  readonly model?: boolean;
  readonly timeoutSeconds?: number;
  readonly responsesWithoutDefault?: boolean;
  readonly modelKeyword?: boolean;
}

interface Config {
  readonly routes: Array<{ method: string; segments: string[]; alias: boolean; access?: Access; apiKey?: boolean } & RouteExtras>;
  readonly stages: StageOptions[];
  readonly cors?: CorsOptions;
  readonly cidrs?: string[];
  readonly authorizerTtl?: number;
  /** Whether a usage plan with a key is added (when some route requires a key). */
  readonly plan?: boolean;
  /** Whether the API lacks its defaultAuthorization (then a route on 'default' access decides nothing). */
  readonly noDefaultAuthorization?: boolean;
}

const ITEM_MODEL = Model.fromSchema('Item', { type: apigw.JsonSchemaType.OBJECT, required: ['name'], properties: { name: { type: apigw.JsonSchemaType.STRING } } });
const BAD_MODEL = Model.fromSchema('Loose', { type: apigw.JsonSchemaType.OBJECT, patternProperties: { '^x-': { type: apigw.JsonSchemaType.STRING } } });

const ACCESS: Access[] = ['default', 'none', 'iam', 'cognito', 'token', 'request'];
const ORIGINS = ['https://a.example.com', 'http://localhost:3000', 'https://b.example.org:8443'];
const corsArb = fc.option(fc.record({
  allowOrigins: fc.oneof(fc.constant<string[]>(['*']), fc.uniqueArray(fc.constantFrom(...ORIGINS), { minLength: 1, maxLength: 3 })),
  maxAge: fc.option(fc.integer({ min: 0, max: 86_400 }).map(seconds => Duration.seconds(seconds)), { nil: undefined }),
}), { nil: undefined });
const cidrArb = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 8, max: 32 }))
  .map(([a, b, prefix]) => `10.${a}.${b}.0/${prefix}`);

const segmentsArb = fc.tuple(
  fc.array(fc.oneof({ arbitrary: fc.constantFrom(...LITERALS), weight: 3 }, { arbitrary: fc.constant(null), weight: 1 }), { maxLength: 4 }),
  fc.boolean(),
  fc.integer({ min: 0, max: 9 }),
).map(([segments, greedy, odd]) => {
  const path = segments.map((segment, depth) => segment ?? paramAt(depth, odd === 0));
  return greedy ? [...path, '{proxy+}'] : path;
});

const stageArb = fc.record({
  name: fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/),
  variables: fc.dictionary(fc.stringMatching(/^[A-Za-z0-9_]{0,5}[A-Za-z0-9][A-Za-z0-9_]{0,4}$/), fc.stringMatching(/^[A-Za-z0-9\-._~:/?#&=,]{1,30}$/), { maxKeys: 3 }),
  throttle: fc.option(fc.record({
    rateLimit: fc.double({ min: 0, max: 5000, noNaN: true }),
    burstLimit: fc.integer({ min: 0, max: 5000 }),
  // A burst of 0 rejects every request, which the library refuses unless the rate is 0 too (blocking on purpose).
  }).map(throttle => throttle.burstLimit === 0 ? { ...throttle, rateLimit: 0 } : throttle), { nil: undefined }),
  tracingEnabled: fc.option(fc.boolean(), { nil: undefined }),
  cache: fc.option(fc.record({
    size: fc.constantFrom(...Object.values(CacheSize)),
    ttl: fc.option(fc.integer({ min: 0, max: 3600 }).map(seconds => Duration.seconds(seconds)), { nil: undefined }),
  }), { nil: undefined }),
  canaryPercent: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: undefined }),
}).map(({ canaryPercent, ...stage }) => ({
  ...stage,
  lambdaAlias: 'live',
  canary: canaryPercent === undefined ? undefined : Canary.lambdaAlias({ percentTraffic: canaryPercent, lambdaAlias: 'next' }),
  variables: Object.fromEntries(Object.entries(stage.variables).filter(([k]) => k !== 'lambdaAlias')),
}));

const faults: Fault[] = [
  { kind: 'method', apply: c => ({ ...c, routes: [...c.routes, { method: 'FETCH', segments: ['x'], alias: false }] }) },
  { kind: 'segment', apply: c => ({ ...c, routes: [...c.routes, { method: 'GET', segments: ['bad$seg'], alias: false }] }) },
  { kind: 'greedy-not-last', apply: c => ({ ...c, routes: [...c.routes, { method: 'GET', segments: ['{proxy+}', 'x'], alias: false }] }) },
  { kind: 'stage-name', apply: c => ({ ...c, stages: [...c.stages, { name: 'bad name' }] }) },
  { kind: 'variable-name', apply: c => ({ ...c, stages: c.stages.map((s, i) => i === 0 ? { ...s, variables: { ...s.variables, 'bad-name': 'x' } } : s) }) },
  { kind: 'variable-name-underscores', apply: c => ({ ...c, stages: c.stages.map((s, i) => i === 0 ? { ...s, variables: { ...s.variables, ___: 'x' } } : s) }) },
  { kind: 'variable-value', apply: c => ({ ...c, stages: c.stages.map((s, i) => i === 0 ? { ...s, variables: { ...s.variables, v: 'has space' } } : s) }) },
  { kind: 'variable-too-long', apply: c => ({ ...c, stages: c.stages.map((s, i) => i === 0 ? { ...s, variables: { ...s.variables, v: 'x'.repeat(513) } } : s) }) },
  { kind: 'throttle', apply: c => ({ ...c, stages: c.stages.map((s, i) => i === 0 ? { ...s, throttle: { rateLimit: -5 } } : s) }) },
  { kind: 'throttle-burst-int32', apply: c => ({ ...c, stages: c.stages.map((s, i) => i === 0 ? { ...s, throttle: { rateLimit: 1, burstLimit: 2 ** 31 } } : s) }) },
  { kind: 'throttle-burst-zero', apply: c => ({ ...c, stages: c.stages.map((s, i) => i === 0 ? { ...s, throttle: { rateLimit: 10, burstLimit: 0 } } : s) }) },
  { kind: 'cache-size-outside-set', apply: c => ({ ...c, stages: c.stages.map((s, i) => i === 0 ? { ...s, cache: { size: '2' as CacheSize } } : s) }) },
  { kind: 'alias-unset', apply: c => ({ ...c, routes: [...c.routes, { method: 'GET', segments: ['aliased'], alias: true }], stages: [...c.stages, { name: 'noalias' }] }) },
  { kind: 'cache-ttl', apply: c => ({ ...c, stages: c.stages.map((s, i) => i === 0 ? { ...s, cache: { size: CacheSize.GB_0_5, ttl: Duration.seconds(3601) } } : s) }) },
  { kind: 'canary-percent', apply: c => ({ ...c, stages: c.stages.map((s, i) => i === 0 ? { ...s, canary: Canary.lambdaAlias({ percentTraffic: 100.5, lambdaAlias: 'next' }) } : s) }) },
  { kind: 'cidr', apply: c => ({ ...c, cidrs: [...c.cidrs ?? [], '10.0.0.0/40'] }) },
  { kind: 'authorizer-ttl', apply: c => ({ ...c, authorizerTtl: 3601, routes: [...c.routes, { method: 'GET', segments: ['tokened'], alias: false, access: 'token' }] }) },
  { kind: 'cors-credentials-any-origin', apply: c => ({ ...c, cors: { allowOrigins: ['*'], allowCredentials: true } }) },
  { kind: 'integration-timeout', apply: c => ({ ...c, routes: [...c.routes, { method: 'GET', segments: ['slow'], alias: false, backend: 'http', timeoutSeconds: 301 }] }) },
  { kind: 'responses-without-default', apply: c => ({ ...c, routes: [...c.routes, { method: 'GET', segments: ['nodefault'], alias: false, backend: 'http', responsesWithoutDefault: true }] }) },
  { kind: 'model-keyword', apply: c => ({ ...c, routes: [...c.routes, { method: 'POST', segments: ['modelled'], alias: false, model: true, modelKeyword: true }] }) },
  { kind: 'no-authorization-decision', apply: c => ({ ...c, noDefaultAuthorization: true, routes: [...c.routes, { method: 'GET', segments: ['undecided'], alias: false, access: 'default' }] }) },
  { kind: 'api-key-without-plan', apply: c => ({ ...c, plan: false, routes: [...c.routes, { method: 'GET', segments: ['keyed'], alias: false, apiKey: true }] }) },
];

const configArb = fc.record({
  routes: fc.array(fc.record({
    method: fc.constantFrom(...METHODS),
    segments: segmentsArb,
    alias: fc.boolean(),
    backend: fc.constantFrom<Backend>('lambda', 'lambda', 'mock', 'http', 'queue', 'soap'),
    model: fc.boolean(),
    access: fc.constantFrom(...ACCESS),
    apiKey: fc.boolean(),
  }), { minLength: 1, maxLength: 6 }),
  stages: fc.uniqueArray(stageArb, { minLength: 1, maxLength: 3, selector: stage => stage.name }),
  cors: corsArb,
  cidrs: fc.option(fc.array(cidrArb, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  authorizerTtl: fc.option(fc.integer({ min: 0, max: 3600 }), { nil: undefined }),
  plan: fc.constant(true),
  // About one configuration in three carries a fault.
  fault: fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: fc.constantFrom(...faults), weight: 1 }),
});

/** Rejections a fault-free configuration may still legitimately earn: random routes can collide, OPTIONS routes meet CORS preflights, and public patterns can reach IAM routes. */
const LEGITIMATE_REJECTIONS = /is added twice|beside|appears twice|OPTIONS route|also matches IAM route/;

describe('property: every configuration is rejected by the library or deploys clean', () => {
  test('random configurations', () => {
    const templates: NamedTemplate[] = [];
    let rejected = 0;
    fc.assert(fc.property(configArb, ({ fault, ...base }) => {
      const config = fault ? fault.apply(base) : base;
      let template: unknown;
      try {
        const app = new App();
        const stack = new Stack(app, 'Prop');
        const fn = fixtureFunction(stack, 'Fn');
        const ttl = config.authorizerTtl === undefined ? undefined : Duration.seconds(config.authorizerTtl);
        const pool = cognito.UserPool.fromUserPoolId(stack, 'Pool', 'eu-west-1_Example');
        const authorizerFn = fixtureFunction(stack, 'Authorizer');
        const access: Record<Access, IRestAuthorization | undefined> = {
          default: undefined,
          none: Authorization.none(),
          iam: Authorization.iam(),
          cognito: Authorization.cognito([pool], { scopes: ['pets/read'], resultsCacheTtl: ttl }),
          token: Authorization.lambdaToken(authorizerFn, { resultsCacheTtl: ttl }),
          request: Authorization.lambdaRequest(authorizerFn, { identitySources: [IdentitySource.header('X-Tenant')], resultsCacheTtl: ttl }),
        };
        const api = new GatewayRestApi(stack, 'Api', {
          stages: config.stages,
          cors: config.cors,
          defaultAuthorization: (config as Config).noDefaultAuthorization ? undefined : Authorization.none(),
          resourcePolicy: config.cidrs ? [ResourcePolicy.allowOnlySourceIps(config.cidrs)] : undefined,
        });
        const queue = new sqs.Queue(stack, 'Queue', { enforceSSL: true });
        const timeoutOf = (route: RouteExtras) => (route.timeoutSeconds === undefined ? undefined : Duration.seconds(route.timeoutSeconds));
        const backends: Record<Backend, (route: RouteExtras) => IRestIntegration> = {
          lambda: route => Integration.lambda(fn, { timeout: timeoutOf(route) }),
          mock: () => Integration.mock({ body: '{"ok": true}' }),
          http: route => Integration.http('https://backend.example.com/items', {
            proxy: !route.responsesWithoutDefault,
            timeout: timeoutOf(route),
            responses: route.responsesWithoutDefault ? [{ statusCode: 404, selectionPattern: '404' }] : undefined,
          }),
          queue: () => Integration.sqsSendMessage(queue),
          soap: () => Integration.soap('https://soap.example.com/Service.asmx', { namespace: 'urn:x', operation: 'Op', requestFields: ['a'], responseFields: { b: 'B' } }),
        };
        for (const route of config.routes as Config['routes']) {
          const integration = route.alias ? Integration.lambdaAlias(fn) : backends[route.backend ?? 'lambda'](route);
          api.addRoute(`${route.method} /${route.segments.join('/')}`, integration, {
            authorization: access[route.access ?? 'default'],
            apiKeyRequired: route.apiKey,
            requestModel: route.model ? (route.modelKeyword ? BAD_MODEL : ITEM_MODEL) : undefined,
            // IAM signatures cannot key a cache per caller: a cached IAM route must say its response is shared.
            cache: route.access === 'iam' ? { sharedAcrossCallers: true } : undefined,
          });
        }
        if (config.plan && config.routes.some(route => route.apiKey)) {
          api.addUsagePlan('Plan', { throttle: { rateLimit: 10, burstLimit: 5 } }).addApiKey('Key');
        }
        template = app.synth().getStackByName('Prop').template;
      } catch (error) {
        if (!(error instanceof GatewayValidationError)) {
          throw error; // any other exception is a bug
        }
        if (!fault && !LEGITIMATE_REJECTIONS.test(error.message)) {
          throw new Error(`a valid configuration was rejected: ${error.message}\n${JSON.stringify(config)}`);
        }
        rejected++;
        return;
      }
      if (fault) {
        throw new Error(`fault "${fault.kind}" was not rejected: ${JSON.stringify(config)}`);
      }
      templates.push({ name: `prop${templates.length}`, template });
    }), { numRuns: 120, seed: Number(process.env.FC_SEED ?? 20261121) });

    // Both outcomes were exercised, and every accepted configuration lints clean in one cfn-lint run.
    expect(rejected).toBeGreaterThan(10);
    expect(templates.length).toBeGreaterThan(40);
    expect(lintTemplates(templates)).toEqual([]);
  });
});
