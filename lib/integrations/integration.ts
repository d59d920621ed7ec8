import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { MethodParameter, MethodResponse } from './transform';
import { EndpointType } from '../core/endpoint';
import { ParsedRouteKey } from '../core/route-key';

/**
 * A Lambda function that a route invokes.
 * @internal
 */
export interface LambdaTarget {
  readonly handler: lambda.IFunction;
  /** The stage variable that names the alias, for alias-routed integrations. */
  readonly aliasVariable?: string;
}

/**
 * What an integration needs to know about the route and API it serves.
 * @internal
 */
export interface IntegrationContext {
  /** The API: errors name it, and roles are created in it. */
  readonly scope: Construct;
  readonly route: ParsedRouteKey;
  readonly endpointType: EndpointType;
  /** CORS headers every non-proxy response of the route must carry, by header name (quoted static values). */
  readonly corsHeaders: Record<string, string>;
  /** VTL that sets the allowed origin to the caller's, appended to every response template (several credentialed origins). */
  readonly corsOriginEcho?: string;
}

/**
 * What an integration contributes to one route once validated against the API.
 * @internal
 */
export interface BoundIntegration {
  /** The `x-amazon-apigateway-integration` object (may contain CDK tokens). */
  readonly openApi: Record<string, unknown>;
  /** The function the API must be allowed to invoke, if any. */
  readonly lambdaTarget?: LambdaTarget;
  /** Request parameters the method must declare because the integration reads them. */
  readonly methodParameters?: readonly MethodParameter[];
  /** Status codes (and their headers) the method must declare for the integration's responses; none for proxies. */
  readonly methodResponses?: readonly MethodResponse[];
  /** Stage variables the integration reads, which every stage must set. */
  readonly stageVariables?: readonly string[];
}

/**
 * The kind-specific part of an integration.
 * @internal
 */
export interface IntegrationSpec {
  bind(context: IntegrationContext): BoundIntegration;
}

/** The stage variable an alias integration reads unless told otherwise; a stage's `lambdaAlias` sets it. */
export const DEFAULT_ALIAS_VARIABLE = 'lambdaAlias';
