import { isIP } from 'net';
import { Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { RuleContext } from './rule';

/**
 * The resource policy's `aws:SourceIp` ranges against the API's IP address type: an IPv6 range on an
 * IPv4-only API matches no caller, and a Deny of IPv4 ranges alone on a dual-stack API lets the same
 * callers through over IPv6. Private APIs are judged by `aws:VpcSourceIp`, which this leaves alone.
 */
export function sourceIpsMatchIpAddressType({ model, policy, warn }: RuleContext): void {
  const statements = policy()?.Statement;
  if (model.settings.privateEndpoint || !Array.isArray(statements)) {
    return;
  }
  const dualStack = model.settings.ipAddressType === apigw.IpAddressType.DUAL_STACK;
  for (const statement of statements as Array<Record<string, any>>) {
    for (const [operator, ranges] of sourceIpConditions(statement)) {
      const known = ranges.filter(range => !Token.isUnresolved(range));
      const ipv6 = known.filter(range => isIP(range.split('/')[0]) === 6);
      if (!dualStack && ipv6.length > 0) {
        warn('cdk-apigateway-patterns:ipv6RangeOnIpv4Api', `the resource policy's aws:SourceIp lists IPv6 range(s) ${ipv6.join(', ')}, but the API takes IPv4 clients only, so they match no caller; set ipAddressType: apigw.IpAddressType.DUAL_STACK, or remove them.`);
      }
      const denies = statement.Effect === 'Deny' && operator === 'IpAddress';
      if (dualStack && denies && known.length === ranges.length && ipv6.length === 0) {
        warn('cdk-apigateway-patterns:ipv4DenyOnDualStackApi', `the resource policy denies aws:SourceIp ${ranges.join(', ')}, IPv4 ranges only, on a dual-stack API: the same callers still get in over IPv6. Deny their IPv6 ranges too, allow only known ranges (ResourcePolicy.allowOnlySourceIps), or set ipAddressType: apigw.IpAddressType.IPV4.`);
      }
    }
  }
}

/** The statement's `aws:SourceIp` conditions: operator and ranges. */
function sourceIpConditions(statement: Record<string, any>): Array<[string, string[]]> {
  const condition = statement.Condition;
  if (typeof condition !== 'object' || condition === null) {
    return [];
  }
  const found: Array<[string, string[]]> = [];
  for (const [operator, entries] of Object.entries(condition as Record<string, Record<string, unknown>>)) {
    const value = typeof entries === 'object' && entries !== null ? entries['aws:SourceIp'] : undefined;
    const ranges = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
    if (ranges.length > 0) {
      found.push([operator, ranges]);
    }
  }
  return found;
}
