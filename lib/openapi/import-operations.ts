import { IConstruct } from 'constructs';
import { OperationBinding } from './operation-binding';
import { failRoutesWithoutAuthorization } from '../auth/authorization';
import { GatewayValidationError } from '../core/errors';
import type { IRestIntegration } from '../integrations/integration';
import { Model } from '../rest/model';
import type { ImportedRouteDetails } from '../rest/model/route-record';
import { REQUEST_VALIDATORS, RequestValidation } from '../rest/request-validation';
import { RouteOptions } from '../rest/route-options';

/** OpenAPI operation keys and the route methods they stand for. */
const OPERATION_METHODS: Record<string, string> = {
  'get': 'GET',
  'put': 'PUT',
  'post': 'POST',
  'delete': 'DELETE',
  'options': 'OPTIONS',
  'head': 'HEAD',
  'patch': 'PATCH',
  'x-amazon-apigateway-any-method': 'ANY',
};
const PARAMETER_LOCATIONS: Record<string, string> = { query: 'querystring', header: 'header' };
const VALIDATORS = 'x-amazon-apigateway-request-validators';
const VALIDATOR = 'x-amazon-apigateway-request-validator';

/** A route an OpenAPI document defines, as the API adds it. */
export interface ImportedRoute {
  readonly routeKey: string;
  readonly integration: IRestIntegration;
  readonly options: RouteOptions;
  /** What the document says beyond route options. */
  readonly imported: ImportedRouteDetails;
}

/** The API name and description the document's `info` gives, if any: an empty title (which OpenAPI allows) names no API. */
export function documentNames(document: Record<string, any>): { readonly apiName?: string; readonly description?: string } {
  return {
    apiName: typeof document.info?.title === 'string' && document.info.title.trim() !== '' ? document.info.title : undefined,
    description: typeof document.info?.description === 'string' ? document.info.description : undefined,
  };
}

/** The document's `components.schemas`, as models. */
export function importModels(document: Record<string, any>): Model[] {
  const schemas: Record<string, any> = document.components?.schemas ?? {};
  return Object.entries(schemas).map(([name, schema]) => Model._fromOpenApi(name, schema));
}

/**
 * One route per operation of the document, bound to its integration. Every
 * operation must have a binding and every binding an operation; the
 * document's parameters, request and response models and validators carry
 * over into the route options. Without a default authorization, every
 * binding must decide its operation's authorization.
 *
 * Routes are yielded one by one, so that the API adds each (and reports its
 * errors) before the next operation is read, as a loop over the document would.
 * `scope` (the API) is named by the errors; `models` are `importModels`' result.
 */
export function* importRoutes(
  scope: IConstruct, document: Record<string, any>, bindings: Record<string, OperationBinding>,
  importedModels: readonly Model[], hasDefaultAuthorization: boolean,
): Generator<ImportedRoute> {
  const fail = (message: string): never => {
    throw new GatewayValidationError(scope, 'OpenApiImportInvalid', message);
  };
  const models = new Map(importedModels.map(model => [model.name, model]));
  const validators = readValidators(document[VALIDATORS]);
  const documentValidator = document[VALIDATOR] as string | undefined;

  const used = new Set<string>();
  const unbound: string[] = [];
  const undecided: string[] = [];
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
    if (item.trace !== undefined) {
      fail(`operation TRACE ${path} in the OpenAPI document cannot be imported: API Gateway has no TRACE method; remove it.`);
    }
    for (const [key, operation] of Object.entries(item)) {
      const method = OPERATION_METHODS[key];
      if (method === undefined) {
        continue;
      }
      const routeKey = `${method} ${path}`;
      const operationId = operation.operationId as string | undefined;
      if (operationId === undefined) {
        fail(`operation ${routeKey} in the OpenAPI document has no operationId; give it one, and bind it in operations.`);
      }
      const binding = bindings[operationId!];
      if (!binding) {
        unbound.push(`${operationId} (${routeKey})`);
        continue;
      }
      used.add(operationId!);
      const documented = routeOptionsOf(scope, routeKey, operation, item.parameters ?? [], document, models, validators, documentValidator);
      const own = binding.options ?? {};
      if (own.operationId !== undefined && own.operationId !== operationId) {
        fail(`the binding of operation ${operationId} sets operationId ${JSON.stringify(own.operationId)}; the document's operationId is used, so remove it.`);
      }
      const declaresSecurity = (operation.security ?? document.security ?? []).some((requirement: object) => Object.keys(requirement).length > 0);
      if (declaresSecurity && own.authorization === undefined) {
        fail(`operation ${operationId} (${routeKey}) declares security in the OpenAPI document, which the library does not import; pass options.authorization in its binding (e.g. Authorization.cognito(pool)), or Authorization.none() to make it public on purpose.`);
      }
      if (own.authorization === undefined && !hasDefaultAuthorization) {
        // Listed together below, rather than refused one by one by addRoute.
        undecided.push(`${operationId} (${routeKey})`);
        continue;
      }
      const { parameterSchemas, bodyOptional, ...documentedOptions } = documented;
      yield {
        routeKey,
        integration: binding.integration,
        options: {
          ...documentedOptions,
          ...own,
          requestParameters: { ...documented.requestParameters, ...own.requestParameters },
          responseModels: { ...documented.responseModels, ...own.responseModels },
        },
        imported: { parameterSchemas, bodyOptional },
      };
    }
  }
  if (unbound.length > 0) {
    fail(`operations of the OpenAPI document have no binding: ${unbound.join(', ')}; add each to operations with its integration.`);
  }
  const extra = Object.keys(bindings).filter(operationId => !used.has(operationId));
  if (extra.length > 0) {
    fail(`operations binds ${extra.join(', ')}, which the OpenAPI document does not have; its operationIds are: ${[...used].join(', ') || '(none)'}.`);
  }
  if (undecided.length > 0) {
    failRoutesWithoutAuthorization(scope, undecided, 'give each binding options: { authorization: Authorization.none() } to make its operation public on purpose, or another Authorization (e.g. Authorization.iam()), or set defaultAuthorization in the props of GatewayRestApi.fromOpenApi()');
  }
}

/** The document's named validators, as what they validate. */
function readValidators(declared: unknown): Map<string, RequestValidation> {
  const validators = new Map<string, RequestValidation>();
  for (const [name, settings] of Object.entries((declared ?? {}) as Record<string, any>)) {
    const body = settings?.validateRequestBody === true;
    const parameters = settings?.validateRequestParameters === true;
    const validation = (Object.keys(REQUEST_VALIDATORS) as RequestValidation[]).find(candidate =>
      REQUEST_VALIDATORS[candidate].validateRequestBody === body && REQUEST_VALIDATORS[candidate].validateRequestParameters === parameters);
    validators.set(name, validation!);
  }
  return validators;
}

/** What the document says about one operation: route options, and what route options cannot say. */
interface DocumentedRoute extends RouteOptions {
  readonly requestParameters: Record<string, boolean>;
  readonly responseModels: Record<string, Model>;
  readonly parameterSchemas: Record<string, unknown>;
  readonly bodyOptional: boolean;
}

/** What the document says about one operation, as route options. */
function routeOptionsOf(
  api: IConstruct, routeKey: string, operation: Record<string, any>, pathParameters: any[], document: Record<string, any>,
  models: Map<string, Model>, validators: Map<string, RequestValidation>, documentValidator: string | undefined,
): DocumentedRoute {
  const fail = (message: string): never => {
    throw new GatewayValidationError(api, 'OpenApiOperationInvalid', `operation ${routeKey} in the OpenAPI document: ${message}`);
  };
  const operationId = operation.operationId as string;
  const resolve = (value: any, kind: string): any => {
    // A reference may point at another reference; a chain that comes back to itself never resolves.
    const chain: string[] = [];
    while (value?.$ref !== undefined) {
      const prefix = `#/components/${kind}/`;
      const name = typeof value.$ref === 'string' && value.$ref.startsWith(prefix) ? value.$ref.slice(prefix.length) : undefined;
      const target = name !== undefined ? document.components?.[kind]?.[name] : undefined;
      if (target === undefined) {
        fail(`reference ${JSON.stringify(value.$ref)} does not resolve; only references within the document (${prefix}<name>) are supported.`);
      }
      if (chain.includes(value.$ref)) {
        throw new GatewayValidationError(api, 'OpenApiRefCycle', `operation ${routeKey} in the OpenAPI document: reference ${[...chain, value.$ref].join(' -> ')} is a cycle, which never resolves; point one of them at a ${kind.replace(/s$/, '')} object instead of a reference.`);
      }
      chain.push(value.$ref);
      value = target;
    }
    return value;
  };
  const modelOf = (schema: any, fallbackName: string): Model => {
    const ref = typeof schema?.$ref === 'string' ? /^#\/components\/schemas\/(.+)$/.exec(schema.$ref) : null;
    if (ref) {
      const model = models.get(ref[1]);
      if (!model) {
        fail(`schema ${schema.$ref} is not in components.schemas.`);
      }
      return model!;
    }
    return Model._fromOpenApi(fallbackName, schema);
  };

  // Operation parameters override path-level ones of the same name and location.
  const parameters = new Map<string, any>();
  for (const parameter of [...pathParameters, ...(operation.parameters ?? [])].map(p => resolve(p, 'parameters'))) {
    parameters.set(`${parameter.in} ${parameter.name}`, parameter);
  }
  const requestParameters: Record<string, boolean> = {};
  const parameterSchemas: Record<string, unknown> = {};
  for (const parameter of parameters.values()) {
    const location = PARAMETER_LOCATIONS[parameter.in];
    if (location !== undefined) {
      requestParameters[`method.request.${location}.${parameter.name}`] = parameter.required === true;
    }
    if ((location !== undefined || parameter.in === 'path') && typeof parameter.schema === 'object' && parameter.schema !== null) {
      parameterSchemas[`${location ?? 'path'} ${parameter.name}`] = parameter.schema;
    }
  }

  let requestModel: Model | undefined;
  const requestBody = resolve(operation.requestBody, 'requestBodies');
  const bodySchema = requestBody?.content?.['application/json']?.schema;
  if (bodySchema !== undefined) {
    requestModel = modelOf(bodySchema, `${operationId.replace(/[^A-Za-z0-9]/g, '')}Request`);
  }

  const responseModels: Record<string, Model> = {};
  for (const [statusCode, response] of Object.entries((operation.responses ?? {}) as Record<string, any>)) {
    const schema = resolve(response, 'responses')?.content?.['application/json']?.schema;
    if (schema !== undefined && /^[1-5]\d{2}$/.test(statusCode)) {
      responseModels[statusCode] = modelOf(schema, `${operationId.replace(/[^A-Za-z0-9]/g, '')}Response${statusCode}`);
    }
  }

  const validatorName = (operation[VALIDATOR] ?? documentValidator) as string | undefined;
  let requestValidation: RequestValidation | undefined;
  if (validatorName !== undefined) {
    requestValidation = validators.get(validatorName);
    if (requestValidation === undefined) {
      fail(`request validator ${JSON.stringify(validatorName)} is not declared in ${VALIDATORS}.`);
    }
  }
  return {
    operationId,
    summary: operation.summary,
    requestModel,
    requestParameters,
    requestValidation,
    responseModels,
    parameterSchemas,
    // OpenAPI's requestBody.required defaults to false.
    bodyOptional: requestModel !== undefined && requestBody?.required !== true,
  };
}
