import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Endpoint, GatewayRestApi, Integration } from '../../lib';
import { fixtureFunction } from '../fixtures';
import { newStack, PUBLIC, restApiBody } from '../helpers';

function api(stack: Stack, props: ConstructorParameters<typeof GatewayRestApi>[2] = {}): GatewayRestApi {
  return new GatewayRestApi(stack, 'Api', props);
}

describe('Integration.http', () => {
  test('proxy mode passes the method through and maps URL placeholders from path parameters', () => {
    // GIVEN
    const stack = newStack();
    const rest = api(stack);
    // WHEN
    rest.addRoute('ANY /legacy/{proxy+}', Integration.http('https://legacy.example.com/{proxy}'), PUBLIC);
    // THEN
    const operation = restApiBody(Template.fromStack(stack)).paths['/legacy/{proxy+}']['x-amazon-apigateway-any-method'];
    const integration = {
      type: 'http_proxy',
      httpMethod: 'ANY',
      uri: 'https://legacy.example.com/{proxy}',
      requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
    };
    // Deployed without what API Gateway ignores on a proxy; the exported document keeps it.
    expect(operation['x-amazon-apigateway-integration']).toEqual(integration);
    expect(operation.parameters).toEqual([{ name: 'proxy', in: 'path', required: true, schema: { type: 'string' } }]);
    expect(operation.responses).toEqual({ 200: { description: '' } });
    const exported = (rest.openApiDocument() as any).paths['/legacy/{proxy+}']['x-amazon-apigateway-any-method'];
    expect(exported['x-amazon-apigateway-integration']).toEqual({ ...integration, passthroughBehavior: 'when_no_match' });
    expect(exported.responses).toEqual({ 200: { description: '200 response' } });
  });

  test('non-proxy mode renames query strings, adds headers, and declares what it reads', () => {
    const stack = newStack();
    const rest = api(stack);
    rest.addRoute('GET /search', Integration.http('https://search.example.com/find', {
      proxy: false,
      method: 'post',
      renameQueryStrings: { q: 'query' },
      addHeaders: { 'X-Client': 'gateway' },
      responses: [
        { statusCode: 200, headers: { 'Cache-Control': 'no-store' }, headersFromBackend: { 'X-Request-Id': 'X-Backend-Request' } },
        { statusCode: 404, selectionPattern: '404' },
      ],
    }), PUBLIC);
    const operation = restApiBody(Template.fromStack(stack)).paths['/search'].get;
    expect(operation['x-amazon-apigateway-integration']).toEqual({
      type: 'http',
      httpMethod: 'POST',
      uri: 'https://search.example.com/find',
      passthroughBehavior: 'when_no_match',
      requestParameters: {
        'integration.request.querystring.query': 'method.request.querystring.q',
        'integration.request.header.X-Client': "'gateway'",
      },
      responses: {
        default: {
          statusCode: '200',
          responseParameters: {
            'method.response.header.Cache-Control': "'no-store'",
            'method.response.header.X-Request-Id': 'integration.response.header.X-Backend-Request',
          },
        },
        404: { statusCode: '404' },
      },
    });
    expect(operation.parameters).toEqual([{ name: 'q', in: 'query', required: false, schema: { type: 'string' } }]);
    expect(operation.responses).toEqual({
      200: { description: '200 response', headers: { 'Cache-Control': { schema: { type: 'string' } }, 'X-Request-Id': { schema: { type: 'string' } } } },
      404: { description: '404 response' },
    });
  });

  test('non-proxy without responses: 200 passes the body on, backend errors become 400 and 502 without their message', () => {
    const stack = newStack();
    api(stack).addRoute('GET /a', Integration.http('https://b.example.com/', { proxy: false }), PUBLIC);
    const integration = restApiBody(Template.fromStack(stack)).paths['/a'].get['x-amazon-apigateway-integration'];
    expect(Object.keys(integration.responses)).toEqual(['default', '4\\d{2}', '5\\d{2}']);
    expect(integration.responses.default).toEqual({ statusCode: '200' });
    expect(integration.responses['5\\d{2}'].statusCode).toBe('502');
  });

  test('selection patterns in Java syntax (inline flags, possessive quantifiers) are accepted', () => {
    const stack = newStack();
    api(stack).addRoute('GET /a', Integration.http('https://b.example.com/', {
      proxy: false, responses: [{ statusCode: 200 }, { statusCode: 404, selectionPattern: '(?i).*not found.*' }, { statusCode: 500, selectionPattern: '5\\d++' }],
    }), PUBLIC);
    expect(Object.keys(restApiBody(Template.fromStack(stack)).paths['/a'].get['x-amazon-apigateway-integration'].responses)).toHaveLength(3);
  });

  test('request templates make unmatched content types fail with 415 (passthrough never)', () => {
    const stack = newStack();
    api(stack).addRoute('POST /x', Integration.http('https://b.example.com/x', {
      proxy: false, requestTemplates: { 'application/json': '{"v": $input.json(\'$.v\')}' },
    }), PUBLIC);
    const integration = restApiBody(Template.fromStack(stack)).paths['/x'].post['x-amazon-apigateway-integration'];
    expect(integration.passthroughBehavior).toBe('never');
    expect(integration.requestTemplates).toEqual({ 'application/json': '{"v": $input.json(\'$.v\')}' });
  });

  test('stage variables in the URL must be set by every stage', () => {
    const stack = newStack();
    const rest = api(stack, { stages: [{ name: 'dev', variables: { backend: 'dev.example.com' } }, { name: 'prod' }] });
    rest.addRoute('GET /a', Integration.http('https://${stageVariables.backend}/a'), PUBLIC);
    expect(() => Template.fromStack(stack)).toThrow(/route GET \/a reads stage variable backend, which stage prod does not set/);
  });

  test('stage variables set on every stage render into the URI', () => {
    const stack = newStack();
    const rest = api(stack, { stages: [{ name: 'prod', variables: { backend: 'api.example.com' } }] });
    rest.addRoute('GET /a', Integration.http('https://${stageVariables.backend}/a'), PUBLIC);
    expect(restApiBody(Template.fromStack(stack)).paths['/a'].get['x-amazon-apigateway-integration'].uri).toBe('https://${stageVariables.backend}/a');
  });

  test('a VPC link connects to a Network Load Balancer in the VPC', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const nlb = new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc });
    const link = new apigw.VpcLink(stack, 'Link', { targets: [nlb] });
    api(stack).addRoute('GET /orders/{id}', Integration.http(`http://${nlb.loadBalancerDnsName}/orders/{id}`, { vpcLink: link }), PUBLIC);
    const integration = Stack.of(stack).resolve(restApiBody(Template.fromStack(stack)).paths['/orders/{id}'].get['x-amazon-apigateway-integration']);
    expect(integration).toMatchObject({
      type: 'http_proxy',
      connectionType: 'VPC_LINK',
      connectionId: { Ref: stack.getLogicalId(link.node.defaultChild as apigw.CfnVpcLink) },
      uri: { 'Fn::Join': ['', ['http://', { 'Fn::GetAtt': [stack.getLogicalId(nlb.node.defaultChild as elbv2.CfnLoadBalancer), 'DNSName'] }, '/orders/{id}']] },
      requestParameters: { 'integration.request.path.id': 'method.request.path.id' },
    });
  });

  test.each([
    ['ftp://x.example.com/', /backend URL "ftp:\/\/x.example.com\/" is invalid: use an absolute http/],
    ['https://x.example.com/{id}', /backend URL placeholder \{id\} has no value: the path has no parameter id/],
    ['https://${stageVariables.bad-name}/', /stage variable "bad-name", an invalid name/],
  ])('URL %s is rejected', (url, message) => {
    const stack = newStack();
    expect(() => api(stack).addRoute('GET /a', Integration.http(url), PUBLIC)).toThrow(message);
  });

  test.each([
    [{ proxy: true, requestTemplates: { 'application/json': '{}' } }, /an HTTP proxy integration passes requests and responses through.*pass proxy: false/],
    [{ method: 'FETCH' }, /backend method "FETCH" is not one of GET/],
    [{ proxy: false, responses: [{ statusCode: 200 }, { statusCode: 201 }] }, /has 2 integration responses without a selectionPattern; exactly one/],
    [{ proxy: false, responses: [{ statusCode: 200 }, { statusCode: 600, selectionPattern: '5..' }] }, /status code 600 is invalid/],
    [{ proxy: false, responses: [{ statusCode: 200 }, { statusCode: 500, selectionPattern: '5(' }] }, /selectionPattern "5\(" is not a valid regular expression/],
    [{ proxy: false, responses: [{ statusCode: 200 }, { statusCode: 500, selectionPattern: '' }] }, /empty selectionPattern/],
    [{ proxy: false, responses: [{ statusCode: 200 }, { statusCode: 500, selectionPattern: '5.*' }, { statusCode: 502, selectionPattern: '5.*' }] }, /two integration responses have the selection pattern "5.\*"/],
    [{ proxy: false, responses: [{ statusCode: 200, headers: { 'X-A': "it's" } }] }, /cannot contain a single quote/],
    [{ proxy: false, responses: [{ statusCode: 200, headers: { 'Bad Header': 'x' } }] }, /response header name "Bad Header" is invalid/],
    [{ proxy: false, requestTemplates: { json: '{}' } }, /content type "json", which is not a media type/],
    [{ proxy: false, requestTemplates: { 'application/json': 'x'.repeat(300 * 1024 + 1) } }, /over API Gateway's limit of 307200 bytes/],
    [{ renameQueryStrings: { 'a b': 'c' } }, /query-string parameter name "a b" is invalid/],
    [{ requestParameters: { 'integration.request.header.X': 'method.request.body.$.id' } }, /has source "method.request.body.\$.id"/],
    [{ requestParameters: { 'integration.request.body': 'method.request.body' } }, /request parameter "integration.request.body" is invalid/],
    [{ requestParameters: { 'integration.request.header.X': 'method.request.path.nope' } }, /reads path parameter "nope", which the path does not have/],
    [{ requestParameters: { 'integration.request.header.X': 'somewhere.else' } }, /has source "somewhere.else", which API Gateway does not accept/],
  ])('bad options %# are rejected', (options, message) => {
    const stack = newStack();
    expect(() => api(stack).addRoute('GET /a', Integration.http('https://b.example.com/', options as any), PUBLIC)).toThrow(message);
  });

  test('valid raw sources are accepted: static, context, stage variable, body', () => {
    const stack = newStack();
    api(stack, { stages: [{ name: 'prod' }] }).addRoute('POST /a', Integration.http('https://b.example.com/', {
      requestParameters: {
        'integration.request.header.A': "'fixed'",
        'integration.request.header.B': 'context.requestId',
        'integration.request.header.C': 'stageVariables.tenant',
        'integration.request.querystring.d': 'method.request.body.pets[0].id',
        'integration.request.querystring.m': 'method.request.multivaluequerystring.tag',
        'integration.request.header.E': 'method.request.header.X-Tenant',
      },
    }), PUBLIC);
    const operation = restApiBody(Template.fromStack(stack)).paths['/a'].post;
    expect(operation.parameters).toEqual([
      { name: 'tag', in: 'query', required: false, schema: { type: 'string' } },
      { name: 'X-Tenant', in: 'header', required: false, schema: { type: 'string' } },
    ]);
  });
});

describe('Integration timeouts', () => {
  test('above 29 s on a regional API warns that the quota must be raised', () => {
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    api(stack).addRoute('POST /llm', Integration.lambda(fn, { timeout: Duration.seconds(120) }), PUBLIC);
    const template = Template.fromStack(stack);
    expect(restApiBody(template).paths['/llm'].post['x-amazon-apigateway-integration'].timeoutInMillis).toBe(120_000);
    Annotations.fromStack(stack).hasWarning('/Test/Api', Match.stringLikeRegexp('integration timeout 120000 ms is over API Gateway\'s default 29 s; raise the account\'s "Maximum integration timeout'));
  });

  test('above 29 s on an edge API is an error', () => {
    const stack = newStack();
    expect(() => api(stack, { endpoint: Endpoint.edge() }).addRoute('GET /a', Integration.http('https://b.example.com/', { timeout: Duration.seconds(30) }), PUBLIC))
      .toThrow(/integration timeout 30000 ms is over 29 s, which edge-optimized APIs cannot exceed/);
  });

  test('above 300 s is an error everywhere', () => {
    const stack = newStack();
    expect(() => api(stack).addRoute('GET /b', Integration.http('https://b.example.com/', { timeout: Duration.seconds(301) }), PUBLIC))
      .toThrow(/301000 ms is out of range/);
  });

  test('29 s exactly is accepted on an edge API without a warning', () => {
    const stack = newStack();
    api(stack, { endpoint: Endpoint.edge() }).addRoute('GET /a', Integration.http('https://b.example.com/', { timeout: Duration.seconds(29) }), PUBLIC);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('integration timeout'))).toHaveLength(0);
  });
});

describe('Integration.mock', () => {
  test('answers with its status, body and headers, without a backend', () => {
    const stack = newStack();
    api(stack).addRoute('GET /health', Integration.mock({ body: '{"status": "ok", "requestId": "$context.requestId"}', headers: { 'Cache-Control': 'no-store' } }), PUBLIC);
    const operation = restApiBody(Template.fromStack(stack)).paths['/health'].get;
    expect(operation['x-amazon-apigateway-integration']).toEqual({
      type: 'mock',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      passthroughBehavior: 'when_no_match',
      responses: {
        default: {
          statusCode: '200',
          responseTemplates: { 'application/json': '{"status": "ok", "requestId": "$context.requestId"}' },
          responseParameters: { 'method.response.header.Cache-Control': "'no-store'" },
        },
      },
    });
    expect(operation.responses).toEqual({ 200: { description: '200 response', headers: { 'Cache-Control': { schema: { type: 'string' } } } } });
  });

  test('a non-200 status code is used in both templates; the content type and CORS headers are added to its response', () => {
    const stack = newStack();
    api(stack, { cors: { allowOrigins: ['https://app.example.com'] } }).addRoute('GET /gone', Integration.mock({ statusCode: 410, contentType: 'text/plain', body: 'gone' }), PUBLIC);
    const integration = restApiBody(Template.fromStack(stack)).paths['/gone'].get['x-amazon-apigateway-integration'];
    expect(integration.requestTemplates['application/json']).toBe('{"statusCode": 410}');
    expect(integration.responses.default).toEqual({
      statusCode: '410',
      responseTemplates: { 'text/plain': 'gone' },
      responseParameters: {
        'method.response.header.Access-Control-Allow-Origin': "'https://app.example.com'",
        'method.response.header.Content-Type': "'text/plain'",
        'method.response.header.Vary': "'Origin'",
      },
    });
  });

  test('several credentialed origins: non-proxy responses answer with the caller\'s origin when listed, and expose headers', () => {
    const stack = newStack();
    const origins = ['https://a.example.com', 'https://b.example.com'];
    api(stack, { cors: { allowOrigins: origins, allowCredentials: true, exposeHeaders: ['X-Request-Id'] } })
      .addRoute('GET /a', Integration.http('https://b.example.com/', { proxy: false }), PUBLIC);
    const responses = restApiBody(Template.fromStack(stack)).paths['/a'].get['x-amazon-apigateway-integration'].responses;
    expect(responses.default.responseParameters).toMatchObject({
      'method.response.header.Access-Control-Allow-Origin': "'https://a.example.com'",
      'method.response.header.Access-Control-Allow-Credentials': "'true'",
      'method.response.header.Access-Control-Expose-Headers': "'X-Request-Id'",
    });
    // Without a template of its own, the response passes the body on and then sets the origin.
    const template = responses.default.responseTemplates['application/json'];
    expect(template.startsWith('$input.body\n')).toBe(true);
    expect(template).toContain('#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)');
    expect(responses['4\\d{2}'].responseTemplates['application/json']).toContain('responseOverride.header.Access-Control-Allow-Origin');
  });

  test('a status code outside 100 to 599 is rejected', () => {
    const stack = newStack();
    expect(() => api(stack).addRoute('GET /a', Integration.mock({ statusCode: 99 }), PUBLIC)).toThrow(/integration response status code 99 is invalid/);
  });
});
