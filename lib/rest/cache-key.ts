import { IConstruct } from 'constructs';
import { CACHE_TTL_RULE, MAX_CACHE_TTL_SECONDS, RouteCacheOptions } from './cache';
import { AuthorizationType, RestAuthorizationConfig, RestCallerParameter } from '../auth/rest-authorization';
import { GatewayValidationError } from '../core/errors';
import { ParsedRouteKey } from '../core/route-key';
import { checkWholeSeconds, HEADER_NAME, QUERY_NAME } from '../core/rules';
import { RestParameterLocation } from '../integrations/integration';

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

/** How far a route's response cache can tell its callers apart. */
export interface RouteCaller {
  /** The headers and query strings that identify the caller, which key the cache unless the route says its response is shared; none for a public route. */
  readonly parameters: readonly RestCallerParameter[];
  /** Why no request parameter can identify the caller, when none can: caching the route then needs `sharedAcrossCallers`. */
  readonly unkeyable?: string;
}

const API_KEY_HEADER: RestCallerParameter = { location: RestParameterLocation.HEADER, name: 'x-api-key' };

/**
 * The caller identity of a route, for its cache key: the Cognito token, the
 * Lambda authorizer's header and query-string identity sources, the API key
 * when it is read from `x-api-key` (from an authorizer, the authorizer's
 * identity already keys it); IAM signatures change with every request and
 * identify no one a cache could key on.
 */
export function routeCaller(
  authorization: RestAuthorizationConfig, apiKeyRequired: boolean, apiKeyFromHeader: boolean,
): RouteCaller {
  const apiKey = apiKeyRequired && apiKeyFromHeader ? [API_KEY_HEADER] : [];
  switch (authorization.authorizationType) {
    case AuthorizationType.IAM:
      return { parameters: apiKey, unkeyable: 'it is authorized by IAM (SigV4), whose Authorization header is a signature that changes with every request' };
    case AuthorizationType.COGNITO:
    case AuthorizationType.LAMBDA: {
      const parameters = authorization.authorizer?.callerParameters ?? [];
      return parameters.length > 0
        ? { parameters: [...parameters, ...apiKey] }
        : { parameters: apiKey, unkeyable: 'its Lambda request authorizer reads no header or query string (stage variables and context values cannot be cache keys)' };
    }
    default:
      return { parameters: apiKey };
  }
}

/**
 * Caching a route whose callers no request parameter tells apart would serve
 * one caller's response to every caller, unless the route says its response is shared.
 */
export function checkCallerKeys(
  scope: IConstruct, cachedStageName: string,
  routes: readonly { parsed: ParsedRouteKey; options: { cache?: RouteCacheOptions }; caller: RouteCaller }[],
): void {
  for (const route of routes) {
    const cache = route.options.cache;
    if (route.caller.unkeyable && isCacheable(route.parsed, cache) && !cache?.sharedAcrossCallers) {
      throw new GatewayValidationError(scope, 'CacheWithoutCallerKey', `route ${route.parsed.key} is cached in stage ${cachedStageName}, but ${route.caller.unkeyable}, so its cache cannot be keyed per caller and one caller's response would be served to every caller; set cache: { sharedAcrossCallers: true } if the response is the same for every caller, or cache: { enabled: false }.`);
    }
  }
}

/**
 * The cache key of a cacheable route: its path parameters (API Gateway keys
 * the cache only on the parameters listed, so `/pets/{id}` would otherwise
 * serve one pet for every id), the query strings and headers its integration
 * reads (a DynamoDB key from `?id=`, a renamed query string), the listed ones,
 * then those that identify the caller, unless the route's response is shared across callers.
 */
export function cacheKeyParameters(
  route: ParsedRouteKey, cache: RouteCacheOptions | undefined, integrationReads: readonly { location: string; name: string }[] = [],
  caller: readonly RestCallerParameter[] = [],
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
  if (!cache?.sharedAcrossCallers) {
    for (const parameter of caller) {
      // Header names are case-insensitive: a header already in the key, in any case, keys the caller.
      const present = [...keys.values()].some(key => key.location === parameter.location
        && (parameter.location === 'header' ? key.name.toLowerCase() === parameter.name.toLowerCase() : key.name === parameter.name));
      if (!present) {
        add(parameter.location, parameter.name);
      }
    }
  }
  return [...keys.values()];
}
