import * as apigw from 'aws-cdk-lib/aws-apigateway';

/**
 * TLS 1.3 only for the edge-optimized pets API and its domain, with STRICT endpoint access: requests must
 * come through the edge endpoint, with CloudFront's domain-fronting protection.
 */
export const EDGE_TLS13 = {
  securityPolicy: apigw.SecurityPolicy.TLS13_2025_EDGE,
  endpointAccessMode: apigw.EndpointAccessMode.STRICT,
} as const;

/** The edge API answers IPv6 clients too (its resource policy has no source-IP ranges to widen). */
export const DUAL_STACK = { ipAddressType: apigw.IpAddressType.DUAL_STACK } as const;
