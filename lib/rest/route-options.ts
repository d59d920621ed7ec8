import { ThrottleSettings } from './stage-options';

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
}
