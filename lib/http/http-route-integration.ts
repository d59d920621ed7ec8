import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';

/** What a `GatewayHttpApi` passes to an integration it binds to a route. */
export interface HttpApiIntegrationBindOptions {
  /** Where the integration creates constructs of its own (e.g. a role) and what its errors name: the API. */
  readonly scope: Construct;

  /** The API the route belongs to. */
  readonly api: apigwv2.IHttpApi;

  /** The route's key, e.g. `GET /items/{id}` or `$default`. */
  readonly routeKey: string;
}

/** What an integration bound to a route of a `GatewayHttpApi` gives the route. */
export interface HttpApiIntegrationConfig {
  /**
   * The backend: any aws-cdk-lib HTTP route integration (`HttpLambdaIntegration`,
   * `HttpSqsIntegration`, `HttpStepFunctionsIntegration`, a subclass of your own, ...).
   */
  readonly integration: apigwv2.HttpRouteIntegration;

  /**
   * Routes whose configs carry the same key share one integration (and one
   * Lambda permission) within the API: the first config's `integration` serves them all.
   * @default - routes share an integration only if `integration` is the same object
   */
  readonly shareKey?: string;
}

/**
 * The backend of a route of a `GatewayHttpApi`. `HttpApiIntegration`'s
 * factories implement it; implement it yourself (in any jsii language) to
 * plug in a backend the library does not ship. `bind` is called once for
 * every route that uses the integration.
 */
export interface IHttpApiIntegration {
  /** Binds the integration to one route of the API. */
  bind(options: HttpApiIntegrationBindOptions): HttpApiIntegrationConfig;
}
