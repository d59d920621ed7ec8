import { CORS_METHODS, CorsOptions, DEFAULT_CORS_ALLOW_HEADERS, DEFAULT_CORS_MAX_AGE } from '../core/cors-options';

const PREFLIGHT_STATUS = '204';

/**
 * The `OPTIONS` operation that answers a path's preflight with a mock
 * integration: no authorizer, no API key, no Lambda invocation.
 * @param pathMethods the methods of the routes on the path
 * @param pathParameters the path's parameters, which every operation on it declares
 */
export function renderPreflight(
  cors: CorsOptions,
  pathMethods: readonly string[],
  pathParameters: readonly string[],
): Record<string, unknown> {
  const methods = cors.allowMethods ?? defaultMethods(pathMethods);
  const headers: Record<string, string> = {
    'Access-Control-Allow-Origin': cors.allowOrigins[0],
    'Access-Control-Allow-Methods': methods.join(','),
    'Access-Control-Allow-Headers': (cors.allowHeaders ?? DEFAULT_CORS_ALLOW_HEADERS).join(','),
    'Access-Control-Max-Age': String((cors.maxAge ?? DEFAULT_CORS_MAX_AGE).toSeconds()),
  };
  if (cors.allowCredentials) {
    headers['Access-Control-Allow-Credentials'] = 'true';
  }
  if (cors.exposeHeaders && cors.exposeHeaders.length > 0) {
    headers['Access-Control-Expose-Headers'] = cors.exposeHeaders.join(',');
  }
  if (!cors.allowOrigins.includes('*')) {
    // Caches must not serve one origin's answer to another.
    headers.Vary = 'Origin';
  }
  const responseParameters: Record<string, string> = {};
  const declared: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    responseParameters[`method.response.header.${name}`] = `'${value}'`;
    declared[name] = { schema: { type: 'string' } };
  }
  const integrationResponse: Record<string, unknown> = { statusCode: PREFLIGHT_STATUS, responseParameters };
  if (cors.allowOrigins.length > 1) {
    integrationResponse.responseTemplates = { 'application/json': echoAllowedOriginTemplate(cors.allowOrigins) };
  }
  return {
    'summary': 'CORS preflight',
    ...(pathParameters.length > 0 ? { parameters: renderPathParameters(pathParameters) } : {}),
    'responses': { [PREFLIGHT_STATUS]: { description: 'CORS preflight answer', headers: declared } },
    'x-amazon-apigateway-integration': {
      type: 'mock',
      requestTemplates: { 'application/json': `{"statusCode": ${PREFLIGHT_STATUS}}` },
      passthroughBehavior: 'when_no_match',
      responses: { default: integrationResponse },
    },
  };
}

/**
 * A header may name one origin, so with several the preflight answers with the
 * caller's own origin when it is on the list (and the first origin otherwise,
 * which the browser then refuses).
 */
function echoAllowedOriginTemplate(origins: readonly string[]): string {
  const test = origins.map(origin => `$origin == "${origin}"`).join(' || ');
  return [
    '#set($origin = $input.params().header.get("Origin"))',
    '#if(!$origin)#set($origin = $input.params().header.get("origin"))#end',
    `#if(${test})`,
    '#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)',
    '#end',
  ].join('\n');
}

function defaultMethods(pathMethods: readonly string[]): string[] {
  const methods = new Set<string>();
  for (const method of pathMethods) {
    for (const each of method === 'ANY' ? CORS_METHODS : [method]) {
      methods.add(each);
    }
  }
  methods.add('OPTIONS');
  return CORS_METHODS.filter(method => methods.has(method));
}

/**
 * The CORS headers of a route's non-proxy integration responses (mock, HTTP,
 * AWS services), which API Gateway sends as the integration responses say:
 * the origin as for gateway responses, the exposed headers, and, when several
 * origins share credentials, a template snippet that answers with the
 * caller's origin when it is on the list (as the preflight does).
 */
export function corsIntegrationResponseHeaders(cors: CorsOptions | undefined): { headers: Record<string, string>; originEcho?: string } {
  if (!cors) {
    return { headers: {} };
  }
  const headers = corsResponseHeaders([cors]);
  if (cors.exposeHeaders && cors.exposeHeaders.length > 0) {
    headers['Access-Control-Expose-Headers'] = `'${cors.exposeHeaders.join(',')}'`;
  }
  const echo = cors.allowCredentials && cors.allowOrigins.length > 1 ? echoAllowedOriginTemplate(cors.allowOrigins) : undefined;
  return { headers, originEcho: echo };
}

/**
 * The CORS headers (name to quoted static value) of responses that cannot
 * look at the caller's origin: API Gateway's own (401, 403, 429, 5XX), for
 * every CORS setting the API uses, and a route's integration responses.
 *
 * A gateway response can send one static origin; it cannot compare the
 * caller's origin against a list, and reflecting any origin would let every
 * site read credentialed error responses. So:
 * - one origin across the API: that origin;
 * - without credentials: `*`, which exposes nothing a request without cookies
 *   could not read anyway;
 * - with credentials and several origins: the first credentialed origin only
 *   (other origins see these errors as CORS failures).
 */
export function corsResponseHeaders(settings: readonly CorsOptions[]): Record<string, string> {
  if (settings.length === 0) {
    return {};
  }
  const origins = new Set(settings.flatMap(cors => cors.allowOrigins));
  const credentialed = settings.find(cors => cors.allowCredentials);
  let origin: string;
  if (origins.size === 1) {
    origin = [...origins][0];
  } else if (!credentialed) {
    origin = '*';
  } else {
    origin = credentialed.allowOrigins[0];
  }
  const headers: Record<string, string> = { 'Access-Control-Allow-Origin': `'${origin}'` };
  if (origin !== '*') {
    headers.Vary = "'Origin'";
    if (credentialed) {
      headers['Access-Control-Allow-Credentials'] = "'true'";
    }
  }
  return headers;
}

/** The `parameters` entries of a path's parameters, which every operation on the path declares. */
function renderPathParameters(names: readonly string[]): Array<Record<string, unknown>> {
  return names.map(name => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
}
