import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { AuthorizationType } from '../../auth/rest-authorization';
import type { CorsOptions } from '../../core/cors-options';
import type { MethodParameter } from '../../integrations/transform';
import { cacheKeyParameters, isCacheable } from '../cache-key';
import { corsResponseHeaders, renderPreflight } from '../cors';
import { renderGatewayResponses } from '../gateway-response';
import type { RestApiModel } from '../model/rest-api-model';
import type { RouteRecord } from '../model/route-record';
import { REQUEST_VALIDATORS, RequestValidation } from '../request-validation';

export type { RouteRecord } from '../model/route-record';

/**
 * The `Body` of the `AWS::ApiGateway::RestApi`: the model's routes, their
 * CORS preflights, the security schemes of their authorizers, IAM and API
 * keys, the gateway responses (with the CORS headers of every setting the API
 * uses) and the models.
 */
export function renderBody(model: RestApiModel): Record<string, unknown> {
  const routes = model.routes;
  const preflights = new Map<string, Record<string, unknown>>();
  const corsSettings: CorsOptions[] = [];
  for (const path of routes.preflightPaths()) {
    // Routes on one path share their CORS settings (addRoute checks), so the first one speaks for the path.
    const onPath = routes.onPath(path);
    const cors = onPath[0].cors!;
    preflights.set(path, renderPreflight(cors, onPath.map(route => route.parsed.method), onPath[0].parsed.pathParameters));
    corsSettings.push(cors);
  }
  const securitySchemes: Record<string, unknown> = {};
  for (const authorizer of model.authorizers.values()) {
    securitySchemes[authorizer.name] = authorizer.securityScheme;
  }
  if (routes.all.some(route => route.authorization.authorizationType === AuthorizationType.IAM)) {
    securitySchemes[IAM_SCHEME] = IAM_SECURITY_SCHEME;
  }
  const keysRequired = routes.all.some(route => route.apiKeyRequired);
  if (keysRequired) {
    securitySchemes[API_KEY_SCHEME] = API_KEY_SECURITY_SCHEME;
  }
  const apiKeySource = model.settings.apiKeySource;
  return renderOpenApi({
    title: model.settings.title,
    description: model.settings.description,
    routes: routes.all,
    securitySchemes,
    preflights,
    gatewayResponses: renderGatewayResponses(model.gatewayResponses, corsResponseHeaders(corsSettings)),
    apiKeySource: keysRequired || apiKeySource ? apiKeySource ?? apigw.ApiKeySourceType.HEADER : undefined,
    minimumCompressionSize: model.settings.minimumCompressionSize,
    caching: model.caching,
    schemas: Object.fromEntries([...model.models.values()].map(entry => [entry.model.name, entry.schema])),
    binaryMediaTypes: model.settings.binaryMediaTypes,
  });
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
  /** `x-amazon-apigateway-minimum-compression-size`: in the body, so that a change redeploys the API, as compression needs. */
  readonly minimumCompressionSize?: number;
  /** Whether some stage has a cache, so that cacheable routes need their cache keys. */
  readonly caching: boolean;
  /** `components.schemas`: the models, by name, as OpenAPI schema objects. */
  readonly schemas: Record<string, unknown>;
  /** The media types API Gateway treats as binary (`x-amazon-apigateway-binary-media-types`). */
  readonly binaryMediaTypes?: readonly string[];
}

/** The request validator operations use unless their route says otherwise: API Gateway checks declared parameters and bodies before integrating. */
const DEFAULT_REQUEST_VALIDATOR = RequestValidation.BODY_AND_PARAMETERS;
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
  const components: Record<string, unknown> = {};
  if (Object.keys(model.schemas).length > 0) {
    components.schemas = model.schemas;
  }
  if (Object.keys(model.securitySchemes).length > 0) {
    components.securitySchemes = model.securitySchemes;
  }
  if (Object.keys(components).length > 0) {
    document.components = components;
  }
  const validators = new Set<RequestValidation>([
    DEFAULT_REQUEST_VALIDATOR, ...model.routes.map(route => route.options.requestValidation ?? DEFAULT_REQUEST_VALIDATOR),
  ]);
  document['x-amazon-apigateway-request-validators'] = Object.fromEntries([...validators].map(name => [name, REQUEST_VALIDATORS[name]]));
  document['x-amazon-apigateway-request-validator'] = DEFAULT_REQUEST_VALIDATOR;
  if (model.gatewayResponses) {
    document['x-amazon-apigateway-gateway-responses'] = model.gatewayResponses;
  }
  if (model.apiKeySource) {
    document['x-amazon-apigateway-api-key-source'] = model.apiKeySource;
  }
  if (model.minimumCompressionSize !== undefined) {
    document['x-amazon-apigateway-minimum-compression-size'] = model.minimumCompressionSize;
  }
  // The body's extension, not the RestApi's BinaryMediaTypes property: the body is the API's one definition (and in the deployment's hash).
  if (model.binaryMediaTypes && model.binaryMediaTypes.length > 0) {
    document['x-amazon-apigateway-binary-media-types'] = [...model.binaryMediaTypes];
  }
  return document;
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
  const keyParameters = model.caching && isCacheable(route.parsed, route.options.cache)
    ? cacheKeyParameters(route.parsed, route.options.cache, route.integration.methodParameters, route.caller.parameters)
    : [];
  const parameters = renderParameters(route, keyParameters.filter(key => key.location !== 'path')
    .map(key => ({ location: key.location.endsWith('querystring') ? 'querystring' : 'header', name: key.name, required: false })));
  if (parameters.length > 0) {
    operation.parameters = parameters;
  }
  if (route.options.requestModel) {
    operation.requestBody = { required: !route.bodyOptional, content: { 'application/json': { schema: { $ref: route.options.requestModel.ref } } } };
  }
  const security = renderSecurity(route);
  if (security) {
    operation.security = security;
  }
  operation.responses = renderResponses(route);
  const validation = route.options.requestValidation ?? DEFAULT_REQUEST_VALIDATOR;
  if (validation !== DEFAULT_REQUEST_VALIDATOR) {
    operation['x-amazon-apigateway-request-validator'] = validation;
  }
  operation['x-amazon-apigateway-integration'] = keyParameters.length > 0
    ? { ...route.integration.integration, cacheKeyParameters: keyParameters.map(key => key.expression) }
    : route.integration.integration;
  return operation;
}

const OPENAPI_LOCATION: Record<string, string> = { path: 'path', querystring: 'query', header: 'header' };

/**
 * The operation's parameters: the path's, then those the integration, the
 * cache keys and the route itself declare, each once (required if any of them requires it).
 */
function renderParameters(route: RouteRecord, cacheKeys: MethodParameter[]): Array<Record<string, unknown>> {
  const declared: MethodParameter[] = [
    ...route.parsed.pathParameters.map(name => ({ location: 'path' as const, name, required: true })),
    ...(route.integration.methodParameters ?? []),
    ...cacheKeys,
    ...Object.entries(route.options.requestParameters ?? {}).map(([key, required]) => {
      const [, , location, ...name] = key.split('.');
      return { location: location as MethodParameter['location'], name: name.join('.'), required };
    }),
  ];
  const merged = new Map<string, MethodParameter>();
  for (const parameter of declared) {
    const key = `${parameter.location} ${parameter.name}`;
    merged.set(key, { ...parameter, required: parameter.required || (merged.get(key)?.required ?? false) });
  }
  return [...merged.values()].map(parameter => ({
    name: parameter.name,
    in: OPENAPI_LOCATION[parameter.location],
    required: parameter.required,
    schema: route.parameterSchemas?.[`${parameter.location} ${parameter.name}`] ?? { type: 'string' },
  }));
}

/** The method responses: those the integration answers with, plus the route's response models; a proxy declares 200. */
function renderResponses(route: RouteRecord): Record<string, unknown> {
  const responses: Record<string, Record<string, unknown>> = {};
  for (const response of route.integration.methodResponses ?? []) {
    responses[response.statusCode] = {
      description: `${response.statusCode} response`,
      ...(response.headers.length > 0 ? { headers: Object.fromEntries(response.headers.map(name => [name, { schema: { type: 'string' } }])) } : {}),
    };
  }
  for (const [statusCode, responseModel] of Object.entries(route.options.responseModels ?? {})) {
    responses[statusCode] = {
      description: `${statusCode} response`,
      ...responses[statusCode],
      content: { 'application/json': { schema: { $ref: responseModel.ref } } },
    };
  }
  if (Object.keys(responses).length === 0) {
    responses['200'] = { description: '200 response' };
  }
  return responses;
}

/** One security requirement: every scheme in it must pass (an authorizer and an API key). */
function renderSecurity(route: RouteRecord): Array<Record<string, string[]>> | undefined {
  const requirement: Record<string, string[]> = {};
  if (route.authorization.authorizationType === AuthorizationType.IAM) {
    requirement[IAM_SCHEME] = [];
  } else if (route.authorizerName !== undefined) {
    requirement[route.authorizerName] = [...route.authorization.scopes ?? []];
  }
  if (route.apiKeyRequired) {
    requirement[API_KEY_SCHEME] = [];
  }
  return Object.keys(requirement).length > 0 ? [requirement] : undefined;
}
