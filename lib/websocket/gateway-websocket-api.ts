import { RemovalPolicy, ResourceEnvironment, Stack, Token, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { bindConnectAuthorization } from './bind-connect-authorization';
import { declaredConnectionsTableAccess } from './connections-table-access';
import { IWebSocketAuthorization } from './websocket-connect-authorization';
import { jsonAccessLogFormat } from '../core/access-logs';
import { executeApiArn, executeApiBaseUrl } from '../core/arns';
import { CloudWatchRole, ICloudWatchRole } from '../core/cloudwatch-role';
import { GatewayValidationError } from '../core/errors';
import { libraryLogGroup } from '../core/log-encryption';
import { checkArguments } from '../core/private/check-arguments';
import { shortHash } from '../core/private/names';
import { checkOneOf, checkPattern, enumValues, LOG_RETENTION_DAYS, STAGE_NAME, STAGE_NAME_RULE, validateThrottle } from '../core/rules';
import { DEFAULT_STAGE_THROTTLE, ThrottleSettings } from '../core/throttle';

/** Properties of a `GatewayWebSocketApi`. */
export interface GatewayWebSocketApiProps {
  /**
   * The API's name.
   * @default - the construct id
   */
  readonly apiName?: string;

  /**
   * A description of the API.
   * @default - none
   */
  readonly description?: string;

  /**
   * Where the route key of a message is read from.
   * @default '$request.body.action'
   */
  readonly routeSelectionExpression?: string;

  /**
   * Handles `$connect`; its answer decides whether the connection opens.
   * @default - connections open without a handler
   */
  readonly connectHandler?: lambda.IFunction;

  /**
   * Handles `$disconnect`.
   * @default - none
   */
  readonly disconnectHandler?: lambda.IFunction;

  /**
   * Handles messages whose route key matches no route (`$default`).
   * @default - such messages get an error
   */
  readonly defaultHandler?: lambda.IFunction;

  /**
   * Who may connect, checked on `$connect`; `WebSocketAuthorization.none()` lets anyone connect.
   * @default - none: the constructor fails, since a `$connect` anyone may call must be a visible decision
   */
  readonly connectAuthorization?: IWebSocketAuthorization;

  /**
   * The table of open connections (partition key `connectionId`, string).
   * @default - a table created here: on-demand, TTL on `expiresAt`, point-in-time recovery, encrypted
   */
  readonly connectionsTable?: dynamodb.ITable;

  /**
   * The stage name.
   * @default 'prod'
   */
  readonly stageName?: string;

  /**
   * Throttling of every route in the stage.
   * @default { rateLimit: 1000, burstLimit: 500 }
   */
  readonly throttle?: ThrottleSettings;

  /**
   * How long the JSON access logs are kept.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly accessLogRetention?: logs.RetentionDays;

  /**
   * Who provides the account-level role API Gateway writes WebSocket logs with
   * (unlike HTTP APIs, WebSocket stages cannot log without it).
   * @default CloudWatchRole.managed()
   */
  readonly cloudWatchRole?: ICloudWatchRole;

  /**
   * A KMS key that encrypts the access log group the library creates for the stage.
   * The library adds a statement to the key's policy that lets CloudWatch Logs of the
   * key's account and region use it; a key imported by ARN must allow that already.
   * @default - CloudWatch Logs' own encryption
   */
  readonly logGroupEncryptionKey?: kms.IKey;
}

/** Options for `GatewayWebSocketApi.addRoute()`. */
export interface WebSocketRouteOptions {
  /**
   * Send the handler's response body back to the client (a two-way route), e.g. the reason for a 400.
   * @default false
   */
  readonly returnResponse?: boolean;
}

/** Which API each handler serves: its environment names one table and one callback URL. */
const HANDLER_OWNERS = new WeakMap<lambda.IFunction, GatewayWebSocketApi>();

const RESERVED_ROUTES = ['$connect', '$disconnect', '$default'];
/** DynamoDB actions that only read: a handler limited to them needs only to decrypt with the table's key. */
const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'];
const CUSTOM_ROUTE_KEY = /^[A-Za-z0-9_.:-]{1,128}$/;
const ROUTE_SELECTION = /^\$request\.body\.[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/;

/**
 * The WebSocket pattern: `$connect`, `$disconnect`, `$default` and custom
 * routes to Lambda handlers, a connections table, and for every handler the
 * table's name (`CONNECTIONS_TABLE`), the callback URL (`CALLBACK_URL`) and
 * `execute-api:ManageConnections` on this API's stage only.
 *
 * A handler of your own gets read and write access to the table; the
 * handlers of `WebSocketChatHandlers` get only the table actions each calls
 * (and ManageConnections only where they post to connections).
 *
 * It is an `apigwv2.IWebSocketApi`, and its `stage` an `apigwv2.IWebSocketStage`,
 * so anything that takes a WebSocket API or stage takes them.
 */
export class GatewayWebSocketApi extends Construct implements apigwv2.IWebSocketApi {
  /** The underlying `WebSocketApi` (aws-apigatewayv2). */
  public readonly webSocketApi: apigwv2.WebSocketApi;
  /** The API id. */
  public readonly apiId: string;
  /** The default endpoint, `wss://{api}.execute-api.{region}.amazonaws.com`. */
  public readonly apiEndpoint: string;
  /** Always true: this is a WebSocket API. */
  public readonly isWebsocketApi = true;
  /** The stack the API is defined in. */
  public readonly stack: Stack;
  /** The account and region the API is defined in. */
  public readonly env: ResourceEnvironment;
  /** The stage. */
  public readonly stage: apigwv2.WebSocketStage;
  /** The connections table. */
  public readonly connectionsTable: dynamodb.ITable;
  /** `wss://{api}.execute-api.{region}.amazonaws.com/{stage}`, for clients. */
  public readonly url: string;
  /** `https://{api}.execute-api.{region}.amazonaws.com/{stage}`, where handlers post to connections. */
  public readonly callbackUrl: string;

  /** The custom routes' keys (the reserved ones come from props, once). */
  private readonly routeKeys = new Set<string>();
  private readonly handlers = new Set<lambda.IFunction>();

  constructor(scope: Construct, id: string, props: GatewayWebSocketApiProps = {}) {
    checkArguments(scope, 'GatewayWebSocketApi', arguments);
    super(scope, id);
    const selection = props.routeSelectionExpression ?? '$request.body.action';
    if (!ROUTE_SELECTION.test(selection)) {
      throw new GatewayValidationError(this, 'RouteSelectionExpressionInvalid', `route selection expression ${JSON.stringify(selection)} is invalid: use $request.body.<field>, e.g. $request.body.action.`);
    }
    if (props.apiName !== undefined && !Token.isUnresolved(props.apiName) && props.apiName.trim() === '') {
      throw new GatewayValidationError(this, 'ApiNameEmpty', `apiName ${JSON.stringify(props.apiName)} is empty; API Gateway needs a name: pass a non-empty apiName, or leave it out to use the construct id.`);
    }
    const stageName = props.stageName ?? 'prod';
    checkPattern(this, 'stage name', stageName, STAGE_NAME, STAGE_NAME_RULE);
    validateThrottle(this, 'stage throttle', props.throttle);
    checkOneOf(this, 'accessLogRetention', props.accessLogRetention, LOG_RETENTION_DAYS, 'use a logs.RetentionDays value, e.g. logs.RetentionDays.ONE_YEAR');

    if (!props.connectAuthorization) {
      throw new GatewayValidationError(this, 'ConnectWithoutAuthorization', 'the WebSocket API has no connectAuthorization, so anyone could connect without saying so; pass connectAuthorization: WebSocketAuthorization.none() to make $connect public on purpose, or WebSocketAuthorization.lambdaRequest() or .iam().');
    }
    this.webSocketApi = new apigwv2.WebSocketApi(this, 'Resource', {
      apiName: props.apiName ?? id,
      description: props.description,
      routeSelectionExpression: selection,
    });
    this.apiId = this.webSocketApi.apiId;
    this.apiEndpoint = this.webSocketApi.apiEndpoint;
    this.stack = Stack.of(this);
    this.env = this.webSocketApi.env;
    // The reserved routes, in the order the L2's own props would add them; $connect's authorizer is bound to this API.
    const connectAuthorizer = bindConnectAuthorization(this, props.connectAuthorization);
    if (props.connectHandler || connectAuthorizer) {
      this.webSocketApi.addRoute('$connect', { integration: this.integrationFor('$connect', props.connectHandler ?? missingConnectHandler(this)), authorizer: connectAuthorizer });
    }
    if (props.disconnectHandler) {
      this.webSocketApi.addRoute('$disconnect', { integration: this.integrationFor('$disconnect', props.disconnectHandler) });
    }
    if (props.defaultHandler) {
      this.webSocketApi.addRoute('$default', { integration: this.integrationFor('$default', props.defaultHandler) });
    }
    for (const handler of [props.connectHandler, props.disconnectHandler, props.defaultHandler]) {
      if (handler) {
        this.handlers.add(handler);
      }
    }

    const logGroup = libraryLogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
      encryptionKey: props.logGroupEncryptionKey,
    });
    const accountLogging = (props.cloudWatchRole ?? CloudWatchRole.managed()).bind({ scope: this }).dependency;
    this.stage = new apigwv2.WebSocketStage(this, 'Stage', {
      webSocketApi: this.webSocketApi,
      stageName,
      autoDeploy: true,
      throttle: props.throttle ?? DEFAULT_STAGE_THROTTLE,
      detailedMetricsEnabled: true,
      accessLogSettings: { destination: new apigwv2.LogGroupLogDestination(logGroup), format: webSocketAccessLogFormat() },
    });
    if (accountLogging) {
      this.stage.node.addDependency(accountLogging);
    }
    Validations.of(this.stage).acknowledge({
      id: 'Serverless-APIGWStructuredLogging',
      reason: 'The access log format is JSON once API Gateway substitutes $context.error.messageString, which it emits already quoted; the rule parses the raw template, where that variable stands unquoted.',
    });
    this.url = `${executeApiBaseUrl(this, this.apiId, 'wss')}/${stageName}`;
    this.callbackUrl = `${executeApiBaseUrl(this, this.apiId)}/${stageName}`;

    this.connectionsTable = props.connectionsTable ?? new dynamodb.TableV2(this, 'Connections', {
      partitionKey: { name: 'connectionId', type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      timeToLiveAttribute: 'expiresAt',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    for (const handler of this.handlers) {
      this.equip(handler);
    }
    const reservedRoutes = this.webSocketApi.node.findAll().filter((child): child is apigwv2.CfnRoute => child instanceof apigwv2.CfnRoute);
    reservedRoutes.filter(route => route.routeKey !== '$connect').forEach(route => acknowledgeMessageRoute(route));
  }

  /** Adds a route for messages whose route key (by the route selection expression) is `routeKey`. */
  public addRoute(routeKey: string, handler: lambda.IFunction, options: WebSocketRouteOptions = {}): void {
    if (RESERVED_ROUTES.includes(routeKey)) {
      throw new GatewayValidationError(this, 'WebSocketRouteReserved', `route ${routeKey} is set through the ${routeKey.slice(1)}Handler prop, not addRoute().`);
    }
    if (!CUSTOM_ROUTE_KEY.test(routeKey)) {
      throw new GatewayValidationError(this, 'RouteKeyInvalid', `route key ${JSON.stringify(routeKey)} is invalid: use 1 to 128 characters of A-Z, a-z, 0-9, _, ., : and -.`);
    }
    if (this.routeKeys.has(routeKey)) {
      throw new GatewayValidationError(this, 'RouteDuplicate', `route ${routeKey} is added twice.`);
    }
    const integration = this.integrationFor(routeKey, handler);
    const route = this.webSocketApi.addRoute(routeKey, { integration, returnResponse: options.returnResponse });
    acknowledgeMessageRoute(route.node.defaultChild as apigwv2.CfnRoute);
    this.routeKeys.add(routeKey);
    if (!this.handlers.has(handler)) {
      this.handlers.add(handler);
      this.equip(handler);
    }
  }

  /**
   * Grants `execute-api:ManageConnections` (post to, read and close connections: POST, GET and DELETE on `@connections`) on this API's stage.
   */
  public grantManageConnections(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['execute-api:ManageConnections'],
      resourceArns: [executeApiArn(this, this.apiId, `${this.stage.stageName}/*/@connections/*`)],
    });
  }

  /** A reference to the API, for aws-cdk-lib constructs that take an `IApiRef`. */
  public get apiRef(): apigwv2.ApiReference {
    return this.webSocketApi.apiRef;
  }

  /** A metric of the API (`AWS/ApiGateway`, dimension `ApiId`); average over 5 minutes. */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.webSocketApi.metric(metricName, props);
  }

  /** Applies a removal policy to the API resource. */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    checkOneOf(this, 'removal policy', policy, enumValues(RemovalPolicy), 'use a RemovalPolicy, e.g. RemovalPolicy.RETAIN', true);
    this.webSocketApi.applyRemovalPolicy(policy);
  }

  private integrationFor(routeKey: string, handler: lambda.IFunction): integrations.WebSocketLambdaIntegration {
    return new integrations.WebSocketLambdaIntegration(`${routeKey.replace(/[^A-Za-z0-9]/g, '') || 'Route'}${shortHash(routeKey)}`, handler);
  }

  /** Gives a handler the table, the callback URL and the permission to post to connections (or what it declared it needs). */
  private equip(handler: lambda.IFunction): void {
    if (!(handler instanceof lambda.Function)) {
      throw new GatewayValidationError(this, 'WebSocketHandlerNotFunction', `handler ${handler.node.path} must be a lambda.Function defined in this app: the API sets its CONNECTIONS_TABLE and CALLBACK_URL environment variables.`);
    }
    const owner = HANDLER_OWNERS.get(handler);
    if (owner && owner !== this) {
      throw new GatewayValidationError(this, 'WebSocketHandlerShared', `handler ${handler.node.path} already serves WebSocket API ${owner.node.path}; its environment can name one table and one callback URL, so give each API its own function (e.g. its own WebSocketChatHandlers).`);
    }
    if (Stack.of(handler) !== Stack.of(this)) {
      throw new GatewayValidationError(this, 'WebSocketHandlerOtherStack', `handler ${handler.node.path} is in stack ${Stack.of(handler).stackName}, but the API is in ${Stack.of(this).stackName}: the handler reads the API's table and URL and the API invokes the handler, which would make the stacks depend on each other; define them in one stack.`);
    }
    HANDLER_OWNERS.set(handler, this);
    handler.addEnvironment('CONNECTIONS_TABLE', this.connectionsTable.tableName);
    handler.addEnvironment('CALLBACK_URL', this.callbackUrl);
    const declared = declaredConnectionsTableAccess(handler);
    if (!declared) {
      this.connectionsTable.grantReadWriteData(handler);
      this.grantManageConnections(handler);
    } else {
      this.connectionsTable.grant(handler, ...declared.tableActions);
      // A table encrypted with a customer managed key needs the key as well (grant() covers the table only).
      if (declared.tableActions.some(action => !READ_ACTIONS.includes(action))) {
        this.connectionsTable.encryptionKey?.grantEncryptDecrypt(handler);
      } else {
        this.connectionsTable.encryptionKey?.grantDecrypt(handler);
      }
      if (!declared.manageConnections) {
        return;
      }
      this.grantManageConnections(handler);
    }
    const stack = Stack.of(this);
    const known = (value: string, placeholder: string) => (Token.isUnresolved(value) ? placeholder : value);
    const apiLogicalId = stack.getLogicalId(this.webSocketApi.node.defaultChild as apigwv2.CfnApi);
    Validations.of(handler).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:${known(stack.region, '<AWS::Region>')}:${known(stack.account, '<AWS::AccountId>')}:<${apiLogicalId}>/${this.stage.stageName}/*/@connections/*]`,
      reason: 'Connection ids are assigned as clients connect; the grant covers the connections of this API\'s one stage, which is as narrow as execute-api allows.',
    });
  }
}

/**
 * API Gateway authorizes a WebSocket connection once, on `$connect`; the
 * other routes carry messages of a connection that was already authorized,
 * and cannot have an authorizer of their own.
 */
function acknowledgeMessageRoute(route: apigwv2.CfnRoute): void {
  Validations.of(route).acknowledge({
    id: 'AwsSolutions-APIG4',
    reason: 'WebSocket APIs authorize on $connect only; this route carries messages of a connection that was authorized when it opened, and API Gateway allows no authorizer on it.',
  });
}

/** `$connect` needs an integration for its authorizer to attach to. */
function missingConnectHandler(scope: Construct): never {
  throw new GatewayValidationError(scope, 'ConnectAuthorizationWithoutHandler', 'connectAuthorization needs a connectHandler: API Gateway runs the authorizer on the $connect route, which needs an integration.');
}

/** One JSON object per message or connection event. */
function webSocketAccessLogFormat(): apigw.AccessLogFormat {
  const fields: Array<[string, string]> = [
    ['requestId', '"$context.requestId"'],
    ['extendedRequestId', '"$context.extendedRequestId"'],
    ['requestTime', '"$context.requestTime"'],
    ['sourceIp', '"$context.identity.sourceIp"'],
    ['connectionId', '"$context.connectionId"'],
    ['eventType', '"$context.eventType"'],
    ['routeKey', '"$context.routeKey"'],
    ['stage', '"$context.stage"'],
    ['status', '"$context.status"'],
    ['integrationLatency', '"$context.integrationLatency"'],
    ['errorMessage', '$context.error.messageString'],
  ];
  return jsonAccessLogFormat(fields);
}
