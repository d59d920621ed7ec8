import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';
import { GatewayRestApi, GatewayStage, Integration, StageOptions } from '../../lib';
import { encodeResourcePath } from '../../lib/rest/render/method-settings';
import { FIXTURES, fixtureFunction } from '../fixtures';
import { PUBLIC } from '../helpers';

function apiWith(stages: StageOptions[]): { stack: Stack; api: GatewayRestApi } {
  const stack = new Stack(new App(), 'Test');
  const api = new GatewayRestApi(stack, 'Api', { stages });
  api.addRoute('GET /pets', Integration.lambda(fixtureFunction(stack, 'Fn')), PUBLIC);
  return { stack, api };
}

describe('GatewayStage defaults: secure and observable', () => {
  const { stack } = apiWith([{ name: 'prod' }]);
  const template = Template.fromStack(stack);

  test('X-Ray tracing on, JSON access logs with the fields an on-call engineer needs', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'prod',
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AccessLogs'), 'Arn'] } },
    });
    const stage = Object.values(template.findResources('AWS::ApiGateway::Stage'))[0] as any;
    const format: string = stage.Properties.AccessLogSetting.Format;
    for (const variable of ['$context.requestId', '$context.status', '$context.responseLatency', '$context.integrationLatency', '$context.error.messageString']) {
      expect(format).toContain(variable);
    }
    // Valid JSON once API Gateway substitutes the values ($context.error.messageString arrives quoted).
    const sample = format.replace('$context.error.messageString', '"a \\"quoted\\" message"').replace(/\$context\.[A-Za-z.]+/g, 'x');
    expect(JSON.parse(sample)).toMatchObject({ requestId: 'x', status: 'x', latency: 'x', integrationLatency: 'x', errorMessage: 'a "quoted" message' });
  });

  test('execution logs at ERROR without request/response bodies, detailed metrics, default throttle', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [{
        ResourcePath: '/*',
        HttpMethod: '*',
        LoggingLevel: 'ERROR',
        DataTraceEnabled: false,
        MetricsEnabled: true,
        ThrottlingRateLimit: 1000,
        ThrottlingBurstLimit: 500,
      }],
    });
  });

  test('access logs are retained for a year and kept when the stack is deleted', () => {
    template.hasResource('AWS::Logs::LogGroup', { Properties: { RetentionInDays: 365 }, DeletionPolicy: 'Retain' });
  });

  test('the stage deploys after the account logging role is set', () => {
    const stage = Object.values(template.findResources('AWS::ApiGateway::Stage'))[0] as any;
    expect(stage.DependsOn).toEqual([expect.stringMatching(/^ApiGatewayCloudWatchLogging/)]);
  });
});

describe('GatewayStage settings', () => {
  test('variables, lambdaAlias, description, retention, log level and custom format', () => {
    const { stack, api } = apiWith([{
      name: 'dev',
      description: 'Development',
      variables: { table: 'pets-dev', url: 'https://example.com/a?b=c#d' },
      lambdaAlias: 'dev',
      accessLogRetention: logs.RetentionDays.ONE_WEEK,
      executionLogLevel: apigw.MethodLoggingLevel.INFO,
      tracingEnabled: false,
      detailedMetrics: false,
      accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
    }]);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      Description: 'Development',
      Variables: { table: 'pets-dev', url: 'https://example.com/a?b=c#d', lambdaAlias: 'dev' },
      TracingEnabled: false,
      MethodSettings: [Match.objectLike({ LoggingLevel: 'INFO', MetricsEnabled: false, DataTraceEnabled: false })],
      AccessLogSetting: { Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"') },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
    expect(api.stage('dev').variables).toEqual({ table: 'pets-dev', url: 'https://example.com/a?b=c#d', lambdaAlias: 'dev' });
  });

  test('per-route throttles: the stage entry wins over the route option; ANY addresses every method of its path', () => {
    const stack = new Stack(new App(), 'Test');
    const fn = fixtureFunction(stack, 'Fn');
    const api = new GatewayRestApi(stack, 'Api', {
      stages: [{ name: 'prod', throttle: { rateLimit: 100, burstLimit: 50 }, routeThrottles: { 'post /pets': { rateLimit: 1, burstLimit: 2 } } }],
    });
    api.addRoute('POST /pets', Integration.lambda(fn), { throttle: { rateLimit: 9, burstLimit: 9 }, ...PUBLIC });
    api.addRoute('GET /pets/{id}', Integration.lambda(fn), { throttle: { rateLimit: 3, burstLimit: 4 }, ...PUBLIC });
    api.addRoute('ANY /files/{proxy+}', Integration.lambda(fn), { throttle: { rateLimit: 5, burstLimit: 6 }, ...PUBLIC });
    api.addRoute('GET /', Integration.lambda(fn), PUBLIC);
    const logging = { LoggingLevel: 'ERROR', DataTraceEnabled: false, MetricsEnabled: true };
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [
        { ResourcePath: '/*', HttpMethod: '*', ThrottlingRateLimit: 100, ThrottlingBurstLimit: 50, ...logging },
        { ResourcePath: '/~1pets', HttpMethod: 'POST', ThrottlingRateLimit: 1, ThrottlingBurstLimit: 2, ...logging },
        { ResourcePath: '/~1pets~1{id}', HttpMethod: 'GET', ThrottlingRateLimit: 3, ThrottlingBurstLimit: 4, ...logging },
        { ResourcePath: '/~1files~1{proxy+}', HttpMethod: '*', ThrottlingRateLimit: 5, ThrottlingBurstLimit: 6, ...logging },
      ],
    });
  });

  test('resource paths are encoded as JSON pointers', () => {
    expect(encodeResourcePath('/')).toBe('/~1');
    expect(encodeResourcePath('/a~b/{c}')).toBe('/~1a~0b~1{c}');
  });

  test('routeThrottles naming an unknown route fails synth, listing the routes', () => {
    const { stack } = apiWith([{ name: 'prod', routeThrottles: { 'GET /cats': { rateLimit: 1 } } }]);
    expect(() => Template.fromStack(stack)).toThrow(/Test\/Api\/Stage-prod: \[RouteThrottleRouteUnknown\] routeThrottles names route "GET \/cats", which the API does not have; routes are: GET \/pets/);
  });

  test('urls', () => {
    const { stack, api } = apiWith([{ name: 'prod' }]);
    expect(stack.resolve(api.stage('prod').url)).toEqual({
      'Fn::Join': ['', ['https://', { Ref: stack.getLogicalId(api.resource) }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/prod/']],
    });
    expect(() => api.stage('prod').urlForPath('pets')).toThrow(/must start with/);
  });

  test('a stage can be created directly and joins its API', () => {
    const { stack, api } = apiWith([{ name: 'prod' }]);
    const beta = new GatewayStage(stack, 'Beta', { api, name: 'beta' });
    expect(api.stages).toContain(beta);
    Template.fromStack(stack).resourceCountIs('AWS::ApiGateway::Stage', 2);
  });

  test('more than 10 stages warns about the default quota', () => {
    const { stack } = apiWith(Array.from({ length: 11 }, (_, i) => ({ name: `s${i}` })));
    Annotations.fromStack(stack).hasWarning('/Test/Api', Match.stringLikeRegexp('more than 10 stages'));
  });

  test('a burst of 0 with a positive rate is an error: it rejects every request', () => {
    // GIVEN / WHEN / THEN
    expect(() => apiWith([{ name: 'prod', throttle: { rateLimit: 10, burstLimit: 0 } }]))
      .toThrow(/\[BurstZeroWithRate\] stage throttle: burstLimit 0 with rateLimit 10 rejects every request; set burstLimit to at least 1/);
  });

  test('a burst of 0 with a rate of 0 blocks the stage on purpose', () => {
    // GIVEN / WHEN
    const { stack } = apiWith([{ name: 'prod', throttle: { rateLimit: 0, burstLimit: 0 } }]);
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([Match.objectLike({ ThrottlingRateLimit: 0, ThrottlingBurstLimit: 0 })]),
    });
  });
});

describe('GatewayStage validation', () => {
  const cases: Array<[string, StageOptions, RegExp]> = [
    ['a stage name with a space', { name: 'my stage' }, /stage name "my stage" is invalid: use 1 to 128 characters of A-Z, a-z, 0-9, - and _/],
    ['a 129-character stage name', { name: 'a'.repeat(129) }, /stage name "a{129}" is invalid/],
    ['an empty stage name', { name: '' }, /stage name "" is invalid/],
    ['a variable name with a dash', { name: 'dev', variables: { 'my-var': 'x' } }, /stage variable name "my-var" is invalid: use 1 to 64 characters of A-Z, a-z, 0-9 and _/],
    ['a variable name of underscores only', { name: 'dev', variables: { __: 'x' } }, /stage variable name "__" is invalid: .*at least one of them a letter or digit/],
    ['a 65-character variable name', { name: 'dev', variables: { ['v'.repeat(65)]: 'x' } }, /stage variable name "v{65}" is invalid/],
    ['a variable value with a space', { name: 'dev', variables: { v: 'a b' } }, /value of stage variable v "a b" is invalid: use 1 to 512 characters/],
    ['an empty variable value', { name: 'dev', variables: { v: '' } }, /value of stage variable v "" is invalid/],
    ['a 513-character variable value', { name: 'dev', variables: { v: 'x'.repeat(513) } }, /value of stage variable v "x{513}" is invalid/],
    ['101 variables', { name: 'dev', variables: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`v${i}`, 'x'])) }, /at most 100 variables, got 101/],
    ['lambdaAlias conflicting with variables.lambdaAlias', { name: 'dev', lambdaAlias: 'a', variables: { lambdaAlias: 'b' } }, /lambdaAlias "a" conflicts with variables.lambdaAlias = "b"/],
    ['a negative rate limit', { name: 'dev', throttle: { rateLimit: -1 } }, /stage throttle rateLimit must be between 0 and \d+, got -1/],
    ['a fractional burst limit', { name: 'dev', throttle: { burstLimit: 1.5 } }, /stage throttle burstLimit must be a whole number, got 1.5/],
    ['a negative route burst', { name: 'dev', routeThrottles: { 'GET /pets': { burstLimit: -3 } } }, /throttle of route GET \/pets burstLimit must be between 0/],
    ['a format without a request id', { name: 'dev', accessLogFormat: apigw.AccessLogFormat.custom('{"status":"$context.status"}') }, /must contain \$context.requestId or \$context.extendedRequestId/],
  ];
  test.each(cases)('%s is rejected', (_what, options, message) => {
    expect(() => apiWith([options])).toThrow(message);
  });

  test('a stage name used twice is rejected', () => {
    expect(() => apiWith([{ name: 'prod' }, { name: 'prod' }])).toThrow(/already|defined twice|unique/);
  });

  test('a value with every allowed special character is accepted', () => {
    expect(() => apiWith([{ name: 'dev', variables: { v: 'A-z0_9.~:/?#&=,' } }])).not.toThrow();
  });

  test('the aliasStages fixture renders all three stages', () => {
    Template.fromStack(FIXTURES.aliasStages(new App())).resourceCountIs('AWS::ApiGateway::Stage', 3);
  });
});
