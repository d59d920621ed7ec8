import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { App } from 'aws-cdk-lib/core';
import { Endpoint, GatewayRestApi, Integration } from '../../lib';
import { lintTemplates } from '../harness/cfn-lint';
import { validateOpenApi } from '../harness/openapi-validator';
import { newStack, PUBLIC, restApiBody } from '../helpers';

function network(stack: Stack) {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: false });
  alb.addListener('Http', { port: 80, open: false }).addAction('Ok', { action: elbv2.ListenerAction.fixedResponse(200) });
  return { vpc, alb };
}

function integrationOf(stack: Stack, path: string, method = 'get'): any {
  return stack.resolve(restApiBody(Template.fromStack(stack)).paths[path][method]['x-amazon-apigateway-integration']);
}

describe('Integration.privateLoadBalancer', () => {
  test('an internal ALB through a VPC link V2 the API makes: integrationTarget, connectionId, and the security group admitted', () => {
    const stack = newStack();
    const { alb } = network(stack);
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /orders/{id}', Integration.privateLoadBalancer(alb), PUBLIC);
    api.addRoute('ANY /files/{proxy+}', Integration.privateLoadBalancer(alb, { timeout: Duration.seconds(10) }), PUBLIC);
    api.addRoute('GET /photos/{key+}', Integration.privateLoadBalancer(alb), PUBLIC);

    const template = Template.fromStack(stack);
    const albId = stack.getLogicalId(alb.node.defaultChild as elbv2.CfnLoadBalancer);
    const links = template.findResources('AWS::ApiGatewayV2::VpcLink');
    expect(Object.keys(links)).toHaveLength(1);
    const linkId = Object.keys(links)[0];
    expect(integrationOf(stack, '/orders/{id}')).toEqual({
      type: 'http_proxy',
      httpMethod: 'GET',
      uri: { 'Fn::Join': ['', ['http://', { 'Fn::GetAtt': [albId, 'DNSName'] }, '/orders/{id}']] },
      requestParameters: { 'integration.request.path.id': 'method.request.path.id' },
      connectionType: 'VPC_LINK',
      connectionId: { Ref: linkId },
      integrationTarget: { Ref: albId },
    });
    expect(integrationOf(stack, '/files/{proxy+}', 'x-amazon-apigateway-any-method')).toMatchObject({
      uri: { 'Fn::Join': ['', ['http://', { 'Fn::GetAtt': [albId, 'DNSName'] }, '/files/{proxy}']] },
      timeoutInMillis: 10000,
      connectionId: { Ref: linkId },
    });
    // Any greedy parameter, not only {proxy+}, is one path parameter in the backend URL.
    expect(integrationOf(stack, '/photos/{key+}')).toMatchObject({
      uri: { 'Fn::Join': ['', ['http://', { 'Fn::GetAtt': [albId, 'DNSName'] }, '/photos/{key}']] },
      requestParameters: { 'integration.request.path.key': 'method.request.path.key' },
    });
    // The link's subnets are the VPC's (isolated) ones; its security group is admitted on port 80.
    template.hasResourceProperties('AWS::ApiGatewayV2::VpcLink', { SubnetIds: Match.arrayWith([{ Ref: Match.stringLikeRegexp('^VpcprivateSubnet1') }]) });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 80,
      ToPort: 80,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiVpcLinkSecurityGroup'), 'GroupId'] },
    });

    // The rendered document is valid OpenAPI, and the template passes cfn-lint.
    expect(validateOpenApi(api.openApiDocument()).errors).toEqual([]);
    expect(lintTemplates([{ name: 'private-alb', template: template.toJSON() }])).toEqual([]);
  });

  test('a given VPC link V2 and an HTTPS URL with a server name, non-proxy, to an NLB', () => {
    const stack = newStack();
    const { vpc } = network(stack);
    const nlb = new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc });
    const link = new apigwv2.VpcLink(stack, 'Link', { vpc, subnets: { subnets: vpc.isolatedSubnets } });
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('POST /quotes', Integration.privateLoadBalancer(nlb, { vpcLink: link, url: 'https://quotes.internal.example.com:8443/v1/quotes', proxy: false }), PUBLIC);
    expect(integrationOf(stack, '/quotes', 'post')).toMatchObject({
      type: 'http',
      httpMethod: 'POST',
      uri: 'https://quotes.internal.example.com:8443/v1/quotes',
      connectionId: { Ref: stack.getLogicalId(link.node.defaultChild as apigwv2.CfnVpcLink) },
      integrationTarget: { Ref: stack.getLogicalId(nlb.node.defaultChild as elbv2.CfnLoadBalancer) },
    });
    // No link of the API's own.
    Template.fromStack(stack).resourceCountIs('AWS::ApiGatewayV2::VpcLink', 1);
  });

  test('an imported ALB by ARN, with its VPC link', () => {
    const stack = newStack();
    const { vpc } = network(stack);
    const alb = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'Imported', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/orders/50dc6c495c0c9188',
      securityGroupId: 'sg-0123456789abcdef0',
      loadBalancerDnsName: 'internal-orders-1.us-east-1.elb.amazonaws.com',
      vpc,
    });
    const api = new GatewayRestApi(stack, 'Api');
    api.addRoute('GET /orders', Integration.privateLoadBalancer(alb), PUBLIC);
    expect(integrationOf(stack, '/orders')).toMatchObject({
      uri: 'http://internal-orders-1.us-east-1.elb.amazonaws.com/orders',
      integrationTarget: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/orders/50dc6c495c0c9188',
    });
  });

  test.each([
    ['a Gateway Load Balancer', 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/gwy/inspect/50dc6c495c0c9188', /\[PrivateIntegrationTargetInvalid\].*not an Application or Network Load Balancer/],
    ['a load balancer of another account', 'arn:aws:elasticloadbalancing:us-east-1:210987654321:loadbalancer/app/orders/50dc6c495c0c9188', /\[PrivateIntegrationCrossAccount\].*belongs to account 210987654321, but the API to 123456789012/],
  ])('%s is refused', (_what, arn, message) => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: { account: '123456789012', region: 'us-east-1' } });
    const { vpc } = network(stack);
    const lb = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'Imported', {
      loadBalancerArn: arn, securityGroupId: 'sg-0123456789abcdef0', loadBalancerDnsName: 'internal-x.us-east-1.elb.amazonaws.com', vpc,
    });
    // An imported ALB says it is one; a raw ILoadBalancerV2 with the ARN is what a Gateway Load Balancer looks like.
    const target: elbv2.ILoadBalancerV2 = arn.includes('/gwy/') ? { node: lb.node, env: lb.env, stack, loadBalancerRef: { loadBalancerArn: arn }, loadBalancerDnsName: 'x', loadBalancerCanonicalHostedZoneId: 'Z', applyRemovalPolicy: () => {} } as any : lb;
    const api = new GatewayRestApi(stack, 'Api');
    expect(() => api.addRoute('GET /orders', Integration.privateLoadBalancer(target), PUBLIC)).toThrow(message);
  });

  test('an HTTPS URL naming the load balancer\'s own DNS name is refused: no certificate covers it', () => {
    const stack = newStack();
    const { alb } = network(stack);
    const api = new GatewayRestApi(stack, 'Api');
    expect(() => api.addRoute('GET /a', Integration.privateLoadBalancer(alb, { url: `https://${alb.loadBalancerDnsName}/a` }), PUBLIC))
      .toThrow(/\[PrivateIntegrationServerNameInvalid\].*use a host your certificate names/);
    expect(() => api.addRoute('GET /b', Integration.privateLoadBalancer(alb, { url: 'https://internal-orders-1.us-east-1.elb.amazonaws.com/b' }), PUBLIC))
      .toThrow(/\[PrivateIntegrationServerNameInvalid\]/);
  });

  test('a VPC link V1 is refused, and a VPC link V2 on Integration.http too', () => {
    const stack = newStack();
    const { vpc, alb } = network(stack);
    const nlb = new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc });
    const v1 = new apigw.VpcLink(stack, 'V1', { targets: [nlb] });
    const v2 = new apigwv2.VpcLink(stack, 'V2', { vpc, subnets: { subnets: vpc.isolatedSubnets } });
    const api = new GatewayRestApi(stack, 'Api');
    expect(() => api.addRoute('GET /a', Integration.privateLoadBalancer(alb, { vpcLink: v1 as any }), PUBLIC))
      .toThrow(/\[PrivateIntegrationVpcLinkV1\].*pass an apigwv2.VpcLink/);
    expect(() => api.addRoute('GET /b', Integration.http('http://orders.internal/b', { vpcLink: v2 as any }), PUBLIC))
      .toThrow(/\[VpcLinkV2WithoutTarget\].*use Integration.privateLoadBalancer/);
  });

  test('a route refused by the HTTP checks leaves no VPC link or security group behind', () => {
    const stack = newStack();
    const { alb } = network(stack);
    const api = new GatewayRestApi(stack, 'Api');
    expect(() => api.addRoute('GET /a', Integration.privateLoadBalancer(alb, { timeout: Duration.millis(10) }), PUBLIC)).toThrow(/\[IntegrationTimeoutOutOfRange\]/);
    expect(api.node.children.map(child => child.node.id).filter(id => id.startsWith('VpcLink'))).toEqual([]);
  });

  test('a load balancer without a known VPC needs a vpcLink', () => {
    const stack = newStack();
    const alb = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'Imported', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/orders/50dc6c495c0c9188',
      securityGroupId: 'sg-0123456789abcdef0',
    });
    const api = new GatewayRestApi(stack, 'Api');
    expect(() => api.addRoute('GET /a', Integration.privateLoadBalancer(alb, { url: 'http://orders.internal/a' }), PUBLIC))
      .toThrow(/\[PrivateIntegrationVpcLinkMissing\].*pass vpcLink/);
  });

  test('an internet-facing load balancer and a link in another VPC are warnings; the edge timeout limit applies', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
    const other = ec2.Vpc.fromVpcAttributes(stack, 'Other', { vpcId: 'vpc-0ther', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-1'] });
    const link = apigwv2.VpcLink.fromVpcLinkAttributes(stack, 'Link', { vpcLinkId: 'abc123', vpc: other });
    const api = new GatewayRestApi(stack, 'Api', { endpoint: Endpoint.edge() });
    api.addRoute('GET /a', Integration.privateLoadBalancer(alb, { vpcLink: link, url: 'http://orders.internal/a' }), PUBLIC);
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => String(w.entry.data));
    expect(warnings.some((w) => /is internet-facing, so callers can reach the backend without the API/.test(w))).toBe(true);
    expect(warnings.some((w) => /the VPC link is in vpc-0ther/.test(w))).toBe(false); // the ALB's VPC id is a token: unknown
    const mine = ec2.Vpc.fromVpcAttributes(stack, 'Mine', { vpcId: 'vpc-m1ne', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-2'] });
    const imported = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'Imported', {
      loadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/orders/50dc6c495c0c9188', securityGroupId: 'sg-0123456789abcdef0', vpc: mine,
    });
    api.addRoute('GET /c', Integration.privateLoadBalancer(imported, { vpcLink: link, url: 'http://orders.internal/c' }), PUBLIC);
    const later = Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => String(w.entry.data));
    expect(later.some((w) => /the VPC link is in vpc-0ther and the load balancer in vpc-m1ne; the link's subnets must be able to route/.test(w))).toBe(true);
    expect(() => api.addRoute('GET /b', Integration.privateLoadBalancer(alb, { vpcLink: link, url: 'http://orders.internal/b', timeout: Duration.seconds(60) }), PUBLIC))
      .toThrow(/\[IntegrationTimeoutEdge\]/);
  });
});
