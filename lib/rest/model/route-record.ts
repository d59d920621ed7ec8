import type { IRestAuthorization, RestAuthorizationConfig } from '../../auth/rest-authorization';
import type { CorsOptions } from '../../core/cors-options';
import type { ParsedRouteKey } from '../../core/route-key';
import type { RestIntegrationConfig } from '../../integrations/integration';
import type { RouteCaller } from '../cache-key';
import type { RouteOptions } from '../route-options';

/** A route as the API model keeps it: plain data, built once `addRoute` has checked and bound it. */
export interface RouteRecord {
  readonly parsed: ParsedRouteKey;
  /** What the route's integration contributes, as its `bind` returned it. */
  readonly integration: RestIntegrationConfig;
  readonly options: RouteOptions;
  /** The route's authorization as bound: its own, else the API's default (a route has one or is refused). */
  readonly authorization: RestAuthorizationConfig;
  /** The authorization object the route was given (or inherited), for identity comparisons. */
  readonly authorizationSource: IRestAuthorization;
  /** The security scheme of the route's Cognito or Lambda authorizer. */
  readonly authorizerName?: string;
  readonly apiKeyRequired: boolean;
  /** The request parameters that identify the route's caller, for its cache key. */
  readonly caller: RouteCaller;
  /** The route's CORS settings: its own, else the API's. */
  readonly cors?: CorsOptions;
  /** Schemas of the route's parameters, by `<path|querystring|header> <name>`, when an imported document gave them; others are strings. */
  readonly parameterSchemas?: Record<string, unknown>;
  /** Whether the request body may be left out (an imported document said so); a request model otherwise makes it required. */
  readonly bodyOptional?: boolean;
}

/** What an imported OpenAPI document says about a route beyond its route options. */
export interface ImportedRouteDetails {
  readonly parameterSchemas?: Record<string, unknown>;
  readonly bodyOptional?: boolean;
}
