import { Annotations, Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { GatewayValidationError } from './errors';
import { ThrottleSettings } from './rest/stage-options';

/**
 * Range checks shared by the constructs. Values that are unresolved tokens are
 * skipped: they are only known at deploy time and cannot be judged at synth.
 */
export function checkRange(scope: IConstruct, what: string, value: number | undefined, min: number, max: number, fix?: string): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new GatewayValidationError(scope, 'ValueOutOfRange', `${what} must be between ${min} and ${max}, got ${value}.${fix ? ' ' + fix : ''}`);
  }
}

export function checkInteger(scope: IConstruct, what: string, value: number | undefined): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  if (!Number.isInteger(value)) {
    throw new GatewayValidationError(scope, 'ValueNotWhole', `${what} must be a whole number, got ${value}.`);
  }
}

export function checkPattern(scope: IConstruct, what: string, value: string, pattern: RegExp, rule: string): void {
  if (Token.isUnresolved(value)) {
    return;
  }
  if (!pattern.test(value)) {
    throw new GatewayValidationError(scope, 'ValueInvalid', `${what} ${JSON.stringify(value)} is invalid: ${rule}.`);
  }
}

/**
 * A duration that API Gateway takes in whole seconds within a range (`what`
 * names it, with its unit, in messages): returns
 * the seconds, or undefined when no duration is given.
 */
export function checkWholeSeconds(
  scope: IConstruct, what: string, duration: Duration | undefined, min: number, max: number, fix?: string,
): number | undefined {
  if (duration === undefined) {
    return undefined;
  }
  // Not integral: a sub-second duration must fail here, with the library's message, not in Duration.
  const seconds = duration.toSeconds({ integral: false });
  checkRange(scope, what, seconds, min, max, fix);
  checkInteger(scope, what, seconds);
  return seconds;
}

/** An HTTP header name (an RFC 9110 token without the quote, which API Gateway's quoted static values cannot hold). */
export const HEADER_NAME = /^[A-Za-z0-9!#$%&*+.^_`|~-]{1,128}$/;
export const HEADER_NAME_RULE = 'use 1 to 128 characters of letters, digits and !#$%&*+.^_`|~-';

/** A query-string parameter name, as API Gateway documents it. */
export const QUERY_NAME = /^[A-Za-z0-9._$-]{1,128}$/;
export const QUERY_NAME_RULE = 'use 1 to 128 characters of A-Z, a-z, 0-9, ".", "_", "$" and "-"';

/** A stage name (REST, HTTP and WebSocket APIs alike; HTTP APIs also have `$default`). */
export const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;
export const STAGE_NAME_RULE = 'use 1 to 128 characters of A-Z, a-z, 0-9, - and _';

/** Stage variable names: `[A-Za-z0-9_]`, at most 64, and CloudFormation's schema also wants a letter or digit among them. */
export const STAGE_VARIABLE_NAME = /^(?=[A-Za-z0-9_]*[A-Za-z0-9])[A-Za-z0-9_]{1,64}$/;
export const STAGE_VARIABLE_NAME_RULE = 'use 1 to 64 characters of A-Z, a-z, 0-9 and _, at least one of them a letter or digit';

/**
 * A backend URL: an absolute http(s) URL that WHATWG's URL parser accepts (so a port is 0 to 65535), without
 * spaces, quotes or braces other than `{name}` path placeholders and `${stageVariables.name}` references. A URL
 * that starts with a token (a load balancer's DNS name) is checked only as far as it is known; one with a token
 * elsewhere has its literal parts checked for the characters, and is not parsed.
 * @param where the message's prefix, e.g. `route GET /a: `
 */
export function checkBackendUrl(scope: IConstruct, where: string, url: string): void {
  if (Token.isUnresolved(url) && url.split('${Token[')[0].length === 0) {
    return;
  }
  const fail = (why: string): never => {
    throw new GatewayValidationError(scope, 'BackendUrlInvalid', `${where}backend URL ${JSON.stringify(url)} is invalid: ${why}`);
  };
  if (!/^https?:\/\/[^/\s]/.test(url) || /\s/.test(url)) {
    fail('use an absolute http:// or https:// URL without spaces.');
  }
  const hasTokens = Token.isUnresolved(url);
  // Placeholders and stage variables stand for one path segment or host label each; '1' is valid in both (and in a port).
  const literal = url
    .replace(/\$\{Token\[[^\]]*\]\}/g, '1')
    .replace(/\$\{stageVariables\.[^}]*\}/g, '1')
    .replace(/(?<!\$)\{[A-Za-z0-9._-]+\}/g, '1');
  const stray = /["{}]/.exec(literal);
  if (stray) {
    fail(`it contains ${stray[0]}, which only {name} path placeholders and \${stageVariables.name} may hold; percent-encode it (${encodeURIComponent(stray[0])}) or remove it.`);
  }
  if (hasTokens) {
    return;
  }
  let parsed: URL | undefined;
  try {
    parsed = new URL(literal);
  } catch {
    // Left undefined: the message below says why.
  }
  if (parsed === undefined || parsed.hostname === '') {
    const port = /^https?:\/\/[^/?#]*:(\d+)(?:[/?#]|$)/.exec(literal)?.[1];
    fail(port !== undefined && Number(port) > 65535
      ? `port ${port} is above 65535; use the backend's port, 1 to 65535.`
      : 'it is not a URL that a URL parser accepts (check the host, port and escaping); use e.g. https://backend.example.com:8443/path/{id}.');
  }
}

/** Rate and burst limits, as a stage, a route or (later) a usage plan takes them. */
export function validateThrottle(scope: IConstruct, what: string, throttle: ThrottleSettings | undefined): void {
  if (!throttle) {
    return;
  }
  checkRange(scope, `${what} rateLimit`, throttle.rateLimit, 0, Number.MAX_SAFE_INTEGER, 'Use requests per second, 0 or more.');
  checkRange(scope, `${what} burstLimit`, throttle.burstLimit, 0, Number.MAX_SAFE_INTEGER, 'Use a request count, 0 or more.');
  checkInteger(scope, `${what} burstLimit`, throttle.burstLimit);
  if (throttle.burstLimit === 0 && throttle.rateLimit !== undefined && throttle.rateLimit > 0) {
    Annotations.of(scope).addWarningV2('cdk-apigateway-patterns:burstZero', `${what}: burstLimit 0 with rateLimit ${throttle.rateLimit} rejects every request; set a burst of at least 1.`);
  }
}
