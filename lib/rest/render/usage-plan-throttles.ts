import type { UsagePlanRecord } from '../model/rest-api-model';
import type { RouteRecord } from '../model/route-record';

/** A usage plan's per-method throttle, as `AWS::ApiGateway::UsagePlan` takes it for each stage. */
export interface MethodThrottle {
  readonly rateLimit?: number;
  readonly burstLimit?: number;
}

/**
 * The plan's per-route throttles, keyed as the plan addresses a method
 * ("<resource path>/<HTTP method>", path templates kept: "/pets/{id}/GET"),
 * in the order of the API's routes; undefined when there are none.
 */
export function renderUsagePlanThrottles(plan: UsagePlanRecord, routes: readonly RouteRecord[]): Record<string, MethodThrottle> | undefined {
  const throttle: Record<string, MethodThrottle> = {};
  for (const route of routes) {
    const limits = plan.routeThrottles.get(route.parsed.key);
    if (limits) {
      throttle[`${route.parsed.path}/${route.parsed.method}`] = { rateLimit: limits.rateLimit, burstLimit: limits.burstLimit };
    }
  }
  return Object.keys(throttle).length > 0 ? throttle : undefined;
}
