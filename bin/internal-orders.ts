import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct, IConstruct } from 'constructs';
import { acknowledgeHipaaAndNist } from './acknowledgments';
import { Authorization, GatewayRestApi, Integration } from '../lib';

/**
 * The orders service of the internal API: an internal Application Load
 * Balancer in the VPC (a fixed response stands in for its targets), reached
 * through a VPC link V2 that the API makes, with no NLB in front of it.
 */
export function addOrdersRoutes(scope: Construct, api: GatewayRestApi, vpc: ec2.IVpc): void {
  const balancer = new elbv2.ApplicationLoadBalancer(scope, 'OrdersBalancer', {
    vpc,
    internetFacing: false,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    dropInvalidHeaderFields: true,
  });
  const listener = balancer.addListener('Http', {
    port: 80,
    open: false,
    defaultAction: elbv2.ListenerAction.fixedResponse(200, { contentType: 'application/json', messageBody: '{"orders":[]}' }),
  });
  acknowledgeInternalBalancer(balancer, listener);
  api.addRoute('GET /orders', Integration.privateLoadBalancer(balancer), { operationId: 'listOrders', authorization: Authorization.none() });
}

/** An internal ALB with a plain HTTP listener and no access logs, which only a VPC link reaches. */
export function acknowledgeInternalBalancer(balancer: elbv2.ApplicationLoadBalancer, listener: elbv2.ApplicationListener): void {
  const reason = 'A sample (or test) backend: an internal load balancer in isolated subnets that only the API\'s VPC link reaches (its security group admits that link alone), answering with a fixed response.';
  Validations.of(balancer).acknowledge({ id: 'AwsSolutions-ELB2', reason: `${reason} Production load balancers log to an S3 bucket.` });
  acknowledgeHipaaAndNist(balancer, 'ELBLoggingEnabled', `${reason} Production load balancers log to an S3 bucket (loadBalancer.logAccessLogs(bucket)).`);
  acknowledgeHipaaAndNist(balancer, 'ELBDeletionProtectionEnabled', `${reason} Deletion protection would keep the sample from being destroyed with its stack.`);
  acknowledgeHipaaAndNist(listener, 'ELBv2ACMCertificateRequired', `${reason} Its traffic never leaves the VPC; HTTPS would need a private certificate authority for a name the listener serves.`);
  Validations.of(balancer).acknowledge({ id: 'NIST.800.53.R5-ALBWAFEnabled', reason: `${reason} The API in front of it is the one entry, and only from inside the VPC.` });
  acknowledgeHipaaAndNist(balancer, 'ALBHttpToHttpsRedirection', `${reason} Its traffic never leaves the VPC; HTTPS would need a private certificate authority for a name the listener serves.`);
}

/** The stages of an API whose HTTP backends (the orders balancer) are reached over plain HTTP inside the VPC. */
export function acknowledgePlainHttpBackends(stages: IConstruct[]): void {
  for (const stage of stages) {
    acknowledgeHipaaAndNist(stage, 'APIGWSSLEnabled', 'Besides Lambda, the API\'s one backend is the internal orders balancer, reached over HTTP through the VPC link inside the VPC; a client certificate authenticates API Gateway only to HTTPS backends that ask for one.');
  }
}
