import { Token } from 'aws-cdk-lib';

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
  collect(document, found);
  return [...found];
}

function collect(value: unknown, found: Set<unknown>): void {
  if (typeof value === 'string' || typeof value === 'number') {
    if (Token.isUnresolved(value)) {
      found.add(value);
    }
    return;
  }
  if (typeof value !== 'object' || value === null) {
    return;
  }
  if (Token.isUnresolved(value)) {
    found.add(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      collect(item, found);
    }
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (Token.isUnresolved(key)) {
      found.add(key);
    }
    collect(item, found);
  }
}

/**
 * The document with every value that holds tokens (`tokenValues`) replaced by
 * its resolution: each distinct value is resolved once, by `resolve`, and put
 * wherever it appears. It gives what resolving the whole document gives
 * (a value that resolves to `undefined` is dropped, as aws-cdk-lib drops it),
 * without walking 5,000 routes through the token resolver.
 */
export function substituteTokenValues(
  document: Record<string, unknown>, values: readonly unknown[], resolve: (value: unknown) => unknown,
): Record<string, unknown> {
  const resolved = new Map<unknown, unknown>(values.map(value => [value, resolve(value)]));
  return substitute(document, resolved) as Record<string, unknown>;
}

function substitute(value: unknown, resolved: ReadonlyMap<unknown, unknown>): unknown {
  if (typeof value !== 'object' || value === null) {
    return resolved.has(value) ? resolved.get(value) : value;
  }
  if (resolved.has(value)) {
    return resolved.get(value);
  }
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const item of value) {
      const substituted = substitute(item, resolved);
      if (substituted !== undefined) {
        items.push(substituted);
      }
    }
    return items;
  }
  const entries: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const substituted = substitute(item, resolved);
    if (substituted !== undefined) {
      entries[resolved.has(key) ? String(resolved.get(key)) : key] = substituted;
    }
  }
  return entries;
}
