import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { GatewayValidationError } from '../core/errors';
import { acknowledgeCompliance } from '../core/nag-acknowledgments';
import { checkArguments } from '../core/private/check-arguments';
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
}

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
        threshold: 0.01,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
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
    });
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
}
