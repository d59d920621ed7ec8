import { IConstruct } from 'constructs';
import { CACHE_TTL_RULE, MAX_CACHE_TTL_SECONDS, RouteCacheOptions } from './cache';
import { GatewayValidationError } from '../errors';
import { ParsedRouteKey } from '../route-key';
import { checkWholeSeconds, HEADER_NAME, QUERY_NAME } from '../validation';

/** `method.request.<location>.<name>`, as API Gateway names request parameters, each name by its location's rule. */
const KEY_PARAMETER = /^method\.request\.(path|querystring|header)\.(.+)$/;
const KEY_NAMES: Record<string, RegExp> = { path: /^[A-Za-z0-9._-]{1,128}$/, querystring: QUERY_NAME, header: HEADER_NAME };

/** A cache key parameter, split into where it is read from and its name. */
export interface CacheKeyParameter {
  readonly expression: string;
  readonly location: string;
  readonly name: string;
}

function parseCacheKeyParameter(expression: string): CacheKeyParameter | undefined {
  const match = KEY_PARAMETER.exec(expression);
  return match && KEY_NAMES[match[1]].test(match[2]) ? { expression, location: match[1], name: match[2] } : undefined;
}

/** Checks a route's cache options: TTL range and key parameters that the route can have. */
export function validateRouteCache(scope: IConstruct, route: ParsedRouteKey, cache: RouteCacheOptions | undefined): void {
  if (!cache) {
    return;
  }
  checkWholeSeconds(scope, `cache ttl (seconds) of route ${route.key}`, cache.ttl, 0, MAX_CACHE_TTL_SECONDS, CACHE_TTL_RULE);
  const keys = cache.keyParameters ?? [];
  if (new Set(keys).size !== keys.length) {
    throw new GatewayValidationError(scope, 'CacheKeyDuplicate', `route ${route.key} lists a cache key parameter twice (${keys.join(', ')}); list each once.`);
  }
  for (const key of keys) {
    const parsed = parseCacheKeyParameter(key);
    if (!parsed) {
      throw new GatewayValidationError(scope, 'CacheKeyInvalid', `cache key parameter ${JSON.stringify(key)} of route ${route.key} is invalid: use method.request.path.<name>, method.request.querystring.<name> or method.request.header.<name>.`);
    }
    if (parsed.location === 'path' && !route.pathParameters.includes(parsed.name)) {
      throw new GatewayValidationError(scope, 'CacheKeyPathUnknown', `cache key parameter ${key} of route ${route.key} names a path parameter the route does not have; its path parameters are: ${route.pathParameters.join(', ') || '(none)'}.`);
    }
  }
}

/**
 * Whether a route's responses may be cached in a stage with a cache: GET
 * unless turned off, other methods only when turned on.
 */
export function isCacheable(route: ParsedRouteKey, cache: RouteCacheOptions | undefined): boolean {
  return cache?.enabled ?? route.method === 'GET';
}

/**
 * The cache key of a cacheable route: its path parameters (API Gateway keys
 * the cache only on the parameters listed, so `/pets/{id}` would otherwise
 * serve one pet for every id), the query strings and headers its integration
 * reads (a DynamoDB key from `?id=`, a renamed query string), then the listed ones.
 */
export function cacheKeyParameters(
  route: ParsedRouteKey, cache: RouteCacheOptions | undefined, integrationReads: readonly { location: string; name: string }[] = [],
): CacheKeyParameter[] {
  const keys = new Map<string, CacheKeyParameter>();
  const add = (location: string, name: string) => {
    const expression = `method.request.${location}.${name}`;
    keys.set(expression, { expression, location, name });
  };
  route.pathParameters.forEach(name => add('path', name));
  integrationReads.filter(read => read.location !== 'path').forEach(read => add(read.location, read.name));
  for (const key of cache?.keyParameters ?? []) {
    const parsed = parseCacheKeyParameter(key)!;
    add(parsed.location, parsed.name);
  }
  return [...keys.values()];
}
