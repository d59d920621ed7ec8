import { Stack, Token } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct, IConstruct } from 'constructs';
import { GatewayValidationError } from '../errors';
import { checkInteger, checkRange } from '../validation';

/** Options of `WebAcl.managed()`. */
export interface ManagedWebAclOptions {
  /**
   * Requests one IP address may make in any 5 minutes before it is blocked: 10 to 2,000,000,000.
   * @default 2000
   */
  readonly rateLimit?: number;
}

const WEB_ACL_ARN = /^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/[^/]+\/[^/]+$/;

/**
 * An AWS WAF web ACL for a REST API's stages. With one, requests are
 * filtered before they reach the API, and cdk-nag's WAF rule is satisfied.
 */
export class WebAcl {
  /** An existing regional web ACL, by ARN (`arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>`). */
  public static fromArn(webAclArn: string): WebAcl {
    return new WebAcl((scope: IConstruct) => {
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
  public static managed(options: ManagedWebAclOptions = {}): WebAcl {
    return new WebAcl((scope: IConstruct) => {
      const rateLimit = options.rateLimit ?? 2000;
      checkRange(scope, 'web ACL rateLimit', rateLimit, 10, 2_000_000_000, 'It counts the requests of one IP address over 5 minutes.');
      checkInteger(scope, 'web ACL rateLimit', rateLimit);
      const acl = new wafv2.CfnWebACL(scope as Construct, 'WebAcl', {
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
      return acl.attrArn;
    });
  }

  /**
   * Returns the ARN, creating the web ACL under `scope` if the library makes it.
   * @internal
   */
  public readonly _bind: (scope: IConstruct) => string;

  private constructor(bind: (scope: IConstruct) => string) {
    this._bind = bind;
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
