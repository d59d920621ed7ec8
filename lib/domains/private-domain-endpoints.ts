import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { GatewayValidationError } from '../core/errors';

/** The domain names each VPC endpoint is associated with in this app: one endpoint cannot invoke two private domains of one name. */
const ASSOCIATED_NAMES = new WeakMap<ec2.IInterfaceVpcEndpoint, Map<string, string>>();

/**
 * The domain's VPC endpoints, each once, after the checks API Gateway
 * documents for them: the `execute-api` service (when the endpoint's service
 * is known), and no two private domains of one name on one endpoint.
 */
export function checkVpcEndpoints(
  scope: Construct, domainName: string, endpoints: ec2.IInterfaceVpcEndpoint[], sharedIds: string[],
): ec2.IInterfaceVpcEndpoint[] {
  const unique = [...new Set(endpoints)];
  if (unique.length === 0 && sharedIds.length === 0) {
    throw new GatewayValidationError(scope, 'PrivateDomainNoVpcEndpoints', 'the private domain lists no VPC endpoints, so its resource policy would let no one invoke it; give vpcEndpoints (interface endpoints for execute-api), or sharedVpcEndpointIds for other accounts\' endpoints.');
  }
  for (const endpoint of unique) {
    const service = serviceName(endpoint);
    if (service !== undefined && service !== 'execute-api') {
      throw new GatewayValidationError(scope, 'PrivateDomainVpcEndpointService', `VPC endpoint ${endpoint.node.path} is for service ${service}, but a private custom domain is invoked through interface endpoints for execute-api; use one created with ec2.InterfaceVpcEndpointAwsService.APIGATEWAY.`);
    }
    const names = ASSOCIATED_NAMES.get(endpoint) ?? new Map<string, string>();
    const other = Token.isUnresolved(domainName) ? undefined : names.get(domainName);
    if (other !== undefined) {
      throw new GatewayValidationError(scope, 'PrivateDomainSameNameSameVpcEndpoint', `VPC endpoint ${endpoint.node.path} is already associated with private domain ${other}, also named ${domainName}, and one VPC endpoint cannot invoke two private custom domains of the same name; associate each with a different VPC endpoint.`);
    }
    names.set(domainName, scope.node.path);
    ASSOCIATED_NAMES.set(endpoint, names);
  }
  for (const id of sharedIds) {
    if (!Token.isUnresolved(id) && !/^vpce-[0-9a-f]{8,17}$/.test(id)) {
      throw new GatewayValidationError(scope, 'PrivateDomainVpcEndpointIdInvalid', `shared VPC endpoint id ${JSON.stringify(id)} is not a VPC endpoint id; use the id the other account gives, e.g. vpce-0123456789abcdef0.`);
    }
  }
  return unique;
}

/**
 * The service of an endpoint this app creates, e.g. `execute-api` (the last
 * part of `com.amazonaws.<region>.execute-api`), or undefined when unknown.
 */
function serviceName(endpoint: ec2.IInterfaceVpcEndpoint): string | undefined {
  const resource = endpoint.node.defaultChild;
  if (!(resource instanceof ec2.CfnVPCEndpoint)) {
    return undefined;
  }
  // An environment-agnostic stack joins the region in: the service's own name is the join's literal tail.
  const resolved = Stack.of(endpoint).resolve(resource.serviceName);
  const joined = resolved?.['Fn::Join']?.[1];
  const name = typeof resolved === 'string' ? resolved : Array.isArray(joined) ? joined[joined.length - 1] : undefined;
  return typeof name === 'string' ? name.split('.').pop() : undefined;
}

/**
 * The domain's own resource policy (for `execute-api`): invoke allowed, and
 * denied to requests that do not arrive through one of the given VPC endpoints.
 * API Gateway gives a private domain without a policy a deny-all one.
 */
export function privateDomainPolicy(vpcEndpointIds: string[]): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: 'execute-api:/*',
        Condition: { StringNotEquals: { 'aws:SourceVpce': vpcEndpointIds } },
      },
    ],
  };
}
