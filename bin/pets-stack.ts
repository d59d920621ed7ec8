import { Duration, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { acknowledgeHipaaAndNist, acknowledgeNoHttpBackends, acknowledgeOwnRolePolicy } from './acknowledgments';
import { PETS_HANDLER_CODE, petsHandler } from './pets-handler';
import { addIntegrationRoutes } from './pets-integrations';
import { addPetsMcpTools } from './pets-mcp';
import { addRealtimeApis } from './pets-realtime';
import { sampleKey } from './sample-key';
import { tokenAuthorizer } from './token-authorizer';
import { Authorization, CacheSize, Canary, Endpoint, EndpointType, GatewayDomain, GatewayHttpApi, GatewayRestApi, Integration, ResourcePolicy, WebAcl } from '../lib';

/** The browser app that calls the pets API. */
export const PETS_WEB_ORIGIN = 'https://pets.example.com';

/**
 * The public pets API: a regional REST API with two stages that invoke two
 * aliases of the same function through the `lambdaAlias` stage variable.
 *
 * Besides Lambda, routes reach SQS, Step Functions, DynamoDB, HTTP and SOAP
 * backends directly, and a mock answers the health check.
 *
 * Access control shows each pattern once: Cognito users (scopes per route),
 * partners with a bearer token checked by a Lambda authorizer and an API key
 * under a usage plan, operators signing with IAM, a resource policy, and CORS
 * for the web app.
 */
export class PetsStack extends Stack {
  public readonly api: GatewayRestApi;
  /** The role operators assume to call the IAM-authorized admin route. */
  public readonly operatorRole: iam.Role;
  /** Encrypts the stack's log groups, secrets and alarm topic. */
  public readonly key: kms.Key;
  /** Receives the requests the three web ACLs inspect. */
  private readonly wafLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.key = sampleKey(this);
    this.wafLogs = new logs.LogGroup(this, 'WafLogs', { logGroupName: 'aws-waf-logs-pets-api', retention: logs.RetentionDays.ONE_YEAR, encryptionKey: this.key });

    const handler = petsHandler(this, 'PetsHandler', PETS_HANDLER_CODE);
    handler.addEnvironment('ALLOWED_ORIGIN', PETS_WEB_ORIGIN);
    // Promotion is moving `live` to the version `dev` has been serving.
    const version = handler.currentVersion;
    new lambda.Alias(this, 'PetsDevAlias', { aliasName: 'dev', version });
    new lambda.Alias(this, 'PetsLiveAlias', { aliasName: 'live', version });
    // The release candidate that prod's canary sends 10% of requests to.
    new lambda.Alias(this, 'PetsNextAlias', { aliasName: 'next', version });

    const { pool: users, webApp } = petsUserPool(this);
    const signingKey = new secretsmanager.Secret(this, 'PartnerTokenSigningKey', {
      description: 'HS256 key that signs partner bearer tokens',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      encryptionKey: this.key,
    });
    const signingKeyRotation = 'Rotating the signing key invalidates every partner token at once; it is rotated by a planned re-issue, not on a schedule.';
    Validations.of(signingKey).acknowledge({ id: 'AwsSolutions-SMG4', reason: signingKeyRotation });
    acknowledgeHipaaAndNist(signingKey, 'SecretsManagerRotationEnabled', signingKeyRotation);
    // API Gateway presents it to the HTTP and SOAP backends, which can verify that requests come from this API.
    const backendCertificate = new apigw.CfnClientCertificate(this, 'PetsBackendCertificate', { description: 'Presented by the pets API to its HTTP backends' });

    this.api = new GatewayRestApi(this, 'PetsApi', {
      description: 'Pets showcase API',
      endpoint: Endpoint.regional(),
      stages: [
        { name: 'dev', lambdaAlias: 'dev', throttle: { rateLimit: 50, burstLimit: 20 }, clientCertificateId: backendCertificate.ref },
        {
          name: 'prod',
          lambdaAlias: 'live',
          throttle: { rateLimit: 1000, burstLimit: 500 },
          routeThrottles: { 'POST /pets': { rateLimit: 100, burstLimit: 50 } },
          canary: Canary.lambdaAlias({ percentTraffic: 10, lambdaAlias: 'next' }),
          // GET routes are cached for 5 minutes; invalidation needs execute-api:InvalidateCache.
          cache: { size: CacheSize.GB_0_5, ttl: Duration.minutes(5) },
          clientCertificateId: backendCertificate.ref,
        },
      ],
      // Signed-in users may read; writing needs the write scope (below).
      defaultAuthorization: Authorization.cognito([users], { scopes: ['pets/read'] }),
      cors: { allowOrigins: [PETS_WEB_ORIGIN], allowCredentials: true },
      // A documentation range stands in for a blocked network.
      resourcePolicy: [ResourcePolicy.denySourceIps(['192.0.2.0/24'])],
      // AWS's common and known-bad-inputs rule sets, and at most 2,000 requests per IP in 5 minutes.
      webAcl: WebAcl.managed({ logGroup: this.wafLogs }),
      logGroupEncryptionKey: this.key,
    });

    const pets = Integration.lambdaAlias(handler);
    const write = Authorization.cognito([users], { scopes: ['pets/write'] });
    this.api.addRoute('GET /pets', pets, { operationId: 'listPets' });
    this.api.addRoute('POST /pets', pets, { operationId: 'createPet', authorization: write });
    // One pet changes rarely: cached for an hour, keyed by its id.
    this.api.addRoute('GET /pets/{id}', pets, { operationId: 'getPet', cache: { ttl: Duration.hours(1), keyParameters: ['method.request.path.id'] } });
    this.api.addRoute('DELETE /pets/{id}', pets, { operationId: 'deletePet', authorization: write, throttle: { rateLimit: 10, burstLimit: 5 } });

    // Partners: a bearer token for who they are, an API key for how much they may call.
    this.api.addRoute('GET /partner/pets', pets, {
      operationId: 'partnerListPets',
      authorization: Authorization.lambdaToken(tokenAuthorizer(this, 'PartnerAuthorizer', signingKey), {
        validationRegex: '^Bearer [-0-9A-Za-z_]+\\.[-0-9A-Za-z_]+\\.[-0-9A-Za-z_]+$',
      }),
      apiKeyRequired: true,
    });
    const partners = this.api.addUsagePlan('Partners', {
      description: 'Partner feed: 10 rps per key, 100,000 calls a month',
      throttle: { rateLimit: 10, burstLimit: 20 },
      quota: { limit: 100_000, period: apigw.Period.MONTH },
    });
    partners.addApiKey('Acme', { description: 'Acme Pet Supplies' });
    const globexKey = new secretsmanager.Secret(this, 'GlobexApiKeyValue', {
      description: 'API key value issued to Globex',
      generateSecretString: { passwordLength: 40, excludePunctuation: true, includeSpace: false },
      encryptionKey: this.key,
    });
    const apiKeyRotation = 'The value is an API key that the partner holds; it changes by issuing a new key, which Secrets Manager rotation cannot do.';
    Validations.of(globexKey).acknowledge({ id: 'AwsSolutions-SMG4', reason: apiKeyRotation });
    acknowledgeHipaaAndNist(globexKey, 'SecretsManagerRotationEnabled', apiKeyRotation);
    partners.addApiKey('Globex', { description: 'Globex Corporation', secret: globexKey });
    this.api.addGatewayResponse(apigw.ResponseType.THROTTLED, {
      headers: { 'Retry-After': '1' },
      template: '{"message": "too many requests", "requestId": "$context.requestId"}',
    });

    // Operators: SigV4-signed calls, allowed by the role's IAM policy.
    // Every operator sees the same stats, so one cached answer serves them all (IAM signatures cannot key a cache per caller).
    this.api.addRoute('GET /admin/stats', pets, { operationId: 'adminStats', authorization: Authorization.iam(), cache: { sharedAcrossCallers: true } });
    this.operatorRole = new iam.Role(this, 'OperatorRole', { assumedBy: new iam.AccountRootPrincipal(), description: 'Operators of the pets API' });
    acknowledgeOwnRolePolicy(this.operatorRole);
    this.api.grantInvoke(this.operatorRole, { stage: 'prod', route: 'GET /admin/stats' });

    addIntegrationRoutes(this, this.api, write);
    addPetsMcpTools(this, this.api);
    this.api.grantInvalidateCache(this.operatorRole, 'prod');
    Validations.of(this.operatorRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:${this.region}:${this.account}:<PetsApi3F46E81C>/prod/*/*]`,
      reason: 'Operators may invalidate the cache of any route of the prod stage of this one API; execute-api addresses that with wildcards.',
    });

    const lite = addRealtimeApis(this, handler, users, webApp, PETS_WEB_ORIGIN);
    this.addDomains(handler, lite);

    // Alarms (5XX, 4XX, p99 latency, p99 integration latency, canary 5XX) to an on-call topic, and a dashboard.
    const onCall = new sns.Topic(this, 'OnCall', { displayName: 'Pets API on-call', enforceSSL: true, masterKey: this.key });
    // CloudWatch alarms publish to the encrypted topic with the key.
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
    }));
    this.api.addMonitoring('prod', { alarmAction: new cloudwatchActions.SnsAction(onCall) });
  }

  /**
   * api.pets.example.com serves /v1 (this API's prod) and /v2 (the next
   * version, a separate API); edge.pets.example.com serves an edge-optimized
   * API, whose certificate the library creates in us-east-1.
   */
  private addDomains(handler: lambda.IFunction, lite: GatewayHttpApi): void {
    // From attributes, never a look-up: synth needs no AWS account.
    const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'PetsZone', { hostedZoneId: 'Z0123456789PETSZONE1', zoneName: 'pets.example.com' });
    const v2 = new GatewayRestApi(this, 'PetsApiV2', {
      description: 'Pets API, version 2',
      stages: [{ name: 'prod', lambdaAlias: 'live' }],
      defaultAuthorization: Authorization.iam(),
      webAcl: WebAcl.managed({ logGroup: this.wafLogs }),
      logGroupEncryptionKey: this.key,
    });
    acknowledgeNoHttpBackends(v2.stages);
    v2.addRoute('GET /pets', Integration.lambdaAlias(handler), { operationId: 'listPetsV2' });
    const domain = new GatewayDomain(this, 'PetsDomain', { domainName: 'api.pets.example.com', zone });
    domain.addApi(this.api, { basePath: 'v1', stage: 'prod' });
    domain.addApi(v2, { basePath: 'v2', stage: 'prod' });
    // The HTTP API for the mobile app, beside the REST versions.
    domain.addHttpApi(lite, { basePath: 'lite' });

    const edge = new GatewayRestApi(this, 'PetsEdgeApi', {
      description: 'Pets API for clients around the world, through CloudFront',
      endpoint: Endpoint.edge(),
      stages: [{ name: 'prod', lambdaAlias: 'live' }],
      defaultAuthorization: Authorization.iam(),
      webAcl: WebAcl.managed({ logGroup: this.wafLogs }),
      logGroupEncryptionKey: this.key,
    });
    acknowledgeNoHttpBackends(edge.stages);
    edge.addRoute('GET /pets', Integration.lambdaAlias(handler), { operationId: 'listPetsEdge' });
    new GatewayDomain(this, 'PetsEdgeDomain', { domainName: 'edge.pets.example.com', zone, endpoint: EndpointType.EDGE }).addApi(edge);
  }
}

/** The user pool of the pets app, with a resource server that defines the read and write scopes. */
function petsUserPool(scope: Construct): { pool: cognito.UserPool; webApp: cognito.UserPoolClient } {
  const pool = new cognito.UserPool(scope, 'PetsUsers', {
    signInAliases: { email: true },
    selfSignUpEnabled: false,
    mfa: cognito.Mfa.REQUIRED,
    mfaSecondFactor: { otp: true, sms: false },
    passwordPolicy: { minLength: 12, requireUppercase: true, requireLowercase: true, requireDigits: true, requireSymbols: true },
    featurePlan: cognito.FeaturePlan.PLUS,
    standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
    accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
  });
  const read = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read pets' });
  const write = new cognito.ResourceServerScope({ scopeName: 'write', scopeDescription: 'Add and remove pets' });
  const server = pool.addResourceServer('Pets', { identifier: 'pets', scopes: [read, write] });
  const webApp = pool.addClient('WebApp', {
    oAuth: {
      flows: { authorizationCodeGrant: true },
      scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.resourceServer(server, read), cognito.OAuthScope.resourceServer(server, write)],
      callbackUrls: [`${PETS_WEB_ORIGIN}/callback`],
    },
    accessTokenValidity: Duration.hours(1),
  });
  return { pool, webApp };
}
