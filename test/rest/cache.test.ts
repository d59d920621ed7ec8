import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Authorization, CacheSize, GatewayRestApi, Integration, StageCacheOptions, UnauthorizedCacheControl } from '../../lib';
import { fixtureFunction } from '../fixtures';
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
