import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Authorization, CacheSize, GatewayRestApi, IdentitySource, Integration, StageCacheOptions, UnauthorizedCacheControl } from '../../lib';
import { fixtureFunction } from '../fixtures';
import { lintTemplates } from '../harness/cfn-lint';
import { validateOpenApiFiles } from '../harness/openapi-validator';
import { newStack, restApiBody } from '../helpers';

function cachedApi(cache: StageCacheOptions | undefined) {
  const stack = newStack();
  const api = new GatewayRestApi(stack, 'Api', { defaultAuthorization: Authorization.none(), stages: [{ name: 'prod', cache }] });
  return { stack, api, fn: fixtureFunction(stack, 'Fn') };
}

function methodSettings(stack: any): Record<string, any> {
  const stage = Object.values(Template.fromStack(stack).findResources('AWS::ApiGateway::Stage'))[0] as any;
  return Object.fromEntries(stage.Properties.MethodSettings.map((setting: any) => [`${setting.HttpMethod} ${setting.ResourcePath}`, setting]));
}

describe('stage cache', () => {
  test('a cache cluster, encrypted, 5-minute TTL by default, on every (GET) method', () => {
    const { stack, api, fn } = cachedApi({ size: CacheSize.GB_6_1 });
    api.addRoute('GET /a', Integration.lambda(fn));
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Stage', { CacheClusterEnabled: true, CacheClusterSize: '6.1' });
    expect(methodSettings(stack)['* /*']).toMatchObject({ CachingEnabled: true, CacheTtlInSeconds: 300, CacheDataEncrypted: true, ThrottlingRateLimit: 1000 });
  });

  test('CacheSize covers every size API Gateway offers', () => {
    expect(Object.values(CacheSize)).toEqual(['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237']);
  });

  test('route overrides repeat every stage field, since a method setting replaces the stage-wide one', () => {
    const { stack, api, fn } = cachedApi({ size: CacheSize.GB_0_5, ttl: Duration.minutes(1), encrypted: false });
    api.addRoute('GET /a/{id}', Integration.lambda(fn), { cache: { ttl: Duration.hours(1) }, throttle: { rateLimit: 5, burstLimit: 5 } });
    api.addRoute('POST /search', Integration.lambda(fn), { cache: { enabled: true } });
    api.addRoute('GET /live', Integration.lambda(fn), { cache: { enabled: false } });
    api.addRoute('GET /keyed', Integration.lambda(fn), { cache: { keyParameters: ['method.request.querystring.page'] } });
    const settings = methodSettings(stack);
    expect(settings['GET /~1a~1{id}']).toEqual({
      ResourcePath: '/~1a~1{id}',
      HttpMethod: 'GET',
      LoggingLevel: 'ERROR',
      DataTraceEnabled: false,
      MetricsEnabled: true,
      CachingEnabled: true,
      CacheTtlInSeconds: 3600,
      CacheDataEncrypted: false,
      ThrottlingRateLimit: 5,
      ThrottlingBurstLimit: 5,
    });
    expect(settings['POST /~1search']).toMatchObject({ CachingEnabled: true, CacheTtlInSeconds: 60, ThrottlingRateLimit: 1000, ThrottlingBurstLimit: 500 });
    expect(settings['GET /~1live']).toMatchObject({ CachingEnabled: false });
    // Key parameters alone need no method setting: they live in the body.
    expect(settings).not.toHaveProperty(['GET /~1keyed']);
  });

  test('cache key parameters render on the integration and as request parameters', () => {
    const { stack, api, fn } = cachedApi({ size: CacheSize.GB_0_5 });
    api.addRoute('GET /pets/{id}', Integration.lambda(fn), {
      cache: { keyParameters: ['method.request.path.id', 'method.request.querystring.lang', 'method.request.header.Accept-Language'] },
    });
    const operation = restApiBody(Template.fromStack(stack)).paths['/pets/{id}'].get;
    expect(operation['x-amazon-apigateway-integration'].cacheKeyParameters).toEqual(['method.request.path.id', 'method.request.querystring.lang', 'method.request.header.Accept-Language']);
    expect(operation.parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'lang', in: 'query', required: false, schema: { type: 'string' } },
      { name: 'Accept-Language', in: 'header', required: false, schema: { type: 'string' } },
    ]);
  });

  test('a stage without a cache says so: removing a cache must turn it off, which CloudFormation does not do for a missing property', () => {
    const { stack, api, fn } = cachedApi(undefined);
    api.addRoute('GET /a/{id}', Integration.lambda(fn), { cache: { ttl: Duration.hours(1) } });
    expect(Object.keys(methodSettings(stack))).toEqual(['* /*']);
    expect(methodSettings(stack)['* /*']).toMatchObject({ CachingEnabled: false });
    expect(methodSettings(stack)['* /*']).not.toHaveProperty('CacheTtlInSeconds');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::Stage', { CacheClusterEnabled: false });
    template.resourceCountIs('Custom::ApiGatewayStageSettings', 0);
    // No stage caches, so no cache keys either.
    expect(restApiBody(template).paths['/a/{id}'].get['x-amazon-apigateway-integration']).not.toHaveProperty('cacheKeyParameters');
  });

  test('a POST, DELETE or ANY route with its own method setting is not cached unless asked', () => {
    const { stack, api, fn } = cachedApi({ size: CacheSize.GB_0_5 });
    api.addRoute('POST /a', Integration.lambda(fn), { throttle: { rateLimit: 5 } });
    api.addRoute('DELETE /a/{id}', Integration.lambda(fn), { throttle: { rateLimit: 5 } });
    api.addRoute('ANY /b', Integration.lambda(fn), { throttle: { rateLimit: 5 } });
    api.addRoute('GET /c', Integration.lambda(fn), { throttle: { rateLimit: 5 } });
    const settings = methodSettings(stack);
    expect(settings['POST /~1a'].CachingEnabled).toBe(false);
    expect(settings['DELETE /~1a~1{id}'].CachingEnabled).toBe(false);
    expect(settings['* /~1b'].CachingEnabled).toBe(false);
    expect(settings['GET /~1c'].CachingEnabled).toBe(true);
  });

  test('a cached route keys its cache on its path parameters, so that /pets/1 and /pets/2 differ', () => {
    const { stack, api, fn } = cachedApi({ size: CacheSize.GB_0_5 });
    api.addRoute('GET /pets/{id}', Integration.lambda(fn));
    api.addRoute('POST /pets/{id}', Integration.lambda(fn));
    api.addRoute('GET /live/{id}', Integration.lambda(fn), { cache: { enabled: false } });
    const body = restApiBody(Template.fromStack(stack));
    expect(body.paths['/pets/{id}'].get['x-amazon-apigateway-integration'].cacheKeyParameters).toEqual(['method.request.path.id']);
    expect(body.paths['/pets/{id}'].post['x-amazon-apigateway-integration']).not.toHaveProperty('cacheKeyParameters');
    expect(body.paths['/live/{id}'].get['x-amazon-apigateway-integration']).not.toHaveProperty('cacheKeyParameters');
  });

  test('invalidation requires authorization by default (FAIL_WITH_403), on every method setting, through the stage-settings resource', () => {
    const { stack, api, fn } = cachedApi({ size: CacheSize.GB_0_5 });
    api.addRoute('GET /a', Integration.lambda(fn), { cache: { ttl: Duration.hours(1) } });
    const [resource] = Object.values(Template.fromStack(stack).findResources('Custom::ApiGatewayStageSettings')) as any[];
    const settings = JSON.parse(resource.Properties.Settings);
    expect(settings.apply).toEqual([
      { op: 'replace', path: '/*/*/caching/requireAuthorizationForCacheControl', value: 'true' },
      { op: 'replace', path: '/*/*/caching/unauthorizedCacheControlHeaderStrategy', value: 'FAIL_WITH_403' },
      { op: 'replace', path: '/~1a/GET/caching/requireAuthorizationForCacheControl', value: 'true' },
      { op: 'replace', path: '/~1a/GET/caching/unauthorizedCacheControlHeaderStrategy', value: 'FAIL_WITH_403' },
    ]);
    expect(settings.revert[0]).toEqual({ op: 'replace', path: '/*/*/caching/requireAuthorizationForCacheControl', value: 'false' });
    // The stage has no canary, so one left on the live stage by an earlier template is removed.
    expect(settings.removeCanary).toBe(true);
    expect(resource.Properties.StageName).toEqual({ Ref: expect.stringMatching(/^ApiStageprod/) });
  });

  test('invalidation without authorization can be chosen', () => {
    const { stack, api, fn } = cachedApi({
      size: CacheSize.GB_0_5,
      requireAuthorizationForInvalidation: false,
      unauthorizedInvalidation: UnauthorizedCacheControl.SUCCEED_WITHOUT_RESPONSE_HEADER,
    });
    api.addRoute('GET /a', Integration.lambda(fn));
    const [resource] = Object.values(Template.fromStack(stack).findResources('Custom::ApiGatewayStageSettings')) as any[];
    expect(JSON.parse(resource.Properties.Settings).apply).toEqual([
      { op: 'replace', path: '/*/*/caching/requireAuthorizationForCacheControl', value: 'false' },
      { op: 'replace', path: '/*/*/caching/unauthorizedCacheControlHeaderStrategy', value: 'SUCCEED_WITHOUT_RESPONSE_HEADER' },
    ]);
  });

  test('grantInvalidateCache gives execute-api:InvalidateCache on the stage; without a cache it warns', () => {
    const { stack, api, fn } = cachedApi({ size: CacheSize.GB_0_5 });
    api.addStage({ name: 'dev' });
    api.addRoute('GET /a', Integration.lambda(fn));
    const role = new iam.Role(stack, 'Ops', { assumedBy: new iam.AccountRootPrincipal() });
    api.grantInvalidateCache(role, 'prod');
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Ops') }],
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'execute-api:InvalidateCache', Resource: { 'Fn::Join': ['', Match.arrayWith(['/prod/*/*'])] } })] },
    });
    api.grantInvalidateCache(role, 'dev');
    Annotations.fromStack(stack).hasWarning('/Test/Api', Match.stringLikeRegexp('grantInvalidateCache on stage dev, which has no cache'));
  });

  test.each([
    ['a stage TTL above 3600 s', { size: CacheSize.GB_0_5, ttl: Duration.hours(2) }, /cache ttl \(seconds\) must be between 0 and 3600, got 7200/],
    ['a fractional stage TTL', { size: CacheSize.GB_0_5, ttl: Duration.millis(1500) }, /cache ttl \(seconds\) must be a whole number, got 1.5/],
  ])('%s is a synth error', (_what, cache, message) => {
    expect(() => cachedApi(cache)).toThrow(message);
  });

  test.each([
    ['a route TTL above 3600 s', { ttl: Duration.hours(2) }, /cache ttl \(seconds\) of route GET \/pets\/\{id\} must be between 0 and 3600/],
    ['a malformed key parameter', { keyParameters: ['querystring.page'] }, /cache key parameter "querystring.page" of route GET \/pets\/\{id\} is invalid: use method.request.path.<name>/],
    ['a path key the route lacks', { keyParameters: ['method.request.path.petId'] }, /names a path parameter the route does not have; its path parameters are: id/],
    ['a key listed twice', { keyParameters: ['method.request.path.id', 'method.request.path.id'] }, /lists a cache key parameter twice/],
    ['a multivalue key', { keyParameters: ['method.request.multivaluequerystring.tag'] }, /cache key parameter "method.request.multivaluequerystring.tag" of route GET \/pets\/\{id\} is invalid/],
    ['a query-string key outside the query-string name rule', { keyParameters: ['method.request.querystring.a~b'] }, /cache key parameter "method.request.querystring.a~b" of route GET \/pets\/\{id\} is invalid/],
  ])('%s is a synth error', (_what, cache, message) => {
    const { api, fn } = cachedApi({ size: CacheSize.GB_0_5 });
    expect(() => api.addRoute('GET /pets/{id}', Integration.lambda(fn), { cache })).toThrow(message);
  });
});

describe('per-caller cache keys', () => {
  /** A stack with an API whose `prod` stage has a cache (or not), a handler and a user pool. */
  function setup(props: { cache?: boolean; apiKeySource?: apigw.ApiKeySourceType } = {}) {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api', {
      defaultAuthorization: Authorization.none(),
      apiKeySource: props.apiKeySource,
      stages: [{ name: 'prod', cache: props.cache === false ? undefined : { size: CacheSize.GB_0_5 } }],
    });
    const pool = cognito.UserPool.fromUserPoolArn(stack, 'Pool', 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc');
    return { stack, api, pool, fn: fixtureFunction(stack, 'Fn'), authFn: fixtureFunction(stack, 'AuthFn') };
  }
  const operationOf = (stack: any, resourcePath: string) => restApiBody(Template.fromStack(stack)).paths[resourcePath].get;
  const header = (name: string) => ({ name, in: 'header', required: false, schema: { type: 'string' } });

  test('a Cognito route keys its cache on the Authorization header, declared as a request parameter', () => {
    // GIVEN
    const { stack, api, pool, fn } = setup();
    // WHEN
    api.addRoute('GET /me', Integration.lambda(fn), { authorization: Authorization.cognito([pool]) });
    // THEN
    const operation = operationOf(stack, '/me');
    expect(operation['x-amazon-apigateway-integration'].cacheKeyParameters).toEqual(['method.request.header.Authorization']);
    expect(operation.parameters).toEqual([header('Authorization')]);
  });

  test('a Lambda token authorizer keys the cache on its token header, after the route\'s own keys', () => {
    // GIVEN
    const { stack, api, fn, authFn } = setup();
    // WHEN
    api.addRoute('GET /orders/{id}', Integration.lambda(fn), { authorization: Authorization.lambdaToken(authFn, { header: 'X-Token' }) });
    // THEN
    const operation = restApiBody(Template.fromStack(stack)).paths['/orders/{id}'].get;
    expect(operation['x-amazon-apigateway-integration'].cacheKeyParameters).toEqual(['method.request.path.id', 'method.request.header.X-Token']);
    expect(operation.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, header('X-Token')]);
  });

  test('a Lambda request authorizer keys the cache on its header and query-string sources, not its stage and context ones', () => {
    // GIVEN
    const { stack, api, fn, authFn } = setup();
    // WHEN
    api.addRoute('GET /me', Integration.lambda(fn), {
      authorization: Authorization.lambdaRequest(authFn, {
        identitySources: [IdentitySource.header('X-Session'), IdentitySource.queryString('tenant'), IdentitySource.context('identity.sourceIp')],
      }),
    });
    // THEN
    const operation = operationOf(stack, '/me');
    expect(operation['x-amazon-apigateway-integration'].cacheKeyParameters).toEqual(['method.request.header.X-Session', 'method.request.querystring.tenant']);
    expect(operation.parameters).toEqual([header('X-Session'), { name: 'tenant', in: 'query', required: false, schema: { type: 'string' } }]);
  });

  test('a route that requires an API key from the x-api-key header keys its cache on it', () => {
    // GIVEN
    const { stack, api, fn } = setup();
    api.addUsagePlan('Plan').addApiKey('Key');
    // WHEN
    api.addRoute('GET /feed', Integration.lambda(fn), { apiKeyRequired: true });
    // THEN
    const operation = operationOf(stack, '/feed');
    expect(operation['x-amazon-apigateway-integration'].cacheKeyParameters).toEqual(['method.request.header.x-api-key']);
    expect(operation.parameters).toEqual([header('x-api-key')]);
  });

  test('with the API key from the authorizer, the authorizer\'s identity is the key', () => {
    // GIVEN
    const { stack, api, fn, authFn } = setup({ apiKeySource: apigw.ApiKeySourceType.AUTHORIZER });
    api.addUsagePlan('Plan').addApiKey('Key');
    // WHEN
    api.addRoute('GET /feed', Integration.lambda(fn), { apiKeyRequired: true, authorization: Authorization.lambdaToken(authFn) });
    // THEN
    expect(operationOf(stack, '/feed')['x-amazon-apigateway-integration'].cacheKeyParameters).toEqual(['method.request.header.Authorization']);
  });

  test('a header the route already keys on, in any case, is not added twice', () => {
    // GIVEN
    const { stack, api, pool, fn } = setup();
    // WHEN
    api.addRoute('GET /me', Integration.lambda(fn), { authorization: Authorization.cognito([pool]), cache: { keyParameters: ['method.request.header.authorization'] } });
    // THEN
    expect(operationOf(stack, '/me')['x-amazon-apigateway-integration'].cacheKeyParameters).toEqual(['method.request.header.authorization']);
  });

  test('sharedAcrossCallers: true adds no identity keys', () => {
    // GIVEN
    const { stack, api, pool, fn, authFn } = setup();
    api.addUsagePlan('Plan').addApiKey('Key');
    // WHEN
    api.addRoute('GET /pets/{id}', Integration.lambda(fn), { authorization: Authorization.cognito([pool]), cache: { sharedAcrossCallers: true } });
    api.addRoute('GET /catalog', Integration.lambda(fn), { authorization: Authorization.lambdaToken(authFn), apiKeyRequired: true, cache: { sharedAcrossCallers: true } });
    // THEN
    const body = restApiBody(Template.fromStack(stack));
    expect(body.paths['/pets/{id}'].get['x-amazon-apigateway-integration'].cacheKeyParameters).toEqual(['method.request.path.id']);
    expect(body.paths['/catalog'].get['x-amazon-apigateway-integration']).not.toHaveProperty('cacheKeyParameters');
    expect(body.paths['/catalog'].get).not.toHaveProperty('parameters');
  });

  test('routes not cached, and APIs without a cache, get no identity keys', () => {
    // GIVEN
    const cached = setup();
    const uncached = setup({ cache: false });
    // WHEN
    cached.api.addRoute('GET /live', Integration.lambda(cached.fn), { authorization: Authorization.cognito([cached.pool]), cache: { enabled: false } });
    cached.api.addRoute('POST /me', Integration.lambda(cached.fn), { authorization: Authorization.cognito([cached.pool]) });
    uncached.api.addRoute('GET /me', Integration.lambda(uncached.fn), { authorization: Authorization.cognito([uncached.pool]) });
    // THEN
    const body = restApiBody(Template.fromStack(cached.stack));
    expect(body.paths['/live'].get).not.toHaveProperty('parameters');
    expect(body.paths['/me'].post).not.toHaveProperty('parameters');
    expect(operationOf(uncached.stack, '/me')).not.toHaveProperty('parameters');
  });

  test('a cached IAM route is a synth error naming sharedAcrossCallers, whether the stage comes before or after the route', () => {
    // GIVEN
    const before = setup();
    const stack = newStack();
    const after = new GatewayRestApi(stack, 'Api', { defaultAuthorization: Authorization.none(), stages: [] });
    // WHEN
    before.api.addRoute('GET /me', Integration.lambda(before.fn), { authorization: Authorization.iam() });
    after.addRoute('GET /me', Integration.lambda(fixtureFunction(stack, 'Fn')), { authorization: Authorization.iam() });
    after.addStage({ name: 'prod', cache: { size: CacheSize.GB_0_5 } });
    // THEN
    const message = /\[CacheWithoutCallerKey\].*route GET \/me is cached in stage prod, but it is authorized by IAM \(SigV4\).*sharedAcrossCallers: true.*enabled: false/;
    expect(() => Template.fromStack(before.stack)).toThrow(message);
    expect(() => Template.fromStack(stack)).toThrow(message);
  });

  test('a cached IAM route is accepted with sharedAcrossCallers, with enabled: false, or on stages without a cache', () => {
    // GIVEN
    const shared = setup();
    const disabled = setup();
    const uncached = setup({ cache: false });
    // WHEN
    shared.api.addRoute('GET /stats', Integration.lambda(shared.fn), { authorization: Authorization.iam(), cache: { sharedAcrossCallers: true } });
    disabled.api.addRoute('GET /me', Integration.lambda(disabled.fn), { authorization: Authorization.iam(), cache: { enabled: false } });
    disabled.api.addRoute('POST /me', Integration.lambda(disabled.fn), { authorization: Authorization.iam() });
    uncached.api.addRoute('GET /me', Integration.lambda(uncached.fn), { authorization: Authorization.iam() });
    // THEN
    expect(operationOf(shared.stack, '/stats')['x-amazon-apigateway-integration']).not.toHaveProperty('cacheKeyParameters');
    expect(() => Template.fromStack(disabled.stack)).not.toThrow();
    expect(() => Template.fromStack(uncached.stack)).not.toThrow();
  });

  test('a cached route of a request authorizer with only context sources is a synth error; sharedAcrossCallers accepts it', () => {
    // GIVEN
    const byIp = (authFn: lambda.IFunction) => Authorization.lambdaRequest(authFn, {
      identitySources: [IdentitySource.context('identity.sourceIp')], decisionFromIdentitySourcesOnly: true,
    });
    const { stack, api, fn, authFn } = setup();
    const ok = setup();
    // WHEN
    api.addRoute('GET /a', Integration.lambda(fn), { authorization: byIp(authFn) });
    ok.api.addRoute('GET /a', Integration.lambda(ok.fn), { authorization: byIp(ok.authFn), cache: { sharedAcrossCallers: true } });
    // THEN
    expect(() => Template.fromStack(stack)).toThrow(/\[CacheWithoutCallerKey\].*route GET \/a is cached in stage prod, but its Lambda request authorizer reads no header or query string/);
    expect(() => Template.fromStack(ok.stack)).not.toThrow();
  });

  test('the per-caller keys render a document the OpenAPI validator accepts and a template cfn-lint accepts', () => {
    // GIVEN
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cache-keys-')) });
    const stack = new Stack(app, 'CacheKeys');
    const api = new GatewayRestApi(stack, 'Api', { defaultAuthorization: Authorization.none(), stages: [{ name: 'prod', cache: { size: CacheSize.GB_0_5 } }] });
    const fn = fixtureFunction(stack, 'Fn');
    const pool = new cognito.UserPool(stack, 'Pool');
    api.addUsagePlan('Plan').addApiKey('Key');
    // WHEN
    api.addRoute('GET /me', Integration.lambda(fn), { authorization: Authorization.cognito([pool]) });
    api.addRoute('GET /token/{id}', Integration.lambda(fn), { authorization: Authorization.lambdaToken(fixtureFunction(stack, 'Token')), apiKeyRequired: true });
    api.addRoute('GET /request', Integration.lambda(fn), {
      authorization: Authorization.lambdaRequest(fixtureFunction(stack, 'Request'), { identitySources: [IdentitySource.header('X-Session'), IdentitySource.queryString('tenant')] }),
    });
    api.addRoute('GET /stats', Integration.lambda(fn), { authorization: Authorization.iam(), cache: { sharedAcrossCallers: true } });
    const assembly = app.synth();
    // THEN
    const file = path.join(assembly.directory, api.awsOpenApiFile);
    const validation = validateOpenApiFiles([file]).get(file)!;
    expect(validation.errors).toEqual([]);
    expect(validation.valid).toBe(true);
    expect(lintTemplates([{ name: 'cache-keys', template: assembly.getStackByName('CacheKeys').template }])).toEqual([]);
  });
});
