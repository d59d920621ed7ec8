import { Lazy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { GatewayRestApi, Integration, IRestIntegration, MappingTemplate, RequestValue } from '../../lib';
import { renderMappingTemplate } from '../harness/vtl';
import { newStack, PUBLIC, restApiBody } from '../helpers';


describe('MappingTemplate helpers, run by a Velocity engine', () => {
  test('maskFields masks the named fields of an object and keeps every other value as JSON', () => {
    const { output } = renderMappingTemplate(MappingTemplate.maskFields(['ssn', 'card']), {
      body: JSON.stringify({ name: 'Rex "the dog"', ssn: '123-45-6789', card: { number: '4111' }, age: 3, tags: ['a'], vet: null }),
    });
    expect(JSON.parse(output)).toEqual({ name: 'Rex "the dog"', ssn: '***', card: '***', age: 3, tags: ['a'], vet: null });
  });

  test('maskFields applies to every object of a list, with a custom mask', () => {
    const { output } = renderMappingTemplate(MappingTemplate.maskFields(['email'], 'hidden'), {
      body: JSON.stringify([{ id: 1, email: 'a@example.com' }, { id: 2 }, { email: 'b@example.com' }]),
    });
    expect(JSON.parse(output)).toEqual([{ id: 1, email: 'hidden' }, { id: 2 }, { email: 'hidden' }]);
  });

  test('keys with quotes stay valid JSON, and elements that are not objects pass through', () => {
    const template = MappingTemplate.maskFields(['secret']);
    const run = (body: unknown): unknown => JSON.parse(renderMappingTemplate(template, { body: JSON.stringify(body) }).output);
    expect(run({ 'it\'s': 1, 'say "hi"': 'x', 'secret': 2 })).toEqual({ 'it\'s': 1, 'say "hi"': 'x', 'secret': '***' });
    expect(run(['a', 3, [1], { secret: 1 }, null])).toEqual(['a', 3, [1], { secret: '***' }, null]);
    expect(run('just text')).toEqual('just text');
  });

  test('dropFields removes the named fields, including the first and the last', () => {
    const template = MappingTemplate.dropFields(['internal', 'secret']);
    const run = (body: unknown): unknown => JSON.parse(renderMappingTemplate(template, { body: JSON.stringify(body) }).output);
    expect(run({ internal: 1, id: 'x', secret: 's' })).toEqual({ id: 'x' });
    expect(run([{ secret: 1 }, { id: 2, internal: true }])).toEqual([{}, { id: 2 }]);
    expect(run([])).toEqual([]);
  });

  test('jsonToSoapEnvelope builds a SOAP 1.1 envelope with the fields XML-escaped', () => {
    const template = MappingTemplate.jsonToSoapEnvelope('http://vets.example.com/quotes', 'GetQuote', ['species', 'weight', 'missing']);
    const { output } = renderMappingTemplate(template, {
      body: JSON.stringify({ species: 'cat & <dog> "x"', weight: 4.5 }),
    });
    expect(output).toBe([
      '<?xml version="1.0" encoding="utf-8"?>',
      '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">',
      '<soap:Body>',
      '<ns:GetQuote xmlns:ns="http://vets.example.com/quotes">',
      '<ns:species>cat &amp; &lt;dog&gt; &quot;x&quot;</ns:species>',
      '<ns:weight>4.5</ns:weight>',
      '<ns:missing></ns:missing>',
      '</ns:GetQuote>',
      '</soap:Body>',
      '</soap:Envelope>',
    ].join('\n'));
  });

  test('xmlToJson reads elements under any prefix, decodes entities, and gives null for missing ones', () => {
    const xml = '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><m:GetQuoteResponse xmlns:m="q">'
      + '<m:Price currency="EUR">12.50</m:Price><Note>Bring the "card" &amp; it\'s\n<b>free</b> &lt;3</Note></m:GetQuoteResponse></s:Body></s:Envelope>';
    const { output } = renderMappingTemplate(MappingTemplate.xmlToJson({ price: 'Price', note: 'Note', vet: 'Vet' }), { body: xml });
    expect(JSON.parse(output)).toEqual({ price: '12.50', note: 'Bring the "card" & it\'s\n<b>free</b> <3', vet: null });
  });

  test.each([
    [() => MappingTemplate.maskFields([]), /name at least one field/],
    [() => MappingTemplate.maskFields(['a.b']), /field "a.b" must be 1 to 128 letters/],
    [() => MappingTemplate.maskFields(['a'], Lazy.string({ produce: () => '$x' })), /\[MaskInvalid\].*is a deploy-time value.*pass the mask as a literal string/],
    [() => MappingTemplate.jsonToSoapEnvelope('http://x', '1Op', ['a']), /XML operation name "1Op" is invalid/],
    [() => MappingTemplate.jsonToSoapEnvelope('http://x y', 'Op', ['a']), /namespace "http:\/\/x y" must be a URI/],
    [() => MappingTemplate.jsonToSoapEnvelope('urn:x#end', 'Op', ['a']), /must be a URI without spaces, control characters, quotes, <, >, &, \$ or #/],
    [() => MappingTemplate.jsonToSoapEnvelope('urn:x\u0001', 'Op', ['a']), /\[XmlNamespaceInvalid\]/],
    [() => MappingTemplate.xmlToJson({}), /name at least one field/],
    [() => MappingTemplate.xmlToJson({ 'a b': 'A' }), /JSON field "a b" must be/],
    [() => Integration.soap('https://x.example.com', { namespace: 'n', operation: 'Op', requestFields: [], responseFields: { a: 'A' }, soapAction: '"x"' }), /must not contain quotes/],
  ])('bad helper input %# is rejected', (build, message) => {
    expect(build).toThrow(message);
  });
});

describe('Integration.soap', () => {
  test('renders a non-proxy POST with the envelope, text/xml, SOAPAction, and XML-to-JSON responses', () => {
    const stack = newStack();
    new GatewayRestApi(stack, 'Api').addRoute('POST /quotes', Integration.soap('https://soap.example.com/QuoteService.asmx', {
      namespace: 'http://vets.example.com/quotes', operation: 'GetQuote', requestFields: ['species'], responseFields: { price: 'Price' }, soapAction: 'http://vets.example.com/quotes/GetQuote',
    }), PUBLIC);
    const integration = restApiBody(Template.fromStack(stack)).paths['/quotes'].post['x-amazon-apigateway-integration'];
    expect(integration).toMatchObject({
      type: 'http',
      httpMethod: 'POST',
      uri: 'https://soap.example.com/QuoteService.asmx',
      passthroughBehavior: 'never',
      requestParameters: {
        'integration.request.header.Content-Type': "'text/xml; charset=utf-8'",
        'integration.request.header.SOAPAction': '\'"http://vets.example.com/quotes/GetQuote"\'',
      },
    });
    expect(integration.requestTemplates['application/json']).toContain('<ns:GetQuote xmlns:ns="http://vets.example.com/quotes">');
    expect(integration.responses.default.responseTemplates['application/json']).toBe(MappingTemplate.xmlToJson({ price: 'Price' }));
    expect(integration.responses['5\\d{2}'].statusCode).toBe('502');
  });
});

describe('AWS service templates, run by a Velocity engine', () => {
  function templates(build: (stack: any) => IRestIntegration, routeKey: string): any {
    const stack = newStack();
    new GatewayRestApi(stack, 'Api').addRoute(routeKey, build(stack), PUBLIC);
    const [method, path] = routeKey.split(' ');
    return stack.resolve(restApiBody(Template.fromStack(stack)).paths[path][method.toLowerCase()]['x-amazon-apigateway-integration']);
  }
  /** Fills the tokens a template may hold (ARNs, names) with fixed values. */
  function text(template: any): string {
    return typeof template === 'string' ? template : template['Fn::Join'][1].map((part: any) => (typeof part === 'string' ? part : 'arn:aws:x')).join('');
  }

  test('Step Functions: the body becomes the input string, quotes and apostrophes intact; failures answer 502', () => {
    const integration = templates(stack => Integration.stepFunctionsStartSyncExecution(new sfn.StateMachine(stack, 'M', {
      definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'P')), stateMachineType: sfn.StateMachineType.EXPRESS,
    })), 'POST /run');
    const body = JSON.stringify({ name: 'O\'Malley "Jr"', note: 'a/b\nc' });
    const request = JSON.parse(renderMappingTemplate(text(integration.requestTemplates['application/json']), { body }).output);
    expect(JSON.parse(request.input)).toEqual(JSON.parse(body));
    const response = integration.responses.default.responseTemplates['application/json'];
    const ok = renderMappingTemplate(response, { body: JSON.stringify({ status: 'SUCCEEDED', output: '{"done":true}' }) });
    expect(JSON.parse(ok.output)).toEqual({ done: true });
    expect(ok.statusOverride).toBeUndefined();
    const failed = renderMappingTemplate(response, { body: JSON.stringify({ status: 'FAILED', error: 'States.TaskFailed', cause: 'secret details' }) });
    expect(failed.statusOverride).toBe(502);
    expect(JSON.parse(failed.output)).toEqual({ message: 'The workflow did not succeed', status: 'FAILED', requestId: expect.any(String) });
  });

  test('request values: a missing value is empty, a number is its digits, a header is found in lower case too', () => {
    const integration = templates(stack => Integration.dynamoDbPutItem(new dynamodb.TableV2(stack, 'T', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } }), {
      item: { id: RequestValue.body('$.id'), note: RequestValue.body('$.note'), tenant: RequestValue.header('X-Tenant') },
    }), 'POST /things');
    const request = JSON.parse(renderMappingTemplate(text(integration.requestTemplates['application/json']), {
      body: JSON.stringify({ id: 42 }), header: { 'x-tenant': 'acme' },
    }).output);
    expect(request.Item).toEqual({ id: { S: '42' }, note: { S: '' }, tenant: { S: 'acme' } });
  });

  test('DynamoDB GetItem: the key from the path, escaped; 404 without an item', () => {
    const integration = templates(stack => Integration.dynamoDbGetItem(new dynamodb.TableV2(stack, 'T', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } }), {
      key: { id: RequestValue.path('id') },
    }), 'GET /owners/{id}');
    const request = JSON.parse(renderMappingTemplate(text(integration.requestTemplates['application/json']), { path: { id: 'o\'b"1' } }).output);
    expect(request).toEqual({ TableName: 'arn:aws:x', Key: { id: { S: 'o\'b"1' } } });
    const response = integration.responses.default.responseTemplates['application/json'];
    const found = renderMappingTemplate(response, { body: JSON.stringify({ Item: { id: { S: '1' } } }) });
    expect(JSON.parse(found.output)).toEqual({ id: { S: '1' } });
    const missing = renderMappingTemplate(response, { body: '{}' });
    expect(missing.statusOverride).toBe(404);
    expect(JSON.parse(missing.output).message).toBe('Not found');
  });

  test('EventBridge: the body becomes the detail string; a failed entry answers 502', () => {
    const integration = templates(stack => Integration.eventBridgePutEvents(new events.EventBus(stack, 'B'), { source: 'com.example', detailType: 'Thing' }), 'POST /e');
    const body = JSON.stringify({ it: 'is "quoted"' });
    const request = JSON.parse(renderMappingTemplate(text(integration.requestTemplates['application/json']), { body }).output);
    expect(request.Entries[0]).toEqual({ EventBusName: 'arn:aws:x', Source: 'com.example', DetailType: 'Thing', Detail: body });
    const response = integration.responses.default.responseTemplates['application/json'];
    expect(JSON.parse(renderMappingTemplate(response, { body: JSON.stringify({ FailedEntryCount: 0, Entries: [{ EventId: 'e1' }] }) }).output)).toEqual({ eventId: 'e1' });
    expect(renderMappingTemplate(response, { body: JSON.stringify({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'x' }] }) }).statusOverride).toBe(502);
  });

  test('SQS: the body is URL-encoded into the form; the answer carries the message id', () => {
    const integration = templates(stack => Integration.sqsSendMessage(new sqs.Queue(stack, 'Q')), 'POST /q');
    const { output } = renderMappingTemplate(integration.requestTemplates['application/json'], { body: '{"a": "b&c"}' });
    expect(new URLSearchParams(output).get('MessageBody')).toBe('{"a": "b&c"}');
    expect(new URLSearchParams(output).get('Action')).toBe('SendMessage');
    const response = integration.responses.default.responseTemplates['application/json'];
    expect(JSON.parse(renderMappingTemplate(response, { body: JSON.stringify({ SendMessageResponse: { SendMessageResult: { MessageId: 'm-1' } } }) }).output)).toEqual({ messageId: 'm-1' });
  });
});
