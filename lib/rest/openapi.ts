import { BoundIntegration } from '../integrations/integration';
import { ParsedRouteKey } from '../route-key';
import { RouteOptions } from './route-options';

/** A route as the API model keeps it. */
export interface RouteRecord {
  readonly parsed: ParsedRouteKey;
  readonly integration: BoundIntegration;
  readonly options: RouteOptions;
}

export interface OpenApiInfo {
  readonly title: string;
  readonly description?: string;
}

/** The request validator every operation uses: API Gateway checks declared parameters and bodies before integrating. */
export const DEFAULT_REQUEST_VALIDATOR = 'all';

/**
 * Renders the API model into one OpenAPI 3 document with the
 * `x-amazon-apigateway-*` extensions, the `Body` of the `AWS::ApiGateway::RestApi`.
 * Paths keep the order in which routes were added, so the output is stable.
 */
export function renderOpenApi(info: OpenApiInfo, routes: readonly RouteRecord[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const pathItem = paths[route.parsed.path] ?? (paths[route.parsed.path] = {});
    pathItem[operationKey(route.parsed.method)] = renderOperation(route);
  }
  return {
    'openapi': '3.0.1',
    'info': { title: info.title, ...(info.description ? { description: info.description } : {}), version: '1.0' },
    'paths': paths,
    'x-amazon-apigateway-request-validators': {
      [DEFAULT_REQUEST_VALIDATOR]: { validateRequestBody: true, validateRequestParameters: true },
    },
    'x-amazon-apigateway-request-validator': DEFAULT_REQUEST_VALIDATOR,
  };
}

function operationKey(method: string): string {
  return method === 'ANY' ? 'x-amazon-apigateway-any-method' : method.toLowerCase();
}

function renderOperation(route: RouteRecord): Record<string, unknown> {
  const operation: Record<string, unknown> = {};
  if (route.options.operationId) {
    operation.operationId = route.options.operationId;
  }
  if (route.options.summary) {
    operation.summary = route.options.summary;
  }
  if (route.parsed.pathParameters.length > 0) {
    operation.parameters = route.parsed.pathParameters.map(name => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  }
  operation.responses = {};
  operation['x-amazon-apigateway-integration'] = route.integration.openApi;
  return operation;
}
