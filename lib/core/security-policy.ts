import { Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { IConstruct } from 'constructs';
import { EndpointType } from './endpoint';
import { GatewayValidationError } from './errors';
import { checkOneOf, enumValues } from './rules';

/**
 * Every security policy API Gateway accepts for a REST API or its custom domain (the service model's
 * `SecurityPolicy`). aws-cdk-lib's `apigw.SecurityPolicy` (the same nine values in 2.257 and 2.276) lacks
 * five of them; TypeScript users may cast their names, every language may use the enum's.
 */
const KNOWN_SECURITY_POLICIES: readonly string[] = [
  'TLS_1_0',
  'TLS_1_2',
  'SecurityPolicy_TLS13_1_3_2025_09',
  'SecurityPolicy_TLS13_1_3_FIPS_2025_09',
  'SecurityPolicy_TLS13_1_2_PQ_2025_09',
  'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09',
  'SecurityPolicy_TLS13_1_2_FIPS_PQ_2025_09',
  'SecurityPolicy_TLS13_1_2_FIPS_PFS_PQ_2025_09',
  'SecurityPolicy_TLS13_1_2_Ext2_PQ_2025_09',
  'SecurityPolicy_TLS13_1_2_Ext2_FIPS_PQ_2025_09',
  'SecurityPolicy_TLS13_1_2_2021_06',
  'SecurityPolicy_TLS13_2025_EDGE',
  'SecurityPolicy_TLS12_PFS_2025_EDGE',
  'SecurityPolicy_TLS12_2018_EDGE',
];

/** The legacy policy the library defaults to, for APIs and domains alike. */
export const DEFAULT_SECURITY_POLICY = apigw.SecurityPolicy.TLS_1_2;

/** Whether a policy is an enhanced one (`SecurityPolicy_...`), which needs an endpoint access mode; false for a token. */
export function isEnhancedSecurityPolicy(policy: string | undefined): boolean {
  return policy !== undefined && !Token.isUnresolved(policy) && policy.startsWith('SecurityPolicy_');
}

/** What a security policy and its endpoint access mode belong to, for the checks' messages. */
export interface SecuredEndpoint {
  /** e.g. `'domain'` or `'API'`. */
  readonly noun: string;
  readonly endpointType: EndpointType;
  readonly securityPolicy?: string;
  readonly endpointAccessMode?: string;
}

/**
 * The documented rules of a security policy and its endpoint access mode: a policy API Gateway knows, one
 * made for the endpoint type (the `_EDGE` policies for edge-optimized endpoints only, the other enhanced
 * ones for regional and private endpoints only), and an access mode with an enhanced policy, never with a
 * legacy one.
 */
export function checkSecurityPolicy(scope: IConstruct, endpoint: SecuredEndpoint): void {
  const { noun, endpointType, securityPolicy: policy, endpointAccessMode: mode } = endpoint;
  checkOneOf(scope, `${noun} endpointAccessMode`, mode, enumValues(apigw.EndpointAccessMode), 'use apigw.EndpointAccessMode.STRICT or BASIC');
  if (policy === undefined && mode !== undefined && !Token.isUnresolved(mode)) {
    throw new GatewayValidationError(scope, 'EndpointAccessModeLegacyPolicy', `${noun} endpointAccessMode ${mode} applies only to enhanced security policies (SecurityPolicy_...), and no securityPolicy is set (API Gateway's default is a legacy one); set securityPolicy too, e.g. apigw.SecurityPolicy.TLS13_1_3_2025_09, or leave endpointAccessMode out.`);
  }
  if (policy === undefined || Token.isUnresolved(policy)) {
    return;
  }
  checkOneOf(scope, `${noun} securityPolicy`, policy, KNOWN_SECURITY_POLICIES, 'use an apigw.SecurityPolicy value, e.g. TLS_1_2 or TLS13_1_3_2025_09');
  const edgePolicy = policy.endsWith('_EDGE');
  if (endpointType === EndpointType.EDGE && isEnhancedSecurityPolicy(policy) && !edgePolicy) {
    throw new GatewayValidationError(scope, 'SecurityPolicyNotForEdge', `${noun} securityPolicy ${policy} is for regional and private endpoints, and this ${noun} is edge-optimized; use an edge policy (apigw.SecurityPolicy.TLS13_2025_EDGE, TLS12_PFS_2025_EDGE or TLS12_2018_EDGE) or a legacy one (TLS_1_2).`);
  }
  if (endpointType !== EndpointType.EDGE && edgePolicy) {
    throw new GatewayValidationError(scope, 'SecurityPolicyEdgeOnly', `${noun} securityPolicy ${policy} is for edge-optimized endpoints only, and this ${noun} is ${endpointType}; use a regional policy (e.g. apigw.SecurityPolicy.TLS13_1_3_2025_09 or TLS13_1_2_PFS_PQ_2025_09) or a legacy one (TLS_1_2).`);
  }
  if (Token.isUnresolved(mode)) {
    return;
  }
  if (isEnhancedSecurityPolicy(policy) && mode === undefined) {
    throw new GatewayValidationError(scope, 'EndpointAccessModeRequired', `${noun} securityPolicy ${policy} is an enhanced policy, which API Gateway accepts only with an endpoint access mode; set endpointAccessMode: apigw.EndpointAccessMode.STRICT (recommended: the request's endpoint type and SNI host must match) or BASIC.`);
  }
  if (!isEnhancedSecurityPolicy(policy) && mode !== undefined) {
    throw new GatewayValidationError(scope, 'EndpointAccessModeLegacyPolicy', `${noun} endpointAccessMode ${mode} applies only to enhanced security policies (SecurityPolicy_...), and securityPolicy is ${policy}; leave endpointAccessMode out, or choose an enhanced policy such as apigw.SecurityPolicy.TLS13_1_3_2025_09.`);
  }
}
