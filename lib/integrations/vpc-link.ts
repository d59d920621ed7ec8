import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';

/**
 * A VPC link V2 (apigwv2.IVpcLink) has a VPC; a V1 link (apigw.IVpcLink, which
 * targets NLBs only) has none. The two types are otherwise alike to a caller.
 */
export function isVpcLinkV2(link: apigw.IVpcLink | apigwv2.IVpcLink): boolean {
  return (link as Partial<apigwv2.IVpcLink>).vpc !== undefined;
}
