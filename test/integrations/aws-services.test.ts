import { CfnParameter, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { CacheSize, GatewayRestApi, Integration, RequestValue } from '../../lib';
import { integrationOf, newStack, PUBLIC, restApiBody } from '../helpers';


function setup(): { stack: Stack; api: GatewayRestApi } {
  const stack = newStack();
  return { stack, api: new GatewayRestApi(stack, 'Api') };
}


/** The only policy statement of the role an integration assumes. */
function rolePolicy(stack: Stack, integration: any): any {
  const roleId = integration.credentials['Fn::GetAtt'][0];
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::IAM::Role', {
    AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' } }] },
  });
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy: any) => policy.Properties.Roles[0].Ref === roleId);
  expect(policies).toHaveLength(1);
  return (policies[0] as any).Properties.PolicyDocument.Statement;
}

describe('AWS service integrations', () => {
  test('SQS SendMessage: form-encoded body, a role allowed only SendMessage on the queue and its key, 202 with the message id', () => {
    const { stack, api } = setup();
    const key = new kms.Key(stack, 'Key');
    const queue = new sqs.Queue(stack, 'Queue', { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: key });
    api.addRoute('POST /adoptions', Integration.sqsSendMessage(queue), PUBLIC);
    const integration = integrationOf(stack, '/adoptions', 'post');
    expect(integration).toMatchObject({
      type: 'aws',
      httpMethod: 'POST',
      uri: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':apigateway:', { Ref: 'AWS::Region' }, ':sqs:path/', { Ref: 'AWS::AccountId' }, '/', { 'Fn::GetAtt': [expect.stringMatching(/Queue/), 'QueueName'] }]] },
      passthroughBehavior: 'never',
      requestParameters: { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" },
      requestTemplates: { 'application/json': 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)' },
    });
    expect(integration.responses.default).toEqual({
      statusCode: '202',
      responseTemplates: { 'application/json': '{"messageId": "$input.path(\'$.SendMessageResponse.SendMessageResult.MessageId\')"}' },
    });
    expect(integration.responses['4\\d{2}'].statusCode).toBe('400');
    expect(integration.responses['5\\d{2}'].statusCode).toBe('502');
    const statements = rolePolicy(stack, integration);
    expect(statements).toEqual([
      { Action: 'sqs:SendMessage', Effect: 'Allow', Resource: { 'Fn::GetAtt': [stack.getLogicalId(queue.node.defaultChild as sqs.CfnQueue), 'Arn'] } },
      { Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] } },
    ]);
  });

  test('routes calling the same action on the same resource share one role', () => {
    const { stack, api } = setup();
    const queue = new sqs.Queue(stack, 'Queue');
    api.addRoute('POST /a', Integration.sqsSendMessage(queue), PUBLIC);
    api.addRoute('POST /b', Integration.sqsSendMessage(queue), PUBLIC);
    Template.fromStack(stack).resourceCountIs('AWS::IAM::Role', 2); // the integration role, and the account's CloudWatch role
    expect(integrationOf(stack, '/a', 'post').credentials).toEqual(integrationOf(stack, '/b', 'post').credentials);
  });

  test('routes querying two indexes of one table share one role, allowed on both indexes', () => {
    // GIVEN a table with two indexes
    const { stack, api } = setup();
    const table = new dynamodb.TableV2(stack, 'Table', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      globalSecondaryIndexes: [
        { indexName: 'byCity', partitionKey: { name: 'city', type: dynamodb.AttributeType.STRING } },
        { indexName: 'byOwner', partitionKey: { name: 'owner', type: dynamodb.AttributeType.STRING } },
      ],
    });
    // WHEN two routes query one index each
    api.addRoute('GET /by-city/{city}', Integration.dynamoDbQuery(table, { partitionKey: 'city', value: RequestValue.path('city'), indexName: 'byCity' }), PUBLIC);
    api.addRoute('GET /by-owner/{owner}', Integration.dynamoDbQuery(table, { partitionKey: 'owner', value: RequestValue.path('owner'), indexName: 'byOwner' }), PUBLIC);
    // THEN they share the role, and its policy lists both index ARNs
    const city = integrationOf(stack, '/by-city/{city}', 'get');
    expect(integrationOf(stack, '/by-owner/{owner}', 'get').credentials).toEqual(city.credentials);
    const index = (name: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.anything(), 'Arn'] }, `/index/${name}`]] });
    expect(rolePolicy(stack, city)).toEqual([{ Action: 'dynamodb:Query', Effect: 'Allow', Resource: [index('byCity'), index('byOwner')] }]);
  });

  test('a FIFO queue needs a message group, which becomes a required parameter', () => {
    const { stack, api } = setup();
    const queue = new sqs.Queue(stack, 'Queue', { fifo: true });
    expect(() => api.addRoute('POST /a', Integration.sqsSendMessage(queue), PUBLIC)).toThrow(/FIFO queue Test\/Queue, which needs a message group/);
    api.addRoute('POST /orders/{customer}', Integration.sqsSendMessage(queue, { messageGroupId: RequestValue.path('customer') }), PUBLIC);
    expect(integrationOf(stack, '/orders/{customer}', 'post').requestTemplates['application/json'])
      .toBe('Action=SendMessage&MessageBody=$util.urlEncode($input.body)&MessageGroupId=$util.urlEncode("$!input.params().path.get(\'customer\')")'
        + '&MessageDeduplicationId=$context.requestId');
    const standard = new sqs.Queue(stack, 'Standard');
    expect(() => api.addRoute('POST /s', Integration.sqsSendMessage(standard, { messageGroupId: RequestValue.requestId() }), PUBLIC)).toThrow(/is not a FIFO queue/);
  });

  test('SNS Publish: the topic ARN and body as form fields, a subject from a header', () => {
    const { stack, api } = setup();
    const topic = new sns.Topic(stack, 'Topic');
    api.addRoute('POST /alerts', Integration.snsPublish(topic, { subject: RequestValue.header('X-Subject') }), PUBLIC);
    const template = Template.fromStack(stack);
    const operation = stack.resolve(restApiBody(template).paths['/alerts'].post);
    expect(operation['x-amazon-apigateway-integration'].uri['Fn::Join'][1]).toContain(':sns:action/Publish');
    expect(operation['x-amazon-apigateway-integration'].requestTemplates['application/json']).toEqual({
      'Fn::Join': ['', ['TopicArn=$util.urlEncode(\'', { Ref: expect.anything() }, '\')&Message=$util.urlEncode($input.body)&Subject=$util.urlEncode("$!input.params().header.get(\'X-Subject\')$!input.params().header.get(\'x-subject\')")']],
    });
    expect(operation.parameters).toEqual([{ name: 'X-Subject', in: 'header', required: true, schema: { type: 'string' } }]);
    expect(rolePolicy(stack, operation['x-amazon-apigateway-integration'])).toEqual([{ Action: 'sns:Publish', Effect: 'Allow', Resource: { Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) } }]);
  });

  test('SNS FIFO topics need a message group', () => {
    const { stack, api } = setup();
    const topic = new sns.Topic(stack, 'Topic', { fifo: true });
    expect(() => api.addRoute('POST /a', Integration.snsPublish(topic), PUBLIC)).toThrow(/FIFO topic Test\/Topic, which needs a message group/);
    api.addRoute('POST /a/{group}', Integration.snsPublish(topic, { messageGroupId: RequestValue.path('group') }), PUBLIC);
    expect(JSON.stringify(integrationOf(stack, '/a/{group}', 'post').requestTemplates))
      .toContain('&MessageGroupId=$util.urlEncode(\\"$!input.params().path.get(\'group\')\\")&MessageDeduplicationId=$context.requestId');
    const standard = new sns.Topic(stack, 'Standard');
    expect(() => api.addRoute('POST /b', Integration.snsPublish(standard, { messageGroupId: RequestValue.requestId() }), PUBLIC)).toThrow(/is not a FIFO topic/);
  });

  test('Step Functions StartExecution and StartSyncExecution, each with its own role', () => {
    const { stack, api } = setup();
    const express = new sfn.StateMachine(stack, 'Express', { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'P')), stateMachineType: sfn.StateMachineType.EXPRESS });
    api.addRoute('POST /checkups', Integration.stepFunctionsStartSyncExecution(express), PUBLIC);
    api.addRoute('POST /checkups/async', Integration.stepFunctionsStartExecution(express), PUBLIC);
    const sync = integrationOf(stack, '/checkups', 'post');
    expect(sync.uri['Fn::Join'][1]).toContain(':states:action/StartSyncExecution');
    expect(sync.requestTemplates['application/json']).toEqual({
      'Fn::Join': ['', ['{"stateMachineArn": "', { Ref: stack.getLogicalId(express.node.defaultChild as sfn.CfnStateMachine) }, '", "input": "$util.escapeJavaScript($input.body).replaceAll("\\\\\'", "\'")"}']],
    });
    expect(sync.responses.default.responseTemplates['application/json']).toContain('#set($context.responseOverride.status = 502)');
    expect(rolePolicy(stack, sync)).toEqual([{ Action: 'states:StartSyncExecution', Effect: 'Allow', Resource: { Ref: expect.anything() } }]);
    const async = integrationOf(stack, '/checkups/async', 'post');
    expect(async.uri['Fn::Join'][1]).toContain(':states:action/StartExecution');
    expect(async.responses.default.statusCode).toBe('202');
    expect(rolePolicy(stack, async)).toEqual([{ Action: 'states:StartExecution', Effect: 'Allow', Resource: { Ref: expect.anything() } }]);
  });

  test('StartSyncExecution on a STANDARD state machine is rejected', () => {
    const { stack, api } = setup();
    const standard = new sfn.StateMachine(stack, 'Standard', { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'P')) });
    expect(() => api.addRoute('POST /a', Integration.stepFunctionsStartSyncExecution(standard), PUBLIC))
      .toThrow(/StartSyncExecution only runs EXPRESS state machines; create it with stateMachineType: StateMachineType.EXPRESS/);
  });

  test('DynamoDB GetItem: a key from the path, 404 when absent, a role allowed only GetItem on the table', () => {
    const { stack, api } = setup();
    const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    api.addRoute('GET /owners/{id}', Integration.dynamoDbGetItem(table, { key: { id: RequestValue.path('id') }, consistentRead: true }), PUBLIC);
    const integration = integrationOf(stack, '/owners/{id}', 'get');
    expect(integration.uri['Fn::Join'][1]).toContain(':dynamodb:action/GetItem');
    expect(integration.requestTemplates['application/json']).toEqual({
      'Fn::Join': ['', ['{"TableName": "', { Ref: expect.anything() }, '", "Key": {"id": {"S": "$util.escapeJavaScript("$!input.params().path.get(\'id\')").replaceAll("\\\\\'", "\'")"}}, "ConsistentRead": true}']],
    });
    expect(integration.responses.default.responseTemplates['application/json']).toContain('#set($context.responseOverride.status = 404)');
    // The 404 the template sets is declared, for the exported document and SDKs.
    expect(Object.keys(restApiBody(Template.fromStack(stack)).paths['/owners/{id}'].get.responses)).toEqual(['200', '400', '404', '502']);
    expect(rolePolicy(stack, integration)).toEqual([{ Action: 'dynamodb:GetItem', Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.anything(), 'Arn'] } }]);
  });

  test('DynamoDB PutItem from the body and Query on an index', () => {
    const { stack, api } = setup();
    const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    api.addRoute('POST /owners', Integration.dynamoDbPutItem(table, { item: { id: RequestValue.requestId(), name: RequestValue.body('$.name'), kind: RequestValue.text('owner') } }), PUBLIC);
    api.addRoute('GET /owners', Integration.dynamoDbQuery(table, { indexName: 'byCity', partitionKey: 'city', value: RequestValue.queryString('city'), limit: 50 }), PUBLIC);
    const put = integrationOf(stack, '/owners', 'post');
    expect(put.requestTemplates['application/json']['Fn::Join'][1][2]).toContain('"Item": {"id": {"S": "$util.escapeJavaScript("$!context.requestId")');
    expect(JSON.stringify(put.requestTemplates)).toContain('\\"kind\\": {\\"S\\": \\"owner\\"}');
    expect(put.responses.default.statusCode).toBe('201');
    const query = integrationOf(stack, '/owners', 'get');
    const queryTemplate = JSON.stringify(query.requestTemplates);
    expect(queryTemplate).toContain('\\"IndexName\\": \\"byCity\\"');
    expect(queryTemplate).toContain('\\"ExpressionAttributeNames\\": {\\"#pk\\": \\"city\\"}');
    expect(queryTemplate).toContain('\\"Limit\\": 50');
    expect(rolePolicy(stack, query)).toEqual([{ Action: 'dynamodb:Query', Effect: 'Allow', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.anything(), 'Arn'] }, '/index/byCity']] } }]);
    const operation = stack.resolve(restApiBody(Template.fromStack(stack)).paths['/owners'].get);
    expect(operation.parameters).toEqual([{ name: 'city', in: 'query', required: true, schema: { type: 'string' } }]);
  });

  test.each([
    [(table: dynamodb.ITable) => Integration.dynamoDbGetItem(table, { key: {} }), /the DynamoDB key has no attributes/],
    [(table: dynamodb.ITable) => Integration.dynamoDbGetItem(table, { key: { ['a'.repeat(256)]: RequestValue.path('id') } }), /\[DynamoDbAttributeNameInvalid\].*use 1 to 255 bytes/],
    [(table: dynamodb.ITable) => Integration.dynamoDbGetItem(table, { key: { id: RequestValue.path('nope') } }), /reads path parameter "nope", which the path does not have/],
    [(table: dynamodb.ITable) => Integration.dynamoDbGetItem(table, { key: { id: RequestValue.body('name') } }), /is not a simple JSONPath/],
    [(table: dynamodb.ITable) => Integration.dynamoDbGetItem(table, { key: { id: RequestValue.text(new CfnParameter(table, 'P').valueAsString) } }), /\[TokenInTemplateUnsafe\].*pass the text as a literal string/],
    [(table: dynamodb.ITable) => Integration.dynamoDbGetItem(table, { key: { id: RequestValue.queryString('a b') } }), /reads querystring parameter "a b", an invalid name/],
    [(table: dynamodb.ITable) => Integration.dynamoDbQuery(table, { partitionKey: 'id', value: RequestValue.path('id'), limit: 0 }), /query limit 0 must be a whole number from 1 to 1000/],
    [(table: dynamodb.ITable) => Integration.dynamoDbQuery(table, { partitionKey: 'id', value: RequestValue.path('id'), indexName: 'x' }), /index name "x" is invalid/],
  ])('bad DynamoDB options %# are rejected', (integration, message) => {
    const { stack, api } = setup();
    const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    expect(() => api.addRoute('GET /owners/{id}', integration(table), PUBLIC)).toThrow(message);
  });

  test('EventBridge PutEvents: headers of the JSON protocol, the body as detail, 502 when the entry failed', () => {
    const { stack, api } = setup();
    const bus = new events.EventBus(stack, 'Bus');
    api.addRoute('POST /events', Integration.eventBridgePutEvents(bus, { source: 'com.example.pets', detailType: 'PetAdopted' }), PUBLIC);
    const integration = integrationOf(stack, '/events', 'post');
    expect(integration.requestParameters).toEqual({
      'integration.request.header.X-Amz-Target': "'AWSEvents.PutEvents'",
      'integration.request.header.Content-Type': "'application/x-amz-json-1.1'",
    });
    expect(JSON.stringify(integration.requestTemplates)).toContain('\\"Source\\": \\"com.example.pets\\", \\"DetailType\\": \\"PetAdopted\\"');
    expect(integration.responses.default.responseTemplates['application/json']).toContain('FailedEntryCount');
    expect(rolePolicy(stack, integration)).toEqual([{ Action: 'events:PutEvents', Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.anything(), 'Arn'] } }]);
  });

  test.each([
    [{ source: 'aws.pets', detailType: 'X' }, /starts with "aws.", which EventBridge reserves/],
    [{ source: 'a'.repeat(257), detailType: 'X' }, /\[EventBridgeFieldInvalid\] route POST \/e: event source "a+" is invalid: use 1 to 256 characters/],
    [{ source: 'com.x', detailType: '' }, /event detailType "" is invalid/],
  ])('bad EventBridge options %# are rejected', (options, message) => {
    const { stack, api } = setup();
    expect(() => api.addRoute('POST /e', Integration.eventBridgePutEvents(new events.EventBus(stack, 'Bus'), options), PUBLIC)).toThrow(message);
  });

  test('on a cached stage, the query strings and headers an integration reads are part of the cache key', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api', { stages: [{ name: 'prod', cache: { size: CacheSize.GB_0_5 } }] });
    const table = new dynamodb.TableV2(stack, 'Table', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    api.addRoute('GET /items', Integration.dynamoDbGetItem(table, { key: { id: RequestValue.queryString('id'), tenant: RequestValue.header('X-Tenant') } }), PUBLIC);
    api.addRoute('GET /search', Integration.http('https://search.example.com/', { proxy: false, renameQueryStrings: { q: 'query' } }), PUBLIC);
    const body = restApiBody(Template.fromStack(stack));
    expect(body.paths['/items'].get['x-amazon-apigateway-integration'].cacheKeyParameters).toEqual(['method.request.querystring.id', 'method.request.header.X-Tenant']);
    expect(body.paths['/search'].get['x-amazon-apigateway-integration'].cacheKeyParameters).toEqual(['method.request.querystring.q']);
  });

  test('a user template and responses replace the service defaults', () => {
    const { stack, api } = setup();
    const queue = new sqs.Queue(stack, 'Queue');
    api.addRoute('POST /a', Integration.sqsSendMessage(queue, {
      requestTemplates: { 'application/json': 'Action=SendMessage&MessageBody=$util.urlEncode($input.json(\'$.message\'))' },
      responses: [{ statusCode: 204 }],
    }), PUBLIC);
    const integration = integrationOf(stack, '/a', 'post');
    expect(integration.requestTemplates).toEqual({ 'application/json': 'Action=SendMessage&MessageBody=$util.urlEncode($input.json(\'$.message\'))' });
    expect(integration.responses).toEqual({ default: { statusCode: '204' } });
  });
});
