import { CfnResource, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { checkHookNotShifted, checkReleaseHook } from './release-hooks';
import { GatewayValidationError } from '../core/errors';
import { acknowledgeCompliance, acknowledgeRolePolicy } from '../core/nag-acknowledgments';
import { checkArguments } from '../core/private/check-arguments';
import { checkInteger, checkRange } from '../core/rules';
import { DEFAULT_ALIAS_VARIABLE } from '../integrations/integration';
import type { GatewayStage } from '../rest/gateway-stage';

/** Properties of a `GradualAliasDeployment`. */
export interface GradualAliasDeploymentProps {
  /** The alias CodeDeploy moves to each new version of its function. */
  readonly alias: lambda.Alias;

  /**
   * How traffic moves: canary or linear.
   * @default codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES
   */
  readonly deploymentConfig?: codedeploy.ILambdaDeploymentConfig;

  /**
   * The stage whose canary 5XX rate (or, without a canary, 5XX rate) rolls the deployment back.
   * @default - only the function's errors roll back
   */
  readonly stage?: GatewayStage;

  /**
   * More alarms that roll the deployment back.
   * @default - none
   */
  readonly alarms?: cloudwatch.IAlarm[];

  /**
   * A function CodeDeploy invokes before any traffic moves (BeforeAllowTraffic),
   * to test the new version; it reports `Succeeded` or `Failed` with
   * `codedeploy:PutLifecycleEventHookExecutionStatus`, which it is granted on
   * this deployment group. `Failed` stops and rolls back the deployment.
   * @default - no pre-traffic hook
   */
  readonly preTrafficHook?: lambda.IFunction;

  /**
   * A function CodeDeploy invokes once all traffic has moved (AfterAllowTraffic),
   * e.g. end-to-end checks; granted and reporting as `preTrafficHook`.
   * @default - no post-traffic hook
   */
  readonly postTrafficHook?: lambda.IFunction;

  /**
   * The stage's (canary) 5XX rate, in percent of its requests, above which
   * the deployment rolls back: more than 0, at most 100. Only with `stage`.
   * @default 1
   */
  readonly apiErrorRateThresholdPercent?: number;

  /**
   * How many consecutive minutes the 5XX rate must be above the threshold
   * before the deployment rolls back: 1 to 1440 (CloudWatch evaluates
   * one-minute periods over at most a day). Only with `stage`.
   * @default 1
   */
  readonly apiErrorEvaluationPeriods?: number;
}

/** CloudWatch evaluates periods under an hour over at most a day: 1,440 one-minute periods. */
const MAX_ONE_MINUTE_PERIODS = 1440;

/**
 * Gradual Lambda alias shifting: CodeDeploy moves the alias to a new version
 * step by step and rolls back when the function's errors or the API's 5XX
 * rate raise an alarm, or when the deployment fails or is stopped.
 */
export class GradualAliasDeployment extends Construct {
  /** The CodeDeploy deployment group. */
  public readonly deploymentGroup: codedeploy.LambdaDeploymentGroup;
  /** The alarm on the alias's errors. */
  public readonly functionErrorsAlarm: cloudwatch.Alarm;
  /**
   * The alarm on the stage's (canary) 5XX rate.
   * @default - undefined without a stage
   */
  public readonly apiErrorsAlarm?: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: GradualAliasDeploymentProps) {
    checkArguments(scope, 'GradualAliasDeployment', arguments);
    super(scope, id);
    this.functionErrorsAlarm = new cloudwatch.Alarm(this, 'FunctionErrors', {
      metric: props.alias.metricErrors({ period: Duration.minutes(1) }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `${props.alias.aliasName}: errors during a gradual deployment`,
    });
    const alarms: cloudwatch.IAlarm[] = [this.functionErrorsAlarm, ...props.alarms ?? []];
    const threshold = this.apiErrorThreshold(props);
    if (props.stage) {
      const stage = props.stage;
      // Watch the traffic that invokes this alias: the canary's, or the rest of the stage's.
      const aliasName = props.alias.aliasName;
      const canaryAlias = stage.canaryVariables?.[DEFAULT_ALIAS_VARIABLE];
      const stageAlias = stage.variables[DEFAULT_ALIAS_VARIABLE];
      let metric: cloudwatch.IMetric;
      if (canaryAlias === aliasName && stageAlias !== aliasName) {
        metric = stage.metricCanaryServerError();
      } else if (stageAlias === aliasName) {
        metric = stage.metricServerError();
      } else {
        throw new GatewayValidationError(this, 'GradualDeploymentAliasNotInvoked', `stage ${stage.stageName} does not invoke alias ${aliasName} (its lambdaAlias is ${stageAlias ?? 'unset'}${canaryAlias !== undefined ? `, its canary's ${canaryAlias}` : ''}), so its errors cannot judge the deployment; pass the stage that invokes the alias, or leave stage out.`);
      }
      this.apiErrorsAlarm = new cloudwatch.Alarm(this, 'ApiErrors', {
        metric,
        // 5XXError's Average is the share of requests that failed: 1% is 0.01.
        threshold: threshold.percent / 100,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: threshold.evaluationPeriods,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: `${stage.api.apiName} ${stage.stageName}: 5XX during a gradual deployment of ${props.alias.aliasName}`,
      });
      alarms.push(this.apiErrorsAlarm);
    }
    this.deploymentGroup = new codedeploy.LambdaDeploymentGroup(this, 'DeploymentGroup', {
      alias: props.alias,
      deploymentConfig: props.deploymentConfig ?? codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
      alarms,
      autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
      // aws-cdk-lib grants each hook PutLifecycleEventHookExecutionStatus on the group, and the group's role invoke on the hook.
      preHook: this.hook('preTrafficHook', props.preTrafficHook, props.alias),
      postHook: this.hook('postTrafficHook', props.postTrafficHook, props.alias),
    });
    this.acknowledgeHookGrants([props.preTrafficHook, props.postTrafficHook]);
    for (const alarm of [this.functionErrorsAlarm, this.apiErrorsAlarm]) {
      if (alarm) {
        acknowledgeCompliance(alarm, 'CloudWatchAlarmAction', 'The CodeDeploy deployment group watches this alarm and rolls the alias back when it fires; that is the action, and it needs no SNS or Auto Scaling action of its own.');
      }
    }
    Validations.of(this.deploymentGroup).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSCodeDeployRoleForLambdaLimited]',
      reason: 'AWSCodeDeployRoleForLambdaLimited is AWS\'s least-privilege policy for CodeDeploy moving Lambda aliases; the functions are not known to the role in advance.',
    });
  }

  private hook(which: string, hook: lambda.IFunction | undefined, alias: lambda.Alias): lambda.IFunction | undefined {
    if (hook) {
      checkReleaseHook(this, which, hook, alias);
      // Whether the hook is shifted itself is known only once every deployment group exists.
      this.node.addValidation({ validate: () => (checkHookNotShifted(this, which, hook), []) });
    }
    return hook;
  }

  /** The findings of the invoke grants aws-cdk-lib gives the group's role for its hooks. */
  private acknowledgeHookGrants(hooks: Array<lambda.IFunction | undefined>): void {
    const given = hooks.filter((hook): hook is lambda.IFunction => hook !== undefined);
    if (given.length === 0) {
      return;
    }
    const role = this.deploymentGroup.role;
    acknowledgeRolePolicy(role);
    for (const hook of given) {
      const resource = hook.node.defaultChild;
      if (resource && CfnResource.isCfnResource(resource) && Stack.of(resource) === Stack.of(this)) {
        Validations.of(role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(resource)}.Arn>:*]`,
          reason: 'aws-cdk-lib\'s grantInvoke covers the hook\'s own versions and aliases (:*) besides the function; CodeDeploy invokes the hook by name, and no other function is reachable through it.',
        });
      }
    }
  }

  private apiErrorThreshold(props: GradualAliasDeploymentProps): { readonly percent: number; readonly evaluationPeriods: number } {
    const { apiErrorRateThresholdPercent: percent, apiErrorEvaluationPeriods: periods } = props;
    if (!props.stage && (percent !== undefined || periods !== undefined)) {
      throw new GatewayValidationError(this, 'GradualDeploymentThresholdWithoutStage', 'apiErrorRateThresholdPercent and apiErrorEvaluationPeriods set the alarm on the stage\'s 5XX rate, but no stage is given; pass stage, or leave them out.');
    }
    checkRange(this, 'apiErrorRateThresholdPercent', percent, 0, 100, 'It is a share of the stage\'s requests, more than 0 and at most 100.');
    if (percent === 0) {
      throw new GatewayValidationError(this, 'GradualDeploymentThresholdZero', 'apiErrorRateThresholdPercent 0 is not a threshold: the alarm fires when the 5XX rate is above it, so set more than 0 (e.g. 0.1), and roll back on any error with the function\'s errors alarm, which is always there.');
    }
    checkRange(this, 'apiErrorEvaluationPeriods', periods, 1, MAX_ONE_MINUTE_PERIODS, 'CloudWatch evaluates one-minute periods over at most a day.');
    checkInteger(this, 'apiErrorEvaluationPeriods', periods);
    return { percent: percent ?? 1, evaluationPeriods: periods ?? 1 };
  }
}
