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
 * A backend URL: absolute http(s), no spaces. A URL that starts with a token
 * (a load balancer's DNS name) is checked only as far as it is known.
 * @param where the message's prefix, e.g. `route GET /a: `
 */
export function checkBackendUrl(scope: IConstruct, where: string, url: string): void {
  if (Token.isUnresolved(url) && url.split('${Token[')[0].length === 0) {
    return;
  }
  if (!/^https?:\/\/[^/\s]/.test(url) || /\s/.test(url)) {
    throw new GatewayValidationError(scope, 'BackendUrlInvalid', `${where}backend URL ${JSON.stringify(url)} is invalid: use an absolute http:// or https:// URL without spaces.`);
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
