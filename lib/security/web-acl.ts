import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { GatewayValidationError } from '../core/errors';
import { checkInteger, checkRange } from '../core/rules';

/** Options of `WebAcl.managed()`. */
export interface ManagedWebAclOptions {
  /**
   * Requests one IP address may make in any 5 minutes before it is blocked: 10 to 2,000,000,000.
   * @default 2000
   */
  readonly rateLimit?: number;

  /**
   * A log group that receives AWS WAF's log of every request the web ACL
   * inspects. WAF logs only to log groups whose name starts with `aws-waf-logs-`,
   * so give it an explicit `logGroupName`. One log group may serve several web ACLs.
   * @default - no WAF request logs (the web ACL's CloudWatch metrics and sampled requests only)
   */
  readonly logGroup?: logs.ILogGroup;
}

/**
 * An AWS WAF web ACL for a REST API's stages. Implement it to associate a web
 * ACL the library does not make; `WebAcl.*` returns the library's own.
 */
export interface IWebAcl {
  /** Called once by the API: returns the web ACL's ARN, creating the web ACL under `options.scope` if it makes one. */
  bind(options: WebAclBindOptions): WebAclConfig;
}

/** What the API tells a web ACL. */
export interface WebAclBindOptions {
  /** The API construct: a web ACL made for it is created under it, and errors name it. */
  readonly scope: Construct;
}

/** The web ACL every stage of the API is associated with. */
export interface WebAclConfig {
  /** A regional WAFv2 web ACL's ARN, in the API's region. */
  readonly webAclArn: string;
}

const WAF_LOG_GROUP_PREFIX = 'aws-waf-logs-';

const WEB_ACL_ARN = /^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/[^/]+\/[^/]+$/;

/**
 * AWS WAF web ACLs for a REST API's stages. With one, requests are
 * filtered before they reach the API, and cdk-nag's WAF rule is satisfied.
 */
export class WebAcl {
  /** An existing regional web ACL, by ARN (`arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>`). */
  public static fromArn(webAclArn: string): IWebAcl {
    return new BuiltInWebAcl((scope: Construct) => {
      if (!Token.isUnresolved(webAclArn) && !WEB_ACL_ARN.test(webAclArn)) {
        throw new GatewayValidationError(scope, 'WebAclArnInvalid', `web ACL ARN ${JSON.stringify(webAclArn)} is not a regional WAFv2 web ACL (arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>); API Gateway stages take regional web ACLs only.`);
      }
      const aclRegion = Token.isUnresolved(webAclArn) ? undefined : webAclArn.split(':')[3];
      const stackRegion = Stack.of(scope).region;
      if (aclRegion !== undefined && !Token.isUnresolved(stackRegion) && aclRegion !== stackRegion) {
        throw new GatewayValidationError(scope, 'WebAclRegion', `web ACL ${webAclArn} is in ${aclRegion}, but the API is in ${stackRegion}; WAF associates a web ACL with resources of its own region only.`);
      }
      return webAclArn;
    });
  }

  /**
   * A web ACL the library creates: AWS's managed common rule set and known
   * bad inputs rule set, and a rate-based rule that blocks an IP address over the limit.
   */
  public static managed(options: ManagedWebAclOptions = {}): IWebAcl {
    return new BuiltInWebAcl((scope: Construct) => {
      const rateLimit = options.rateLimit ?? 2000;
      checkRange(scope, 'web ACL rateLimit', rateLimit, 10, 2_000_000_000, 'It counts the requests of one IP address over 5 minutes.');
      checkInteger(scope, 'web ACL rateLimit', rateLimit);
      const acl = new wafv2.CfnWebACL(scope, 'WebAcl', {
        scope: 'REGIONAL',
        defaultAction: { allow: {} },
        visibilityConfig: visibility(`${scope.node.id}-web-acl`),
        rules: [
          managedRule('AWSManagedRulesCommonRuleSet', 0),
          managedRule('AWSManagedRulesKnownBadInputsRuleSet', 1),
          {
            name: 'RateLimitPerIp',
            priority: 2,
            action: { block: {} },
            statement: { rateBasedStatement: { limit: rateLimit, aggregateKeyType: 'IP' } },
            visibilityConfig: visibility('RateLimitPerIp'),
          },
        ],
      });
      if (options.logGroup) {
        const logGroup = options.logGroup;
        const logGroupName = logGroup.logGroupName;
        // A log group made here names itself in its CfnLogGroup (its logGroupName attribute is a reference); a generated name resolves to nothing.
        const givenName: unknown = logGroup instanceof logs.LogGroup
          ? Stack.of(logGroup).resolve((logGroup.node.defaultChild as logs.CfnLogGroup).logGroupName)
          : logGroupName;
        if (givenName === undefined || (typeof givenName === 'string' && !Token.isUnresolved(givenName) && !givenName.startsWith(WAF_LOG_GROUP_PREFIX))) {
          throw new GatewayValidationError(scope, 'WebAclLogGroupName', `web ACL logGroup ${givenName === undefined ? `${logGroup.node.path} has a generated name, which` : JSON.stringify(givenName)} does not start with "${WAF_LOG_GROUP_PREFIX}"; AWS WAF logs only to log groups named so: set the log group's logGroupName to "${WAF_LOG_GROUP_PREFIX}<name>".`);
        }
        new wafv2.CfnLoggingConfiguration(scope, 'WebAclLogging', {
          resourceArn: acl.attrArn,
          // WAF takes the log group's ARN without the ":*" that CloudFormation's Arn attribute ends with.
          logDestinationConfigs: [Stack.of(logGroup).formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
        });
      }
      return acl.attrArn;
    });
  }

  private constructor() {}
}

/** A web ACL of the library's: its ARN, checked or made for the API it is bound to. */
class BuiltInWebAcl implements IWebAcl {
  constructor(private readonly arnFor: (scope: Construct) => string) {}

  public bind(options: WebAclBindOptions): WebAclConfig {
    return { webAclArn: this.arnFor(options.scope) };
  }
}

function managedRule(name: string, priority: number): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
    visibilityConfig: visibility(name),
  };
}

function visibility(metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, metricName: metricName.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 128), sampledRequestsEnabled: true };
}
