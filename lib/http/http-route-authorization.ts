import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';

/** How a route of an HTTP API authorizes callers (the route's `AuthorizationType`). */
export enum HttpAuthorizationType {
  /** Anyone may call. */
  NONE = 'NONE',
  /** SigV4-signed requests; IAM policies decide. */
  IAM = 'AWS_IAM',
  /** A JWT authorizer; the only kind that checks authorization scopes. */
  JWT = 'JWT',
  /** A Lambda authorizer. */
  LAMBDA = 'CUSTOM',
}

/** What a `GatewayHttpApi` passes to an authorization it binds to a route. */
export interface HttpAuthorizationBindOptions {
  /** What the authorization's errors name: the API. */
  readonly scope: Construct;

  /** The API the route belongs to. */
  readonly api: apigwv2.IHttpApi;

  /** The route's key, e.g. `GET /items/{id}` or `$default`. */
  readonly routeKey: string;
}

/** What an authorization bound to a route of a `GatewayHttpApi` gives the route. */
export interface HttpAuthorizationConfig {
  /**
   * The route's authorizer: any aws-cdk-lib HTTP route authorizer
   * (`HttpJwtAuthorizer`, `HttpLambdaAuthorizer`, `HttpIamAuthorizer`,
   * `HttpNoneAuthorizer`, or one of your own).
   */
  readonly authorizer: apigwv2.IHttpRouteAuthorizer;

  /**
   * The kind of authorization `authorizer` performs. The API checks the
   * route's scopes (JWT only) and CORS preflights (refused by any authorizer) by it.
   */
  readonly authorizationType: HttpAuthorizationType;

  /**
   * Scopes the caller's token must carry (any one of them) for this route; JWT authorizers only.
   * @default - none
   */
  readonly scopes?: string[];

  /**
   * Routes whose configs carry the same key share one authorizer within the
   * API: the first config's `authorizer` serves them all.
   * @default - routes share an authorizer only if `authorizer` is the same object
   */
  readonly shareKey?: string;
}

/**
 * Who may call a route of a `GatewayHttpApi`. `HttpAuthorization`'s
 * factories implement it; implement it yourself (in any jsii language) to
 * plug in an authorizer the library does not ship. `bind` is called once for
 * every route that uses the authorization.
 */
export interface IHttpAuthorization {
  /** Binds the authorization to one route of the API. */
  bind(options: HttpAuthorizationBindOptions): HttpAuthorizationConfig;
}
