import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { EndpointType } from '../core/endpoint';

/**
 * The public bind protocol of REST integrations: the API calls `bind` once
 * per route and reads only the returned config, so an integration the
 * library does not ship (Kinesis, S3, a company's own) plugs in like the
 * built-in ones. This file is a leaf: it imports only the kernel.
 */

/**
 * The backend of a REST route. Implement it to add an integration the library
 * does not ship; `Integration.*` returns the library's own.
 */
export interface IRestIntegration {
  /**
   * Called once per route that uses the integration. Throw a
   * `GatewayValidationError` (under `options.scope`) for a route it cannot serve.
   */
  bind(options: RestIntegrationBindOptions): RestIntegrationConfig;
}

/** What the API tells an integration about the route it serves. */
export interface RestIntegrationBindOptions {
  /** The API construct: errors name it, and roles the integration needs are created under it. */
  readonly scope: Construct;

  /** The route, e.g. `GET /pets/{id}`. */
  readonly route: RestRouteInfo;

  /** The API's endpoint type (an edge-optimized API has a lower integration timeout limit). */
  readonly endpointType: EndpointType;

  /**
   * CORS headers every non-proxy integration response must set, by header
   * name (quoted static values, e.g. `"'*'"`); empty without CORS.
   */
  readonly corsResponseHeaders: { [name: string]: string };

  /**
   * VTL to append to every non-proxy response template, which sets the
   * allowed origin to the caller's (several credentialed origins).
   * @default - none
   */
  readonly corsOriginEcho?: string;

  /** Grants the API the Lambda permissions the integration needs; the API deduplicates them. */
  readonly permissions: IRestPermissions;
}

/** The route an integration is bound to. */
export interface RestRouteInfo {
  /** The canonical route key, e.g. `GET /pets/{id}`. */
  readonly key: string;

  /** The HTTP method: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY. */
  readonly method: string;

  /** The resource path, e.g. `/pets/{id}` (`/` for the root). */
  readonly path: string;

  /** The names of the path's parameters, in order (`proxy` for `{proxy+}`). */
  readonly pathParameters: string[];
}

/**
 * Lambda permissions, each granted once per function (or function and alias)
 * and scoped to this API. An integration or authorizer asks for them during
 * `bind`; the API grants them once the route has passed every check.
 */
export interface IRestPermissions {
  /** Lets the API invoke the function (any route, any stage). */
  grantInvoke(handler: lambda.IFunction): void;

  /**
   * Lets the API invoke, on every stage (and canary), the alias of the
   * function that the stage variable names there. Every stage must set the variable.
   */
  grantInvokeAlias(handler: lambda.IFunction, stageVariable: string): void;

  /** Lets the API's authorizers invoke the function. */
  grantAuthorizerInvoke(handler: lambda.IFunction): void;
}

/** Where a request parameter is read from. */
export enum RestParameterLocation {
  /** A path parameter, e.g. `id` of `/pets/{id}`. */
  PATH = 'path',
  /** A query-string parameter. */
  QUERY_STRING = 'querystring',
  /** A request header. */
  HEADER = 'header',
}

/** A request parameter a method declares because its integration reads it. */
export interface RestMethodParameter {
  /** Where the parameter is read from. */
  readonly location: RestParameterLocation;

  /** The parameter's name. */
  readonly name: string;

  /** Whether API Gateway refuses a request without it (when the route validates parameters). */
  readonly required: boolean;
}

/** A status code a method declares, with the headers its integration responses set. */
export interface RestMethodResponse {
  /** The status code, e.g. `200`. */
  readonly statusCode: string;

  /** The response headers the integration responses of this status set. */
  readonly headers: string[];
}

/** What an integration contributes to one route. */
export interface RestIntegrationConfig {
  /**
   * The operation's `x-amazon-apigateway-integration` object, as API
   * Gateway's OpenAPI extensions define it (it may contain tokens).
   */
  readonly integration: { [key: string]: any };

  /**
   * Request parameters the method must declare because the integration reads them.
   * @default - none
   */
  readonly methodParameters?: RestMethodParameter[];

  /**
   * Status codes (and headers) the method must declare for the integration's responses.
   * @default - none: the method declares 200 (right for proxy integrations)
   */
  readonly methodResponses?: RestMethodResponse[];

  /**
   * Stage variables the integration reads, which every stage must set.
   * @default - none
   */
  readonly stageVariables?: string[];

  /**
   * Whether the integration passes request or response bodies through as
   * bytes (an S3 object), so that the API needs `binaryMediaTypes` for the
   * media types it serves (synth warns when the API has none).
   * @default false
   */
  readonly passesBinary?: boolean;
}

/** The stage variable an alias integration reads unless told otherwise; a stage's `lambdaAlias` sets it. */
/**
 * The proxy integration types, as `x-amazon-apigateway-integration` writes them (lower case): API Gateway
 * hands them the whole request and response, ignoring passthrough behaviour and method responses, and only
 * they can stream.
 */
export const PROXY_INTEGRATION_TYPES: ReadonlySet<string> = new Set(['aws_proxy', 'http_proxy']);

export const DEFAULT_ALIAS_VARIABLE = 'lambdaAlias';
