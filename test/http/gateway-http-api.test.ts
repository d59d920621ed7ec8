import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Endpoint, EndpointType, GatewayDomain, GatewayHttpApi, GatewayUsagePlan, HttpApiIntegration, HttpAuthorization, Integration } from '../../lib';
import { FIXTURES, fixtureFunction } from '../fixtures';
import { newStack } from '../helpers';

function setup(props: ConstructorParameters<typeof GatewayHttpApi>[2] = {}): { stack: Stack; api: GatewayHttpApi } {
  const stack = newStack();
  return { stack, api: new GatewayHttpApi(stack, 'Api', props) };
}

describe('GatewayHttpApi', () => {
  test('Lambda and URL routes, one permission per function for the whole API, a $default stage with JSON access logs', () => {
    // GIVEN
    const { stack, api } = setup();
    const fn = fixtureFunction(stack, 'Fn');
    // WHEN
    api.addRoute('GET /items', HttpApiIntegration.lambda(fn), { authorization: HttpAuthorization.none() });
    api.addRoute('GET /items/{id}', HttpApiIntegration.lambda(fn), { authorization: HttpAuthorization.none() });
    api.addRoute('ANY /legacy/{proxy+}', HttpApiIntegration.url('https://legacy.example.com/{proxy}'), { authorization: HttpAuthorization.none() });
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApiGatewayV2::Route', 3);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /items/{id}', AuthorizationType: 'NONE' });
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 2);
    template.resourceCountIs('AWS::Lambda::Permission', 1);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      SourceArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/\\*/\\*$')])] },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'HTTP_PROXY', IntegrationUri: 'https://legacy.example.com/{proxy}' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { DetailedMetricsEnabled: true },
      AccessLogSettings: { Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'), DestinationArn: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
    expect(api.urlForStage('$default')).toContain('.execute-api.');
  });

  test('JWT (Cognito and any issuer) with scopes, Lambda with simple responses, and IAM', () => {
    const { stack, api } = setup({ stages: [{ name: 'prod', throttle: { rateLimit: 100, burstLimit: 50 } }] });
    const fn = fixtureFunction(stack, 'Fn');
    const pool = new cognito.UserPool(stack, 'Pool');
    const client = pool.addClient('Web');
    api.addRoute('GET /a', HttpApiIntegration.lambda(fn), { authorization: HttpAuthorization.cognito(pool, [client], { scopes: ['items/read'] }) });
    api.addRoute('POST /a', HttpApiIntegration.lambda(fn), { authorization: HttpAuthorization.cognito(pool, [client], { scopes: ['items/write'] }) });
    api.addRoute('GET /b', HttpApiIntegration.lambda(fn), { authorization: HttpAuthorization.jwt('https://auth.example.com/', ['api://items']) });
    api.addRoute('GET /c', HttpApiIntegration.lambda(fn), { authorization: HttpAuthorization.lambda(fixtureFunction(stack, 'Authorizer'), { resultsCacheTtl: Duration.seconds(60) }) });
    api.addRoute('GET /d', HttpApiIntegration.lambda(fn), { authorization: HttpAuthorization.iam() });
    const template = Template.fromStack(stack);
    // Routes with the same Cognito configuration share one authorizer; their scopes differ per route.
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 3);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /a', AuthorizationType: 'JWT', AuthorizationScopes: ['items/read'] });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /a', AuthorizationType: 'JWT', AuthorizationScopes: ['items/write'] });
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT', JwtConfiguration: { Issuer: 'https://auth.example.com/', Audience: ['api://items'] } });
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST', EnableSimpleResponses: true, AuthorizerResultTtlInSeconds: 60, IdentitySource: ['$request.header.Authorization'],
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /d', AuthorizationType: 'AWS_IAM' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: 'prod', DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 50 } });
  });

  test('a Lambda $default route gets a permission of its own, which the API-wide one does not cover', () => {
    const { stack, api } = setup();
    const fn = fixtureFunction(stack, 'Fn');
    api.addRoute('GET /a', HttpApiIntegration.lambda(fn), { authorization: HttpAuthorization.none() });
    api.addRoute('$default', HttpApiIntegration.lambda(fn), { authorization: HttpAuthorization.none() });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
    const arns = Object.values(template.findResources('AWS::Lambda::Permission')).map((permission: any) => JSON.stringify(permission.Properties.SourceArn));
    expect(arns).toHaveLength(2);
    expect(arns.some(arn => arn.includes('/*/*/*'))).toBe(true);
    expect(arns.some(arn => arn.includes('/*/$default'))).toBe(true);
  });

  test('authorizers differ by every setting: same function or pool, other sources or clients, is another authorizer', () => {
    const { stack, api } = setup();
    const authorizer = fixtureFunction(stack, 'Authorizer');
    const pool = new cognito.UserPool(stack, 'Pool');
    const [web, mobile] = [pool.addClient('Web'), pool.addClient('Mobile')];
    const url = HttpApiIntegration.url('https://b.example.com/');
    api.addRoute('GET /a', url, { authorization: HttpAuthorization.lambda(authorizer, { identitySources: ['$request.header.A'] }) });
    api.addRoute('GET /b', url, { authorization: HttpAuthorization.lambda(authorizer, { identitySources: ['$request.header.B'], resultsCacheTtl: Duration.seconds(0) }) });
    api.addRoute('GET /c', url, { authorization: HttpAuthorization.cognito(pool, [web]) });
    api.addRoute('GET /d', url, { authorization: HttpAuthorization.cognito(pool, [mobile]) });
    api.addRoute('GET /e', url, { authorization: HttpAuthorization.cognito(pool, [web]) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 4);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { IdentitySource: ['$request.header.B'], AuthorizerResultTtlInSeconds: 0 });
  });

  test('a caching Lambda authorizer keyed only on context and stage variables is a synth error, unless its answer depends on nothing else or it does not cache', () => {
    // GIVEN
    const { stack, api } = setup();
    const authorizer = fixtureFunction(stack, 'Authorizer');
    const url = HttpApiIntegration.url('https://b.example.com/');
    const sources = ['$context.identity.sourceIp', '$stageVariables.tenant'];
    // WHEN / THEN
    expect(() => api.addRoute('GET /a', url, { authorization: HttpAuthorization.lambda(authorizer, { identitySources: sources }) }))
      .toThrow(/\[AuthorizerCacheWithoutCaller\].*resultsCacheTtl 300 s\) keys its cache only on context and stage variables \(\$context.identity.sourceIp, \$stageVariables.tenant\).*Duration.seconds\(0\).*decisionFromIdentitySourcesOnly: true/);
    api.addRoute('GET /b', url, { authorization: HttpAuthorization.lambda(authorizer, { identitySources: sources, decisionFromIdentitySourcesOnly: true }) });
    api.addRoute('GET /c', url, { authorization: HttpAuthorization.lambda(authorizer, { identitySources: sources, resultsCacheTtl: Duration.seconds(0) }) });
    api.addRoute('GET /d', url, { authorization: HttpAuthorization.lambda(authorizer, { identitySources: ['$request.header.Authorization', ...sources] }) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { IdentitySource: sources, AuthorizerResultTtlInSeconds: 300 });
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { IdentitySource: sources, AuthorizerResultTtlInSeconds: 0 });
  });

  test('CORS on an ANY route with an authorizer warns that preflights would be refused', () => {
    const { stack, api } = setup({ cors: { allowOrigins: ['https://app.example.com'] } });
    api.addRoute('ANY /files/{proxy+}', HttpApiIntegration.url('https://b.example.com/{proxy}'), { authorization: HttpAuthorization.iam() });
    Template.fromStack(stack);
    Annotations.fromStack(stack).hasWarning('/Test/Api', Match.stringLikeRegexp('ANY /files/.proxy.. match browsers. CORS preflight'));
  });

  test('built-in CORS', () => {
    const { stack, api } = setup({ cors: { allowOrigins: ['https://app.example.com'], allowCredentials: true } });
    api.addRoute('GET /a', HttpApiIntegration.url('https://b.example.com/'), { authorization: HttpAuthorization.none() });
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: ['https://app.example.com'],
        AllowCredentials: true,
        AllowMethods: ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'],
        MaxAge: 600,
      },
    });
  });

  test('a route without an authorization decision is an error in addRoute that names HttpAuthorization.none()', () => {
    // GIVEN an HTTP API without a defaultAuthorization
    const { api } = setup();
    // WHEN a route sets no authorization THEN addRoute refuses it
    expect(() => api.addRoute('GET /a', HttpApiIntegration.url('https://b.example.com/')))
      .toThrow(/\[RouteWithoutAuthorization\] route GET \/a has no authorization, and the API has no defaultAuthorization.*\{ authorization: HttpAuthorization\.none\(\) \}.*defaultAuthorization/);
  });

  test('with a defaultAuthorization, HTTP routes may leave authorization unset', () => {
    // GIVEN an HTTP API whose default is IAM
    const { stack, api } = setup({ defaultAuthorization: HttpAuthorization.iam() });
    // WHEN a route sets no authorization
    api.addRoute('GET /a', HttpApiIntegration.url('https://b.example.com/'));
    // THEN it uses the default
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /a', AuthorizationType: 'AWS_IAM' });
  });

  test.each([
    [() => setup({ endpoint: Endpoint.edge() }), /HTTP APIs are regional only, so endpoint EDGE is not possible; use GatewayRestApi/],
    [() => setup({ webAcl: {} } as any), /sets webAcl \(AWS WAF\), which only REST APIs support; use GatewayRestApi/],
    [() => setup({ stages: [{ name: 'prod', cache: {} }] } as any), /stage prod sets cache \(caching\), which only REST APIs support/],
    [() => setup({ stages: [{ name: 'bad name' }] }), /stage name "bad name" is invalid/],
    [() => setup({ stages: [{ name: 'a' }, { name: 'a' }] }), /stage a is defined twice/],
    [() => setup({ cors: { allowOrigins: ['*'], allowCredentials: true } }), /credentials/],
    [() => setup().api.addRoute('GET /a', HttpApiIntegration.url('https://b.example.com/'), { apiKeyRequired: true } as any), /sets apiKeyRequired \(API keys\), which only REST APIs support/],
    [() => setup().api.addRoute('GET /a', HttpApiIntegration.url('https://b.example.com/'), { requestModel: {} } as any), /sets requestModel \(request validation\), which only REST APIs support/],
    [() => setup().api.addRoute('GET /a', Integration.mock() as any, { authorization: HttpAuthorization.none() }), /\[HttpApiIntegrationUnsupported\] route GET \/a has an integration .*HTTP APIs cannot run/],
    [() => setup().api.addRoute('GET /a', HttpApiIntegration.url('https://b.example.com/', { timeout: Duration.seconds(31) }), { authorization: HttpAuthorization.none() }), /31000 ms is out of range: HTTP APIs accept 50 ms to 30 s/],
    [() => setup().api.addRoute('GET /a', HttpApiIntegration.url('ftp://b'), { authorization: HttpAuthorization.none() }), /backend URL "ftp:\/\/b" is invalid/],
    [() => setup().api.addRoute('GET a', HttpApiIntegration.url('https://b.example.com/')), /route "GET a" is invalid/],
    [() => setup().api.addRoute('GET /a', HttpApiIntegration.url('https://b.example.com/'), {
      authorization: HttpAuthorization.jwt('https://auth.example.com/', ['x'], { identitySource: 'Authorization' }),
    }), /JWT identity source "Authorization" is invalid/],
    [() => setup().api.addRoute('GET /a', HttpApiIntegration.url('https://b.example.com/'), { authorization: HttpAuthorization.iam() }) === undefined
      && setup().api.addRoute('GET /b', HttpApiIntegration.url('https://b.example.com/'), { authorization: HttpAuthorization.jwt('http://insecure', ['x']) }), /must be an https:\/\/ URL/],
  ])('invalid input %# fails with the fix', (build, message) => {
    expect(build).toThrow(message);
  });

  test('a route added twice, a Lambda authorizer TTL over an hour, and an API without routes fail', () => {
    const { stack, api } = setup();
    api.addRoute('GET /a', HttpApiIntegration.url('https://b.example.com/'), { authorization: HttpAuthorization.none() });
    expect(() => api.addRoute('get /a', HttpApiIntegration.url('https://b.example.com/'))).toThrow(/route GET \/a is added twice/);
    expect(() => api.addRoute('GET /t', HttpApiIntegration.url('https://b.example.com/'), {
      authorization: HttpAuthorization.lambda(fixtureFunction(stack, 'Authorizer'), { resultsCacheTtl: Duration.hours(2) }),
    })).toThrow(/resultsCacheTtl must be 0 to 3600 whole seconds, got 7200/);
    const empty = setup();
    expect(() => Template.fromStack(empty.stack)).toThrow(/the API has no routes/);
  });
});

describe('GatewayHttpApi with domains and usage plans', () => {
  test('a regional domain maps a stage of the HTTP API under one base path, after the stage exists', () => {
    const app = new App();
    FIXTURES.httpApi(app);
    const template = Template.fromStack(app.node.findChild('HttpApi') as Stack);
    const [mapping] = Object.values(template.findResources('AWS::ApiGatewayV2::ApiMapping')) as any[];
    expect(mapping.Properties).toMatchObject({ ApiMappingKey: 'items', Stage: '$default', ApiId: { Ref: expect.stringMatching(/^Api/) } });
    expect(mapping.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/DefaultStage/)]));
  });

  test.each([
    [(domain: GatewayDomain, api: GatewayHttpApi) => domain.addHttpApi(api, { basePath: 'a/b' }), /has several levels, which HTTP APIs cannot be mapped to/],
    [(domain: GatewayDomain, api: GatewayHttpApi) => domain.addHttpApi(api, { stage: 'nope' }), /has no stage "nope" to map/],
  ])('bad mappings %# fail', (map, message) => {
    const { stack, api } = setup();
    api.addRoute('GET /a', HttpApiIntegration.url('https://b.example.com/'), { authorization: HttpAuthorization.none() });
    const domain = new GatewayDomain(stack, 'Domain', { domainName: 'api.example.com', certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:111111111111:certificate/abc') });
    expect(() => map(domain, api)).toThrow(message);
  });

  test('a TLS 1.0 domain cannot serve an HTTP API', () => {
    const { stack, api } = setup();
    const domain = new GatewayDomain(stack, 'Domain', {
      domainName: 'api.example.com',
      securityPolicy: apigw.SecurityPolicy.TLS_1_0,
      certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:111111111111:certificate/abc'),
    });
    expect(() => domain.addHttpApi(api)).toThrow(/can be mapped only to a domain with the TLS 1.2 security policy, and this one has TLS_1_0/);
  });

  test('an edge domain cannot serve an HTTP API', () => {
    const { stack, api } = setup();
    const domain = new GatewayDomain(stack, 'Domain', {
      domainName: 'api.example.com',
      endpoint: EndpointType.EDGE,
      certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:111111111111:certificate/abc'),
    });
    expect(() => domain.addHttpApi(api)).toThrow(/HTTP APIs are regional, so use a regional GatewayDomain/);
  });

  test('a usage plan on an HTTP API is a synth error that points to GatewayRestApi', () => {
    const { stack, api } = setup();
    expect(() => new GatewayUsagePlan(stack, 'Plan', { api: api as any })).toThrow(/usage plans and API keys exist only on REST APIs, and Test\/Api is not one; use GatewayRestApi/);
  });
});
