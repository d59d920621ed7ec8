import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Authorization, CorsOptions, GatewayRestApi, Integration } from '../../lib';
import { fixtureFunction } from '../fixtures';
import { newStack, PUBLIC, restApiBody } from '../helpers';

const APP = 'https://app.example.com';

describe('CORS', () => {
  test('every path with CORS gets a mock OPTIONS preflight, outside the authorizer and API keys', () => {
    // GIVEN
    const stack = newStack();
    const pool = new cognito.UserPool(stack, 'Pool');
    const fn = fixtureFunction(stack, 'Fn');
    const api = new GatewayRestApi(stack, 'Api', { cors: { allowOrigins: [APP] }, defaultAuthorization: Authorization.cognito([pool]) });
    // WHEN
    api.addRoute('GET /pets', Integration.lambda(fn), { apiKeyRequired: true });
    api.addRoute('POST /pets', Integration.lambda(fn), { apiKeyRequired: true });
    api.addRoute('ANY /pets/{id}', Integration.lambda(fn));
    api.addUsagePlan('Plan').addApiKey('Key');
    // THEN
    const body = restApiBody(Template.fromStack(stack));
    const preflight = body.paths['/pets'].options;
    expect(preflight).not.toHaveProperty('security');
    expect(preflight['x-amazon-apigateway-integration']).toEqual({
      type: 'mock',
      requestTemplates: { 'application/json': '{"statusCode": 204}' },
      passthroughBehavior: 'when_no_match',
      responses: {
        default: {
          statusCode: '204',
          responseParameters: {
            'method.response.header.Access-Control-Allow-Origin': `'${APP}'`,
            // The path's methods in a fixed order, whatever order the routes came in.
            'method.response.header.Access-Control-Allow-Methods': "'GET,POST,OPTIONS'",
            'method.response.header.Access-Control-Allow-Headers': "'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,X-Amz-User-Agent'",
            'method.response.header.Access-Control-Max-Age': "'600'",
            'method.response.header.Vary': "'Origin'",
          },
        },
      },
    });
    // Every mapped header is declared on the method response, or the import fails.
    expect(Object.keys(preflight.responses['204'].headers)).toEqual(['Access-Control-Allow-Origin', 'Access-Control-Allow-Methods', 'Access-Control-Allow-Headers', 'Access-Control-Max-Age', 'Vary']);
    // A path's parameters are declared on its preflight too, as OpenAPI requires of every operation.
    expect(body.paths['/pets/{id}'].options.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
    expect(preflight).not.toHaveProperty('parameters');
    // ANY counts as every method.
    expect(body.paths['/pets/{id}'].options['x-amazon-apigateway-integration'].responses.default.responseParameters['method.response.header.Access-Control-Allow-Methods'])
      .toBe("'GET,PUT,POST,DELETE,PATCH,HEAD,OPTIONS'");
  });

  test('4XX and 5XX gateway responses carry the CORS headers', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api', { cors: { allowOrigins: [APP], allowCredentials: true } });
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), { authorization: Authorization.iam() });
    const headers = {
      'gatewayresponse.header.Access-Control-Allow-Origin': `'${APP}'`,
      'gatewayresponse.header.Vary': "'Origin'",
      'gatewayresponse.header.Access-Control-Allow-Credentials': "'true'",
    };
    expect(restApiBody(Template.fromStack(stack))['x-amazon-apigateway-gateway-responses']).toEqual({
      DEFAULT_4XX: { responseParameters: headers },
      DEFAULT_5XX: { responseParameters: headers },
    });
  });

  test('several origins: the preflight answers the caller\'s own origin when listed; errors without credentials say "*"', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api', { cors: { allowOrigins: [APP, 'http://localhost:3000'], exposeHeaders: ['X-Request-Id'], maxAge: Duration.hours(1), allowMethods: ['GET'] } });
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), { authorization: Authorization.none() });
    const body = restApiBody(Template.fromStack(stack));
    const response = body.paths['/a'].options['x-amazon-apigateway-integration'].responses.default;
    expect(response.responseTemplates['application/json']).toContain(`#if($origin == "${APP}" || $origin == "http://localhost:3000")`);
    expect(response.responseTemplates['application/json']).toContain('#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)');
    expect(response.responseParameters).toMatchObject({
      'method.response.header.Access-Control-Allow-Methods': "'GET'",
      'method.response.header.Access-Control-Expose-Headers': "'X-Request-Id'",
      'method.response.header.Access-Control-Max-Age': "'3600'",
    });
    // Without cookies an error response holds nothing a plain request could not read, so "*" exposes nothing.
    expect(body['x-amazon-apigateway-gateway-responses'].DEFAULT_4XX.responseParameters).toEqual({ 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" });
  });

  test('several origins with credentials: errors name the first origin, never reflect the caller\'s', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api', { cors: { allowOrigins: [APP, 'https://admin.example.com'], allowCredentials: true } });
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), { authorization: Authorization.none() });
    // Another path allowing any origin without credentials must not turn the credentialed errors into "*".
    api.addRoute('GET /b', Integration.lambda(fixtureFunction(stack, 'Fn2')), { authorization: Authorization.none(), cors: { allowOrigins: ['*'] } });
    const parameters = restApiBody(Template.fromStack(stack))['x-amazon-apigateway-gateway-responses'].DEFAULT_5XX.responseParameters;
    expect(parameters).toEqual({
      'gatewayresponse.header.Access-Control-Allow-Origin': `'${APP}'`,
      'gatewayresponse.header.Vary': "'Origin'",
      'gatewayresponse.header.Access-Control-Allow-Credentials': "'true'",
    });
  });

  test('settings that differ only by defaults are the same preflight', () => {
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    const api = new GatewayRestApi(stack, 'Api', { cors: { allowOrigins: [APP] } });
    api.addRoute('GET /a', Integration.lambda(fn), PUBLIC);
    expect(() => api.addRoute('POST /a', Integration.lambda(fn), { cors: { maxAge: Duration.minutes(10), allowCredentials: false, allowOrigins: [APP] }, ...PUBLIC })).not.toThrow();
  });

  test('any origin: "*" and no Vary', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), { authorization: Authorization.none(), cors: { allowOrigins: ['*'] } });
    api.addRoute('GET /b', Integration.lambda(fixtureFunction(stack, 'Fn2')), { authorization: Authorization.none() });
    const body = restApiBody(Template.fromStack(stack));
    expect(body.paths['/a'].options['x-amazon-apigateway-integration'].responses.default.responseParameters).not.toHaveProperty('method.response.header.Vary');
    expect(body.paths['/b']).not.toHaveProperty('options');
    expect(body['x-amazon-apigateway-gateway-responses'].DEFAULT_4XX.responseParameters).toEqual({ 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" });
  });

  const invalid: Array<[string, CorsOptions, RegExp]> = [
    ['no origins', { allowOrigins: [] }, /cors.allowOrigins is empty/],
    ['an origin with a path', { allowOrigins: ['https://app.example.com/'] }, /cors origin "https:\/\/app.example.com\/" is invalid: an origin is scheme:\/\/host\[:port\]/],
    ['an origin without a scheme', { allowOrigins: ['app.example.com'] }, /cors origin "app.example.com" is invalid/],
    ['"*" with other origins', { allowOrigins: ['*', APP] }, /mixes '\*' with other origins/],
    ['credentials with "*"', { allowOrigins: ['*'], allowCredentials: true }, /cors.allowCredentials with allowOrigins \['\*'\] is rejected by browsers/],
    ['credentials with "*" headers', { allowOrigins: [APP], allowCredentials: true, allowHeaders: ['*'] }, /cors.allowHeaders '\*' is not a wildcard for credentialed requests/],
    ['an unknown method', { allowOrigins: [APP], allowMethods: ['FETCH'] }, /cors method "FETCH" is not one of/],
    ['a header with a space', { allowOrigins: [APP], allowHeaders: ['X Foo'] }, /cors header "X Foo" is invalid/],
    ['a max age above a day', { allowOrigins: [APP], maxAge: Duration.days(2) }, /cors.maxAge \(seconds\) must be between 0 and 86400, got 172800/],
    ['a fractional max age', { allowOrigins: [APP], maxAge: Duration.millis(1500) }, /cors.maxAge \(seconds\) must be a whole number, got 1.5/],
    ['a header with a quote', { allowOrigins: [APP], allowHeaders: ["X-A'B"] }, /cors header "X-A'B" is invalid/],
  ];
  test.each(invalid)('%s is a synth error on the API and on a route', (_what, cors, message) => {
    const stack = newStack();
    expect(() => new GatewayRestApi(stack, 'Api', { cors })).toThrow(message);
    const api = new GatewayRestApi(stack, 'Api2');
    expect(() => api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), { cors })).toThrow(message);
  });

  test('routes on one path must agree, and an OPTIONS route conflicts with the preflight', () => {
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    const api = new GatewayRestApi(stack, 'Api', { cors: { allowOrigins: [APP] } });
    api.addRoute('GET /a', Integration.lambda(fn), PUBLIC);
    expect(() => api.addRoute('POST /a', Integration.lambda(fn), { cors: { allowOrigins: ['*'] } }))
      .toThrow(/route POST \/a and route GET \/a have different CORS settings, but routes on one path share one preflight/);
    api.addRoute('PUT /a', Integration.lambda(fn), { cors: { allowOrigins: [APP] }, ...PUBLIC });
    expect(() => api.addRoute('OPTIONS /a', Integration.lambda(fn))).toThrow(/has an OPTIONS route and CORS: the library answers the preflight itself/);
    expect(() => api.addRoute('OPTIONS /b', Integration.lambda(fn))).toThrow(/route OPTIONS \/b is an OPTIONS route on a path with CORS/);
  });
});

describe('gateway responses', () => {
  test('custom responses render with status, headers, template and the CORS headers', () => {
    // GIVEN
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api', { cors: { allowOrigins: [APP] } });
    api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), { authorization: Authorization.none() });
    // WHEN
    api.addGatewayResponse(apigw.ResponseType.THROTTLED, {
      statusCode: '429',
      headers: { 'Retry-After': '1', 'Vary': 'Accept' },
      template: '{"message": "slow down", "requestId": "$context.requestId"}',
    });
    api.addGatewayResponse(apigw.ResponseType.ACCESS_DENIED);
    // THEN
    const responses = restApiBody(Template.fromStack(stack))['x-amazon-apigateway-gateway-responses'];
    expect(Object.keys(responses)).toEqual(['DEFAULT_4XX', 'DEFAULT_5XX', 'THROTTLED', 'ACCESS_DENIED']);
    expect(responses.THROTTLED).toEqual({
      statusCode: '429',
      responseParameters: {
        'gatewayresponse.header.Access-Control-Allow-Origin': `'${APP}'`,
        'gatewayresponse.header.Vary': "'Accept'",
        'gatewayresponse.header.Retry-After': "'1'",
      },
      responseTemplates: { 'application/json': '{"message": "slow down", "requestId": "$context.requestId"}' },
    });
    expect(responses.ACCESS_DENIED.responseParameters['gatewayresponse.header.Access-Control-Allow-Origin']).toBe(`'${APP}'`);
  });

  test('without CORS, only the custom responses are rendered', () => {
    const body = (customize: (api: GatewayRestApi) => void) => {
      const stack = newStack();
      const api = new GatewayRestApi(stack, 'Api');
      api.addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), { authorization: Authorization.none() });
      customize(api);
      return restApiBody(Template.fromStack(stack));
    };
    expect(body(() => undefined)).not.toHaveProperty('x-amazon-apigateway-gateway-responses');
    expect(body(api => api.addGatewayResponse(apigw.ResponseType.UNAUTHORIZED, { template: '{"message": "sign in"}' }))['x-amazon-apigateway-gateway-responses']).toEqual({
      UNAUTHORIZED: { responseTemplates: { 'application/json': '{"message": "sign in"}' } },
    });
  });

  test.each([
    ['a status that is not HTTP', { statusCode: '99' }, /gateway response THROTTLED: statusCode "99" is not an HTTP status code/],
    ['a header name with a space', { headers: { 'Retry After': '1' } }, /gateway response THROTTLED: header "Retry After" is invalid/],
    ['a header value with a quote', { headers: { 'X-A': "it's" } }, /the value of header X-A contains a quote or a line break/],
  ])('%s is a synth error', (_what, options, message) => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    expect(() => api.addGatewayResponse(apigw.ResponseType.THROTTLED, options)).toThrow(message);
  });

  test('a response type added twice is a synth error', () => {
    const api = new GatewayRestApi(newStack(), 'Api');
    api.addGatewayResponse(apigw.ResponseType.THROTTLED);
    expect(() => api.addGatewayResponse(apigw.ResponseType.THROTTLED)).toThrow(/gateway response THROTTLED is added twice/);
  });
});
