import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { GatewayValidationError } from '../../core/errors';

/**
 * The distinct values in a document that hold tokens: each string with a
 * token in it (once per distinct string) and each token object (once per
 * object), in the order they first appear. An API of 5,000 routes over ten
 * functions holds about ten, however many times each is repeated.
 *
 * aws-cdk-lib's prepare only looks for the references in a value, so giving
 * it these instead of the whole body finds the same references for a
 * fraction of the work.
 */
export function tokenValues(document: unknown): unknown[] {
  const found = new Set<unknown>();
  walk(document, value => {
    found.add(value);
    return value;
  });
  return [...found];
}

/** A document with its tokens resolved, and the distinct values with tokens that were resolved (as `tokenValues` gives them). */
export interface ResolvedDocument {
  readonly document: Record<string, unknown>;
  readonly values: unknown[];
}

/**
 * The document with every value that holds tokens replaced by its resolution,
 * in one walk: each distinct value (`tokenValues`) is resolved once, by
 * `resolve`, and put wherever it appears. It gives what resolving the whole
 * document gives (a value that resolves to `undefined` is dropped, as
 * aws-cdk-lib drops it), without taking 5,000 routes through the token resolver.
 */
export function resolveTokenValues(scope: IConstruct, document: Record<string, unknown>, resolve: (value: unknown) => unknown): ResolvedDocument {
  const resolved = new Map<unknown, unknown>();
  const result = walk(document, value => {
    if (resolved.has(value)) {
      return resolved.get(value);
    }
    const resolution = resolve(value);
    resolved.set(value, resolution);
    return resolution;
  }, scope) as Record<string, unknown>;
  return { document: result, values: [...resolved.keys()] };
}

/** Copies `value`, giving each value that holds tokens to `replace`; drops what it replaces with `undefined`. */
function walk(value: unknown, replace: (token: unknown) => unknown, scope?: IConstruct): unknown {
  if (typeof value === 'string') {
    // aws-cdk-lib's own fast path: every encoded token (string or list) contains this.
    return value.includes('Token[') && Token.isUnresolved(value) ? replace(value) : value;
  }
  if (typeof value === 'number') {
    return (value <= -1e287 || value >= 1e287) && Token.isUnresolved(value) ? replace(value) : value;
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  if (Token.isUnresolved(value)) {
    return replace(value);
  }
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const item of value) {
      const copy = walk(item, replace, scope);
      if (copy !== undefined) {
        items.push(copy);
      }
    }
    return items;
  }
  const entries: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const copy = walk((value as Record<string, unknown>)[key], replace, scope);
    if (copy !== undefined) {
      entries[key.includes('Token[') && Token.isUnresolved(key) ? keyOf(scope, key, replace(key)) : key] = copy;
    }
  }
  return entries;
}

/** A resolved key, which (as aws-cdk-lib requires) must be a string; `scope` is given when keys are resolved. */
function keyOf(scope: IConstruct | undefined, key: string, resolved: unknown): string {
  if (typeof resolved !== 'string' && scope !== undefined) {
    throw new GatewayValidationError(scope, 'OpenApiKeyNotString', `"${key}" is a key of the OpenAPI document, so it must resolve to a string, but it resolves to ${JSON.stringify(resolved)}; use a literal key, or a token that resolves to a string at synth.`);
  }
  return String(resolved);
}
