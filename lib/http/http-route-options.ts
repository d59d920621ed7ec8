import { HttpAuthorization } from './http-authorization';

/** Options for one route of a `GatewayHttpApi`. */
export interface HttpRouteOptions {
  /**
   * Who may call this route.
   * @default - the API's `defaultAuthorization`; without one the route is public and synth warns
   */
  readonly authorization?: HttpAuthorization;
}
