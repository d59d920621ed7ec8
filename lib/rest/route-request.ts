import { IConstruct } from 'constructs';
import { RequestValidation } from './request-validation';
import { RouteOptions } from './route-options';
import { GatewayValidationError } from '../core/errors';
import { ParsedRouteKey } from '../core/route-key';
import { checkOneOf, describeValue, enumValues, HEADER_NAME, HEADER_NAME_RULE, QUERY_NAME, QUERY_NAME_RULE } from '../core/rules';

const DECLARED_PARAMETER = /^method\.request\.(querystring|header|path)\.(.+)$/;
const STATUS_CODE = /^[1-5]\d{2}$/;

/** Checks what a route declares about its requests and responses: parameters and response status codes. */
export function validateRouteRequest(scope: IConstruct, route: ParsedRouteKey, options: RouteOptions): void {
  const where = `route ${route.key}`;
  checkOneOf(scope, `${where}: requestValidation`, options.requestValidation, enumValues(RequestValidation),
    'use RequestValidation.BODY_AND_PARAMETERS (the default), BODY, PARAMETERS or NONE');
  for (const [key, required] of Object.entries(options.requestParameters ?? {})) {
    if (typeof required !== 'boolean') {
      throw new GatewayValidationError(scope, 'RequestParameterRequiredNotBoolean', `${where}: request parameter ${key} is ${describeValue(required)}, but must be true (required) or false (optional).`);
    }
    const match = DECLARED_PARAMETER.exec(key);
    if (!match) {
      throw new GatewayValidationError(scope, 'RequestParameterInvalid', `${where}: request parameter ${JSON.stringify(key)} is invalid: use method.request.querystring.<name> or method.request.header.<name>.`);
    }
    const [, location, name] = match;
    if (location === 'path') {
      if (!route.pathParameters.includes(name)) {
        throw new GatewayValidationError(scope, 'RequestParameterPathUnknown', `${where}: request parameter ${key} names a path parameter the path does not have; the path's parameters are: ${route.pathParameters.join(', ') || '(none)'}.`);
      }
      if (!required) {
        throw new GatewayValidationError(scope, 'PathParameterOptional', `${where}: path parameter ${name} cannot be optional: API Gateway always requires path parameters; remove it or set it to true.`);
      }
    }
    if (!(location === 'header' ? HEADER_NAME : QUERY_NAME).test(name)) {
      throw new GatewayValidationError(scope, 'RequestParameterNameInvalid', `${where}: ${location} parameter name ${JSON.stringify(name)} is invalid: ${location === 'header' ? HEADER_NAME_RULE : QUERY_NAME_RULE}.`);
    }
  }
  for (const statusCode of Object.keys(options.responseModels ?? {})) {
    if (!STATUS_CODE.test(statusCode)) {
      throw new GatewayValidationError(scope, 'ResponseModelStatusInvalid', `${where}: response model status code ${JSON.stringify(statusCode)} is invalid: use a three-digit status code from 100 to 599.`);
    }
  }
}
