import { App, Duration, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as lib from '../lib';
import { fixtureFunction } from './fixtures';
import { API_ENTRIES, API_ENUMS, API_STRUCTS } from '../lib/core/private/api-types.generated';

/**
 * Valid values for every type of the public API's type table, and a call of
 * every entry point of the table in a fresh stack: the ground the boundary
 * tests (test/api-types.test.ts) and the hostile-input property test
 * (test/hostile-input.test.ts) stand on. A new class, method or external type
 * in the public API fails these tests until it has a value here; a new prop
 * of an existing struct is covered without an edit.
 */

export { API_ENTRIES, API_ENUMS, API_STRUCTS };

/** A path into an entry's arguments: parameter index, then field names and array indexes. */
export type ArgPath = ReadonlyArray<string | number>;

/** Routes in these tests are always explicitly public (implicitly public routes are a synth error). */
const PUBLIC = { authorization: lib.Authorization.none() };

/** A stack and the resources an entry point may need, each made on first use. */
export class World {
  public readonly app = new App();
  public readonly stack = new Stack(this.app, 'Hostile', { env: { account: '123456789012', region: 'eu-west-1' } });
  private readonly cache = new Map<string, unknown>();
  private counter = 0;

  /** A fresh construct id. */
  public id(prefix = 'X'): string {
    return `${prefix}${++this.counter}`;
  }

  public once<T>(key: string, make: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, make());
    return this.cache.get(key) as T;
  }

  public fn(): lambda.Function {
    return this.once('fn', () => fixtureFunction(this.stack, 'Fn'));
  }

  public restApi(): lib.GatewayRestApi {
    return this.once('rest', () => {
      const api = new lib.GatewayRestApi(this.stack, 'Rest');
      api.addRoute('GET /base', lib.Integration.mock(), PUBLIC);
      return api;
    });
  }

  public httpApi(): lib.GatewayHttpApi {
    return this.once('http', () => {
      const api = new lib.GatewayHttpApi(this.stack, 'Http');
      api.addRoute('GET /base', lib.HttpApiIntegration.url('https://example.com/base'), { authorization: lib.HttpAuthorization.none() });
      return api;
    });
  }

  public vpc(): ec2.Vpc {
    return this.once('vpc', () => new ec2.Vpc(this.stack, 'Vpc', {
      natGateways: 0, maxAzs: 1, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
    }));
  }
}

/** A valid instance of an external (aws-cdk-lib, constructs) type. */
function externalValue(world: World, name: string): unknown {
  const s = world.stack;
  switch (name) {
    case 'Construct': case 'IConstruct': return s;
    case 'Duration': return Duration.seconds(10);
    case 'IFunction': return world.fn();
    case 'Alias': return world.once('alias', () => new lambda.Alias(s, 'Alias', { aliasName: 'live', version: world.fn().currentVersion }));
    case 'IUserPool': return world.once('pool', () => new cognito.UserPool(s, 'Pool'));
    case 'IUserPoolClient': return world.once('client', () => (externalValue(world, 'IUserPool') as cognito.UserPool).addClient('Client'));
    case 'ITable': return world.once('table', () => new dynamodb.Table(s, 'Table', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } }));
    case 'IQueue': return world.once('queue', () => new sqs.Queue(s, 'Queue', { enforceSSL: true }));
    case 'ITopic': return world.once('topic', () => new sns.Topic(s, 'Topic', { enforceSSL: true }));
    case 'IEventBus': return world.once('bus', () => new events.EventBus(s, 'Bus'));
    case 'IStateMachine': return world.once('sm', () => new sfn.StateMachine(s, 'Machine', {
      definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(s, 'Pass')), stateMachineType: sfn.StateMachineType.EXPRESS,
    }));
    case 'IBucket': return world.once('bucket', () => new s3.Bucket(s, 'Bucket', { enforceSSL: true }));
    case 'IStream': return world.once('stream', () => new kinesis.Stream(s, 'Stream'));
    case 'IHostedZone': return world.once('zone', () => route53.HostedZone.fromHostedZoneAttributes(s, 'Zone', { hostedZoneId: 'Z1234567890', zoneName: 'example.com' }));
    case 'ICertificate': return world.once('cert', () => acm.Certificate.fromCertificateArn(s, 'Cert', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc'));
    case 'ISecret': return world.once('secret', () => new secretsmanager.Secret(s, 'Secret'));
    case 'IVpcLink': return world.once('link', () => apigw.VpcLink.fromVpcLinkId(s, 'Link', 'abc123'));
    case 'IApiKey': return world.once('apiKey', () => apigw.ApiKey.fromApiKeyId(s, 'ImportedApiKey', 'abc1234567'));
    case 'IVpc': return world.vpc();
    case 'ILoadBalancerV2': return world.once('nlb', () => elbv2.NetworkLoadBalancer.fromNetworkLoadBalancerAttributes(s, 'Nlb', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/orders/50dc6c495c0c9188',
      loadBalancerDnsName: 'orders-50dc6c495c0c9188.elb.eu-west-1.amazonaws.com',
      vpc: ec2.Vpc.fromVpcAttributes(s, 'NlbVpc', { vpcId: 'vpc-12345678', availabilityZones: ['eu-west-1a'], isolatedSubnetIds: ['subnet-12345678'] }),
    }));
    case 'IVpcEndpoint': case 'IInterfaceVpcEndpoint': return world.once('endpoint', () => ec2.InterfaceVpcEndpoint.fromInterfaceVpcEndpointAttributes(s, 'Endpoint', {
      vpcEndpointId: 'vpce-1234567890abcdef0', port: 443,
    }));
    case 'IAlarm': return world.once('alarm', () => cloudwatch.Alarm.fromAlarmArn(s, 'Alarm', 'arn:aws:cloudwatch:eu-west-1:123456789012:alarm:x'));
    case 'IAlarmAction': return { bind: () => ({ alarmActionArn: 'arn:aws:sns:eu-west-1:123456789012:alarms' }) };
    case 'ILambdaDeploymentConfig': return codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES;
    case 'IGrantable': return world.once('role', () => new iam.Role(s, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }));
    case 'AccessLogFormat': return apigw.AccessLogFormat.jsonWithStandardFields();
    case 'ResponseType': return apigw.ResponseType.DEFAULT_4XX;
    case 'MetricOptions': return {};
    case 'IHttpApi': return world.httpApi();
    case 'IWebSocketApi': return classValue(world, 'GatewayWebSocketApi');
    case 'VpcLinkProps': return { vpc: world.vpc() };
    case 'JsonSchema': return { type: apigw.JsonSchemaType.OBJECT };
    case 'IGateway': return world.once('agentGateway', () => new agentcore.Gateway(s, 'AgentGateway', { authorizerConfiguration: agentcore.GatewayAuthorizer.usingAwsIam() }));
    case 'ICredentialProviderConfig': return agentcore.GatewayCredentialProvider.fromIamRole();
    default: throw new Error(`test/api-values.ts: no value for the external type ${name}; add one to externalValue()`);
  }
}

const MINIMAL_DOCUMENT = {
  openapi: '3.0.1',
  info: { title: 'Pets', version: '1' },
  paths: { '/pets': { get: { operationId: 'listPets', responses: { 200: { description: 'ok' } } } } },
};

/** A valid instance of a class or protocol of this library. */
export function classValue(world: World, name: string): unknown {
  switch (name) {
    case 'Integration': return lib.Integration.mock();
    case 'IRestIntegration': return lib.Integration.mock();
    case 'Authorization': return lib.Authorization.none();
    case 'IRestAuthorization': return lib.Authorization.none();
    case 'Endpoint': return lib.Endpoint.regional();
    case 'Canary': return lib.Canary.lambdaAlias({ lambdaAlias: 'next', percentTraffic: 10 });
    case 'CloudWatchRole': return lib.CloudWatchRole.managed();
    case 'WebAcl': return lib.WebAcl.managed();
    case 'ResourcePolicy': return lib.ResourcePolicy.allowAccounts(['123456789012']);
    case 'Model': return lib.Model.fromSchema('Pet', { type: apigw.JsonSchemaType.OBJECT });
    case 'RequestValue': return lib.RequestValue.path('id');
    case 'IdentitySource': return lib.IdentitySource.header('Authorization');
    case 'HttpAuthorization': return lib.HttpAuthorization.none();
    case 'HttpApiIntegration': return lib.HttpApiIntegration.url('https://example.com/backend');
    case 'WebSocketAuthorization': return lib.WebSocketAuthorization.iam();
    case 'IHttpAuthorization': return lib.HttpAuthorization.none();
    case 'IHttpApiIntegration': return lib.HttpApiIntegration.url('https://example.com/backend');
    case 'IWebSocketAuthorization': return lib.WebSocketAuthorization.iam();
    case 'OpenApiDefinition': return lib.OpenApiDefinition.fromObject(MINIMAL_DOCUMENT);
    case 'ICanary': return classValue(world, 'Canary');
    case 'ICloudWatchRole': return classValue(world, 'CloudWatchRole');
    case 'IWebAcl': return classValue(world, 'WebAcl');
    case 'IResourcePolicy': return classValue(world, 'ResourcePolicy');
    case 'IOpenApiDefinition': return classValue(world, 'OpenApiDefinition');
    case 'GatewayRestApi': return world.restApi();
    case 'GatewayHttpApi': return world.httpApi();
    case 'GatewayStage': return world.restApi().stage('prod');
    case 'GatewayUsagePlan': return world.once('plan', () => world.restApi().addUsagePlan('Plan'));
    case 'GatewayDomain': return world.once('domain', () => new lib.GatewayDomain(world.stack, 'Domain', {
      domainName: 'api.example.com', certificate: externalValue(world, 'ICertificate') as acm.ICertificate,
    }));
    case 'GatewayPrivateDomain': return world.once('privateDomain', () => new lib.GatewayPrivateDomain(world.stack, 'PrivateDomain', {
      domainName: 'internal.example.com',
      certificate: externalValue(world, 'ICertificate') as acm.ICertificate,
      vpcEndpoints: [externalValue(world, 'IInterfaceVpcEndpoint') as ec2.IInterfaceVpcEndpoint],
    }));
    case 'GatewayWebSocketApi': return world.once('ws', () => new lib.GatewayWebSocketApi(world.stack, 'Ws', { connectHandler: world.fn(), connectAuthorization: lib.WebSocketAuthorization.none() }));
    default: throw new Error(`test/api-values.ts: no value for the library class ${name}; add one to classValue()`);
  }
}

/** Valid strings by parameter or field name (`Owner.field` first, then `field`); anything else is `value`. */
const STRINGS: Record<string, string> = {
  'GatewayRestApi#addRoute.routeKey': 'POST /target',
  'GatewayHttpApi#addRoute.routeKey': 'POST /target',
  'HttpApiIntegrationBindOptions.routeKey': 'GET /bound',
  'HttpAuthorizationBindOptions.routeKey': 'GET /bound',
  'GatewayWebSocketApi#addRoute.routeKey': 'sendMessage',
  'GatewayRestApi#stage.name': 'prod',
  'GatewayHttpApi#stage.name': '$default',
  'GatewayHttpApi#urlForStage.stageName': '$default',
  'GatewayRestApi#addMonitoring.stageName': 'prod',
  'GatewayRestApi#grantInvalidateCache.stageName': 'prod',
  'GatewayStage.name': 'beta',
  'StageOptions.name': 'beta',
  'HttpStageOptions.name': 'beta',
  'GatewayStage#urlForPath.path': '/pets',
  'GatewayStage#metric.metricName': 'Count',
  'OpenApiDefinition.fromFile.path': `${__dirname}/openapi/petstore.yaml`,
  'OpenApiDefinition.fromString.text': JSON.stringify(MINIMAL_DOCUMENT),
  'WebAcl.fromArn.webAclArn': 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/acl/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
  'RequestValue.body.jsonPath': '$.name',
  'MappingTemplate.maskFields.mask': '***',
  'GrantInvokeOptions.stage': 'prod',
  'GrantInvokeOptions.route': 'GET /base',
  'GatewayRestApi#arnForExecuteApi.method': 'GET',
  'GatewayRestApi#arnForExecuteApi.path': '/base',
  'GatewayRestApi#arnForExecuteApi.stage': 'prod',
  'DomainMappingOptions.stage': 'prod',
  'GatewayMcpTargetProps.stage': 'prod',
  'McpTool.route': 'GET /base',
  'DomainMappingOptions.basePath': 'v1',
  'HttpJwtAuthorizationOptions.identitySource': '$request.header.Authorization',
  'IntegrationResponse.selectionPattern': '4\\d{2}',
  'MockIntegrationOptions.contentType': 'application/json',
  'MockIntegrationOptions.body': '{"ok":true}',
  'GatewayResponseOptions.statusCode': '400',
  'GatewayResponseOptions.template': '{"message":$context.error.messageString}',
  'LambdaTokenAuthorizationOptions.header': 'Authorization',
  'LambdaTokenAuthorizationOptions.validationRegex': '^Bearer .+$',
  'HttpIntegrationOptions.method': 'POST',
  'LambdaAliasIntegrationOptions.variable': 'lambdaAlias',
  'MutualTlsOptions.key': 'truststore.pem',
  'GatewayWebSocketApiProps.routeSelectionExpression': '$request.body.action',
  'GatewayWebSocketApiProps.stageName': 'prod',
  'RouteOptions.operationId': 'op1',
  'ApiKeyOptions.secretField': 'apiKey',
  'GatewayApiKeyProps.secretField': 'apiKey',
  'ApiKeyOptions.value': 'a-very-long-api-key-value-0123456789',
  'GatewayApiKeyProps.value': 'a-very-long-api-key-value-0123456789',
  'DynamoDbQueryOptions.indexName': 'byName',
  'url': 'https://example.com/backend',
  'domainName': 'api.example.com',
  'issuer': 'https://issuer.example.com',
  'namespace': 'urn:example:pets',
  'operation': 'GetPet',
  'name': 'Authorization',
  'id': 'Child',
  'lambdaAlias': 'live',
  'stableRelease': 'v1',
  'partitionKey': 'pk',
  'source': 'pets.api',
  'detailType': 'PetCreated',
  'dashboardName': 'Pets',
  'version': 'v1',
  'soapAction': 'GetPet',
};

/** Valid array items by owner and name (the default is one valid item, or none for an optional array). */
const ARRAY_ITEMS: Record<string, string> = {
  accountIds: '123456789012',
  cidrs: '10.0.0.0/16',
  allowOrigins: 'https://app.example.com',
  allowMethods: 'GET',
  allowHeaders: 'Content-Type',
  exposeHeaders: 'X-Request-Id',
  audience: 'pets-client',
  stages: 'prod',
  scopes: 'pets/read',
  keyParameters: 'method.request.path.id',
  identitySources: '$request.header.Authorization',
  headers: 'Authorization',
  queryStrings: 'token',
  fields: 'name',
  requestFields: 'name',
};

const NUMBERS: Record<string, number> = {
  percentTraffic: 10,
  statusCode: 200,
  rateLimit: 10,
  burstLimit: 5,
  limit: 1000,
  offset: 0,
  serverErrorRate: 1,
  clientErrorRate: 5,
  evaluationPeriods: 3,
};

/** Struct fields set in every baseline although optional (routes are always explicitly authorized). */
function baselineOptional(struct: string, world: World): Record<string, unknown> {
  switch (struct) {
    case 'RouteOptions': return { authorization: lib.Authorization.none() };
    case 'HttpRouteOptions': return { authorization: lib.HttpAuthorization.none() };
    default: void world; return {};
  }
}

function runtimeEnum(name: string): unknown[] {
  if (!name.includes('.')) {
    return Object.values((lib as unknown as Record<string, Record<string, unknown>>)[name]).filter(v => typeof v === 'string');
  }
  const [module, enumName] = name.split(/\.(?=[^.]+$)/);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const values = Object.values(require(module)[enumName] as Record<string, unknown>);
  return values.some(v => typeof v === 'number') ? values.filter(v => typeof v === 'number') : values;
}

/** A valid value of `type` (no leading `?`) for the parameter or field `key` (`Owner.field`). */
export function validValue(world: World, type: string, key: string): unknown {
  const [kind, ...rest] = type.split(':');
  const inner = rest.join(':');
  const field = key.split('.').pop()!;
  switch (kind) {
    case 'any': return {};
    case 'string': return STRINGS[key] ?? STRINGS[field] ?? 'value';
    case 'number': return NUMBERS[field] ?? 1;
    case 'boolean': return true;
    case 'enum': return runtimeEnum(inner)[0];
    case 'class': case 'iface': return classValue(world, rest[0]);
    case 'ext': return externalValue(world, rest[0]);
    case 'array': {
      if (inner === 'string') return [ARRAY_ITEMS[field] ?? 'value'];
      return [validValue(world, inner, key)];
    }
    case 'map': {
      if (key === 'OperationBinding.operations' || field === 'operations') {
        return { listPets: { integration: lib.Integration.mock(), options: PUBLIC } };
      }
      if (field === 'responseFields' || field === 'fields') return { name: 'name' };
      if (field === 'requestTemplates' || field === 'templates') return { 'application/json': '{"ok":true}' };
      if (field === 'variables' || field === 'variableOverrides') return { tier: 'gold' };
      if (field === 'key' || field === 'item') return { pk: lib.RequestValue.path('id') };
      if (field === 'requestParameters' && inner === 'boolean') return { 'method.request.querystring.page': false };
      if (field === 'requestParameters') return { 'integration.request.header.X-Id': 'method.request.path.id' };
      if (field === 'document') return MINIMAL_DOCUMENT;
      if (inner.startsWith('struct:') || inner === 'string' || inner === 'boolean') return {};
      return {};
    }
    case 'struct': return validStruct(world, inner);
    default: throw new Error(`test/api-values.ts: unknown type ${type}`);
  }
}

/** A struct with its required fields (and the baseline's optional ones) set to valid values. */
export function validStruct(world: World, struct: string): Record<string, unknown> {
  const result: Record<string, unknown> = { ...baselineOptional(struct, world) };
  for (const [field, type] of Object.entries(API_STRUCTS[struct])) {
    if (!type.startsWith('?')) result[field] = validValue(world, type, `${struct}.${field}`);
  }
  return result;
}

/** The valid baseline arguments of an entry point. */
export function validArguments(world: World, entry: string): unknown[] {
  return API_ENTRIES[entry].map(([name, type]) => {
    if (name === 'id' && type === 'string') return world.id('Target');
    if (type.startsWith('?') && !type.startsWith('?struct:RouteOptions') && !type.startsWith('?struct:HttpRouteOptions')) return undefined;
    return validValue(world, type.replace(/^\?/, ''), `${entry}.${name}`);
  });
}

/**
 * Every path into an entry's arguments the hostile test aims at: each
 * parameter, each struct field (also optional ones, whose parent is then made
 * valid), recursively, and the first item of arrays of structs. With the type
 * at the path and the owner key for valid values.
 */
export function argumentPaths(entry: string): Array<{ path: ArgPath; type: string; key: string }> {
  const result: Array<{ path: ArgPath; type: string; key: string }> = [];
  const walk = (path: ArgPath, type: string, key: string, depth: number, structs: readonly string[]) => {
    result.push({ path, type, key });
    const bare = type.replace(/^\?/, '');
    const [kind, ...rest] = bare.split(':');
    const inner = rest.join(':');
    if (depth > 4) return;
    if (kind === 'struct' && !structs.includes(inner)) {
      for (const [field, fieldType] of Object.entries(API_STRUCTS[inner])) {
        walk([...path, field], fieldType, `${inner}.${field}`, depth + 1, [...structs, inner]);
      }
    } else if (kind === 'array' && (inner.startsWith('struct:') || inner === 'string' || inner.startsWith('class:') || inner.startsWith('iface:') || inner.startsWith('ext:'))) {
      walk([...path, 0], inner, key, depth + 1, structs);
    }
  };
  API_ENTRIES[entry].forEach(([name, type], index) => walk([index], type, `${entry}.${name}`, 0, []));
  return result;
}

/** The arguments with the value at `path` replaced; structs and arrays on the way are made valid first. */
export function withValueAt(world: World, entry: string, args: unknown[], path: ArgPath, value: unknown): unknown[] {
  const copy = [...args];
  const parameters = API_ENTRIES[entry];
  let container: any = copy;
  let type = `array:${'any'}`;
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    const last = i === path.length - 1;
    const stepType: string = i === 0 ? parameters[step as number][1] : type.startsWith('struct:')
      ? API_STRUCTS[type.slice('struct:'.length)][step as string] : type.slice('array:'.length);
    const bare = stepType.replace(/^\?/, '');
    if (last) {
      container[step] = value;
      break;
    }
    let next = container[step];
    const key = i === 0 ? `${entry}.${parameters[step as number][0]}` : `${type.slice(type.indexOf(':') + 1)}.${step}`;
    if (next === undefined || next === null) next = validValue(world, bare, key);
    next = Array.isArray(next) ? [...next] : { ...next };
    if (Array.isArray(next) && next.length === 0) next.push(validValue(world, bare.slice('array:'.length), key));
    container[step] = next;
    container = next;
    type = bare;
  }
  return copy;
}

/** Calls an entry point: a constructor, a method on a valid instance, or a static factory. */
export function callEntry(world: World, entry: string, args: unknown[]): unknown {
  const match = /^(\w+)(?:([#.])(\w+))?$/.exec(entry)!;
  const [, className, separator, method] = match;
  const cls = (lib as unknown as Record<string, any>)[className];
  if (!separator) return new cls(...args);
  if (separator === '.') return cls[method](...args);
  return classValue(world, className) && (classValue(world, className) as any)[method](...args);
}

/**
 * Puts what a factory returned to use, so that a hostile value it accepted
 * reaches the template: an integration gets a route, an authorization guards
 * one, a mapping template transforms one, and so on.
 */
export function useResult(world: World, entry: string, result: unknown): void {
  const className = entry.split(/[#.]/)[0];
  if (!entry.includes('.')) {
    if (result instanceof lib.GatewayRestApi) result.addRoute('GET /used', lib.Integration.mock(), PUBLIC);
    if (result instanceof lib.GatewayHttpApi) result.addRoute('GET /used', lib.HttpApiIntegration.url('https://example.com/used'), { authorization: lib.HttpAuthorization.none() });
    return;
  }
  const api = () => world.restApi();
  const route = () => `GET /used${world.id('r')}`;
  switch (className) {
    case 'Integration': api().addRoute(route(), result as lib.IRestIntegration, PUBLIC); return;
    case 'Authorization': api().addRoute(route(), lib.Integration.mock(), { authorization: result as lib.IRestAuthorization }); return;
    case 'Canary': api().addStage({ name: world.id('canary'), canary: result as lib.ICanary }); return;
    case 'Endpoint': new lib.GatewayRestApi(world.stack, world.id('Api'), { endpoint: result as lib.Endpoint })
      .addRoute('GET /e', lib.Integration.mock(), PUBLIC); return;
    case 'CloudWatchRole': new lib.GatewayRestApi(world.stack, world.id('Api'), { cloudWatchRole: result as lib.ICloudWatchRole })
      .addRoute('GET /e', lib.Integration.mock(), PUBLIC); return;
    case 'WebAcl': new lib.GatewayRestApi(world.stack, world.id('Api'), { webAcl: result as lib.IWebAcl })
      .addRoute('GET /e', lib.Integration.mock(), PUBLIC); return;
    case 'ResourcePolicy': api().addToResourcePolicy(result as lib.IResourcePolicy); return;
    case 'Model': api().addRoute(route(), lib.Integration.mock(), { ...PUBLIC, requestModel: result as lib.Model }); return;
    case 'RequestValue': api().addRoute(route(), lib.Integration.dynamoDbGetItem(externalValue(world, 'ITable') as dynamodb.ITable, {
      key: { pk: result as lib.RequestValue },
    }), PUBLIC); return;
    case 'IdentitySource': api().addRoute(route(), lib.Integration.mock(), {
      authorization: lib.Authorization.lambdaRequest(world.fn(), { identitySources: [result as lib.IdentitySource] }),
    }); return;
    case 'MappingTemplate': api().addRoute(`POST /mapped${world.id('m')}`, lib.Integration.mock({ contentType: 'application/json' }), PUBLIC);
      api().addRoute(route(), lib.Integration.http('https://example.com/x', { requestTemplates: { 'application/json': result as string } }), PUBLIC); return;
    case 'OpenApiDefinition': lib.GatewayRestApi.fromOpenApi(world.stack, world.id('Imported'), {
      definition: result as lib.IOpenApiDefinition, operations: {},
    }); return;
    case 'HttpAuthorization': world.httpApi().addRoute(`GET /used${world.id('r')}`, lib.HttpApiIntegration.url('https://example.com/x'), {
      authorization: result as lib.HttpAuthorization,
    }); return;
    case 'HttpApiIntegration': world.httpApi().addRoute(`GET /used${world.id('r')}`, result as lib.HttpApiIntegration, {
      authorization: lib.HttpAuthorization.none(),
    }); return;
    case 'WebSocketAuthorization': new lib.GatewayWebSocketApi(world.stack, world.id('Ws'), {
      connectHandler: world.fn(), connectAuthorization: result as lib.WebSocketAuthorization,
    }); return;
    default: return;
  }
}
