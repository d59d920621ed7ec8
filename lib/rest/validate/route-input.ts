import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { IConstruct } from 'constructs';
import { failRoutesWithoutAuthorization } from '../../auth/authorization';
import { AuthorizationType, IRestAuthorization, RestAuthorizationConfig } from '../../auth/rest-authorization';
import { CorsOptions, validateCors, validateCorsOriginTokens } from '../../core/cors-options';
import { GatewayValidationError } from '../../core/errors';
import { ParsedRouteKey } from '../../core/route-key';
import { describeValue, validateThrottle } from '../../core/rules';
import { validateRouteCache } from '../cache-key';
import type { RestApiModel } from '../model/rest-api-model';
import { RouteOptions } from '../route-options';
import { validateRouteRequest } from '../route-request';

/** What a route resolves to once its options pass: its CORS settings and authorization (its own, else the API's). */
export interface CheckedRoute {
  readonly cors?: CorsOptions;
  readonly authorization: IRestAuthorization;
  readonly apiKeyRequired: boolean;
}

/**
 * Checks a new route against its own options and the routes of the model,
 * before anything is registered or granted: a rejected route leaves no trace.
 * `scope` (the API) is named by the errors; `bindAuthorization` binds an
 * authorization once per API (the check of an API key from an authorizer needs its type).
 */
export function checkRouteInput(
  scope: IConstruct, model: RestApiModel, parsed: ParsedRouteKey, options: RouteOptions,
  bindAuthorization: (authorization: IRestAuthorization) => RestAuthorizationConfig,
): CheckedRoute {
  const routes = model.routes;
  routes.checkNotDuplicate(scope, parsed);
  routes.checkSiblingParameters(scope, parsed.segments);
  if (options.summary !== undefined && typeof options.summary !== 'string') {
    throw new GatewayValidationError(scope, 'RouteSummaryNotString', `summary of route ${parsed.key} must be a string, got ${describeValue(options.summary)}; it is copied into the OpenAPI document as text.`);
  }
  if (options.operationId !== undefined) {
    if (typeof options.operationId !== 'string' || !/^[A-Za-z0-9_.-]{1,128}$/.test(options.operationId)) {
      throw new GatewayValidationError(scope, 'OperationIdInvalid', `operationId ${describeValue(options.operationId)} of route ${parsed.key} is invalid: use 1 to 128 characters of A-Z, a-z, 0-9, _, . and -.`);
    }
    routes.checkOperationIdUnused(scope, parsed, options.operationId);
  }
  validateThrottle(scope, `throttle of route ${parsed.key}`, options.throttle);
  validateRouteCache(scope, parsed, options.cache);
  if (options.cors) {
    validateCors(scope, `route ${parsed.key}`, options.cors);
    validateCorsOriginTokens(scope, `route ${parsed.key}`, options.cors);
  }
  const cors = options.cors ?? model.settings.cors;
  routes.checkCorsAgrees(scope, parsed, cors);
  const authorization = options.authorization ?? model.settings.defaultAuthorization;
  if (authorization === undefined) {
    failRoutesWithoutAuthorization(scope, [parsed.key], 'pass { authorization: Authorization.none() } to make it public on purpose, or another Authorization (e.g. Authorization.iam()), or set defaultAuthorization on the API');
  }
  const apiKeyRequired = options.apiKeyRequired ?? false;
  if (apiKeyRequired && model.settings.apiKeySource === apigw.ApiKeySourceType.AUTHORIZER
    && bindAuthorization(authorization!).authorizationType !== AuthorizationType.LAMBDA) {
    throw new GatewayValidationError(scope, 'ApiKeyFromAuthorizerWithoutLambda', `route ${parsed.key} requires an API key from the authorizer (apiKeySource AUTHORIZER), but has no Lambda authorizer to return one; give it Authorization.lambdaToken() or lambdaRequest(), or use the x-api-key header (apiKeySource HEADER).`);
  }
  validateRouteRequest(scope, parsed, options);
  return { cors, authorization: authorization!, apiKeyRequired };
}
