import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { IConstruct } from 'constructs';
import type { GatewayRestApi } from './gateway-rest-api';
import type { UsagePlanRecord } from './model/rest-api-model';
import { renderUsagePlanThrottles } from './render/usage-plan-throttles';
import { RouteThrottles } from './route-throttles';
import { GatewayValidationError } from '../core/errors';
import { ThrottleSettings } from '../core/throttle';

/** One API a usage plan covers: its stages and the plan's per-route throttles there, as that API's model keeps them. */
interface PlanApi {
  readonly api: GatewayRestApi;
  readonly record: UsagePlanRecord;
  readonly routeThrottles: RouteThrottles;
}

/** What a plan says about one API. */
export interface PlanApiInput {
  readonly stages?: string[];
  readonly routeThrottles?: { [routeKey: string]: ThrottleSettings };
}

/**
 * The APIs one usage plan covers. Each API gets its own `UsagePlanRecord`
 * (attached one way, as for the plan's first API), so that API's rules see
 * the plan; the plan renders one `ApiStages` entry per stage of each API,
 * with that API's per-route throttles.
 */
export class UsagePlanApis {
  private readonly list: PlanApi[] = [];

  /**
   * @param plan the plan: errors and warnings name it
   * @param keyIds the ids of the plan's keys, a list the plan keeps adding to (the records share it)
   */
  constructor(private readonly plan: IConstruct, private readonly keyIds: readonly string[], private readonly hasThrottle: boolean) {}

  public get all(): readonly PlanApi[] {
    return this.list;
  }

  /** Checks and records an API; the first is the API the plan was created for. */
  public add(api: GatewayRestApi, input: PlanApiInput): PlanApi {
    const primary = this.list.length === 0;
    // Types stop this in every jsii language but JavaScript.
    if (typeof (api as { _attachments?: { attachUsagePlan?: unknown } })._attachments?.attachUsagePlan !== 'function') {
      throw new GatewayValidationError(this.plan, 'UsagePlanNotRestApi', `usage plans and API keys exist only on REST APIs, and ${(api as IConstruct).node?.path ?? 'the given API'} is not one; use GatewayRestApi.`);
    }
    if (this.list.some(entry => entry.api === api)) {
      throw new GatewayValidationError(this.plan, 'UsagePlanApiDuplicate', `API ${api.node.path} is added to the usage plan twice; a stage appears once in a plan, so name all of its stages in one call (stages: [...]).`);
    }
    if (!primary) {
      this.checkSameEnvironment(api);
    }
    const routeThrottles = new RouteThrottles(this.plan, 'usage plan throttle', input.routeThrottles);
    if (routeThrottles.size > 0 && !this.hasThrottle) {
      throw new GatewayValidationError(this.plan, 'UsagePlanRouteThrottleWithoutThrottle', 'routeThrottles need a plan-wide throttle: API Gateway rejects per-route limits in a usage plan without one; set throttle too.');
    }
    if (input.stages?.length === 0) {
      throw new GatewayValidationError(this.plan, 'UsagePlanStagesEmpty', 'stages is empty, so the plan would cover nothing; name the stages or leave stages out to cover all of them.');
    }
    const repeated = input.stages?.find((name, index) => input.stages!.indexOf(name) !== index);
    if (repeated !== undefined) {
      throw new GatewayValidationError(this.plan, 'UsagePlanStageDuplicate', `stages names ${JSON.stringify(repeated)} twice; a stage appears once in a usage plan, so name it once.`);
    }
    const record: UsagePlanRecord = { stages: input.stages, routeThrottles: routeThrottles.toMap(), plan: this.plan.node.path, keyIds: this.keyIds };
    const entry = { api, record, routeThrottles };
    this.list.push(entry);
    return entry;
  }

  /** `UsagePlan.ApiStages`: every covered stage of every API, in the order the APIs were added. */
  public renderApiStages(): apigw.CfnUsagePlan.ApiStageProperty[] {
    return this.list.flatMap(({ api, record }) => {
      const throttle = renderUsagePlanThrottles(record, api._model.routes.all);
      const names = api._model.stageNamesOf(record);
      // Unknown stage names are reported by validate(), which runs after references are resolved.
      return api.stages.filter(stage => names.includes(stage.stageName)).map(stage => ({
        apiId: api.restApiId,
        // The stage's Ref, not its name: the plan must wait until the stage exists.
        stage: stage.resource.ref,
        throttle,
      }));
    });
  }

  /** The checks that need every stage and route: run at synth. */
  public validate(): void {
    // The first API is the one the plan was created for: its messages stay as they were before plans covered several.
    for (const [index, { api, record, routeThrottles }] of this.list.entries()) {
      const primary = index === 0;
      const stages = new Set(api.stages.map(stage => stage.stageName));
      const which = primary ? 'the API does not have' : `API ${api.node.path} does not have`;
      for (const name of api._model.stageNamesOf(record)) {
        if (!stages.has(name)) {
          throw new GatewayValidationError(this.plan, 'UsagePlanStageUnknown', `the usage plan names stage ${JSON.stringify(name)}, which ${which}; stages are: ${[...stages].join(', ')}.`);
        }
      }
      routeThrottles.validateAgainst(api._model.routes.all);
      if (!api._model.routes.all.some(route => route.apiKeyRequired)) {
        const where = primary ? 'no route' : `no route of API ${api.node.path}`;
        Annotations.of(this.plan).addWarningV2('cdk-apigateway-patterns:usagePlanUnused', `${where} requires an API key, so this plan's throttle and quota apply to no request; set apiKeyRequired: true on the routes it should meter.`);
      }
    }
  }

  /** A usage plan and the APIs it covers live in one account and Region; other stacks of it are fine (CDK exports the ids). */
  private checkSameEnvironment(api: GatewayRestApi): void {
    const mine = Stack.of(this.plan);
    const theirs = Stack.of(api);
    for (const [what, a, b] of [['Region', mine.region, theirs.region], ['account', mine.account, theirs.account]] as const) {
      if (!Token.isUnresolved(a) && !Token.isUnresolved(b) && a !== b) {
        throw new GatewayValidationError(this.plan, 'UsagePlanApiOtherEnvironment', `API ${api.node.path} is in ${what} ${b}, the usage plan in ${a}; a usage plan covers stages of its own account and Region only, so create a plan in ${b} for it.`);
      }
    }
  }
}
