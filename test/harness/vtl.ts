import { render } from 'velocityjs';

/**
 * Runs an API Gateway mapping template with velocityjs, an independent
 * Velocity engine, and an emulation of what API Gateway puts in the
 * template's context: `$input` (body, json, path, params), `$util`
 * (escapeJavaScript, urlEncode, base64Encode, base64Decode) and `$context` (requestId, responseOverride).
 *
 * API Gateway runs Velocity on the JVM, so values there are Java objects. The
 * few Java methods the library's templates call are given Java semantics
 * here: String.replace (every occurrence), replaceAll / replaceFirst /
 * matches (regular expressions), List.contains / add / size, Map.keySet.
 */
export interface MappingRequest {
  readonly body?: string;
  readonly path?: Record<string, string>;
  readonly querystring?: Record<string, string>;
  readonly header?: Record<string, string>;
}

export interface MappingResult {
  readonly output: string;
  /** The status set through `$context.responseOverride.status`, if any. */
  readonly statusOverride?: number;
}

export function renderMappingTemplate(template: string, request: MappingRequest = {}): MappingResult {
  const body = request.body ?? '';
  const parsed = (): unknown => (body.trim() === '' ? {} : JSON.parse(body));
  const responseOverride: Record<string, unknown> = {};
  const context = {
    input: {
      body,
      json: (path: string) => JSON.stringify(jsonPath(parsed(), path) ?? null),
      path: (path: string) => jsonPath(parsed(), path),
      params: () => ({ path: toMap(request.path), querystring: toMap(request.querystring), header: toMap(request.header) }),
    },
    util: {
      escapeJavaScript,
      urlEncode: (value: string) => encodeURIComponent(String(value)).replace(/%20/g, '+'),
      base64Encode: (value: string) => Buffer.from(String(value), 'utf8').toString('base64'),
      base64Decode: (value: string) => Buffer.from(String(value), 'base64').toString('utf8'),
    },
    context: { requestId: 'c0ffee00-0000-4000-8000-000000000000', responseOverride },
  };
  const output = render(template, context, undefined, { customMethodHandlers: JAVA_METHODS, escape: false });
  return { output, statusOverride: responseOverride.status as number | undefined };
}

function toMap(values: Record<string, string> | undefined): Record<string, string> {
  return { ...(values ?? {}) };
}

/** Jayway-style JSONPath, as far as templates use it: $, .name, ['name'] (with \\' for a quote), [index]. */
function jsonPath(document: unknown, path: string): unknown {
  if (!path.startsWith('$')) {
    throw new Error(`unsupported JSONPath ${path}`);
  }
  let value: any = document;
  const step = /\.([A-Za-z0-9_]+)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]/y;
  step.lastIndex = 1;
  while (step.lastIndex < path.length) {
    const match = step.exec(path);
    if (!match) {
      throw new Error(`unsupported JSONPath ${path}`);
    }
    const key = match[1] ?? match[2]?.replace(/\\(.)/g, '$1') ?? Number(match[3]);
    value = value?.[key];
  }
  return value;
}

/** Java's StringEscapeUtils.escapeJavaScript, which API Gateway's $util.escapeJavaScript is. */
function escapeJavaScript(value: unknown): string {
  return String(value ?? '').replace(/[\\'"/\n\r\t\b\f]|[^\x20-\x7e]/g, char => {
    const named: Record<string, string> = { '\\': '\\\\', '\'': '\\\'', '"': '\\"', '/': '\\/', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };
    return named[char] ?? `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  });
}

/** A Java regular expression as a JavaScript one: the leading (?s) becomes the s flag. */
function javaRegex(pattern: string, flags: string): RegExp {
  return pattern.startsWith('(?s)') ? new RegExp(pattern.slice(4), flags + 's') : new RegExp(pattern, flags);
}

const STRING_METHODS: Record<string, (value: string, ...args: any[]) => unknown> = {
  replace: (value, target: string, replacement: string) => value.split(String(target)).join(String(replacement)),
  replaceAll: (value, pattern: string, replacement: string) => value.replace(javaRegex(pattern, 'g'), replacement),
  replaceFirst: (value, pattern: string, replacement: string) => value.replace(javaRegex(pattern, ''), replacement),
  matches: (value, pattern: string) => javaRegex(`^(?:${pattern.replace(/^\(\?s\)/, '')})$`, pattern.startsWith('(?s)') ? 's' : '').test(value),
  trim: value => value.trim(),
  startsWith: (value, prefix: string) => value.startsWith(prefix),
  length: value => value.length,
};

const JAVA_METHODS = [
  {
    uid: 'java.lang.String',
    match: ({ property, context }: { property: string; context: unknown }) => typeof context === 'string' && property in STRING_METHODS,
    resolve: ({ property, context, params }: { property: string; context: any; params: any[] }) => STRING_METHODS[property](context, ...params),
  },
  {
    uid: 'java.util.List',
    match: ({ property, context }: { property: string; context: unknown }) => Array.isArray(context) && ['contains', 'add', 'size'].includes(property),
    resolve: ({ property, context, params }: { property: string; context: any[]; params: any[] }) => {
      switch (property) {
        case 'contains': return context.includes(params[0]);
        case 'add': context.push(params[0]); return true;
        default: return context.length;
      }
    },
  },
  {
    uid: 'java.util.Map',
    match: ({ property, context }: { property: string; context: unknown }) =>
      property === 'keySet' && typeof context === 'object' && context !== null && !Array.isArray(context),
    resolve: ({ context }: { context: Record<string, unknown> }) => Object.keys(context),
  },
];
