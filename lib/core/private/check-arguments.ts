import { Token, Tokenization } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { API_ENTRIES, API_ENUMS, API_STRUCTS } from './api-types.generated';
import { GatewayValidationError, factoryScope } from '../errors';

/**
 * The boundary type check of the public API. JavaScript callers (and jsii
 * languages through `any`-typed escape hatches) can pass a value of the wrong
 * type: null where a string is expected, a string where an array is, an object
 * where a Duration is. Every public constructor, method and static factory
 * checks its arguments against the generated table of the public API's types
 * (api-types.generated.ts) before anything else runs, so such a value fails
 * with the library's error naming the argument, the value and the expected
 * type instead of a `TypeError` from deep inside the library.
 *
 * Only types are checked here; ranges, names and closed sets of values are
 * the rules' own (with their own codes). Methods are checked by
 * `guardPublicApi`, which wraps every method in the table once, at load time;
 * constructors call `checkArguments` on their first line.
 */

/**
 * `ArgumentTypeInvalid`: a value of the wrong type; `ArgumentMissing`: a required value is undefined or null;
 * `ConstructIdInvalid`: an empty construct id.
 */
const TYPE_INVALID = 'ArgumentTypeInvalid';
const NOT_WELL_FORMED = 'StringNotWellFormed';
/** `StringTokenUnknown`: a string with `${Token[...]}` that is no token of this process (aws-cdk-lib would fail the synth on it with a bare UnrecognizedTokenKey). */
const TOKEN_UNKNOWN = 'StringTokenUnknown';
/** A UTF-16 surrogate without its pair (with the u flag, a pair is one code point and does not match). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const MISSING = 'ArgumentMissing';
const ID_INVALID = 'ConstructIdInvalid';

interface Failure {
  readonly code: typeof TYPE_INVALID | typeof MISSING | typeof ID_INVALID | typeof NOT_WELL_FORMED | typeof TOKEN_UNKNOWN;
  readonly message: string;
  /** The type that was expected where the check failed. */
  readonly type: string;
  /** The fix, when it is not "pass the expected type". */
  readonly hint?: string;
}

/** A short, safe description of any value (no getters run, no huge strings). */
export function describeValue(value: unknown): string {
  try {
    switch (typeof value) {
      case 'string': {
        const shown = value.length > 40 ? `${value.slice(0, 40)}...` : value;
        return `the string ${JSON.stringify(shown)}`;
      }
      case 'number': case 'bigint': return `the number ${String(value)}`;
      case 'boolean': return `the boolean ${value}`;
      case 'undefined': return 'undefined';
      case 'symbol': return 'a symbol';
      case 'function': return 'a function';
      default:
        if (value === null) return 'null';
        if (Array.isArray(value)) return `an array of ${value.length}`;
        const name = Object.getPrototypeOf(value)?.constructor?.name;
        return typeof name === 'string' && name !== 'Object' ? `an object of class ${name}` : 'an object';
    }
  } catch {
    return 'an unreadable value';
  }
}

function expected(type: string): string {
  const [kind, ...rest] = type.split(':');
  const inner = rest.join(':');
  switch (kind) {
    case 'string': return 'a string';
    case 'number': return 'a number';
    case 'boolean': return 'a boolean';
    case 'enum': return `a value of the enum ${inner.split('.').pop()}`;
    case 'struct': return `an object (${inner})`;
    case 'class': return `an instance of ${rest[0]}`;
    case 'iface': return `an object implementing ${rest[0]}${rest[1] ? ` (with a ${rest[1]} method)` : ''}`;
    case 'ext': return `an instance of ${rest[0]}`;
    case 'array': return `an array (each item ${expected(inner)})`;
    case 'map': return `an object (each value ${expected(inner)})`;
    default: return 'a value';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/**
 * Enums that aws-cdk-lib reads as soon as they are passed (`applyRemovalPolicy`), so a token, which the
 * library's rules would otherwise resolve at synth, can never be a member.
 */
const ENUMS_READ_AT_ONCE = new Set(['aws-cdk-lib.RemovalPolicy']);
/** Markers that are methods: read (in a try) and called later, so an object whose read throws is refused here. */
const METHOD_MARKERS = new Set(['toString', 'bind', 'toSeconds', 'toBytes', 'toEpoch']);

function hasMember(value: object, member: string): boolean {
  try {
    return member in value;
  } catch {
    return false;
  }
}

function read(value: Record<string, unknown>, key: string): { value?: unknown; error?: unknown } {
  try {
    return { value: value[key] };
  } catch (error) {
    return { error };
  }
}

/** The first failure of `value` against `type` (without its `?`), or undefined. */
function check(path: string, value: unknown, type: string, seen: Set<unknown>): Failure | undefined {
  const wrong = (): Failure => ({ code: TYPE_INVALID, message: `${path} must be ${expected(type)}, got ${describeValue(value)}`, type });
  const [kind, ...rest] = type.split(':');
  const inner = rest.join(':');
  switch (kind) {
    case 'any': return undefined;
    case 'string':
      if (typeof value !== 'string') return wrong();
      // A lone surrogate cannot be written as UTF-8, so no template (JSON for CloudFormation) could carry it.
      return LONE_SURROGATE.test(value)
        ? { code: NOT_WELL_FORMED, message: `${path} is not well-formed Unicode (it has a lone UTF-16 surrogate at index ${value.search(LONE_SURROGATE)}), which no template can carry`, type, hint: 'remove the unpaired surrogate, or pair it' }
        : checkTokens(path, value, type);
    case 'number': return typeof value === 'number' ? undefined : wrong();
    case 'boolean': return typeof value === 'boolean' ? undefined : wrong();
    // Membership of the enum is each rule's own check; here only the kind of value (string or number).
    case 'enum':
      if (typeof value !== typeof (API_ENUMS[inner]?.[0] ?? value)) return wrong();
      // A literal outside the set is the method's own rule (ValueNotInSet); a token would reach aws-cdk-lib unresolved.
      if (ENUMS_READ_AT_ONCE.has(inner) && typeof value === 'string' && Token.isUnresolved(value)) return wrong();
      return typeof value === 'string' ? checkTokens(path, value, type) : undefined;
    case 'class': case 'ext': {
      if (!isObject(value) || Array.isArray(value)) return wrong();
      // The marker is looked up, not read: `in` runs no getter (some of aws-cdk-lib's throw by design).
      const marker = rest[1];
      if (marker === undefined) return undefined;
      if (!hasMember(value, marker)) return wrong();
      return !METHOD_MARKERS.has(marker) || typeof read(value, marker).value === 'function' ? undefined : wrong();
    }
    case 'iface': {
      // A protocol users implement in any jsii language: an object (not a function, whose own `bind` is
      // Function.prototype.bind) whose method is a function. The method is read, once, inside a try.
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return wrong();
      const method = rest[1];
      return method === undefined || typeof read(value as Record<string, unknown>, method).value === 'function' ? undefined : wrong();
    }
    case 'array': {
      if (!Array.isArray(value)) return wrong();
      if (seen.has(value)) return undefined;
      seen.add(value);
      for (let index = 0; index < value.length; index++) {
        const failure = checkValue(`${path}[${index}]`, value[index], inner, seen);
        if (failure) return failure;
      }
      return undefined;
    }
    case 'map': {
      if (!isObject(value) || Array.isArray(value)) return wrong();
      if (seen.has(value)) return undefined;
      seen.add(value);
      let keys: string[];
      try {
        keys = Object.keys(value);
      } catch {
        return wrong();
      }
      for (const key of keys) {
        const member = read(value, key);
        if (member.error !== undefined) return wrong();
        const failure = checkValue(`${path}[${JSON.stringify(key)}]`, member.value, inner, seen);
        if (failure) return failure;
      }
      return undefined;
    }
    case 'struct': {
      if (!isObject(value) || Array.isArray(value) || typeof value === 'function') return wrong();
      if (seen.has(value)) return undefined;
      seen.add(value);
      const fields = API_STRUCTS[inner] ?? {};
      for (const [field, fieldType] of Object.entries(fields)) {
        const member = read(value, field);
        if (member.error !== undefined) {
          return { code: TYPE_INVALID, message: `${path}.${field} could not be read (${describeValue(member.error)})`, type: fieldType };
        }
        const failure = checkValue(`${path}.${field}`, member.value, fieldType, seen);
        if (failure) return failure;
      }
      return undefined;
    }
    default: return undefined;
  }
}

/**
 * Checks a value against a type that may be optional (`?`): undefined passes an
 * optional type; null does not (TypeScript's optional is `| undefined`, and
 * jsii passes an absent value as undefined).
 */
function checkValue(path: string, value: unknown, type: string, seen: Set<unknown>): Failure | undefined {
  const optional = type.startsWith('?');
  const bare = optional ? type.slice(1) : type;
  if (bare === 'any' || (optional && value === undefined)) return undefined;
  if (value === undefined || (value === null && !optional)) {
    return { code: MISSING, message: `${path} is required (${expected(bare)}), got ${describeValue(value)}`, type: bare };
  }
  return check(path, value, bare, seen);
}

/** The tokens in a string are this app's: a look-alike would resolve to nothing. */
function checkTokens(path: string, value: string, type: string): Failure | undefined {
  if (!Token.isUnresolved(value)) return undefined;
  try {
    Tokenization.reverseString(value);
    return undefined;
  } catch {
    return { code: TOKEN_UNKNOWN, message: `${path} contains a \${Token[...]} marker that is no token of this app (${JSON.stringify(value.slice(0, 80))}), so it cannot be resolved`, type, hint: 'pass the token itself (e.g. bucket.bucketName), or text without "${Token["' };
  }
}

/**
 * A construct id (a parameter `id`): constructs rejects an empty one with a plain Error, and
 * aws-cdk-lib a token in one only when it makes logical ids, at synth.
 */
function checkConstructId(name: string, type: string, value: unknown): Failure | undefined {
  if (name !== 'id' || type !== 'string' || typeof value !== 'string') return undefined;
  if (value === '') return { code: ID_INVALID, message: 'id must not be empty (it names the construct)', type, hint: 'pass a non-empty id' };
  if (Token.isUnresolved(value)) return { code: ID_INVALID, message: `id ${JSON.stringify(value)} contains a token, which a construct id (and the logical ids made from it) cannot`, type, hint: 'pass a literal id' };
  return undefined;
}

function isConstruct(value: unknown): value is IConstruct {
  try {
    return isObject(value) && isObject(value.node) && typeof (value.node as { path?: unknown }).path === 'string';
  } catch {
    return false;
  }
}

/**
 * Checks the arguments of one public entry point against the table.
 * @param scope where the error is reported: the construct whose method was
 * called, or the scope given to a constructor (then the new construct's
 * path is used, `scope/id`); anything else reports under the entry's name
 * @param entry `Class` (constructor), `Class#method` or `Class.staticMethod`
 * @param args the arguments as passed (`arguments`)
 */
export function checkArguments(scope: unknown, entry: string, args: ArrayLike<unknown>): void {
  const parameters = API_ENTRIES[entry];
  if (!parameters) return;
  const seen = new Set<unknown>();
  for (let index = 0; index < parameters.length; index++) {
    const [name, type] = parameters[index];
    const failure = checkValue(name, args[index], type, seen) ?? checkConstructId(name, type, args[index]);
    if (failure) {
      const at = errorScope(scope, entry, args);
      const message = `${entry.replace('#', '.')}: ${failure.message}; ${failure.hint ?? `pass ${expected(failure.type.replace(/^\?/, ''))}, as the API reference declares`}.`;
      switch (failure.code) {
        case MISSING: throw new GatewayValidationError(at, 'ArgumentMissing', message);
        case ID_INVALID: throw new GatewayValidationError(at, 'ConstructIdInvalid', message);
        case NOT_WELL_FORMED: throw new GatewayValidationError(at, 'StringNotWellFormed', message);
        case TOKEN_UNKNOWN: throw new GatewayValidationError(at, 'StringTokenUnknown', message);
        default: throw new GatewayValidationError(at, 'ArgumentTypeInvalid', message);
      }
    }
  }
}

function errorScope(scope: unknown, entry: string, args: ArrayLike<unknown>): IConstruct {
  if (!isConstruct(scope)) return factoryScope(entry.replace('#', '.'));
  const isConstructor = !entry.includes('#') && !entry.includes('.');
  if (isConstructor && scope === args[0]) {
    const id = args[1];
    const path = scope.node.path;
    return factoryScope(typeof id === 'string' && id !== '' ? (path ? `${path}/${id}` : id) : path || entry);
  }
  return scope;
}

/**
 * Wraps every public method and static factory of the exported classes that
 * the table lists in the argument check, once. Called by lib/index.ts with the
 * module's exports, so every method (present and future) is guarded without
 * an edit of its own.
 * @internal
 */
export function guardPublicApi(exports: Record<string, unknown>): void {
  for (const entry of Object.keys(API_ENTRIES)) {
    const match = /^(\w+)([#.])(\w+)$/.exec(entry);
    if (!match) continue;
    const [, className, separator, method] = match;
    const cls = exports[className] as (Function & Record<string, unknown>) | undefined;
    if (typeof cls !== 'function') continue;
    const target = (separator === '#' ? cls.prototype : cls) as Record<string | symbol, unknown>;
    const original = Object.prototype.hasOwnProperty.call(target, method) ? target[method] : findInherited(target, method);
    if (typeof original !== 'function' || (original as { [GUARDED]?: boolean })[GUARDED]) continue;
    const guarded = function (this: unknown, ...args: unknown[]) {
      checkArguments(separator === '#' ? this : undefined, entry, args);
      return (original as Function).apply(this, args);
    };
    Object.defineProperty(guarded, GUARDED, { value: true });
    Object.defineProperty(guarded, 'name', { value: method });
    Object.defineProperty(guarded, 'length', { value: (original as Function).length });
    Object.defineProperty(target, method, { value: guarded, writable: true, configurable: true, enumerable: false });
  }
}

const GUARDED = Symbol.for('cdk-apigateway-patterns.guarded');

function findInherited(target: object, method: string): unknown {
  for (let proto = Object.getPrototypeOf(target); proto; proto = Object.getPrototypeOf(proto)) {
    if (Object.prototype.hasOwnProperty.call(proto, method)) return (proto as Record<string, unknown>)[method];
  }
  return undefined;
}
