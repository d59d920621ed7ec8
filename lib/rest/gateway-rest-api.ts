import { createHash } from 'crypto';
import * as fs from 'fs';
import * as nodePath from 'path';
import { Annotations, attachCustomSynthesis, Lazy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct, IConstruct, IDependable } from 'constructs';
import { checkCallerKeys, routeCaller, validateRouteCache } from './cache-key';
import { corsIntegrationResponseHeaders, corsResponseHeaders, renderPreflight } from './cors';
import { GatewayResponseOptions, GatewayResponseRecord, renderGatewayResponses, validateGatewayResponse } from './gateway-response';
import { GatewayStage } from './gateway-stage';
import { GrantInvokeOptions } from './grant-invoke-options';
import { LambdaInvokePermissions } from './lambda-permissions';
import { LatestDeployment } from './latest-deployment';
import { Model } from './model';
import { API_KEY_SCHEME, API_KEY_SECURITY_SCHEME, IAM_SCHEME, IAM_SECURITY_SCHEME, renderOpenApi, RouteRecord } from './openapi';
import { OpenApiDocumentOptions, withoutAwsExtensions } from './openapi-export';
import { checkPublicPatternsSpareIamRoutes, RESOURCE_POLICY_MAX_LENGTH, renderedPolicyLength, renderResourcePolicy } from './resource-policy-document';
import { RestApiInterop } from './rest-api-interop';
import { RouteBinder } from './route-binding';
import { RouteOptions } from './route-options';
import { validateRouteRequest } from './route-request';
import { StageOptions } from './stage-options';
import { GatewayUsagePlan, UsagePlanOptions } from './usage-plan';
import { failRoutesWithoutAuthorization } from '../auth/authorization';
import { IResourcePolicy, PolicyContext, ResourcePolicy } from '../auth/resource-policy';
import { AuthorizationType, IRestAuthorization } from '../auth/rest-authorization';
import { executeApiArn } from '../core/arns';
import { CloudWatchRole, ICloudWatchRole } from '../core/cloudwatch-role';
import { CorsOptions, sameCors, validateCors, validateCorsOriginTokens } from '../core/cors-options';
import { Endpoint, EndpointType } from '../core/endpoint';
import { GatewayValidationError } from '../core/errors';
import { ExecuteApiEndpointSetting } from '../core/execute-api-endpoint';
import { IMutualTlsTarget } from '../core/mutual-tls-target';
import { checkArguments } from '../core/private/check-arguments';
import { executeApiPath, executeApiPatternCovers, isVariableSegment, parseRouteKey } from '../core/route-key';
import { checkOneOf, describeValue, enumValues, rejectTokenStageName, validateThrottle } from '../core/rules';
import { IRestIntegration } from '../integrations/integration';
import { GatewayMonitoring, MonitoringOptions } from '../monitoring/gateway-monitoring';
import { importOperations } from '../openapi/import-operations';
import { IOpenApiDefinition, loadOpenApiDefinition } from '../openapi/openapi-definition';
import { OperationBinding } from '../openapi/operation-binding';
import { IWebAcl } from '../security/web-acl';

/** API Gateway's default (adjustable) quotas that the library warns about. */
const DEFAULT_RESOURCES_PER_API = 300;
const DEFAULT_STAGES_PER_API = 10;

/** Properties of a `GatewayRestApi`. */
export interface GatewayRestApiProps {
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
   * Where the API is reachable from.
   * @default Endpoint.regional()
   */
  readonly endpoint?: Endpoint;

  /**
   * The stages to deploy. More can be added with `addStage()`.
   * @default [{ name: 'prod' }]
   */
  readonly stages?: StageOptions[];

  /**
   * Fail the deployment when API Gateway reports a warning while importing the
   * OpenAPI body. Off by default, as in AWS SAM, whose bodies this library's
   * match: the library validates the model itself at synth.
   * @default false
   */
  readonly failOnWarnings?: boolean;

  /**
   * Who provides the account-level role API Gateway writes execution logs with.
   * @default CloudWatchRole.managed()
   */
  readonly cloudWatchRole?: ICloudWatchRole;

  /**
   * Who may call routes that set no `authorization` of their own.
   * @default - none: every route must set its own `authorization` (`Authorization.none()` for a public route), or `addRoute` fails
   */
  readonly defaultAuthorization?: IRestAuthorization;

  /**
   * Resource policy blocks (source IP ranges, VPC endpoints, VPCs, other
   * accounts). A private endpoint adds its own VPC endpoint restriction.
   * @default - no resource policy (a private API gets the one its endpoint needs)
   */
  readonly resourcePolicy?: IResourcePolicy[];

  /**
   * CORS for every route; a route's own `cors` replaces it.
   * @default - no CORS
   */
  readonly cors?: CorsOptions;

  /**
   * Where API keys come from: the `x-api-key` header, or the `usageIdentifierKey` a Lambda authorizer returns.
   * @default apigw.ApiKeySourceType.HEADER
   */
  readonly apiKeySource?: apigw.ApiKeySourceType;

  /**
   * An AWS WAF web ACL for every stage: `WebAcl.managed()` or `WebAcl.fromArn()`.
   * @default - no web ACL
   */
  readonly webAcl?: IWebAcl;

  /**
   * A KMS key that encrypts the log groups the library creates for this API:
   * each stage's access logs, and the stack's stage-settings handler's logs
   * (with the key of the first API in the stack that sets one). The library
   * adds a statement to the key's policy that lets CloudWatch Logs of the
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

/** Properties of a `GatewayRestApi` built from an existing OpenAPI document. */
export interface GatewayRestApiFromOpenApiProps extends GatewayRestApiProps {
  /** The OpenAPI 3.0 document. */
  readonly definition: IOpenApiDefinition;

  /** The integration (and route options) of every operation, by the operation's `operationId`. */
  readonly operations: { [operationId: string]: OperationBinding };
}

/** A model's schema object and the models it refers to. */
interface RenderedModel {
  readonly schema: Record<string, unknown>;
  readonly refs: Set<string>;
}

/** The deployed definition, rendered once per change of the model. */
interface RenderedDefinition {
  readonly body: Record<string, unknown>;
  readonly policy?: Record<string, unknown>;
  /** The paths whose routes use CORS, each once, in the order routes were added. */
  readonly preflightPaths: string[];
  hash?: string;
  /** The body with its tokens resolved, as the template will hold it. */
  resolvedBody?: Record<string, unknown>;
}

/**
 * CloudFormation's limit on a template uploaded to S3, as `cdk deploy` does: 1 MB ("Template body size in an
 * Amazon S3 object"), enforced as 1,000,000 bytes. The REST API's body is inline in the template.
 */
const TEMPLATE_MAX_BYTES = 1_000_000;
/** Past this share of the limit, synth warns: the rest of the stack's template needs room too. */
const TEMPLATE_WARN_SHARE = 0.8;

/**
 * A REST API whose routes are rendered, at synth, into one OpenAPI 3 document
 * set as the `Body` of its `AWS::ApiGateway::RestApi`.
 *
 * The stack's resource count does not grow with the routes: the API is one
 * RestApi, one Deployment, and per stage a Stage and a log group, plus one
 * Lambda permission per function (or per function and alias).
 *
 * It is an `apigw.IRestApi`: constructs that take an aws-cdk-lib REST API take it.
 */
export class GatewayRestApi extends RestApiInterop implements IMutualTlsTarget {
  /**
   * Builds an API from an existing OpenAPI 3.0 document, binding each
   * operation to an integration by its `operationId`. The document's
   * schemas, parameters, request bodies, response models and request
   * validators are kept; its title and description name the API unless the
   * props do. An operation without a binding, or a binding without an
   * operation, fails synth.
   */
  public static fromOpenApi(scope: Construct, id: string, props: GatewayRestApiFromOpenApiProps): GatewayRestApi {
    const document = loadOpenApiDefinition(scope, props.definition);
    const { definition: _definition, operations, ...apiProps } = props;
    const api = new GatewayRestApi(scope, id, {
      ...apiProps,
      // An empty title (which OpenAPI allows) names no API: the construct id does.
      apiName: apiProps.apiName ?? (typeof document.info?.title === 'string' && document.info.title.trim() !== '' ? document.info.title : undefined),
      description: apiProps.description ?? (typeof document.info?.description === 'string' ? document.info.description : undefined),
    });
    importOperations(api, document, operations, props.defaultAuthorization !== undefined);
    return api;
  }

  /** The underlying `AWS::ApiGateway::RestApi`. */
  public readonly resource: apigw.CfnRestApi;
  /** The REST API id. */
  public readonly restApiId: string;
  /** The deployment every stage points at; its logical id changes exactly when the deployed definition does. */
  public readonly deployment: apigw.CfnDeployment;
  /** @internal */
  public readonly _latestDeployment: LatestDeployment;
  /** The endpoint configuration. */
  public readonly endpoint: Endpoint;
  /**
   * The file, in the cloud assembly directory (`cdk.out`), that holds the
   * API's OpenAPI document for clients and SDK generators (without API Gateway's extensions).
   */
  public readonly openApiFile: string;
  /** The file, in the cloud assembly directory, that holds the document API Gateway imports (with its extensions). */
  public readonly awsOpenApiFile: string;

  /** @internal */
  public readonly _routes: RouteRecord[] = [];
  /** The same routes by path, for the checks `addRoute` makes against a route's path. */
  private readonly routesByPath = new Map<string, RouteRecord[]>();

  /** The API's name (the `ApiName` dimension of its metrics). */
  public readonly apiName: string;
  /**
   * The KMS key of the log groups the library creates for this API.
   * @default - undefined: CloudWatch Logs' own encryption
   */
  public readonly logGroupEncryptionKey?: kms.IKey;
  private readonly description?: string;
  private readonly stageList: GatewayStage[] = [];
  private readonly binder: RouteBinder;
  private readonly accountLogging?: IDependable;
  private readonly variableSegments = new Map<string, string>();
  private readonly operationIds = new Set<string>();
  private readonly defaultAuthorization?: IRestAuthorization;
  private readonly cors?: CorsOptions;
  private readonly apiKeySource?: apigw.ApiKeySourceType;
  private readonly policyBlocks: IResourcePolicy[];
  private readonly webAclArn?: string;
  private readonly executeApiEndpoint: ExecuteApiEndpointSetting;
  /** The models routes use or `addModel` added, by name. */
  private readonly models = new Map<string, { model: Model; schema: RenderedModel }>();
  private readonly gatewayResponses: GatewayResponseRecord[] = [];
  private readonly usagePlanList: GatewayUsagePlan[] = [];
  /** The body and policy as last rendered; any change to the model drops them. */
  private rendered?: RenderedDefinition;

  constructor(scope: Construct, id: string, props: GatewayRestApiProps = {}) {
    checkArguments(scope, 'GatewayRestApi', arguments);
    super(scope, id);
    this.apiName = props.apiName ?? id;
    if (!Token.isUnresolved(this.apiName) && this.apiName.trim() === '') {
      throw new GatewayValidationError(this, 'ApiNameEmpty', `apiName ${JSON.stringify(this.apiName)} is empty; API Gateway needs a name: pass a non-empty apiName, or leave it out to use the construct id.`);
    }
    this.description = props.description;
    this.logGroupEncryptionKey = props.logGroupEncryptionKey;
    this.endpoint = props.endpoint ?? Endpoint.regional();
    checkOneOf(this, 'endpoint type', (this.endpoint as Partial<Endpoint> | null)?.type, enumValues(EndpointType),
      'pass Endpoint.regional(), Endpoint.edge() or Endpoint.private({ vpcEndpoints })', true);
    checkOneOf(this, 'apiKeySource', props.apiKeySource, enumValues(apigw.ApiKeySourceType), 'use apigw.ApiKeySourceType.HEADER or AUTHORIZER');
    if (this.endpoint.type === EndpointType.PRIVATE && this.endpoint.vpcEndpoints.length === 0) {
      throw new GatewayValidationError(this, 'PrivateApiWithoutVpcEndpoint', 'a private API needs at least one interface VPC endpoint (service execute-api) to be reachable; pass Endpoint.private({ vpcEndpoints: [endpoint] }).');
    }
    this.defaultAuthorization = props.defaultAuthorization;
    if (props.cors) {
      validateCors(this, 'the API', props.cors);
      validateCorsOriginTokens(this, 'the API', props.cors);
    }
    this.cors = props.cors;
    this.apiKeySource = props.apiKeySource;
    // A private API cannot be deployed without a resource policy; its endpoints' restriction comes first.
    this.policyBlocks = [];
    if (this.endpoint.type === EndpointType.PRIVATE) {
      this.addToResourcePolicy(ResourcePolicy.allowOnlyVpcEndpoints(this.endpoint.vpcEndpoints));
    }
    for (const block of props.resourcePolicy ?? []) {
      this.addToResourcePolicy(block);
    }

    const endpointConfiguration: apigw.CfnRestApi.EndpointConfigurationProperty = {
      types: [this.endpoint.type],
      vpcEndpointIds: this.endpoint.type === EndpointType.PRIVATE
        ? this.endpoint.vpcEndpoints.map(endpoint => endpoint.vpcEndpointId)
        : undefined,
    };
    this.executeApiEndpoint = new ExecuteApiEndpointSetting(this, props.disableExecuteApiEndpoint, this.endpoint.type === EndpointType.PRIVATE);
    this.resource = new apigw.CfnRestApi(this, 'Resource', {
      name: this.apiName,
      description: props.description,
      body: Lazy.any({ produce: () => this.render().body }),
      endpointConfiguration,
      policy: Lazy.any({ produce: () => this.render().policy }),
      failOnWarnings: props.failOnWarnings ?? false,
      disableExecuteApiEndpoint: this.executeApiEndpoint.render(),
    });
    this.restApiId = this.resource.ref;
    Validations.of(this.resource).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason: 'Request validation is declared inside the OpenAPI body (x-amazon-apigateway-request-validators: validator "all" unless a route chooses another), where the rule cannot look; the library renders it itself and its tests assert it.',
    });

    this.binder = new RouteBinder(this, new LambdaInvokePermissions(this, 'Permissions', this.restApiId));

    // A Deployment is a snapshot taken when it is created: only a new logical id makes CloudFormation take a new one.
    this._latestDeployment = new LatestDeployment(this, 'Deployment', {
      api: this,
      description: 'Deployed by cdk-apigateway-patterns; replaced whenever the deployed API definition changes',
      definitionHash: () => this.definitionHash(endpointConfiguration),
    });
    this.deployment = this._latestDeployment.cfnDeployment;
    const stack = Stack.of(this);

    this.accountLogging = (props.cloudWatchRole ?? CloudWatchRole.managed()).bind({ scope: this }).dependency;

    this.webAclArn = props.webAcl?.bind({ scope: this }).webAclArn;
    for (const stage of props.stages ?? [{ name: 'prod' }]) {
      this.addStage(stage);
    }
    this.node.addValidation({ validate: () => this.validateModel() });

    const fileStem = `${stack.artifactId}.${this.node.path.slice(stack.node.path.length + 1).replace(/[^A-Za-z0-9-]/g, '-')}`;
    this.openApiFile = `${fileStem}.openapi.json`;
    this.awsOpenApiFile = `${fileStem}.openapi.aws.json`;
    attachCustomSynthesis(this, { onSynthesize: session => this.writeOpenApiFiles(session.outdir) });
  }

  /** The stages of this API, in the order they were added. */
  public get stages(): GatewayStage[] {
    return [...this.stageList];
  }

  /**
   * Adds a route, e.g. `api.addRoute('GET /pets/{id}', Integration.lambda(fn))`.
   *
   * Methods: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY. Path segments
   * are literals (`a-zA-Z0-9._-`), parameters (`{id}`) or, last only, a greedy
   * parameter (`{proxy+}`).
   */
  public addRoute(routeKey: string, integration: IRestIntegration, options: RouteOptions = {}): void {
    this._addRoute(routeKey, integration, options, {});
  }

  /**
   * `addRoute`, with what an imported OpenAPI document says beyond route options.
   * @internal
   */
  public _addRoute(
    routeKey: string, integration: IRestIntegration, options: RouteOptions,
    imported: { parameterSchemas?: Record<string, unknown>; bodyOptional?: boolean },
  ): void {
    const parsed = parseRouteKey(this, routeKey);
    if (this.routesByPath.get(parsed.path)?.some(route => route.parsed.key === parsed.key)) {
      throw new GatewayValidationError(this, 'RouteDuplicate', `route ${parsed.key} is added twice; each method and path may have one integration.`);
    }
    this.checkSiblingParameters(parsed.segments);
    if (options.summary !== undefined && typeof options.summary !== 'string') {
      throw new GatewayValidationError(this, 'RouteSummaryNotString', `summary of route ${parsed.key} must be a string, got ${describeValue(options.summary)}; it is copied into the OpenAPI document as text.`);
    }
    if (options.operationId !== undefined) {
      if (typeof options.operationId !== 'string' || !/^[A-Za-z0-9_.-]{1,128}$/.test(options.operationId)) {
        throw new GatewayValidationError(this, 'OperationIdInvalid', `operationId ${describeValue(options.operationId)} of route ${parsed.key} is invalid: use 1 to 128 characters of A-Z, a-z, 0-9, _, . and -.`);
      }
      if (this.operationIds.has(options.operationId)) {
        throw new GatewayValidationError(this, 'OperationIdDuplicate', `operationId ${JSON.stringify(options.operationId)} of route ${parsed.key} is already used by another route; operation ids must be unique.`);
      }
    }
    validateThrottle(this, `throttle of route ${parsed.key}`, options.throttle);
    validateRouteCache(this, parsed, options.cache);
    const cors = this.routeCors(parsed.key, parsed.path, parsed.method, options.cors);
    const authorization = options.authorization ?? this.defaultAuthorization;
    if (authorization === undefined) {
      failRoutesWithoutAuthorization(this, [parsed.key], 'pass { authorization: Authorization.none() } to make it public on purpose, or another Authorization (e.g. Authorization.iam()), or set defaultAuthorization on the API');
    }
    const apiKeyRequired = options.apiKeyRequired ?? false;
    if (apiKeyRequired && this.apiKeySource === apigw.ApiKeySourceType.AUTHORIZER
      && this.binder.bindAuthorization(authorization).authorizationType !== AuthorizationType.LAMBDA) {
      throw new GatewayValidationError(this, 'ApiKeyFromAuthorizerWithoutLambda', `route ${parsed.key} requires an API key from the authorizer (apiKeySource AUTHORIZER), but has no Lambda authorizer to return one; give it Authorization.lambdaToken() or lambdaRequest(), or use the x-api-key header (apiKeySource HEADER).`);
    }
    validateRouteRequest(this, parsed, options);
    const modelsUsed = [options.requestModel, ...Object.values(options.responseModels ?? {})].filter((model): model is Model => model !== undefined);
    const renderedModels = modelsUsed.map(model => this.checkModel(model));
    // Everything that can reject the route runs before anything is registered or granted.
    const { headers: corsHeaders, originEcho: corsOriginEcho } = corsIntegrationResponseHeaders(cors);
    const bound = this.binder.bindRoute({ route: parsed, endpointType: this.endpoint.type, corsResponseHeaders: corsHeaders, corsOriginEcho },
      integration, authorization, this.stageList);
    if (options.operationId !== undefined) {
      this.operationIds.add(options.operationId);
    }
    modelsUsed.forEach((model, index) => this.models.set(model.name, { model, schema: renderedModels[index] }));
    const apiKeyFromHeader = (this.apiKeySource ?? apigw.ApiKeySourceType.HEADER) === apigw.ApiKeySourceType.HEADER;
    const caller = routeCaller(bound.authorization, apiKeyRequired, apiKeyFromHeader);
    const record: RouteRecord = {
      parsed,
      integration: bound.integration,
      options,
      authorization: bound.authorization,
      authorizationSource: authorization,
      authorizerName: bound.authorizerName,
      apiKeyRequired,
      caller,
      cors,
      ...imported,
    };
    bound.commit(this.stageList);
    this._routes.push(record);
    this.routesByPath.set(parsed.path, [...this.routesByPath.get(parsed.path) ?? [], record]);
    this.rendered = undefined;
  }

  /**
   * Adds a model to the API's document without a route using it (routes add
   * their models themselves), e.g. one that other models refer to.
   */
  public addModel(model: Model): void {
    const schema = this.checkModel(model);
    this.models.set(model.name, { model, schema });
    this.rendered = undefined;
  }

  /** Validates a model, and that no other model of the API has its name; returns its rendered schema. */
  private checkModel(model: Model): RenderedModel {
    const existing = this.models.get(model.name);
    if (existing?.model === model) {
      // Routes share models: one rendering (and one check) per model.
      return existing.schema;
    }
    const refs = new Set<string>();
    const schema = model._render(this, refs);
    if (existing
      && JSON.stringify(Stack.of(this).resolve(existing.schema.schema)) !== JSON.stringify(Stack.of(this).resolve(schema))) {
      throw new GatewayValidationError(this, 'ModelNameConflict', `two different models are named ${model.name}; model names are unique within an API, so rename one or reuse the same Model.`);
    }
    return { schema, refs };
  }

  /**
   * Adds a usage plan for this API's stages (all of them unless `stages` says
   * otherwise); add keys to it with `plan.addApiKey()`.
   */
  public addUsagePlan(id: string, options: UsagePlanOptions = {}): GatewayUsagePlan {
    return new GatewayUsagePlan(this, `UsagePlan-${id}`, { ...options, api: this });
  }

  /**
   * Called by a new usage plan, so that the API knows which stages have one.
   * @internal
   */
  public _registerUsagePlan(plan: GatewayUsagePlan): void {
    this.usagePlanList.push(plan);
  }

  /**
   * Customizes a response API Gateway sends itself, e.g. a JSON body for
   * `apigw.ResponseType.THROTTLED`. The API's CORS headers are added to it.
   */
  public addGatewayResponse(type: apigw.ResponseType, options: GatewayResponseOptions = {}): void {
    const record = { type, options };
    validateGatewayResponse(this, record);
    if (this.gatewayResponses.some(existing => existing.type.responseType === type.responseType)) {
      throw new GatewayValidationError(this, 'GatewayResponseDuplicate', `gateway response ${type.responseType} is added twice; each type has one response.`);
    }
    this.gatewayResponses.push(record);
    this.rendered = undefined;
  }

  /** Adds a block to the API's resource policy. */
  public addToResourcePolicy(block: IResourcePolicy): void {
    // Rendering the block validates it now, where the error points at this call, not deep inside synthesis.
    block.bind({ scope: this, ...this.policyContext() });
    this.policyBlocks.push(block);
    this.rendered = undefined;
  }

  /**
   * Grants `execute-api:Invoke` on exactly the given stage and route (or all
   * of them) through the grantee's IAM policy. Only routes with
   * `Authorization.iam()` check it.
   */
  public grantInvoke(grantee: iam.IGrantable, options: GrantInvokeOptions = {}): iam.Grant {
    let method = '*';
    let path = '/*';
    if (options.route !== undefined) {
      const parsed = parseRouteKey(this, options.route);
      const route = this._routes.find(existing => existing.parsed.key === parsed.key);
      if (!route) {
        throw new GatewayValidationError(this, 'GrantRouteUnknown', `grantInvoke names route ${JSON.stringify(options.route)}, which the API does not have (yet); add the route first. Routes are: ${this._routes.map(existing => existing.parsed.key).join(', ') || '(none)'}.`);
      }
      if (route.authorization.authorizationType !== AuthorizationType.IAM) {
        Annotations.of(this).addWarningV2('cdk-apigateway-patterns:grantWithoutIam', `grantInvoke on route ${parsed.key}, which does not use Authorization.iam(): API Gateway does not check IAM permissions there, so the grant changes nothing.`);
      }
      method = parsed.method === 'ANY' ? '*' : parsed.method;
      path = executeApiPath(parsed);
      const alsoCovered = this._routes.filter(other => other !== route && other.authorization.authorizationType === AuthorizationType.IAM
        && executeApiPatternCovers(method, path, other.parsed));
      if (alsoCovered.length > 0) {
        Annotations.of(this).addWarningV2('cdk-apigateway-patterns:grantCoversMore', `grantInvoke on route ${parsed.key} also allows ${alsoCovered.map(other => other.parsed.key).join(', ')}: in an execute-api ARN the * of a path parameter matches deeper paths too. Grant the API (no route) if that is intended, or rename the paths apart.`);
      }
    }
    const stage = options.stage !== undefined ? this.stage(options.stage).stageName : '*';
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['execute-api:Invoke'],
      resourceArns: [this.arnForExecuteApi(method, path, stage)],
    });
  }

  /** Adds a stage that deploys this API. */
  public addStage(options: StageOptions): GatewayStage {
    rejectTokenStageName(this, options.name);
    return new GatewayStage(this, `Stage-${options.name}`, { ...options, api: this });
  }

  /** The stage with the given name; throws if there is none. */
  public stage(name: string): GatewayStage {
    const found = this.stageList.find(stage => stage.stageName === name);
    if (!found) {
      throw new GatewayValidationError(this, 'StageUnknown', `there is no stage named ${JSON.stringify(name)}; stages are: ${this.stageList.map(stage => stage.stageName).join(', ')}.`);
    }
    return found;
  }

  /**
   * The execute-api ARN of a method, path and stage, for IAM policies.
   * @param method the HTTP method, or `*`
   * @param path the resource path, or `/*`
   * @param stage the stage name, or `*`
   */
  public arnForExecuteApi(method: string = '*', path: string = '/*', stage: string = '*'): string {
    if (!path.startsWith('/')) {
      throw new GatewayValidationError(this, 'ExecuteApiPathInvalid', `path ${JSON.stringify(path)} must start with "/".`);
    }
    return executeApiArn(this, this.restApiId, `${stage}/${method}${path}`);
  }

  /**
   * The OpenAPI 3 document of this API: by default the one it deploys, with
   * API Gateway's extensions; with `awsExtensions: false` the one for clients
   * and SDK generators. Values known only at deploy time appear as
   * CloudFormation intrinsics (`Ref`, `Fn::GetAtt`...).
   *
   * Both are also written into the cloud assembly at synth, next to the
   * template: see `openApiFile` and `awsOpenApiFile`.
   */
  public openApiDocument(options: OpenApiDocumentOptions = {}): any {
    const document = Stack.of(this).resolve(this.render().body);
    return options.awsExtensions ?? true ? document : withoutAwsExtensions(document);
  }

  /** Writes both documents into the assembly directory. */
  private writeOpenApiFiles(outdir: string): void {
    // Resolved once: the client's document is the same one without the extensions.
    const document = this.openApiDocument();
    fs.writeFileSync(nodePath.join(outdir, this.openApiFile), JSON.stringify(withoutAwsExtensions(document), undefined, 2));
    fs.writeFileSync(nodePath.join(outdir, this.awsOpenApiFile), JSON.stringify(document, undefined, 2));
  }

  /**
   * The usage plans of this API.
   */
  public get usagePlans(): GatewayUsagePlan[] {
    return [...this.usagePlanList];
  }

  /**
   * Called by a custom domain with mutual TLS that serves this API: the default
   * execute-api endpoint is then disabled, unless `disableExecuteApiEndpoint` says otherwise.
   */
  public addMutualTlsDomain(domain: IConstruct): void {
    this.executeApiEndpoint.markMutualTls(domain);
    // The deployment's id hashes the setting: API Gateway applies it with the next deployment.
    this.rendered = undefined;
  }

  /**
   * Called by a new stage: checks it against the routes and grants the aliases it selects.
   * @internal
   */
  public _registerStage(stage: GatewayStage): void {
    if (this.stageList.some(existing => existing.stageName === stage.stageName)) {
      throw new GatewayValidationError(stage, 'StageDuplicate', `stage ${stage.stageName} is defined twice; stage names are unique within an API.`);
    }
    this.binder.registerStage(stage);
    if (this.accountLogging) {
      stage.resource.node.addDependency(this.accountLogging);
    }
    if (this.webAclArn) {
      new wafv2.CfnWebACLAssociation(stage, 'WebAclAssociation', {
        // The ARN refers to the stage: the association is made once the stage exists.
        resourceArn: stage.stageArn,
        webAclArn: this.webAclArn,
      });
    }
    this.stageList.push(stage);
    // A stage with a cache changes the body (cache keys of cacheable routes).
    this.rendered = undefined;
    if (this.stageList.length === DEFAULT_STAGES_PER_API + 1) {
      Annotations.of(this).addWarningV2('cdk-apigateway-patterns:stageQuota', `more than ${DEFAULT_STAGES_PER_API} stages: API Gateway's default quota is ${DEFAULT_STAGES_PER_API} stages per API; request an increase before deploying.`);
    }
  }

  /**
   * Adds alarms and a dashboard for one stage (see `GatewayMonitoring`).
   */
  public addMonitoring(stageName: string, options: MonitoringOptions = {}): GatewayMonitoring {
    const stage = this.stage(stageName);
    return new GatewayMonitoring(this, `Monitoring-${stageName}`, { ...options, stage });
  }

  /**
   * Grants `execute-api:InvalidateCache` on a stage: the permission a caller
   * needs to send `Cache-Control: max-age=0` when the stage requires
   * authorization for invalidation (the default).
   */
  public grantInvalidateCache(grantee: iam.IGrantable, stageName: string): iam.Grant {
    const stage = this.stage(stageName);
    if (!stage.cacheEnabled) {
      Annotations.of(this).addWarningV2('cdk-apigateway-patterns:invalidateWithoutCache', `grantInvalidateCache on stage ${stageName}, which has no cache; the grant changes nothing until it gets one.`);
    }
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['execute-api:InvalidateCache'],
      resourceArns: [this.arnForExecuteApi('*', '/*', stage.stageName)],
    });
  }

  /** API Gateway allows one variable path part among siblings: `/pets/{id}` and `/pets/{petId}` cannot coexist. */
  private checkSiblingParameters(segments: readonly string[]): void {
    segments.forEach((segment, index) => {
      if (!isVariableSegment(segment)) {
        return;
      }
      const parent = '/' + segments.slice(0, index).join('/');
      const existing = this.variableSegments.get(parent);
      if (existing !== undefined && existing !== segment) {
        throw new GatewayValidationError(this, 'PathParameterSiblingConflict', `path ${'/' + segments.join('/')} puts ${segment} beside ${existing} under ${parent}; API Gateway allows one parameter per level, so use the same name (${existing}) in both routes.`);
      }
      this.variableSegments.set(parent, segment);
    });
  }

  /** The route's CORS settings, checked against the other routes on its path, which share one preflight. */
  private routeCors(key: string, path: string, method: string, own: CorsOptions | undefined): CorsOptions | undefined {
    if (own) {
      validateCors(this, `route ${key}`, own);
      validateCorsOriginTokens(this, `route ${key}`, own);
    }
    const cors = own ?? this.cors;
    // The routes already on the path agree with each other (this check ran for each), so the first speaks for them all.
    const other = this.routesByPath.get(path)?.[0];
    if (other) {
      const agree = cors && other.cors ? sameCors(cors, other.cors) : cors === other.cors;
      if (!agree) {
        throw new GatewayValidationError(this, 'CorsConflictOnPath', `route ${key} and route ${other.parsed.key} have different CORS settings, but routes on one path share one preflight; give them the same cors.`);
      }
      if (cors && method === 'OPTIONS') {
        throw new GatewayValidationError(this, 'CorsWithOptionsRoute', `path ${path} has an OPTIONS route and CORS: the library answers the preflight itself, so remove the OPTIONS route or the cors settings.`);
      }
    }
    if (cors && method === 'OPTIONS') {
      throw new GatewayValidationError(this, 'CorsWithOptionsRoute', `route ${key} is an OPTIONS route on a path with CORS: the library answers the preflight itself, so remove the OPTIONS route or the cors settings.`);
    }
    return cors;
  }

  private policyContext(): PolicyContext {
    return { privateEndpoint: this.endpoint.type === EndpointType.PRIVATE };
  }

  /** Renders the body and the resource policy, once per change of the model. */
  private render(): RenderedDefinition {
    if (!this.rendered) {
      const preflights = new Map<string, Record<string, unknown>>();
      const corsSettings: CorsOptions[] = [];
      const preflightPaths = [...new Set(this._routes.filter(route => route.cors).map(route => route.parsed.path))];
      for (const path of preflightPaths) {
        // Routes on one path share their CORS settings (addRoute checks), so the first one speaks for the path.
        const onPath = this.routesByPath.get(path)!;
        const cors = onPath[0].cors!;
        preflights.set(path, renderPreflight(cors, onPath.map(route => route.parsed.method), onPath[0].parsed.pathParameters));
        corsSettings.push(cors);
      }
      const securitySchemes: Record<string, unknown> = {};
      for (const authorizer of this.binder.authorizers.values()) {
        securitySchemes[authorizer.name] = authorizer.securityScheme;
      }
      if (this._routes.some(route => route.authorization.authorizationType === AuthorizationType.IAM)) {
        securitySchemes[IAM_SCHEME] = IAM_SECURITY_SCHEME;
      }
      const keysRequired = this._routes.some(route => route.apiKeyRequired);
      if (keysRequired) {
        securitySchemes[API_KEY_SCHEME] = API_KEY_SECURITY_SCHEME;
      }
      const body = renderOpenApi({
        title: this.apiName,
        description: this.description,
        routes: this._routes,
        securitySchemes,
        preflights,
        gatewayResponses: renderGatewayResponses(this.gatewayResponses, corsResponseHeaders(corsSettings)),
        apiKeySource: keysRequired || this.apiKeySource ? this.apiKeySource ?? apigw.ApiKeySourceType.HEADER : undefined,
        caching: this.stageList.some(stage => stage.cacheEnabled),
        schemas: Object.fromEntries([...this.models.values()].map(({ model, schema }) => [model.name, schema.schema])),
      });
      const policy = renderResourcePolicy(this, this.policyBlocks, this._routes, preflightPaths, this.policyContext());
      this.rendered = { body, policy, preflightPaths };
    }
    return this.rendered;
  }

  /**
   * A hash of everything a deployment snapshots: the routes, integrations,
   * authorizers, gateway responses, the resource policy and the endpoint
   * (and whether the execute-api endpoint is disabled: API Gateway applies
   * that to a REST API only with its next deployment).
   * The document's `info` (name, description) is left out: it changes the
   * API's metadata, not what is deployed.
   */
  private definitionHash(endpointConfiguration: unknown): string {
    const definition = this.render();
    if (definition.hash === undefined) {
      const { info: _info, ...deployed } = this.resolvedBody();
      const stack = Stack.of(this);
      const disableExecuteApiEndpoint = this.executeApiEndpoint.disabled || undefined;
      // The same JSON as resolving { body, endpointConfiguration, policy, disableExecuteApiEndpoint } at once,
      // with the body resolved only once per rendering.
      const resolved = {
        body: deployed,
        endpointConfiguration: stack.resolve(endpointConfiguration),
        policy: stack.resolve(definition.policy),
        disableExecuteApiEndpoint,
      };
      definition.hash = createHash('sha256').update(JSON.stringify(resolved)).digest('hex').slice(0, 10).toUpperCase();
    }
    return definition.hash;
  }

  /** The rendered body with its tokens resolved, once per rendering. */
  private resolvedBody(): Record<string, unknown> {
    const definition = this.render();
    definition.resolvedBody ??= Stack.of(this).resolve(definition.body);
    return definition.resolvedBody!;
  }

  /** The body is inline in the stack's template, which CloudFormation takes up to 1,000,000 bytes. */
  private validateBodySize(): void {
    const bytes = Buffer.byteLength(JSON.stringify(this.resolvedBody()), 'utf8');
    const where = `the REST API's OpenAPI body (${this._routes.length} routes, ${this.models.size} models) renders to ${bytes.toLocaleString('en-US')} bytes of JSON`;
    const fix = 'split the API into several GatewayRestApi constructs (or stacks), or reduce the document: fewer or smaller models, shorter descriptions and mapping templates';
    if (bytes > TEMPLATE_MAX_BYTES) {
      throw new GatewayValidationError(this, 'TemplateTooLarge', `${where}, over CloudFormation's template size limit of ${TEMPLATE_MAX_BYTES.toLocaleString('en-US')} bytes, so the stack cannot deploy; ${fix}.`);
    }
    if (bytes > TEMPLATE_MAX_BYTES * TEMPLATE_WARN_SHARE) {
      Annotations.of(this).addWarningV2('cdk-apigateway-patterns:templateSize', `${where}, more than ${TEMPLATE_WARN_SHARE * 100}% of CloudFormation's template size limit of ${TEMPLATE_MAX_BYTES.toLocaleString('en-US')} bytes, which the whole template (indented, with the stack's other resources) must fit; ${fix}.`);
    }
  }

  private validateModel(): string[] {
    if (this._routes.length === 0) {
      throw new GatewayValidationError(this, 'ApiWithoutRoutes', 'the API has no routes, and API Gateway cannot deploy a REST API without methods; add one with addRoute().');
    }
    if (this.stageList.length === 0) {
      throw new GatewayValidationError(this, 'ApiWithoutStages', 'the API has no stages; pass stages or call addStage().');
    }
    const resources = new Set<string>(['/']);
    for (const route of this._routes) {
      route.parsed.segments.forEach((_, index) => resources.add('/' + route.parsed.segments.slice(0, index + 1).join('/')));
    }
    if (resources.size > DEFAULT_RESOURCES_PER_API) {
      Annotations.of(this).addWarningV2('cdk-apigateway-patterns:resourceQuota', `${resources.size} resources (paths): API Gateway's default quota is ${DEFAULT_RESOURCES_PER_API} resources per REST API; request an increase before deploying.`);
    }
    this.validateAccessControl();
    this.validateIntegrationsAndModels();
    const cachedStage = this.stageList.find(stage => stage.cacheEnabled);
    if (cachedStage) {
      checkCallerKeys(this, cachedStage.stageName, this._routes);
    }
    this.validateBodySize();
    return [];
  }

  /** Stage variables integrations read must be set by every stage; model references must name models of the API. */
  private validateIntegrationsAndModels(): void {
    for (const route of this._routes) {
      for (const variable of route.integration.stageVariables ?? []) {
        const missing = this.stageList.find(stage => stage.variables[variable] === undefined);
        if (missing) {
          throw new GatewayValidationError(this, 'StageVariableMissing', `route ${route.parsed.key} reads stage variable ${variable}, which stage ${missing.stageName} does not set; add it to the stage's variables.`);
        }
      }
    }
    for (const { model, schema } of this.models.values()) {
      for (const ref of schema.refs) {
        if (!this.models.has(ref)) {
          throw new GatewayValidationError(this, 'ModelReferenceUnknown', `model ${model.name} refers to model ${ref}, which the API does not have; add it with api.addModel().`);
        }
      }
    }
    // A model that is only a reference (an alias) must end at a model with a schema of its own. Models that refer to
    // themselves inside properties or items (recursive types) are fine.
    for (const name of this.models.keys()) {
      const chain = [name];
      let target = aliasOf(this.models.get(name)!.schema.schema);
      while (target !== undefined && this.models.has(target)) {
        if (chain.includes(target)) {
          throw new GatewayValidationError(this, 'ModelRefCycle', `model ${[...chain, target].join(' -> ')} is a cycle of references that never reaches a schema; give one of them a schema (type, properties, ...) instead of only a ref.`);
        }
        chain.push(target);
        target = aliasOf(this.models.get(target)!.schema.schema);
      }
    }
  }

  private validateAccessControl(): void {
    const keyRoutes = this._routes.filter(route => route.apiKeyRequired);
    if (keyRoutes.length > 0) {
      for (const stage of this.stageList) {
        if (!this.usagePlanList.some(plan => plan.stageNames.includes(stage.stageName))) {
          throw new GatewayValidationError(this, 'ApiKeyWithoutUsagePlan', `route ${keyRoutes[0].parsed.key} requires an API key, but no usage plan covers stage ${stage.stageName}, so every call there would be refused with 403; add one with api.addUsagePlan() (it covers every stage unless told otherwise) and give it a key.`);
        }
      }
    }
    if (this.defaultAuthorization && !this._routes.some(route => route.authorizationSource === this.defaultAuthorization)) {
      Annotations.of(this).addWarningV2('cdk-apigateway-patterns:unusedAuthorizer', 'defaultAuthorization is used by no route (every route sets its own authorization); remove it or let routes inherit it.');
    }
    const { policy, preflightPaths } = this.render();
    if (policy) {
      checkPublicPatternsSpareIamRoutes(this, this._routes, preflightPaths);
      const length = renderedPolicyLength(Stack.of(this).resolve(policy));
      if (length > RESOURCE_POLICY_MAX_LENGTH) {
        throw new GatewayValidationError(this, 'ResourcePolicyTooLong', `the resource policy renders to about ${length} characters, over API Gateway's limit of ${RESOURCE_POLICY_MAX_LENGTH}; combine CIDR ranges, use fewer blocks, or (when IAM routes force the public routes to be listed one by one) put IAM and public routes in separate APIs.`);
      }
    }
  }
}

/** The model a schema is only a reference to (`$ref` at its top), if it is one. */
function aliasOf(schema: Record<string, unknown>): string | undefined {
  const ref = schema.$ref;
  return typeof ref === 'string' ? /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1] : undefined;
}
