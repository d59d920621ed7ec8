import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Authorization, GatewayRestApi, Integration, OpenApiDefinition } from '../../lib';
import { fixtureFunction } from '../fixtures';
import { validateOpenApi } from '../harness/openapi-validator';
import { newStack, restApiBody } from '../helpers';

const PETSTORE = path.join(__dirname, 'petstore.yaml');

function bindAll(stack: ReturnType<typeof newStack>): Record<string, any> {
  const fn = fixtureFunction(stack, 'Pets');
  const pool = new cognito.UserPool(stack, 'Pool');
  return {
    listPets: { integration: Integration.lambda(fn), options: { authorization: Authorization.none() } },
    createPet: { integration: Integration.lambda(fn), options: { authorization: Authorization.cognito([pool], { scopes: ['pets/write'] }) } },
    showPetById: { integration: Integration.lambda(fn), options: { authorization: Authorization.none() } },
    renamePet: { integration: Integration.mock({ statusCode: 204 }), options: { authorization: Authorization.none() } },
  };
}

describe('GatewayRestApi.fromOpenApi', () => {
  test('a YAML file becomes routes bound by operationId, keeping models, parameters and validators', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    const api = GatewayRestApi.fromOpenApi(stack, 'Api', { definition: OpenApiDefinition.fromFile(PETSTORE), operations: bindAll(stack) });
    // THEN
    expect(api.apiName).toBe('Petstore');
    expect(api._model.routes.all.map(route => route.parsed.key)).toEqual(['GET /pets', 'POST /pets', 'GET /pets/{petId}', 'PATCH /pets/{petId}']);
    const body = restApiBody(Template.fromStack(stack));
    expect(body.info.description).toBe('Pets, imported from an existing OpenAPI document');
    expect(Object.keys(body.components.schemas)).toEqual(['Pet', 'NewPet', 'PetList', 'Unused', 'renamePetRequest']);
    expect(body.components.schemas.PetList).toEqual({ type: 'array', items: { $ref: '#/components/schemas/Pet' } });
    const list = body.paths['/pets'].get;
    expect(list.summary).toBe('List pets');
    expect(list.parameters).toEqual([
      { name: 'limit', in: 'query', required: false, schema: { type: 'integer' } },
      { name: 'X-Tenant', in: 'header', required: true, schema: { type: 'string' } },
    ]);
    expect(list['x-amazon-apigateway-request-validator']).toBe('params');
    expect(list.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/PetList' });
    const create = body.paths['/pets'].post;
    expect(create.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/NewPet' });
    expect(create['x-amazon-apigateway-request-validator']).toBeUndefined();
    expect(Object.keys(create.security[0])).toHaveLength(1);
    const rename = body.paths['/pets/{petId}'].patch;
    expect(rename.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/renamePetRequest' });
    expect(rename['x-amazon-apigateway-integration'].type).toBe('mock');
    expect(body.paths['/pets/{petId}'].get.parameters).toEqual([{ name: 'petId', in: 'path', required: true, schema: { type: 'string' } }]);
    expect(validateOpenApi(api.openApiDocument({ awsExtensions: false })).valid).toBe(true);
  });

  test('an optional request body stays optional, and schema keywords API Gateway does not support are dropped with a warning', () => {
    const stack = newStack();
    GatewayRestApi.fromOpenApi(stack, 'Api', {
      definition: OpenApiDefinition.fromObject({
        openapi: '3.0.1',
        info: { title: 'T', version: '1' },
        paths: { '/notes': { post: { operationId: 'addNote', requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Note' } } } } } } },
        components: { schemas: { Note: { type: 'object', properties: { text: { type: 'string', example: 'hi', default: '' } } } } },
      }),
      operations: { addNote: { integration: Integration.mock(), options: { authorization: Authorization.none() } } },
    });
    const body = restApiBody(Template.fromStack(stack));
    expect(body.paths['/notes'].post.requestBody.required).toBe(false);
    expect(body.components.schemas.Note).toEqual({ type: 'object', properties: { text: { type: 'string' } } });
    Annotations.fromStack(stack).hasWarning('/Test/Api', Match.stringLikeRegexp('model Note of the OpenAPI document uses example, default, which API Gateway models do not support'));
  });

  test('JSON files, JSON strings and objects work the same as YAML files', () => {
    const document = { openapi: '3.0.1', info: { title: 'Tiny', version: '1' }, paths: { '/ping': { get: { operationId: 'ping', responses: { 200: { description: 'pong' } } } } } };
    const jsonFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'import-')), 'tiny.json');
    fs.writeFileSync(jsonFile, JSON.stringify(document));
    const definitions = [
      OpenApiDefinition.fromFile(jsonFile), OpenApiDefinition.fromString(JSON.stringify(document)), OpenApiDefinition.fromObject(document),
    ];
    for (const definition of definitions) {
      const stack = newStack();
      const api = GatewayRestApi.fromOpenApi(stack, 'Api', { definition, operations: { ping: { integration: Integration.mock(), options: { authorization: Authorization.none() } } } });
      expect(api._model.routes.all.map(route => route.parsed.key)).toEqual(['GET /ping']);
    }
  });

  test('an operation without a binding fails synth, naming it', () => {
    const stack = newStack();
    const operations = bindAll(stack);
    delete operations.renamePet;
    expect(() => GatewayRestApi.fromOpenApi(stack, 'Api', { definition: OpenApiDefinition.fromFile(PETSTORE), operations }))
      .toThrow(/operations of the OpenAPI document have no binding: renamePet \(PATCH \/pets\/\{petId\}\)/);
  });

  test('a binding without an operation fails synth, naming it', () => {
    const stack = newStack();
    const operations = { ...bindAll(stack), deletePet: { integration: Integration.mock() } };
    expect(() => GatewayRestApi.fromOpenApi(stack, 'Api', { definition: OpenApiDefinition.fromFile(PETSTORE), operations }))
      .toThrow(/operations binds deletePet, which the OpenAPI document does not have/);
  });

  test('an operation that declares security needs authorization in its binding', () => {
    const stack = newStack();
    const operations = { ...bindAll(stack), createPet: { integration: Integration.mock() } };
    expect(() => GatewayRestApi.fromOpenApi(stack, 'Api', { definition: OpenApiDefinition.fromFile(PETSTORE), operations }))
      .toThrow(/operation createPet \(POST \/pets\) declares security in the OpenAPI document.*pass options.authorization/);
  });

  test('operations whose bindings make no authorization decision fail together, listed with their count', () => {
    // GIVEN a document of seven operations, bound without authorization, and no defaultAuthorization
    const stack = newStack();
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const definition = OpenApiDefinition.fromObject({ openapi: '3.0.0', paths: Object.fromEntries(ids.map(id => [`/${id}`, { get: { operationId: id } }])) });
    const operations = Object.fromEntries(ids.map(id => [id, { integration: Integration.mock() }]));
    // WHEN imported THEN the error names the first five, the count, Authorization.none() and defaultAuthorization
    expect(() => GatewayRestApi.fromOpenApi(stack, 'Api', { definition, operations }))
      .toThrow(/\[RouteWithoutAuthorization\] 7 routes \(a \(GET \/a\), b \(GET \/b\), c \(GET \/c\), d \(GET \/d\), e \(GET \/e\), and 2 more\) have no authorization.*options: \{ authorization: Authorization\.none\(\) \}.*defaultAuthorization in the props of GatewayRestApi\.fromOpenApi\(\)/);
  });

  test('with a defaultAuthorization, bindings may leave authorization unset', () => {
    // GIVEN a document with one operation, bound without authorization, on an API whose default is IAM
    const stack = newStack();
    const definition = OpenApiDefinition.fromObject({ openapi: '3.0.0', paths: { '/a': { get: { operationId: 'a' } } } });
    // WHEN imported
    GatewayRestApi.fromOpenApi(stack, 'Api', { definition, operations: { a: { integration: Integration.mock() } }, defaultAuthorization: Authorization.iam() });
    // THEN the operation uses the default
    expect(restApiBody(Template.fromStack(stack)).paths['/a'].get.security).toEqual([{ sigv4: [] }]);
  });

  test.each([
    [OpenApiDefinition.fromFile('missing.yaml'), /OpenAPI file missing.yaml does not exist/],
    [OpenApiDefinition.fromString('openapi: [3.0'), /is neither valid YAML nor JSON/],
    [OpenApiDefinition.fromString('- a list'), /is not an OpenAPI document/],
    [OpenApiDefinition.fromObject({ swagger: '2.0', paths: {} }), /has openapi: undefined; API Gateway imports OpenAPI 3.0.x/],
    [OpenApiDefinition.fromObject({ openapi: '3.1.0', paths: {} }), /has openapi: "3.1.0"/],
    [OpenApiDefinition.fromObject({ openapi: '3.0.0' }), /has no paths/],
    [OpenApiDefinition.fromObject({ openapi: '3.0.0', paths: { '/a': { get: { responses: {} } } } }), /operation GET \/a in the OpenAPI document has no operationId/],
    [OpenApiDefinition.fromObject({ openapi: '3.0.0', paths: { '/a': { trace: { operationId: 't' } } } }), /API Gateway has no TRACE method/],
    [OpenApiDefinition.fromObject({ openapi: '3.0.0', paths: { '/a': { get: { operationId: 'a', parameters: [{ $ref: '#/components/parameters/Nope' }] } } } }),
      /reference "#\/components\/parameters\/Nope" does not resolve/],
    [OpenApiDefinition.fromObject({ openapi: '3.0.0', paths: { '/a': { get: { 'operationId': 'a', 'x-amazon-apigateway-request-validator': 'strict' } } } }),
      /request validator "strict" is not declared/],
    [OpenApiDefinition.fromObject({ openapi: '3.0.0', paths: { '/a': { post: { operationId: 'a', requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/X' } } } } } } } }),
      /schema #\/components\/schemas\/X is not in components.schemas/],
    [OpenApiDefinition.fromObject({ openapi: '3.0.0', paths: { '/a b': { get: { operationId: 'a' } } } }), /route "GET \/a b" is invalid/],
  ])('bad document %# fails synth with the reason', (definition, message) => {
    const stack = newStack();
    expect(() => GatewayRestApi.fromOpenApi(stack, 'Api', { definition, operations: { a: { integration: Integration.mock(), options: { authorization: Authorization.none() } }, t: { integration: Integration.mock() } } }))
      .toThrow(message);
  });
});
