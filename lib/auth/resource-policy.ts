import { isIP } from 'net';
import { Aws, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { GatewayValidationError } from '../core/errors';

/** What a resource policy block contributes to the REST API's resource policy. */
export enum ResourcePolicyKind {
  /** A Deny every caller must pass: the API renders restrictions first. */
  RESTRICTION = 'restriction',
  /** An Allow that adds callers. */
  GRANT = 'grant',
}

/**
 * A building block of a REST API's resource policy. Implement it for a
 * statement the library does not ship; `ResourcePolicy.*` returns the
 * library's own.
 */
export interface IResourcePolicy {
  /**
   * Called when the block is added to an API (so that a bad block fails at the
   * call) and again when the API renders its policy. Throw a
   * `GatewayValidationError` (under `options.scope`) for a block that cannot apply.
   */
  bind(options: ResourcePolicyBindOptions): ResourcePolicyConfig;
}

/** What the API tells a resource policy block. */
export interface ResourcePolicyBindOptions {
  /** The API construct: errors name it. */
  readonly scope: IConstruct;

  /**
   * Whether the API is private. Requests to a private API arrive through a
   * VPC endpoint, where the caller's address is `aws:VpcSourceIp` and
   * `aws:SourceIp` is absent.
   */
  readonly privateEndpoint: boolean;
}

/** One statement of the resource policy, and where it goes. */
export interface ResourcePolicyConfig {
  /** A restriction (rendered before every grant) or a grant. */
  readonly kind: ResourcePolicyKind;

  /**
   * The IAM policy statement, as JSON (`Effect`, `Principal`, `Action`,
   * `Resource`, `Condition`); `execute-api:/*` is every method of the API.
   */
  readonly statement: { [key: string]: any };
}

/** What a block needs to know about the API it is rendered for. @internal */
export interface PolicyContext {
  /**
   * Requests to a private API arrive through a VPC endpoint, where the caller's
   * address is `aws:VpcSourceIp` and `aws:SourceIp` is absent.
   */
  readonly privateEndpoint: boolean;
}

const INVOKE = 'execute-api:Invoke';
const EVERY_METHOD = 'execute-api:/*';
const ACCOUNT_ID = /^[0-9]{12}$/;

/**
 * A building block of the REST API's resource policy. Blocks combine: every
 * restriction applies to every caller (a request must pass all of them), and
 * grants add callers.
 *
 * The library adds the statement that lets the API's non-IAM routes be called
 * at all (with a resource policy, API Gateway denies what no statement
 * allows); IAM routes stay reachable only to principals whose identity policy
 * allows them (`api.grantInvoke()`) and to the accounts of `allowAccounts()`.
 */
export class ResourcePolicy {
  /**
   * Lets principals of other AWS accounts call IAM-authorized routes (cross-account).
   * Their own IAM policies must allow `execute-api:Invoke` too.
   * @param accountIds 12-digit account ids
   */
  public static allowAccounts(accountIds: string[]): IResourcePolicy {
    return new BuiltInPolicy(ResourcePolicyKind.GRANT, ({ scope }) => {
      requireSome(scope, 'allowAccounts', accountIds, 'account ids');
      for (const id of accountIds) {
        if (!Token.isUnresolved(id) && !ACCOUNT_ID.test(id)) {
          throw new GatewayValidationError(scope, 'ResourcePolicyAccountInvalid', `resource policy allowAccounts: ${JSON.stringify(id)} is not an AWS account id (12 digits).`);
        }
      }
      return {
        Effect: 'Allow',
        Principal: { AWS: accountIds.map(id => `arn:${Aws.PARTITION}:iam::${id}:root`) },
        Action: INVOKE,
        Resource: EVERY_METHOD,
      };
    });
  }

  /**
   * Only callers from these IPv4 or IPv6 ranges (CIDR, or single addresses) may call the API.
   * On a private API the ranges are the callers' addresses inside the VPC (`aws:VpcSourceIp`).
   */
  public static allowOnlySourceIps(cidrs: string[]): IResourcePolicy {
    return restriction('NotIpAddress', sourceIpKey, cidrs, validateCidrs);
  }

  /**
   * Callers from these IPv4 or IPv6 ranges (CIDR, or single addresses) are refused.
   * On a private API the ranges are the callers' addresses inside the VPC (`aws:VpcSourceIp`).
   */
  public static denySourceIps(cidrs: string[]): IResourcePolicy {
    return restriction('IpAddress', sourceIpKey, cidrs, validateCidrs);
  }

  /** Only requests through these interface VPC endpoints (service `execute-api`) may call the API. */
  public static allowOnlyVpcEndpoints(endpoints: ec2.IVpcEndpoint[]): IResourcePolicy {
    return restriction('StringNotEquals', 'aws:SourceVpce', endpoints.map(endpoint => endpoint.vpcEndpointId));
  }

  /** Only requests from these VPCs (through an interface endpoint in them) may call the API. */
  public static allowOnlyVpcs(vpcs: ec2.IVpc[]): IResourcePolicy {
    return restriction('StringNotEquals', 'aws:SourceVpc', vpcs.map(vpc => vpc.vpcId));
  }

  private constructor() {}
}

/** A block of the library's: its statement, computed (and checked) for the API it is bound to. */
class BuiltInPolicy implements IResourcePolicy {
  constructor(
    private readonly kind: ResourcePolicyKind,
    private readonly statement: (options: ResourcePolicyBindOptions) => { [key: string]: any },
  ) {}

  public bind(options: ResourcePolicyBindOptions): ResourcePolicyConfig {
    return { kind: this.kind, statement: this.statement(options) };
  }
}

type ValuesCheck = (scope: IConstruct, what: string, values: string[]) => void;
type ConditionKey = string | ((context: PolicyContext) => string);

function sourceIpKey(context: PolicyContext): string {
  return context.privateEndpoint ? 'aws:VpcSourceIp' : 'aws:SourceIp';
}

/** A Deny for every principal and method when the condition holds. */
function restriction(operator: string, key: ConditionKey, values: string[], validate?: ValuesCheck): IResourcePolicy {
  return new BuiltInPolicy(ResourcePolicyKind.RESTRICTION, options => {
    const scope = options.scope;
    const context: PolicyContext = options;
    const conditionKey = typeof key === 'string' ? key : key(context);
    const what = `resource policy ${conditionKey}`;
    requireSome(scope, what, values, 'values');
    validate?.(scope, what, values);
    return {
      Effect: 'Deny',
      Principal: '*',
      Action: INVOKE,
      Resource: EVERY_METHOD,
      Condition: { [operator]: { [conditionKey]: values } },
    };
  });
}

function requireSome(scope: IConstruct, what: string, values: readonly unknown[], noun: string): void {
  if (values.length === 0) {
    throw new GatewayValidationError(scope, 'ResourcePolicyBlockEmpty', `${what} lists no ${noun}; a block with none would match nothing, so pass at least one or leave the block out.`);
  }
}

/** IPv4 or IPv6 addresses with an optional prefix length in range. */
function validateCidrs(scope: IConstruct, what: string, cidrs: string[]): void {
  for (const cidr of cidrs) {
    if (Token.isUnresolved(cidr)) {
      continue;
    }
    if (cidr.includes('%')) {
      throw new GatewayValidationError(scope, 'ResourcePolicyCidrInvalid', `${what}: ${JSON.stringify(cidr)} has an IPv6 zone index (%...), which names a local interface and means nothing in an IAM policy's aws:SourceIp; remove it (e.g. fe80::/64).`);
    }
    const [address, prefix, ...rest] = cidr.split('/');
    const version = isIP(address);
    const maxPrefix = version === 6 ? 128 : 32;
    const prefixOk = prefix === undefined || (/^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix);
    if (version === 0 || rest.length > 0 || !prefixOk) {
      throw new GatewayValidationError(scope, 'ResourcePolicyCidrInvalid', `${what}: ${JSON.stringify(cidr)} is not an IP range; use CIDR notation such as 203.0.113.0/24 or 2001:db8::/32 (prefix 0 to 32 for IPv4, 0 to 128 for IPv6).`);
    }
  }
}
