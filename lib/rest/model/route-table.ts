import { IConstruct } from 'constructs';
import { RouteRecord } from './route-record';
import { CorsOptions, sameCors } from '../../core/cors-options';
import { GatewayValidationError } from '../../core/errors';
import { isVariableSegment, ParsedRouteKey } from '../../core/route-key';

/**
 * The routes of one REST API, in the order they were added, by key and by path,
 * with the checks that are about the set of routes rather than one route:
 * a route added twice, two parameter names at one level, an operationId used
 * twice, and CORS settings that routes sharing a preflight disagree on.
 *
 * Plain data: errors name the `scope` given to each check, nothing else needs a construct.
 */
export class RouteTable {
  private readonly list: RouteRecord[] = [];
  private readonly byKey = new Map<string, RouteRecord>();
  private readonly byPath = new Map<string, RouteRecord[]>();
  /** The parameter segment used under each parent path. */
  private readonly variableSegments = new Map<string, string>();
  private readonly operationIds = new Set<string>();

  /** Every route, in the order added. */
  public get all(): readonly RouteRecord[] {
    return this.list;
  }

  public get size(): number {
    return this.list.length;
  }

  /** The route with this canonical key (`GET /pets/{id}`). */
  public get(key: string): RouteRecord | undefined {
    return this.byKey.get(key);
  }

  /** The routes on one path, in the order added. */
  public onPath(path: string): readonly RouteRecord[] {
    return this.byPath.get(path) ?? [];
  }

  /** The paths whose routes use CORS, each once, in the order routes were added. */
  public preflightPaths(): string[] {
    return [...new Set(this.list.filter(route => route.cors).map(route => route.parsed.path))];
  }

  /** A route of this key exists already. */
  public checkNotDuplicate(scope: IConstruct, parsed: ParsedRouteKey): void {
    if (this.byKey.has(parsed.key)) {
      throw new GatewayValidationError(scope, 'RouteDuplicate', `route ${parsed.key} is added twice; each method and path may have one integration.`);
    }
  }

  /** API Gateway allows one variable path part among siblings: `/pets/{id}` and `/pets/{petId}` cannot coexist. */
  public checkSiblingParameters(scope: IConstruct, segments: readonly string[]): void {
    const seen = new Map<string, string>();
    segments.forEach((segment, index) => {
      if (!isVariableSegment(segment)) {
        return;
      }
      const parent = '/' + segments.slice(0, index).join('/');
      const existing = this.variableSegments.get(parent) ?? seen.get(parent);
      if (existing !== undefined && existing !== segment) {
        throw new GatewayValidationError(scope, 'PathParameterSiblingConflict', `path ${'/' + segments.join('/')} puts ${segment} beside ${existing} under ${parent}; API Gateway allows one parameter per level, so use the same name (${existing}) in both routes.`);
      }
      seen.set(parent, segment);
    });
  }

  /** Operation ids are unique within an API. */
  public checkOperationIdUnused(scope: IConstruct, parsed: ParsedRouteKey, operationId: string): void {
    if (this.operationIds.has(operationId)) {
      throw new GatewayValidationError(scope, 'OperationIdDuplicate', `operationId ${JSON.stringify(operationId)} of route ${parsed.key} is already used by another route; operation ids must be unique.`);
    }
  }

  /** The route's CORS settings must agree with the other routes on its path, which share one preflight. */
  public checkCorsAgrees(scope: IConstruct, parsed: ParsedRouteKey, cors: CorsOptions | undefined): void {
    const { key, path, method } = parsed;
    // The routes already on the path agree with each other (this check ran for each), so the first speaks for them all.
    const other = this.byPath.get(path)?.[0];
    if (other) {
      const agree = cors && other.cors ? sameCors(cors, other.cors) : cors === other.cors;
      if (!agree) {
        throw new GatewayValidationError(scope, 'CorsConflictOnPath', `route ${key} and route ${other.parsed.key} have different CORS settings, but routes on one path share one preflight; give them the same cors.`);
      }
      if (cors && method === 'OPTIONS') {
        throw new GatewayValidationError(scope, 'CorsWithOptionsRoute', `path ${path} has an OPTIONS route and CORS: the library answers the preflight itself, so remove the OPTIONS route or the cors settings.`);
      }
    }
    if (cors && method === 'OPTIONS') {
      throw new GatewayValidationError(scope, 'CorsWithOptionsRoute', `route ${key} is an OPTIONS route on a path with CORS: the library answers the preflight itself, so remove the OPTIONS route or the cors settings.`);
    }
  }

  /** Adds a route that passed the checks above; call it through `RestApiModel.addRoute`, which versions the model. */
  public add(record: RouteRecord): void {
    const { parsed } = record;
    parsed.segments.forEach((segment, index) => {
      if (isVariableSegment(segment)) {
        this.variableSegments.set('/' + parsed.segments.slice(0, index).join('/'), segment);
      }
    });
    if (record.options.operationId !== undefined) {
      this.operationIds.add(record.options.operationId);
    }
    this.list.push(record);
    this.byKey.set(parsed.key, record);
    this.byPath.set(parsed.path, [...this.byPath.get(parsed.path) ?? [], record]);
  }
}
