import { Stack, Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct, IConstruct } from 'constructs';
import { routeCaller } from './cache-key';
import { corsIntegrationResponseHeaders } from './cors';
import { LambdaInvokePermissions } from './lambda-permissions';
import type { Model } from './model';
import type { RestApiModel, StageRecord } from './model/rest-api-model';
import type { ImportedRouteDetails } from './model/route-record';
import type { RouteOptions } from './route-options';
import { checkRouteInput } from './validate/route-input';
import type { Authorization, BoundAuthorizer } from '../auth/authorization';
import type { CorsOptions } from '../core/cors-options';
import type { EndpointType } from '../core/endpoint';
import { GatewayValidationError } from '../core/errors';
import { ParsedRouteKey, parseRouteKey } from '../core/route-key';
import type { Integration } from '../integrations/factory';
import type { BoundIntegration } from '../integrations/integration';

/** A Lambda alias name a stage variable may hold (its value charset is narrower than Lambda's). */
const LAMBDA_ALIAS_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/** A route's integration and authorizer, bound to the API but not yet registered or granted. */
export interface BoundRoute {
  readonly integration: BoundIntegration;
  readonly authorizer?: BoundAuthorizer;
}

/** A stage as alias grants need it: its model record, and the construct its errors name. */
export interface StageForGrants {
  readonly scope: IConstruct;
  readonly record: StageRecord;
}

/**
 * Adds routes to a REST API's model, and is the one place where a route's
 * integration and authorization are bound and the Lambda permissions they
 * need are granted: `bind` may reject the route and changes nothing; `commit`
 * registers the authorizer in the model and grants, once the route has passed every check.
 */
export class RouteBinder {
  /** Each Authorization object as bound to this API (none for IAM and public routes). */
  private readonly boundAuthorizations = new Map<Authorization, BoundAuthorizer | undefined>();
  private readonly permissions: LambdaInvokePermissions;

  constructor(private readonly api: Construct, private readonly model: RestApiModel, restApiId: string, private readonly endpointType: EndpointType) {
    this.permissions = new LambdaInvokePermissions(api, 'Permissions', restApiId);
  }

  /** Checks, binds and adds a route; `stages` are granted the aliases it invokes. */
  public addRoute(
    routeKey: string, integration: Integration, options: RouteOptions, imported: ImportedRouteDetails, stages: readonly StageForGrants[],
  ): void {
    const api = this.api;
    const parsed = parseRouteKey(api, routeKey);
    const { cors, authorization, apiKeyRequired } = checkRouteInput(api, this.model, parsed, options);
    const modelsUsed = [options.requestModel, ...Object.values(options.responseModels ?? {})]
      .filter((model): model is Model => model !== undefined);
    const entries = modelsUsed.map(model => this.model.entryFor(api, model, value => Stack.of(api).resolve(value)));
    // Everything that can reject the route runs before anything is registered or granted.
    const bound = this.bind(parsed, integration, authorization, cors);
    const authorizerName = this.commit(parsed.key, bound, stages);
    entries.forEach(entry => this.model.addModel(entry));
    const apiKeyFromHeader = (this.model.settings.apiKeySource ?? apigw.ApiKeySourceType.HEADER) === apigw.ApiKeySourceType.HEADER;
    const caller = routeCaller(authorization, bound.authorizer, apiKeyRequired, apiKeyFromHeader);
    this.model.addRoute({
      parsed, integration: bound.integration, options, authorization, authorizerName, apiKeyRequired, caller, cors, ...imported,
    });
  }

  public bind(parsed: ParsedRouteKey, integration: Integration, authorization: Authorization, cors: CorsOptions | undefined): BoundRoute {
    // Bound once per object: with a defaultAuthorization, every route would otherwise validate and render it again.
    if (!this.boundAuthorizations.has(authorization)) {
      this.boundAuthorizations.set(authorization, authorization._bindAuthorizer(this.api));
    }
    const authorizer = this.boundAuthorizations.get(authorization);
    const { headers: corsHeaders, originEcho: corsOriginEcho } = corsIntegrationResponseHeaders(cors);
    const bound = integration._spec.bind({ scope: this.api, route: parsed, endpointType: this.endpointType, corsHeaders, corsOriginEcho });
    return { integration: bound, authorizer };
  }

  /** Registers the route's authorizer and grants its functions; returns the authorizer's scheme name. */
  public commit(routeKey: string, route: BoundRoute, stages: readonly StageForGrants[]): string | undefined {
    let authorizerName: string | undefined;
    if (route.authorizer) {
      const { name, added } = this.model.addAuthorizer(this.api, route.authorizer);
      if (added && route.authorizer.handler) {
        this.permissions.grantAuthorizer(route.authorizer.handler);
      }
      authorizerName = name;
    }
    const target = route.integration.lambdaTarget;
    if (target?.aliasVariable !== undefined) {
      for (const stage of stages) {
        this.grantAliasForStage(stage, routeKey, target.handler, target.aliasVariable);
      }
    } else if (target) {
      this.permissions.grantFunction(target.handler);
    }
    return authorizerName;
  }

  /** Grants a new stage the aliases its variables select for the routes that route by alias. */
  public grantStage(stage: StageForGrants): void {
    for (const route of this.model.routes.all) {
      const target = route.integration.lambdaTarget;
      if (target?.aliasVariable !== undefined) {
        this.grantAliasForStage(stage, route.parsed.key, target.handler, target.aliasVariable);
      }
    }
  }

  /** Grants the alias a stage selects for a route, and the one its canary selects when that differs. */
  private grantAliasForStage({ scope, record: stage }: StageForGrants, routeKey: string, handler: lambda.IFunction, variable: string): void {
    const alias = stage.variables[variable];
    if (alias === undefined) {
      throw new GatewayValidationError(scope, 'StageVariableMissingForAlias', `route ${routeKey} invokes a Lambda alias named by stage variable ${variable}, which stage ${stage.name} does not set; set ${variable === 'lambdaAlias' ? 'lambdaAlias' : `variables.${variable}`} on the stage.`);
    }
    const canaryAlias = stage.canaryVariables?.[variable];
    for (const [name, source] of [[alias, 'stage variable'], [canaryAlias, 'canary override of stage variable']] as const) {
      if (name === undefined) {
        continue;
      }
      if (Token.isUnresolved(name)) {
        throw new GatewayValidationError(scope, 'LambdaAliasToken', `stage ${stage.name} names its Lambda alias with a token (${source} ${variable}); alias-routed integrations need the alias name as a literal so that exactly that alias can be granted.`);
      }
      if (!LAMBDA_ALIAS_NAME.test(name)) {
        throw new GatewayValidationError(scope, 'LambdaAliasInvalid', `${source} ${variable} = ${JSON.stringify(name)} names a Lambda alias, which must be 1 to 128 characters of A-Z, a-z, 0-9, - and _.`);
      }
      this.permissions.grantAlias(handler, name, stage.name);
    }
  }
}
