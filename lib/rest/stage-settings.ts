import { createHash } from 'crypto';
import * as path from 'path';
import { CustomResource, Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { GatewayStage } from './gateway-stage';
import { formatStageArn } from '../core/arns';
import { customResourceHandler, encryptHandlerLogs } from '../core/custom-resource-handler';

/** Where the build puts the bundled handler (handlers/stage-settings, AWS SDK included). */
const HANDLER_BUNDLE = path.join(__dirname, '..', '..', 'assets', 'handlers', 'stage-settings', 'index');
const PROVIDER_ID = 'CdkApigatewayPatternsStageSettingsProvider';

export interface StageSettingsResourceProps {
  readonly stage: GatewayStage;
  /** The desired settings, rendered at synth (when every route is known). */
  readonly settings: () => object;
}

/**
 * A `Custom::ApiGatewayStageSettings` that applies to one stage what
 * CloudFormation cannot: cache invalidation authorization, and removal of a
 * canary the template no longer has. It runs after every change to the stage.
 */
export class StageSettingsResource extends Construct {
  public readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: StageSettingsResourceProps) {
    super(scope, id);
    const stage = props.stage;
    const provider = StageSettingsProvider.of(Stack.of(this));
    provider.allowStage(stage);
    provider.encryptLogsWith(stage.api.logGroupEncryptionKey);
    const stack = Stack.of(this);
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.function.functionArn,
      resourceType: 'Custom::ApiGatewayStageSettings',
      // The handler answers well within its own 2-minute timeout; CloudFormation need not wait an hour.
      serviceTimeout: Duration.minutes(5),
      properties: {
        RestApiId: stage.api.restApiId,
        // A Ref to the stage: the settings are applied after the stage is created or updated.
        StageName: stage.resource.ref,
        Settings: Lazy.string({ produce: () => JSON.stringify(props.settings()) }),
        // CloudFormation may rewrite the stage's method settings on any update, so any change to the stage re-applies them.
        StageFingerprint: Lazy.string({
          produce: () => createHash('sha256').update(JSON.stringify(stack.resolve({
            deployment: stage.resource.deploymentId,
            methodSettings: stage.resource.methodSettings,
            canary: stage.resource.canarySetting,
            cache: [stage.resource.cacheClusterEnabled, stage.resource.cacheClusterSize],
          }))).digest('hex').slice(0, 16),
        }),
      },
    });
  }
}

/** The one function per stack that serves every stage-settings resource in it. */
class StageSettingsProvider extends Construct {
  public static of(stack: Stack): StageSettingsProvider {
    return (stack.node.tryFindChild(PROVIDER_ID) as StageSettingsProvider | undefined) ?? new StageSettingsProvider(stack, PROVIDER_ID);
  }

  public readonly function: lambda.Function;
  private readonly stages = new Set<string>();
  private readonly logGroup: logs.LogGroup;
  /** `restApiId/stageName` of every stage granted: the handler refuses requests for any other. */
  private readonly managedStages: string[] = [];

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    const handler = customResourceHandler(this, {
      name: 'stage-settings',
      bundle: HANDLER_BUNDLE,
      description: 'Applies API Gateway stage settings that CloudFormation cannot express (cdk-apigateway-patterns)',
      memorySize: 256,
      environment: { MANAGED_STAGES: Lazy.string({ produce: () => this.managedStages.join(',') }) },
      vpcReason: 'The handler calls only the API Gateway control plane, over TLS with its role\'s credentials, during deployments; it reaches no resource inside a VPC, and placing it in one would need a NAT gateway or an API Gateway endpoint there.',
      concurrencyReason: 'CloudFormation invokes the handler only during deployments, once per stage-settings resource; reserving concurrency would take capacity from every other function in the account (and an account at the default quota cannot reserve any).',
      wildcardReason: 'Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions; API Gateway permissions are scoped to each stage.',
    });
    this.function = handler.function;
    this.logGroup = handler.logGroup;
  }

  /** Encrypts the handler's log group with the first key an API of the stack sets. */
  public encryptLogsWith(key: kms.IKey | undefined): void {
    encryptHandlerLogs(this.logGroup, key);
  }

  /** Lets the handler read and patch exactly this stage (its IAM policy, and the stages its handler accepts requests for). */
  public allowStage(stage: GatewayStage): void {
    const key = `${stage.node.path}`;
    if (this.stages.has(key)) {
      return;
    }
    this.stages.add(key);
    this.managedStages.push(`${stage.api.restApiId}/${stage.stageName}`);
    this.function.addToRolePolicy(new iam.PolicyStatement({
      actions: ['apigateway:GET', 'apigateway:PATCH'],
      // The literal name: the handler's role need not wait for the stage.
      resources: [formatStageArn(this, stage.api.restApiId, stage.stageName)],
    }));
  }
}
