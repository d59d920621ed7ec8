import { Authorization, Integration } from '../../lib';
import { documentNames, importModels, importRoutes } from '../../lib/openapi/import-operations';
import { SCOPE } from '../rest/model-fixtures';

const DOCUMENT = {
  openapi: '3.0.1',
  info: { title: 'Pets', description: '' },
  components: { schemas: { Pet: { type: 'object' } } },
  paths: {
    '/pets': {
      get: { operationId: 'listPets', parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' } }] },
      post: { operationId: 'createPet', requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } } },
    },
  },
};

describe('OpenAPI import, without an API', () => {
  test('turns the document into models and route definitions', () => {
    // GIVEN
    const integration = Integration.mock();
    const models = importModels(DOCUMENT);
    // WHEN
    const routes = [...importRoutes(SCOPE, DOCUMENT, {
      listPets: { integration, options: { authorization: Authorization.none() } },
      createPet: { integration },
    }, models, true)];
    // THEN
    expect(models.map(model => model.name)).toEqual(['Pet']);
    expect(routes.map(route => route.routeKey)).toEqual(['GET /pets', 'POST /pets']);
    expect(routes[0].integration).toBe(integration);
    expect(routes[0].options).toMatchObject({ operationId: 'listPets', requestParameters: { 'method.request.querystring.limit': false } });
    expect(routes[0].imported.parameterSchemas).toEqual({ 'querystring limit': { type: 'integer' } });
    expect(routes[1].options.requestModel).toBe(models[0]);
    expect(routes[1].imported.bodyOptional).toBe(true);
    expect(documentNames(DOCUMENT)).toEqual({ apiName: 'Pets', description: '' });
  });

  test('yields each route before reading the next operation, and fails on an unbound operation after the bound ones', () => {
    // GIVEN
    const routes = importRoutes(SCOPE, DOCUMENT, { listPets: { integration: Integration.mock() } }, importModels(DOCUMENT), true);
    // THEN
    expect(routes.next().value?.routeKey).toBe('GET /pets');
    expect(() => routes.next()).toThrow(/\[OpenApiImportInvalid\] operations of the OpenAPI document have no binding: createPet \(POST \/pets\)/);
  });
});
