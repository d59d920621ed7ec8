import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as kms from 'aws-cdk-lib/aws-kms';
import { BodyStorage } from './body-storage';
import { StageOptions } from './stage-options';
import { IResourcePolicy } from '../auth/resource-policy';
import { IRestAuthorization } from '../auth/rest-authorization';
import { ICloudWatchRole } from '../core/cloudwatch-role';
import { CorsOptions } from '../core/cors-options';
import { Endpoint } from '../core/endpoint';
import { IOpenApiDefinition } from '../openapi/openapi-definition';
import { OperationBinding } from '../openapi/operation-binding';
import { IWebAcl } from '../security/web-acl';

/** Properties of a `GatewayRestApi`. */
export interface GatewayRestApiProps {
  /**
   * The API's name.
   * @default - the construct id
   */
  readonly apiName?: string;

  /**
   * A description of the API.
   * @default - none
   */
  readonly description?: string;

  /**
   * Where the API is reachable from.
   * @default Endpoint.regional()
   */
  readonly endpoint?: Endpoint;

  /**
   * The stages to deploy. More can be added with `addStage()`.
   * @default [{ name: 'prod' }]
   */
  readonly stages?: StageOptions[];

  /**
   * Fail the deployment when API Gateway reports a warning while importing the
   * OpenAPI body. Off by default, as in AWS SAM, whose bodies this library's
   * match: the library validates the model itself at synth.
   * @default false
   */
  readonly failOnWarnings?: boolean;

  /**
   * Where the OpenAPI body is kept: in the template, or in S3 for an API too
   * large for CloudFormation's 1,000,000-byte template limit (see `BodyStorage`).
   * @default BodyStorage.AUTO: in the template while it takes under 600,000 bytes of it, in S3 above
   */
  readonly bodyStorage?: BodyStorage;

  /**
   * Who provides the account-level role API Gateway writes execution logs with.
   * @default CloudWatchRole.managed()
   */
  readonly cloudWatchRole?: ICloudWatchRole;

  /**
   * Who may call routes that set no `authorization` of their own.
   * @default - none: every route must set its own `authorization` (`Authorization.none()` for a public route), or `addRoute` fails
   */
  readonly defaultAuthorization?: IRestAuthorization;

  /**
   * Resource policy blocks (source IP ranges, VPC endpoints, VPCs, other
   * accounts). A private endpoint adds its own VPC endpoint restriction.
   * @default - no resource policy (a private API gets the one its endpoint needs)
   */
  readonly resourcePolicy?: IResourcePolicy[];

  /**
   * CORS for every route; a route's own `cors` replaces it.
   * @default - no CORS
   */
  readonly cors?: CorsOptions;

  /**
   * Where API keys come from: the `x-api-key` header, or the `usageIdentifierKey` a Lambda authorizer returns.
   * @default apigw.ApiKeySourceType.HEADER
   */
  readonly apiKeySource?: apigw.ApiKeySourceType;

  /**
   * Compress responses of at least this many bytes (0 to 10,485,760) for
   * callers that send `Accept-Encoding: gzip`, `deflate` or `identity`, unless
   * the backend already set `Content-Encoding`; 0 compresses every response.
   * Streamed routes (`ResponseTransferMode.STREAM`) are never compressed.
   * @default - no compression
   */
  readonly minimumCompressionSize?: number;

  /**
   * An AWS WAF web ACL for every stage: `WebAcl.managed()` or `WebAcl.fromArn()`.
   * @default - no web ACL
   */
  readonly webAcl?: IWebAcl;

  /**
   * A KMS key that encrypts the log groups the library creates for this API:
   * each stage's access logs, and the stack's stage-settings handler's logs
   * (with the key of the first API in the stack that sets one). The library
   * adds a statement to the key's policy that lets CloudWatch Logs of the
   * key's account and region use it; a key imported by ARN must allow that already.
   * @default - CloudWatch Logs' own encryption
   */
  readonly logGroupEncryptionKey?: kms.IKey;

  /**
   * Turn off the API's default `https://{api}.execute-api.{region}.amazonaws.com`
   * endpoint, so that clients reach it only through its custom domains. A
   * `GatewayDomain` with mutual TLS that serves the API turns it off by default,
   * since the default endpoint asks for no client certificate; set `false` to
   * keep it open anyway (synth warns).
   * @default - false, unless a `GatewayDomain` with mutual TLS serves the API, then true
   */
  readonly disableExecuteApiEndpoint?: boolean;

  /**
   * The TLS version and ciphers clients of the API's execute-api endpoint may use: a legacy policy
   * (TLS_1_0, TLS_1_2) or an enhanced one (`SecurityPolicy_...`: the `_EDGE` ones for an edge-optimized
   * API, the others for regional and private ones), which needs `endpointAccessMode`. A custom domain
   * has its own (`GatewayDomainProps.securityPolicy`).
   * @default - API Gateway's: TLS_1_0 for regional and edge-optimized APIs, TLS_1_2 for private ones
   */
  readonly securityPolicy?: apigw.SecurityPolicy;

  /**
   * With an enhanced `securityPolicy` (required then, refused otherwise): STRICT rejects requests that
   * arrive through another endpoint type or whose SNI host does not match the API's (on an edge-optimized
   * API, CloudFront's domain-fronting protection); BASIC does not.
   * @default - none (legacy security policies take none)
   */
  readonly endpointAccessMode?: apigw.EndpointAccessMode;

  /**
   * Who can call the API's execute-api endpoint: IPv4 clients only, or IPv4 and IPv6 (dual-stack).
   * Private APIs are always dual-stack. A change takes effect without a redeployment.
   * @default - API Gateway's: IPv4 for regional and edge-optimized APIs, dual-stack for private ones
   */
  readonly ipAddressType?: apigw.IpAddressType;

  /**
   * Media types whose bodies API Gateway passes as bytes instead of UTF-8
   * text, e.g. `['image/png', 'application/octet-stream']`; `image/*` covers a
   * type's subtypes and `*\/*` every type (JSON included, which mapping
   * templates then cannot read). A response is binary when the first media
   * type of the request's `Accept` header is one of them.
   * @default - none: every body is UTF-8 text
   */
  readonly binaryMediaTypes?: string[];
}

/** Properties of a `GatewayRestApi` built from an existing OpenAPI document. */
export interface GatewayRestApiFromOpenApiProps extends GatewayRestApiProps {
  /** The OpenAPI 3.0 document. */
  readonly definition: IOpenApiDefinition;

  /** The integration (and route options) of every operation, by the operation's `operationId`. */
  readonly operations: { [operationId: string]: OperationBinding };
}
