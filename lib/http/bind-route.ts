import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { IConstruct } from 'constructs';
import { HttpAuthorizationBindOptions, HttpAuthorizationConfig, HttpAuthorizationType, IHttpAuthorization } from './http-route-authorization';
import { HttpApiIntegrationBindOptions, HttpApiIntegrationConfig, IHttpApiIntegration } from './http-route-integration';
import { GatewayValidationError } from '../core/errors';
import { describeValue, enumValues } from '../core/rules';

/*
 * The API's side of the bind protocol: it calls `bind`, and checks what a
 * plug-in (the library's or a user's, in any jsii language) returned before
 * anything of it reaches a construct, so that a wrong config fails with the
 * library's error naming the route instead of a TypeError inside aws-cdk-lib.
 */

/** Binds a route's integration and checks its config. */
export function bindHttpIntegration(
  scope: IConstruct, integration: IHttpApiIntegration, options: HttpApiIntegrationBindOptions,
): HttpApiIntegrationConfig {
  const { config, typeError } = callBind(() => integration.bind(options));
  if (typeError !== undefined) {
    throw new GatewayValidationError(scope, 'HttpApiIntegrationUnsupported', `route ${options.routeKey} has an integration HTTP APIs cannot run: its bind() threw a TypeError (${typeError}); ${REST_INTEGRATION_HINT}, or fix the integration's bind().`);
  }
  if (!(config?.integration instanceof apigwv2.HttpRouteIntegration)) {
    throw new GatewayValidationError(scope, 'HttpApiIntegrationUnsupported', `route ${options.routeKey} has an integration HTTP APIs cannot run: its bind() returned ${describeValue(config?.integration)} as its integration; ${REST_INTEGRATION_HINT}, or return an apigwv2.HttpRouteIntegration (e.g. an HttpSqsIntegration of aws-cdk-lib/aws-apigatewayv2-integrations) in { integration }.`);
  }
  if (!isShareKey(config.shareKey)) {
    throw new GatewayValidationError(scope, 'HttpApiIntegrationConfigInvalid', `the integration of route ${options.routeKey} returned shareKey ${describeValue(config.shareKey)} from bind(); ${SHARE_KEY_FIX}`);
  }
  return config;
}

/** Binds a route's authorization and checks its config. */
export function bindHttpAuthorization(
  scope: IConstruct, authorization: IHttpAuthorization, options: HttpAuthorizationBindOptions,
): HttpAuthorizationConfig {
  const where = `the authorization of route ${options.routeKey}`;
  const { config, typeError } = callBind(() => authorization.bind(options));
  if (typeError !== undefined) {
    throw new GatewayValidationError(scope, 'HttpAuthorizationUnsupported', `${where} threw a TypeError in bind() (${typeError}): if it is a REST authorization (Authorization.*), it runs on GatewayRestApi only; use an HttpAuthorization, or fix the authorization's bind().`);
  }
  if (typeof config?.authorizer?.bind !== 'function') {
    throw new GatewayValidationError(scope, 'HttpAuthorizationConfigInvalid', `${where} returned ${describeValue(config?.authorizer)} from bind() as its authorizer; return an apigwv2.IHttpRouteAuthorizer (e.g. new HttpNoneAuthorizer(), or an authorizer of aws-cdk-lib/aws-apigatewayv2-authorizers) in { authorizer }.`);
  }
  const types = enumValues(HttpAuthorizationType);
  if (!types.includes(config.authorizationType)) {
    throw new GatewayValidationError(scope, 'HttpAuthorizationConfigInvalid', `${where} returned authorizationType ${describeValue(config.authorizationType)} from bind(); use an HttpAuthorizationType (${types.join(', ')}) that says what its authorizer does.`);
  }
  if (config.scopes !== undefined && !(Array.isArray(config.scopes) && config.scopes.every(value => typeof value === 'string'))) {
    throw new GatewayValidationError(scope, 'HttpAuthorizationConfigInvalid', `${where} returned scopes ${describeValue(config.scopes)} from bind(); return an array of strings, or leave scopes out.`);
  }
  if (!isShareKey(config.shareKey)) {
    throw new GatewayValidationError(scope, 'HttpAuthorizationConfigInvalid', `${where} returned shareKey ${describeValue(config.shareKey)} from bind(); ${SHARE_KEY_FIX}`);
  }
  return config;
}

const REST_INTEGRATION_HINT = 'if it is a REST integration (Integration.*), it runs on GatewayRestApi only; use HttpApiIntegration.lambda() or .url()';

/**
 * Calls a plug-in's bind(). A REST plug-in (`Integration.*`, `Authorization.*`) has a bind()
 * too, which JavaScript callers can pass here (typed languages refuse it); it reads REST bind
 * options that HTTP routes do not have and fails with a TypeError, which the caller turns into
 * the library's error.
 */
function callBind<T>(bind: () => T): { readonly config?: T; readonly typeError?: string } {
  try {
    return { config: bind() };
  } catch (error) {
    if (error instanceof TypeError) {
      return { typeError: error.message };
    }
    throw error;
  }
}

const SHARE_KEY_FIX = 'return a string, or leave shareKey out.';

function isShareKey(shareKey: unknown): boolean {
  return shareKey === undefined || typeof shareKey === 'string';
}

/** The first value bound under `shareKey` in this API, else `value` (kept for the next route with that key). */
export function shared<T>(bound: Map<string, T>, shareKey: string | undefined, value: T): T {
  if (shareKey === undefined) {
    return value;
  }
  const first = bound.get(shareKey) ?? value;
  bound.set(shareKey, first);
  return first;
}
