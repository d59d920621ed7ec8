import { RemovalPolicy, Stack, Stage, Token, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct, IDependable } from 'constructs';
import { GatewayValidationError } from './errors';
import { checkOneOf, enumValues } from './rules';

/** Options for `CloudWatchRole.managed()`. */
export interface ManagedCloudWatchRoleOptions {
  /**
   * What happens to the role when its stack is deleted. RETAIN keeps the
   * account setting pointing at a role that still exists, so deleting one
   * stack never silently breaks execution logging for every other API in the
   * region (aws-cdk issue 22954).
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Who provides the account-level IAM role that API Gateway uses to write
 * execution logs. Implement it when the role comes from elsewhere and the
 * API's stages must wait for it; `CloudWatchRole.*` returns the library's own.
 */
export interface ICloudWatchRole {
  /** Called once by each API: makes sure the account setting exists (or will) and says what the API's stages deploy after. */
  bind(options: CloudWatchRoleBindOptions): CloudWatchRoleConfig;
}

/** What an API tells its CloudWatch role provider. */
export interface CloudWatchRoleBindOptions {
  /** The API construct: its stack and region decide which account setting it needs, and errors name it. */
  readonly scope: IConstruct;
}

/** What an API's stages wait for. */
export interface CloudWatchRoleConfig {
  /**
   * What the API's stages must deploy after: the account setting, when it is in the API's stack.
   * @default - nothing (the setting exists already, or another stack that this one depends on makes it)
   */
  readonly dependency?: IDependable;
}

/**
 * Who provides the account-level IAM role that API Gateway uses to write
 * execution logs. The setting (`AWS::ApiGateway::Account`) is one per account
 * and region: whoever writes it last wins, for every API there.
 */
export class CloudWatchRole implements ICloudWatchRole {
  /**
   * The library creates the role and the account setting once per account and
   * region within the CDK app (stage): in the first stack that needs it, on
   * which every other stack with an API in that region then depends. Two APIs
   * or two stacks never create competing settings (aws-cdk issues 7140, 22954).
   */
  public static managed(options: ManagedCloudWatchRoleOptions = {}): CloudWatchRole {
    return new CloudWatchRole(true, options.removalPolicy ?? RemovalPolicy.RETAIN);
  }

  /**
   * The account already has an API Gateway CloudWatch Logs role (set by a
   * landing zone, another CDK app, or by hand): the library creates nothing.
   * Use this in every app but one when several apps deploy APIs to the same
   * account and region.
   */
  public static existing(): CloudWatchRole {
    return new CloudWatchRole(false, RemovalPolicy.RETAIN);
  }

  private constructor(
    /** Whether the library creates and owns the role. */
    public readonly createsRole: boolean,
    private readonly removalPolicy: RemovalPolicy,
  ) {}

  /**
   * Makes sure the account setting exists for the API's account and region
   * and returns what the API's stages must deploy after (nothing when the
   * role is pre-existing).
   */
  public bind(options: CloudWatchRoleBindOptions): CloudWatchRoleConfig {
    return { dependency: this.accountSettingFor(options.scope) };
  }

  private accountSettingFor(consumer: IConstruct): IDependable | undefined {
    if (!this.createsRole) {
      return undefined;
    }
    checkOneOf(consumer, 'CloudWatchRole.managed() removalPolicy', this.removalPolicy, enumValues(RemovalPolicy), 'use RemovalPolicy.RETAIN (the default) or DESTROY');
    const stack = Stack.of(consumer);
    const owners = ownersFor(stack);
    const key = `${Token.isUnresolved(stack.account) ? '(any account)' : stack.account}/${Token.isUnresolved(stack.region) ? '(any region)' : stack.region}`;
    let owner = owners.get(key);
    if (!owner) {
      owner = new AccountCloudWatchLogging(stack, 'ApiGatewayCloudWatchLogging', this.removalPolicy);
      owners.set(key, owner);
    } else if (owner.removalPolicy !== this.removalPolicy) {
      throw new GatewayValidationError(consumer, 'CloudWatchRoleConflict', `CloudWatchRole.managed() asks for removal policy ${this.removalPolicy}, but the shared role for ${key}, created by ${owner.node.path}, uses ${owner.removalPolicy}; the role is one per account and region, so give every API the same option.`);
    }
    const ownerStack = Stack.of(owner);
    if (ownerStack !== stack) {
      addStackDependency(stack, ownerStack, `the API Gateway CloudWatch Logs role for ${key} is created in ${ownerStack.stackName}`);
      return undefined;
    }
    return owner.account;
  }
}

/** `addStackDependency` replaced `addDependency` within the supported aws-cdk-lib range; use whichever exists. */
function addStackDependency(stack: Stack, target: Stack, reason: string): void {
  const modern = (stack as unknown as { addStackDependency?: (t: Stack, r?: string) => void }).addStackDependency;
  if (typeof modern === 'function') {
    modern.call(stack, target, reason);
  } else {
    stack.addDependency(target, reason);
  }
}

const registry = new WeakMap<IConstruct, Map<string, AccountCloudWatchLogging>>();

function ownersFor(stack: Stack): Map<string, AccountCloudWatchLogging> {
  // One registry per CDK Stage: stacks of different stages deploy independently and cannot depend on each other.
  const scope: IConstruct = Stage.of(stack) ?? stack.node.root;
  let owners = registry.get(scope);
  if (!owners) {
    owners = new Map();
    registry.set(scope, owners);
  }
  return owners;
}

/** The account-level logging role and setting, created once per account and region. */
class AccountCloudWatchLogging extends Construct {
  public readonly account: apigw.CfnAccount;

  constructor(scope: Construct, id: string, public readonly removalPolicy: RemovalPolicy) {
    super(scope, id);
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: 'Lets API Gateway write execution and access logs for every REST API in this account and region',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonAPIGatewayPushToCloudWatchLogs')],
    });
    role.applyRemovalPolicy(removalPolicy);
    // The GetAtt on the role orders creation, and deletion in reverse.
    this.account = new apigw.CfnAccount(this, 'Resource', { cloudWatchRoleArn: role.roleArn });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason: 'AmazonAPIGatewayPushToCloudWatchLogs is the AWS-maintained policy for the account-wide API Gateway logging role; the role serves every API in the region, whose log groups are not known here, so a narrower policy would break their logging.',
    });
  }
}
