import { CfnParameter, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import { GatewayRestApi, Integration, RequestValue } from '../../lib';
import { lintTemplates } from '../harness/cfn-lint';
import { validateOpenApi } from '../harness/openapi-validator';
import { renderMappingTemplate } from '../harness/vtl';
import { newStack, PUBLIC, restApiBody } from '../helpers';

function integrationOf(stack: Stack, path: string, method: string): any {
  return stack.resolve(restApiBody(Template.fromStack(stack)).paths[path][method]['x-amazon-apigateway-integration']);
}

function text(template: any): string {
  return typeof template === 'string' ? template : template['Fn::Join'][1].map((part: any) => (typeof part === 'string' ? part : 'events')).join('');
}

function statements(stack: Stack, integration: any): any[] {
  const roleId = integration.credentials['Fn::GetAtt'][0];
  const policies = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy')).filter((policy: any) => policy.Properties.Roles[0].Ref === roleId);
  expect(policies).toHaveLength(1);
  return (policies[0] as any).Properties.PolicyDocument.Statement;
}

const THROTTLED = JSON.stringify({ __type: 'ProvisionedThroughputExceededException', message: 'Rate exceeded for shard shardId-000000000000 in stream events under account 123456789012.' });

describe('Kinesis PutRecord and PutRecords', () => {
  test('PutRecord: the body base64-encoded, the partition key from the path; a role allowed only PutRecord on the stream and data keys of its KMS key', () => {
    // GIVEN a stream encrypted with a customer-managed key
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const stream = new kinesis.Stream(stack, 'Events', { encryption: kinesis.StreamEncryption.KMS, encryptionKey: key });
    const api = new GatewayRestApi(stack, 'Api');
    // WHEN a route writes a record
    api.addRoute('POST /devices/{id}/events', Integration.kinesisPutRecord(stream, { partitionKey: RequestValue.path('id') }), PUBLIC);
    // THEN the request is the PutRecord call of the JSON protocol
    const integration = integrationOf(stack, '/devices/{id}/events', 'post');
    expect(integration).toMatchObject({
      type: 'aws',
      httpMethod: 'POST',
      passthroughBehavior: 'never',
      requestParameters: { 'integration.request.header.Content-Type': "'application/x-amz-json-1.1'" },
    });
    expect(integration.uri['Fn::Join'][1]).toContain(':kinesis:action/PutRecord');
    expect(integration.requestTemplates['application/json']).toEqual({
      'Fn::Join': ['', ['{"StreamName": "', { Ref: stack.getLogicalId(stream.node.defaultChild as kinesis.CfnStream) }, '", "Data": "$util.base64Encode($input.body)", "PartitionKey": "$util.escapeJavaScript("$!input.params().path.get(\'id\')").replaceAll("\\\\\'", "\'")"}']],
    });
    const body = '{"temperature": 21.5}';
    expect(JSON.parse(renderMappingTemplate(text(integration.requestTemplates['application/json']), { body, path: { id: 'sensor-1' } }).output))
      .toEqual({ StreamName: 'events', Data: Buffer.from(body).toString('base64'), PartitionKey: 'sensor-1' });
    // AND the answer is the record's place; a throttled shard answers 429, without Kinesis's message
    expect(JSON.parse(renderMappingTemplate(integration.responses.default.responseTemplates['application/json'], { body: '{"SequenceNumber": "4959", "ShardId": "shardId-000000000000"}' }).output))
      .toEqual({ sequenceNumber: '4959', shardId: 'shardId-000000000000' });
    const throttled = renderMappingTemplate(integration.responses['4\\d{2}'].responseTemplates['application/json'], { body: THROTTLED });
    expect(throttled.statusOverride).toBe(429);
    expect(throttled.output).not.toContain('123456789012');
    expect(Object.keys(restApiBody(Template.fromStack(stack)).paths['/devices/{id}/events'].post.responses)).toEqual(['200', '400', '429', '502']);
    // AND the role may PutRecord on this stream, and make data keys with its key (nothing else)
    expect(statements(stack, integration)).toEqual([
      { Action: 'kinesis:PutRecord', Effect: 'Allow', Resource: { 'Fn::GetAtt': [stack.getLogicalId(stream.node.defaultChild as kinesis.CfnStream), 'Arn'] } },
      { Action: 'kms:GenerateDataKey', Effect: 'Allow', Resource: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] } },
    ]);
  });

  test('PutRecord without a partition key spreads records by request id', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('POST /events', Integration.kinesisPutRecord(kinesis.Stream.fromStreamArn(stack, 'S', 'arn:aws:kinesis:eu-west-1:123456789012:stream/events')), PUBLIC);
    const request = JSON.parse(renderMappingTemplate(integrationOf(stack, '/events', 'post').requestTemplates['application/json'], { body: '{}' }).output);
    expect(request).toEqual({ StreamName: 'events', Data: Buffer.from('{}').toString('base64'), PartitionKey: 'c0ffee00-0000-4000-8000-000000000000' });
  });

  test('PutRecords: one record per element of records, keyed by a field; per-record results without error messages', () => {
    const stack = newStack();
    const stream = new kinesis.Stream(stack, 'Events');
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('POST /batches', Integration.kinesisPutRecords(stream, { partitionKeyField: 'deviceId' }), PUBLIC);
    api.addRoute('POST /spread', Integration.kinesisPutRecords(stream), PUBLIC);
    const integration = integrationOf(stack, '/batches', 'post');
    expect(integration.uri['Fn::Join'][1]).toContain(':kinesis:action/PutRecords');
    const records = [{ deviceId: 'a', t: 1 }, { deviceId: 'b"c', t: 2 }];
    const request = JSON.parse(renderMappingTemplate(text(integration.requestTemplates['application/json']), { body: JSON.stringify({ records }) }).output);
    expect(request).toEqual({
      StreamName: 'events',
      Records: records.map(record => ({ Data: Buffer.from(JSON.stringify(record)).toString('base64'), PartitionKey: record.deviceId })),
    });
    const spread = JSON.parse(renderMappingTemplate(text(integrationOf(stack, '/spread', 'post').requestTemplates['application/json']), { body: JSON.stringify({ records }) }).output);
    expect(spread.Records.map((record: any) => record.PartitionKey)).toEqual(['c0ffee00-0000-4000-8000-000000000000-0', 'c0ffee00-0000-4000-8000-000000000000-1']);
    const answer = renderMappingTemplate(integration.responses.default.responseTemplates['application/json'], {
      body: JSON.stringify({ FailedRecordCount: 1, Records: [{ SequenceNumber: '1', ShardId: 'shardId-1' }, { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded for shard shardId-1 in stream events under account 123456789012.' }] }),
    });
    expect(JSON.parse(answer.output)).toEqual({ failedRecordCount: 1, records: [{ sequenceNumber: '1', shardId: 'shardId-1' }, { errorCode: 'ProvisionedThroughputExceededException' }] });
    expect(statements(stack, integration)).toEqual([{ Action: 'kinesis:PutRecords', Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.anything(), 'Arn'] } }]);
  });

  test.each([
    [(stack: Stack) => Integration.kinesisPutRecord(new kinesis.Stream(stack, 'S'), { partitionKey: RequestValue.text('') }), /\[KinesisPartitionKeyInvalid\] route POST \/e\/\{id\}: partition key "" is invalid: use 1 to 256 characters/],
    [(stack: Stack) => Integration.kinesisPutRecord(new kinesis.Stream(stack, 'S'), { partitionKey: RequestValue.text('k'.repeat(257)) }), /\[KinesisPartitionKeyInvalid\]/],
    [(stack: Stack) => Integration.kinesisPutRecord(new kinesis.Stream(stack, 'S'), { partitionKey: RequestValue.path('nope') }), /\[RequestValuePathUnknown\]/],
    [(stack: Stack) => Integration.kinesisPutRecords(new kinesis.Stream(stack, 'S'), { partitionKeyField: 'a.b' }), /\[KinesisPartitionKeyFieldInvalid\] route POST \/e\/\{id\}: partitionKeyField "a.b" is invalid/],
    [(stack: Stack) => Integration.kinesisPutRecord(kinesis.Stream.fromStreamArn(stack, 'S', 'arn:aws:kinesis:eu-west-1:123456789012:stream/a"b')), /\[KinesisStreamNameInvalid\] route POST \/e\/\{id\}: stream name "a\\"b" is invalid/],
    [(stack: Stack) => Integration.kinesisPutRecord(kinesis.Stream.fromStreamArn(stack, 'S', new CfnParameter(stack, 'Arn').valueAsString)), /\[TokenInTemplateUnsafe\].*import the stream by its ARN as a literal string/],
  ])('bad options %# are rejected', (integration, message) => {
    const stack = newStack();
    expect(() => new GatewayRestApi(stack, 'Api').addRoute('POST /e/{id}', integration(stack), PUBLIC)).toThrow(message);
  });

  test('the rendered template is cfn-lint clean and the document a valid OpenAPI 3 document', () => {
    const stack = newStack();
    const stream = new kinesis.Stream(stack, 'Events', { encryption: kinesis.StreamEncryption.KMS });
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('POST /events', Integration.kinesisPutRecord(stream), PUBLIC);
    api.addRoute('POST /batches', Integration.kinesisPutRecords(stream), PUBLIC);
    expect(lintTemplates([{ name: 'kinesis', template: Template.fromStack(stack).toJSON() }])).toEqual([]);
    expect(validateOpenApi(stack.resolve(api.openApiDocument())).valid).toBe(true);
  });
});
