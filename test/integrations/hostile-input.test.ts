import { CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as fc from 'fast-check';
import { Authorization, GatewayRestApi, Integration, MappingTemplate, RequestValue } from '../../lib';
import { renderMappingTemplate } from '../harness/vtl';
import { newStack, PUBLIC, restApiBody } from '../helpers';

/**
 * Values a caller can pass that would reshape a mapping template or the JSON
 * it builds: each is either rejected with the library's error, or lands
 * escaped, exactly where it belongs.
 */

/** Text made to break templates: quotes, backslashes, VTL syntax, control characters, any Unicode. */
const hostile = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1 }),
  fc.string({ unit: fc.constantFrom('"', '\'', '\\', '$', '#', '{', '}', '(', ')', '\n', '\r', '\u0000', '\t', 'a', ' ', '&', '='), minLength: 1 }),
  fc.constantFrom('x" || true || "', '${x}', '#set($x = 1)', '$util.escapeJavaScript("a")', '#if(true)yes#end', '## comment', '\\'),
);

/** The integration of the only route of a stack's API, tokens resolved. */
function integrationOf(stack: Stack, path: string, method: string): any {
  return stack.resolve(restApiBody(Template.fromStack(stack)).paths[path][method]['x-amazon-apigateway-integration']);
}

/** A template's text with its tokens (Fn::Join parts) filled with fixed values. */
function text(template: any): string {
  return typeof template === 'string' ? template : template['Fn::Join'][1].map((part: any) => (typeof part === 'string' ? part : 'TOKEN')).join('');
}

function requestTemplate(stack: Stack, path: string, method: string): string {
  return text(integrationOf(stack, path, method).requestTemplates['application/json']);
}

describe('names and ARNs of imported resources', () => {
  test.each([
    ['an SNS topic ARN with a quote', (stack: Stack) => Integration.snsPublish(sns.Topic.fromTopicArn(stack, 'T', "arn:aws:sns:us-east-1:123456789012:t')&TopicArn=$util.urlEncode('evil")), /\[SnsTopicArnInvalid\].*topic ARN "arn:aws:sns:us-east-1:123456789012:t'\)&TopicArn=.*is invalid: a topic ARN is arn:/],
    ['a state machine ARN with a quote', (stack: Stack) => Integration.stepFunctionsStartExecution(sfn.StateMachine.fromStateMachineArn(stack, 'M', 'arn:aws:states:us-east-1:123456789012:stateMachine:m", "input": "{}')), /\[StateMachineArnInvalid\]/],
    ['an event bus name with a quote', (stack: Stack) => Integration.eventBridgePutEvents(events.EventBus.fromEventBusName(stack, 'B', 'b", "Source": "aws.evil'), { source: 'com.x', detailType: 'X' }), /\[EventBusArnInvalid\].*event bus ARN has the literal part ":event-bus\/b\\", /],
    ['an event bus ARN with a $', (stack: Stack) => Integration.eventBridgePutEvents(events.EventBus.fromEventBusArn(stack, 'B', 'arn:aws:events:us-east-1:123456789012:event-bus/$input.body'), { source: 'com.x', detailType: 'X' }), /\[EventBusArnInvalid\]/],
    ['a table name with a #', (stack: Stack) => Integration.dynamoDbGetItem(dynamodb.Table.fromTableName(stack, 'T', 'pets#set($x = 1)'), { key: { id: RequestValue.path('id') } }), /\[DynamoDbTableNameInvalid\].*table name "pets#set\(\$x = 1\)" is invalid: use 3 to 255 characters/],
    ['a queue whose name climbs the URI path', (stack: Stack) => Integration.sqsSendMessage(sqs.Queue.fromQueueArn(stack, 'Q', 'arn:aws:sqs:us-east-1:123456789012:q/../other')), /\[SqsQueueNameInvalid\].*queue name "q\/..\/other"/],
  ])('%s is rejected', (_name, build, message) => {
    // GIVEN an API WHEN a route uses the imported resource THEN the value is rejected, named
    const stack = newStack();
    expect(() => new GatewayRestApi(stack, 'Api').addRoute('POST /x/{id}', build(stack), PUBLIC)).toThrow(message);
  });

  test('valid literal ARNs and names land in the request as they are', () => {
    // GIVEN imported resources with valid literal ARNs and names (a state machine name may hold an apostrophe)
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    const machineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:o'brien";
    const topicArn = 'arn:aws:sns:us-east-1:123456789012:alerts.fifo';
    api.addRoute('POST /run', Integration.stepFunctionsStartExecution(sfn.StateMachine.fromStateMachineArn(stack, 'M', machineArn)), PUBLIC);
    api.addRoute('POST /alert', Integration.snsPublish(sns.Topic.fromTopicArn(stack, 'T', topicArn), { messageGroupId: RequestValue.text('g') }), PUBLIC);
    api.addRoute('GET /pets/{id}', Integration.dynamoDbGetItem(dynamodb.Table.fromTableName(stack, 'D', 'pets.v2'), { key: { id: RequestValue.path('id') } }), PUBLIC);
    api.addRoute('POST /ev', Integration.eventBridgePutEvents(events.EventBus.fromEventBusName(stack, 'B', 'orders/eu'), { source: 'com.x', detailType: 'X' }), PUBLIC);
    // WHEN the request templates run
    const run = JSON.parse(renderMappingTemplate(requestTemplate(stack, '/run', 'post'), { body: '{}' }).output);
    const alert = new URLSearchParams(renderMappingTemplate(requestTemplate(stack, '/alert', 'post'), { body: 'm' }).output);
    const get = JSON.parse(renderMappingTemplate(requestTemplate(stack, '/pets/{id}', 'get'), { path: { id: '1' } }).output);
    const ev = JSON.parse(renderMappingTemplate(requestTemplate(stack, '/ev', 'post'), { body: '{}' }).output);
    // THEN each value is where it belongs, unchanged
    expect(run.stateMachineArn).toBe(machineArn);
    expect(alert.get('TopicArn')).toBe(topicArn);
    expect(alert.get('MessageGroupId')).toBe('g');
    expect(get.TableName).toBe('pets.v2');
    expect(ev.Entries[0].EventBusName).toBe('arn:TOKEN:events:TOKEN:TOKEN:event-bus/orders/eu');
  });

  test('deploy-time values that are not references to resources of the app are rejected, with the fix', () => {
    // GIVEN ARNs and names from a parameter and an import
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    const parameter = new CfnParameter(stack, 'TopicArn').valueAsString;
    // WHEN they land in a template THEN they are rejected
    expect(() => api.addRoute('POST /a', Integration.snsPublish(sns.Topic.fromTopicArn(stack, 'T', parameter)), PUBLIC))
      .toThrow(/\[TokenInTemplateUnsafe\] route POST \/a: topic ARN is a deploy-time value \(Test\/TopicArn.Ref\).*pass a Topic of the app, or import the topic by its ARN as a literal string/);
    expect(() => api.addRoute('POST /b', Integration.stepFunctionsStartExecution(sfn.StateMachine.fromStateMachineArn(stack, 'M', Fn.importValue('MachineArn'))), PUBLIC))
      .toThrow(/\[TokenInTemplateUnsafe\].*Fn::ImportValue/);
    expect(() => api.addRoute('POST /c', Integration.dynamoDbQuery(new dynamodb.TableV2(stack, 'D', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } }),
      { partitionKey: 'id', value: RequestValue.path('x'), indexName: new CfnParameter(stack, 'Index').valueAsString }), PUBLIC))
      .toThrow(/\[TokenInTemplateUnsafe\] route POST \/c: index name/);
  });

  test('references to resources of the app, here and in another stack, keep working', () => {
    // GIVEN a table in another stack of the app, and a topic imported by an ARN from pseudo parameters
    const stack = newStack();
    const other = new Stack(stack.node.scope as any, 'Other');
    const table = new dynamodb.TableV2(other, 'T', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
    const topic = sns.Topic.fromTopicArn(stack, 'Topic', `arn:${stack.partition}:sns:${stack.region}:${stack.account}:alerts`);
    const api = new GatewayRestApi(stack, 'Api');
    // WHEN routes use them THEN they synthesize
    api.addRoute('GET /t/{id}', Integration.dynamoDbGetItem(table, { key: { id: RequestValue.path('id') } }), PUBLIC);
    api.addRoute('POST /n', Integration.snsPublish(topic), PUBLIC);
    expect(JSON.stringify(integrationOf(stack, '/t/{id}', 'get').requestTemplates)).toContain('Fn::ImportValue');
  });
});

describe('fields the library writes into templates, with any characters', () => {
  test('EventBridge source and detail-type, and DynamoDB attribute names, come out of the JSON exactly', () => {
    fc.assert(fc.property(hostile, hostile, hostile, (source, detailType, attribute) => {
      fc.pre(!source.startsWith('aws.') && source.length <= 256 && detailType.length <= 128 && Buffer.byteLength(attribute) <= 255);
      // GIVEN routes whose options hold the text
      const stack = newStack();
      const api = new GatewayRestApi(stack, 'Api');
      api.addRoute('POST /e', Integration.eventBridgePutEvents(new events.EventBus(stack, 'Bus'), { source, detailType }), PUBLIC);
      const table = new dynamodb.TableV2(stack, 'T', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
      api.addRoute('POST /t', Integration.dynamoDbPutItem(table, { item: { id: RequestValue.body('$.id'), [attribute]: RequestValue.text(attribute) } }), PUBLIC);
      api.addRoute('GET /q', Integration.dynamoDbQuery(table, { partitionKey: attribute, value: RequestValue.text(detailType) }), PUBLIC);
      // WHEN the request templates run
      const event = JSON.parse(renderMappingTemplate(requestTemplate(stack, '/e', 'post'), { body: '{"a": 1}' }).output).Entries[0];
      const put = JSON.parse(renderMappingTemplate(requestTemplate(stack, '/t', 'post'), { body: '{"id": "1"}' }).output);
      const query = JSON.parse(renderMappingTemplate(requestTemplate(stack, '/q', 'get')).output);
      // THEN the values are the ones given, in their own fields only
      expect(event).toEqual({ EventBusName: 'TOKEN', Source: source, DetailType: detailType, Detail: '{"a": 1}' });
      expect(put.Item).toEqual(attribute === 'id' ? { id: { S: 'id' } } : { id: { S: '1' }, [attribute]: { S: attribute } });
      expect(query.ExpressionAttributeNames).toEqual({ '#pk': attribute });
      expect(query.ExpressionAttributeValues).toEqual({ ':pk': { S: detailType } });
    }), { numRuns: 25 });
  });

  test('RequestValue.text as a form field (SNS subject) comes out of the form exactly', () => {
    fc.assert(fc.property(hostile, subject => {
      const stack = newStack();
      new GatewayRestApi(stack, 'Api').addRoute('POST /n', Integration.snsPublish(new sns.Topic(stack, 'T'), { subject: RequestValue.text(subject) }), PUBLIC);
      const form = new URLSearchParams(renderMappingTemplate(requestTemplate(stack, '/n', 'post'), { body: 'hello' }).output);
      expect([...form.keys()]).toEqual(['TopicArn', 'Message', 'Subject']);
      expect(form.get('Subject')).toBe(subject);
      expect(form.get('Message')).toBe('hello');
    }), { numRuns: 25 });
  });

  test('a MappingTemplate.maskFields mask comes out of the JSON exactly', () => {
    fc.assert(fc.property(hostile, mask => {
      const output = renderMappingTemplate(MappingTemplate.maskFields(['ssn'], mask), { body: JSON.stringify([{ ssn: '1', name: 'a' }, { name: 'b', ssn: '2' }]) }).output;
      expect(JSON.parse(output)).toEqual([{ ssn: mask, name: 'a' }, { name: 'b', ssn: mask }]);
    }), { numRuns: 200 });
  });
});

describe('CORS origins in templates', () => {
  test('an origin from a parameter is rejected: it would land in the origin-echo template and static headers', () => {
    const stack = newStack();
    const origin = new CfnParameter(stack, 'Origin').valueAsString;
    expect(() => new GatewayRestApi(stack, 'Api', { cors: { allowOrigins: [origin, 'https://a.example.com'], allowCredentials: true } }))
      .toThrow(/Test\/Api: \[TokenInTemplateUnsafe\] the API: cors origin is a deploy-time value \(Test\/Origin.Ref\).*list the origins as literal strings/);
    expect(() => new GatewayRestApi(stack, 'Api2', { cors: { allowOrigins: [`https://x"${stack.region}`] } })).toThrow(/\[CorsOriginInvalid\].*literal part "https:\/\/x\\""/);
  });

  test("an origin built from a CloudFront distribution's domain name keeps working", () => {
    const stack = newStack();
    const distribution = new cloudfront.Distribution(stack, 'D', { defaultBehavior: { origin: new origins.HttpOrigin('example.com') } });
    const api = new GatewayRestApi(stack, 'Api', { cors: { allowOrigins: [`https://${distribution.distributionDomainName}`, 'https://a.example.com'], allowCredentials: true } });
    api.addRoute('GET /m', Integration.mock(), PUBLIC);
    const template = JSON.stringify(integrationOf(stack, '/m', 'get').responses.default.responseTemplates);
    expect(template).toContain('DomainName');
  });
});

describe('header values', () => {
  test.each([
    ['addHeaders', () => Integration.http('https://x.example.com', { addHeaders: { 'X-A': 'a\r\nX-Injected: 1' } }), /\[HeaderValueInvalid\] route GET \/h: header X-A has value "a\\r\\nX-Injected: 1", with the control character U\+000D/],
    ['an integration response header', () => Integration.http('https://x.example.com', { proxy: false, responses: [{ statusCode: 200, headers: { 'X-B': 'b\n' } }] }), /\[HeaderValueInvalid\].*response header X-B/],
    ['a mock header', () => Integration.mock({ headers: { 'X-C': 'c\u0000' } }), /\[HeaderValueInvalid\].*response header X-C.*U\+0000/],
    ['a mock content type', () => Integration.mock({ contentType: 'text/plain\r\nSet-Cookie: a=b' }), /\[HeaderValueInvalid\].*response header Content-Type/],
  ])('%s with CR, LF or NUL is rejected', (_name, build, message) => {
    const stack = newStack();
    expect(() => new GatewayRestApi(stack, 'Api').addRoute('GET /h', build(), PUBLIC)).toThrow(message);
  });

  test('a gateway response header with NUL is rejected', () => {
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    expect(() => api.addGatewayResponse(apigw.ResponseType.THROTTLED, { headers: { 'Retry-After': '1\u0000' } })).toThrow(/\[HeaderValueInvalid\] gateway response THROTTLED: header Retry-After has value "1\\u0000"/);
  });

  test('soapAction with a line break is rejected by the factory; a tab is a valid header character', () => {
    const soap = (soapAction: string) => Integration.soap('https://x.example.com', { namespace: 'urn:x', operation: 'Op', requestFields: [], responseFields: { a: 'A' }, soapAction });
    expect(() => soap('urn:x\nX-Injected: 1')).toThrow(/^Integration.soap: \[HeaderValueInvalid\] soapAction: the SOAPAction header has value/);
    expect(() => soap('urn:x\tok')).not.toThrow();
  });
});

describe('regular expressions API Gateway runs in Java', () => {
  const withPattern = (selectionPattern: string) => Integration.http('https://b.example.com/', {
    proxy: false, responses: [{ statusCode: 200 }, { statusCode: 400, selectionPattern }],
  });

  test.each(['(?>4\\d\\d)', '4\\p{Digit}{2}', '\\Q404\\E', '4(?i:\\d)\\d', '(?s)(?x) 4 \\d{2} # client errors', '4\\d{2}+'])(
    'selection pattern %j, valid in Java (not in JavaScript), is accepted', pattern => {
      const stack = newStack();
      new GatewayRestApi(stack, 'Api').addRoute('GET /a', withPattern(pattern), PUBLIC);
      expect(Object.keys(integrationOf(stack, '/a', 'get').responses)).toContain(pattern);
    });

  test.each([
    ['4\\d{,2}', /Illegal repetition near index 3/], ['[[4]', /Unclosed character class/], ['4\\d**', /Dangling meta character '\*'/], ['(?<n>4)(?<n>5)', /Named capturing group <n> is already defined/],
  ])('selection pattern %j, invalid in Java (not in JavaScript, for most), is rejected', (pattern, message) => {
    const stack = newStack();
    expect(() => new GatewayRestApi(stack, 'Api').addRoute('GET /a', withPattern(pattern), PUBLIC))
      .toThrow(new RegExp(`\\[SelectionPatternInvalid\\].*is not a valid regular expression in Java's syntax \\(${message.source}`));
  });

  test('token authorizer validationRegex is checked as Java would', () => {
    const stack = newStack();
    const handler = lambda.Function.fromFunctionArn(stack, 'Auth', 'arn:aws:lambda:us-east-1:123456789012:function:auth');
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /a', Integration.mock(), { authorization: Authorization.lambdaToken(handler, { validationRegex: '(?i)^bearer \\p{Alnum}++$' }) });
    expect(() => api.addRoute('GET /b', Integration.mock(), { authorization: Authorization.lambdaToken(handler, { validationRegex: '^Bearer [[a-z]+$' }) }))
      .toThrow(/\[TokenAuthorizerRegexInvalid\].*validationRegex "\^Bearer \[\[a-z\]\+\$" is not a valid regular expression in Java's syntax: Unclosed character class/);
  });
});
