import { Annotations } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { IConstruct, IDependable } from 'constructs';
import type { GatewayStage } from './gateway-stage';
import type { UsagePlanRecord, RestApiModel } from './model/rest-api-model';
import type { RouteBinder } from './route-binding';
import type { GatewayUsagePlan } from './usage-plan';
import { GatewayValidationError } from '../core/errors';

/** API Gateway's default (adjustable) quota of stages per API, which the library warns about. */
const DEFAULT_STAGES_PER_API = 10;

/**
 * The stages and usage plans of one REST API. Attachment is one way: a new
 * stage tells the API it exists (`attachStage`), and the API adds its record
 * to the model, grants the aliases it selects, and attaches the account's
 * logging role and the API's web ACL; a usage plan adds its record
 * (`attachUsagePlan`). Nothing calls back into the stage or the plan: what the
 * renderers need, they read from the model.
 */
export class RestApiAttachments {
  private readonly list: GatewayStage[] = [];
  private readonly plans: GatewayUsagePlan[] = [];

  /**
   * @param api the API: warnings and `StageUnknown` name it
   * @param accountLogging what every stage waits for so that execution logs can be written
   * @param webAclArn the web ACL every stage is associated with
   */
  constructor(
    private readonly api: IConstruct, private readonly model: RestApiModel, private readonly binder: RouteBinder,
    private readonly accountLogging?: IDependable, private readonly webAclArn?: string,
  ) {}

  /** The stages, in the order they were added. */
  public get stages(): readonly GatewayStage[] {
    return this.list;
  }

  /** The usage plans, in the order they were added. */
  public get usagePlans(): readonly GatewayUsagePlan[] {
    return this.plans;
  }

  public attachUsagePlan(plan: GatewayUsagePlan, record: UsagePlanRecord): void {
    this.plans.push(plan);
    this.model.addUsagePlan(record);
  }

  /** The stage with the given name; throws if there is none. */
  public stage(name: string): GatewayStage {
    const found = this.list.find(stage => stage.stageName === name);
    if (!found) {
      throw new GatewayValidationError(this.api, 'StageUnknown', `there is no stage named ${JSON.stringify(name)}; stages are: ${this.list.map(stage => stage.stageName).join(', ')}.`);
    }
    return found;
  }

  public attachStage(stage: GatewayStage): void {
    this.model.checkStageName(stage, stage._record.name);
    this.binder.registerStage(stage);
    if (this.accountLogging) {
      stage.resource.node.addDependency(this.accountLogging);
    }
    if (this.webAclArn) {
      // The ARN refers to the stage: the association is made once the stage exists.
      new wafv2.CfnWebACLAssociation(stage, 'WebAclAssociation', { resourceArn: stage.stageArn, webAclArn: this.webAclArn });
    }
    this.list.push(stage);
    // A stage with a cache changes the body (cache keys of cacheable routes): the model's new version re-renders it.
    this.model.addStage(stage._record);
    if (this.list.length === DEFAULT_STAGES_PER_API + 1) {
      Annotations.of(this.api).addWarningV2('cdk-apigateway-patterns:stageQuota', `more than ${DEFAULT_STAGES_PER_API} stages: API Gateway's default quota is ${DEFAULT_STAGES_PER_API} stages per API; request an increase before deploying.`);
    }
  }
}
