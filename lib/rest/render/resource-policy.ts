import { IConstruct } from 'constructs';
import { IResourcePolicy, PolicyContext, ResourcePolicyKind } from '../../auth/resource-policy';
import { AuthorizationType } from '../../auth/rest-authorization';
import { GatewayValidationError } from '../../core/errors';
import { isIntrinsic } from '../../core/intrinsics';
import { executeApiPath, executeApiPatternMatcher } from '../../core/route-key';
import { checkOneOf, enumValues } from '../../core/rules';
import type { RestApiModel } from '../model/rest-api-model';
import type { RouteRecord } from '../model/route-record';

/** API Gateway's limit on the length of a REST API's resource policy. */
export const RESOURCE_POLICY_MAX_LENGTH = 8192;
/** How long a value known only at deploy time (an id, an account) is taken to be when sizing the policy. */
const DEPLOY_TIME_VALUE_LENGTH = 32;

/** The policy context of the model's API: what its blocks need to know to render. */
export function policyContext(model: RestApiModel): PolicyContext {
  return { privateEndpoint: model.settings.privateEndpoint };
}

/** The model's resource policy (see `renderResourcePolicy`); `scope` is named by the errors of its blocks. */
export function renderPolicy(scope: IConstruct, model: RestApiModel): Record<string, unknown> | undefined {
  return renderResourcePolicy(scope, model.policyBlocks, model.routes.all, model.routes.preflightPaths(), policyContext(model));
}

/**
 * The REST API's resource policy: the restrictions (Deny), the grants, and
 * the Allow that lets callers reach the routes that are not IAM-authorized.
 *
 * With a resource policy, API Gateway denies a request that no statement
 * allows. Allowing every principal on `execute-api:/*` would also let any
 * AWS principal through IAM-authorized routes (a resource policy Allow is
 * enough in the same account), so when the API has IAM routes the Allow
 * lists the other routes one by one instead.
 */
export function renderResourcePolicy(
  scope: IConstruct,
  blocks: readonly IResourcePolicy[],
  routes: readonly RouteRecord[],
  preflightPaths: readonly string[],
  context: PolicyContext,
): Record<string, unknown> | undefined {
  if (blocks.length === 0) {
    return undefined;
  }
  const bound = blocks.map(block => block.bind({ scope, privateEndpoint: context.privateEndpoint }));
  bound.forEach(block => checkOneOf(scope, 'resource policy block kind', block.kind, enumValues(ResourcePolicyKind), 'return ResourcePolicyKind.RESTRICTION or GRANT from bind()', true));
  const restrictions = bound.filter(block => block.kind === ResourcePolicyKind.RESTRICTION).map(block => block.statement);
  const grants = bound.filter(block => block.kind === ResourcePolicyKind.GRANT).map(block => block.statement);
  const statements = [...restrictions, ...grants];
  const publicResources = publicRouteResources(routes, preflightPaths);
  if (publicResources.length > 0) {
    statements.push({
      Effect: 'Allow',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: publicResources.length === 1 ? publicResources[0] : publicResources,
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}

/** `execute-api:/*` when no route is IAM-authorized; otherwise each other route and preflight. */
function publicRouteResources(routes: readonly RouteRecord[], preflightPaths: readonly string[]): string[] {
  if (!routes.some(isIamRoute)) {
    return ['execute-api:/*'];
  }
  return [...new Set(publicPatterns(routes, routesByPath(routes), preflightPaths).map(pattern => `execute-api:/*/${pattern.method}${pattern.path}`))];
}

/** An execute-api method and path pattern that the policy allows to everyone, and what it is for. */
interface PublicPattern {
  readonly source: string;
  readonly method: string;
  readonly path: string;
}

function publicPatterns(
  routes: readonly RouteRecord[], byPath: ReadonlyMap<string, RouteRecord[]>, preflightPaths: readonly string[],
): PublicPattern[] {
  const patterns: PublicPattern[] = routes.filter(route => !isIamRoute(route)).map(route => ({
    source: route.parsed.key,
    method: route.parsed.method === 'ANY' ? '*' : route.parsed.method,
    path: executeApiPath(route.parsed),
  }));
  for (const path of preflightPaths) {
    patterns.push({ source: `the CORS preflight OPTIONS ${path}`, method: 'OPTIONS', path: executeApiPath(byPath.get(path)![0].parsed) });
  }
  return patterns;
}

/** The routes of each path, in the order they were added. */
function routesByPath(routes: readonly RouteRecord[]): Map<string, RouteRecord[]> {
  const byPath = new Map<string, RouteRecord[]>();
  for (const route of routes) {
    byPath.set(route.parsed.path, [...byPath.get(route.parsed.path) ?? [], route]);
  }
  return byPath;
}

/**
 * The public Allow lists execute-api patterns, whose `*` matches across `/`:
 * `GET /pets/{id}` becomes `GET/pets/*`, which also matches an IAM route
 * `GET /pets/{id}/secrets` and would open it to every principal. Such an API
 * cannot be expressed safely, so synth fails, naming both routes.
 */
export function checkPublicPatternsSpareIamRoutes(scope: IConstruct, routes: readonly RouteRecord[], preflightPaths: readonly string[]): void {
  const byPath = routesByPath(routes);
  const preflights = new Set(preflightPaths);
  // Each pattern compiled once, for every IAM route it is tested against.
  const patterns = publicPatterns(routes, byPath, preflightPaths)
    .map(pattern => ({ ...pattern, covers: executeApiPatternMatcher(pattern.method, pattern.path) }));
  for (const iamRoute of routes.filter(isIamRoute)) {
    // API Gateway sends a request to the method of its own name, or to the preflight, before an ANY method of the same path.
    const answeredElsewhere = [
      ...byPath.get(iamRoute.parsed.path)!.filter(other => other !== iamRoute).map(other => other.parsed.method),
      ...preflights.has(iamRoute.parsed.path) ? ['OPTIONS'] : [],
    ];
    const opener = patterns.find(pattern => pattern.covers(iamRoute.parsed, answeredElsewhere));
    if (opener) {
      throw new GatewayValidationError(scope, 'ResourcePolicyOpensIamRoute', `the resource policy must allow ${opener.source} to everyone as execute-api:/*/${opener.method}${opener.path}, and that pattern also matches IAM route ${iamRoute.parsed.key} (a * in an execute-api ARN matches across "/"), which would open it to every principal; move the IAM route to a path the public routes' patterns do not reach (e.g. under /admin) or into another API.`);
    }
  }
}

function isIamRoute(route: RouteRecord): boolean {
  return route.authorization.authorizationType === AuthorizationType.IAM;
}

/**
 * The policy's length as API Gateway stores it (compact JSON), counting each
 * value known only at deploy time as DEPLOY_TIME_VALUE_LENGTH characters.
 */
export function renderedPolicyLength(resolved: unknown): number {
  return JSON.stringify(resolved, (_key, value) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const keys = Object.keys(value);
      if (keys.length === 1 && keys[0] === 'Fn::Join') {
        const [separator, parts] = value['Fn::Join'] as [string, unknown[]];
        return parts.map(part => typeof part === 'string' ? part : 'x'.repeat(DEPLOY_TIME_VALUE_LENGTH)).join(separator);
      }
      if (isIntrinsic(value)) {
        return 'x'.repeat(DEPLOY_TIME_VALUE_LENGTH);
      }
    }
    return value;
  }).length;
}
