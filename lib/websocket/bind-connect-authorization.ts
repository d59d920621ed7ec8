import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { Construct } from 'constructs';
import { IWebSocketAuthorization } from './websocket-connect-authorization';
import { GatewayValidationError } from '../core/errors';
import { describeValue } from '../core/rules';

/** The `$connect` authorizer of a (library or user) authorization, checked. */
export function bindConnectAuthorization(
  api: Construct & apigwv2.IWebSocketApi, authorization: IWebSocketAuthorization,
): apigwv2.IWebSocketRouteAuthorizer | undefined {
  let config;
  try {
    config = authorization.bind({ scope: api, api });
  } catch (error) {
    // A REST authorization (Authorization.*), which JavaScript callers can pass, reads REST bind options that are not here.
    if (error instanceof TypeError) {
      throw new GatewayValidationError(api, 'WebSocketAuthorizationUnsupported', `connectAuthorization threw a TypeError in bind() (${error.message}): if it is a REST authorization (Authorization.*), it runs on GatewayRestApi only; use a WebSocketAuthorization, or fix the authorization's bind().`);
    }
    throw error;
  }
  if (config?.authorizer !== undefined && typeof config.authorizer?.bind !== 'function') {
    throw new GatewayValidationError(api, 'WebSocketAuthorizationConfigInvalid', `connectAuthorization returned ${describeValue(config.authorizer)} from bind() as its authorizer; return an apigwv2.IWebSocketRouteAuthorizer (e.g. a WebSocketLambdaAuthorizer of aws-cdk-lib/aws-apigatewayv2-authorizers) in { authorizer }, or none for a public $connect.`);
  }
  return config?.authorizer;
}
