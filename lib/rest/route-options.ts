import { RouteCacheOptions } from './cache';
import { Model } from './model';
import { RequestValidation } from './request-validation';
import { IRestAuthorization } from '../auth/rest-authorization';
import { CorsOptions } from '../core/cors-options';
import { ThrottleSettings } from '../core/throttle';

/** Options for one route. */
export interface RouteOptions {
  /**
   * The OpenAPI operationId (used by generated SDKs); unique within the API.
   * @default - none
   */
  readonly operationId?: string;

  /**
   * A short summary of the route, shown in the exported OpenAPI document.
   * @default - none
   */
  readonly summary?: string;

  /**
   * Throttling of this route in every stage, unless the stage's
   * `routeThrottles` names the route.
   * @default - the stage-wide throttle
   */
  readonly throttle?: ThrottleSettings;

  /**
   * Who may call this route. `Authorization.none()` makes it public.
   * @default - the API's `defaultAuthorization`; without one, `addRoute` fails: a public route says `Authorization.none()`
   */
  readonly authorization?: IRestAuthorization;

  /**
   * Callers must send an API key of a usage plan that covers the stage
   * (in the `x-api-key` header, or from the Lambda authorizer when the API's
   * `apiKeySource` is `AUTHORIZER`).
   * @default false
   */
  readonly apiKeyRequired?: boolean;

  /**
   * CORS for this route's path, replacing the API's `cors`. Routes on one path share one preflight, so they must agree.
   * @default - the API's `cors`
   */
  readonly cors?: CorsOptions;

  /**
   * Caching of this route in stages that have a cache.
   * @default - GET routes are cached with the stage's TTL; other methods are not
   */
  readonly cache?: RouteCacheOptions;

  /**
   * The JSON Schema model of the `application/json` request body. The route
   * then requires a body, and API Gateway rejects one that does not match
   * with 400 before calling the integration.
   * @default - no model: the body is not validated
   */
  readonly requestModel?: Model;

  /**
   * Query-string and header parameters the route declares, e.g.
   * `{ 'method.request.querystring.page': false, 'method.request.header.X-Tenant': true }`:
   * `true` makes one required, and API Gateway rejects a request without it
   * with 400. Path parameters are always required.
   * @default - none beyond those the integration and the cache keys read
   */
  readonly requestParameters?: { [parameter: string]: boolean };

  /**
   * What API Gateway validates before calling the integration.
   * @default RequestValidation.BODY_AND_PARAMETERS
   */
  readonly requestValidation?: RequestValidation;

  /**
   * Models of the response bodies by status code, e.g. `{ '200': petModel }`, for documentation and SDKs.
   * @default - none
   */
  readonly responseModels?: { [statusCode: string]: Model };
}
