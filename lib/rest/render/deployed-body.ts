import { PROXY_INTEGRATION_TYPES } from '../../integrations/integration';
/** The method response the renderer declares when a route declares none: a placeholder, not a contract. */
const STUB_STATUS = '200';
const STUB_DESCRIPTION = `${STUB_STATUS} response`;
const INTEGRATION = 'x-amazon-apigateway-integration';
/**
 * The placeholder's shortest valid form: OpenAPI requires at least one response (an empty
 * `responses: {}`, which SAM writes and API Gateway takes, fails the specification), and API
 * Gateway ignores method responses on proxy integrations, so the description can be empty.
 */
const PROXY_RESPONSES = Object.freeze({ [STUB_STATUS]: Object.freeze({ description: '' }) });

/**
 * The document API Gateway is given, from the complete one: what it ignores
 * is left out, so that a large API fits the template (a route of 1,500 costs
 * about 80 bytes less). On a proxy operation, that is the integration's
 * `passthroughBehavior` and the placeholder `200` response's description
 * (see PROXY_RESPONSES). Everything else,
 * and every non-proxy operation, is kept as it is; the documents in the
 * cloud assembly and `openApiDocument()` stay complete.
 *
 * Works on a document with tokens or with them resolved: it copies only the
 * operations it changes and shares everything else.
 */
export function deployedBody(document: Record<string, unknown>): Record<string, unknown> {
  const paths = document.paths as Record<string, Record<string, unknown>> | undefined;
  if (!paths) {
    return document;
  }
  const trimmedPaths: Record<string, Record<string, unknown>> = {};
  for (const [path, item] of Object.entries(paths)) {
    let trimmedItem: Record<string, unknown> | undefined;
    for (const [method, operation] of Object.entries(item)) {
      const trimmed = trimOperation(operation);
      if (trimmed !== operation) {
        trimmedItem ??= { ...item };
        trimmedItem[method] = trimmed;
      }
    }
    trimmedPaths[path] = trimmedItem ?? item;
  }
  return { ...document, paths: trimmedPaths };
}

function trimOperation(operation: unknown): unknown {
  if (typeof operation !== 'object' || operation === null) {
    return operation;
  }
  const { [INTEGRATION]: integration, responses, ...rest } = operation as Record<string, unknown>;
  if (typeof integration !== 'object' || integration === null || !PROXY_INTEGRATION_TYPES.has(String((integration as Record<string, unknown>).type))) {
    return operation;
  }
  const { passthroughBehavior: _ignored, ...kept } = integration as Record<string, unknown>;
  return { ...rest, responses: isStub(responses) ? PROXY_RESPONSES : responses, [INTEGRATION]: kept };
}

function isStub(responses: unknown): boolean {
  if (typeof responses !== 'object' || responses === null) {
    return false;
  }
  const entries = Object.entries(responses);
  if (entries.length !== 1 || entries[0][0] !== STUB_STATUS) {
    return false;
  }
  const response = entries[0][1] as Record<string, unknown>;
  return Object.keys(response).length === 1 && response.description === STUB_DESCRIPTION;
}
