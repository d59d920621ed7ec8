import { ROUTE_METHODS } from '../../core/route-key';

const AWS_EXTENSION = 'x-amazon-apigateway-';
const ANY_METHOD = 'x-amazon-apigateway-any-method';

/**
 * The client's view of a rendered document: API Gateway's extensions removed,
 * and an `ANY` operation spelled out as one operation per method (its
 * operationId suffixed with the method, so that ids stay unique).
 */
export function withoutAwsExtensions(document: Record<string, unknown>): Record<string, unknown> {
  const stripped = strip(document) as Record<string, any>;
  const anyOperations = document.paths as Record<string, Record<string, any>>;
  for (const [path, item] of Object.entries(anyOperations ?? {})) {
    const any = item[ANY_METHOD];
    if (!any) {
      continue;
    }
    const target = stripped.paths[path];
    for (const method of ROUTE_METHODS.filter(name => name !== 'ANY').map(name => name.toLowerCase())) {
      if (target[method] !== undefined) {
        continue;
      }
      const operation = strip(any) as Record<string, unknown>;
      if (typeof operation.operationId === 'string') {
        operation.operationId = `${operation.operationId}_${method}`;
      }
      target[method] = operation;
    }
  }
  return stripped;
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(strip);
  }
  if (typeof value === 'object' && value !== null) {
    // A loop rather than entries/filter/fromEntries: this runs over every node of a document of thousands of routes.
    const kept: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (!key.startsWith(AWS_EXTENSION)) {
        kept[key] = strip((value as Record<string, unknown>)[key]);
      }
    }
    return kept;
  }
  return value;
}
