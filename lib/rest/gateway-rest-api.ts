import * as fs from 'fs';
import * as nodePath from 'path';
import { Annotations, attachCustomSynthesis, Lazy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct, IDependable } from 'constructs';
import { routeCaller } from './cache-key';
import { DeploymentLogicalId } from './deployment-logical-id';
import { GatewayResponseOptions, validateGatewayResponse } from './gateway-response';
import { GatewayRestApiFromOpenApiProps, GatewayRestApiProps } from './gateway-rest-api-props';
import { GatewayStage } from './gateway-stage';
import { invokeGrantTarget } from './grant-invoke';
import { GrantInvokeOptions } from './grant-invoke-options';
import { Model } from './model';
import { RestApiModel, UsagePlanRecord } from './model/rest-api-model';
import { ImportedRouteDetails, RouteRecord } from './model/route-record';
import { OpenApiDocumentOptions } from './openapi-export';
import { withoutAwsExtensions } from './render/client-document';
import { renderBody } from './render/openapi-body';
import { policyContext, renderPolicy } from './render/resource-policy';
import { RouteBinder } from './route-binding';
import { RouteOptions } from './route-options';
import { StageOptions } from './stage-options';
import { GatewayUsagePlan, UsagePlanOptions } from './usage-plan';
import { checkRouteInput } from './validate/route-input';
import { validateRestApi } from './validate/validate-rest-api';
import { ResourcePolicy } from '../auth/resource-policy';
import { executeApiArn } from '../core/arns';
import { CloudWatchRole } from '../core/cloudwatch-role';
import { validateCors, validateCorsOriginTokens } from '../core/cors-options';
import { Endpoint, EndpointType } from '../core/endpoint';
import { GatewayValidationError } from '../core/errors';
import { ExecuteApiEndpointSetting } from '../core/execute-api-endpoint';
import { checkArguments } from '../core/private/check-arguments';
import { parseRouteKey } from '../core/route-key';
import { checkOneOf, enumValues, rejectTokenStageName } from '../core/rules';
import { Integration } from '../integrations/factory';
import { GatewayMonitoring, MonitoringOptions } from '../monitoring/gateway-monitoring';
import { importModels, importRoutes } from '../openapi/import-operations';

export * from './gateway-rest-api-props';

/** API Gateway's default (adjustable) quota of stages per API, which the library warns about. */
const DEFAULT_STAGES_PER_API = 10;

/**
 * A REST API whose routes are rendered, at synth, into one OpenAPI 3 document
 * set as the `Body` of its `AWS::ApiGateway::RestApi`.
 *
 * The stack's resource count does not grow with the routes: the API is one
 * RestApi, one Deployment, and per stage a Stage and a log group, plus one
 * Lambda permission per function (or per function and alias).
 *
 * The construct is thin: what the API is made of lives in a plain-data model
 * (`model/`), every output is a function of it (`render/`), and the checks of
 * the whole API are rules over it (`validate/`). See docs/ARCHITECTURE.md.
 */
export class GatewayRestApi extends Construct {
  /**
   * Builds an API from an existing OpenAPI 3.0 document, binding each
   * operation to an integration by its `operationId`. The document's
   * schemas, parameters, request bodies, response models and request
   * validators are kept; its title and description name the API unless the
   * props do. An operation without a binding, or a binding without an
   * operation, fails synth.
   */
  public static fromOpenApi(scope: Construct, id: string, props: GatewayRestApiFromOpenApiProps): GatewayRestApi {
    const document = props.definition._load(scope);
    const { definition: _definition, operations, ...apiProps } = props;
    const api = new GatewayRestApi(scope, id, {
      ...apiProps,
      // An empty title (which OpenAPI allows) names no API: the construct id does.
      apiName: apiProps.apiName ?? (typeof document.info?.title === 'string' && document.info.title.trim() !== '' ? document.info.title : undefined),
      description: apiProps.description ?? (typeof document.info?.description === 'string' ? document.info.description : undefined),
    });
    const models = importModels(document);
    models.forEach(model => api.addModel(model));
    for (const route of importRoutes(api, document, operations, models, props.defaultAuthorization !== undefined)) {
      api.addRouteRecord(route.routeKey, route.integration, route.options, route.imported);
    }
    return api;
  }

  /** The underlying `AWS::ApiGateway::RestApi`. */
  public readonly resource: apigw.CfnRestApi;
  /** The REST API id. */
  public readonly restApiId: string;
  /** The deployment every stage points at; its logical id changes exactly when the deployed definition does. */
  public readonly deployment: apigw.CfnDeployment;
  /** The endpoint configuration. */
  public readonly endpoint: Endpoint;
  /**
   * The file, in the cloud assembly directory (`cdk.out`), that holds the
   * API's OpenAPI document for clients and SDK generators (without API Gateway's extensions).
   */
  public readonly openApiFile: string;
  /** The file, in the cloud assembly directory, that holds the document API Gateway imports (with its extensions). */
  public readonly awsOpenApiFile: string;
  /** The API's name (the `ApiName` dimension of its metrics). */
  public readonly apiName: string;
  /**
   * The KMS key of the log groups the library creates for this API.
   * @default - undefined: CloudWatch Logs' own encryption
   */
  public readonly logGroupEncryptionKey?: kms.IKey;

  /**
   * The API as plain data, which the renderers and rules read.
   * @internal
   */
  public readonly _model: RestApiModel;
  private readonly stageList: GatewayStage[] = [];
  private readonly usagePlanList: GatewayUsagePlan[] = [];
  private readonly binder: RouteBinder;
  private readonly accountLogging?: IDependable;
  private readonly webAclArn?: string;
  private readonly executeApiEndpoint: ExecuteApiEndpointSetting;

  constructor(scope: Construct, id: string, props: GatewayRestApiProps = {}) {
    checkArguments(scope, 'GatewayRestApi', arguments);
    super(scope, id);
    this.apiName = props.apiName ?? id;
    if (!Token.isUnresolved(this.apiName) && this.apiName.trim() === '') {
      throw new GatewayValidationError(this, 'ApiNameEmpty', `apiName ${JSON.stringify(this.apiName)} is empty; API Gateway needs a name: pass a non-empty apiName, or leave it out to use the construct id.`);
    }
    this.logGroupEncryptionKey = props.logGroupEncryptionKey;
    this.endpoint = props.endpoint ?? Endpoint.regional();
    checkOneOf(this, 'endpoint type', (this.endpoint as Partial<Endpoint> | null)?.type, enumValues(EndpointType),
      'pass Endpoint.regional(), Endpoint.edge() or Endpoint.private({ vpcEndpoints })', true);
    checkOneOf(this, 'apiKeySource', props.apiKeySource, enumValues(apigw.ApiKeySourceType), 'use apigw.ApiKeySourceType.HEADER or AUTHORIZER');
    const privateEndpoint = this.endpoint.type === EndpointType.PRIVATE;
    if (privateEndpoint && this.endpoint.vpcEndpoints.length === 0) {
      throw new GatewayValidationError(this, 'PrivateApiWithoutVpcEndpoint', 'a private API needs at least one interface VPC endpoint (service execute-api) to be reachable; pass Endpoint.private({ vpcEndpoints: [endpoint] }).');
    }
    if (props.cors) {
      validateCors(this, 'the API', props.cors);
      validateCorsOriginTokens(this, 'the API', props.cors);
    }
    this._model = new RestApiModel({
      title: this.apiName,
      description: props.description,
      apiKeySource: props.apiKeySource,
      cors: props.cors,
      defaultAuthorization: props.defaultAuthorization,
      privateEndpoint,
    });
    // A private API cannot be deployed without a resource policy; its endpoints' restriction comes first.
    if (privateEndpoint) {
      this.addToResourcePolicy(ResourcePolicy.allowOnlyVpcEndpoints(this.endpoint.vpcEndpoints));
    }
    for (const block of props.resourcePolicy ?? []) {
      this.addToResourcePolicy(block);
    }

    const endpointConfiguration: apigw.CfnRestApi.EndpointConfigurationProperty = {
      types: [this.endpoint.type],
      vpcEndpointIds: privateEndpoint ? this.endpoint.vpcEndpoints.map(endpoint => endpoint.vpcEndpointId) : undefined,
    };
    this.executeApiEndpoint = new ExecuteApiEndpointSetting(this, props.disableExecuteApiEndpoint, privateEndpoint);
    this.resource = new apigw.CfnRestApi(this, 'Resource', {
      name: this.apiName,
      description: props.description,
      body: Lazy.any({ produce: () => this.body() }),
      endpointConfiguration,
      policy: Lazy.any({ produce: () => this.policy() }),
      failOnWarnings: props.failOnWarnings ?? false,
      disableExecuteApiEndpoint: this.executeApiEndpoint.render(),
    });
    this.restApiId = this.resource.ref;
    Validations.of(this.resource).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason: 'Request validation is declared inside the OpenAPI body (x-amazon-apigateway-request-validators: validator "all" unless a route chooses another), where the rule cannot look; the library renders it itself and its tests assert it.',
    });
    this.binder = new RouteBinder(this, this._model, this.restApiId, this.endpoint.type);

    this.deployment = new apigw.CfnDeployment(this, 'Deployment', {
      restApiId: this.restApiId,
      description: 'Deployed by cdk-apigateway-patterns; replaced whenever the deployed API definition changes',
    });
    // A Deployment is a snapshot taken when it is created: only a new logical id makes CloudFormation take a new one.
    // It hashes everything the deployment snapshots; the document's `info` (name, description) changes the API's
    // metadata, not what is deployed, and API Gateway applies disableExecuteApiEndpoint only with a deployment.
    const stack = Stack.of(this);
    const deploymentId = new DeploymentLogicalId();
    deploymentId.add('body', () => { const { info: _info, ...deployed } = this.resolvedBody(); return deployed; });
    deploymentId.add('endpointConfiguration', () => stack.resolve(endpointConfiguration));
    deploymentId.add('policy', () => stack.resolve(this.policy()));
    deploymentId.add('disableExecuteApiEndpoint', () => this.executeApiEndpoint.disabled || undefined);
    this.deployment.overrideLogicalId(Lazy.uncachedString({
      produce: () => stack.getLogicalId(this.deployment)
        + this._model.memo(`deploymentId ${this.executeApiEndpoint.disabled}`, () => deploymentId.hash()),
    }));

    this.accountLogging = (props.cloudWatchRole ?? CloudWatchRole.managed())._bind(this);
    this.webAclArn = props.webAcl?._bind(this);
    for (const stage of props.stages ?? [{ name: 'prod' }]) {
      this.addStage(stage);
    }
    this.node.addValidation({
      validate: () => {
        validateRestApi({
          model: this._model,
          scope: this,
          warn: (warning, message) => Annotations.of(this).addWarningV2(warning, message),
          resolve: value => stack.resolve(value),
          policy: () => this.policy(),
          resolvedBody: () => this.resolvedBody(),
        });
        return [];
      },
    });

    const fileStem = `${stack.artifactId}.${this.node.path.slice(stack.node.path.length + 1).replace(/[^A-Za-z0-9-]/g, '-')}`;
    this.openApiFile = `${fileStem}.openapi.json`;
    this.awsOpenApiFile = `${fileStem}.openapi.aws.json`;
    attachCustomSynthesis(this, { onSynthesize: session => this.writeOpenApiFiles(session.outdir) });
  }

  /**
   * The routes, in the order they were added.
   * @internal
   */
  public get _routes(): readonly RouteRecord[] {
    return this._model.routes.all;
  }

  /** The stages of this API, in the order they were added. */
  public get stages(): GatewayStage[] {
    return [...this.stageList];
  }

  /** The usage plans of this API. */
  public get usagePlans(): GatewayUsagePlan[] {
    return [...this.usagePlanList];
  }

  /**
   * Adds a route, e.g. `api.addRoute('GET /pets/{id}', Integration.lambda(fn))`.
   *
   * Methods: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY. Path segments
   * are literals (`a-zA-Z0-9._-`), parameters (`{id}`) or, last only, a greedy
   * parameter (`{proxy+}`).
   */
  public addRoute(routeKey: string, integration: Integration, options: RouteOptions = {}): void {
    this.addRouteRecord(routeKey, integration, options, {});
  }

  /**
   * Adds a model to the API's document without a route using it (routes add
   * their models themselves), e.g. one that other models refer to.
   */
  public addModel(model: Model): void {
    this._model.addModel(this._model.entryFor(this, model, value => Stack.of(this).resolve(value)));
  }

  /**
   * Adds a usage plan for this API's stages (all of them unless `stages` says
   * otherwise); add keys to it with `plan.addApiKey()`.
   */
  public addUsagePlan(id: string, options: UsagePlanOptions = {}): GatewayUsagePlan {
    return new GatewayUsagePlan(this, `UsagePlan-${id}`, { ...options, api: this });
  }

  /**
   * Customizes a response API Gateway sends itself, e.g. a JSON body for
   * `apigw.ResponseType.THROTTLED`. The API's CORS headers are added to it.
   */
  public addGatewayResponse(type: apigw.ResponseType, options: GatewayResponseOptions = {}): void {
    const record = { type, options };
    validateGatewayResponse(this, record);
    this._model.addGatewayResponse(this, record);
  }

  /** Adds a block to the API's resource policy. */
  public addToResourcePolicy(block: ResourcePolicy): void {
    // Rendering the block validates it now, where the error points at this call, not deep inside synthesis.
    block._block.statement(this, policyContext(this._model));
    this._model.addPolicyBlock(block);
  }

  /**
   * Grants `execute-api:Invoke` on exactly the given stage and route (or all
   * of them) through the grantee's IAM policy. Only routes with
   * `Authorization.iam()` check it.
   */
  public grantInvoke(grantee: iam.IGrantable, options: GrantInvokeOptions = {}): iam.Grant {
    const { method, path } = invokeGrantTarget(this, this._model, options);
    const stage = options.stage !== undefined ? this.stage(options.stage).stageName : '*';
    return iam.Grant.addToPrincipal({ grantee, actions: ['execute-api:Invoke'], resourceArns: [this.arnForExecuteApi(method, path, stage)] });
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
    const document = Stack.of(this).resolve(this.body());
    return options.awsExtensions ?? true ? document : withoutAwsExtensions(document);
  }

  /** Adds alarms and a dashboard for one stage (see `GatewayMonitoring`). */
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
    return iam.Grant.addToPrincipal({ grantee, actions: ['execute-api:InvalidateCache'], resourceArns: [this.arnForExecuteApi('*', '/*', stage.stageName)] });
  }

  /**
   * Called by a custom domain with mutual TLS that serves this API: the default
   * execute-api endpoint is then disabled, unless `disableExecuteApiEndpoint` says otherwise.
   * @internal
   */
  public _markMutualTls(domain: Construct): void {
    // The deployment's id reads the setting when it is computed: API Gateway applies it with the next deployment.
    this.executeApiEndpoint.markMutualTls(domain);
  }

  /**
   * A new stage tells the API it exists: the API adds it to the model, grants
   * the aliases it selects and attaches the account's logging role and the web ACL.
   * @internal
   */
  public _attachStage(stage: GatewayStage): void {
    const attached = { scope: stage, record: stage._record };
    this._model.checkStageName(stage, stage._record.name);
    this.binder.grantStage(attached);
    if (this.accountLogging) {
      stage.resource.node.addDependency(this.accountLogging);
    }
    if (this.webAclArn) {
      // The ARN refers to the stage: the association is made once the stage exists.
      new wafv2.CfnWebACLAssociation(stage, 'WebAclAssociation', { resourceArn: stage.stageArn, webAclArn: this.webAclArn });
    }
    this.stageList.push(stage);
    this._model.addStage(stage._record);
    if (this.stageList.length === DEFAULT_STAGES_PER_API + 1) {
      Annotations.of(this).addWarningV2('cdk-apigateway-patterns:stageQuota', `more than ${DEFAULT_STAGES_PER_API} stages: API Gateway's default quota is ${DEFAULT_STAGES_PER_API} stages per API; request an increase before deploying.`);
    }
  }

  /**
   * A new usage plan tells the API it exists, so that the API knows which stages have one.
   * @internal
   */
  public _attachUsagePlan(plan: GatewayUsagePlan, record: UsagePlanRecord): void {
    this.usagePlanList.push(plan);
    this._model.addUsagePlan(record);
  }

  /** `addRoute`, with what an imported OpenAPI document says beyond route options. */
  private addRouteRecord(routeKey: string, integration: Integration, options: RouteOptions, imported: ImportedRouteDetails): void {
    const parsed = parseRouteKey(this, routeKey);
    const { cors, authorization, apiKeyRequired } = checkRouteInput(this, this._model, parsed, options);
    const modelsUsed = [options.requestModel, ...Object.values(options.responseModels ?? {})]
      .filter((model): model is Model => model !== undefined);
    const entries = modelsUsed.map(model => this._model.entryFor(this, model, value => Stack.of(this).resolve(value)));
    // Everything that can reject the route runs before anything is registered or granted.
    const bound = this.binder.bind(parsed, integration, authorization, cors);
    const authorizerName = this.binder.commit(parsed.key, bound, this.stageList.map(stage => ({ scope: stage, record: stage._record })));
    entries.forEach(entry => this._model.addModel(entry));
    const apiKeyFromHeader = (this._model.settings.apiKeySource ?? apigw.ApiKeySourceType.HEADER) === apigw.ApiKeySourceType.HEADER;
    const caller = routeCaller(authorization, bound.authorizer, apiKeyRequired, apiKeyFromHeader);
    this._model.addRoute({ parsed, integration: bound.integration, options, authorization, authorizerName, apiKeyRequired, caller, cors, ...imported });
  }

  /** The body, rendered once per state of the model. */
  private body(): Record<string, unknown> {
    return this._model.memo('body', () => renderBody(this._model));
  }

  /** The resource policy, rendered once per state of the model. */
  private policy(): Record<string, unknown> | undefined {
    return this._model.memo('policy', () => renderPolicy(this, this._model));
  }

  /** The body with its tokens resolved, as the template will hold it, once per state of the model. */
  private resolvedBody(): Record<string, unknown> {
    return this._model.memo('resolvedBody', () => Stack.of(this).resolve(this.body()));
  }

  /** Writes both documents into the assembly directory. */
  private writeOpenApiFiles(outdir: string): void {
    // Resolved once: the client's document is the same one without the extensions.
    const document = this.openApiDocument();
    fs.writeFileSync(nodePath.join(outdir, this.openApiFile), JSON.stringify(withoutAwsExtensions(document), undefined, 2));
    fs.writeFileSync(nodePath.join(outdir, this.awsOpenApiFile), JSON.stringify(document, undefined, 2));
  }
}
