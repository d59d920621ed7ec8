import { withoutAwsExtensions } from '../../../lib/rest/render/client-document';

describe('withoutAwsExtensions', () => {
  test('drops API Gateway extensions and spells an ANY operation out per method', () => {
    // GIVEN
    const document = {
      'openapi': '3.0.1',
      'x-amazon-apigateway-request-validator': 'all',
      'paths': {
        '/pets': {
          'get': { 'operationId': 'listPets', 'x-amazon-apigateway-integration': { type: 'mock' } },
          'x-amazon-apigateway-any-method': { operationId: 'anyPets', responses: {} },
        },
      },
    };
    // WHEN
    const client = withoutAwsExtensions(document) as any;
    // THEN
    expect(client['x-amazon-apigateway-request-validator']).toBeUndefined();
    expect(client.paths['/pets'].get).toEqual({ operationId: 'listPets' });
    expect(Object.keys(client.paths['/pets'])).toEqual(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);
    expect(client.paths['/pets'].post.operationId).toBe('anyPets_post');
  });
});
