import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { ResponseTransferMode } from './response-transfer-mode';
import { RequestTransformOptions, ResponseTransformOptions } from './transform-options';

/** Options for `Integration.http()`. */
export interface HttpIntegrationOptions extends RequestTransformOptions, ResponseTransformOptions {
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
   * `STREAM` sends the backend's response on as it arrives (after its status
   * and headers), for up to 15 minutes with `timeout`; only proxy mode can
   * stream, and a streamed route cannot be cached or compressed.
   * @default ResponseTransferMode.BUFFERED
   */
  readonly responseTransferMode?: ResponseTransferMode;

  /**
   * A VPC link V1 (`apigw.VpcLink`, legacy) to a Network Load Balancer, for backends in a VPC; the URL then names the load balancer (or a host it serves).
   * For new private integrations, to an ALB or an NLB, use `Integration.privateLoadBalancer` (VPC link V2).
   * @default - the backend is reached over the internet
   */
  readonly vpcLink?: apigw.IVpcLink;
}
