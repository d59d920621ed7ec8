import { HttpAuthorization } from './http-authorization';

/** Options for one route of a `GatewayHttpApi`. */
export interface HttpRouteOptions {
  /**
   * Who may call this route.
   * @default - the API's `defaultAuthorization`; without one, `addRoute` fails: a public route says `HttpAuthorization.none()`
   */
  readonly authorization?: HttpAuthorization;
}
