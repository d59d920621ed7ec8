import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { CacheSize, Endpoint, GatewayRestApi, GatewayRestApiProps, Integration, IRestIntegration, ResponseTransferMode } from '../../lib';
import { fixtureFunction } from '../fixtures';
import { lintTemplates } from '../harness/cfn-lint';
import { validateOpenApiFiles } from '../harness/openapi-validator';
import { newStack, PUBLIC, restApiBody } from '../helpers';

const STREAM = { responseTransferMode: ResponseTransferMode.STREAM };

function api(stack: Stack, props: GatewayRestApiProps = {}): GatewayRestApi {
  return new GatewayRestApi(stack, 'Api', props);
}

function fnId(stack: Stack, fn: lambda.Function): string {
  return stack.getLogicalId(fn.node.defaultChild as lambda.CfnFunction);
}

/** A user-written integration that returns the given x-amazon-apigateway-integration object. */
function custom(integration: Record<string, unknown>): IRestIntegration {
  return { bind: () => ({ integration }) };
}

describe('Response streaming', () => {
  test('a Lambda proxy integration streams through InvokeWithResponseStream, with up to 15 minutes and no quota warning', () => {
    // GIVEN
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    // WHEN
    api(stack).addRoute('GET /pets/{id}/history/stream', Integration.lambda(fn, { ...STREAM, timeout: Duration.minutes(15) }), PUBLIC);
    // THEN
    const integration = restApiBody(Template.fromStack(stack)).paths['/pets/{id}/history/stream'].get['x-amazon-apigateway-integration'];
    expect(integration).toEqual({
      type: 'aws_proxy',
      httpMethod: 'POST',
      uri: { 'Fn::Sub': `arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2021-11-15/functions/\${${fnId(stack, fn)}.Arn}/response-streaming-invocations` },
      timeoutInMillis: 900_000,
      responseTransferMode: 'STREAM',
    });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('integration timeout|stream'))).toHaveLength(0);
    // AND InvokeWithResponseStream needs lambda:InvokeFunction, which the API's one permission grants
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': [fnId(stack, fn), 'Arn'] } });
  });

  test('a Lambda alias integration streams from the alias the stage variable names', () => {
    const stack = newStack();
    const fn = fixtureFunction(stack, 'Fn');
    api(stack, { stages: [{ name: 'prod', lambdaAlias: 'live' }] }).addRoute('GET /stream', Integration.lambdaAlias(fn, STREAM), PUBLIC);
    const integration = restApiBody(Template.fromStack(stack)).paths['/stream'].get['x-amazon-apigateway-integration'];
    expect(integration.uri).toEqual({
      'Fn::Sub': `arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2021-11-15/functions/\${${fnId(stack, fn)}.Arn}:\${!stageVariables.lambdaAlias}/response-streaming-invocations`,
    });
    expect(integration.responseTransferMode).toBe('STREAM');
  });

  test('an HTTP proxy integration streams', () => {
    const stack = newStack();
    const rest = api(stack);
    rest.addRoute('GET /feed', Integration.http('https://feed.example.com/events', { ...STREAM, timeout: Duration.minutes(10) }), PUBLIC);
    const integration = restApiBody(Template.fromStack(stack)).paths['/feed'].get['x-amazon-apigateway-integration'];
    expect(integration).toEqual({ type: 'http_proxy', httpMethod: 'GET', uri: 'https://feed.example.com/events', timeoutInMillis: 600_000, responseTransferMode: 'STREAM' });
  });

  test('BUFFERED, the default, leaves the body byte for byte as without the option', () => {
    const bodies = [undefined, ResponseTransferMode.BUFFERED].map(mode => {
      const stack = newStack();
      const rest = api(stack, { stages: [{ name: 'prod', lambdaAlias: 'live' }] });
      const fn = fixtureFunction(stack, 'Fn');
      rest.addRoute('GET /a', Integration.lambda(fn, { responseTransferMode: mode }), PUBLIC);
      rest.addRoute('GET /b', Integration.lambdaAlias(fn, { responseTransferMode: mode }), PUBLIC);
      rest.addRoute('GET /c', Integration.http('https://c.example.com/', { responseTransferMode: mode }), PUBLIC);
      return JSON.stringify(Template.fromStack(stack).toJSON());
    });
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[0]).not.toContain('responseTransferMode');
    expect(bodies[0]).not.toContain('response-streaming-invocations');
  });

  test('StreamingNeedsProxyIntegration: an HTTP integration with proxy: false, or a user-written non-proxy one', () => {
    const stack = newStack();
    const rest = api(stack);
    expect(() => rest.addRoute('GET /a', Integration.http('https://a.example.com/', { ...STREAM, proxy: false }), PUBLIC))
      .toThrow(/\[StreamingNeedsProxyIntegration\] route GET \/a: an HTTP integration with proxy: false cannot stream its response.*remove proxy: false/);
    expect(() => rest.addRoute('GET /b', custom({ type: 'aws', httpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:s3:path/b', responseTransferMode: 'STREAM' }), PUBLIC))
      .toThrow(/\[StreamingNeedsProxyIntegration\] route GET \/b: integration type "aws" cannot stream/);
    expect(() => rest.addRoute('GET /c', custom({ type: 'mock', responseTransferMode: 'STREAM' }), PUBLIC)).toThrow(/\[StreamingNeedsProxyIntegration\]/);
  });

  test('StreamingWithIntegrationResponses: a streaming config with integration responses', () => {
    const stack = newStack();
    expect(() => api(stack).addRoute('GET /a', custom({
      type: 'http_proxy',
      httpMethod: 'GET',
      uri: 'https://a.example.com/',
      responseTransferMode: 'STREAM',
      responses: { default: { statusCode: '200', responseTemplates: { 'application/json': '$input.body' } } },
    }), PUBLIC)).toThrow(/\[StreamingWithIntegrationResponses\] route GET \/a: a streamed response cannot be mapped by integration responses/);
  });

  test('a responseTransferMode outside the enum is refused, from the options and from a config', () => {
    const stack = newStack();
    const rest = api(stack);
    const fn = fixtureFunction(stack, 'Fn');
    expect(() => rest.addRoute('GET /a', Integration.lambda(fn, { responseTransferMode: 'STREAMED' as ResponseTransferMode }), PUBLIC))
      .toThrow(/\[ValueNotInSet\] route GET \/a: responseTransferMode "STREAMED" is not one of "BUFFERED", "STREAM"/);
    expect(() => rest.addRoute('GET /b', custom({ type: 'http_proxy', httpMethod: 'GET', uri: 'https://b.example.com/', responseTransferMode: 'stream' }), PUBLIC))
      .toThrow(/\[ValueNotInSet\] route GET \/b: the integration's responseTransferMode "stream"/);
  });

  test('StreamingTimeoutOutOfRange: a streamed response lasts at most 15 minutes; buffered limits are unchanged', () => {
    const regional = api(newStack());
    expect(() => regional.addRoute('GET /a', Integration.http('https://a.example.com/', { ...STREAM, timeout: Duration.seconds(901) }), PUBLIC))
      .toThrow(/\[StreamingTimeoutOutOfRange\] route GET \/a: integration timeout 901000 ms is out of range for a streamed response: API Gateway accepts 50 ms to 15 minutes/);
    expect(() => regional.addRoute('GET /b', Integration.http('https://b.example.com/', { ...STREAM, timeout: Duration.millis(40) }), PUBLIC))
      .toThrow(/\[StreamingTimeoutOutOfRange\]/);
    expect(() => regional.addRoute('GET /c', Integration.http('https://c.example.com/', { timeout: Duration.seconds(301) }), PUBLIC))
      .toThrow(/\[IntegrationTimeoutOutOfRange\]/);
  });

  test('a private API streams for up to 15 minutes too', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const endpoint = vpc.addInterfaceEndpoint('ExecuteApi', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY });
    api(stack, { endpoint: Endpoint.private({ vpcEndpoints: [endpoint] }) })
      .addRoute('GET /a', Integration.http('https://a.example.com/', { ...STREAM, timeout: Duration.minutes(15) }), PUBLIC);
    expect(restApiBody(Template.fromStack(stack)).paths['/a'].get['x-amazon-apigateway-integration'].timeoutInMillis).toBe(900_000);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('integration timeout'))).toHaveLength(0);
  });

  test('an edge-optimized API streams, with a warning about its 30-second idle timeout', () => {
    const stack = newStack();
    api(stack, { endpoint: Endpoint.edge() }).addRoute('GET /a', Integration.http('https://a.example.com/', STREAM), PUBLIC);
    Annotations.fromStack(stack).hasWarning('/Test/Api', Match.stringLikeRegexp('route GET /a: streams its response through an edge-optimized API, which closes a stream that sends nothing for 30 seconds'));
    // AND a buffered route on an edge API gets no such warning
    const buffered = newStack();
    api(buffered, { endpoint: Endpoint.edge() }).addRoute('GET /a', Integration.http('https://a.example.com/'), PUBLIC);
    expect(Annotations.fromStack(buffered).findWarning('*', Match.stringLikeRegexp('stream'))).toHaveLength(0);
  });

  test('a function on a runtime Lambda cannot stream from is a warning (the Lambda Web Adapter can make it stream)', () => {
    const stack = newStack();
    const python = new lambda.Function(stack, 'Py', { runtime: lambda.Runtime.PYTHON_3_13, handler: 'index.handler', code: lambda.Code.fromInline('def handler(e, c): pass') });
    const rest = api(stack);
    rest.addRoute('GET /py', Integration.lambda(python, STREAM), PUBLIC);
    rest.addRoute('GET /node', Integration.lambda(fixtureFunction(stack, 'Node'), STREAM), PUBLIC);
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('Lambda streams responses only from Node.js'));
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings[0].entry.data)).toMatch(/route GET \/py: function Test\/Py runs python3.13/);
  });

  test('StreamingRouteCached: a streaming GET route of an API with a cached stage must turn caching off', () => {
    const cached = { stages: [{ name: 'prod', cache: { size: CacheSize.GB_0_5 } }] };
    const stack = newStack();
    api(stack, cached).addRoute('GET /a', Integration.http('https://a.example.com/', STREAM), PUBLIC);
    expect(() => Template.fromStack(stack)).toThrow(/\[StreamingRouteCached\] route GET \/a streams its response, which API Gateway cannot cache, but stage prod has a cache that covers it; pass cache: \{ enabled: false \}/);
    const fixed = newStack();
    api(fixed, cached).addRoute('GET /a', Integration.http('https://a.example.com/', STREAM), { ...PUBLIC, cache: { enabled: false } });
    expect(() => Template.fromStack(fixed)).not.toThrow();
  });

  test('streaming routes render a document the OpenAPI validator accepts and a template cfn-lint accepts', () => {
    // GIVEN
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'streaming-')) });
    const stack = new Stack(app, 'Streaming');
    const rest = new GatewayRestApi(stack, 'Api', { stages: [{ name: 'prod', lambdaAlias: 'live', cache: { size: CacheSize.GB_0_5 } }] });
    const fn = fixtureFunction(stack, 'Fn');
    // WHEN
    rest.addRoute('GET /pets/{id}/history/stream', Integration.lambda(fn, { ...STREAM, timeout: Duration.minutes(5) }), { ...PUBLIC, cache: { enabled: false } });
    rest.addRoute('POST /chat', Integration.lambdaAlias(fn, STREAM), PUBLIC);
    rest.addRoute('ANY /feed/{proxy+}', Integration.http('https://feed.example.com/{proxy}', STREAM), PUBLIC);
    const assembly = app.synth();
    // THEN
    const file = path.join(assembly.directory, rest.awsOpenApiFile);
    const validation = validateOpenApiFiles([file]).get(file)!;
    expect(validation.errors).toEqual([]);
    expect(validation.valid).toBe(true);
    expect(lintTemplates([{ name: 'streaming', template: assembly.getStackByName('Streaming').template }])).toEqual([]);
  });
});
