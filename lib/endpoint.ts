import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';

/** `arn:{partition}:execute-api:{region}:{account}:{api}/{resourceName}`, the ARN IAM policies and Lambda permissions name. */
export function executeApiArn(scope: IConstruct, apiId: string, resourceName: string): string {
  return Stack.of(scope).formatArn({ service: 'execute-api', resource: apiId, arnFormat: ArnFormat.SLASH_RESOURCE_NAME, resourceName });
}

/** `<scheme>://{api}.execute-api.{region}.{suffix}`: the default endpoint of an API of any kind. */
export function executeApiBaseUrl(scope: IConstruct, apiId: string, scheme: 'https' | 'wss' = 'https'): string {
  const stack = Stack.of(scope);
  return `${scheme}://${apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
}

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
