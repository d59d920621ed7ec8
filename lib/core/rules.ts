import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { GatewayValidationError } from './errors';
import { ThrottleSettings } from './throttle';

/**
 * The largest value API Gateway stores in its 32-bit integer settings
 * (throttle burst limits, quota limits): 2^31 - 1.
 */
export const MAX_INT32 = 2_147_483_647;

/**
 * How the shared checks below treat CDK tokens (the tokens rule):
 *
 * - A literal value is checked at once, where it is passed, so that the error
 *   points at the call that passed it.
 * - A value that is an unresolved token (`Lazy.string()`, `Lazy.number()`,
 *   `Token.asString(...)`, a CfnParameter's value...) is not judged where it is
 *   passed, since a Lazy may read state that later calls still change. Its
 *   check is deferred to the construct's validation (`node.addValidation`,
 *   which `app.synth()` runs once every construct is built), where the token is
 *   resolved with `Stack.of(scope).resolve()`. When it resolves to a literal
 *   (a number, or a string without tokens) the same rule applies to it and the
 *   validation throws the library's error (the project's protocol: a validate
 *   function throws the first `GatewayValidationError`). When it resolves to
 *   something else (a CloudFormation intrinsic such as `{ Ref }` or
 *   `Fn::GetAtt`, known only at deploy time) it is not checked; nor is a
 *   dynamic reference (`{{resolve:secretsmanager:...}}`), a string that
 *   CloudFormation fills in at deploy time.
 * - A scope that is not a construct (a static factory's `factoryScope`) has no
 *   validation to defer to: its token values are resolved nowhere and stay unchecked.
 * - Checks that compare several values (burst against rate, offset against
 *   period) judge literal values only.
 *
 * A check that itself runs during validation cannot defer (validations added
 * then are not run): it must be called at construction time, or resolve its value first.
 */
export function whenKnown(scope: IConstruct, value: unknown, check: (value: unknown) => void): void {
  if (!Token.isUnresolved(value)) {
    check(value);
    return;
  }
  const node = (scope as Partial<IConstruct>).node;
  if (typeof node?.addValidation !== 'function') {
    return;
  }
  node.addValidation({
    validate: () => {
      const resolved = resolveLiteral(scope, value);
      if (resolved !== undefined) {
        check(resolved);
      }
      return [];
    },
  });
}

/** A token's value when it resolves to a literal (a number or a string without tokens), else undefined. */
function resolveLiteral(scope: IConstruct, value: unknown): string | number | undefined {
  let stack: Stack;
  try {
    stack = Stack.of(scope);
  } catch {
    return undefined;
  }
  const resolved = stack.resolve(value);
  if (typeof resolved === 'number') {
    return resolved;
  }
  // A dynamic reference ({{resolve:secretsmanager:...}}, {{resolve:ssm:...}}) is a string that CloudFormation fills in at deploy time.
  if (typeof resolved === 'string' && !Token.isUnresolved(resolved) && !resolved.includes('{{resolve:')) {
    return resolved;
  }
  return undefined;
}

/** The longest part of a rejected string that a message quotes. */
const MAX_QUOTED = 600;

/**
 * A value as an error message shows it: strings quoted (control characters
 * escaped, long ones shortened), numbers as they are, other things by their JSON or their kind.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return value.length > MAX_QUOTED
      ? `${JSON.stringify(value.slice(0, MAX_QUOTED))}... (${value.length} characters)`
      : JSON.stringify(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === undefined || value === null) {
    return Object.is(value, -0) ? '-0' : String(value);
  }
  if (typeof value === 'function' || typeof value === 'symbol') {
    return `a ${typeof value}`;
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = undefined;
  }
  if (json === undefined) {
    return `an ${Array.isArray(value) ? 'array' : 'object'}`;
  }
  return json.length > MAX_QUOTED ? `${json.slice(0, MAX_QUOTED)}... (${Array.isArray(value) ? 'an array' : 'an object'})` : json;
}

/**
 * A value that must be one of a closed set (the values of an enum), which
 * TypeScript checks but JavaScript and Python callers can pass anything for.
 * @param what the value's name in messages, e.g. `usage plan quota period`
 * @param allowed the values API Gateway accepts
 * @param fix how to choose a valid value, e.g. `use apigw.Period.DAY, WEEK or MONTH`
 * @param required whether leaving the value out (undefined) is an error too
 */
export function checkOneOf(
  scope: IConstruct, what: string, value: unknown, allowed: readonly (string | number)[], fix: string, required: boolean = false,
): void {
  if (value === undefined && !required) {
    return;
  }
  whenKnown(scope, value, known => {
    if (!allowed.includes(known as string | number)) {
      throw new GatewayValidationError(scope, 'ValueNotInSet', `${what} ${describeValue(known)} is not one of ${allowed.map(item => JSON.stringify(item)).join(', ')}; ${fix}.`);
    }
  });
}

/** The values of a string enum (a TypeScript `enum` whose members are strings), for `checkOneOf`. */
export function enumValues(enumObject: object): string[] {
  return Object.values(enumObject).filter((value): value is string => typeof value === 'string');
}

/** The retention periods CloudWatch Logs accepts (`logs.RetentionDays`, INFINITE included). */
export const LOG_RETENTION_DAYS: readonly number[] = numericEnumValues(logs.RetentionDays);

/** The values of a numeric enum (e.g. `logs.RetentionDays`), for `checkOneOf`. */
export function numericEnumValues(enumObject: object): number[] {
  return Object.values(enumObject).filter((value): value is number => typeof value === 'number');
}

function checkNumber(scope: IConstruct, what: string, value: unknown): void {
  if (typeof value !== 'number') {
    throw new GatewayValidationError(scope, 'ValueNotNumber', `${what} must be a number, got ${describeValue(value)}${value === null ? '' : ` (${typeof value})`}; pass a number, or leave the option out for its default.`);
  }
}

/**
 * Range checks shared by the constructs: the value must be a finite number
 * from min to max (not NaN, not a string such as '5', not null). Tokens
 * follow the rule described at `whenKnown`.
 */
export function checkRange(scope: IConstruct, what: string, value: number | undefined, min: number, max: number, fix?: string): void {
  if (value === undefined) {
    return;
  }
  whenKnown(scope, value, known => {
    checkNumber(scope, what, known);
    const number = known as number;
    if (!Number.isFinite(number) || number < min || number > max) {
      throw new GatewayValidationError(scope, 'ValueOutOfRange', `${what} must be between ${min} and ${max}, got ${describeValue(number)}.${fix ? ' ' + fix : ''}`);
    }
  });
}

/** A value that must be a whole number (not NaN, not Infinity, not 1.5). */
export function checkInteger(scope: IConstruct, what: string, value: number | undefined): void {
  if (value === undefined) {
    return;
  }
  whenKnown(scope, value, known => {
    checkNumber(scope, what, known);
    if (!Number.isInteger(known)) {
      throw new GatewayValidationError(scope, 'ValueNotWhole', `${what} must be a whole number, got ${describeValue(known)}.`);
    }
  });
}

/** A string that must match a pattern; anything but a string (null, a number, an object) is rejected too. */
export function checkPattern(scope: IConstruct, what: string, value: string, pattern: RegExp, rule: string): void {
  whenKnown(scope, value, known => {
    if (typeof known !== 'string') {
      throw new GatewayValidationError(scope, 'ValueNotString', `${what} must be a string, got ${describeValue(known)}; ${rule}.`);
    }
    if (!pattern.test(known)) {
      throw new GatewayValidationError(scope, 'ValueInvalid', `${what} ${describeValue(known)} is invalid: ${rule}.`);
    }
  });
}

/**
 * A duration the library converts to another unit at synth (milliseconds for
 * timeouts and alarms, seconds for TTLs): its amount must be a literal, since
 * aws-cdk-lib cannot convert a token's unit. Returns the milliseconds.
 * @param what names the duration in the message, e.g. `integration timeout`
 */
export function literalMillis(scope: IConstruct, what: string, duration: Duration): number {
  if (duration.isUnresolved()) {
    throw new GatewayValidationError(scope, 'DurationToken', `${what} is a Duration whose amount is a token (${duration.toString()}), which cannot be converted to milliseconds at synth; pass a literal, e.g. Duration.seconds(30).`);
  }
  return duration.toMilliseconds({ integral: false });
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
  if (duration === null || typeof (duration as Partial<Duration>).toSeconds !== 'function') {
    throw new GatewayValidationError(scope, 'ValueNotDuration', `${what} must be a Duration, got ${describeValue(duration)}; pass Duration.seconds(n).`);
  }
  // Not integral: a sub-second duration must fail here, with the library's message, not in Duration.
  const seconds = literalMillis(scope, what.replace(/ \(seconds\)$/, ''), duration) / 1000;
  checkRange(scope, what, seconds, min, max, fix);
  checkInteger(scope, what, seconds);
  return seconds;
}

/**
 * A stage's name is part of its construct id (`Stage-<name>`), its ARN and the
 * stage variables' checks, so it must be known at synth.
 */
export function rejectTokenStageName(scope: IConstruct, name: string): void {
  if (typeof name === 'string' && Token.isUnresolved(name)) {
    throw new GatewayValidationError(scope, 'StageNameToken', `stage name ${name} is a token; a stage's name is part of its construct id and must be known at synth, so pass a literal name (e.g. 'prod').`);
  }
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

/**
 * Rate and burst limits, as a stage, a route or a usage plan takes them. The
 * rate is a double (requests per second); the burst is a request count, which
 * API Gateway stores as a 32-bit integer.
 */
export function validateThrottle(scope: IConstruct, what: string, throttle: ThrottleSettings | undefined): void {
  if (!throttle) {
    return;
  }
  checkRange(scope, `${what} rateLimit`, throttle.rateLimit, 0, Number.MAX_SAFE_INTEGER, 'Use requests per second, 0 or more.');
  checkRange(scope, `${what} burstLimit`, throttle.burstLimit, 0, MAX_INT32, 'Use a request count, 0 or more (API Gateway stores it as a 32-bit integer).');
  checkInteger(scope, `${what} burstLimit`, throttle.burstLimit);
  // Literal values only (see whenKnown): a burst of 0 empties the token bucket, so only a rate of 0 (blocking on purpose) goes with it.
  const { rateLimit, burstLimit } = throttle;
  if (burstLimit === 0 && !Token.isUnresolved(rateLimit) && rateLimit !== 0) {
    throw new GatewayValidationError(scope, 'BurstZeroWithRate', `${what}: burstLimit 0 with rateLimit ${rateLimit ?? '(the default)'} rejects every request; set burstLimit to at least 1, or rateLimit to 0 as well to block on purpose.`);
  }
}
