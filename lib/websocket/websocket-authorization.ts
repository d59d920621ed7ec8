import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as authorizers from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { IWebSocketAuthorization, WebSocketAuthorizationBindOptions, WebSocketAuthorizationConfig } from './websocket-connect-authorization';
import { GatewayValidationError } from '../core/errors';
import { HEADER_NAME, QUERY_NAME, QUERY_NAME_RULE } from '../core/rules';

/** Options for `WebSocketAuthorization.lambdaRequest()`. */
export interface WebSocketLambdaAuthorizationOptions {
  /**
   * Headers that identify the caller; a connection attempt without one is refused with 401.
   * @default - none (then `queryStrings` must name one)
   */
  readonly headers?: string[];

  /**
   * Query-string parameters that identify the caller (browsers cannot set headers on a WebSocket).
   * @default - none
   */
  readonly queryStrings?: string[];
}

/**
 * Who may open a connection to a `GatewayWebSocketApi` (checked on `$connect`
 * only; an open connection stays authorized). For any other authorizer,
 * implement `IWebSocketAuthorization`.
 */
export class WebSocketAuthorization implements IWebSocketAuthorization {
  /**
   * Anyone may connect: a public `$connect`, as a visible decision (the
   * `connectHandler`, if any, may still refuse a connection).
   */
  public static none(): WebSocketAuthorization {
    return new WebSocketAuthorization(() => undefined);
  }

  /** Callers sign the connection request with AWS credentials (SigV4); IAM policies decide. */
  public static iam(): WebSocketAuthorization {
    return new WebSocketAuthorization(() => new authorizers.WebSocketIamAuthorizer());
  }

  /** A Lambda request authorizer that reads headers and/or query-string parameters. */
  public static lambdaRequest(handler: lambda.IFunction, options: WebSocketLambdaAuthorizationOptions): WebSocketAuthorization {
    return new WebSocketAuthorization(scope => {
      const headers = options.headers ?? [];
      const queryStrings = options.queryStrings ?? [];
      if (headers.length + queryStrings.length === 0) {
        throw new GatewayValidationError(scope, 'WebSocketAuthorizerWithoutSource', 'a WebSocket Lambda authorizer needs at least one identity source; name headers or queryStrings (e.g. queryStrings: [\'token\']).');
      }
      for (const header of headers) {
        if (!HEADER_NAME.test(header)) {
          throw new GatewayValidationError(scope, 'IdentitySourceInvalid', `identity source header ${JSON.stringify(header)} is not a valid header name.`);
        }
      }
      for (const name of queryStrings) {
        if (!QUERY_NAME.test(name)) {
          throw new GatewayValidationError(scope, 'IdentitySourceInvalid', `identity source query string ${JSON.stringify(name)} is invalid: ${QUERY_NAME_RULE}.`);
        }
      }
      return new authorizers.WebSocketLambdaAuthorizer('ConnectAuthorizer', handler, {
        identitySource: [...headers.map(name => `route.request.header.${name}`), ...queryStrings.map(name => `route.request.querystring.${name}`)],
      });
    });
  }

  private constructor(private readonly create: (scope: IConstruct) => apigwv2.IWebSocketRouteAuthorizer | undefined) {}

  /** The `$connect` authorizer, checked; none for a public `$connect`. */
  public bind(options: WebSocketAuthorizationBindOptions): WebSocketAuthorizationConfig {
    return { authorizer: this.create(options.scope) };
  }
}
