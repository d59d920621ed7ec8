import { Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { GatewayRestApi, Integration, Model, RequestValidation } from '../../lib';
import { fixtureFunction } from '../fixtures';
import { newStack, PUBLIC, restApiBody } from '../helpers';

const PET = Model.fromSchema('Pet', petSchema());

describe('Request validation', () => {
  test('a request model becomes a schema, a required JSON body, and is validated with the parameters by default', () => {
    // GIVEN
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    // WHEN
    api.addRoute('POST /pets', Integration.mock(), { ...PUBLIC, requestModel: PET, requestParameters: { 'method.request.header.X-Tenant': true } });
    // THEN
    const body = restApiBody(Template.fromStack(stack));
    expect(body.components.schemas.Pet).toEqual({
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 64 },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 10 },
      },
    });
    const operation = body.paths['/pets'].post;
    expect(operation.requestBody).toEqual({ required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } });
    expect(operation.parameters).toEqual([{ name: 'X-Tenant', in: 'header', required: true, schema: { type: 'string' } }]);
    expect(operation['x-amazon-apigateway-request-validator']).toBeUndefined();
    expect(body['x-amazon-apigateway-request-validator']).toBe('all');
    expect(body['x-amazon-apigateway-request-validators']).toEqual({ all: { validateRequestBody: true, validateRequestParameters: true } });
  });

  test('a route can validate only the body, only the parameters, or nothing; only the validators used are rendered', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('POST /a', Integration.mock(), { ...PUBLIC, requestModel: PET, requestValidation: RequestValidation.BODY });
    api.addRoute('GET /b', Integration.mock(), { ...PUBLIC, requestParameters: { 'method.request.querystring.page': true }, requestValidation: RequestValidation.PARAMETERS });
    api.addRoute('GET /c', Integration.mock(), { ...PUBLIC, requestValidation: RequestValidation.NONE });
    const body = restApiBody(Template.fromStack(stack));
    expect(body.paths['/a'].post['x-amazon-apigateway-request-validator']).toBe('body');
    expect(body.paths['/b'].get['x-amazon-apigateway-request-validator']).toBe('params');
    expect(body.paths['/c'].get['x-amazon-apigateway-request-validator']).toBe('none');
    expect(body['x-amazon-apigateway-request-validators']).toEqual({
      all: { validateRequestBody: true, validateRequestParameters: true },
      body: { validateRequestBody: true, validateRequestParameters: false },
      params: { validateRequestBody: false, validateRequestParameters: true },
      none: { validateRequestBody: false, validateRequestParameters: false },
    });
  });

  test('response models document the responses, and models may refer to each other', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    const fn = fixtureFunction(stack, 'Fn');
    const petList = Model.fromSchema('PetList', { type: apigw.JsonSchemaType.ARRAY, items: { ref: PET.ref } });
    api.addModel(PET);
    api.addRoute('GET /pets', Integration.lambda(fn), { ...PUBLIC, responseModels: { 200: petList } });
    const body = restApiBody(Template.fromStack(stack));
    expect(body.components.schemas.PetList).toEqual({ type: 'array', items: { $ref: '#/components/schemas/Pet' } });
    expect(body.paths['/pets'].get.responses).toEqual({ 200: { description: '200 response', content: { 'application/json': { schema: { $ref: '#/components/schemas/PetList' } } } } });
  });

  test('a reference to a model the API does not have fails synth with the fix', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /pets', Integration.mock(), { ...PUBLIC, responseModels: { 200: Model.fromSchema('PetList', { type: apigw.JsonSchemaType.ARRAY, items: { ref: PET.ref } }) } });
    expect(() => Template.fromStack(stack)).toThrow(/model PetList refers to model Pet, which the API does not have; add it with api.addModel\(\)/);
  });

  test('two different models with one name are rejected; the same schema under one name is shared', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('POST /a', Integration.mock(), { ...PUBLIC, requestModel: PET });
    api.addRoute('POST /b', Integration.mock(), { ...PUBLIC, requestModel: Model.fromSchema('Pet', petSchema()) });
    expect(() => api.addRoute('POST /c', Integration.mock(), { ...PUBLIC, requestModel: Model.fromSchema('Pet', { type: apigw.JsonSchemaType.STRING }) }))
      .toThrow(/two different models are named Pet/);
  });

  test.each([
    [Model.fromSchema('Bad-Name', { type: apigw.JsonSchemaType.STRING }), /model name "Bad-Name" is invalid/],
    [Model.fromSchema('M', { schema: apigw.JsonSchemaVersion.DRAFT7, type: apigw.JsonSchemaType.STRING }), /the schema dialect .*draft-07.* is not supported: API Gateway models are JSON Schema draft 4/],
    [Model.fromSchema('M', { type: [apigw.JsonSchemaType.STRING, apigw.JsonSchemaType.NULL] }), /type \["string","null"\] is not supported/],
    [Model.fromSchema('M', { type: apigw.JsonSchemaType.OBJECT, patternProperties: { '^x': {} } }), /keyword "patternProperties" is not supported in an OpenAPI 3.0 schema object/],
    [Model.fromSchema('M', { type: apigw.JsonSchemaType.OBJECT, properties: { a: { ref: 'https://example.com/s.json' } } }), /model M at \/properties\/a: reference "https:\/\/example.com\/s.json" is not supported/],
    [Model.fromSchema('M', { type: apigw.JsonSchemaType.STRING, pattern: '([a-z' }), /pattern "\(\[a-z" is not a valid regular expression/],
    [Model.fromSchema('M', { type: apigw.JsonSchemaType.ARRAY, items: [{ type: apigw.JsonSchemaType.STRING }] }), /tuple items/],
    [Model.fromSchema('M', { type: apigw.JsonSchemaType.OBJECT, required: [] }), /required is empty, which draft 4 forbids and API Gateway rejects/],
    [Model.fromSchema('M', { type: apigw.JsonSchemaType.STRING, enum: ['a', 'a'] }), /enum lists a value twice/],
    [Model.fromSchema('M', { type: apigw.JsonSchemaType.STRING, default: 'x' }), /default is not supported by API Gateway models/],
    [Model.fromSchema('M', { type: apigw.JsonSchemaType.NUMBER, format: 'int32' }), /format int32 is not supported by API Gateway models/],
  ])('bad model %# is rejected', (model, message) => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    expect(() => api.addRoute('POST /a', Integration.mock(), { ...PUBLIC, requestModel: model })).toThrow(message);
  });

  test.each([
    [{ requestParameters: { 'querystring.page': true } }, /request parameter "querystring.page" is invalid/],
    [{ requestParameters: { 'method.request.path.id': true } }, /names a path parameter the path does not have/],
    [{ requestParameters: { 'method.request.querystring.a b': true } }, /querystring parameter name "a b" is invalid/],
    [{ responseModels: { 2000: PET } }, /response model status code "2000" is invalid/],
  ])('bad route declarations %# are rejected', (options, message) => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    expect(() => api.addRoute('POST /a', Integration.mock(), { ...PUBLIC, ...options })).toThrow(message);
  });

  test('an optional path parameter is rejected', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    expect(() => api.addRoute('GET /a/{id}', Integration.mock(), { ...PUBLIC, requestParameters: { 'method.request.path.id': false } }))
      .toThrow(/path parameter id cannot be optional/);
  });
});

/** A fresh copy of the pet schema each call: equal content, distinct objects. */
function petSchema(): apigw.JsonSchema {
  return {
    schema: apigw.JsonSchemaVersion.DRAFT4,
    type: apigw.JsonSchemaType.OBJECT,
    required: ['name'],
    additionalProperties: false,
    properties: {
      name: { type: apigw.JsonSchemaType.STRING, minLength: 1, maxLength: 64 },
      tags: { type: apigw.JsonSchemaType.ARRAY, items: { type: apigw.JsonSchemaType.STRING }, maxItems: 10 },
    },
  };
}
