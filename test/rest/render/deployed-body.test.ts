import { deployedBody } from '../../../lib/rest/render/deployed-body';

const STUB = { 200: { description: '200 response' } };

function document(operation: Record<string, unknown>): Record<string, unknown> {
  return { openapi: '3.0.1', info: { title: 't', version: '1' }, paths: { '/a': { get: operation } } };
}

describe('deployedBody', () => {
  test('a proxy operation loses the passthrough behavior and the placeholder 200 response, and keeps the rest', () => {
    const uri = { 'Fn::Sub': 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations' };
    const input = document({
      'operationId': 'getA',
      'parameters': [{ name: 'x', in: 'query', required: false, schema: { type: 'string' } }],
      'security': [{ sigv4: [] }],
      'responses': STUB,
      'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri, passthroughBehavior: 'when_no_match', timeoutInMillis: 1000 },
    });
    const output = deployedBody(input) as any;
    expect(output.paths['/a'].get).toEqual({
      'operationId': 'getA',
      'parameters': [{ name: 'x', in: 'query', required: false, schema: { type: 'string' } }],
      'security': [{ sigv4: [] }],
      'responses': { 200: { description: '' } },
      'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri, timeoutInMillis: 1000 },
    });
    // The input is not changed: the complete document is still exported from it.
    expect((input as any).paths['/a'].get.responses).toEqual(STUB);
    expect((input as any).paths['/a'].get['x-amazon-apigateway-integration'].passthroughBehavior).toBe('when_no_match');
  });

  test('an HTTP proxy is trimmed the same way', () => {
    const output = deployedBody(document({
      'responses': STUB,
      'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'ANY', uri: 'https://example.com', passthroughBehavior: 'when_no_match' },
    })) as any;
    expect(output.paths['/a'].get).toEqual({ 'responses': { 200: { description: '' } }, 'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'ANY', uri: 'https://example.com' } });
  });

  test('responses a proxy route declares (models, headers) are kept', () => {
    const declared = { 200: { description: '200 response', content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } } };
    const output = deployedBody(document({
      'responses': declared,
      'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: 'u', passthroughBehavior: 'when_no_match' },
    })) as any;
    expect(output.paths['/a'].get.responses).toEqual(declared);
  });

  test('non-proxy operations (AWS, HTTP and mock integrations with templates) are left exactly as they are', () => {
    for (const type of ['aws', 'http', 'mock']) {
      const operation = {
        'responses': STUB,
        'x-amazon-apigateway-integration': { type, passthroughBehavior: 'never', requestTemplates: { 'application/json': '{}' } },
      };
      expect((deployedBody(document(operation)) as any).paths['/a'].get).toBe(operation);
    }
  });

  test('a document without paths, and path items without operations to trim, are returned as they are', () => {
    const bare = { openapi: '3.0.1', info: { title: 't', version: '1' } };
    expect(deployedBody(bare)).toBe(bare);
    const options = { 'responses': STUB, 'x-amazon-apigateway-integration': { type: 'mock' } };
    const input = { paths: { '/a': { options } } };
    expect((deployedBody(input) as any).paths['/a']).toBe(input.paths['/a']);
  });
});
