import { Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { routeCaller } from './cache-key';
import { corsIntegrationResponseHeaders } from './cors';
import type { GatewayStage } from './gateway-stage';
import type { Model } from './model';
import type { RestApiModel } from './model/rest-api-model';
import type { ImportedRouteDetails } from './model/route-record';
import type { RouteBinder } from './route-binding';
import type { RouteOptions } from './route-options';
import { checkRouteInput } from './validate/route-input';
import type { EndpointType } from '../core/endpoint';
import { parseRouteKey } from '../core/route-key';
import type { IRestIntegration } from '../integrations/integration';

/** What adding a route needs from its API. */
export interface RouteRegistrationContext {
  /** The API: errors name it. */
  readonly scope: Construct;
  readonly model: RestApiModel;
  readonly binder: RouteBinder;
  readonly endpointType: EndpointType;
  /** The API's stages, which must select the aliases the route invokes. */
  readonly stages: readonly GatewayStage[];
}

/**
 * Adds a route to the model: checks its input (`validate/route-input.ts`),
 * binds its integration and authorization (`RouteBinder`, the one place that
 * speaks the bind protocol), then records it and commits its grants. Everything
 * that can reject the route runs before anything is registered or granted.
 */
export function registerRoute(
  context: RouteRegistrationContext, routeKey: string, integration: IRestIntegration, options: RouteOptions, imported: ImportedRouteDetails,
): void {
  const { scope, model, binder, stages } = context;
  const parsed = parseRouteKey(scope, routeKey);
  const { cors, authorization, apiKeyRequired } = checkRouteInput(scope, model, parsed, options, auth => binder.bindAuthorization(auth));
  const modelsUsed = [options.requestModel, ...Object.values(options.responseModels ?? {})]
    .filter((used): used is Model => used !== undefined);
  const entries = modelsUsed.map(used => model.entryFor(scope, used, value => Stack.of(scope).resolve(value)));
  const { headers: corsResponseHeaders, originEcho: corsOriginEcho } = corsIntegrationResponseHeaders(cors);
  const bindingContext = { route: parsed, endpointType: context.endpointType, corsResponseHeaders, corsOriginEcho };
  const bound = binder.bindRoute(bindingContext, integration, authorization, stages);
  entries.forEach(entry => model.addModel(entry));
  const apiKeyFromHeader = (model.settings.apiKeySource ?? apigw.ApiKeySourceType.HEADER) === apigw.ApiKeySourceType.HEADER;
  const caller = routeCaller(bound.authorization, apiKeyRequired, apiKeyFromHeader);
  const record = {
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
  bound.commit(stages);
  model.addRoute(record);
}
