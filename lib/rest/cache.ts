import { Duration } from 'aws-cdk-lib';

/** API Gateway's default cache TTL, and the largest it accepts. */
export const DEFAULT_CACHE_TTL = Duration.minutes(5);
export const MAX_CACHE_TTL_SECONDS = 3600;
export const CACHE_TTL_RULE = 'API Gateway caches responses for 0 to 3,600 seconds.';

/** The cache cluster sizes API Gateway offers, in GB. */
export enum CacheSize {
  /** 0.5 GB */
  GB_0_5 = '0.5',
  /** 1.6 GB */
  GB_1_6 = '1.6',
  /** 6.1 GB */
  GB_6_1 = '6.1',
  /** 13.5 GB */
  GB_13_5 = '13.5',
  /** 28.4 GB */
  GB_28_4 = '28.4',
  /** 58.2 GB */
  GB_58_2 = '58.2',
  /** 118 GB */
  GB_118 = '118',
  /** 237 GB */
  GB_237 = '237',
}

/** What API Gateway does with a `Cache-Control: max-age=0` request from a caller not allowed to invalidate. */
export enum UnauthorizedCacheControl {
  /** Refuse the request with 403. */
  FAIL_WITH_403 = 'FAIL_WITH_403',
  /** Serve it from the cache and say so in a warning header. */
  SUCCEED_WITH_RESPONSE_HEADER = 'SUCCEED_WITH_RESPONSE_HEADER',
  /** Serve it from the cache silently. */
  SUCCEED_WITHOUT_RESPONSE_HEADER = 'SUCCEED_WITHOUT_RESPONSE_HEADER',
}

/** A stage's cache cluster. */
export interface StageCacheOptions {
  /** The cluster size. */
  readonly size: CacheSize;

  /**
   * How long responses are cached: 0 to 3,600 seconds.
   * @default Duration.minutes(5)
   */
  readonly ttl?: Duration;

  /**
   * Encrypt cached responses.
   * @default true
   */
  readonly encrypted?: boolean;

  /**
   * Whether invalidating the cache (`Cache-Control: max-age=0`) needs
   * `execute-api:InvalidateCache` (see `api.grantInvalidateCache()`). Without
   * it, any caller can flush the cache and send every request to the backend.
   * @default true
   */
  readonly requireAuthorizationForInvalidation?: boolean;

  /**
   * The answer to an invalidation request from a caller without the permission.
   * @default UnauthorizedCacheControl.FAIL_WITH_403
   */
  readonly unauthorizedInvalidation?: UnauthorizedCacheControl;
}

/** Caching of one route, in every stage that has a cache. */
export interface RouteCacheOptions {
  /**
   * Whether the route is cached.
   * @default - GET routes are cached, other methods are not
   */
  readonly enabled?: boolean;

  /**
   * How long this route's responses are cached: 0 to 3,600 seconds.
   * @default - the stage's cache TTL
   */
  readonly ttl?: Duration;

  /**
   * Request parameters that are part of the cache key, e.g.
   * `['method.request.path.id', 'method.request.querystring.page', 'method.request.header.Accept-Language']`.
   * Query strings and headers named here are declared as request parameters of the route.
   * @default - none (path parameters do not key the cache unless listed)
   */
  readonly keyParameters?: string[];

  /**
   * Says that the route's response is the same for every caller, so one cached
   * response may serve them all. Without it, a route that authorizes its callers
   * (Cognito, a Lambda authorizer) or requires an API key keys its cache on the
   * caller's identity too (the `Authorization` header, the authorizer's header
   * and query-string identity sources, `x-api-key`), so that one caller's
   * response is never served to another; and caching a route whose callers no
   * request parameter tells apart (IAM: the SigV4 signature changes with every
   * request; a Lambda request authorizer with only stage and context sources)
   * is a synth error. With it, no identity keys are added.
   * @default false
   */
  readonly sharedAcrossCallers?: boolean;
}
