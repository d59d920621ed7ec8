import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { IConstruct } from 'constructs';
import { RouteRecord } from './route-record';
import { RouteTable } from './route-table';
import type { IResourcePolicy } from '../../auth/resource-policy';
import type { IRestAuthorization, RestAuthorizerConfig } from '../../auth/rest-authorization';
import type { CorsOptions } from '../../core/cors-options';
import { GatewayValidationError } from '../../core/errors';
import type { ThrottleSettings } from '../../core/throttle';
import type { StageCacheOptions } from '../cache';
import type { GatewayResponseRecord } from '../gateway-response';
import type { Model } from '../model';

/** The API-level settings the renderers and rules read. */
export interface RestApiSettings {
  /** The document's title: the API's name. */
  readonly title: string;
  readonly description?: string;
  readonly apiKeySource?: apigw.ApiKeySourceType;
  /** The smallest response, in bytes, that API Gateway compresses; undefined leaves compression off. */
  readonly minimumCompressionSize?: number;
  /** CORS for routes that set none of their own. */
  readonly cors?: CorsOptions;
  readonly defaultAuthorization?: IRestAuthorization;
  /** Whether the API is private (reached through VPC endpoints). */
  readonly privateEndpoint: boolean;
  /** `ipv4` or `dualstack`, as API Gateway will have it (a private API is always dual-stack). */
  readonly ipAddressType?: string;
  /** The media types API Gateway treats as binary. */
  readonly binaryMediaTypes?: readonly string[];
}

/** A model's OpenAPI schema object, as rendered and checked once, and the models it refers to. */
export interface ModelEntry {
  readonly model: Model;
  readonly schema: Record<string, unknown>;
  readonly refs: ReadonlySet<string>;
}

/** A stage as the model sees it: what the renderers and rules of the API read about it. */
export interface StageRecord {
  readonly name: string;
  /** The stage's variables, `lambdaAlias` included. */
  readonly variables: { readonly [name: string]: string };
  /** The variables as the canary's requests see them; undefined without a canary. */
  readonly canaryVariables?: { readonly [name: string]: string };
  readonly cache?: StageCacheOptions;
  readonly throttle?: ThrottleSettings;
  /** Per-route throttles, by canonical route key. */
  readonly routeThrottles: ReadonlyMap<string, ThrottleSettings>;
  readonly executionLogLevel?: apigw.MethodLoggingLevel;
  readonly detailedMetrics?: boolean;
  /** Whether the stage presents a client certificate to HTTP backends. */
  readonly clientCertificate?: boolean;
}

/** A usage plan as the model sees it. */
export interface UsagePlanRecord {
  /** The stages it names; undefined covers every stage, including later ones. */
  readonly stages?: readonly string[];
  /** Per-key throttles for single routes, by canonical route key. */
  readonly routeThrottles: ReadonlyMap<string, ThrottleSettings>;
  /** The plan's construct path, for messages that name it. */
  readonly plan?: string;
  /** The ids of the plan's API keys (tokens for keys of this app); the plan adds to it as keys are added. */
  readonly keyIds?: readonly string[];
}

/**
 * Everything a REST API is made of, as plain data: routes, models,
 * authorizers, gateway responses, resource policy blocks, stages, usage
 * plans and the API-level settings. The renderers (`render/`) and the rules
 * (`validate/`) are functions of it.
 *
 * Every change bumps `version`; `memo` caches a rendering per version, so each
 * output is rendered once per state of the model and nothing resets it by hand.
 */
export class RestApiModel {
  public readonly routes = new RouteTable();
  private readonly modelEntries = new Map<string, ModelEntry>();
  private readonly authorizerEntries = new Map<string, RestAuthorizerConfig>();
  private readonly responses: GatewayResponseRecord[] = [];
  private readonly policy: IResourcePolicy[] = [];
  private readonly stageRecords: StageRecord[] = [];
  private readonly planRecords: UsagePlanRecord[] = [];
  private readonly memos = new Map<string, { readonly version: number; readonly value: unknown }>();
  private changes = 0;

  constructor(public readonly settings: RestApiSettings) {}

  /** Changes with every addition to the model. */
  public get version(): number {
    return this.changes;
  }

  /** `compute()`, once per version of the model and key. */
  public memo<T>(key: string, compute: () => T): T {
    const hit = this.memos.get(key);
    if (hit && hit.version === this.changes) {
      return hit.value as T;
    }
    const value = compute();
    this.memos.set(key, { version: this.changes, value });
    return value;
  }

  public get models(): ReadonlyMap<string, ModelEntry> {
    return this.modelEntries;
  }

  /** Cognito and Lambda authorizers by configuration key: routes with the same one share it. */
  public get authorizers(): ReadonlyMap<string, RestAuthorizerConfig> {
    return this.authorizerEntries;
  }

  public get gatewayResponses(): readonly GatewayResponseRecord[] {
    return this.responses;
  }

  public get policyBlocks(): readonly IResourcePolicy[] {
    return this.policy;
  }

  public get stages(): readonly StageRecord[] {
    return this.stageRecords;
  }

  public get usagePlans(): readonly UsagePlanRecord[] {
    return this.planRecords;
  }

  /** Whether some stage has a cache, so that cacheable routes need their cache keys. */
  public get caching(): boolean {
    return this.stageRecords.some(stage => stage.cache !== undefined);
  }

  /** The names of the stages a plan covers. */
  public stageNamesOf(plan: UsagePlanRecord): string[] {
    return plan.stages ? [...plan.stages] : this.stageRecords.map(stage => stage.name);
  }

  public addRoute(record: RouteRecord): void {
    this.routes.add(record);
    this.changes++;
  }

  /**
   * The entry a model would have: the existing one when the same `Model` is
   * there already (routes share models: one rendering and one check each), else
   * a new one, which must not differ from another model of its name.
   * `resolve` turns tokens into what the template will hold, to compare schemas.
   */
  public entryFor(scope: IConstruct, model: Model, resolve: (value: unknown) => unknown): ModelEntry {
    const existing = this.modelEntries.get(model.name);
    if (existing?.model === model) {
      return existing;
    }
    const refs = new Set<string>();
    const schema = model._render(scope, refs);
    if (existing && JSON.stringify(resolve(existing.schema)) !== JSON.stringify(resolve(schema))) {
      throw new GatewayValidationError(scope, 'ModelNameConflict', `two different models are named ${model.name}; model names are unique within an API, so rename one or reuse the same Model.`);
    }
    return { model, schema, refs };
  }

  public addModel(entry: ModelEntry): void {
    this.modelEntries.set(entry.model.name, entry);
    this.changes++;
  }

  /** Registers a Cognito or Lambda authorizer once per configuration; `added` says whether it is new. */
  public addAuthorizer(scope: IConstruct, bound: RestAuthorizerConfig): { readonly name: string; readonly added: boolean } {
    const existing = this.authorizerEntries.get(bound.key);
    if (existing) {
      return { name: existing.name, added: false };
    }
    if ([...this.authorizerEntries.values()].some(other => other.name === bound.name)) {
      throw new GatewayValidationError(scope, 'AuthorizerNameConflict', `two different authorizers would both be named ${bound.name}; use one Authorization object per authorizer configuration.`);
    }
    this.authorizerEntries.set(bound.key, bound);
    this.changes++;
    return { name: bound.name, added: true };
  }

  public addGatewayResponse(scope: IConstruct, record: GatewayResponseRecord): void {
    if (this.responses.some(existing => existing.type.responseType === record.type.responseType)) {
      throw new GatewayValidationError(scope, 'GatewayResponseDuplicate', `gateway response ${record.type.responseType} is added twice; each type has one response.`);
    }
    this.responses.push(record);
    this.changes++;
  }

  public addPolicyBlock(block: IResourcePolicy): void {
    this.policy.push(block);
    this.changes++;
  }

  /** Stage names are unique within an API; `scope` (the new stage) is named if its name is taken. */
  public checkStageName(scope: IConstruct, name: string): void {
    if (this.stageRecords.some(existing => existing.name === name)) {
      throw new GatewayValidationError(scope, 'StageDuplicate', `stage ${name} is defined twice; stage names are unique within an API.`);
    }
  }

  /** Adds a stage whose name `checkStageName` accepted. */
  public addStage(stage: StageRecord): void {
    this.stageRecords.push(stage);
    this.changes++;
  }

  public addUsagePlan(plan: UsagePlanRecord): void {
    this.planRecords.push(plan);
    this.changes++;
  }
}
