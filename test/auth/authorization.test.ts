import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Authorization, AuthorizationType, GatewayRestApi, IdentitySource, Integration, IRestAuthorization } from '../../lib';
import { fixtureFunction } from '../fixtures';
import { newStack, restApiBody } from '../helpers';

describe('Authorization: rendering into the OpenAPI body', () => {
  test('Cognito: one authorizer shared by routes, scopes per route', () => {
    // GIVEN
    const stack = newStack();
    const pool = new cognito.UserPool(stack, 'Pool');
    const fn = fixtureFunction(stack, 'Fn');
    const api = new GatewayRestApi(stack, 'Api', { defaultAuthorization: Authorization.cognito([pool], { scopes: ['pets/read'] }) });
    // WHEN
    api.addRoute('GET /pets', Integration.lambda(fn));
    api.addRoute('POST /pets', Integration.lambda(fn), { authorization: Authorization.cognito([pool], { scopes: ['pets/write'] }) });
    // THEN
    const body = restApiBody(Template.fromStack(stack));
    const schemes = body.components.securitySchemes;
    expect(Object.keys(schemes)).toHaveLength(1);
    const [name] = Object.keys(schemes);
    expect(name).toMatch(/^CognitoAuthorizer[0-9A-F]{8}$/);
    expect(schemes[name]).toEqual({
      'type': 'apiKey',
      'name': 'Authorization',
      'in': 'header',
      'x-amazon-apigateway-authtype': 'cognito_user_pools',
      'x-amazon-apigateway-authorizer': {
        type: 'cognito_user_pools',
        providerARNs: [{ 'Fn::GetAtt': [expect.stringMatching(/^Pool/), 'Arn'] }],
        authorizerResultTtlInSeconds: 300,
      },
    });
    expect(body.paths['/pets'].get.security).toEqual([{ [name]: ['pets/read'] }]);
    expect(body.paths['/pets'].post.security).toEqual([{ [name]: ['pets/write'] }]);
  });

  test('Lambda token authorizer: custom header, validation regex, TTL, and one permission scoped to the API\'s authorizers', () => {
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    const authFn = fixtureFunction(stack, 'TokenAuth');
    const api = new GatewayRestApi(stack, 'Api');
    const auth = Authorization.lambdaToken(authFn, { header: 'X-Token', validationRegex: '^Bearer [-0-9a-zA-Z._]+$', resultsCacheTtl: Duration.seconds(60) });
    api.addRoute('GET /a', Integration.lambda(fn), { authorization: auth });
    api.addRoute('GET /b', Integration.lambda(fn), { authorization: auth });

    const template = Template.fromStack(stack);
    const body = restApiBody(template);
    const [name] = Object.keys(body.components.securitySchemes);
    expect(name).toMatch(/^AuthorizerTokenAuth[0-9A-F]{8}$/);
    expect(body.components.securitySchemes[name]).toEqual({
      'type': 'apiKey',
      'name': 'X-Token',
      'in': 'header',
      'x-amazon-apigateway-authtype': 'custom',
      'x-amazon-apigateway-authorizer': {
        type: 'token',
        authorizerUri: { 'Fn::Sub': expect.stringMatching(/functions\/\$\{TokenAuth[0-9A-F]+\.Arn\}\/invocations$/) },
        authorizerResultTtlInSeconds: 60,
        identityValidationExpression: '^Bearer [-0-9a-zA-Z._]+$',
      },
    });
    expect(body.paths['/a'].get.security).toEqual([{ [name]: [] }]);
    // One permission for the authorizer, scoped to this API's authorizers, besides the one for the route function.
    template.resourceCountIs('AWS::Lambda::Permission', 2);
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TokenAuth'), 'Arn'] },
      Principal: 'apigateway.amazonaws.com',
      SourceArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/authorizers/\\*$')])] },
    });
  });

  test('Lambda request authorizer: identity sources of every kind, joined as API Gateway expects', () => {
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    const api = new GatewayRestApi(stack, 'Api', { stages: [{ name: 'prod', variables: { tenant: 'a' } }] });
    api.addRoute('GET /a', Integration.lambda(fn), {
      authorization: Authorization.lambdaRequest(fixtureFunction(stack, 'RequestAuth'), {
        identitySources: [IdentitySource.header('Authorization'), IdentitySource.queryString('token'), IdentitySource.stageVariable('tenant'), IdentitySource.context('identity.sourceIp')],
      }),
    });
    const scheme: any = Object.values(restApiBody(Template.fromStack(stack)).components.securitySchemes)[0];
    expect(scheme['x-amazon-apigateway-authorizer']).toMatchObject({
      type: 'request',
      identitySource: 'method.request.header.Authorization, method.request.querystring.token, stageVariables.tenant, context.identity.sourceIp',
      authorizerResultTtlInSeconds: 300,
    });
  });

  test('a request authorizer without caching may have no identity source', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), {
      authorization: Authorization.lambdaRequest(fixtureFunction(stack, 'Auth'), { identitySources: [], resultsCacheTtl: Duration.seconds(0) }),
    });
    const scheme: any = Object.values(restApiBody(Template.fromStack(stack)).components.securitySchemes)[0];
    expect(scheme['x-amazon-apigateway-authorizer']).not.toHaveProperty('identitySource');
    expect(scheme['x-amazon-apigateway-authorizer'].authorizerResultTtlInSeconds).toBe(0);
  });

  test('IAM routes use the sigv4 scheme; none() and the API default are explicit decisions', () => {
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    const api = new GatewayRestApi(stack, 'Api', { defaultAuthorization: Authorization.iam() });
    api.addRoute('GET /private', Integration.lambda(fn));
    api.addRoute('GET /public', Integration.lambda(fn), { authorization: Authorization.none() });
    const body = restApiBody(Template.fromStack(stack));
    expect(body.components.securitySchemes).toEqual({
      sigv4: { 'type': 'apiKey', 'name': 'Authorization', 'in': 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' },
    });
    expect(body.paths['/private'].get.security).toEqual([{ sigv4: [] }]);
    expect(body.paths['/public'].get).not.toHaveProperty('security');
    expect(Authorization.iam().bind({ scope: api, permissions: undefined as any }).authorizationType).toBe(AuthorizationType.IAM);
  });

  test('two authorizers on one function with different settings are two schemes, one permission', () => {
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    const authFn = fixtureFunction(stack, 'Auth');
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /a', Integration.lambda(fn), { authorization: Authorization.lambdaToken(authFn) });
    api.addRoute('GET /b', Integration.lambda(fn), { authorization: Authorization.lambdaToken(authFn, { header: 'X-Other' }) });
    const template = Template.fromStack(stack);
    expect(Object.keys(restApiBody(template).components.securitySchemes)).toHaveLength(2);
    template.resourceCountIs('AWS::Lambda::Permission', 2);
  });

  test('changing an authorizer redeploys the API', () => {
    const deploymentId = (ttl: number) => {
      const stack = newStack();
      const api = new GatewayRestApi(stack, 'Api');
      api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), {
        authorization: Authorization.lambdaToken(fixtureFunction(stack, 'Auth'), { resultsCacheTtl: Duration.seconds(ttl) }),
      });
      return Object.keys(Template.fromStack(stack).findResources('AWS::ApiGateway::Deployment'))[0];
    };
    expect(deploymentId(60)).not.toEqual(deploymentId(120));
    expect(deploymentId(60)).toEqual(deploymentId(60));
  });
});

describe('Authorization: synth-time validation', () => {
  const route = (authorization: IRestAuthorization) => () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api', { stages: [{ name: 'prod', variables: { tenant: 'a' } }] });
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), { authorization });
    return stack;
  };
  const fn = () => lambda.Function.fromFunctionArn(newStack(), 'Imported', 'arn:aws:lambda:us-east-1:123456789012:function:auth');

  test.each([
    ['a cache TTL above 3600 s', () => Authorization.lambdaToken(fn(), { resultsCacheTtl: Duration.hours(2) }), /authorizer resultsCacheTtl \(seconds\) must be between 0 and 3600, got 7200/],
    ['a fractional cache TTL', () => Authorization.lambdaToken(fn(), { resultsCacheTtl: Duration.millis(1500) }), /authorizer resultsCacheTtl \(seconds\) must be a whole number, got 1.5/],
    ['a Cognito cache TTL above 3600 s', () => Authorization.cognito([cognito.UserPool.fromUserPoolArn(newStack(), 'P', 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc')], { resultsCacheTtl: Duration.hours(2) }), /resultsCacheTtl/],
    ['a caching request authorizer without identity sources', () => Authorization.lambdaRequest(fn(), { identitySources: [] }), /caches its results \(resultsCacheTtl 300 s\) needs at least one identity source.*Duration.seconds\(0\)/],
    ['a token authorizer without a header', () => Authorization.lambdaToken(fn(), { header: '' }), /a Lambda token authorizer needs a header/],
    ['a token header with a space', () => Authorization.lambdaToken(fn(), { header: 'X Token' }), /token authorizer header "X Token" is invalid/],
    ['an invalid validation regex', () => Authorization.lambdaToken(fn(), { validationRegex: '^(Bearer' }), /validationRegex "\^\(Bearer" is not a valid regular expression/],
    ['a Cognito authorizer without pools', () => Authorization.cognito([]), /needs at least one user pool/],
    ['a scope with a space', () => Authorization.cognito([cognito.UserPool.fromUserPoolArn(newStack(), 'P', 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc')], { scopes: ['pets read'] }), /OAuth scope "pets read" is invalid/],
    ['a bad header identity source', () => Authorization.lambdaRequest(fn(), { identitySources: [IdentitySource.header('a b')] }), /identity source header name "a b" is invalid/],
    ['a bad stage variable identity source', () => Authorization.lambdaRequest(fn(), { identitySources: [IdentitySource.stageVariable('a-b')] }), /identity source stage variable name "a-b" is invalid/],
    ['a bad query-string identity source', () => Authorization.lambdaRequest(fn(), { identitySources: [IdentitySource.queryString('a,b')] }), /identity source query string name "a,b" is invalid/],
    ['a caching request authorizer keyed only on context values', () => Authorization.lambdaRequest(fn(), { identitySources: [IdentitySource.context('identity.sourceIp')] }),
      /\[AuthorizerCacheWithoutCaller\].*resultsCacheTtl 300 s\) keys its cache only on stage variables and context values \(context.identity.sourceIp\).*IdentitySource.header\('Authorization'\).*Duration.seconds\(0\).*decisionFromIdentitySourcesOnly: true/],
    ['a caching request authorizer keyed only on a stage variable and a context value', () => Authorization.lambdaRequest(fn(), {
      identitySources: [IdentitySource.stageVariable('tenant'), IdentitySource.context('stage')], resultsCacheTtl: Duration.seconds(60),
    }), /\[AuthorizerCacheWithoutCaller\].*resultsCacheTtl 60 s\).*\(stageVariables.tenant, context.stage\)/],
    ['an identity source listed twice', () => Authorization.lambdaRequest(fn(), { identitySources: [IdentitySource.header('A'), IdentitySource.header('A')] }), /lists an identity source twice/],
  ])('%s is a synth error', (_what, authorization, message) => {
    expect(route(authorization())).toThrow(message);
  });

  test.each([
    ['decisionFromIdentitySourcesOnly', { decisionFromIdentitySourcesOnly: true }, 300],
    ['no results cache', { resultsCacheTtl: Duration.seconds(0) }, 0],
  ])('a request authorizer keyed only on context values is accepted with %s', (_what, options, ttl) => {
    // GIVEN
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    // WHEN
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), {
      authorization: Authorization.lambdaRequest(fixtureFunction(stack, 'Auth'), { identitySources: [IdentitySource.context('identity.sourceIp')], ...options }),
    });
    // THEN
    const scheme: any = Object.values(restApiBody(Template.fromStack(stack)).components.securitySchemes)[0];
    expect(scheme['x-amazon-apigateway-authorizer']).toMatchObject({ identitySource: 'context.identity.sourceIp', authorizerResultTtlInSeconds: ttl });
  });

  test('an unused defaultAuthorization is a warning', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api', { defaultAuthorization: Authorization.iam() });
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), { authorization: Authorization.none() });
    Annotations.fromStack(stack).hasWarning('/Test/Api', Match.stringLikeRegexp('defaultAuthorization is used by no route'));
  });

  test('a route without any authorization decision is an error in addRoute that names the route and Authorization.none()', () => {
    // GIVEN an API without a defaultAuthorization
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    // WHEN a route sets no authorization THEN addRoute refuses it
    expect(() => api.addRoute('GET /pets', Integration.lambda(fixtureFunction(stack, 'Fn'))))
      .toThrow(/\[RouteWithoutAuthorization\] route GET \/pets has no authorization, and the API has no defaultAuthorization.*\{ authorization: Authorization\.none\(\) \}.*defaultAuthorization/);
    expect(api._model.routes.all).toHaveLength(0);
  });

  test('with a defaultAuthorization, routes may leave authorization unset', () => {
    // GIVEN an API whose default makes routes public on purpose
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api', { defaultAuthorization: Authorization.none() });
    // WHEN a route sets no authorization
    api.addRoute('GET /pets', Integration.lambda(fixtureFunction(stack, 'Fn')));
    // THEN it is public, without security
    expect(restApiBody(Template.fromStack(stack)).paths['/pets'].get).not.toHaveProperty('security');
  });
});

describe('grantInvoke', () => {
  test('grants execute-api:Invoke on exactly the stage and route, path parameters as wildcards', () => {
    // GIVEN
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api', { defaultAuthorization: Authorization.iam(), stages: [{ name: 'dev' }, { name: 'prod' }] });
    api.addRoute('GET /pets/{id}', Integration.lambda(fixtureFunction(stack, 'Fn')));
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    // WHEN
    api.grantInvoke(role, { stage: 'prod', route: 'GET /pets/{id}' });
    api.grantInvoke(role);
    // THEN
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^Caller') }] } });
    const statements = Object.values(policies).flatMap((policy: any) => policy.Properties.PolicyDocument.Statement);
    expect(statements).toHaveLength(2);
    expect(statements.every((statement: any) => statement.Action === 'execute-api:Invoke' && statement.Effect === 'Allow')).toBe(true);
    const resources = statements.map((statement: any) => JSON.stringify(statement.Resource));
    expect(resources[0]).toMatch(/"Ref":"ApiF70053CD"\},"\/prod\/GET\/pets\/\*"\]/);
    expect(resources[1]).toMatch(/"Ref":"ApiF70053CD"\},"\/\*\/\*\/\*"\]/);
  });

  test('an ANY route is granted for every method; the root path keeps its slash', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api', { defaultAuthorization: Authorization.iam() });
    const fn = fixtureFunction(stack, 'Fn');
    api.addRoute('ANY /{proxy+}', Integration.lambda(fn));
    api.addRoute('GET /', Integration.lambda(fn));
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    api.grantInvoke(role, { route: 'ANY /{proxy+}' });
    api.grantInvoke(role, { route: 'GET /' });
    const text = JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^Caller') }] } }));
    expect(text).toContain('/*/*/*"');
    expect(text).toContain('/*/GET/"');
  });

  test('a grant whose pattern also reaches deeper IAM routes is a warning naming them', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api', { defaultAuthorization: Authorization.iam() });
    const fn = fixtureFunction(stack, 'Fn');
    api.addRoute('GET /pets/{id}', Integration.lambda(fn));
    api.addRoute('GET /pets/{id}/secrets', Integration.lambda(fn));
    api.addRoute('GET /pets', Integration.lambda(fn));
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    api.grantInvoke(role, { route: 'GET /pets/{id}' });
    Annotations.fromStack(stack).hasWarning('/Test/Api', Match.stringLikeRegexp('grantInvoke on route GET /pets/\\{id\\} also allows GET /pets/\\{id\\}/secrets:'));
    api.grantInvoke(role, { route: 'GET /pets' });
    Annotations.fromStack(stack).hasNoWarning('/Test/Api', Match.stringLikeRegexp('grantInvoke on route GET /pets also allows'));
  });

  test('unknown routes and stages are errors; a grant on a non-IAM route is a warning', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), { authorization: Authorization.none() });
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    expect(() => api.grantInvoke(role, { route: 'GET /b' })).toThrow(/grantInvoke names route "GET \/b", which the API does not have \(yet\).*Routes are: GET \/a/);
    expect(() => api.grantInvoke(role, { stage: 'nope' })).toThrow(/there is no stage named "nope"/);
    api.grantInvoke(role, { route: 'GET /a' });
    Annotations.fromStack(stack).hasWarning('/Test/Api', Match.stringLikeRegexp('grantInvoke on route GET /a, which does not use Authorization.iam\\(\\)'));
  });
});
