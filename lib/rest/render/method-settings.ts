import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { DEFAULT_STAGE_THROTTLE } from '../../core/throttle';
import { DEFAULT_CACHE_TTL } from '../cache';
import { isCacheable } from '../cache-key';
import type { StageRecord } from '../model/rest-api-model';
import type { RouteRecord } from '../model/route-record';

/**
 * The `MethodSettings` of a stage: one stage-wide setting (logging, metrics,
 * caching, throttle), then one per route whose throttle or cache differs.
 */
export function renderMethodSettings(stage: StageRecord, routes: readonly RouteRecord[]): apigw.CfnStage.MethodSettingProperty[] {
  const logging = {
    loggingLevel: stage.executionLogLevel ?? apigw.MethodLoggingLevel.ERROR,
    dataTraceEnabled: false,
    metricsEnabled: stage.detailedMetrics ?? true,
  };
  const cache = stage.cache;
  const stageTtl = (cache?.ttl ?? DEFAULT_CACHE_TTL).toSeconds();
  // Without a cache, caching is set off rather than left out, which CloudFormation would not undo.
  const caching = cache
    ? { cachingEnabled: true, cacheTtlInSeconds: stageTtl, cacheDataEncrypted: cache.encrypted ?? true }
    : { cachingEnabled: false };
  const stageThrottle = {
    throttlingRateLimit: stage.throttle?.rateLimit ?? DEFAULT_STAGE_THROTTLE.rateLimit,
    throttlingBurstLimit: stage.throttle?.burstLimit ?? DEFAULT_STAGE_THROTTLE.burstLimit,
  };
  // API Gateway caches only GET methods when the stage-wide setting enables caching.
  const settings: apigw.CfnStage.MethodSettingProperty[] = [{ resourcePath: '/*', httpMethod: '*', ...logging, ...caching, ...stageThrottle }];
  for (const route of routes) {
    const throttle = stage.routeThrottles.get(route.parsed.key) ?? route.options.throttle;
    const routeCache = cache ? route.options.cache : undefined;
    const routeCaching = cache
      ? { ...caching, cachingEnabled: isCacheable(route.parsed, routeCache), cacheTtlInSeconds: routeCache?.ttl?.toSeconds() ?? stageTtl }
      : caching;
    const cacheOverride = routeCache && (routeCache.enabled !== undefined || routeCache.ttl !== undefined);
    if (!throttle && !cacheOverride) {
      continue;
    }
    // A method setting replaces the stage-wide one for that method entirely, so it repeats every field.
    const setting: apigw.CfnStage.MethodSettingProperty = {
      resourcePath: encodeResourcePath(route.parsed.path),
      // An ANY method is addressed as every method of its resource.
      httpMethod: route.parsed.method === 'ANY' ? '*' : route.parsed.method,
      ...logging,
      // An explicit method setting would otherwise cache a POST, a DELETE or an ANY: the route caches
      // as the body's cache keys say (GET unless turned off, others only when turned on).
      ...routeCaching,
      ...throttle ? { throttlingRateLimit: throttle.rateLimit, throttlingBurstLimit: throttle.burstLimit } : stageThrottle,
    };
    settings.push(setting);
  }
  return settings;
}

/** Method settings address a resource path as a JSON pointer: `/pets/{id}` becomes `/~1pets~1{id}`. */
export function encodeResourcePath(path: string): string {
  return '/' + path.replace(/~/g, '~0').replace(/\//g, '~1');
}
