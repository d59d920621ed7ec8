import { Token } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct, IConstruct } from 'constructs';
import type { GatewayStage } from './gateway-stage';
import { LambdaInvokePermissions } from './lambda-permissions';
import type { RestApiModel } from './model/rest-api-model';
import { API_KEY_SCHEME, IAM_SCHEME } from './render/openapi-body';
import { AuthorizationType, IRestAuthorization, RestAuthorizationConfig } from '../auth/rest-authorization';
import { EndpointType } from '../core/endpoint';
import { GatewayValidationError } from '../core/errors';
import { ParsedRouteKey } from '../core/route-key';
import { checkPattern, describeValue, enumValues, STAGE_VARIABLE_NAME, STAGE_VARIABLE_NAME_RULE } from '../core/rules';
import { IRestIntegration, IRestPermissions, RestIntegrationConfig, RestParameterLocation } from '../integrations/integration';
import { checkStreamingConfig } from '../integrations/streaming';

/** A Lambda alias name a stage variable may hold (its value charset is narrower than Lambda's). */
const LAMBDA_ALIAS_NAME = /^[A-Za-z0-9_-]{1,128}$/;

interface AliasRequest {
  readonly handler: lambda.IFunction;
  readonly variable: string;
}

/**
 * The permissions one route's integration (or one authorization) asked for
 * while binding. Nothing is granted here: the API commits them only once the
 * route has passed every check, so a rejected route grants nothing.
 */
class StagedPermissions implements IRestPermissions {
  public readonly functions: lambda.IFunction[] = [];
  public readonly aliases: AliasRequest[] = [];
  public readonly authorizers: lambda.IFunction[] = [];

  constructor(private readonly scope: IConstruct, private readonly where: string) {}

  public grantInvoke(handler: lambda.IFunction): void {
    this.functions.push(this.checkHandler('grantInvoke', handler));
  }

  public grantInvokeAlias(handler: lambda.IFunction, stageVariable: string): void {
    checkPattern(this.scope, `${this.where}: alias stage variable name`, stageVariable, STAGE_VARIABLE_NAME, STAGE_VARIABLE_NAME_RULE);
    this.aliases.push({ handler: this.checkHandler('grantInvokeAlias', handler), variable: stageVariable });
  }

  public grantAuthorizerInvoke(handler: lambda.IFunction): void {
    this.authorizers.push(this.checkHandler('grantAuthorizerInvoke', handler));
  }

  /** The permissions service is called by user code: a value that is no function fails here, not as a TypeError later. */
  private checkHandler(method: string, handler: lambda.IFunction): lambda.IFunction {
    let valid = false;
    try {
      valid = typeof handler === 'object' && handler !== null && typeof handler.node?.path === 'string' && typeof handler.functionArn === 'string';
    } catch {
      valid = false;
    }
    if (!valid) {
      throw new GatewayValidationError(this.scope, 'PermissionHandlerInvalid', `${this.where}: permissions.${method}() was given ${describeValue(handler)}, which is not a Lambda function; pass a lambda.IFunction (a Function, an Alias, or one imported with lambda.Function.fromFunctionArn()).`);
    }
    return handler;
  }
}

/** An authorization as bound to one API: its config, and what it asked to be granted. */
interface BoundAuthorization {
  readonly config: RestAuthorizationConfig;
  readonly staged: StagedPermissions;
}

/** A route whose integration and authorization are bound and checked, and whose grants wait for `commit`. */
export interface BoundRoute {
  readonly integration: RestIntegrationConfig;
  readonly authorization: RestAuthorizationConfig;
  /** The security scheme of the route's authorizer (the one registered first for its configuration). */
  readonly authorizerName?: string;
  /** Registers the authorizer and grants what the integration and the authorization asked for. */
  commit(stages: readonly GatewayStage[]): void;
}

/** What the API knows about the route it binds. */
export interface RouteBindingContext {
  readonly route: ParsedRouteKey;
  readonly endpointType: EndpointType;
  readonly corsResponseHeaders: Record<string, string>;
  readonly corsOriginEcho?: string;
}

/**
 * Binds routes' integrations and authorizations through the public protocol
 * (IRestIntegration, IRestAuthorization) and owns what follows from it: the
 * authorizers by configuration, and the Lambda grants, including the alias
 * grants every stage (also one added later) must get.
 */
export class RouteBinder {
  /** Each authorization object as bound to this API: with a defaultAuthorization, every route would otherwise bind it again. */
  private readonly boundAuthorizations = new Map<IRestAuthorization, BoundAuthorization>();
  /** The (function, stage variable) pairs accepted routes asked for, with the first route that did, for every stage. */
  private readonly aliasGrants: Array<AliasRequest & { readonly routeKey: string }> = [];

  /** Authorizers are registered in `model`, by configuration key: routes with the same one share it. */
  constructor(private readonly scope: Construct, private readonly model: RestApiModel, private readonly permissions: LambdaInvokePermissions) {}

  /** Binds an authorization once per API; the result is kept for every route that uses the same object. */
  public bindAuthorization(authorization: IRestAuthorization): RestAuthorizationConfig {
    let bound = this.boundAuthorizations.get(authorization);
    if (!bound) {
      const staged = new StagedPermissions(this.scope, 'authorization');
      const config = checkAuthorizationConfig(this.scope, authorization.bind({ scope: this.scope, permissions: staged }));
      bound = { config, staged };
      this.boundAuthorizations.set(authorization, bound);
    }
    return bound.config;
  }

  /**
   * Binds a route's authorization and integration and checks everything that
   * could still reject it (authorizer names, the aliases the stages select);
   * nothing is registered or granted until `commit`.
   */
  public bindRoute(
    context: RouteBindingContext, integration: IRestIntegration, authorization: IRestAuthorization, stages: readonly GatewayStage[],
  ): BoundRoute {
    const { route } = context;
    const authorizationConfig = this.bindAuthorization(authorization);
    const staged = new StagedPermissions(this.scope, `route ${route.key}`);
    const integrationConfig = checkIntegrationConfig(this.scope, route.key, integration.bind({
      scope: this.scope,
      route: { key: route.key, method: route.method, path: route.path, pathParameters: [...route.pathParameters] },
      endpointType: context.endpointType,
      corsResponseHeaders: context.corsResponseHeaders,
      corsOriginEcho: context.corsOriginEcho,
      permissions: staged,
    }));
    const authorizer = authorizationConfig.authorizer;
    const existing = authorizer && this.model.authorizers.get(authorizer.key);
    if (authorizer && !existing && [...this.model.authorizers.values()].some(other => other.name === authorizer.name)) {
      throw new GatewayValidationError(this.scope, 'AuthorizerNameConflict', `two different authorizers would both be named ${authorizer.name}; use one Authorization object per authorizer configuration.`);
    }
    // Every stage must select a valid alias for each alias grant, before anything is granted.
    for (const stage of stages) {
      staged.aliases.forEach(request => this.aliasesOfStage(stage, route.key, request.variable));
    }
    const authorizationGrants = this.boundAuthorizations.get(authorization)!.staged;
    return {
      integration: integrationConfig,
      authorization: authorizationConfig,
      authorizerName: existing ? existing.name : authorizer?.name,
      commit: commitStages => {
        if (authorizer && !existing) {
          this.model.addAuthorizer(this.scope, authorizer);
        }
        this.grant(authorizationGrants, route.key, commitStages);
        this.grant(staged, route.key, commitStages);
      },
    };
  }

  /** Grants a new stage the aliases it selects for the routes that invoke aliases; throws before granting any if one is missing. */
  public registerStage(stage: GatewayStage): void {
    const aliases = this.aliasGrants.map(grant => this.aliasesOfStage(stage, grant.routeKey, grant.variable));
    this.aliasGrants.forEach((grant, index) => aliases[index].forEach(alias => this.permissions.grantAlias(grant.handler, alias, stage.stageName)));
  }

  private grant(staged: StagedPermissions, routeKey: string, stages: readonly GatewayStage[]): void {
    staged.authorizers.forEach(handler => this.permissions.grantAuthorizer(handler));
    for (const request of staged.aliases) {
      for (const stage of stages) {
        this.aliasesOfStage(stage, routeKey, request.variable).forEach(alias => this.permissions.grantAlias(request.handler, alias, stage.stageName));
      }
      this.aliasGrants.push({ ...request, routeKey });
    }
    staged.functions.forEach(handler => this.permissions.grantFunction(handler));
  }

  /** The alias a stage selects through the variable, and the one its canary selects when that differs; checked. */
  private aliasesOfStage(stage: GatewayStage, routeKey: string, variable: string): string[] {
    const alias = stage.variables[variable];
    if (alias === undefined) {
      throw new GatewayValidationError(stage, 'StageVariableMissingForAlias', `route ${routeKey} invokes a Lambda alias named by stage variable ${variable}, which stage ${stage.stageName} does not set; set ${variable === 'lambdaAlias' ? 'lambdaAlias' : `variables.${variable}`} on the stage.`);
    }
    const canaryAlias = stage.canaryVariables?.[variable];
    const names: string[] = [];
    for (const [name, source] of [[alias, 'stage variable'], [canaryAlias, 'canary override of stage variable']] as const) {
      if (name === undefined) {
        continue;
      }
      if (Token.isUnresolved(name)) {
        throw new GatewayValidationError(stage, 'LambdaAliasToken', `stage ${stage.stageName} names its Lambda alias with a token (${source} ${variable}); alias-routed integrations need the alias name as a literal so that exactly that alias can be granted.`);
      }
      if (!LAMBDA_ALIAS_NAME.test(name)) {
        throw new GatewayValidationError(stage, 'LambdaAliasInvalid', `${source} ${variable} = ${JSON.stringify(name)} names a Lambda alias, which must be 1 to 128 characters of A-Z, a-z, 0-9, - and _.`);
      }
      names.push(name);
    }
    return names;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every(item => typeof item === 'string');
}

/** What a user-written integration returned is read by every renderer: a malformed config fails here, naming the field. */
function checkIntegrationConfig(scope: IConstruct, routeKey: string, config: RestIntegrationConfig): RestIntegrationConfig {
  const fail = (what: string, value: unknown): never => {
    throw new GatewayValidationError(scope, 'IntegrationConfigInvalid', `route ${routeKey}: the integration's bind() returned ${what} ${describeValue(value)}; return { integration: { type: ..., uri: ... } } (an x-amazon-apigateway-integration object) and, optionally, methodParameters, methodResponses and stageVariables as RestIntegrationConfig declares.`);
  };
  if (!isObject(config)) fail('a config that is', config);
  if (!isObject(config.integration)) fail('integration', config.integration);
  checkStreamingConfig(scope, routeKey, config.integration);
  const locations = enumValues(RestParameterLocation);
  for (const parameter of config.methodParameters ?? []) {
    if (!isObject(parameter) || !locations.includes(parameter.location) || typeof parameter.name !== 'string' || typeof parameter.required !== 'boolean') {
      fail('a method parameter that is', parameter);
    }
  }
  for (const response of config.methodResponses ?? []) {
    if (!isObject(response) || typeof response.statusCode !== 'string' || !isStringList(response.headers)) fail('a method response that is', response);
  }
  if (config.methodParameters !== undefined && !Array.isArray(config.methodParameters)) fail('methodParameters', config.methodParameters);
  if (config.methodResponses !== undefined && !Array.isArray(config.methodResponses)) fail('methodResponses', config.methodResponses);
  if (config.stageVariables !== undefined && !isStringList(config.stageVariables)) fail('stageVariables', config.stageVariables);
  if (config.passesBinary !== undefined && typeof config.passesBinary !== 'boolean') fail('passesBinary', config.passesBinary);
  for (const variable of config.stageVariables ?? []) {
    checkPattern(scope, `route ${routeKey}: stage variable the integration reads`, variable, STAGE_VARIABLE_NAME, STAGE_VARIABLE_NAME_RULE);
  }
  return config;
}

/** The same for what an authorization returned: the type decides whether it must bring an authorizer. */
function checkAuthorizationConfig(scope: IConstruct, config: RestAuthorizationConfig): RestAuthorizationConfig {
  const fail = (what: string, fix: string): never => {
    throw new GatewayValidationError(scope, 'AuthorizationConfigInvalid', `an authorization's bind() returned ${what}; ${fix}.`);
  };
  if (!isObject(config) || !enumValues(AuthorizationType).includes(config.authorizationType)) {
    fail(`a config whose authorizationType is ${describeValue(isObject(config) ? config.authorizationType : config)}`, 'return { authorizationType: AuthorizationType.NONE, IAM, COGNITO or LAMBDA }');
  }
  if (config.scopes !== undefined && !isStringList(config.scopes)) fail(`scopes ${describeValue(config.scopes)}`, 'return scopes as a list of strings');
  const needsAuthorizer = config.authorizationType === AuthorizationType.COGNITO || config.authorizationType === AuthorizationType.LAMBDA;
  const authorizer = config.authorizer;
  if (!needsAuthorizer) {
    if (authorizer !== undefined) fail(`an authorizer with authorizationType ${config.authorizationType}`, 'only COGNITO and LAMBDA authorizations have an authorizer');
    return config;
  }
  if (!isObject(authorizer)) return fail(`authorizationType ${config.authorizationType} without an authorizer`, 'return authorizer: { name, key, securityScheme, callerParameters }');
  if (typeof authorizer.name !== 'string' || !/^[A-Za-z0-9_.-]{1,128}$/.test(authorizer.name) || [IAM_SCHEME, API_KEY_SCHEME].includes(authorizer.name)) {
    fail(`authorizer name ${describeValue(authorizer.name)}`, `name it with 1 to 128 letters, digits, _, . and - (not ${IAM_SCHEME} or ${API_KEY_SCHEME}, which the API uses itself)`);
  }
  if (typeof authorizer.key !== 'string') fail(`authorizer key ${describeValue(authorizer.key)}`, 'return a string that identifies the configuration');
  if (!isObject(authorizer.securityScheme)) fail(`securityScheme ${describeValue(authorizer.securityScheme)}`, 'return an OpenAPI security scheme object');
  const callers = authorizer.callerParameters;
  if (!Array.isArray(callers) || !callers.every(caller => isObject(caller) && typeof caller.name === 'string'
    && (caller.location === RestParameterLocation.HEADER || caller.location === RestParameterLocation.QUERY_STRING))) {
    fail(`callerParameters ${describeValue(callers)}`, 'return a list (maybe empty) of { location: HEADER or QUERY_STRING, name }');
  }
  return config;
}
