import { Duration } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { RequestTransformOptions, ResponseTransformOptions } from './transform-options';

/** Options for `Integration.privateLoadBalancer()`. */
export interface PrivateLoadBalancerIntegrationOptions extends RequestTransformOptions, ResponseTransformOptions {
  /**
   * The URL API Gateway calls. Requests always go to the load balancer; the
   * URL's host is the request's `Host` header and, for `https://`, the name
   * API Gateway verifies the load balancer's certificate against, so an
   * HTTPS URL must name a host the certificate covers. `{name}` placeholders
   * take path parameters, as in `Integration.http()`.
   * @default - `http://` + the load balancer's DNS name + the route's path (`{proxy+}` as `{proxy}`)
   */
  readonly url?: string;

  /**
   * Proxy mode (`HTTP_PROXY`) passes the request and the backend's response
   * through unchanged; non-proxy mode (`HTTP`) applies mapping templates and
   * integration responses.
   * @default true
   */
  readonly proxy?: boolean;

  /**
   * The HTTP method of the backend request.
   * @default - the route's method (ANY passes the caller's method on)
   */
  readonly method?: string;

  /**
   * How long API Gateway waits for the backend before answering 504.
   * @default Duration.seconds(29)
   */
  readonly timeout?: Duration;

  /**
   * The VPC link V2 (`apigwv2.VpcLink`, `AWS::ApiGatewayV2::VpcLink`) to reach
   * the load balancer through. Its security groups must be admitted by the
   * load balancer's on the URL's port: wire that yourself, e.g.
   * `alb.connections.allowFrom(linkSecurityGroup, ec2.Port.tcp(80))`.
   * @default - one link per API and VPC, in the load balancer's VPC's private
   * subnets, with a security group the load balancer admits on the URL's port
   */
  readonly vpcLink?: apigwv2.IVpcLink;
}
