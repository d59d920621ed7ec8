import { Construct } from 'constructs';
import type { IRestPermissions, RestParameterLocation } from '../integrations/integration';

/**
 * The public bind protocol of REST authorization: the API binds each
 * authorization object once and reads only the returned config, so an
 * authorizer the library does not ship plugs in like the built-in ones.
 */

/** How a route's callers are authorized. */
export enum AuthorizationType {
  /** Anyone may call the route (subject to the resource policy and API keys). */
  NONE = 'NONE',
  /** Callers sign requests with AWS credentials (SigV4) and need `execute-api:Invoke`. */
  IAM = 'AWS_IAM',
  /** Callers present a token of a Cognito user pool. */
  COGNITO = 'COGNITO_USER_POOLS',
  /** A Lambda function decides (token or request authorizer). */
  LAMBDA = 'CUSTOM',
}

/**
 * Who may call a REST route. Implement it to add an authorizer the library
 * does not ship; `Authorization.*` returns the library's own.
 */
export interface IRestAuthorization {
  /**
   * Called once per API that uses the object (the API keeps the result for
   * every route that uses the same object). Throw a `GatewayValidationError`
   * (under `options.scope`) for a configuration the API cannot deploy.
   */
  bind(options: RestAuthorizationBindOptions): RestAuthorizationConfig;
}

/** What the API tells an authorization when it binds it. */
export interface RestAuthorizationBindOptions {
  /** The API construct: errors name it. */
  readonly scope: Construct;

  /**
   * Grants the API the Lambda permissions the authorizer needs
   * (`grantAuthorizerInvoke` for a Lambda authorizer); granted once a route using it is accepted.
   */
  readonly permissions: IRestPermissions;
}

/** What an authorization contributes to the routes that use it. */
export interface RestAuthorizationConfig {
  /** The kind of authorization, which API Gateway checks. */
  readonly authorizationType: AuthorizationType;

  /**
   * OAuth scopes the route requires (Cognito).
   * @default - none
   */
  readonly scopes?: string[];

  /**
   * The authorizer routes share; required for COGNITO and LAMBDA, not allowed for NONE and IAM.
   * @default - none (NONE, IAM)
   */
  readonly authorizer?: RestAuthorizerConfig;
}

/** An authorizer as the API deploys it: one OpenAPI security scheme, shared by every route that uses it. */
export interface RestAuthorizerConfig {
  /**
   * The security scheme's name, which API Gateway gives the authorizer:
   * stable across synths and unique per configuration (letters, digits, `_` and `-`).
   */
  readonly name: string;

  /** Identifies the configuration: routes whose authorizers have the same key share one. */
  readonly key: string;

  /** The OpenAPI security scheme object, carrying `x-amazon-apigateway-authorizer` (it may contain tokens). */
  readonly securityScheme: { [key: string]: any };

  /**
   * Request headers and query strings that identify the caller, on which a
   * cached route keys its responses; empty when the authorizer reads none
   * (a cached route must then say its response is shared across callers).
   */
  readonly callerParameters: RestCallerParameter[];
}

/** A request header or query string that identifies the caller. */
export interface RestCallerParameter {
  /** HEADER or QUERY_STRING. */
  readonly location: RestParameterLocation;

  /** The header or query-string parameter's name. */
  readonly name: string;
}
