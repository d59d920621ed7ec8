import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Aws, Duration, Lazy, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as fc from 'fast-check';
import { API_ENTRIES, argumentPaths, ArgPath, callEntry, useResult, validArguments, withValueAt, World } from './api-values';
import { GatewayErrors } from '../lib';
import { lintTemplates, NamedTemplate } from './harness/cfn-lint';
import { validateOpenApiFiles, withoutIntrinsics } from './harness/openapi-validator';
import { renderMappingTemplate } from './harness/vtl';

/**
 * The hostile-input property: every public entry point of the type table
 * (constructors, methods, static factories), and every parameter and struct
 * field in it, recursively, gets a hostile value: a wrong type, null,
 * undefined, NaN, infinities, huge and negative numbers, empty, huge and
 * control-character strings, quotes, backslashes, `${...}`, VTL, unicode,
 * CDK tokens, odd objects. The contract: either the library's own
 * error (GatewayErrors.isValidationError), or a template that cfn-lint
 * accepts, whose OpenAPI bodies are valid OpenAPI and whose mapping
 * templates render (Velocity) to valid JSON where the content type is JSON.
 * Any other exception fails. Targets come from the generated type table, so
 * a new prop is fuzzed without an edit here.
 *
 * `HOSTILE_RUNS` sets the number of runs (`npm run soak` runs many more).
 */

const RUNS = Number(process.env.HOSTILE_RUNS ?? 200);
/** A fixed seed in `npm test` (reproducible); `HOSTILE_SEED=random` (the soak's default) explores. */
const SEED = process.env.HOSTILE_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.HOSTILE_SEED ?? 20261201);
/** Templates linted per run of the test (cfn-lint's cost grows with the count; distinct templates only). */
const MAX_LINTED = Number(process.env.HOSTILE_MAX_LINTED ?? 60);

/**
 * Known classes of hostile input that other changes fix (the lead empties this
 * list after merging them). Each entry: a name, a minimal reproducer, and the
 * failures it covers.
 */
interface PendingFix {
  readonly name: string;
  readonly reproducer: string;
  readonly matches: (failure: Failure) => boolean;
}
export const PENDING_FIXES: PendingFix[] = [];

interface Case {
  readonly entry: string;
  readonly path: ArgPath;
  readonly type: string;
  readonly value: unknown;
}

interface Failure {
  readonly case: Case;
  /** `exception`, `cfn-lint`, `openapi`, `vtl`, `json` */
  readonly kind: string;
  readonly detail: string;
}

const ENTRIES = Object.keys(API_ENTRIES).filter(entry => !entry.startsWith('GatewayErrors.'));
const TARGETS = ENTRIES.flatMap(entry => argumentPaths(entry).map(target => ({ entry, ...target })));

const CONTROL = Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)).join('');
const HOSTILE_STRINGS: string[] = [
  '', ' ', 'x'.repeat(10_000), CONTROL, '\u0000', 'a\r\nb', '\r\n', "it's", 'say "hi"', 'back\\slash', '\\', '${stageVariables.x}',
  '${Token[TOKEN.1]}', '#set($x = 1)', "$util.escapeJavaScript('x')", '$input.json(\'$\')', '#if(', '## comment', '<xml attr="x">&amp;</xml>',
  '\ud800', '\udfff', '😀', '\u202e', 'مرحبا', '\u00e9', '/', '/..', '*', '{proxy+}', 'GET /', 'GET', '$default', '%00', 'null', '0', '-1',
  'https://', 'https://example.com/${x}', 'arn:aws:iam::123456789012:role/x', ' padded ', '\t', 'UPPER', 'a'.repeat(256),
];
const HOSTILE_NUMBERS: number[] = [
  NaN, Infinity, -Infinity, -1, 0, -0, 0.5, 2 ** 31, 2 ** 31 - 1, 2 ** 53, -(2 ** 53), Number.MAX_VALUE, Number.MIN_VALUE, 1e-9, 29_001, 100.0001,
];
const oddObjects = (): unknown[] => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  return [
    {}, [], [null], [undefined], cyclic, Object.create(null), new Date(0), /regex/, () => 1, new Map([['a', 'b']]), new Set([1]),
    { toSeconds: 'not a function' }, { node: {} }, { length: 3 }, new Proxy({}, { get: () => { throw new Error('hostile getter'); } }),
    Symbol('hostile'), BigInt(1),
  ];
};
const TOKENS: unknown[] = [
  Lazy.string({ produce: () => 'lazy-literal' }), Aws.STACK_NAME, Token.asString({ Ref: 'AWS::Region' }),
  Lazy.number({ produce: () => 5 }), Token.asList(Lazy.list({ produce: () => ['a'] })),
];

const randomString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(...HOSTILE_STRINGS),
);
const anyHostile = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, true, false),
  fc.constantFrom(...HOSTILE_NUMBERS),
  randomString,
  fc.constantFrom(...TOKENS),
  fc.constantFrom(...oddObjects()),
  randomString.map(s => [s]),
  randomString.map(s => ({ [s]: s })),
);
/** A hostile value, mostly of the right type (to get past the type check into the rules), sometimes of any. */
function hostileFor(type: string): fc.Arbitrary<unknown> {
  const bare = type.replace(/^\?/, '');
  const kind = bare.startsWith('ext:Duration') ? 'duration' : bare.split(':')[0];
  const typed: fc.Arbitrary<unknown> | undefined = {
    string: randomString,
    number: fc.oneof(fc.constantFrom(...HOSTILE_NUMBERS), fc.double(), fc.integer()),
    enum: fc.oneof(randomString, fc.constantFrom(...HOSTILE_NUMBERS)),
    array: fc.oneof(fc.constant([]), fc.array(anyHostile, { maxLength: 3 }), fc.constant(new Array(5000).fill('x'))),
    duration: fc.constantFrom(Duration.seconds(0), Duration.millis(1), Duration.millis(1500), Duration.days(10_000), Duration.seconds(2 ** 31),
      Duration.seconds(Lazy.number({ produce: () => 30 }))),
    map: fc.oneof(fc.constant({}), fc.dictionary(randomString, anyHostile, { maxKeys: 3 })),
  }[kind];
  return typed ? fc.oneof({ weight: 3, arbitrary: typed }, { weight: 1, arbitrary: anyHostile }) : anyHostile;
}

const caseArb: fc.Arbitrary<Case> = fc.constantFrom(...TARGETS).chain(target =>
  hostileFor(target.type).map(value => ({ entry: target.entry, path: target.path, type: target.type, value })));

function describeCase(c: Case): string {
  let shown: string;
  try {
    shown = typeof c.value === 'string' ? JSON.stringify(c.value.length > 60 ? `${c.value.slice(0, 60)}...(${c.value.length})` : c.value)
      : typeof c.value === 'symbol' || typeof c.value === 'bigint' ? String(c.value) : Token.isUnresolved(c.value) ? `token ${String(c.value)}`
        : JSON.stringify(c.value)?.slice(0, 80) ?? String(c.value);
  } catch {
    shown = 'an object whose members throw';
  }
  return `${c.entry} [${c.path.join('.')}] (${c.type}) = ${shown}`;
}

interface Synthesized {
  readonly case: Case;
  readonly template: any;
  /** Strings passed in as mapping templates: the user's own, not checked by Velocity here. */
  readonly userTemplates: Set<string>;
}

/** Runs one case: an exception that is not the library's is a failure; a template is kept for the batched checks. */
function runCase(c: Case, failures: Failure[], synthesized: Synthesized[]): boolean {
  const world = new World();
  try {
    const args = withValueAt(world, c.entry, validArguments(world, c.entry), c.path, c.value);
    const result = callEntry(world, c.entry, args);
    useResult(world, c.entry, result);
    const template = Template.fromStack(world.stack).toJSON();
    const userTemplates = new Set<string>();
    collectStrings(args, userTemplates);
    // A token of the user's (a Lazy, or a string that merely looks like one) lands in the template resolved: that value is the user's too.
    for (const value of [...userTemplates]) {
      if (!Token.isUnresolved(value)) continue;
      let resolved: unknown;
      try {
        resolved = world.stack.resolve(value);
      } catch {
        continue;
      }
      if (typeof resolved === 'string') userTemplates.add(resolved);
    }
    synthesized.push({ case: c, template, userTemplates });
    return true;
  } catch (error) {
    if (GatewayErrors.isValidationError(error)) return true;
    const detail = error instanceof Error ? `${error.name}: ${error.message.slice(0, 300)}\n${(error.stack ?? '').split('\n').slice(1, 4).join('\n')}` : String(error);
    return record(failures, { case: c, kind: 'exception', detail });
  }
}

function collectStrings(value: unknown, into: Set<string>, seen = new Set<unknown>()): void {
  if (typeof value === 'string') into.add(value);
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  try {
    for (const item of Object.values(value)) collectStrings(item, into, seen);
  } catch {
    // a hostile object
  }
}

/** Records a failure unless a pending fix covers it; returns whether the case is fine. */
function record(failures: Failure[], failure: Failure): boolean {
  if (PENDING_FIXES.some(fix => fix.matches(failure))) return true;
  failures.push(failure);
  return false;
}

/** Every mapping template in an OpenAPI body: request and response templates by content type. */
type FoundTemplate = { contentType: string; template: string };
/**
 * The content type of a template's output: a response template's is its key; a
 * request template's is the integration's Content-Type header (e.g. text/xml
 * for SOAP, form-encoded for SQS), else its key (what API Gateway sends on).
 */
function mappingTemplates(body: unknown, found: FoundTemplate[] = []): FoundTemplate[] {
  if (body === null || typeof body !== 'object') return found;
  const header = (body as any).requestParameters?.['integration.request.header.Content-Type'];
  const outgoing = typeof header === 'string' ? header.replace(/^'|'$/g, '') : undefined;
  for (const [key, value] of Object.entries(body)) {
    if ((key === 'requestTemplates' || key === 'responseTemplates') && value && typeof value === 'object') {
      for (const [contentType, template] of Object.entries(value)) {
        if (typeof template === 'string') found.push({ contentType: key === 'requestTemplates' ? outgoing ?? contentType : contentType, template });
      }
    } else {
      mappingTemplates(value, found);
    }
  }
  return found;
}

/** The batched checks of every synthesized template: cfn-lint, the OpenAPI validator, Velocity. */
function checkSynthesized(synthesized: Synthesized[], failures: Failure[]): void {
  const byJson = new Map<string, Synthesized>();
  for (const entry of synthesized) byJson.set(JSON.stringify(entry.template), entry);
  const distinct = [...byJson.values()];

  // Velocity: every mapping template the library generated renders, to JSON where the content type is JSON.
  const bodies: Array<{ entry: Synthesized; body: unknown }> = [];
  for (const entry of distinct) {
    for (const resource of Object.values<any>(entry.template.Resources ?? {})) {
      if (resource.Type !== 'AWS::ApiGateway::RestApi' || !resource.Properties?.Body) continue;
      bodies.push({ entry, body: withoutIntrinsics(resource.Properties.Body) });
      // Templates that are CloudFormation intrinsics (tokens of the user's) are left to deploy time.
      for (const { contentType, template } of mappingTemplates(resource.Properties.Body)) {
        if (entry.userTemplates.has(template)) continue;
        let output: string;
        try {
          output = renderMappingTemplate(template, { body: '{"name":"x","id":"1"}', path: { id: '1' }, querystring: { page: '1' }, header: { Authorization: 'x' } }).output;
        } catch (error) {
          record(failures, { case: entry.case, kind: 'vtl', detail: `${String(error).slice(0, 200)} in template ${JSON.stringify(template).slice(0, 300)}` });
          continue;
        }
        if (/json/i.test(contentType) && output.trim() !== '') {
          try {
            JSON.parse(output);
          } catch (error) {
            record(failures, { case: entry.case, kind: 'json', detail: `${String(error).slice(0, 120)}: output ${JSON.stringify(output).slice(0, 300)}` });
          }
        }
      }
    }
  }

  // OpenAPI: every REST API body is a valid OpenAPI document (intrinsics as placeholders), one validator run.
  if (bodies.length > 0) {
    const dir = mkdtempSync(join(tmpdir(), 'hostile-openapi-'));
    try {
      const files = bodies.map(({ body }, index) => {
        const file = join(dir, `${index}.json`);
        writeFileSync(file, JSON.stringify(body));
        return file;
      });
      const results = validateOpenApiFiles(files);
      files.forEach((file, index) => {
        const result = results.get(file);
        if (result && !result.valid) {
          record(failures, { case: bodies[index].entry.case, kind: 'openapi', detail: JSON.stringify(result.errors).slice(0, 400) });
        }
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  // cfn-lint: one run over (at most MAX_LINTED) distinct templates.
  const linted = distinct.slice(0, MAX_LINTED);
  const named: NamedTemplate[] = linted.map((entry, index) => ({ name: `case${index}`, template: entry.template }));
  const byName = new Map(named.map((entry, index) => [`${String(index).padStart(4, '0')}-${entry.name}.json`, linted[index]]));
  for (const finding of lintTemplates(named)) {
    const entry = byName.get(finding.template);
    const fallback = linted[0];
    record(failures, { case: (entry ?? fallback).case, kind: 'cfn-lint', detail: `${finding.rule} ${finding.level} ${finding.path}: ${finding.message.slice(0, 300)}` });
  }
}

function report(failures: Failure[]): string {
  const classes = new Map<string, Failure>();
  for (const failure of failures) {
    const key = `${failure.kind} ${failure.case.entry} ${failure.detail.split('\n')[0].replace(/"[^"]*"/g, '"…"').slice(0, 120)}`;
    if (!classes.has(key)) classes.set(key, failure);
  }
  return [...classes.values()].map(f => `- ${f.kind}: ${describeCase(f.case)}\n    ${f.detail.replace(/\n/g, '\n    ')}`).join('\n');
}

describe('hostile input through every public entry point', () => {
  test('is the library error, or a template that cfn-lint, the OpenAPI validator and Velocity accept', () => {
    // GIVEN every entry point and every prop of the generated type table
    expect(TARGETS.length).toBeGreaterThan(300);
    const failures: Failure[] = [];
    const synthesized: Synthesized[] = [];
    // WHEN each run calls one with a hostile value at one prop, valid values elsewhere
    const started = Date.now();
    fc.assert(fc.property(caseArb, c => runCase(c, failures, synthesized) || true), { numRuns: RUNS, seed: SEED });
    const ran = Date.now();
    checkSynthesized(synthesized, failures);
    if (process.env.HOSTILE_VERBOSE) {
      process.stderr.write(`hostile: ${RUNS} runs in ${ran - started} ms, ${synthesized.length} templates checked in ${Date.now() - ran} ms\n`);
    }
    // THEN nothing but the library's error was thrown, and everything synthesized is valid
    expect(report(failures) && `HOSTILE_SEED=${SEED} HOSTILE_RUNS=${RUNS}\n${report(failures)}`).toBe('');
  }, 300_000);
});
