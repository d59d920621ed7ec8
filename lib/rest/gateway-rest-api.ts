import { createHash } from 'crypto';
import { Annotations, ArnFormat, Lazy, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct, IDependable } from 'constructs';
import { GatewayStage } from './gateway-stage';
import { LambdaInvokePermissions } from './lambda-permissions';
import { renderOpenApi, RouteRecord } from './openapi';
import { RouteOptions } from './route-options';
import { StageOptions } from './stage-options';
import { CloudWatchRole } from '../cloudwatch-role';
import { Endpoint, EndpointType } from '../endpoint';
import { GatewayValidationError } from '../errors';
import { Integration } from '../integrations/integration';
import { isVariableSegment, parseRouteKey } from '../route-key';
import { validateThrottle } from '../validation';

/** API Gateway's default (adjustable) quotas that the library warns about. */
const DEFAULT_RESOURCES_PER_API = 300;
const DEFAULT_STAGES_PER_API = 10;
/** A Lambda alias name a stage variable may hold (its value charset is narrower than Lambda's). */
const LAMBDA_ALIAS_NAME = /^[A-Za-z0-9_-]{1,128}$/;

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
  readonly cloudWatchRole?: CloudWatchRole;
}

/**
 * A REST API whose routes are rendered, at synth, into one OpenAPI 3 document
 * set as the `Body` of its `AWS::ApiGateway::RestApi`.
 *
 * The stack's resource count does not grow with the routes: the API is one
 * RestApi, one Deployment, and per stage a Stage and a log group, plus one
 * Lambda permission per function (or per function and alias).
 */
export class GatewayRestApi extends Construct {
  /** The underlying `AWS::ApiGateway::RestApi`. */
  public readonly resource: apigw.CfnRestApi;
  /** The REST API id. */
  public readonly restApiId: string;
  /** The deployment every stage points at; its logical id changes exactly when the deployed definition does. */
  public readonly deployment: apigw.CfnDeployment;
  /** The endpoint configuration. */
  public readonly endpoint: Endpoint;

  /** @internal */
  public readonly _routes: RouteRecord[] = [];

  private readonly apiName: string;
  private readonly description?: string;
  private readonly stageList: GatewayStage[] = [];
  private readonly permissions: LambdaInvokePermissions;
  private readonly accountLogging?: IDependable;
  private readonly variableSegments = new Map<string, string>();
  private readonly operationIds = new Set<string>();
  private renderedBody?: Record<string, unknown>;
  /** The deployment hash and the rendered body it was computed from; a new route renders a new body. */
  private hashedBody?: { readonly body: Record<string, unknown>; readonly hash: string };

  constructor(scope: Construct, id: string, props: GatewayRestApiProps = {}) {
    super(scope, id);
    this.apiName = props.apiName ?? id;
    this.description = props.description;
    this.endpoint = props.endpoint ?? Endpoint.regional();
    if (this.endpoint.type === EndpointType.PRIVATE && this.endpoint.vpcEndpoints.length === 0) {
      throw new GatewayValidationError(this, 'a private API needs at least one interface VPC endpoint (service execute-api) to be reachable; pass Endpoint.private({ vpcEndpoints: [endpoint] }).');
    }

    const policy = this.renderEndpointPolicy();
    const endpointConfiguration: apigw.CfnRestApi.EndpointConfigurationProperty = {
      types: [this.endpoint.type],
      vpcEndpointIds: this.endpoint.type === EndpointType.PRIVATE
        ? this.endpoint.vpcEndpoints.map(endpoint => endpoint.vpcEndpointId)
        : undefined,
    };
    this.resource = new apigw.CfnRestApi(this, 'Resource', {
      name: this.apiName,
      description: props.description,
      body: Lazy.any({ produce: () => this.openApiBody() }),
      endpointConfiguration,
      policy,
      failOnWarnings: props.failOnWarnings ?? false,
    });
    this.restApiId = this.resource.ref;
    Validations.of(this.resource).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason: 'Request validation is declared inside the OpenAPI body (x-amazon-apigateway-request-validators, validator "all" on every operation), where the rule cannot look; the library renders it itself and its tests assert it.',
    });

    this.permissions = new LambdaInvokePermissions(this, 'Permissions', this.restApiId);

    this.deployment = new apigw.CfnDeployment(this, 'Deployment', {
      restApiId: this.restApiId,
      description: 'Deployed by cdk-apigateway-patterns; replaced whenever the deployed API definition changes',
    });
    // A Deployment is a snapshot taken when it is created: only a new logical id makes CloudFormation take a new one.
    const stack = Stack.of(this);
    this.deployment.overrideLogicalId(Lazy.uncachedString({
      produce: () => stack.getLogicalId(this.deployment) + this.definitionHash({ endpointConfiguration, policy }),
    }));

    this.accountLogging = (props.cloudWatchRole ?? CloudWatchRole.managed())._bind(this);

    for (const stage of props.stages ?? [{ name: 'prod' }]) {
      this.addStage(stage);
    }
    this.node.addValidation({ validate: () => this.validateModel() });
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
  public addRoute(routeKey: string, integration: Integration, options: RouteOptions = {}): void {
    const parsed = parseRouteKey(this, routeKey);
    if (this._routes.some(route => route.parsed.key === parsed.key)) {
      throw new GatewayValidationError(this, `route ${parsed.key} is added twice; each method and path may have one integration.`);
    }
    this.checkSiblingParameters(parsed.segments);
    if (options.operationId !== undefined) {
      if (!/^[A-Za-z0-9_.-]{1,128}$/.test(options.operationId)) {
        throw new GatewayValidationError(this, `operationId ${JSON.stringify(options.operationId)} of route ${parsed.key} is invalid: use 1 to 128 characters of A-Z, a-z, 0-9, _, . and -.`);
      }
      if (this.operationIds.has(options.operationId)) {
        throw new GatewayValidationError(this, `operationId ${JSON.stringify(options.operationId)} of route ${parsed.key} is already used by another route; operation ids must be unique.`);
      }
    }
    validateThrottle(this, `throttle of route ${parsed.key}`, options.throttle);

    const bound = integration._spec.bind(this);
    const target = bound.lambdaTarget;
    if (target?.aliasVariable !== undefined) {
      for (const stage of this.stageList) {
        this.grantAliasForStage(stage, parsed.key, target.handler, target.aliasVariable);
      }
    } else if (target) {
      this.permissions.grantFunction(target.handler);
    }
    if (options.operationId !== undefined) {
      this.operationIds.add(options.operationId);
    }
    this._routes.push({ parsed, integration: bound, options });
    this.renderedBody = undefined;
  }

  /** Adds a stage that deploys this API. */
  public addStage(options: StageOptions): GatewayStage {
    return new GatewayStage(this, `Stage-${options.name}`, { ...options, api: this });
  }

  /** The stage with the given name; throws if there is none. */
  public stage(name: string): GatewayStage {
    const found = this.stageList.find(stage => stage.stageName === name);
    if (!found) {
      throw new GatewayValidationError(this, `there is no stage named ${JSON.stringify(name)}; stages are: ${this.stageList.map(stage => stage.stageName).join(', ')}.`);
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
      throw new GatewayValidationError(this, `path ${JSON.stringify(path)} must start with "/".`);
    }
    return Stack.of(this).formatArn({
      service: 'execute-api',
      resource: this.restApiId,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      resourceName: `${stage}/${method}${path}`,
    });
  }

  /**
   * The OpenAPI 3 document this API deploys (with CDK tokens for values known only at deploy time).
   */
  public openApiDocument(): any {
    return this.openApiBody();
  }

  /**
   * Called by a new stage: checks it against the routes and grants the aliases it selects.
   * @internal
   */
  public _registerStage(stage: GatewayStage): void {
    if (this.stageList.some(existing => existing.stageName === stage.stageName)) {
      throw new GatewayValidationError(stage, `stage ${stage.stageName} is defined twice; stage names are unique within an API.`);
    }
    for (const route of this._routes) {
      const target = route.integration.lambdaTarget;
      if (target?.aliasVariable !== undefined) {
        this.grantAliasForStage(stage, route.parsed.key, target.handler, target.aliasVariable);
      }
    }
    if (this.accountLogging) {
      stage.resource.node.addDependency(this.accountLogging);
    }
    this.stageList.push(stage);
    if (this.stageList.length === DEFAULT_STAGES_PER_API + 1) {
      Annotations.of(this).addWarningV2('cdk-apigateway-patterns:stageQuota', `more than ${DEFAULT_STAGES_PER_API} stages: API Gateway's default quota is ${DEFAULT_STAGES_PER_API} stages per API; request an increase before deploying.`);
    }
  }

  private grantAliasForStage(stage: GatewayStage, routeKey: string, handler: lambda.IFunction, variable: string): void {
    const alias = stage.variables[variable];
    if (alias === undefined) {
      throw new GatewayValidationError(stage, `route ${routeKey} invokes a Lambda alias named by stage variable ${variable}, which stage ${stage.stageName} does not set; set ${variable === 'lambdaAlias' ? 'lambdaAlias' : `variables.${variable}`} on the stage.`);
    }
    if (!LAMBDA_ALIAS_NAME.test(alias)) {
      throw new GatewayValidationError(stage, `stage variable ${variable} = ${JSON.stringify(alias)} names a Lambda alias, which must be 1 to 128 characters of A-Z, a-z, 0-9, - and _.`);
    }
    this.permissions.grantAlias(stage, handler, alias, stage.stageName);
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
        throw new GatewayValidationError(this, `path ${'/' + segments.join('/')} puts ${segment} beside ${existing} under ${parent}; API Gateway allows one parameter per level, so use the same name (${existing}) in both routes.`);
      }
      this.variableSegments.set(parent, segment);
    });
  }

  private openApiBody(): Record<string, unknown> {
    if (!this.renderedBody) {
      this.renderedBody = renderOpenApi({ title: this.apiName, description: this.description }, this._routes);
    }
    return this.renderedBody;
  }

  /**
   * A hash of everything a deployment snapshots: the routes and integrations,
   * the resource policy and the endpoint. The document's `info` (name,
   * description) is left out: it changes the API's metadata, not what is deployed.
   */
  private definitionHash(rest: Record<string, unknown>): string {
    // The policy and endpoint are fixed at construction, so the body is the only input that changes.
    const body = this.openApiBody();
    if (this.hashedBody?.body !== body) {
      const { info: _info, ...deployed } = body;
      const resolved = Stack.of(this).resolve({ body: deployed, ...rest });
      this.hashedBody = { body, hash: createHash('sha256').update(JSON.stringify(resolved)).digest('hex').slice(0, 10).toUpperCase() };
    }
    return this.hashedBody.hash;
  }

  private renderEndpointPolicy(): unknown {
    if (this.endpoint.type !== EndpointType.PRIVATE) {
      return undefined;
    }
    const sourceVpce = this.endpoint.vpcEndpoints.map(endpoint => endpoint.vpcEndpointId);
    // A private API cannot be deployed without a resource policy; this one admits only the given endpoints.
    return new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: ['execute-api:Invoke'],
          resources: ['execute-api:/*'],
          conditions: { StringNotEquals: { 'aws:SourceVpce': sourceVpce } },
        }),
        new iam.PolicyStatement({
          effect: iam.Effect.ALLOW,
          principals: [new iam.AnyPrincipal()],
          actions: ['execute-api:Invoke'],
          resources: ['execute-api:/*'],
          conditions: { StringEquals: { 'aws:SourceVpce': sourceVpce } },
        }),
      ],
    });
  }

  private validateModel(): string[] {
    if (this._routes.length === 0) {
      throw new GatewayValidationError(this, 'the API has no routes, and API Gateway cannot deploy a REST API without methods; add one with addRoute().');
    }
    if (this.stageList.length === 0) {
      throw new GatewayValidationError(this, 'the API has no stages; pass stages or call addStage().');
    }
    const resources = new Set<string>(['/']);
    for (const route of this._routes) {
      route.parsed.segments.forEach((_, index) => resources.add('/' + route.parsed.segments.slice(0, index + 1).join('/')));
    }
    if (resources.size > DEFAULT_RESOURCES_PER_API) {
      Annotations.of(this).addWarningV2('cdk-apigateway-patterns:resourceQuota', `${resources.size} resources (paths): API Gateway's default quota is ${DEFAULT_RESOURCES_PER_API} resources per REST API; request an increase before deploying.`);
    }
    return [];
  }
}
