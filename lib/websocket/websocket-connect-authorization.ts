import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';

/** What a `GatewayWebSocketApi` passes to the authorization it binds to `$connect`. */
export interface WebSocketAuthorizationBindOptions {
  /** What the authorization's errors name: the API. */
  readonly scope: Construct;

  /** The API whose `$connect` route it authorizes. */
  readonly api: apigwv2.IWebSocketApi;
}

/** What an authorization bound to `$connect` of a `GatewayWebSocketApi` gives the route. */
export interface WebSocketAuthorizationConfig {
  /**
   * The `$connect` route's authorizer: any aws-cdk-lib WebSocket route authorizer
   * (`WebSocketLambdaAuthorizer`, `WebSocketIamAuthorizer`, or one of your own).
   * @default - none: anyone may connect
   */
  readonly authorizer?: apigwv2.IWebSocketRouteAuthorizer;
}

/**
 * Who may open a connection to a `GatewayWebSocketApi`. `WebSocketAuthorization`'s
 * factories implement it; implement it yourself (in any jsii language) to plug
 * in an authorizer the library does not ship. `bind` is called once, for `$connect`.
 */
export interface IWebSocketAuthorization {
  /** Binds the authorization to the API's `$connect` route. */
  bind(options: WebSocketAuthorizationBindOptions): WebSocketAuthorizationConfig;
}
