import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { GatewayValidationError } from './errors';
import { checkTemplateValue } from './private/vtl';
import { checkPattern, checkWholeSeconds, HEADER_NAME, HEADER_NAME_RULE } from './rules';

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
