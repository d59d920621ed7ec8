import { Template } from 'aws-cdk-lib/assertions';
import { Authorization, GatewayRestApi, Integration, IOpenApiDefinition, OpenApiDefinition, OpenApiDefinitionBindOptions, OpenApiDefinitionConfig } from '../../lib';
import { newStack, restApiBody } from '../helpers';

const DOCUMENT = {
  openapi: '3.0.1',
  info: { title: 'Generated', version: '1' },
  paths: { '/pets': { get: { operationId: 'listPets', responses: { 200: { description: 'ok' } } } } },
};

const operations = { listPets: { integration: Integration.mock(), options: { authorization: Authorization.none() } } };

describe('a definition the library does not read (IOpenApiDefinition)', () => {
  test('its document becomes the API, bound once in the scope the API is created in', () => {
    // GIVEN a definition that generates its document (e.g. from a framework's route table)
    const stack = newStack();
    const scopes: unknown[] = [];
    const definition: IOpenApiDefinition = {
      bind: (options: OpenApiDefinitionBindOptions): OpenApiDefinitionConfig => {
        scopes.push(options.scope);
        return { document: DOCUMENT, source: 'the generated document' };
      },
    };
    // WHEN
    GatewayRestApi.fromOpenApi(stack, 'Api', { definition, operations });
    // THEN
    const body = restApiBody(Template.fromStack(stack));
    expect(body.info.title).toBe('Generated');
    expect(Object.keys(body.paths)).toEqual(['/pets']);
    expect(scopes).toEqual([stack]);
  });

  test('its document passes the same checks as the library\'s, named by its source', () => {
    // GIVEN definitions returning a Swagger 2.0 document, and no object
    const swagger: IOpenApiDefinition = { bind: () => ({ document: { swagger: '2.0', paths: {} }, source: 'the generated document' }) };
    const notADocument: IOpenApiDefinition = { bind: () => ({ document: ['a list'] as any }) };
    // WHEN an API is built from them / THEN
    expect(() => GatewayRestApi.fromOpenApi(newStack(), 'Api', { definition: swagger, operations: {} }))
      .toThrow(/\[OpenApiVersionUnsupported\] the generated document has openapi: undefined/);
    expect(() => GatewayRestApi.fromOpenApi(newStack(), 'Api', { definition: notADocument, operations: {} }))
      .toThrow(/\[OpenApiNotADocument\] the OpenAPI document is not an OpenAPI document/);
  });

  test('the library\'s definitions are bound the same way', () => {
    // GIVEN / WHEN a string definition is bound / THEN it returns the parsed document
    const config = OpenApiDefinition.fromString(JSON.stringify(DOCUMENT)).bind({ scope: newStack() });
    expect(config.document).toEqual(DOCUMENT);
    expect(config.source).toBeUndefined();
  });
});
