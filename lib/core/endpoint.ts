import * as ec2 from 'aws-cdk-lib/aws-ec2';

/** Where an API's endpoint is reachable from. */
export enum EndpointType {
  /** Through CloudFront's edge locations, for clients around the world. */
  EDGE = 'EDGE',
  /** In the API's region, for clients in or near that region (or behind your own CDN). */
  REGIONAL = 'REGIONAL',
  /** Only from inside VPCs, through interface VPC endpoints for `execute-api`. */
  PRIVATE = 'PRIVATE',
}

/** Options for a private endpoint. */
export interface PrivateEndpointOptions {
  /**
   * The interface VPC endpoints (service `execute-api`) that may invoke the API.
   * The API's resource policy allows these and denies every other source.
   */
  readonly vpcEndpoints: ec2.IInterfaceVpcEndpoint[];
}

/**
 * The endpoint configuration of an API: `Endpoint.edge()`, `Endpoint.regional()`
 * or `Endpoint.private({ vpcEndpoints })`.
 */
export class Endpoint {
  /** An edge-optimized endpoint (CloudFront in front of the API's region). */
  public static edge(): Endpoint {
    return new Endpoint(EndpointType.EDGE, []);
  }

  /** A regional endpoint. */
  public static regional(): Endpoint {
    return new Endpoint(EndpointType.REGIONAL, []);
  }

  /**
   * A private endpoint reachable only through the given interface VPC endpoints.
   * The API gets the resource policy a private API needs to deploy.
   */
  public static private(options: PrivateEndpointOptions): Endpoint {
    return new Endpoint(EndpointType.PRIVATE, [...options.vpcEndpoints]);
  }

  private constructor(
    /** The endpoint type. */
    public readonly type: EndpointType,
    /** The VPC endpoints of a private API (empty for the other types). */
    public readonly vpcEndpoints: ec2.IInterfaceVpcEndpoint[],
  ) {}
}
