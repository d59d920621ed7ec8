import { Annotations, RemovalPolicy, ResourceEnvironment, Stack, Token, Validations } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { bindHttpAuthorization, bindHttpIntegration, shared } from './bind-route';
import { httpAccessLogFormat } from './http-access-log-format';
import { checkRouteScopes } from './http-authorization';
import { HttpAuthorizationType, IHttpAuthorization } from './http-route-authorization';
import { IHttpApiIntegration } from './http-route-integration';
import { HttpRouteOptions } from './http-route-options';
import { HttpStageOptions } from './http-stage-options';
import { rejectRestOnly, REST_ONLY_PROPS, REST_ONLY_ROUTE_OPTIONS, REST_ONLY_STAGE_OPTIONS } from './rest-only-options';
import { failRoutesWithoutAuthorization } from '../auth/authorization';
import { executeApiBaseUrl } from '../core/arns';
import { CORS_METHODS, CorsOptions, DEFAULT_CORS_ALLOW_HEADERS, DEFAULT_CORS_MAX_AGE, validateCors } from '../core/cors-options';
import { Endpoint, EndpointType } from '../core/endpoint';
import { GatewayValidationError } from '../core/errors';
import { ExecuteApiEndpointSetting } from '../core/execute-api-endpoint';
import { libraryLogGroup } from '../core/log-encryption';
import { IMutualTlsTarget } from '../core/mutual-tls-target';
import { checkArguments } from '../core/private/check-arguments';
import { shortHash } from '../core/private/names';
import { parseRouteKey } from '../core/route-key';
import { checkOneOf, describeValue, enumValues, LOG_RETENTION_DAYS, rejectTokenStageName, STAGE_NAME, validateThrottle } from '../core/rules';
import { DEFAULT_STAGE_THROTTLE } from '../core/throttle';

/** Properties of a `GatewayHttpApi`. */
export interface GatewayHttpApiProps {
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
   * HTTP APIs are regional; `Endpoint.edge()` and `Endpoint.private()` are a synth error.
   * @default Endpoint.regional()
   */
  readonly endpoint?: Endpoint;

  /**
   * Who may call routes that set no `authorization` of their own.
   * @default - none: every route must set its own `authorization` (`HttpAuthorization.none()` for a public route), or `addRoute` fails
   */
  readonly defaultAuthorization?: IHttpAuthorization;

  /**
   * CORS, answered by API Gateway itself for every route.
   * @default - no CORS
   */
  readonly cors?: CorsOptions;

  /**
   * The stages; each deploys every change automatically.
   * @default [{ name: '$default' }]
   */
  readonly stages?: HttpStageOptions[];

  /**
   * A KMS key that encrypts the access log groups the library creates for this API's stages.
   * The library adds a statement to the key's policy that lets CloudWatch Logs of the
   * key's account and region use it; a key imported by ARN must allow that already.
   * @default - CloudWatch Logs' own encryption
   */
  readonly logGroupEncryptionKey?: kms.IKey;

  /**
   * Turn off the API's default `https://{api}.execute-api.{region}.amazonaws.com`
   * endpoint, so that clients reach it only through its custom domains. A
   * `GatewayDomain` with mutual TLS that serves the API turns it off by default,
   * since the default endpoint asks for no client certificate; set `false` to
   * keep it open anyway (synth warns).
   * @default - false, unless a `GatewayDomain` with mutual TLS serves the API, then true
   */
  readonly disableExecuteApiEndpoint?: boolean;
}

/**
 * The low-cost API pattern: an HTTP API (API Gateway v2) with Lambda and HTTP
 * proxy routes, JWT, Lambda (simple responses) and IAM authorization,
 * built-in CORS, and stages with throttling and JSON access logs.
 *
 * REST-only features (usage plans, API keys, caching, mapping templates,
 * request validation, edge and private endpoints, WAF) are a synth error that
 * points to `GatewayRestApi`.
 *
 * It is an `apigwv2.IHttpApi`, so anything that takes an HTTP API takes it
 * (metrics, `ApiMapping`, VPC links, monitoring libraries). Routes added
 * through aws-cdk-lib's `HttpRoute` instead of `addRoute` skip the library's
 * checks and must name their own authorizer.
 */
export class GatewayHttpApi extends Construct implements apigwv2.IHttpApi, IMutualTlsTarget {
  /** The underlying `HttpApi` (aws-apigatewayv2). */
  public readonly httpApi: apigwv2.HttpApi;
  /** The API id. */
  public readonly apiId: string;
  /** The API's name. */
  public readonly apiName: string;
  /** The API id (as `apigwv2.IHttpApi` names it). */
  public readonly httpApiId: string;
  /** The default endpoint, `https://{api}.execute-api.{region}.amazonaws.com`. */
  public readonly apiEndpoint: string;
  /** Always true: this is an HTTP API. */
  public readonly isHttpApi = true;
  /** The stack the API is defined in. */
  public readonly stack: Stack;
  /** The account and region the API is defined in. */
  public readonly env: ResourceEnvironment;
  /**
   * Not used: scopes are set per route, by its authorization.
   * @default - none
   */
  public readonly defaultAuthorizationScopes?: string[];

  private readonly stageList: apigwv2.HttpStage[] = [];
  private readonly routeKeys = new Set<string>();
  private readonly defaultAuthorization?: IHttpAuthorization;
  private readonly integrations = new Map<string, apigwv2.HttpRouteIntegration>();
  private readonly authorizers = new Map<string, apigwv2.IHttpRouteAuthorizer>();
  private readonly cors?: CorsOptions;
  private readonly logGroupEncryptionKey?: kms.IKey;
  /** Routes whose preflight an authorizer would refuse: ANY and $default routes with one, on an API with CORS. */
  private readonly preflightBlocked: string[] = [];
  private readonly executeApiEndpoint: ExecuteApiEndpointSetting;

  constructor(scope: Construct, id: string, props: GatewayHttpApiProps = {}) {
    checkArguments(scope, 'GatewayHttpApi', arguments);
    super(scope, id);
    rejectRestOnly(this, 'the API', props, REST_ONLY_PROPS);
    const endpoint = props.endpoint ?? Endpoint.regional();
    if (endpoint.type !== EndpointType.REGIONAL) {
      throw new GatewayValidationError(this, 'HttpApiEndpointNotRegional', `HTTP APIs are regional only, so endpoint ${endpoint.type} is not possible; use GatewayRestApi for edge-optimized or private APIs.`);
    }
    if (props.cors) {
      validateCors(this, 'the API', props.cors);
    }
    this.apiName = props.apiName ?? id;
    if (!Token.isUnresolved(this.apiName) && this.apiName.trim() === '') {
      throw new GatewayValidationError(this, 'ApiNameEmpty', `apiName ${JSON.stringify(this.apiName)} is empty; API Gateway needs a name: pass a non-empty apiName, or leave it out to use the construct id.`);
    }
    this.cors = props.cors;
    this.defaultAuthorization = props.defaultAuthorization;
    this.logGroupEncryptionKey = props.logGroupEncryptionKey;
    this.httpApi = new apigwv2.HttpApi(this, 'Resource', {
      apiName: this.apiName,
      description: props.description,
      createDefaultStage: false,
      corsPreflight: props.cors && {
        allowOrigins: props.cors.allowOrigins,
        // Methods listed one by one: browsers read "*" literally on credentialed requests.
        allowMethods: (props.cors.allowMethods ?? CORS_METHODS).map(method => method as apigwv2.CorsHttpMethod),
        allowHeaders: props.cors.allowHeaders ?? DEFAULT_CORS_ALLOW_HEADERS,
        exposeHeaders: props.cors.exposeHeaders,
        allowCredentials: props.cors.allowCredentials,
        maxAge: props.cors.maxAge ?? DEFAULT_CORS_MAX_AGE,
      },
    });
    this.apiId = this.httpApi.apiId;
    this.httpApiId = this.httpApi.httpApiId;
    this.apiEndpoint = this.httpApi.apiEndpoint;
    this.stack = Stack.of(this);
    this.env = this.httpApi.env;
    this.executeApiEndpoint = new ExecuteApiEndpointSetting(this, props.disableExecuteApiEndpoint, false, () => this.apiId);
    // Rendered at synth, when the domains that serve the API are known; the stages deploy it automatically.
    (this.httpApi.node.defaultChild as apigwv2.CfnApi).disableExecuteApiEndpoint = this.executeApiEndpoint.render();
    for (const stage of props.stages ?? [{ name: '$default' }]) {
      this.addStage(stage);
    }
    this.node.addValidation({ validate: () => this.validateApi() });
  }

  /**
   * Called by a custom domain with mutual TLS that serves this API: the default
   * execute-api endpoint is then disabled, unless `disableExecuteApiEndpoint` says otherwise.
   */
  public addMutualTlsDomain(domain: IConstruct): void {
    this.executeApiEndpoint.markMutualTls(domain);
  }

  /** The stages, in the order they were added. */
  public get stages(): apigwv2.HttpStage[] {
    return [...this.stageList];
  }

  /** The stage with the given name; throws if there is none. */
  public stage(name: string): apigwv2.HttpStage {
    const found = this.stageList.find(stage => stage.stageName === name);
    if (!found) {
      throw new GatewayValidationError(this, 'StageUnknown', `there is no stage named ${JSON.stringify(name)}; stages are: ${this.stageList.map(stage => stage.stageName).join(', ')}.`);
    }
    return found;
  }

  /** Adds a stage with throttling, detailed metrics and JSON access logs. */
  public addStage(options: HttpStageOptions): apigwv2.HttpStage {
    rejectRestOnly(this, `stage ${options.name}`, options, REST_ONLY_STAGE_OPTIONS);
    rejectTokenStageName(this, options.name);
    if (typeof options.name !== 'string' || (options.name !== '$default' && !STAGE_NAME.test(options.name))) {
      throw new GatewayValidationError(this, 'StageNameInvalid', `stage name ${describeValue(options.name)} is invalid: use $default, or 1 to 128 characters of A-Z, a-z, 0-9, - and _.`);
    }
    if (this.stageList.some(stage => stage.stageName === options.name)) {
      throw new GatewayValidationError(this, 'StageDuplicate', `stage ${options.name} is defined twice; stage names are unique within an API.`);
    }
    validateThrottle(this, `throttle of stage ${options.name}`, options.throttle);
    checkOneOf(this, `accessLogRetention of stage ${options.name}`, options.accessLogRetention, LOG_RETENTION_DAYS, 'use a logs.RetentionDays value, e.g. logs.RetentionDays.ONE_YEAR');
    const id = options.name === '$default' ? 'DefaultStage' : `Stage-${options.name}`;
    const logGroup = libraryLogGroup(this, `${id}AccessLogs`, {
      retention: options.accessLogRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
      encryptionKey: this.logGroupEncryptionKey,
    });
    const stage = new apigwv2.HttpStage(this, id, {
      httpApi: this.httpApi,
      stageName: options.name,
      autoDeploy: true,
      throttle: options.throttle ?? DEFAULT_STAGE_THROTTLE,
      detailedMetricsEnabled: true,
      accessLogSettings: { destination: new apigwv2.LogGroupLogDestination(logGroup), format: httpAccessLogFormat() },
    });
    Validations.of(stage).acknowledge({
      id: 'Serverless-APIGWStructuredLogging',
      reason: 'The access log format is JSON once API Gateway substitutes $context.error.messageString, which it emits already quoted; the rule parses the raw template, where that variable stands unquoted.',
    });
    this.stageList.push(stage);
    return stage;
  }

  /**
   * Adds a route, e.g. `api.addRoute('GET /items/{id}', HttpApiIntegration.lambda(fn))`.
   * `$default` catches requests no other route matches. Any `IHttpApiIntegration`
   * and `IHttpAuthorization` plug in, the library's or your own.
   */
  public addRoute(routeKey: string, integration: IHttpApiIntegration, options: HttpRouteOptions = {}): void {
    rejectRestOnly(this, `route ${routeKey}`, options, REST_ONLY_ROUTE_OPTIONS);
    const key = routeKey.trim() === '$default' ? '$default' : parseRouteKey(this, routeKey).key;
    if (this.routeKeys.has(key)) {
      throw new GatewayValidationError(this, 'RouteDuplicate', `route ${key} is added twice; each method and path may have one integration.`);
    }
    const authorization = options.authorization ?? this.defaultAuthorization;
    if (authorization === undefined) {
      failRoutesWithoutAuthorization(this, [key], 'pass { authorization: HttpAuthorization.none() } to make it public on purpose, or another HttpAuthorization (e.g. HttpAuthorization.iam()), or set defaultAuthorization on the API');
    }
    const bindOptions = { scope: this, api: this, routeKey: key };
    const integrationConfig = bindHttpIntegration(this, integration, bindOptions);
    const authorizationConfig = bindHttpAuthorization(this, authorization, bindOptions);
    const scopes = authorizationConfig.scopes ?? [];
    if (scopes.length > 0 && authorizationConfig.authorizationType !== HttpAuthorizationType.JWT) {
      throw new GatewayValidationError(this, 'RouteScopesWithoutJwt', `route ${key} asks for scopes, which only JWT authorizers check.`);
    }
    checkRouteScopes(this, key, scopes);
    const routeIntegration = shared(this.integrations, integrationConfig.shareKey, integrationConfig.integration);
    const authorizer = shared(this.authorizers, authorizationConfig.shareKey, authorizationConfig.authorizer);
    if (this.cors && authorizationConfig.authorizationType !== HttpAuthorizationType.NONE && (key === '$default' || key.startsWith('ANY '))) {
      this.preflightBlocked.push(key);
    }
    const [method, path] = key === '$default' ? [undefined, undefined] : key.split(' ');
    new apigwv2.HttpRoute(this, `Route${key.replace(/[^A-Za-z0-9]/g, '')}${shortHash(key)}`, {
      httpApi: this.httpApi,
      routeKey: key === '$default' ? apigwv2.HttpRouteKey.DEFAULT : apigwv2.HttpRouteKey.with(path!, method as apigwv2.HttpMethod),
      integration: routeIntegration,
      authorizer,
      authorizationScopes: scopes.length ? scopes : undefined,
    });
    this.routeKeys.add(key);
  }

  /** A reference to the API, for aws-cdk-lib constructs that take an `IApiRef`. */
  public get apiRef(): apigwv2.ApiReference {
    return this.httpApi.apiRef;
  }

  /**
   * The `$default` stage, if the API has one: where an `apigwv2.ApiMapping` without a stage maps to.
   * @default - none, when no stage is named `$default`
   */
  public get defaultStage(): apigwv2.IHttpStage | undefined {
    return this.stageList.find(stage => stage.stageName === '$default');
  }

  /**
   * Read by aws-cdk-lib's `HttpRoute` for a route that names no authorizer: it fails,
   * since every route of this API says who may call it. Pass `authorizer` to the
   * `HttpRoute` (`new apigwv2.HttpNoneAuthorizer()` for a public one), or use `addRoute()`,
   * where `defaultAuthorization` applies.
   * @default - none
   */
  public get defaultAuthorizer(): apigwv2.IHttpRouteAuthorizer | undefined {
    throw new GatewayValidationError(this, 'HttpRouteWithoutAuthorizer', 'an aws-cdk-lib HttpRoute on this API names no authorizer, and the API\'s defaultAuthorization applies only to GatewayHttpApi.addRoute(); use addRoute(), or pass authorizer to the HttpRoute (new apigwv2.HttpNoneAuthorizer() to make it public on purpose).');
  }

  /** Applies a removal policy to the API resource. */
  public applyRemovalPolicy(policy: RemovalPolicy): void {
    checkOneOf(this, 'removal policy', policy, enumValues(RemovalPolicy), 'use a RemovalPolicy, e.g. RemovalPolicy.RETAIN', true);
    this.httpApi.applyRemovalPolicy(policy);
  }

  /** A metric of the API (`AWS/ApiGateway`, dimension `ApiId`); average over 5 minutes. */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metric(metricName, props);
  }

  /** Client-side errors (4XX); sum over 5 minutes. */
  public metricClientError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricClientError(props);
  }

  /** Server-side errors (5XX); sum over 5 minutes. */
  public metricServerError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricServerError(props);
  }

  /** Data processed, in bytes; sum over 5 minutes. */
  public metricDataProcessed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricDataProcessed(props);
  }

  /** Requests; sample count over 5 minutes. */
  public metricCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricCount(props);
  }

  /** Time from relaying a request to the backend to its response. */
  public metricIntegrationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricIntegrationLatency(props);
  }

  /** Time from receiving a request to answering it. */
  public metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.httpApi.metricLatency(props);
  }

  /** Adds a VPC link, for integrations with private backends. */
  public addVpcLink(options: apigwv2.VpcLinkProps): apigwv2.VpcLink {
    return this.httpApi.addVpcLink(options);
  }

  /**
   * The `execute-api` ARN of a method, path and stage (`ANY` is any method), e.g. for an IAM policy.
   * @param method @default - any method
   * @param path @default - any path
   * @param stage @default - any stage
   */
  public arnForExecuteApi(method?: string, path?: string, stage?: string): string {
    if (path !== undefined && !Token.isUnresolved(path) && !path.startsWith('/')) {
      throw new GatewayValidationError(this, 'ExecuteApiPathInvalid', `path ${JSON.stringify(path)} must start with "/".`);
    }
    return this.httpApi.arnForExecuteApi(method, path, stage);
  }

  /**
   * The URL of a stage: `https://{api}.execute-api.{region}.amazonaws.com/{stage}` (no stage part for `$default`).
   */
  public urlForStage(stageName: string): string {
    const stage = this.stage(stageName);
    const base = executeApiBaseUrl(this, this.apiId);
    return stage.stageName === '$default' ? `${base}/` : `${base}/${stage.stageName}`;
  }

  private validateApi(): string[] {
    if (this.routeKeys.size === 0) {
      throw new GatewayValidationError(this, 'ApiWithoutRoutes', 'the API has no routes; add one with addRoute().');
    }
    if (this.stageList.length === 0) {
      throw new GatewayValidationError(this, 'ApiWithoutStages', 'the API has no stages; pass stages or call addStage().');
    }
    if (this.preflightBlocked.length > 0) {
      Annotations.of(this).addWarningV2('cdk-apigateway-patterns:preflightAuthorized', `route(s) ${this.preflightBlocked.join(', ')} match browsers' CORS preflight (OPTIONS) requests and have an authorizer, which refuses them (preflights carry no credentials); add OPTIONS routes with HttpAuthorization.none() for those paths.`);
    }
    return [];
  }
}
