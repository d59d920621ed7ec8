import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct, IConstruct } from 'constructs';
import { HttpIntegration } from './http';
import { IRestIntegration, RestIntegrationBindOptions, RestIntegrationConfig } from './integration';
import { PrivateLoadBalancerIntegrationOptions } from './private-load-balancer-options';
import { isVpcLinkV2 } from './vpc-link';
import { GatewayValidationError } from '../core/errors';
import { shortHash } from '../core/private/names';

type LoadBalancerKind = 'application' | 'network' | 'gateway' | undefined;

/**
 * A private integration (VPC link V2): `connectionType: VPC_LINK`, the link's
 * id as `connectionId`, and the load balancer's ARN as `integrationTarget`,
 * which API Gateway requires for a VPC link V2 and which lets it reach an ALB
 * without the NLB a VPC link V1 needs. The URI only sets the Host header and
 * the TLS server name.
 * @internal
 */
export class PrivateLoadBalancerIntegration implements IRestIntegration {
  constructor(private readonly loadBalancer: elbv2.ILoadBalancerV2, private readonly options: PrivateLoadBalancerIntegrationOptions) {}

  public bind(context: RestIntegrationBindOptions): RestIntegrationConfig {
    const { scope, route } = context;
    const where = `route ${route.key}`;
    const lb = this.loadBalancer;
    const arn = lb.loadBalancerRef.loadBalancerArn;
    const kind = loadBalancerKind(lb, arn);
    if (kind === 'gateway' || (kind === undefined && !Token.isUnresolved(arn))) {
      throw new GatewayValidationError(scope, 'PrivateIntegrationTargetInvalid', `${where}: ${JSON.stringify(arn)} is not an Application or Network Load Balancer, the only targets of a private integration; pass an elbv2.ApplicationLoadBalancer or elbv2.NetworkLoadBalancer (or one imported with its ARN).`);
    }
    checkSameAccount(scope, where, 'the load balancer', lb);
    const url = this.options.url ?? `http://${lb.loadBalancerDnsName}${route.path === '/' ? '/' : route.path.replace(/\{([^}]+)\+\}/, '{$1}')}`;
    checkServerName(scope, where, url, lb);
    if (isInternetFacing(lb)) {
      Annotations.of(scope).addWarningV2('cdk-apigateway-patterns:privateIntegrationInternetFacing', `${where}: load balancer ${lb.node.path} is internet-facing, so callers can reach the backend without the API (and its authorization, throttling and WAF); make it internal (internetFacing: false).`);
    }
    const { vpcLink: given, url: _url, ...httpOptions } = this.options;
    // Every check of the HTTP integration first: a route refused here must leave no link or security group behind.
    const config = new HttpIntegration(url, httpOptions).bind(context);
    if (given) {
      checkVpcLinkV2(scope, where, given, lb);
    }
    const vpcLink = given ?? defaultVpcLink(scope, where, lb, urlPort(url));
    return {
      ...config,
      integration: { ...config.integration, connectionType: 'VPC_LINK', connectionId: vpcLink.vpcLinkId, integrationTarget: arn },
    };
  }
}

function loadBalancerKind(lb: elbv2.ILoadBalancerV2, arn: string): LoadBalancerKind {
  if (lb instanceof elbv2.ApplicationLoadBalancer || (lb as Partial<elbv2.IApplicationLoadBalancer>).isApplicationLoadBalancer === true) {
    return 'application';
  }
  if (lb instanceof elbv2.NetworkLoadBalancer) {
    return 'network';
  }
  if (Token.isUnresolved(arn)) {
    return undefined;
  }
  const type = /:loadbalancer\/(app|net|gwy)\//.exec(arn)?.[1];
  return type === 'app' ? 'application' : type === 'net' ? 'network' : type === 'gwy' ? 'gateway' : undefined;
}

type IResourceInAccount = IConstruct & { readonly env: { readonly account: string } };

/** API Gateway reaches only a load balancer and a VPC link of the API's own account. */
function checkSameAccount(scope: Construct, where: string, what: string, resource: IResourceInAccount): void {
  const apiAccount = Stack.of(scope).account;
  const account = resource.env.account;
  if (!Token.isUnresolved(apiAccount) && !Token.isUnresolved(account) && account !== apiAccount) {
    throw new GatewayValidationError(scope, 'PrivateIntegrationCrossAccount', `${where}: ${what} (${resource.node.path}) belongs to account ${account}, but the API to ${apiAccount}; a private integration needs the load balancer, the VPC link and the API in one account: deploy the API in ${account}, or put a load balancer and link in ${apiAccount}.`);
  }
}

/** The URI's host is the TLS server name for https: the load balancer's own DNS name is in no certificate it can serve. */
function checkServerName(scope: Construct, where: string, url: string, lb: elbv2.ILoadBalancerV2): void {
  const host = /^https:\/\/([^/:?#]+)/.exec(url)?.[1];
  if (host !== undefined && (host === lb.loadBalancerDnsName || /\.elb\.amazonaws\.com(\.cn)?$/i.test(host))) {
    throw new GatewayValidationError(scope, 'PrivateIntegrationServerNameInvalid', `${where}: HTTPS URL ${JSON.stringify(url)} names the load balancer's own DNS name, which API Gateway verifies against the listener's certificate and no certificate can cover; use a host your certificate names, e.g. https://orders.internal.example.com/{proxy}.`);
  }
}

function isInternetFacing(lb: elbv2.ILoadBalancerV2): boolean {
  const resource = lb.node.defaultChild;
  return resource instanceof elbv2.CfnLoadBalancer && (resource.scheme === undefined || resource.scheme === 'internet-facing');
}

/** The port the URL names, or its scheme's; undefined when a token or stage variable stands for it. */
function urlPort(url: string): number | undefined {
  const authority = /^(https?):\/\/([^/?#]*)/.exec(url);
  if (!authority) {
    return undefined;
  }
  const port = /:([^:\]]*)$/.exec(authority[2].replace(/\$\{[^}]*\}/g, 'x'))?.[1];
  if (port === undefined) {
    return authority[1] === 'https' ? 443 : 80;
  }
  return /^\d+$/.test(port) ? Number(port) : undefined;
}

/**
 * One VPC link V2 per API and VPC, in the VPC's private subnets, with a
 * security group the load balancer admits on the URL's port.
 */
function defaultVpcLink(scope: Construct, where: string, lb: elbv2.ILoadBalancerV2, port: number | undefined): apigwv2.IVpcLink {
  const vpc = (lb as Partial<elbv2.IApplicationLoadBalancer>).vpc;
  if (vpc === undefined) {
    throw new GatewayValidationError(scope, 'PrivateIntegrationVpcLinkMissing', `${where}: load balancer ${lb.node.path} has no known VPC, so no VPC link can be made for it; pass vpcLink (an apigwv2.VpcLink in the load balancer's VPC), or import the load balancer with its vpc.`);
  }
  const suffix = shortHash(vpc.node.path);
  let link = scope.node.tryFindChild(`VpcLink${suffix}`) as apigwv2.VpcLink | undefined;
  let group = scope.node.tryFindChild(`VpcLinkSecurityGroup${suffix}`) as ec2.SecurityGroup | undefined;
  // The link and its security group are made together.
  if (!link || !group) {
    const subnets = vpc.privateSubnets.length > 0 ? vpc.privateSubnets : vpc.isolatedSubnets;
    if (subnets.length === 0) {
      throw new GatewayValidationError(scope, 'PrivateIntegrationVpcLinkMissing', `${where}: VPC ${vpc.node.path} has no private or isolated subnets for a VPC link; pass vpcLink (an apigwv2.VpcLink with the subnets to use).`);
    }
    group = new ec2.SecurityGroup(scope, `VpcLinkSecurityGroup${suffix}`, {
      vpc,
      description: `API Gateway VPC link of ${scope.node.path} to load balancers in ${vpc.node.path}`,
    });
    link = new apigwv2.VpcLink(scope, `VpcLink${suffix}`, { vpc, subnets: { subnets }, securityGroups: [group] });
  }
  const connections = (lb as Partial<ec2.IConnectable>).connections;
  if (connections && port !== undefined) {
    connections.allowFrom(group, ec2.Port.tcp(port), `API Gateway VPC link of ${scope.node.path}`);
  } else {
    Annotations.of(scope).addWarningV2('cdk-apigateway-patterns:privateIntegrationSecurityGroup', `${where}: the load balancer's security groups or the URL's port are unknown, so the VPC link's security group is not admitted by the load balancer; add an ingress rule from ${group.node.path} on the listener's port.`);
  }
  return link;
}

function checkVpcLinkV2(scope: Construct, where: string, vpcLink: apigwv2.IVpcLink, lb: elbv2.ILoadBalancerV2): void {
  // A VPC link V1 (apigw.VpcLink) has no VPC: it targets NLBs, and API Gateway refuses an integrationTarget with it.
  if (!isVpcLinkV2(vpcLink)) {
    throw new GatewayValidationError(scope, 'PrivateIntegrationVpcLinkV1', `${where}: vpcLink ${vpcLink.node.path} is a VPC link V1 (apigw.VpcLink), which reaches only the NLBs it targets; pass an apigwv2.VpcLink (VPC link V2), or leave vpcLink out to have one made.`);
  }
  checkSameAccount(scope, where, 'the VPC link', vpcLink);
  const lbVpc = (lb as Partial<elbv2.IApplicationLoadBalancer>).vpc;
  const known = (id: string) => !Token.isUnresolved(id);
  if (lbVpc !== undefined && lbVpc !== vpcLink.vpc && known(lbVpc.vpcId) && known(vpcLink.vpc.vpcId) && lbVpc.vpcId !== vpcLink.vpc.vpcId) {
    Annotations.of(scope).addWarningV2('cdk-apigateway-patterns:privateIntegrationVpc', `${where}: the VPC link is in ${vpcLink.vpc.vpcId} and the load balancer in ${lbVpc.vpcId}; the link's subnets must be able to route to the load balancer (peering or a transit gateway), or use a link in the load balancer's VPC.`);
  }
}
