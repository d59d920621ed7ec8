import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { IConstruct } from 'constructs';
import { GatewayValidationError } from '../core/errors';
import { checkOneOf, checkPattern, describeValue, HEADER_NAME, HEADER_NAME_RULE } from '../core/rules';
import { checkHeaderValue } from '../integrations/transform';

/**
 * A response API Gateway sends itself, when a request fails before (or
 * instead of) reaching the integration: 401 from an authorizer, 403 from a
 * resource policy, 429 from throttling, and so on.
 */
export interface GatewayResponseOptions {
  /**
   * The HTTP status code, e.g. `'429'`.
   * @default - the response type's own status code
   */
  readonly statusCode?: string;

  /**
   * Headers to send, with literal values, e.g. `{ 'Retry-After': '1' }`.
   * The API's CORS headers are added unless named here.
   * @default - the CORS headers, if the API uses CORS
   */
  readonly headers?: { [name: string]: string };

  /**
   * The `application/json` body template, e.g.
   * `'{"message": $context.error.messageString, "requestId": "$context.requestId"}'`.
   * @default - API Gateway's default body (`{"message": ...}`)
   */
  readonly template?: string;
}

/** @internal */
export interface GatewayResponseRecord {
  readonly type: apigw.ResponseType;
  readonly options: GatewayResponseOptions;
}

/**
 * The gateway response types API Gateway documents ("Gateway response types
 * for API Gateway"); `apigw.ResponseType.of()` accepts any string.
 */
export const GATEWAY_RESPONSE_TYPES: readonly string[] = [
  'ACCESS_DENIED', 'API_CONFIGURATION_ERROR', 'AUTHORIZER_CONFIGURATION_ERROR', 'AUTHORIZER_FAILURE',
  'BAD_REQUEST_PARAMETERS', 'BAD_REQUEST_BODY', 'DEFAULT_4XX', 'DEFAULT_5XX', 'EXPIRED_TOKEN',
  'INTEGRATION_FAILURE', 'INTEGRATION_TIMEOUT', 'INVALID_API_KEY', 'INVALID_SIGNATURE',
  'MISSING_AUTHENTICATION_TOKEN', 'QUOTA_EXCEEDED', 'REQUEST_TOO_LARGE', 'RESOURCE_NOT_FOUND',
  'THROTTLED', 'UNAUTHORIZED', 'UNSUPPORTED_MEDIA_TYPE', 'WAF_FILTERED',
];

export function validateGatewayResponse(scope: IConstruct, record: GatewayResponseRecord): void {
  // A JavaScript caller may pass the type's name as a string, or nothing.
  const type = record.type as Partial<apigw.ResponseType> | null | undefined;
  const fix = 'pass one of the apigw.ResponseType constants, e.g. apigw.ResponseType.THROTTLED';
  if (typeof type !== 'object' || type === null) {
    throw new GatewayValidationError(scope, 'GatewayResponseTypeInvalid', `gateway response type ${describeValue(type)} is not an apigw.ResponseType; ${fix}.`);
  }
  checkOneOf(scope, 'gateway response type', type.responseType, GATEWAY_RESPONSE_TYPES, fix, true);
  const where = `gateway response ${record.type.responseType}`;
  const status = record.options.statusCode;
  if (status !== undefined && (typeof status !== 'string' || !/^[1-5][0-9]{2}$/.test(status))) {
    throw new GatewayValidationError(scope, 'GatewayResponseStatusInvalid', `${where}: statusCode ${describeValue(status)} is not an HTTP status code (a string from '100' to '599').`);
  }
  if (record.options.template !== undefined && typeof record.options.template !== 'string') {
    throw new GatewayValidationError(scope, 'GatewayResponseTemplateNotString', `${where}: template must be a string (a body template), got ${describeValue(record.options.template)}.`);
  }
  for (const [name, value] of Object.entries(record.options.headers ?? {})) {
    checkPattern(scope, `${where}: header`, name, HEADER_NAME, HEADER_NAME_RULE);
    if (typeof value !== 'string') {
      throw new GatewayValidationError(scope, 'GatewayResponseHeaderInvalid', `${where}: the value of header ${name} must be a string, got ${describeValue(value)}.`);
    }
    if (value.includes("'") || /[\r\n]/.test(value)) {
      throw new GatewayValidationError(scope, 'GatewayResponseHeaderInvalid', `${where}: the value of header ${name} contains a quote or a line break, which a static gateway response header cannot carry; remove it.`);
    }
    // NUL and the other control characters.
    checkHeaderValue(scope, where, `header ${name}`, value);
  }
}

/**
 * `x-amazon-apigateway-gateway-responses`: the CORS defaults for 4XX and 5XX,
 * then the API's own responses, each with the CORS headers unless it sets them.
 */
export function renderGatewayResponses(
  records: readonly GatewayResponseRecord[],
  corsHeaders: Record<string, string>,
): Record<string, unknown> | undefined {
  const corsParameters = Object.fromEntries(Object.entries(corsHeaders).map(([name, value]) => [`gatewayresponse.header.${name}`, value]));
  const responses: Record<string, Record<string, unknown>> = {};
  if (Object.keys(corsParameters).length > 0) {
    for (const type of [apigw.ResponseType.DEFAULT_4XX, apigw.ResponseType.DEFAULT_5XX]) {
      responses[type.responseType] = { responseParameters: { ...corsParameters } };
    }
  }
  for (const { type, options } of records) {
    const response: Record<string, unknown> = {};
    if (options.statusCode !== undefined) {
      response.statusCode = options.statusCode;
    }
    const parameters: Record<string, string> = { ...corsParameters };
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      parameters[`gatewayresponse.header.${name}`] = `'${value}'`;
    }
    if (Object.keys(parameters).length > 0) {
      response.responseParameters = parameters;
    }
    if (options.template !== undefined) {
      response.responseTemplates = { 'application/json': options.template };
    }
    responses[type.responseType] = response;
  }
  return Object.keys(responses).length > 0 ? responses : undefined;
}
