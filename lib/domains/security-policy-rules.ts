import { Annotations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { IConstruct } from 'constructs';
import { EndpointType } from '../core/endpoint';
import { GatewayValidationError } from '../core/errors';
import { checkOneOf, enumValues } from '../core/rules';
import { checkSecurityPolicy, isEnhancedSecurityPolicy } from '../core/security-policy';

/** What the TLS checks read of a domain's props. */
interface DomainTls {
  readonly endpoint: EndpointType;
  readonly securityPolicy: string;
  readonly endpointAccessMode?: apigw.EndpointAccessMode;
  readonly ipAddressType?: apigw.IpAddressType;
  readonly mtls?: unknown;
}

/** The domain's security policy, access mode and IP address type, and what mutual TLS asks of them. */
export function checkDomainTls(domain: IConstruct, props: DomainTls): void {
  checkSecurityPolicy(domain, { noun: 'domain', endpointType: props.endpoint, securityPolicy: props.securityPolicy, endpointAccessMode: props.endpointAccessMode });
  checkOneOf(domain, 'domain ipAddressType', props.ipAddressType, enumValues(apigw.IpAddressType), 'use apigw.IpAddressType.DUAL_STACK (the default) or IPV4');
  if (props.mtls && props.securityPolicy !== apigw.SecurityPolicy.TLS_1_2) {
    const why = isEnhancedSecurityPolicy(props.securityPolicy)
      ? `API Gateway cannot enable mutual TLS on a domain with an enhanced security policy such as ${props.securityPolicy}`
      : 'mutual TLS needs the TLS 1.2 security policy';
    throw new GatewayValidationError(domain, 'DomainMtlsSecurityPolicy', `${why}; leave securityPolicy at apigw.SecurityPolicy.TLS_1_2 (and endpointAccessMode out), or leave mtls out.`);
  }
}

/** What the domain's rules read of a REST API it serves. */
interface SecuredApi extends IConstruct {
  readonly endpoint: { readonly type: EndpointType };
  readonly endpointAccessMode?: apigw.EndpointAccessMode;
}

/**
 * API Gateway: once a REST API with an enhanced security policy is mapped under several levels, the
 * domain takes no HTTP API mapping (nor the other way round).
 */
export function httpBesideEnhancedMultiLevel(
  domain: IConstruct, httpApi: string, restApi: string, newBasePath: string | undefined,
): GatewayValidationError {
  const which = newBasePath === undefined
    ? `REST API ${restApi} is mapped here under several levels with an enhanced security policy`
    : `base path ${JSON.stringify(newBasePath)} maps REST API ${restApi.split(' ')[0]}, which has an enhanced security policy, under several levels`;
  return new GatewayValidationError(domain, 'DomainHttpApiBesideEnhancedMultiLevel', `${which}, and HTTP API ${httpApi} is mapped to the same domain, which API Gateway does not allow; use a one-level base path for the REST API, or serve the HTTP API from another domain.`);
}

/**
 * With STRICT endpoint access, API Gateway rejects requests that reach an API through another endpoint
 * type than its own: an API of one type behind a domain of the other gets none of the domain's traffic.
 */
export function warnStrictAcrossEndpointTypes(domain: IConstruct, domainEndpoint: EndpointType, api: SecuredApi): void {
  if (api.endpointAccessMode === apigw.EndpointAccessMode.STRICT && api.endpoint.type !== domainEndpoint) {
    Annotations.of(domain).addWarningV2('cdk-apigateway-patterns:strictAccessAcrossEndpointTypes', `API ${api.node.path} is ${api.endpoint.type} with endpointAccessMode STRICT, which rejects requests that arrive through another endpoint type, and this domain is ${domainEndpoint}; give the API the domain's endpoint type, or its endpointAccessMode BASIC.`);
  }
}
