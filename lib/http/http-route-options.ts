import { IHttpAuthorization } from './http-route-authorization';

/** Options for one route of a `GatewayHttpApi`. */
export interface HttpRouteOptions {
  /**
   * Who may call this route: an `HttpAuthorization`, or an `IHttpAuthorization` of your own.
   * @default - the API's `defaultAuthorization`; without one, `addRoute` fails: a public route says `HttpAuthorization.none()`
   */
  readonly authorization?: IHttpAuthorization;
}
