import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { renderPathParameters } from './openapi';
import { checkTemplateValue } from '../core/private/vtl';
import { GatewayValidationError } from '../errors';
import { checkPattern, checkWholeSeconds, HEADER_NAME, HEADER_NAME_RULE } from '../validation';

/**
 * Cross-origin resource sharing: which browser origins may call the API.
 *
 * The library answers the preflight (`OPTIONS`) itself and adds the CORS
 * headers to API Gateway's own error responses (401, 403, 429, 5XX). A
 * Lambda proxy integration returns its response unchanged, so the function
 * must still send `Access-Control-Allow-Origin` on its own responses.
 */
export interface CorsOptions {
  /**
   * Origins allowed to call the API, e.g. `['https://app.example.com']`, or `['*']` for any.
   */
  readonly allowOrigins: string[];

  /**
   * Methods the browser may use.
   * @default - the methods of the routes on the path, plus OPTIONS
   */
  readonly allowMethods?: string[];

  /**
   * Request headers the browser may send.
   * @default ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token', 'X-Amz-User-Agent']
   */
  readonly allowHeaders?: string[];

  /**
   * Response headers the browser's script may read, beyond the CORS-safelisted ones.
   * @default - none
   */
  readonly exposeHeaders?: string[];

  /**
   * Whether the browser may send cookies and credentials; not allowed with `*` origins.
   * @default false
   */
  readonly allowCredentials?: boolean;

  /**
   * How long the browser may cache a preflight answer: 0 to 86,400 seconds.
   * @default Duration.minutes(10)
   */
  readonly maxAge?: Duration;
}

export const DEFAULT_CORS_ALLOW_HEADERS = ['Content-Type', 'X-Amz-Date', 'Authorization', 'X-Api-Key', 'X-Amz-Security-Token', 'X-Amz-User-Agent'];
export const DEFAULT_CORS_MAX_AGE = Duration.minutes(10);
export const CORS_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];
/** A serialized origin: scheme, host and optional port; no path, no trailing slash. */
const ORIGIN = /^https?:\/\/[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d{1,5})?$/;
const PREFLIGHT_STATUS = '204';

/** Rejects what browsers or API Gateway would refuse, naming the setting and the fix. */
export function validateCors(scope: IConstruct, where: string, cors: CorsOptions): void {
  const origins = cors.allowOrigins;
  if (origins.length === 0) {
    throw new GatewayValidationError(scope, 'CorsOriginsEmpty', `${where}: cors.allowOrigins is empty; list the origins (e.g. 'https://app.example.com') or use ['*'].`);
  }
  for (const origin of origins) {
    if (Token.isUnresolved(origin) || origin === '*') {
      continue;
    }
    if (!ORIGIN.test(origin)) {
      throw new GatewayValidationError(scope, 'CorsOriginInvalid', `${where}: cors origin ${JSON.stringify(origin)} is invalid: an origin is scheme://host[:port], with no path and no trailing slash, e.g. 'https://app.example.com'.`);
    }
  }
  if (origins.includes('*') && origins.length > 1) {
    throw new GatewayValidationError(scope, 'CorsWildcardMixed', `${where}: cors.allowOrigins mixes '*' with other origins; '*' already allows every origin, so use ['*'] alone or list the origins.`);
  }
  if (cors.allowCredentials) {
    if (origins.includes('*')) {
      throw new GatewayValidationError(scope, 'CorsCredentialsWithWildcard', `${where}: cors.allowCredentials with allowOrigins ['*'] is rejected by browsers (a credentialed response must name its origin); list the origins that may send credentials.`);
    }
    for (const [name, values] of [['allowMethods', cors.allowMethods], ['allowHeaders', cors.allowHeaders], ['exposeHeaders', cors.exposeHeaders]] as const) {
      if (values?.includes('*')) {
        throw new GatewayValidationError(scope, 'CorsWildcardWithCredentials', `${where}: cors.${name} '*' is not a wildcard for credentialed requests (browsers read it literally); list the values.`);
      }
    }
  }
  for (const method of cors.allowMethods ?? []) {
    if (method !== '*' && !CORS_METHODS.includes(method)) {
      throw new GatewayValidationError(scope, 'CorsMethodInvalid', `${where}: cors method ${JSON.stringify(method)} is not one of ${CORS_METHODS.join(', ')} (or '*').`);
    }
  }
  for (const header of [...cors.allowHeaders ?? [], ...cors.exposeHeaders ?? []]) {
    if (header !== '*') {
      checkPattern(scope, `${where}: cors header`, header, HEADER_NAME, HEADER_NAME_RULE);
    }
  }
  checkWholeSeconds(scope, `${where}: cors.maxAge (seconds)`, cors.maxAge, 0, 86_400, 'Browsers cap it lower (Chromium at 7,200 s).');
}

/**
 * A REST API writes its origins into response headers (as single-quoted
 * static values) and, with several origins, into the template that echoes
 * the caller's origin (as VTL strings); neither can escape a deploy-time
 * value, so an origin with tokens must be built from safe references only,
 * such as a CloudFront distribution's domain name.
 */
export function validateCorsOriginTokens(scope: IConstruct, where: string, cors: CorsOptions): void {
  for (const origin of cors.allowOrigins) {
    if (Token.isUnresolved(origin)) {
      checkTemplateValue(scope, `${where}: cors origin`, origin, {
        pattern: ORIGIN,
        rule: 'an origin is scheme://host[:port]',
        fix: "list the origins as literal strings (e.g. 'https://app.example.com'), or build them from a resource of the app (e.g. `https://${distribution.distributionDomainName}`).",
        code: 'CorsOriginInvalid',
      });
    }
  }
}

/** Whether two CORS settings produce the same preflight (defaults applied, so `false` equals unset). */
export function sameCors(a: CorsOptions, b: CorsOptions): boolean {
  return a === b || JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}

function normalize(cors: CorsOptions): unknown[] {
  return [
    cors.allowOrigins,
    cors.allowMethods ?? null,
    cors.allowHeaders ?? DEFAULT_CORS_ALLOW_HEADERS,
    cors.exposeHeaders ?? [],
    cors.allowCredentials ?? false,
    (cors.maxAge ?? DEFAULT_CORS_MAX_AGE).toSeconds(),
  ];
}

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
