import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { EndpointType } from '../../lib';
import { checkSecurityPolicy, isEnhancedSecurityPolicy } from '../../lib/core/security-policy';

const SCOPE = new Construct(undefined as any, 'Api');
const check = (endpointType: EndpointType, securityPolicy?: string, endpointAccessMode?: string) =>
  () => checkSecurityPolicy(SCOPE, { noun: 'API', endpointType, securityPolicy, endpointAccessMode });

describe('security policies and endpoint access modes', () => {
  test('legacy policies fit every endpoint type and take no access mode', () => {
    for (const type of [EndpointType.EDGE, EndpointType.REGIONAL, EndpointType.PRIVATE]) {
      for (const policy of [undefined, apigw.SecurityPolicy.TLS_1_0, apigw.SecurityPolicy.TLS_1_2]) {
        expect(check(type, policy)).not.toThrow();
      }
    }
    expect(isEnhancedSecurityPolicy('TLS_1_2')).toBe(false);
    expect(isEnhancedSecurityPolicy(apigw.SecurityPolicy.TLS13_2025_EDGE)).toBe(true);
  });

  test('every enhanced policy of aws-cdk-lib fits its endpoint types with an access mode', () => {
    const enhanced = Object.values(apigw.SecurityPolicy).filter(policy => policy.startsWith('SecurityPolicy_'));
    expect(enhanced.length).toBeGreaterThanOrEqual(7);
    for (const policy of enhanced) {
      const types = policy.endsWith('_EDGE') ? [EndpointType.EDGE] : [EndpointType.REGIONAL, EndpointType.PRIVATE];
      for (const type of types) {
        expect(check(type, policy, apigw.EndpointAccessMode.STRICT)).not.toThrow();
        expect(check(type, policy, apigw.EndpointAccessMode.BASIC)).not.toThrow();
      }
    }
  });

  test('policies API Gateway knows beyond aws-cdk-lib\'s enum are accepted by name', () => {
    expect(check(EndpointType.REGIONAL, 'SecurityPolicy_TLS13_1_2_FIPS_PFS_PQ_2025_09', 'STRICT')).not.toThrow();
    expect(check(EndpointType.REGIONAL, 'SecurityPolicy_TLS13_1_2_2021_06', 'BASIC')).not.toThrow();
  });

  test.each([
    ['an unknown policy', check(EndpointType.REGIONAL, 'TLS_1_3'), /\[ValueNotInSet\] API securityPolicy "TLS_1_3" is not one of "TLS_1_0", "TLS_1_2", "SecurityPolicy_TLS13_1_3_2025_09"/],
    ['an unknown access mode', check(EndpointType.REGIONAL, apigw.SecurityPolicy.TLS13_1_3_2025_09, 'LAX'), /\[ValueNotInSet\] API endpointAccessMode "LAX" is not one of "STRICT", "BASIC"/],
    ['a regional policy on an edge endpoint', check(EndpointType.EDGE, apigw.SecurityPolicy.TLS13_1_3_FIPS_2025_09, 'STRICT'),
      /\[SecurityPolicyNotForEdge\] API securityPolicy SecurityPolicy_TLS13_1_3_FIPS_2025_09 is for regional and private endpoints.*use an edge policy \(apigw.SecurityPolicy.TLS13_2025_EDGE/],
    ['an edge policy on a regional endpoint', check(EndpointType.REGIONAL, apigw.SecurityPolicy.TLS12_PFS_2025_EDGE, 'STRICT'),
      /\[SecurityPolicyEdgeOnly\] API securityPolicy SecurityPolicy_TLS12_PFS_2025_EDGE is for edge-optimized endpoints only, and this API is REGIONAL/],
    ['an edge policy on a private endpoint', check(EndpointType.PRIVATE, apigw.SecurityPolicy.TLS13_2025_EDGE, 'BASIC'), /\[SecurityPolicyEdgeOnly\].*this API is PRIVATE/],
    ['an enhanced policy without an access mode', check(EndpointType.REGIONAL, apigw.SecurityPolicy.TLS13_1_2_PQ_2025_09),
      /\[EndpointAccessModeRequired\] API securityPolicy SecurityPolicy_TLS13_1_2_PQ_2025_09 is an enhanced policy.*set endpointAccessMode: apigw.EndpointAccessMode.STRICT/],
    ['an access mode with a legacy policy', check(EndpointType.REGIONAL, apigw.SecurityPolicy.TLS_1_2, 'STRICT'),
      /\[EndpointAccessModeLegacyPolicy\] API endpointAccessMode STRICT applies only to enhanced security policies \(SecurityPolicy_...\), and securityPolicy is TLS_1_2/],
    ['an access mode without a policy', check(EndpointType.EDGE, undefined, 'BASIC'), /\[EndpointAccessModeLegacyPolicy\].*no securityPolicy is set/],
  ])('%s is a synth error', (_what, act, message) => {
    expect(act).toThrow(message);
  });
});
