import { renderBody } from '../../../lib/rest/render/openapi-body';
import { IAM, newModel, route } from '../model-fixtures';

describe('renderBody', () => {
  test('renders the routes, in order, with the default request validator', () => {
    // GIVEN
    const model = newModel({ description: 'All the pets' });
    model.addRoute(route('GET /pets', { options: { operationId: 'listPets', summary: 'List pets' } }));
    model.addRoute(route('ANY /pets/{id}'));
    // WHEN
    const body = renderBody(model) as any;
    // THEN
    expect(body.openapi).toBe('3.0.1');
    expect(body.info).toEqual({ title: 'Pets', description: 'All the pets', version: '1.0' });
    expect(Object.keys(body.paths)).toEqual(['/pets', '/pets/{id}']);
    expect(body.paths['/pets'].get).toMatchObject({ operationId: 'listPets', summary: 'List pets', responses: { 200: { description: '200 response' } } });
    expect(body.paths['/pets/{id}']['x-amazon-apigateway-any-method'].parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
    expect(body['x-amazon-apigateway-request-validator']).toBe('all');
    expect(body.components).toBeUndefined();
  });

  test('adds the security schemes of IAM and API keys, and the API key source, only when routes use them', () => {
    // GIVEN
    const model = newModel();
    model.addRoute(route('GET /admin', { authorization: IAM, apiKeyRequired: true }));
    // WHEN
    const body = renderBody(model) as any;
    // THEN
    expect(Object.keys(body.components.securitySchemes)).toEqual(['sigv4', 'api_key']);
    expect(body.paths['/admin'].get.security).toEqual([{ sigv4: [], api_key: [] }]);
    expect(body['x-amazon-apigateway-api-key-source']).toBe('HEADER');
  });

  test('answers the preflight of each path with CORS, and adds CORS headers to the gateway responses', () => {
    // GIVEN
    const cors = { allowOrigins: ['https://app.example.com'] };
    const model = newModel();
    model.addRoute(route('GET /pets', { cors }));
    model.addRoute(route('POST /pets', { cors }));
    // WHEN
    const body = renderBody(model) as any;
    // THEN
    const preflight = body.paths['/pets'].options['x-amazon-apigateway-integration'].responses.default.responseParameters;
    expect(preflight['method.response.header.Access-Control-Allow-Methods']).toBe("'GET,POST,OPTIONS'");
    expect(body['x-amazon-apigateway-gateway-responses'].DEFAULT_4XX.responseParameters['gatewayresponse.header.Access-Control-Allow-Origin'])
      .toBe("'https://app.example.com'");
  });
});
