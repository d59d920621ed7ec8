import { cacheKeyParameters, isCacheable } from './cache-key';
import type { CorsOptions } from './cors';
import { RouteOptions } from './route-options';
import { Authorization, AuthorizationType } from '../auth/authorization';
import { BoundIntegration } from '../integrations/integration';
import { ParsedRouteKey } from '../route-key';

/** A route as the API model keeps it. */
export interface RouteRecord {
  readonly parsed: ParsedRouteKey;
  readonly integration: BoundIntegration;
  readonly options: RouteOptions;
  /** The route's authorization: its own, else the API's default; none when neither is set. */
  readonly authorization?: Authorization;
  /** The security scheme of the route's Cognito or Lambda authorizer. */
  readonly authorizerName?: string;
  readonly apiKeyRequired: boolean;
  /** The route's CORS settings: its own, else the API's. */
  readonly cors?: CorsOptions;
}

export interface OpenApiModel {
  readonly title: string;
  readonly description?: string;
  readonly routes: readonly RouteRecord[];
  /** `components.securitySchemes`, by name. */
  readonly securitySchemes: Record<string, unknown>;
  /** The CORS preflight operation of each path that has one. */
  readonly preflights: ReadonlyMap<string, Record<string, unknown>>;
  readonly gatewayResponses?: Record<string, unknown>;
  readonly apiKeySource?: string;
  /** Whether some stage has a cache, so that cacheable routes need their cache keys. */
  readonly caching: boolean;
}

/** The request validator every operation uses: API Gateway checks declared parameters and bodies before integrating. */
export const DEFAULT_REQUEST_VALIDATOR = 'all';
/** The security scheme names of IAM (SigV4) authorization and of API keys. */
export const IAM_SCHEME = 'sigv4';
export const API_KEY_SCHEME = 'api_key';

export const IAM_SECURITY_SCHEME = {
  'type': 'apiKey',
  'name': 'Authorization',
  'in': 'header',
  'x-amazon-apigateway-authtype': 'awsSigv4',
};
export const API_KEY_SECURITY_SCHEME = { type: 'apiKey', name: 'x-api-key', in: 'header' };

/**
 * Renders the API model into one OpenAPI 3 document with the
 * `x-amazon-apigateway-*` extensions, the `Body` of the `AWS::ApiGateway::RestApi`.
 * Paths keep the order in which routes were added, so the output is stable.
 */
export function renderOpenApi(model: OpenApiModel): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of model.routes) {
    const pathItem = paths[route.parsed.path] ?? (paths[route.parsed.path] = {});
    pathItem[operationKey(route.parsed.method)] = renderOperation(route, model);
  }
  for (const [path, preflight] of model.preflights) {
    paths[path].options = preflight;
  }
  const document: Record<string, unknown> = {
    openapi: '3.0.1',
    info: { title: model.title, ...(model.description ? { description: model.description } : {}), version: '1.0' },
    paths: paths,
  };
  if (Object.keys(model.securitySchemes).length > 0) {
    document.components = { securitySchemes: model.securitySchemes };
  }
  document['x-amazon-apigateway-request-validators'] = {
    [DEFAULT_REQUEST_VALIDATOR]: { validateRequestBody: true, validateRequestParameters: true },
  };
  document['x-amazon-apigateway-request-validator'] = DEFAULT_REQUEST_VALIDATOR;
  if (model.gatewayResponses) {
    document['x-amazon-apigateway-gateway-responses'] = model.gatewayResponses;
  }
  if (model.apiKeySource) {
    document['x-amazon-apigateway-api-key-source'] = model.apiKeySource;
  }
  return document;
}

/** The `parameters` entries of a path's parameters, which every operation on the path declares. */
export function renderPathParameters(names: readonly string[]): Array<Record<string, unknown>> {
  return names.map(name => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
}

function operationKey(method: string): string {
  return method === 'ANY' ? 'x-amazon-apigateway-any-method' : method.toLowerCase();
}

function renderOperation(route: RouteRecord, model: OpenApiModel): Record<string, unknown> {
  const operation: Record<string, unknown> = {};
  if (route.options.operationId) {
    operation.operationId = route.options.operationId;
  }
  if (route.options.summary) {
    operation.summary = route.options.summary;
  }
  const keyParameters = model.caching && isCacheable(route.parsed, route.options.cache) ? cacheKeyParameters(route.parsed, route.options.cache) : [];
  // Cache key parameters must be request parameters of the method; path parameters already are.
  const parameters = [
    ...renderPathParameters(route.parsed.pathParameters),
    ...keyParameters.filter(key => key.location !== 'path').map(key => ({
      name: key.name,
      in: key.location.endsWith('querystring') ? 'query' : 'header',
      required: false,
      schema: { type: 'string' },
    })),
  ];
  if (parameters.length > 0) {
    operation.parameters = parameters;
  }
  const security = renderSecurity(route);
  if (security) {
    operation.security = security;
  }
  operation.responses = {};
  operation['x-amazon-apigateway-integration'] = keyParameters.length > 0
    ? { ...route.integration.openApi, cacheKeyParameters: keyParameters.map(key => key.expression) }
    : route.integration.openApi;
  return operation;
}

/** One security requirement: every scheme in it must pass (an authorizer and an API key). */
function renderSecurity(route: RouteRecord): Array<Record<string, string[]>> | undefined {
  const requirement: Record<string, string[]> = {};
  switch (route.authorization?.type) {
    case AuthorizationType.IAM:
      requirement[IAM_SCHEME] = [];
      break;
    case AuthorizationType.COGNITO:
    case AuthorizationType.LAMBDA:
      requirement[route.authorizerName!] = [...route.authorization._scopes];
      break;
    default:
      break;
  }
  if (route.apiKeyRequired) {
    requirement[API_KEY_SCHEME] = [];
  }
  return Object.keys(requirement).length > 0 ? [requirement] : undefined;
}
