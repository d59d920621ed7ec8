import { IConstruct } from 'constructs';
import { GatewayValidationError } from './errors';

/** The HTTP methods a REST API route may use; ANY matches every method. */
export const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'] as const;
export type RouteMethod = typeof ROUTE_METHODS[number];

/** A route key such as `GET /pets/{id}`, parsed and validated. */
export interface ParsedRouteKey {
  /** Canonical form: `METHOD /path`. */
  readonly key: string;
  readonly method: RouteMethod;
  /** Resource path, `/` for the root. */
  readonly path: string;
  readonly segments: readonly string[];
  /** Names of the `{param}` and `{param+}` segments, in order. */
  readonly pathParameters: readonly string[];
}

// API Gateway: "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning
// and the end and an optional plus sign before the closing brace."
const LITERAL_SEGMENT = /^[a-zA-Z0-9._-]+$/;
const PARAM_SEGMENT = /^\{([a-zA-Z0-9._-]+)(\+?)\}$/;

/**
 * Parses `METHOD /path`. Throws a GatewayValidationError naming the route and the rule it breaks.
 */
export function parseRouteKey(scope: IConstruct, routeKey: string): ParsedRouteKey {
  const fail = (why: string): never => {
    throw new GatewayValidationError(scope, 'RouteKeyInvalid', `route ${JSON.stringify(routeKey)} is invalid: ${why}`);
  };
  const match = /^(\S+) (\S+)$/.exec(routeKey.trim());
  if (!match) {
    fail('expected "METHOD /path", e.g. "GET /pets/{id}".');
  }
  const method = match![1].toUpperCase();
  const path = match![2];
  if (!(ROUTE_METHODS as readonly string[]).includes(method)) {
    fail(`method ${JSON.stringify(match![1])} is not one of ${ROUTE_METHODS.join(', ')}.`);
  }
  if (!path.startsWith('/')) {
    fail('the path must start with "/".');
  }
  const segments = path === '/' ? [] : path.slice(1).split('/');
  const pathParameters: string[] = [];
  segments.forEach((segment, index) => {
    if (segment === '') {
      fail('the path has an empty segment (a doubled or trailing "/"); remove it.');
    }
    const param = PARAM_SEGMENT.exec(segment);
    if (param) {
      if (param[2] === '+' && index !== segments.length - 1) {
        fail(`the greedy parameter ${segment} must be the last segment of the path.`);
      }
      if (pathParameters.includes(param[1])) {
        fail(`the path parameter {${param[1]}} appears twice.`);
      }
      pathParameters.push(param[1]);
    } else if (!LITERAL_SEGMENT.test(segment)) {
      fail(`segment ${JSON.stringify(segment)} may only contain a-z, A-Z, 0-9, ".", "_" and "-", or be a parameter such as {id} or a greedy {proxy+}.`);
    }
  });
  return { key: `${method} ${path}`, method: method as RouteMethod, path, segments, pathParameters };
}

/** Whether a segment is a `{param}` or `{param+}` (a "variable path part" in API Gateway's words). */
export function isVariableSegment(segment: string): boolean {
  return PARAM_SEGMENT.test(segment);
}

/**
 * The path as an execute-api ARN or resource policy addresses it: each
 * parameter becomes `*`, since the ARN carries the request's actual path.
 */
export function executeApiPath(parsed: ParsedRouteKey): string {
  return '/' + parsed.segments.map(segment => isVariableSegment(segment) ? '*' : segment).join('/');
}

const EVERY_METHOD = ROUTE_METHODS.filter(method => method !== 'ANY');

/**
 * Whether an execute-api pattern (`method` or `*`, and a path from
 * `executeApiPath`) matches requests that reach `route`. In an execute-api
 * ARN `*` matches any characters, `/` included, so `/pets/*` also covers
 * `/pets/{id}/secrets`.
 * @param excludedMethods methods an ANY `route` does not receive: those of other routes on its path, and OPTIONS when a preflight answers it
 */
export function executeApiPatternCovers(method: string, path: string, route: ParsedRouteKey, excludedMethods: readonly string[] = []): boolean {
  return executeApiPatternMatcher(method, path)(route, excludedMethods);
}

/** `executeApiPatternCovers` for one pattern, compiled once to test many routes. */
export function executeApiPatternMatcher(method: string, path: string): (route: ParsedRouteKey, excludedMethods?: readonly string[]) => boolean {
  // The pattern's stage is `*` too, and may span into the method and path.
  const pattern = new RegExp('^' + `*/${method}${path}`.split('*').map(part => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return (route, excludedMethods = []) => {
    const methods = (route.method === 'ANY' ? EVERY_METHOD : [route.method]).filter(each => !excludedMethods.includes(each));
    // A parameter segment stands for itself: literals cannot contain braces, so only a `*` matches it.
    return methods.some(each => pattern.test(`stage/${each}${route.path}`));
  };
}
