import { Lazy, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct, IConstruct } from 'constructs';
import { RestApiAttachments } from './attachments';
import { placeBody } from './body-placement';
import { BodyStorage } from './body-storage';
import { GatewayResponseOptions, validateGatewayResponse } from './gateway-response';
import { GatewayRestApiFromOpenApiProps, GatewayRestApiProps } from './gateway-rest-api-props';
import { GatewayStage } from './gateway-stage';
import { grantInvalidateCache, invokeGrantTarget } from './grant-invoke';
import { GrantInvokeOptions } from './grant-invoke-options';
import { LambdaInvokePermissions } from './lambda-permissions';
import { LatestDeployment } from './latest-deployment';
import { Model } from './model';
import { RestApiModel } from './model/rest-api-model';
import { ImportedRouteDetails } from './model/route-record';
import { OpenApiDocumentOptions } from './openapi-export';
import { policyContext } from './render/resource-policy';
import { RestApiInterop } from './rest-api-interop';
import { RestApiOutputs } from './rest-api-outputs';
import { RestApiResource } from './rest-api-resource';
import { RouteBinder } from './route-binding';
import { RouteOptions } from './route-options';
import { registerRoute } from './route-registration';
import { StageOptions } from './stage-options';
import { GatewayUsagePlan, UsagePlanOptions } from './usage-plan';
import { restApiSettings } from './validate/api-props';
import { validateRestApi } from './validate/validate-rest-api';
import { IResourcePolicy, ResourcePolicy } from '../auth/resource-policy';
import { executeApiArn } from '../core/arns';
import { CloudWatchRole } from '../core/cloudwatch-role';
import { Endpoint } from '../core/endpoint';
import { GatewayValidationError } from '../core/errors';
import { ExecuteApiEndpointSetting } from '../core/execute-api-endpoint';
import { IMutualTlsTarget } from '../core/mutual-tls-target';
import { checkArguments } from '../core/private/check-arguments';
import { rejectTokenStageName } from '../core/rules';
import { IRestIntegration } from '../integrations/integration';
import { GatewayMonitoring, MonitoringOptions } from '../monitoring/gateway-monitoring';
import { documentNames, importModels, importRoutes } from '../openapi/import-operations';
import { loadOpenApiDefinition } from '../openapi/openapi-definition';

export * from './gateway-rest-api-props';

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
    const named = documentNames(document);
    const api = new GatewayRestApi(scope, id, {
      ...apiProps, apiName: apiProps.apiName ?? named.apiName, description: apiProps.description ?? named.description,
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
  /** @internal */
  public readonly _latestDeployment: LatestDeployment;
  /** The endpoint configuration. */
  public readonly endpoint: Endpoint;
  /** The security policy of the execute-api endpoint. @default - API Gateway's */
  public readonly securityPolicy?: apigw.SecurityPolicy;
  /** The endpoint access mode (with an enhanced security policy). @default - none */
  public readonly endpointAccessMode?: apigw.EndpointAccessMode;
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

  /** The API as plain data, which the renderers and rules read. @internal */
  public readonly _model: RestApiModel;
  /** Where stages and usage plans attach themselves, one way (see `RestApiAttachments`). @internal */
  public readonly _attachments: RestApiAttachments;
  private readonly binder: RouteBinder;
  private readonly executeApiEndpoint: ExecuteApiEndpointSetting;
  private readonly outputs: RestApiOutputs;

  constructor(scope: Construct, id: string, props: GatewayRestApiProps = {}) {
    checkArguments(scope, 'GatewayRestApi', arguments);
    super(scope, id);
    this.apiName = props.apiName ?? id;
    this.logGroupEncryptionKey = props.logGroupEncryptionKey;
    this.endpoint = props.endpoint ?? Endpoint.regional();
    this._model = new RestApiModel(restApiSettings(this, props, this.apiName, this.endpoint));
    const privateEndpoint = this._model.settings.privateEndpoint;
    // A private API cannot be deployed without a resource policy; its endpoints' restriction comes first.
    if (privateEndpoint) {
      this.addToResourcePolicy(ResourcePolicy.allowOnlyVpcEndpoints(this.endpoint.vpcEndpoints));
    }
    for (const block of props.resourcePolicy ?? []) {
      this.addToResourcePolicy(block);
    }

    this.executeApiEndpoint = new ExecuteApiEndpointSetting(this, props.disableExecuteApiEndpoint, privateEndpoint, () => this.restApiId);
    this.outputs = new RestApiOutputs(this, this._model, this.endpoint, this.executeApiEndpoint, props.ipAddressType);
    this.securityPolicy = props.securityPolicy;
    this.endpointAccessMode = props.endpointAccessMode;
    this.openApiFile = this.outputs.openApiFile;
    this.awsOpenApiFile = this.outputs.awsOpenApiFile;
    this.resource = new RestApiResource(this, 'Resource', {
      name: this.apiName,
      description: props.description,
      // Uncached: what it gives depends on the phase of the synth (RestApiOutputs.templateBody).
      body: Lazy.uncachedAny({ produce: context => this.outputs.templateBody(context) }),
      endpointConfiguration: this.outputs.endpointConfiguration,
      policy: Lazy.any({ produce: () => this.outputs.policy() }),
      failOnWarnings: props.failOnWarnings ?? false,
      disableExecuteApiEndpoint: this.executeApiEndpoint.render(),
      securityPolicy: props.securityPolicy,
      endpointAccessMode: props.endpointAccessMode,
    }, this.awsOpenApiFile);
    this.restApiId = this.resource.ref;
    this.outputs.acknowledgeBodyRules(this.resource);
    placeBody(this, {
      storage: props.bodyStorage ?? BodyStorage.AUTO,
      resource: this.resource,
      outputs: this.outputs,
      logGroupEncryptionKey: this.logGroupEncryptionKey,
    });
    this.binder = new RouteBinder(this, this._model, new LambdaInvokePermissions(this, 'Permissions', this.restApiId));

    // A Deployment is a snapshot taken when it is created: only a new logical id makes CloudFormation take a new one.
    this._latestDeployment = new LatestDeployment(this, 'Deployment', {
      api: this,
      description: 'Deployed by cdk-apigateway-patterns; replaced whenever the deployed API definition changes',
      definitionHash: () => this.outputs.deploymentIdSuffix(),
    });
    this.deployment = this._latestDeployment.cfnDeployment;

    const accountLogging = (props.cloudWatchRole ?? CloudWatchRole.managed()).bind({ scope: this }).dependency;
    const webAclArn = props.webAcl?.bind({ scope: this }).webAclArn;
    this._attachments = new RestApiAttachments(this, this._model, this.binder, accountLogging, webAclArn);
    for (const stage of props.stages ?? [{ name: 'prod' }]) {
      this.addStage(stage);
    }
    // Validation runs once the app is prepared: from then on the body's resolution is final (RestApiOutputs.settle).
    this.node.addValidation({
      validate: () => {
        this.outputs.settle();
        validateRestApi(this.outputs.ruleContext());
        return [];
      },
    });
  }

  /** The stages of this API, in the order they were added. */
  public get stages(): GatewayStage[] {
    return [...this._attachments.stages];
  }

  /** The usage plans of this API. */
  public get usagePlans(): GatewayUsagePlan[] {
    return [...this._attachments.usagePlans];
  }

  /**
   * Adds a route, e.g. `api.addRoute('GET /pets/{id}', Integration.lambda(fn))`.
   *
   * Methods: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY. Path segments
   * are literals (`a-zA-Z0-9._-`), parameters (`{id}`) or, last only, a greedy
   * parameter (`{proxy+}`).
   */
  public addRoute(routeKey: string, integration: IRestIntegration, options: RouteOptions = {}): void {
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
  public addToResourcePolicy(block: IResourcePolicy): void {
    // Rendering the block validates it now, where the error points at this call, not deep inside synthesis.
    block.bind({ scope: this, ...policyContext(this._model) });
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
    return this._attachments.stage(name);
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
    return this.outputs.document(options.awsExtensions ?? true);
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
    return grantInvalidateCache(this, grantee, stage, this.arnForExecuteApi('*', '/*', stage.stageName));
  }

  /**
   * Called by a custom domain with mutual TLS that serves this API: the default
   * execute-api endpoint is then disabled, unless `disableExecuteApiEndpoint` says otherwise.
   */
  public addMutualTlsDomain(domain: IConstruct): void {
    // The deployment's id reads the setting when it is computed: API Gateway applies it with the next deployment.
    this.executeApiEndpoint.markMutualTls(domain);
  }

  /** `addRoute`, with what an imported OpenAPI document says beyond route options. */
  private addRouteRecord(routeKey: string, integration: IRestIntegration, options: RouteOptions, imported: ImportedRouteDetails): void {
    const context = { scope: this, model: this._model, binder: this.binder, endpointType: this.endpoint.type, stages: this._attachments.stages };
    registerRoute(context, routeKey, integration, options, imported);
  }
}
