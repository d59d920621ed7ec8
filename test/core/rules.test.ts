import { CfnParameter, Duration, Lazy, RemovalPolicy, SecretValue, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  Authorization, CacheSize, Canary, CloudWatchRole, EndpointType, GatewayDomain, GatewayErrors, GatewayHttpApi, GatewayRestApi, GatewayRestApiProps,
  GatewayWebSocketApi, HttpApiIntegration, HttpAuthorization, Integration, IRestIntegration, Model, RouteOptions, StageOptions, UsagePlanOptions,
} from '../../lib';
import { checkInteger, checkOneOf, checkPattern, checkRange, describeValue, MAX_INT32 } from '../../lib/core/rules';
import { GATEWAY_RESPONSE_TYPES } from '../../lib/rest/gateway-response';
import { fixtureFunction } from '../fixtures';
import { newStack, PUBLIC, restApiBody } from '../helpers';

/** What a JavaScript or Python caller can pass where TypeScript wants another type. */
const hostile = (value: unknown): any => value;

/**
 * The library refuses the value: with the rule's own message, or, where the value's type is already wrong, with the
 * boundary type check's (ArgumentTypeInvalid / ArgumentMissing), which runs first and names the argument.
 */
function expectRejected(build: () => unknown, message: RegExp, ruleCode?: RegExp): void {
  let error: unknown;
  try {
    build();
  } catch (caught) {
    error = caught;
  }
  expect(GatewayErrors.isValidationError(error)).toBe(true);
  if (/^Argument(TypeInvalid|Missing)$/.test(GatewayErrors.codeOf(error) ?? '')) {
    expect((error as Error).message).toMatch(/ (must be|is required)/);
    return;
  }
  if (ruleCode) {
    expect((error as Error).message).toMatch(ruleCode);
  }
  expect((error as Error).message).toMatch(message);
}

function restApi(stack: Stack, props: GatewayRestApiProps = {}): GatewayRestApi {
  const api = new GatewayRestApi(stack, 'Api', { defaultAuthorization: Authorization.none(), ...props });
  return api;
}

/** An API with one stage built from `stage`, and one route. */
function withStage(stage: Partial<StageOptions>): Stack {
  const stack = newStack();
  const api = restApi(stack, { stages: [{ name: 'prod', ...stage }] });
  api.addRoute('GET /pets', Integration.lambda(fixtureFunction(stack, 'Fn')));
  return stack;
}

/** An API with one route built with `options`. */
function withRoute(options: RouteOptions, integration?: (stack: Stack) => IRestIntegration): Stack {
  const stack = newStack();
  const api = restApi(stack);
  api.addRoute('POST /pets', integration ? integration(stack) : Integration.lambda(fixtureFunction(stack, 'Fn')), { ...PUBLIC, ...options });
  return stack;
}

function withPlan(options: UsagePlanOptions): Stack {
  const stack = newStack();
  const api = restApi(stack);
  api.addRoute('GET /pets', Integration.lambda(fixtureFunction(stack, 'Fn')), { apiKeyRequired: true });
  api.addUsagePlan('Gold', options).addApiKey('Key');
  return stack;
}

function withDomain(props: object): void {
  const stack = newStack();
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
  new GatewayDomain(stack, 'Domain', { domainName: 'api.example.com', zone, ...props });
}

function withModel(schema: object): Stack {
  return withRoute({ requestModel: Model.fromSchema('Pet', hostile(schema)) });
}

function withResponse(type: unknown, options: object = {}): Stack {
  const stack = newStack();
  const api = restApi(stack);
  api.addRoute('GET /pets', Integration.lambda(fixtureFunction(stack, 'Fn')));
  api.addGatewayResponse(hostile(type), hostile(options));
  return stack;
}

describe('closed sets are checked at run time (ValueNotInSet)', () => {
  // Every enum-like value of the public API, with a value TypeScript would refuse but JavaScript and Python pass.
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['usage plan quota period YEAR (which skipped the offset check)', () => withPlan({ quota: { limit: 10, period: hostile('YEAR'), offset: 300 } }),
      /usage plan quota period "YEAR" is not one of "DAY", "WEEK", "MONTH"; use apigw.Period.DAY, WEEK or MONTH/],
    ['usage plan quota without a period', () => withPlan({ quota: hostile({ limit: 10 }) }), /usage plan quota period undefined is not one of/],
    ['stage executionLogLevel', () => withStage({ executionLogLevel: hostile('DEBUG') }), /executionLogLevel "DEBUG" is not one of "OFF", "ERROR", "INFO"/],
    ['stage accessLogRetention', () => withStage({ accessLogRetention: hostile(2) }), /accessLogRetention 2 is not one of 1, 3, 5, 7, .*logs.RetentionDays/],
    ['stage accessLogRetention as a string', () => withStage({ accessLogRetention: hostile('365') }), /accessLogRetention "365" is not one of/],
    ['stage cache size 2 (which reached the template)', () => withStage({ cache: { size: hostile('2') } }),
      /cache size "2" is not one of "0.5", "1.6", .*"237"; use a CacheSize/],
    ['stage cache size left out', () => withStage({ cache: hostile({}) }), /cache size undefined is not one of/],
    ['stage cache unauthorizedInvalidation', () => withStage({ cache: { size: CacheSize.GB_0_5, unauthorizedInvalidation: hostile('IGNORE') } }),
      /cache unauthorizedInvalidation "IGNORE" is not one of "FAIL_WITH_403"/],
    ['API apiKeySource', () => restApi(newStack(), { apiKeySource: hostile('QUERY') }), /apiKeySource "QUERY" is not one of "HEADER", "AUTHORIZER"/],
    ['API endpoint as a string', () => restApi(newStack(), { endpoint: hostile('REGIONAL') }), /endpoint type undefined is not one of "EDGE", "REGIONAL", "PRIVATE"; pass Endpoint.regional\(\)/],
    ['API endpoint of an unknown type', () => restApi(newStack(), { endpoint: hostile({ type: 'GLOBAL', vpcEndpoints: [] }) }), /endpoint type "GLOBAL" is not one of/],
    ['route requestValidation', () => withRoute({ requestValidation: hostile('everything') }),
      /route POST \/pets: requestValidation "everything" is not one of "all", "body", "params", "none"/],
    ['integration passthroughBehavior', () => withRoute({}, () => Integration.http('https://example.com/', { proxy: false, passthroughBehavior: hostile('ALWAYS') })),
      /passthroughBehavior "ALWAYS" is not one of "WHEN_NO_MATCH", "NEVER", "WHEN_NO_TEMPLATES"/],
    ['gateway response type of an unknown name', () => withResponse(apigw.ResponseType.of('TEAPOT')),
      /gateway response type "TEAPOT" is not one of "ACCESS_DENIED", .*; pass one of the apigw.ResponseType constants/],
    ['gateway response type as a string', () => withResponse('THROTTLED'), /\[GatewayResponseTypeInvalid\] gateway response type "THROTTLED" is not an apigw.ResponseType/],
    ['domain endpoint', () => withDomain({ endpoint: hostile('GLOBAL') }), /domain endpoint "GLOBAL" is not one of "REGIONAL", "EDGE"/],
    ['domain securityPolicy', () => withDomain({ securityPolicy: hostile('TLS_9') }), /domain securityPolicy "TLS_9" is not one of "TLS_1_0", "TLS_1_2"/],
    ['HTTP API stage accessLogRetention', () => new GatewayHttpApi(newStack(), 'Api', { stages: [{ name: 'dev', accessLogRetention: hostile(0) }] }),
      /accessLogRetention of stage dev 0 is not one of/],
    ['HTTP API backend method', () => {
      const api = new GatewayHttpApi(newStack(), 'Api');
      api.addRoute('GET /a', HttpApiIntegration.url('https://example.com', { method: hostile('FETCH') }), { authorization: HttpAuthorization.none() });
    }, /backend method "FETCH" is not one of "ANY", "DELETE", "GET"/],
    ['CloudWatchRole.managed() removalPolicy', () => restApi(newStack(), { cloudWatchRole: CloudWatchRole.managed({ removalPolicy: hostile('keep') }) }),
      /CloudWatchRole.managed\(\) removalPolicy "keep" is not one of "destroy", "retain"/],
    ['WebSocket API accessLogRetention', () => new GatewayWebSocketApi(newStack(), 'Api', { accessLogRetention: hostile(-1) }), /accessLogRetention -1 is not one of/],
  ];
  test.each(cases)('%s', (_what, build, message) => {
    // GIVEN / WHEN / THEN
    expectRejected(build, message, /\[(ValueNotInSet|GatewayResponseTypeInvalid)\]/);
  });

  test('every documented gateway response type is accepted, and all of the CDK\'s constants are documented', () => {
    // GIVEN
    const constants = Object.values(apigw.ResponseType).filter((value): value is apigw.ResponseType => value instanceof apigw.ResponseType);
    // THEN
    expect(constants.map(type => type.responseType).sort()).toEqual([...GATEWAY_RESPONSE_TYPES].sort());
    // WHEN
    const stack = newStack();
    const api = restApi(stack);
    api.addRoute('GET /pets', Integration.lambda(fixtureFunction(stack, 'Fn')));
    constants.forEach(type => api.addGatewayResponse(type, { statusCode: '400' }));
    // THEN
    expect(Object.keys(restApiBody(Template.fromStack(stack))['x-amazon-apigateway-gateway-responses']).sort()).toEqual([...GATEWAY_RESPONSE_TYPES].sort());
  });

  test('valid values of each set still synthesize', () => {
    // GIVEN / WHEN
    const stack = withStage({
      executionLogLevel: apigw.MethodLoggingLevel.INFO,
      accessLogRetention: logs.RetentionDays.INFINITE,
      cache: { size: CacheSize.GB_237 },
    });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::Stage', { CacheClusterSize: '237' });
  });
});

describe('numbers', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['a stage burst above 2^31 - 1', () => withStage({ throttle: { rateLimit: 10, burstLimit: MAX_INT32 + 1 } }),
      /\[ValueOutOfRange\] stage throttle burstLimit must be between 0 and 2147483647, got 2147483648/],
    ['a usage plan burst above 2^31 - 1', () => withPlan({ throttle: { rateLimit: 10, burstLimit: 2 ** 40 } }), /\[ValueOutOfRange\] usage plan throttle burstLimit must be between 0 and 2147483647/],
    ['a quota limit above 2^31 - 1', () => withPlan({ quota: { limit: MAX_INT32 + 1, period: apigw.Period.DAY } }),
      /\[ValueOutOfRange\] usage plan quota limit must be between 1 and 2147483647, got 2147483648/],
    ['a quota limit of 0', () => withPlan({ quota: { limit: 0, period: apigw.Period.DAY } }), /\[QuotaLimitZero\] usage plan quota limit 0 allows no request/],
    ['a quota without a limit', () => withPlan({ quota: hostile({ period: 'DAY' }) }), /\[QuotaLimitMissing\]/],
    ['a usage plan burst of 0 with a rate', () => withPlan({ throttle: { rateLimit: 5, burstLimit: 0 } }), /\[BurstZeroWithRate\] usage plan throttle: burstLimit 0 with rateLimit 5/],
    ['a route burst of 0 without a rate', () => withRoute({ throttle: { burstLimit: 0 } }), /\[BurstZeroWithRate\] throttle of route POST \/pets: burstLimit 0 with rateLimit \(the default\)/],
    ['a NaN rate', () => withStage({ throttle: { rateLimit: NaN } }), /\[ValueOutOfRange\] stage throttle rateLimit must be between 0 and \d+, got NaN/],
    ['an infinite rate', () => withStage({ throttle: { rateLimit: Infinity } }), /\[ValueOutOfRange\] stage throttle rateLimit .* got Infinity/],
    ['a rate as a string', () => withStage({ throttle: { rateLimit: hostile('5') } }), /\[ValueNotNumber\] stage throttle rateLimit must be a number, got "5" \(string\)/],
    ['a burst of null', () => withStage({ throttle: { burstLimit: hostile(null) } }), /\[ValueNotNumber\] stage throttle burstLimit must be a number, got null;/],
    ['a NaN canary percentTraffic', () => withStage({ canary: Canary.lambdaAlias({ percentTraffic: NaN, lambdaAlias: 'next' }) }),
      /\[ValueOutOfRange\] canary percentTraffic must be between 0 and 100, got NaN/],
    ['a canary percentTraffic of -Infinity', () => withStage({ canary: Canary.lambdaAlias({ percentTraffic: -Infinity, lambdaAlias: 'next' }) }),
      /canary percentTraffic must be between 0 and 100, got -Infinity/],
    ['a canary percentTraffic as a string', () => withStage({ canary: Canary.lambdaAlias({ percentTraffic: hostile('5'), lambdaAlias: 'next' }) }), /\[ValueNotNumber\] canary percentTraffic/],
    ['a fractional quota offset', () => withPlan({ quota: { limit: 5, period: apigw.Period.WEEK, offset: 1.5 } }), /\[ValueNotWhole\] usage plan quota offset must be a whole number, got 1.5/],
    ['a NaN cache ttl', () => withStage({ cache: { size: CacheSize.GB_0_5, ttl: Duration.seconds(NaN) } }), /\[ValueOutOfRange\] cache ttl \(seconds\) must be between 0 and 3600, got NaN/],
    ['a cache ttl as a number of seconds', () => withStage({ cache: { size: CacheSize.GB_0_5, ttl: hostile(300) } }),
      /\[ValueNotDuration\] cache ttl \(seconds\) must be a Duration, got 300; pass Duration.seconds\(n\)/],
    ['a NaN integration timeout', () => withRoute({}, stack => Integration.lambda(fixtureFunction(stack, 'Fn'), { timeout: Duration.millis(NaN) })),
      /\[IntegrationTimeoutOutOfRange\] .*integration timeout NaN ms is out of range/],
    ['a fractional HTTP API integration timeout', () => {
      const api = new GatewayHttpApi(newStack(), 'Api');
      api.addRoute('GET /a', HttpApiIntegration.url('https://example.com', { timeout: Duration.millis(100.5) }), { authorization: HttpAuthorization.none() });
    }, /\[IntegrationTimeoutOutOfRange\] integration timeout 100.5 ms is out of range/],
    ['a NaN latency threshold', () => {
      const stack = withStage({});
      (stack.node.findChild('Api') as GatewayRestApi).addMonitoring('prod', { latencyP99: Duration.millis(NaN) });
    }, /\[MonitoringThresholdInvalid\] latencyP99 must be more than 0 ms, got NaN/],
    ['fractional evaluationPeriods', () => {
      const stack = withStage({});
      (stack.node.findChild('Api') as GatewayRestApi).addMonitoring('prod', { evaluationPeriods: 1.5 });
    }, /\[ValueNotWhole\] evaluationPeriods must be a whole number, got 1.5/],
  ];
  test.each(cases)('%s is rejected', (_what, build, message) => {
    // GIVEN / WHEN / THEN
    expectRejected(build, message);
  });

  test('the largest 32-bit burst and quota are accepted', () => {
    // GIVEN / WHEN
    const stack = withPlan({ throttle: { rateLimit: 1e12, burstLimit: MAX_INT32 }, quota: { limit: MAX_INT32, period: apigw.Period.MONTH } });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: 1e12, BurstLimit: MAX_INT32 },
      Quota: { Limit: MAX_INT32, Period: 'MONTH' },
    });
  });
});

describe('wrong types are not copied into the OpenAPI body', () => {
  const pool = (stack: Stack) => new cognito.UserPool(stack, 'Pool');
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['a route summary that is an object', () => withRoute({ summary: hostile({ text: 'pets' }) }),
      /\[RouteSummaryNotString\] summary of route POST \/pets must be a string, got \{"text":"pets"\}/],
    ['a route summary that is a number', () => withRoute({ summary: hostile(5) }), /\[RouteSummaryNotString\]/],
    ['an operationId that is a number', () => withRoute({ operationId: hostile(42) }), /\[OperationIdInvalid\] operationId 42 of route POST \/pets is invalid/],
    ['an operationId that is an object', () => withRoute({ operationId: hostile({}) }), /\[OperationIdInvalid\]/],
    ['a request parameter required "yes"', () => withRoute({ requestParameters: hostile({ 'method.request.querystring.page': 'yes' }) }),
      /\[RequestParameterRequiredNotBoolean\] route POST \/pets: request parameter method.request.querystring.page is "yes", but must be true \(required\) or false/],
    ['Cognito scopes [null]', () => {
      const stack = newStack();
      restApi(stack).addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), { authorization: Authorization.cognito([pool(stack)], { scopes: [hostile(null)] }) });
    }, /\[ValueNotString\] OAuth scope must be a string, got null/],
    ['Cognito scopes as one string', () => {
      const stack = newStack();
      restApi(stack).addRoute('GET /a', Integration.lambda(fixtureFunction(stack, 'Fn')), { authorization: Authorization.cognito([pool(stack)], { scopes: hostile('pets/read') }) });
    }, /\[OAuthScopesNotList\] Authorization.cognito\(\) scopes must be a list of strings, got "pets\/read"/],
    ['a stage variable value that is a number', () => withStage({ variables: hostile({ v: 5 }) }), /\[ValueNotString\] value of stage variable v must be a string, got 5/],
    ['a stage without a name', () => withStage({ name: hostile(undefined) }), /\[ValueNotString\] stage name must be a string, got undefined/],
    ['an HTTP API stage without a name', () => new GatewayHttpApi(newStack(), 'Api', { stages: [hostile({})] }), /\[StageNameInvalid\] stage name undefined is invalid/],
    ['a gateway response statusCode that is a number', () => withResponse(apigw.ResponseType.THROTTLED, { statusCode: 429 }),
      /\[GatewayResponseStatusInvalid\] gateway response THROTTLED: statusCode 429 is not an HTTP status code \(a string/],
    ['a gateway response header value that is a number', () => withResponse(apigw.ResponseType.THROTTLED, { headers: { 'Retry-After': 1 } }),
      /\[GatewayResponseHeaderInvalid\] gateway response THROTTLED: the value of header Retry-After must be a string, got 1/],
    ['a gateway response template that is an object', () => withResponse(apigw.ResponseType.THROTTLED, { template: { message: 'slow down' } }),
      /\[GatewayResponseTemplateNotString\]/],
    // Model keywords of the wrong type or range, per JSON Schema draft 4's meta-schema.
    ['model required as a string', () => withModel({ type: 'object', required: 'name' }), /model Pet: required must be a list of property names \(strings\) \(JSON Schema draft 4\), got "name"/],
    ['model required with a number', () => withModel({ type: 'object', required: ['name', 5] }), /required must be a list of property names/],
    ['model maxLength -1', () => withModel({ type: 'string', maxLength: -1 }), /model Pet: maxLength must be a whole number, 0 or more .*got -1/],
    ['model minItems 1.5', () => withModel({ type: 'array', minItems: 1.5 }), /minItems must be a whole number, 0 or more .*got 1.5/],
    ['model maxProperties "3"', () => withModel({ type: 'object', maxProperties: '3' }), /maxProperties must be a whole number, 0 or more .*got "3"/],
    ['model multipleOf 0', () => withModel({ type: 'number', multipleOf: 0 }), /multipleOf must be a number greater than 0 .*got 0/],
    ['model minimum "1"', () => withModel({ type: 'number', minimum: '1' }), /minimum must be a number .*got "1"/],
    ['model maximum NaN', () => withModel({ type: 'number', maximum: NaN }), /maximum must be a number .*got NaN/],
    ['model exclusiveMaximum 10 (a draft 6 form)', () => withModel({ type: 'number', exclusiveMaximum: 10 }), /exclusiveMaximum must be true or false/],
    ['model enum as a string', () => withModel({ type: 'string', enum: 'a' }), /enum must be a list of values .*got "a"/],
    ['model properties as a number', () => withModel({ type: 'object', properties: 5 }), /properties must be an object of schemas by name, got 5/],
    ['model properties as a list', () => withModel({ type: 'object', properties: [{ type: 'string' }] }), /properties must be an object of schemas by name/],
    ['model items as a string', () => withModel({ type: 'array', items: 'string' }), /at \/items: a schema must be an object/],
    ['model pattern as a number', () => withModel({ type: 'string', pattern: 5 }), /pattern must be a string \(a regular expression\)/],
    ['model title as an object', () => withModel({ type: 'string', title: {} }), /title must be a string/],
    ['model uniqueItems "yes"', () => withModel({ type: 'array', uniqueItems: 'yes' }), /uniqueItems must be true or false/],
    ['model allOf as an object', () => withModel({ allOf: { type: 'string' } }), /allOf must be a non-empty list of schemas/],
    ['model anyOf empty', () => withModel({ anyOf: [] }), /anyOf must be a non-empty list of schemas/],
    ['a nested model keyword', () => withModel({ type: 'object', properties: { name: { type: 'string', minLength: -5 } } }),
      /model Pet at \/properties\/name: minLength must be a whole number/],
  ];
  test.each(cases)('%s is rejected', (_what, build, message) => {
    // GIVEN / WHEN / THEN
    expectRejected(build, message);
  });

  test('valid draft 4 keywords are kept', () => {
    // GIVEN / WHEN
    const stack = withModel({
      type: 'object',
      required: ['name'],
      minProperties: 0,
      maxProperties: 3,
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z]+$', title: 'Name', enum: ['rex', 'tom'] },
        age: { type: 'number', minimum: 0, maximum: 30.5, exclusiveMaximum: true, multipleOf: 0.5 },
        tags: { type: 'array', items: { type: 'string' }, minItems: 0, uniqueItems: true },
      },
    });
    // THEN
    const schema = restApiBody(Template.fromStack(stack)).components.schemas.Pet;
    expect(schema.properties.age).toEqual({ type: 'number', minimum: 0, maximum: 30.5, exclusiveMaximum: true, multipleOf: 0.5 });
    expect(schema.properties.name.maxLength).toBe(64);
  });
});

describe('tokens that resolve at synth are checked once resolved', () => {
  test('a Lazy.number canary percentTraffic of 150 fails synth', () => {
    // GIVEN
    const stack = withStage({ canary: Canary.lambdaAlias({ percentTraffic: Lazy.number({ produce: () => 150 }), lambdaAlias: 'next' }) });
    // WHEN / THEN
    expect(() => Template.fromStack(stack)).toThrow(/\[ValueOutOfRange\] canary percentTraffic must be between 0 and 100, got 150/);
  });

  test('a Lazy.string execution log level outside the set fails synth', () => {
    // GIVEN
    const stack = withStage({ executionLogLevel: hostile(Lazy.string({ produce: () => 'DEBUG' })) });
    // WHEN / THEN
    expect(() => Template.fromStack(stack)).toThrow(/\[ValueNotInSet\] executionLogLevel "DEBUG" is not one of/);
  });

  test('a Lazy.string stage variable value with a space fails synth', () => {
    // GIVEN
    const stack = withStage({ variables: { v: Lazy.string({ produce: () => 'a b' }) } });
    // WHEN / THEN
    expect(() => Template.fromStack(stack)).toThrow(/\[ValueInvalid\] value of stage variable v "a b" is invalid/);
  });

  test('a Lazy.number model keyword is checked once resolved', () => {
    // GIVEN
    const stack = withModel({ type: 'string', maxLength: Lazy.number({ produce: () => -1 }) });
    // WHEN / THEN
    expect(() => Template.fromStack(stack)).toThrow(/\[ModelSchemaInvalid\] model Pet: maxLength must be a whole number, 0 or more/);
  });

  test('a Lazy is judged by its value at synth, not at construction (it may depend on later state)', () => {
    // GIVEN a burst that is only right once the app has set it
    let burst = -1;
    const stack = withStage({ throttle: { rateLimit: 10, burstLimit: Lazy.number({ produce: () => burst }) } });
    // WHEN
    burst = 20;
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [{ ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20, ResourcePath: '/*', HttpMethod: '*', LoggingLevel: 'ERROR', DataTraceEnabled: false, MetricsEnabled: true, CachingEnabled: false }],
    });
  });

  test('a token known only at deploy time (a CloudFormation parameter) stays unchecked', () => {
    // GIVEN
    const stack = newStack();
    const percent = new CfnParameter(stack, 'Percent', { type: 'Number' }).valueAsNumber;
    const level = new CfnParameter(stack, 'Level').valueAsString;
    const api = restApi(stack, { stages: [{ name: 'prod', executionLogLevel: hostile(level), canary: Canary.lambdaAlias({ percentTraffic: percent, lambdaAlias: 'next' }) }] });
    api.addRoute('GET /pets', Integration.lambda(fixtureFunction(stack, 'Fn')));
    // WHEN / THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Stage', { CanarySetting: { PercentTraffic: { Ref: 'Percent' } } });
  });

  test('the shared helpers resolve tokens of every kind and skip scopes without a construct', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    checkRange(stack, 'n', Lazy.number({ produce: () => 5 }), 0, 1);
    checkInteger(stack, 'i', Lazy.number({ produce: () => 0.5 }));
    checkPattern(stack, 'p', Lazy.string({ produce: () => 'a b' }), /^\S+$/, 'no spaces');
    checkOneOf(stack, 'o', Token.asString(Lazy.any({ produce: () => 'X' })), ['A'], 'use A');
    // THEN the first failing check is the error, at synth
    expect(() => stack.node.validate()).toThrow(/\[ValueOutOfRange\] n must be between 0 and 1, got 5/);
    // A dynamic reference is filled in by CloudFormation at deploy time: not a literal.
    const other = newStack();
    checkPattern(other, 'secret', SecretValue.secretsManager('key').unsafeUnwrap(), /^[a-z]+$/, 'letters');
    checkRange(other, 'parameter', new CfnParameter(other, 'N', { type: 'Number' }).valueAsNumber, 0, 1);
    expect(() => other.node.validate()).not.toThrow();
    const factory = { node: { path: 'Factory.method' } } as any;
    expect(() => checkRange(factory, 'n', Lazy.number({ produce: () => 5 }), 0, 1)).not.toThrow();
  });
});

describe('messages name hostile strings safely', () => {
  test('a 10,000-character value is shortened, control characters and unicode are escaped or kept readable', () => {
    // GIVEN / WHEN
    const long = describeValue('x'.repeat(10_000));
    // THEN
    expect(long).toMatch(/^"x{600}"\.\.\. \(10000 characters\)$/);
    expect(describeValue('a\u0000b\nc')).toBe('"a\\u0000b\\nc"');
    expect(describeValue('ペット')).toBe('"ペット"');
    expect(describeValue(-0)).toBe('-0');
    expect(() => withStage({ variables: { v: 'x'.repeat(10_000) } })).toThrow(/\[ValueInvalid\] value of stage variable v "x{600}"\.\.\. \(10000 characters\) is invalid/);
  });

  test('a stage variable with a control character names it escaped', () => {
    expect(() => withStage({ variables: { v: 'a\u0007' } })).toThrow(/value of stage variable v "a\\u0007" is invalid/);
  });

  test('an enum value that is a CDK token of another kind (an EndpointType for a domain) keeps its own rule', () => {
    expect(() => withDomain({ endpoint: EndpointType.PRIVATE })).toThrow(/\[DomainEndpointPrivate\]/);
  });

  test('an HTTP API method from the set is accepted', () => {
    const api = new GatewayHttpApi(newStack(), 'Api');
    expect(() => api.addRoute('GET /a', HttpApiIntegration.url('https://example.com', { method: apigwv2.HttpMethod.GET }), { authorization: HttpAuthorization.none() })).not.toThrow();
  });
});

describe('values that no template can carry', () => {
  test('a Duration whose amount is a token cannot be converted at synth: the library says so (DurationToken)', () => {
    // GIVEN
    const stack = newStack();
    const api = restApi(stack);
    const lazySeconds = Duration.seconds(Lazy.number({ produce: () => 10 }));
    // WHEN / THEN
    expect(() => api.addRoute('GET /slow', Integration.lambda(fixtureFunction(stack, 'Fn'), { timeout: lazySeconds }), PUBLIC))
      .toThrow(/\[DurationToken\] route GET \/slow: integration timeout is a Duration whose amount is a token/);
    const http = new GatewayHttpApi(newStack(), 'Api');
    expect(() => http.addRoute('GET /a', HttpApiIntegration.url('https://example.com', { timeout: lazySeconds }), { authorization: HttpAuthorization.none() }))
      .toThrow(/\[DurationToken\] integration timeout is a Duration/);
  });

  test('a string with a lone UTF-16 surrogate is refused at the boundary (StringNotWellFormed); a pair (an emoji) is fine', () => {
    expect(() => Integration.soap('https://example.com/soap', { namespace: 'urn:\udfff', operation: 'GetPet', requestFields: ['name'], responseFields: { name: 'name' } }))
      .toThrow(/\[StringNotWellFormed\] Integration\.soap: options\.namespace is not well-formed Unicode \(it has a lone UTF-16 surrogate at index 4\)/);
    const stack = newStack();
    const api = restApi(stack);
    expect(() => api.addRoute('GET /pets', Integration.lambda(fixtureFunction(stack, 'Fn')), { ...PUBLIC, summary: 'pets \u{1F436}' })).not.toThrow();
  });

  test('a string with a ${Token[...]} marker of no token of the app is refused at the boundary (StringTokenUnknown); a real token passes', () => {
    const stack = newStack();
    expect(() => new GatewayRestApi(stack, 'LookAlike', { description: 'v1 ${Token[TOKEN.99999]}' }))
      .toThrow(/\[StringTokenUnknown\] GatewayRestApi: props\.description contains a \$\{Token\[\.\.\.\]\} marker that is no token of this app/);
    // An enum's value is a string too (a jsii enum is its member's name).
    expect(() => Integration.sqsSendMessage(new sqs.Queue(stack, 'Queue'), { contentHandling: '${Token[TOKEN.99999]}' as apigw.ContentHandling }))
      .toThrow(/\[StringTokenUnknown\] Integration\.sqsSendMessage: options\.contentHandling contains/);
    const api = new GatewayRestApi(stack, 'Real', { description: Lazy.string({ produce: () => 'v1' }) });
    api.addRoute('GET /pets', Integration.mock(), PUBLIC);
    expect(restApiBody(Template.fromStack(stack), 'Real').info.description).toBe('v1');
  });

  test('an object without an AccessLogFormat\'s toString is refused at the boundary (ArgumentTypeInvalid), not with a TypeError', () => {
    const api = restApi(newStack());
    expect(() => api.addStage({ name: 'beta', accessLogFormat: Object.create(null) }))
      .toThrow(/\[ArgumentTypeInvalid\] GatewayRestApi\.addStage: options\.accessLogFormat must be an instance of AccessLogFormat/);
    // A method marker is read, so an object whose read throws fails here rather than when the library calls it.
    const throwing = new Proxy({}, { get: () => { throw new Error('hostile getter'); } });
    expect(() => api.addStage({ name: 'gamma', accessLogFormat: throwing as any }))
      .toThrow(/\[ArgumentTypeInvalid\] GatewayRestApi\.addStage: options\.accessLogFormat must be an instance of AccessLogFormat/);
  });

  test('a removal policy that is a token is refused (ArgumentTypeInvalid): aws-cdk-lib applies it at once', () => {
    const http = new GatewayHttpApi(newStack(), 'Api');
    expect(() => http.applyRemovalPolicy(Lazy.string({ produce: () => 'destroy' }) as RemovalPolicy))
      .toThrow(/\[ArgumentTypeInvalid\] .*policy must be a value of the enum RemovalPolicy/);
    expect(() => http.applyRemovalPolicy(RemovalPolicy.DESTROY)).not.toThrow();
  });

  test('a construct id with a token is refused (ConstructIdInvalid): logical ids are made from it', () => {
    const stack = newStack();
    const api = restApi(stack);
    expect(() => api.addUsagePlan(Lazy.string({ produce: () => 'Plan' }))).toThrow(/\[ConstructIdInvalid\] .*id .* contains a token/);
  });

  test('a stage name that is a token is refused (StageNameToken): it is part of the stage\'s construct id', () => {
    const stack = newStack();
    const api = restApi(stack);
    expect(() => api.addStage({ name: Token.asString(new CfnParameter(stack, 'Stage').value) })).toThrow(/\[StageNameToken\] stage name .* is a token/);
    const http = new GatewayHttpApi(newStack(), 'Api');
    expect(() => http.addStage({ name: Lazy.string({ produce: () => 'beta' }) })).toThrow(/\[StageNameToken\]/);
  });
});
