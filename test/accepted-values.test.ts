import { App, Duration, Fn, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import {
  BodyStorage, GatewayHttpApi, GatewayMonitoring, GatewayRestApi, GatewayWebSocketApi, HttpApiIntegration, HttpAuthorization, Integration, Model,
  OpenApiDefinition, ResourcePolicy,
} from '../lib';
import { fixtureFunction } from './fixtures';
import { lintTemplates } from './harness/cfn-lint';
import { newStack, PUBLIC, restApiBody } from './helpers';

/**
 * Issue 12, hostile input: for any value a caller can pass, the library throws its own error naming the
 * value and the fix, or synthesizes a template AWS accepts.
 */

const HTTP_PUBLIC = { authorization: HttpAuthorization.none() };

function restApi(stack: Stack, props: ConstructorParameters<typeof GatewayRestApi>[2] = {}): GatewayRestApi {
  return new GatewayRestApi(stack, 'Api', props);
}

/** A minimal OpenAPI 3.0 document with one operation whose request body has `schema`. */
function documentWith(schema: unknown, components: Record<string, unknown> = {}): Record<string, any> {
  return {
    openapi: '3.0.3',
    info: { title: 'Hostile', version: '1' },
    paths: { '/a': { post: { operationId: 'op', requestBody: { content: { 'application/json': { schema } } }, responses: { 200: { description: 'ok' } } } } },
    components,
  };
}

function importDocument(stack: Stack, document: Record<string, any>): GatewayRestApi {
  return GatewayRestApi.fromOpenApi(stack, 'Api', {
    definition: OpenApiDefinition.fromObject(document),
    operations: { op: { integration: Integration.mock({ statusCode: 200 }), options: PUBLIC } },
  });
}

/** `levels` objects nested in each other through `properties.child`. */
function deepSchema(levels: number): Record<string, unknown> {
  const root: Record<string, any> = { type: 'object' };
  let node = root;
  for (let level = 1; level < levels; level++) {
    const child: Record<string, any> = { type: 'object' };
    node.properties = { child };
    node = child;
  }
  return root;
}

describe('backend URLs', () => {
  test.each([
    ['a quote', 'https://b.example.com/a"b', /\[BackendUrlInvalid\].*contains ", which only \{name\} path placeholders/],
    ['a brace that is no placeholder', 'https://b.example.com/a{b', /\[BackendUrlInvalid\].*contains \{/],
    ['a closing brace', 'https://b.example.com/a}', /\[BackendUrlInvalid\].*contains \}/],
    ['a greedy placeholder', 'https://b.example.com/{proxy+}', /\[BackendUrlInvalid\].*contains \{/],
    ['a port above 65535', 'https://b.example.com:70000/a', /\[BackendUrlInvalid\].*port 70000 is above 65535/],
    ['a port that is not a number', 'https://b.example.com:8o/a', /\[BackendUrlInvalid\].*not a URL that a URL parser accepts/],
    ['an empty port label', 'https://:8080/a', /\[BackendUrlInvalid\].*not a URL that a URL parser accepts/],
  ])('a REST HTTP integration refuses %s', (_what, url, error) => {
    // GIVEN
    const stack = newStack();
    const api = restApi(stack);
    // WHEN / THEN
    expect(() => api.addRoute('GET /a/{id}', Integration.http(url), PUBLIC)).toThrow(error);
  });

  test('an HTTP API URL integration refuses a port above 65535 and a quote', () => {
    // GIVEN
    const stack = newStack();
    const api = new GatewayHttpApi(stack, 'Api');
    // WHEN / THEN
    expect(() => api.addRoute('GET /a', HttpApiIntegration.url('http://b.example.com:65536/'), HTTP_PUBLIC)).toThrow(/\[BackendUrlInvalid\].*port 65536/);
    expect(() => api.addRoute('GET /b', HttpApiIntegration.url('http://b.example.com/"'), HTTP_PUBLIC)).toThrow(/\[BackendUrlInvalid\].*contains "/);
  });

  test('placeholders, stage variables, the highest port and tokens stay accepted', () => {
    // GIVEN
    const stack = newStack();
    const api = restApi(stack, { stages: [{ name: 'prod', variables: { host: 'b.example.com', port: '8443' } }] });
    const host = Fn.importValue('BackendHost');
    // WHEN
    api.addRoute('GET /a/{id}', Integration.http('https://b.example.com:65535/items/{id}?q=1'), PUBLIC);
    api.addRoute('GET /b', Integration.http('https://${stageVariables.host}:${stageVariables.port}/b'), PUBLIC);
    api.addRoute('GET /c', Integration.http(`https://${host}/c`), PUBLIC);
    // THEN
    const body = restApiBody(Template.fromStack(stack));
    expect(body.paths['/a/{id}'].get['x-amazon-apigateway-integration'].uri).toBe('https://b.example.com:65535/items/{id}?q=1');
  });
});

test('a VPC link with an empty id is refused', () => {
  // GIVEN
  const stack = newStack();
  const api = restApi(stack);
  const link = apigw.VpcLink.fromVpcLinkId(stack, 'Link', '');
  // WHEN / THEN
  expect(() => api.addRoute('GET /a', Integration.http('http://b.example.com/', { vpcLink: link }), PUBLIC))
    .toThrow(/\[VpcLinkIdInvalid\] route GET \/a: vpcLink has id "", which is not a VPC link id/);
});

describe('names', () => {
  test.each([
    ['REST', (stack: Stack) => new GatewayRestApi(stack, 'Api', { apiName: '' })],
    ['HTTP', (stack: Stack) => new GatewayHttpApi(stack, 'Api', { apiName: ' ' })],
    ['WebSocket', (stack: Stack) => new GatewayWebSocketApi(stack, 'Api', { apiName: '', defaultHandler: fixtureFunction(stack, 'Fn') })],
  ])('an empty %s API name is refused', (_kind, create) => {
    // GIVEN
    const stack = newStack();
    // WHEN / THEN
    expect(() => create(stack)).toThrow(/\[ApiNameEmpty\] apiName "\s*" is empty/);
  });

  test('an imported document with an empty title is named after the construct id', () => {
    // GIVEN
    const stack = newStack();
    const document = documentWith({ type: 'object' });
    document.info.title = '';
    // WHEN
    const api = importDocument(stack, document);
    // THEN
    expect(api.apiName).toBe('Api');
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::RestApi', { Name: 'Api' });
  });

  test.each([[''], ['my dashboard'], ['x'.repeat(256)]])('dashboard name %j is refused', dashboardName => {
    // GIVEN
    const stack = newStack();
    const api = restApi(stack);
    api.addRoute('GET /a', Integration.mock({ statusCode: 200 }), PUBLIC);
    // WHEN / THEN
    expect(() => new GatewayMonitoring(stack, 'Watch', { stage: api.stage('prod'), dashboardName })).toThrow(/\[DashboardNameInvalid\]/);
  });

  test('a 255-character dashboard name of letters, digits, - and _ is accepted', () => {
    // GIVEN
    const stack = newStack();
    const api = restApi(stack);
    api.addRoute('GET /a', Integration.mock({ statusCode: 200 }), PUBLIC);
    const dashboardName = 'a-_1'.repeat(63) + 'abc';
    // WHEN
    new GatewayMonitoring(stack, 'Watch', { stage: api.stage('prod'), dashboardName });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: dashboardName });
  });
});

test('an IPv6 CIDR with a zone index is refused', () => {
  // GIVEN
  const stack = newStack();
  // WHEN / THEN
  expect(() => restApi(stack, { resourcePolicy: [ResourcePolicy.allowOnlySourceIps(['fe80::1%eth0/64'])] }))
    .toThrow(/\[ResourcePolicyCidrInvalid\].*"fe80::1%eth0\/64" has an IPv6 zone index/);
});

describe('HTTP API JWT authorization', () => {
  const issuer = 'https://auth.example.com/';

  test.each([
    [[''], /\[RouteScopeInvalid\] route GET \/a asks for scope ""/],
    [['pets read'], /\[RouteScopeInvalid\] route GET \/a asks for scope "pets read"/],
    [Array.from({ length: 11 }, (_, index) => `s${index}`), /\[RouteScopesTooMany\] route GET \/a asks for 11 scopes; HTTP APIs allow at most 10/],
  ])('scopes %j are refused', (scopes, error) => {
    // GIVEN
    const stack = newStack();
    const api = new GatewayHttpApi(stack, 'Api');
    // WHEN / THEN
    expect(() => api.addRoute('GET /a', HttpApiIntegration.url('https://b.example.com/'), { authorization: HttpAuthorization.jwt(issuer, ['aud'], { scopes }) }))
      .toThrow(error);
  });

  test('ten scopes are accepted', () => {
    // GIVEN
    const stack = newStack();
    const api = new GatewayHttpApi(stack, 'Api');
    const scopes = Array.from({ length: 10 }, (_, index) => `pets/s${index}`);
    // WHEN
    api.addRoute('GET /a', HttpApiIntegration.url('https://b.example.com/'), { authorization: HttpAuthorization.jwt(issuer, ['aud'], { scopes }) });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Route', { AuthorizationScopes: scopes });
  });

  test('Cognito scopes are checked the same way', () => {
    // GIVEN
    const stack = newStack();
    const api = new GatewayHttpApi(stack, 'Api');
    const pool = new cognito.UserPool(stack, 'Pool');
    const client = pool.addClient('Client');
    // WHEN / THEN
    expect(() => api.addRoute('GET /a', HttpApiIntegration.url('https://b.example.com/'), { authorization: HttpAuthorization.cognito(pool, [client], { scopes: ['a b'] }) }))
      .toThrow(/\[RouteScopeInvalid\]/);
  });

  test.each([
    ['https://auth.example.com/ x', ['aud'], /\[JwtIssuerInvalid\] JWT issuer "https:\/\/auth.example.com\/ x" must be an https:\/\/ URL without spaces/],
    ['https://', ['aud'], /\[JwtIssuerInvalid\]/],
    ['http://auth.example.com/', ['aud'], /\[JwtIssuerInvalid\]/],
    ['https://exa mple.com', ['aud'], /\[JwtIssuerInvalid\]/],
    [issuer, [''], /\[JwtAudienceInvalid\] JWT audience "" is empty/],
    [issuer, Array.from({ length: 51 }, (_, index) => `a${index}`), /\[JwtAudienceTooMany\] a JWT authorizer has 51 audiences; HTTP APIs allow at most 50/],
  ])('issuer %j with audiences %j is refused', (jwtIssuer, audience, error) => {
    // GIVEN
    const stack = newStack();
    const api = new GatewayHttpApi(stack, 'Api');
    // WHEN / THEN
    expect(() => api.addRoute('GET /a', HttpApiIntegration.url('https://b.example.com/'), { authorization: HttpAuthorization.jwt(jwtIssuer, audience) }))
      .toThrow(error);
  });
});

describe('HTTP API integration timeout', () => {
  test('30 s, the HTTP API maximum, synthesizes TimeoutInMillis 30000 for Lambda and URL integrations and passes cfn-lint', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Timeout');
    const api = new GatewayHttpApi(stack, 'Api');
    const fn = fixtureFunction(stack, 'Fn');
    // WHEN
    api.addRoute('GET /a', HttpApiIntegration.lambda(fn, { timeout: Duration.seconds(30) }), HTTP_PUBLIC);
    api.addRoute('GET /b', HttpApiIntegration.lambda(fn, { timeout: Duration.seconds(30) }), HTTP_PUBLIC);
    api.addRoute('GET /c', HttpApiIntegration.url('https://b.example.com/', { timeout: Duration.seconds(30) }), HTTP_PUBLIC);
    api.addRoute('GET /d', HttpApiIntegration.url('https://d.example.com/', { timeout: Duration.seconds(29) }), HTTP_PUBLIC);
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 3);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'AWS_PROXY', TimeoutInMillis: 30000 });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationUri: 'https://b.example.com/', TimeoutInMillis: 30000 });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationUri: 'https://d.example.com/', TimeoutInMillis: 29000 });
    expect(lintTemplates([{ name: 'http-timeout', template: template.toJSON() }])).toEqual([]);
  });

  test('no timeout leaves TimeoutInMillis out', () => {
    // GIVEN
    const stack = newStack();
    const api = new GatewayHttpApi(stack, 'Api');
    // WHEN
    api.addRoute('GET /a', HttpApiIntegration.url('https://b.example.com/'), HTTP_PUBLIC);
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Integration', { TimeoutInMillis: Match.absent() });
  });
});

describe('template size', () => {
  /** An API whose body is about `bytes` long: routes with long summaries. */
  function apiOfSize(stack: Stack, bytes: number, bodyStorage?: BodyStorage): GatewayRestApi {
    const api = restApi(stack, { bodyStorage });
    const routes = Math.ceil(bytes / 10_000);
    for (let index = 0; index < routes; index++) {
      api.addRoute(`GET /r${index}`, Integration.mock({ statusCode: 200 }), { ...PUBLIC, summary: 'x'.repeat(10_000) });
    }
    return api;
  }

  test('a body kept in the template over 1,000,000 bytes fails synth with its size and the fix', () => {
    // GIVEN
    const stack = newStack();
    apiOfSize(stack, 1_000_000, BodyStorage.TEMPLATE);
    // WHEN / THEN
    expect(() => Template.fromStack(stack)).toThrow(/\[TemplateTooLarge\] the REST API's OpenAPI body \(100 routes, 0 models\) takes 1,0\d\d,\d{3} bytes of the template, over CloudFormation's template size limit of 1,000,000 bytes.*keep the body in S3 \(bodyStorage: BodyStorage\.S3.*split the API/);
  });

  test('a body kept in the template over 80% of the limit warns', () => {
    // GIVEN
    const stack = newStack();
    apiOfSize(stack, 850_000, BodyStorage.TEMPLATE);
    // WHEN
    const annotations = Annotations.fromStack(stack);
    // THEN
    annotations.hasWarning('/Test/Api', Match.stringLikeRegexp('takes .* bytes of the template, more than 80% of CloudFormation\'s template size limit'));
  });

  test('by default the same bodies are kept in S3, without an error or a warning', () => {
    for (const bytes of [850_000, 1_000_000]) {
      const stack = newStack();
      apiOfSize(stack, bytes);
      const template = Template.fromStack(stack);
      expect(Object.values(template.findResources('AWS::ApiGateway::RestApi'))[0].Properties.BodyS3Location).toBeDefined();
      expect(Annotations.fromStack(stack).findWarning('/Test/Api', Match.stringLikeRegexp('template size limit'))).toEqual([]);
    }
  });

  test('a body over API Gateway\'s 6 MB import limit fails synth even in S3', () => {
    const stack = newStack();
    apiOfSize(stack, 6_100_000, BodyStorage.S3);
    expect(() => Template.fromStack(stack)).toThrow(/\[BodyTooLarge\] the REST API's OpenAPI body \(610 routes, 0 models\) takes 6,\d{3},\d{3} bytes of JSON in S3, over API Gateway's limit of 6,000,000 bytes/);
  });

  test('an imported document too large for a template is kept in S3, or fails the same way when it must stay in the template', () => {
    // GIVEN
    const schema = { type: 'object', description: 'd'.repeat(1_000_001) };
    const inTemplate = newStack();
    GatewayRestApi.fromOpenApi(inTemplate, 'Api', {
      definition: OpenApiDefinition.fromObject(documentWith(schema)),
      operations: { op: { integration: Integration.mock({ statusCode: 200 }), options: PUBLIC } },
      bodyStorage: BodyStorage.TEMPLATE,
    });
    const byDefault = newStack();
    importDocument(byDefault, documentWith(schema));
    // THEN
    expect(() => Template.fromStack(inTemplate)).toThrow(/\[TemplateTooLarge\]/);
    expect(Object.values(Template.fromStack(byDefault).findResources('AWS::ApiGateway::RestApi'))[0].Properties.BodyS3Location).toBeDefined();
  });
});

describe('deep and cyclic schemas', () => {
  test.each([[65], [10_000]])('Model.fromSchema %d levels deep fails with SchemaTooDeep, not a stack overflow', levels => {
    // GIVEN
    const stack = newStack();
    const api = restApi(stack);
    // WHEN / THEN
    expect(() => api.addModel(Model.fromSchema('Deep', deepSchema(levels) as apigw.JsonSchema))).toThrow(/\[SchemaTooDeep\] model Deep at (\/properties\/child)+: schemas nest more than 64 levels/);
  });

  test('64 levels are accepted and the template resolves', () => {
    // GIVEN
    const stack = newStack();
    const api = restApi(stack);
    api.addRoute('POST /a', Integration.mock({ statusCode: 200 }), { ...PUBLIC, requestModel: Model.fromSchema('Deep', deepSchema(64) as apigw.JsonSchema) });
    // WHEN
    const body = restApiBody(Template.fromStack(stack));
    // THEN
    expect(body.components.schemas.Deep.type).toBe('object');
  });

  test('a schema object that contains itself fails with SchemaCycle', () => {
    // GIVEN
    const stack = newStack();
    const api = restApi(stack);
    const schema: Record<string, any> = { type: 'object', properties: {} };
    schema.properties.self = schema;
    // WHEN / THEN
    expect(() => api.addModel(Model.fromSchema('Loop', schema as apigw.JsonSchema))).toThrow(/\[SchemaCycle\] model Loop at \/properties\/self: the schema contains itself/);
  });

  test('an enum value that contains itself fails with SchemaCycle', () => {
    // GIVEN
    const stack = newStack();
    const api = restApi(stack);
    const value: Record<string, any> = {};
    value.again = value;
    // WHEN / THEN
    expect(() => api.addModel(Model.fromSchema('Loop', { enum: [value] }))).toThrow(/\[SchemaCycle\]/);
  });

  test('a sub-schema shared by two properties is no cycle', () => {
    // GIVEN
    const stack = newStack();
    const api = restApi(stack);
    const name = { type: apigw.JsonSchemaType.STRING };
    // WHEN
    api.addRoute('POST /a', Integration.mock({ statusCode: 200 }), { ...PUBLIC, requestModel: Model.fromSchema('Pair', { type: apigw.JsonSchemaType.OBJECT, properties: { a: name, b: name } }) });
    // THEN
    expect(restApiBody(Template.fromStack(stack)).components.schemas.Pair.properties.b).toEqual({ type: 'string' });
  });

  test('a model that refers to itself inside its properties (a recursive type) stays legal', () => {
    // GIVEN
    const stack = newStack();
    const api = restApi(stack);
    const node = Model.fromSchema('Node', {
      type: apigw.JsonSchemaType.OBJECT,
      properties: { children: { type: apigw.JsonSchemaType.ARRAY, items: { ref: '#/components/schemas/Node' } } },
    });
    // WHEN
    api.addRoute('POST /a', Integration.mock({ statusCode: 200 }), { ...PUBLIC, requestModel: node });
    // THEN
    expect(restApiBody(Template.fromStack(stack)).components.schemas.Node.properties.children.items).toEqual({ $ref: '#/components/schemas/Node' });
  });

  test('models that are only references to each other fail with ModelRefCycle', () => {
    // GIVEN
    const stack = newStack();
    const api = restApi(stack);
    api.addRoute('POST /a', Integration.mock({ statusCode: 200 }), { ...PUBLIC, requestModel: Model.fromSchema('A', { ref: '#/components/schemas/B' }) });
    // WHEN
    api.addModel(Model.fromSchema('B', { ref: '#/components/schemas/A' }));
    // THEN
    expect(() => Template.fromStack(stack)).toThrow(/\[ModelRefCycle\] model A -> B -> A is a cycle of references/);
  });
});

describe('OpenAPI import of hostile documents', () => {
  test('a schema 10,000 levels deep fails with the library\'s error, not a stack overflow', () => {
    // GIVEN
    const stack = newStack();
    // WHEN / THEN
    expect(() => importDocument(stack, documentWith(deepSchema(10_000)))).toThrow(/\[OpenApiDocumentTooDeep\] the OpenAPI document nests more than 160 levels deep/);
  });

  test('a schema 70 levels deep (within the document limit) fails with SchemaTooDeep', () => {
    // GIVEN
    const stack = newStack();
    // WHEN / THEN
    expect(() => importDocument(stack, documentWith({ $ref: '#/components/schemas/Deep' }, { schemas: { Deep: deepSchema(70) } }))).toThrow(/\[SchemaTooDeep\]/);
  });

  test('a document object that contains itself fails with OpenApiDocumentCycle', () => {
    // GIVEN
    const stack = newStack();
    const schema: Record<string, any> = { type: 'object', properties: {} };
    schema.properties.self = schema;
    // WHEN / THEN
    expect(() => importDocument(stack, documentWith(schema))).toThrow(/\[OpenApiDocumentCycle\] the OpenAPI document at \/paths\/~?.*contains itself/);
  });

  test('a YAML alias that contains itself fails with OpenApiDocumentCycle', () => {
    // GIVEN
    const stack = newStack();
    const yaml = [
      'openapi: 3.0.3',
      'info: { title: Hostile, version: "1" }',
      'paths:',
      '  /a:',
      '    post:',
      '      operationId: op',
      '      requestBody:',
      '        content:',
      '          application/json:',
      '            schema: &node',
      '              type: object',
      '              properties:',
      '                child: *node',
      '      responses: { "200": { description: ok } }',
    ].join('\n');
    // WHEN / THEN
    expect(() => GatewayRestApi.fromOpenApi(stack, 'Api', {
      definition: OpenApiDefinition.fromString(yaml),
      operations: { op: { integration: Integration.mock({ statusCode: 200 }), options: PUBLIC } },
    })).toThrow(/\[OpenApiDocumentCycle\]/);
  });

  test('a $ref chain that comes back to itself fails with OpenApiRefCycle', () => {
    // GIVEN
    const stack = newStack();
    const document = documentWith({ type: 'object' }, {
      requestBodies: { A: { $ref: '#/components/requestBodies/B' }, B: { $ref: '#/components/requestBodies/A' } },
    });
    document.paths['/a'].post.requestBody = { $ref: '#/components/requestBodies/A' };
    // WHEN / THEN
    expect(() => importDocument(stack, document))
      .toThrow(/\[OpenApiRefCycle\] operation POST \/a in the OpenAPI document: reference #\/components\/requestBodies\/A -> #\/components\/requestBodies\/B -> #\/components\/requestBodies\/A is a cycle/);
  });

  test('a chain of $refs that ends at an object resolves', () => {
    // GIVEN
    const stack = newStack();
    const document = documentWith({ type: 'object' }, {
      parameters: { Limit: { $ref: '#/components/parameters/RealLimit' }, RealLimit: { name: 'limit', in: 'query', required: true, schema: { type: 'integer' } } },
    });
    document.paths['/a'].post.parameters = [{ $ref: '#/components/parameters/Limit' }];
    // WHEN
    importDocument(stack, document);
    // THEN
    expect(restApiBody(Template.fromStack(stack)).paths['/a'].post.parameters).toEqual([{ name: 'limit', in: 'query', required: true, schema: { type: 'integer' } }]);
  });

  test('component schemas that are only references to each other fail with ModelRefCycle', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    importDocument(stack, documentWith({ $ref: '#/components/schemas/A' }, {
      schemas: { A: { $ref: '#/components/schemas/B' }, B: { $ref: '#/components/schemas/A' } },
    }));
    // THEN
    expect(() => Template.fromStack(stack)).toThrow(/\[ModelRefCycle\] model A -> B -> A/);
  });
});
