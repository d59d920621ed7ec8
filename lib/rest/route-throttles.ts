import { IConstruct } from 'constructs';
import type { RouteRecord } from './model/route-record';
import { GatewayValidationError } from '../core/errors';
import { parseRouteKey } from '../core/route-key';
import { validateThrottle } from '../core/rules';
import { ThrottleSettings } from '../core/throttle';

/**
 * Throttles keyed by route, as a stage or a usage plan takes them
 * (`{ 'POST /pets': { rateLimit: 5 } }`): keys are parsed once, into their
 * canonical form, and checked against the API's routes at synth.
 */
export class RouteThrottles {
  /** Canonical route key to the limits, and the key as the user wrote it. */
  private readonly byRoute = new Map<string, { readonly given: string; readonly throttle: ThrottleSettings }>();

  constructor(private readonly scope: IConstruct, what: string, throttles: { [routeKey: string]: ThrottleSettings } | undefined) {
    for (const [route, throttle] of Object.entries(throttles ?? {})) {
      validateThrottle(scope, `${what} of route ${route}`, throttle);
      this.byRoute.set(parseRouteKey(scope, route).key, { given: route, throttle });
    }
  }

  public get size(): number {
    return this.byRoute.size;
  }

  /** The limits for a route, by its canonical key. */
  public get(routeKey: string): ThrottleSettings | undefined {
    return this.byRoute.get(routeKey)?.throttle;
  }

  /** The limits by canonical route key, as the model keeps them. */
  public toMap(): ReadonlyMap<string, ThrottleSettings> {
    return new Map([...this.byRoute].map(([key, { throttle }]) => [key, throttle]));
  }

  /** Fails when a key names a route the API does not have. */
  public validateAgainst(routes: readonly RouteRecord[]): void {
    const known = new Set(routes.map(route => route.parsed.key));
    for (const [key, { given }] of this.byRoute) {
      if (!known.has(key)) {
        throw new GatewayValidationError(this.scope, 'RouteThrottleRouteUnknown', `routeThrottles names route ${JSON.stringify(given)}, which the API does not have; routes are: ${[...known].join(', ') || '(none)'}.`);
      }
    }
  }
}
