import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as agentcore from 'aws-cdk-lib/aws-bedrockagentcore';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { acknowledgeDeadLetterQueue, acknowledgeHipaaAndNist, acknowledgeMcpGatewayRole, acknowledgeSynchronousFunction, acknowledgeWorkflowRole } from '../bin/acknowledgments';
import { acknowledgeInternalBalancer } from '../bin/internal-orders';
import {
  Authorization, BodyStorage, CacheSize, Canary, CloudWatchRole, Endpoint, GatewayRestApi, GradualAliasDeployment, IdentitySource, Integration,
  ResourcePolicy,
  UnauthorizedCacheControl, GatewayDomain, EndpointType, WebAcl, RequestValue, GatewayHttpApi, HttpApiIntegration, HttpAuthorization,
  GatewayWebSocketApi, WebSocketAuthorization, WebSocketChatHandlers, GatewayMcpTarget,
  GatewayPrivateDomain,
  ResponseTransferMode,
  GatewayApiKey,
} from '../lib';

/**
 * Test fixtures: small stacks that each exercise one capability. The unit
 * tests assert on them and the compliance test lints and nags every one, so a
 * capability is only "done" when its fixture deploys clean.
 */
export const FIXTURES: Record<string, (app: App) => Stack> = {
  /** The smallest API: one Lambda route, default stage. */
  minimal(app) {
    const stack = new Stack(app, 'Minimal');
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /hello', Integration.lambda(fixtureFunction(stack, 'Hello')), { authorization: Authorization.none() });
    return stack;
  },

  /** A body kept in S3 (as every API over 500,000 bytes is): its handler, role and custom resource are linted and nagged too. */
  bodyInS3(app) {
    const stack = new Stack(app, 'BodyInS3');
    const api = new GatewayRestApi(stack, 'Api', { bodyStorage: BodyStorage.S3, defaultAuthorization: Authorization.none() });
    const fn = fixtureFunction(stack, 'Pets');
    api.addRoute('GET /pets', Integration.lambda(fn));
    api.addRoute('GET /pets/{id}', Integration.lambda(fn));
    return stack;
  },

  /** An edge-optimized API with a greedy proxy under ANY and a root route. */
  edgeProxy(app) {
    const stack = new Stack(app, 'EdgeProxy');
    const api = new GatewayRestApi(stack, 'Api', { endpoint: Endpoint.edge(), defaultAuthorization: Authorization.none() });
    const fn = fixtureFunction(stack, 'Proxy');
    api.addRoute('GET /', Integration.lambda(fn));
    api.addRoute('ANY /{proxy+}', Integration.lambda(fn, { timeout: Duration.seconds(5) }), { throttle: { rateLimit: 20, burstLimit: 10 } });
    return stack;
  },

  /** Three stages routing to aliases through a custom stage variable, with per-route throttles. */
  aliasStages(app) {
    const stack = new Stack(app, 'AliasStages');
    const fn = fixtureFunction(stack, 'Orders');
    const version = fn.currentVersion;
    for (const name of ['blue', 'green']) {
      new lambda.Alias(stack, `Alias-${name}`, { aliasName: name, version });
    }
    const api = new GatewayRestApi(stack, 'Api', {
      defaultAuthorization: Authorization.none(),
      stages: [
        { name: 'dev', variables: { ordersAlias: 'blue', tier: 'dev' } },
        { name: 'staging', variables: { ordersAlias: 'blue' }, tracingEnabled: false, detailedMetrics: false },
        { name: 'prod', variables: { ordersAlias: 'green' }, throttle: { rateLimit: 500, burstLimit: 250 }, routeThrottles: { 'POST /orders': { rateLimit: 5, burstLimit: 5 } } },
      ],
    });
    const orders = Integration.lambdaAlias(fn, { variable: 'ordersAlias' });
    api.addRoute('GET /orders', orders);
    api.addRoute('POST /orders', orders);
    api.addRoute('GET /orders/{orderId}/items/{itemId}', orders);
    return stack;
  },

  /** Streamed responses (Lambda proxy, Lambda alias, HTTP proxy) beside a cached stage, and an API that compresses responses. */
  responseStreaming(app) {
    const stack = new Stack(app, 'ResponseStreaming');
    const api = new GatewayRestApi(stack, 'Api', {
      defaultAuthorization: Authorization.none(),
      stages: [{ name: 'prod', lambdaAlias: 'live', cache: { size: CacheSize.GB_0_5 } }],
    });
    const fn = fixtureFunction(stack, 'Chat');
    new lambda.Alias(stack, 'ChatLive', { aliasName: 'live', version: fn.currentVersion });
    const stream = { responseTransferMode: ResponseTransferMode.STREAM, timeout: Duration.minutes(15) };
    // A streamed response cannot be cached: the GET route turns the stage's cache off for itself.
    api.addRoute('GET /reports/{id}', Integration.lambda(fn, stream), { cache: { enabled: false } });
    api.addRoute('POST /chat', Integration.lambdaAlias(fn, stream));
    api.addRoute('POST /feed', Integration.http('https://feed.example.com/events', stream));
    api.addRoute('GET /status', Integration.lambda(fn));
    const compressed = new GatewayRestApi(stack, 'Compressed', { defaultAuthorization: Authorization.none(), minimumCompressionSize: 1024 });
    compressed.addRoute('GET /catalog', Integration.lambda(fn));
    return stack;
  },

  /** A private API behind a VPC endpoint, with a pre-existing account logging role. */
  privateApi(app) {
    const stack = new Stack(app, 'PrivateApi');
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.30.0.0/16'),
      natGateways: 0,
      maxAzs: 2,
      subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      flowLogs: { all: {} },
    });
    const endpoint = vpc.addInterfaceEndpoint('ExecuteApi', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY, open: false });
    endpoint.connections.allowFrom(ec2.Peer.ipv4('10.30.0.0/16'), ec2.Port.tcp(443));
    const api = new GatewayRestApi(stack, 'Api', {
      endpoint: Endpoint.private({ vpcEndpoints: [endpoint] }),
      cloudWatchRole: CloudWatchRole.existing(),
    });
    api.addRoute('GET /internal', Integration.lambda(fixtureFunction(stack, 'Internal')), { authorization: Authorization.none() });
    return stack;
  },

  /** A private custom domain for a private API: its policy, access association, mapping, a routing rule and a private zone's record. */
  privateDomain(app) {
    const stack = new Stack(app, 'PrivateDomain');
    const vpc = new ec2.Vpc(stack, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.40.0.0/16'),
      natGateways: 0,
      maxAzs: 2,
      subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
      flowLogs: { all: {} },
    });
    const endpoint = vpc.addInterfaceEndpoint('ExecuteApi', { service: ec2.InterfaceVpcEndpointAwsService.APIGATEWAY, open: false });
    endpoint.connections.allowFrom(ec2.Peer.ipv4('10.40.0.0/16'), ec2.Port.tcp(443));
    const api = new GatewayRestApi(stack, 'Api', { endpoint: Endpoint.private({ vpcEndpoints: [endpoint] }), cloudWatchRole: CloudWatchRole.existing(), defaultAuthorization: Authorization.iam() });
    api.addRoute('GET /items', Integration.lambda(fixtureFunction(stack, 'Items')));
    const domain = new GatewayPrivateDomain(stack, 'Domain', {
      domainName: 'items.internal.example.com',
      certificate: acm.Certificate.fromCertificateArn(stack, 'Certificate', 'arn:aws:acm:eu-west-1:111111111111:certificate/12345678-1234-1234-1234-123456789012'),
      vpcEndpoints: [endpoint],
      zone: new route53.PrivateHostedZone(stack, 'Zone', { zoneName: 'internal.example.com', vpc }),
    });
    domain.addApi(api, { basePath: 'items' });
    domain.addRoutingRule('Reports', { priority: 10, api, basePath: 'reports/daily', stripBasePath: true });
    return stack;
  },

  /** Routing rules on a regional domain: a header rule before the base path mappings. */
  routingRules(app) {
    const stack = new Stack(app, 'RoutingRules', { env: { account: '111111111111', region: 'eu-west-1' } });
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
    const fn = fixtureFunction(stack, 'Fn');
    const v1 = new GatewayRestApi(stack, 'V1', { defaultAuthorization: Authorization.iam(), webAcl: WebAcl.managed() });
    v1.addRoute('GET /pets', Integration.lambda(fn));
    const next = new GatewayRestApi(stack, 'Next', { defaultAuthorization: Authorization.iam(), webAcl: WebAcl.managed() });
    next.addRoute('GET /pets', Integration.lambda(fn));
    const domain = new GatewayDomain(stack, 'Domain', { domainName: 'api.example.com', zone });
    domain.addApi(v1, { basePath: 'v1' });
    domain.addRoutingRule('Beta', { priority: 10, api: next, headers: [{ header: 'x-api-version', valueGlob: 'beta' }] });
    return stack;
  },

  /** A function in one stack, its API in another: the URI and permission cross the stack boundary. */
  crossStack(app) {
    const backend = new Stack(app, 'CrossStackBackend');
    const fn = fixtureFunction(backend, 'Shared');
    const stack = new Stack(app, 'CrossStackApi');
    const api = new GatewayRestApi(stack, 'Api', { stages: [{ name: 'prod', lambdaAlias: 'live' }], defaultAuthorization: Authorization.none() });
    api.addRoute('GET /shared', Integration.lambda(fn));
    api.addRoute('GET /shared/{id}', Integration.lambdaAlias(fn));
    // Defined after the routes and in the other stack: the permission must still wait for it.
    new lambda.Alias(backend, 'Live', { aliasName: 'live', version: fn.currentVersion });
    // A second stage selecting the same alias widens its one permission to the whole API.
    api.addStage({ name: 'beta', lambdaAlias: 'live' });
    return stack;
  },

  /**
   * Every kind of access control at once: an imported Cognito pool, a Lambda
   * request authorizer that also supplies API keys, IAM with a cross-account
   * grant, source-IP restrictions, CORS for two origins and per-route plan throttles.
   */
  accessControl(app) {
    const stack = new Stack(app, 'AccessControl');
    const fn = fixtureFunction(stack, 'Backend');
    const pool = cognito.UserPool.fromUserPoolArn(stack, 'Pool', `arn:${stack.partition}:cognito-idp:${stack.region}:${stack.account}:userpool/${stack.region}_Example1`);
    const api = new GatewayRestApi(stack, 'Api', {
      stages: [{ name: 'prod', variables: { tenant: 'main' } }],
      apiKeySource: apigw.ApiKeySourceType.AUTHORIZER,
      defaultAuthorization: Authorization.cognito([pool], { resultsCacheTtl: Duration.seconds(0) }),
      cors: { allowOrigins: ['https://a.example.com', 'https://b.example.com'], maxAge: Duration.minutes(5) },
      resourcePolicy: [ResourcePolicy.allowOnlySourceIps(['198.51.100.0/24', '2001:db8::/32']), ResourcePolicy.allowAccounts(['111122223333'])],
    });
    const tenants = Authorization.lambdaRequest(fixtureFunction(stack, 'TenantAuthorizer'), {
      identitySources: [IdentitySource.header('X-Tenant'), IdentitySource.stageVariable('tenant')],
      resultsCacheTtl: Duration.minutes(10),
    });
    api.addRoute('GET /docs', Integration.lambda(fn));
    api.addRoute('GET /tenants/{tenantId}/orders', Integration.lambda(fn), { authorization: tenants, apiKeyRequired: true });
    api.addRoute('POST /tenants/{tenantId}/orders', Integration.lambda(fn), { authorization: tenants, apiKeyRequired: true });
    api.addRoute('ANY /ops/{proxy+}', Integration.lambda(fn), { authorization: Authorization.iam() });
    api.addRoute('GET /', Integration.lambda(fn), { authorization: Authorization.none() });
    const plan = api.addUsagePlan('Tenants', {
      throttle: { rateLimit: 100, burstLimit: 200 },
      quota: { limit: 1000, period: apigw.Period.WEEK, offset: 1 },
      routeThrottles: { 'POST /tenants/{tenantId}/orders': { rateLimit: 5, burstLimit: 10 } },
    });
    plan.addApiKey('TenantA');
    api.addGatewayResponse(apigw.ResponseType.ACCESS_DENIED, { statusCode: '403', template: '{"message": "forbidden"}' });
    const ops = new iam.Role(stack, 'Ops', { assumedBy: new iam.AccountRootPrincipal() });
    api.grantInvoke(ops, { route: 'ANY /ops/{proxy+}' });
    Validations.of(ops).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<ApiF70053CD>/*/*/ops/*]',
      reason: 'An execute-api ARN addresses a route\'s path parameters, its stages and its ANY method with wildcards; the grant is one route of one API.',
    });
    return stack;
  },

  /**
   * Releases: a stage with a Lambda-alias canary and a cache, a stage with a
   * definition canary pinned to a stable release, CodeDeploy shifting an
   * alias, and monitoring.
   */
  releases(app) {
    const stack = new Stack(app, 'Releases');
    const fn = fixtureFunction(stack, 'Orders');
    const live = new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });
    new lambda.Alias(stack, 'Next', { aliasName: 'next', version: fn.currentVersion });
    const api = new GatewayRestApi(stack, 'Api', {
      defaultAuthorization: Authorization.iam(),
      stages: [
        {
          name: 'prod',
          lambdaAlias: 'live',
          canary: Canary.lambdaAlias({ percentTraffic: 10, lambdaAlias: 'next', useStageCache: false }),
          cache: {
            size: CacheSize.GB_0_5,
            ttl: Duration.minutes(10),
            unauthorizedInvalidation: UnauthorizedCacheControl.SUCCEED_WITH_RESPONSE_HEADER,
          },
        },
        { name: 'beta', lambdaAlias: 'live', canary: Canary.deployment({ percentTraffic: 25.5, stableRelease: 'v7' }) },
      ],
    });
    const orders = Integration.lambdaAlias(fn);
    // The callers are services signing with IAM, and every one of them sees the same orders: one cache serves them all.
    api.addRoute('GET /orders', orders, { cache: { keyParameters: ['method.request.querystring.page', 'method.request.header.Accept-Language'], sharedAcrossCallers: true } });
    api.addRoute('GET /orders/{id}', orders, { cache: { ttl: Duration.hours(1), keyParameters: ['method.request.path.id'], sharedAcrossCallers: true } });
    api.addRoute('POST /orders/search', orders, { cache: { enabled: true, ttl: Duration.seconds(30), sharedAcrossCallers: true } });
    api.addRoute('GET /orders/live', orders, { cache: { enabled: false } });
    api.addMonitoring('prod');
    new GradualAliasDeployment(stack, 'LiveShift', {
      alias: live,
      stage: api.stage('prod'),
      deploymentConfig: codedeploy.LambdaDeploymentConfig.LINEAR_10PERCENT_EVERY_1MINUTE,
    });
    return stack;
  },

  /**
   * A regional domain with a certificate the library creates, /v1 and a
   * two-level /v2/orders, mutual TLS, and a managed WAF web ACL on the API.
   */
  regionalDomain(app) {
    const stack = new Stack(app, 'RegionalDomain', { env: { account: '111111111111', region: 'eu-west-1' } });
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
    const fn = fixtureFunction(stack, 'Fn');
    const v1 = new GatewayRestApi(stack, 'V1', { defaultAuthorization: Authorization.iam(), webAcl: WebAcl.managed({ rateLimit: 500 }) });
    v1.addRoute('GET /orders', Integration.lambda(fn));
    const v2 = new GatewayRestApi(stack, 'V2', { defaultAuthorization: Authorization.iam(), webAcl: WebAcl.fromArn('arn:aws:wafv2:eu-west-1:111111111111:regional/webacl/shared/1234abcd-12ab-34cd-56ef-1234567890ab'), stages: [{ name: 'live' }] });
    v2.addRoute('GET /', Integration.lambda(fn));
    const truststore = s3.Bucket.fromBucketName(stack, 'Truststore', 'example-truststore');
    const domain = new GatewayDomain(stack, 'Domain', { domainName: 'api.example.com', zone, mtls: { bucket: truststore, key: 'truststore.pem', version: 'v3' } });
    domain.addApi(v1, { basePath: 'v1' });
    domain.addApi(v2, { basePath: 'v2/orders', stage: 'live' });
    return stack;
  },

  /** An HTTP API: JWT, Lambda (simple responses) and IAM authorization, Lambda and URL routes, two stages, a regional domain. */
  httpApi(app) {
    const stack = new Stack(app, 'HttpApi', { env: { account: '111111111111', region: 'eu-west-1' } });
    const fn = fixtureFunction(stack, 'Items');
    const api = new GatewayHttpApi(stack, 'Api', {
      defaultAuthorization: HttpAuthorization.jwt('https://auth.example.com/', ['api://items'], { scopes: ['items/read'] }),
      cors: { allowOrigins: ['https://app.example.com'] },
      stages: [{ name: '$default', throttle: { rateLimit: 50, burstLimit: 20 } }, { name: 'beta' }],
    });
    api.addRoute('GET /items/{id}', HttpApiIntegration.lambda(fn, { timeout: Duration.seconds(10) }));
    api.addRoute('GET /tenants/{tenant}/items', HttpApiIntegration.lambda(fn), {
      authorization: HttpAuthorization.lambda(fixtureFunction(stack, 'TenantAuthorizer'), { identitySources: ['$request.header.X-Tenant-Token'] }),
    });
    api.addRoute('POST /admin/reindex', HttpApiIntegration.lambda(fn), { authorization: HttpAuthorization.iam() });
    api.addRoute('ANY /legacy/{proxy+}', HttpApiIntegration.url('https://legacy.example.com/{proxy}'));
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
    new GatewayDomain(stack, 'Domain', { domainName: 'lite.example.com', zone }).addHttpApi(api, { basePath: 'items' });
    return stack;
  },

  /** A WebSocket chat: the ready handlers, a Lambda request authorizer on $connect reading a query string, the connections table it creates. */
  webSocketChat(app) {
    const stack = new Stack(app, 'WebSocketChat');
    const chat = new WebSocketChatHandlers(stack, 'Chat');
    const api = new GatewayWebSocketApi(stack, 'Api', {
      connectHandler: chat.connect,
      disconnectHandler: chat.disconnect,
      connectAuthorization: WebSocketAuthorization.lambdaRequest(fixtureFunction(stack, 'ConnectAuthorizer'), { queryStrings: ['token'] }),
      throttle: { rateLimit: 100, burstLimit: 50 },
    });
    api.addRoute('sendmessage', chat.sendMessage, { returnResponse: true });
    return stack;
  },

  /** An edge-optimized domain in eu-west-1: the library puts its certificate in a us-east-1 stack of the same app. */
  edgeDomain(app) {
    const stack = new Stack(app, 'EdgeDomain', { env: { account: '111111111111', region: 'eu-west-1' }, crossRegionReferences: true });
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
    const api = new GatewayRestApi(stack, 'Api', { endpoint: Endpoint.edge(), defaultAuthorization: Authorization.iam(), webAcl: WebAcl.managed() });
    api.addRoute('GET /hello', Integration.lambda(fixtureFunction(stack, 'Fn')));
    new GatewayDomain(stack, 'Domain', { domainName: 'edge.example.com', zone, endpoint: EndpointType.EDGE }).addApi(api);
    return stack;
  },
  /**
   * Integrations beyond Lambda on a private backend and AWS services: a VPC
   * link to a Network Load Balancer, SNS, EventBridge, DynamoDB writes and
   * queries, a standard workflow, a FIFO queue, and a long timeout.
   */
  integrations(app) {
    const stack = new Stack(app, 'Integrations');
    const api = new GatewayRestApi(stack, 'Api', { defaultAuthorization: Authorization.iam() });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, flowLogs: { all: {} } });
    const nlb = new elbv2.NetworkLoadBalancer(stack, 'Backend', { vpc });
    Validations.of(nlb).acknowledge({ id: 'AwsSolutions-ELB2', reason: 'A fixture load balancer without traffic; access logs need an S3 bucket the fixture does not otherwise have.' });
    const link = new apigw.VpcLink(stack, 'Link', { targets: [nlb] });
    api.addRoute('GET /orders/{id}', Integration.http(`http://${nlb.loadBalancerDnsName}/orders/{id}`, { vpcLink: link, timeout: Duration.seconds(60) }));
    const topic = new sns.Topic(stack, 'Alerts', { masterKey: new kms.Key(stack, 'AlertsKey', { enableKeyRotation: true }), enforceSSL: true });
    api.addRoute('POST /alerts', Integration.snsPublish(topic, { subject: RequestValue.header('X-Subject') }));
    const bus = new events.EventBus(stack, 'Bus');
    api.addRoute('POST /events', Integration.eventBridgePutEvents(bus, { source: 'com.example.orders', detailType: 'OrderPlaced' }));
    const table = new dynamodb.TableV2(stack, 'Orders', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      globalSecondaryIndexes: [{ indexName: 'byCustomer', partitionKey: { name: 'customer', type: dynamodb.AttributeType.STRING } }],
    });
    api.addRoute('PUT /orders/{id}', Integration.dynamoDbPutItem(table, { item: { id: RequestValue.path('id'), customer: RequestValue.body('$.customer') } }));
    api.addRoute('GET /customers/{customer}/orders', Integration.dynamoDbQuery(table, { indexName: 'byCustomer', partitionKey: 'customer', value: RequestValue.path('customer') }));
    const workflow = new sfn.StateMachine(stack, 'Fulfilment', {
      definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Fulfil')),
      logs: { destination: new logs.LogGroup(stack, 'FulfilmentLogs', { retention: logs.RetentionDays.ONE_MONTH }), level: sfn.LogLevel.ALL },
      tracingEnabled: true,
    });
    acknowledgeWorkflowRole(workflow.role);
    api.addRoute('POST /orders/{id}/fulfilment', Integration.stepFunctionsStartExecution(workflow));
    const queue = new sqs.Queue(stack, 'Ledger', {
      fifo: true,
      enforceSSL: true,
      deadLetterQueue: { queue: new sqs.Queue(stack, 'LedgerDlq', { fifo: true, enforceSSL: true }), maxReceiveCount: 5 },
    });
    acknowledgeDeadLetterQueue(queue.deadLetterQueue!.queue);
    api.addRoute('POST /customers/{customer}/ledger', Integration.sqsSendMessage(queue, { messageGroupId: RequestValue.path('customer') }));
    return stack;
  },

  /**
   * Enhanced TLS: a dual-stack regional API with TLS 1.3 and STRICT endpoint access, allowing IPv4 and IPv6
   * ranges, behind a post-quantum domain (STRICT) under two levels; an IPv4-only domain (no AAAA record).
   */
  tlsPolicies(app) {
    const stack = new Stack(app, 'TlsPolicies', { env: { account: '111111111111', region: 'eu-west-1' } });
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' });
    const api = new GatewayRestApi(stack, 'Api', {
      defaultAuthorization: Authorization.iam(),
      webAcl: WebAcl.managed(),
      securityPolicy: apigw.SecurityPolicy.TLS13_1_3_2025_09,
      endpointAccessMode: apigw.EndpointAccessMode.STRICT,
      ipAddressType: apigw.IpAddressType.DUAL_STACK,
      resourcePolicy: [ResourcePolicy.allowOnlySourceIps(['203.0.113.0/24', '2001:db8::/32'])],
    });
    api.addRoute('GET /pets', Integration.lambda(fixtureFunction(stack, 'Fn')));
    new GatewayDomain(stack, 'Domain', {
      domainName: 'tls.example.com',
      zone,
      securityPolicy: apigw.SecurityPolicy.TLS13_1_2_PFS_PQ_2025_09,
      endpointAccessMode: apigw.EndpointAccessMode.STRICT,
    }).addApi(api, { basePath: 'v1/pets' });
    new GatewayDomain(stack, 'Ipv4Domain', { domainName: 'ipv4.example.com', zone, ipAddressType: apigw.IpAddressType.IPV4 }).addApi(api);
    return stack;
  },

  /** Gradual alias shifting with pre- and post-traffic hooks and a 2% API alarm over three minutes. */
  releaseHooks(app) {
    const stack = new Stack(app, 'ReleaseHooks');
    const fn = fixtureFunction(stack, 'Orders');
    new lambda.Alias(stack, 'Live', { aliasName: 'live', version: fn.currentVersion });
    const next = new lambda.Alias(stack, 'Next', { aliasName: 'next', version: fn.currentVersion });
    const api = new GatewayRestApi(stack, 'Api', {
      defaultAuthorization: Authorization.iam(),
      stages: [{ name: 'prod', lambdaAlias: 'live', canary: Canary.lambdaAlias({ percentTraffic: 10, lambdaAlias: 'next' }) }],
    });
    api.addRoute('GET /orders', Integration.lambdaAlias(fn));
    new GradualAliasDeployment(stack, 'NextShift', {
      alias: next,
      stage: api.stage('prod'),
      preTrafficHook: fixtureFunction(stack, 'PreTraffic'),
      postTrafficHook: fixtureFunction(stack, 'PostTraffic'),
      apiErrorRateThresholdPercent: 2,
      apiErrorEvaluationPeriods: 3,
    });
    return stack;
  },

  /** One usage plan over two APIs (one in another stack), with per-route throttles on each and an existing key imported by id. */
  usagePlansAcrossApis(app) {
    const env = { account: '111111111111', region: 'eu-west-1' };
    const v2Stack = new Stack(app, 'PlansV2', { env });
    const v2 = new GatewayRestApi(v2Stack, 'V2', { defaultAuthorization: Authorization.iam() });
    v2.addRoute('GET /feed', Integration.lambda(fixtureFunction(v2Stack, 'Feed')), { apiKeyRequired: true });
    const stack = new Stack(app, 'PlansV1', { env });
    const v1 = new GatewayRestApi(stack, 'V1', { defaultAuthorization: Authorization.iam(), stages: [{ name: 'dev' }, { name: 'prod' }] });
    v1.addRoute('GET /feed', Integration.lambda(fixtureFunction(stack, 'Feed')), { apiKeyRequired: true });
    v1.addRoute('POST /orders', Integration.lambda(fixtureFunction(stack, 'Orders')), { apiKeyRequired: true });
    const partners = v1.addUsagePlan('Partners', { throttle: { rateLimit: 10, burstLimit: 20 }, routeThrottles: { 'POST /orders': { rateLimit: 1, burstLimit: 2 } } });
    partners.addApi(v2, { routeThrottles: { 'GET /feed': { rateLimit: 5, burstLimit: 5 } } });
    partners.addApiKey('Acme');
    partners.addExistingApiKey(GatewayApiKey.fromApiKeyId(stack, 'Initech', 'abc1234567'));
    return stack;
  },

  /** Issue 15: S3 file routes with binary media types, Kinesis records and the DynamoDB item actions, with the library's defaults. */
  filesAndStreams(app) {
    const stack = new Stack(app, 'FilesAndStreams');
    const api = new GatewayRestApi(stack, 'Api', { defaultAuthorization: Authorization.iam(), binaryMediaTypes: ['application/pdf', 'image/*'] });
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const documents = new s3.Bucket(stack, 'Documents', { encryption: s3.BucketEncryption.KMS, encryptionKey: key, enforceSSL: true, versioned: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
    const fixtureBucket = 'A fixture bucket: its reads and writes go through the API, whose access logs record them, and it lives in one region.';
    Validations.of(documents).acknowledge({ id: 'AwsSolutions-S1', reason: fixtureBucket });
    acknowledgeHipaaAndNist(documents, 'S3BucketLoggingEnabled', fixtureBucket);
    acknowledgeHipaaAndNist(documents, 'S3BucketReplicationEnabled', fixtureBucket);
    api.addRoute('GET /documents/{key+}', Integration.s3GetObject(documents, { keyPrefix: 'documents/' }));
    api.addRoute('PUT /documents/{key+}', Integration.s3PutObject(documents, { keyPrefix: 'documents/' }));
    const stream = new kinesis.Stream(stack, 'Clicks', { encryption: kinesis.StreamEncryption.KMS, encryptionKey: key });
    api.addRoute('POST /clicks/{session}', Integration.kinesisPutRecord(stream, { partitionKey: RequestValue.path('session') }));
    api.addRoute('POST /clicks', Integration.kinesisPutRecords(stream, { partitionKeyField: 'session' }));
    const table = new dynamodb.TableV2(stack, 'Notes', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    });
    api.addRoute('PATCH /notes/{id}', Integration.dynamoDbUpdateItem(table, { key: { id: RequestValue.path('id') }, set: { text: RequestValue.body('$.text') } }));
    api.addRoute('DELETE /notes/{id}', Integration.dynamoDbDeleteItem(table, { key: { id: RequestValue.path('id') }, requireExisting: true }));
    api.addRoute('GET /notes', Integration.dynamoDbScan(table, { limit: 50 }));
    return stack;
  },

  /**
   * A private integration through a VPC link V2 the API makes: an internal
   * ALB and an NLB in an isolated VPC, one link and security group for both;
   * a stage client certificate generated for the HTTPS backend.
   */
  privateIntegration(app) {
    const stack = new Stack(app, 'PrivateIntegration');
    // The stage presents a client certificate it has generated to the HTTPS backend.
    const api = new GatewayRestApi(stack, 'Api', { defaultAuthorization: Authorization.iam(), stages: [{ name: 'prod', clientCertificate: {} }] });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }], flowLogs: { all: {} } });
    const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: false, dropInvalidHeaderFields: true });
    const listener = alb.addListener('Http', { port: 80, open: false, defaultAction: elbv2.ListenerAction.fixedResponse(200) });
    acknowledgeInternalBalancer(alb, listener);
    api.addRoute('ANY /orders/{proxy+}', Integration.privateLoadBalancer(alb, { timeout: Duration.seconds(10) }));
    const nlb = new elbv2.NetworkLoadBalancer(stack, 'Quotes', { vpc, securityGroups: [new ec2.SecurityGroup(stack, 'QuotesGroup', { vpc })] });
    Validations.of(nlb).acknowledge({ id: 'AwsSolutions-ELB2', reason: 'A fixture load balancer without traffic; access logs need an S3 bucket the fixture does not otherwise have.' });
    api.addRoute('POST /quotes', Integration.privateLoadBalancer(nlb, { url: 'https://quotes.internal.example.com:8443/v1/quotes', proxy: false }));
    return stack;
  },

  /** An API's IAM-authorized reads as MCP tools of an AgentCore gateway that signs its calls with its role. */
  mcpTarget(app) {
    const stack = new Stack(app, 'McpTarget', { env: { account: '111111111111', region: 'eu-west-1' } });
    const api = new GatewayRestApi(stack, 'Api', { defaultAuthorization: Authorization.iam() });
    const fn = fixtureFunction(stack, 'Orders');
    api.addRoute('GET /orders', Integration.lambda(fn), { operationId: 'listOrders' });
    api.addRoute('GET /orders/{id}', Integration.lambda(fn), { operationId: 'getOrder' });
    api.addRoute('POST /orders', Integration.lambda(fn), { operationId: 'placeOrder' });
    const gateway = new agentcore.Gateway(stack, 'Gateway', { authorizerConfiguration: agentcore.GatewayAuthorizer.usingAwsIam() });
    new GatewayMcpTarget(stack, 'Tools', {
      api,
      gateway,
      stage: 'prod',
      targetName: 'orders',
      tools: [{ route: 'GET /orders', description: 'Lists the orders' }, { route: 'GET /orders/*' }],
    });
    acknowledgeMcpGatewayRole(gateway.role, api, 'prod');
    return stack;
  },
};

/** A fixture's Lambda function, configured the way cdk-nag's packs expect of production code. */
export function fixtureFunction(stack: Stack, id: string): lambda.Function {
  const fn = new lambda.Function(stack, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200, body: "ok" });'),
    memorySize: 128,
    timeout: Duration.seconds(5),
    tracing: lambda.Tracing.ACTIVE,
  });
  acknowledgeSynchronousFunction(fn);
  return fn;
}
