import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { GatewayRestApi, Integration, RequestValue } from '../../lib';
import { lintTemplates } from '../harness/cfn-lint';
import { validateOpenApi } from '../harness/openapi-validator';
import { renderMappingTemplate } from '../harness/vtl';
import { newStack, PUBLIC, restApiBody } from '../helpers';

function setup(): { stack: Stack; api: GatewayRestApi; table: dynamodb.TableV2 } {
  const stack = newStack();
  const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
  return { stack, api: new GatewayRestApi(stack, 'Api'), table };
}

function integrationOf(stack: Stack, path: string, method: string): any {
  return stack.resolve(restApiBody(Template.fromStack(stack)).paths[path][method]['x-amazon-apigateway-integration']);
}

/** A template's text with its tokens (Fn::Join parts) filled with the table's name. */
function text(template: any): string {
  return typeof template === 'string' ? template : template['Fn::Join'][1].map((part: any) => (typeof part === 'string' ? part : 'pets')).join('');
}

/** The statements of the policy of the role an integration assumes. */
function statements(stack: Stack, integration: any): any[] {
  const roleId = integration.credentials['Fn::GetAtt'][0];
  const policies = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).filter((policy: any) => policy.Properties.Roles[0].Ref === roleId);
  expect(policies).toHaveLength(1);
  return (policies[0] as any).Properties.PolicyDocument.Statement;
}

const CONDITION_FAILED = JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'The conditional request failed' });

describe('DynamoDB UpdateItem, DeleteItem and Scan', () => {
  test('UpdateItem: SET of the named attributes, only on an existing item, ALL_NEW; 404 on a failed condition; a role allowed only UpdateItem on the table and its key', () => {
    // GIVEN a table encrypted with a customer-managed key
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const table = new dynamodb.Table(stack, 'Table', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING }, encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED, encryptionKey: key });
    const api = new GatewayRestApi(stack, 'Api');
    // WHEN a route updates an item
    api.addRoute('PATCH /pets/{id}', Integration.dynamoDbUpdateItem(table, { key: { id: RequestValue.path('id') }, set: { name: RequestValue.body('$.name'), status: RequestValue.text('renamed') } }), PUBLIC);
    // THEN the request is the UpdateItem call
    const integration = integrationOf(stack, '/pets/{id}', 'patch');
    expect(integration.uri['Fn::Join'][1]).toContain(':dynamodb:action/UpdateItem');
    const request = JSON.parse(renderMappingTemplate(text(integration.requestTemplates['application/json']), { path: { id: 'p"1' }, body: '{"name": "Rex \'the\' dog"}' }).output);
    expect(request).toEqual({
      TableName: 'pets',
      Key: { id: { S: 'p"1' } },
      UpdateExpression: 'SET #u0 = :u0, #u1 = :u1',
      ExpressionAttributeNames: { '#u0': 'name', '#u1': 'status', '#k0': 'id' },
      ExpressionAttributeValues: { ':u0': { S: 'Rex \'the\' dog' }, ':u1': { S: 'renamed' } },
      ConditionExpression: 'attribute_exists(#k0)',
      ReturnValues: 'ALL_NEW',
    });
    // AND a failed condition answers 404, other client errors 400, and the item is the 200 body
    const clientError = integration.responses['4\\d{2}'];
    expect(renderMappingTemplate(clientError.responseTemplates['application/json'], { body: CONDITION_FAILED }).statusOverride).toBe(404);
    const validation = renderMappingTemplate(clientError.responseTemplates['application/json'], { body: '{"__type": "com.amazonaws.dynamodb.v20120810#ValidationException"}' });
    expect(validation.statusOverride).toBeUndefined();
    expect(JSON.parse(validation.output).message).toBe('Bad request');
    expect(JSON.parse(renderMappingTemplate(integration.responses.default.responseTemplates['application/json'], { body: '{"Attributes": {"id": {"S": "1"}}}' }).output)).toEqual({ id: { S: '1' } });
    expect(Object.keys(restApiBody(Template.fromStack(stack)).paths['/pets/{id}'].patch.responses)).toEqual(['200', '400', '404', '502']);
    // AND the role may UpdateItem on the table, and use its key (as aws-cdk-lib grants a table's key)
    const tableArn = { 'Fn::GetAtt': [stack.getLogicalId(table.node.defaultChild as dynamodb.CfnTable), 'Arn'] };
    expect(statements(stack, integration)).toEqual([
      { Action: 'dynamodb:UpdateItem', Effect: 'Allow', Resource: tableArn },
      { Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] } },
    ]);
  });

  test('UpdateItem with requireExisting: false writes a new item too (no condition)', () => {
    const { stack, api, table } = setup();
    api.addRoute('PUT /pets/{id}', Integration.dynamoDbUpdateItem(table, { key: { id: RequestValue.path('id') }, set: { name: RequestValue.body('$.name') }, requireExisting: false }), PUBLIC);
    const request = JSON.parse(renderMappingTemplate(text(integrationOf(stack, '/pets/{id}', 'put').requestTemplates['application/json']), { path: { id: '1' }, body: '{"name": "Rex"}' }).output);
    expect(request.ConditionExpression).toBeUndefined();
    expect(request.ExpressionAttributeNames).toEqual({ '#u0': 'name' });
  });

  test('DeleteItem: the key from the path, 200 with the request id; with requireExisting, 404 for a missing item', () => {
    const { stack, api, table } = setup();
    api.addRoute('DELETE /pets/{id}', Integration.dynamoDbDeleteItem(table, { key: { id: RequestValue.path('id') } }), PUBLIC);
    api.addRoute('DELETE /strict/{id}', Integration.dynamoDbDeleteItem(table, { key: { id: RequestValue.path('id') }, requireExisting: true }), PUBLIC);
    const loose = integrationOf(stack, '/pets/{id}', 'delete');
    expect(loose.uri['Fn::Join'][1]).toContain(':dynamodb:action/DeleteItem');
    expect(JSON.parse(renderMappingTemplate(text(loose.requestTemplates['application/json']), { path: { id: '7' } }).output)).toEqual({ TableName: 'pets', Key: { id: { S: '7' } } });
    expect(renderMappingTemplate(loose.responses['4\\d{2}'].responseTemplates['application/json'], { body: CONDITION_FAILED }).statusOverride).toBeUndefined();
    const strict = integrationOf(stack, '/strict/{id}', 'delete');
    expect(JSON.parse(renderMappingTemplate(text(strict.requestTemplates['application/json']), { path: { id: '7' } }).output))
      .toEqual({ TableName: 'pets', Key: { id: { S: '7' } }, ExpressionAttributeNames: { '#k0': 'id' }, ConditionExpression: 'attribute_exists(#k0)' });
    expect(renderMappingTemplate(strict.responses['4\\d{2}'].responseTemplates['application/json'], { body: CONDITION_FAILED }).statusOverride).toBe(404);
    // Both routes share the DeleteItem role, allowed exactly that on the table
    expect(strict.credentials).toEqual(loose.credentials);
    expect(statements(stack, loose)).toEqual([{ Action: 'dynamodb:DeleteItem', Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.anything(), 'Arn'] } }]);
  });

  test('Scan: a page of limit items, a nextToken while there are more, which the next request takes back; a token that is not a page key cannot add to the call', () => {
    const { stack, api, table } = setup();
    api.addRoute('GET /pets', Integration.dynamoDbScan(table, { limit: 25 }), PUBLIC);
    const integration = integrationOf(stack, '/pets', 'get');
    expect(integration.uri['Fn::Join'][1]).toContain(':dynamodb:action/Scan');
    const template = text(integration.requestTemplates['application/json']);
    // The first page
    expect(JSON.parse(renderMappingTemplate(template).output)).toEqual({ TableName: 'pets', Limit: 25 });
    // A page with more: the response carries the token
    const page = renderMappingTemplate(integration.responses.default.responseTemplates['application/json'], {
      body: JSON.stringify({ Items: [{ id: { S: '1' } }], Count: 1, LastEvaluatedKey: { id: { S: '1' } } }),
    });
    const answer = JSON.parse(page.output);
    expect(answer).toEqual({ items: [{ id: { S: '1' } }], count: 1, nextToken: Buffer.from('{"id":{"S":"1"}}').toString('base64') });
    // The next request starts after it
    expect(JSON.parse(renderMappingTemplate(template, { querystring: { nextToken: answer.nextToken } }).output))
      .toEqual({ TableName: 'pets', Limit: 25, ExclusiveStartKey: { id: { S: '1' } } });
    // The last page has no token
    expect(JSON.parse(renderMappingTemplate(integration.responses.default.responseTemplates['application/json'], { body: '{"Items": [], "Count": 0}' }).output)).toEqual({ items: [], count: 0 });
    // A forged token that would widen the Scan becomes a start key DynamoDB refuses
    const forged = Buffer.from('{"id":{"S":"1"}}, "Limit": 1000, "X": {"S":"1"}').toString('base64');
    expect(JSON.parse(renderMappingTemplate(template, { querystring: { nextToken: forged } }).output)).toEqual({ TableName: 'pets', Limit: 25, ExclusiveStartKey: 'invalid' });
    // The token is an optional query string of the route, and the role may only Scan the table
    expect(stack.resolve(restApiBody(Template.fromStack(stack)).paths['/pets'].get.parameters)).toEqual([{ name: 'nextToken', in: 'query', required: false, schema: { type: 'string' } }]);
    expect(statements(stack, integration)).toEqual([{ Action: 'dynamodb:Scan', Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.anything(), 'Arn'] } }]);
  });

  test.each([
    [(table: dynamodb.ITable) => Integration.dynamoDbUpdateItem(table, { key: { id: RequestValue.path('id') }, set: {} }), /\[DynamoDbUpdateEmpty\] route PATCH \/pets\/\{id\}: the DynamoDB update sets no attributes/],
    [(table: dynamodb.ITable) => Integration.dynamoDbUpdateItem(table, { key: { id: RequestValue.path('id') }, set: { id: RequestValue.body('$.id') } }), /\[DynamoDbUpdateKeyAttribute\].*sets "id", an attribute of the key/],
    [(table: dynamodb.ITable) => Integration.dynamoDbUpdateItem(table, { key: {}, set: { a: RequestValue.body('$.a') } }), /\[DynamoDbAttributesEmpty\]/],
    [(table: dynamodb.ITable) => Integration.dynamoDbUpdateItem(table, { key: { id: RequestValue.path('id') }, set: { ['a'.repeat(256)]: RequestValue.body('$.a') } }), /\[DynamoDbAttributeNameInvalid\]/],
    [(table: dynamodb.ITable) => Integration.dynamoDbDeleteItem(table, { key: { id: RequestValue.path('nope') } }), /\[RequestValuePathUnknown\]/],
    [(table: dynamodb.ITable) => Integration.dynamoDbScan(table, { limit: 0 }), /\[DynamoDbScanLimitInvalid\] route PATCH \/pets\/\{id\}: scan limit 0 must be a whole number from 1 to 1000/],
    [(table: dynamodb.ITable) => Integration.dynamoDbScan(table, { limit: 1001 }), /\[DynamoDbScanLimitInvalid\]/],
    [(table: dynamodb.ITable) => Integration.dynamoDbScan(table, { limit: 2.5 }), /\[DynamoDbScanLimitInvalid\]/],
    [(table: dynamodb.ITable) => Integration.dynamoDbDeleteItem(dynamodb.Table.fromTableName(table, 'Imported', 'a$b'), { key: { id: RequestValue.path('id') } }), /\[DynamoDbTableNameInvalid\]/],
  ])('bad options %# are rejected', (integration, message) => {
    const { api, table } = setup();
    expect(() => api.addRoute('PATCH /pets/{id}', integration(table), PUBLIC)).toThrow(message);
  });

  test('the rendered template is cfn-lint clean and the document a valid OpenAPI 3 document', () => {
    const { stack, api, table } = setup();
    api.addRoute('PATCH /pets/{id}', Integration.dynamoDbUpdateItem(table, { key: { id: RequestValue.path('id') }, set: { name: RequestValue.body('$.name') } }), PUBLIC);
    api.addRoute('DELETE /pets/{id}', Integration.dynamoDbDeleteItem(table, { key: { id: RequestValue.path('id') }, requireExisting: true }), PUBLIC);
    api.addRoute('GET /pets', Integration.dynamoDbScan(table), PUBLIC);
    expect(lintTemplates([{ name: 'dynamodb-items', template: Template.fromStack(stack).toJSON() }])).toEqual([]);
    const validation = validateOpenApi(stack.resolve(api.openApiDocument()));
    expect(validation.errors).toEqual([]);
    expect(validation.valid).toBe(true);
  });
});
