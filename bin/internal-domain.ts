import { Arn, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { GatewayPrivateDomain, GatewayRestApi } from '../lib';

/**
 * inventory.internal.example.com for the private inventory API: resolvable
 * only inside the VPC (a private hosted zone), invoked only through its
 * execute-api endpoint. The certificate is issued outside the app, since a
 * private zone cannot answer ACM's DNS validation.
 */
export function addInternalDomain(stack: Stack, vpc: ec2.IVpc, executeApi: ec2.InterfaceVpcEndpoint, api: GatewayRestApi): GatewayPrivateDomain {
  const certificateArn = Arn.format({ service: 'acm', resource: 'certificate', resourceName: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' }, stack);
  const domain = new GatewayPrivateDomain(stack, 'InventoryDomain', {
    domainName: 'inventory.internal.example.com',
    certificate: acm.Certificate.fromCertificateArn(stack, 'InventoryCertificate', certificateArn),
    vpcEndpoints: [executeApi],
    zone: new route53.PrivateHostedZone(stack, 'InternalZone', { zoneName: 'internal.example.com', vpc }),
  });
  domain.addApi(api, { basePath: 'inventory', stage: 'internal' });
  return domain;
}
