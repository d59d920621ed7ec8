import { App, Stack } from 'aws-cdk-lib';
import * as fc from 'fast-check';
import { GatewayRestApi, Integration, StageOptions } from '../lib';
import { fixtureFunction } from './fixtures';
import { GatewayValidationError } from '../lib/errors';
import { lintTemplates, NamedTemplate } from './harness/cfn-lint';

/**
 * Random route and stage configurations, valid and invalid. Each must either
 * throw the library's GatewayValidationError or synthesize a template that
 * cfn-lint accepts; any other exception fails. A configuration with an
 * injected fault must throw. Templates are linted in one batch.
 */

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY', 'get', 'Post'];
const LITERALS = ['pets', 'toys', 'v1', 'a.b', 'x-y', 'under_score', 'Pets'];
/** Parameter names follow their depth, with an occasional odd one out so that sibling conflicts still occur. */
const paramAt = (depth: number, odd: boolean): string => odd ? `{other${depth}}` : `{p${depth}.id}`;

interface Fault {
  readonly kind: string;
  readonly apply: (config: Config) => Config;
}

interface Config {
  readonly routes: Array<{ method: string; segments: string[]; alias: boolean }>;
  readonly stages: StageOptions[];
}

const segmentsArb = fc.tuple(
  fc.array(fc.oneof({ arbitrary: fc.constantFrom(...LITERALS), weight: 3 }, { arbitrary: fc.constant(null), weight: 1 }), { maxLength: 4 }),
  fc.boolean(),
  fc.integer({ min: 0, max: 9 }),
).map(([segments, greedy, odd]) => {
  const path = segments.map((segment, depth) => segment ?? paramAt(depth, odd === 0));
  return greedy ? [...path, '{proxy+}'] : path;
});

const stageArb = fc.record({
  name: fc.stringMatching(/^[A-Za-z0-9_-]{1,20}$/),
  variables: fc.dictionary(fc.stringMatching(/^[A-Za-z0-9_]{0,5}[A-Za-z0-9][A-Za-z0-9_]{0,4}$/), fc.stringMatching(/^[A-Za-z0-9\-._~:/?#&=,]{1,30}$/), { maxKeys: 3 }),
  throttle: fc.option(fc.record({
    rateLimit: fc.double({ min: 0, max: 5000, noNaN: true }),
    burstLimit: fc.integer({ min: 0, max: 5000 }),
  }), { nil: undefined }),
  tracingEnabled: fc.option(fc.boolean(), { nil: undefined }),
}).map(stage => ({ ...stage, lambdaAlias: 'live', variables: Object.fromEntries(Object.entries(stage.variables).filter(([k]) => k !== 'lambdaAlias')) }));

const faults: Fault[] = [
  { kind: 'method', apply: c => ({ ...c, routes: [...c.routes, { method: 'FETCH', segments: ['x'], alias: false }] }) },
  { kind: 'segment', apply: c => ({ ...c, routes: [...c.routes, { method: 'GET', segments: ['bad$seg'], alias: false }] }) },
  { kind: 'greedy-not-last', apply: c => ({ ...c, routes: [...c.routes, { method: 'GET', segments: ['{proxy+}', 'x'], alias: false }] }) },
  { kind: 'stage-name', apply: c => ({ ...c, stages: [...c.stages, { name: 'bad name' }] }) },
  { kind: 'variable-name', apply: c => ({ ...c, stages: c.stages.map((s, i) => i === 0 ? { ...s, variables: { ...s.variables, 'bad-name': 'x' } } : s) }) },
  { kind: 'variable-name-underscores', apply: c => ({ ...c, stages: c.stages.map((s, i) => i === 0 ? { ...s, variables: { ...s.variables, ___: 'x' } } : s) }) },
  { kind: 'variable-value', apply: c => ({ ...c, stages: c.stages.map((s, i) => i === 0 ? { ...s, variables: { ...s.variables, v: 'has space' } } : s) }) },
  { kind: 'variable-too-long', apply: c => ({ ...c, stages: c.stages.map((s, i) => i === 0 ? { ...s, variables: { ...s.variables, v: 'x'.repeat(513) } } : s) }) },
  { kind: 'throttle', apply: c => ({ ...c, stages: c.stages.map((s, i) => i === 0 ? { ...s, throttle: { rateLimit: -5 } } : s) }) },
  { kind: 'alias-unset', apply: c => ({ ...c, routes: [...c.routes, { method: 'GET', segments: ['aliased'], alias: true }], stages: [...c.stages, { name: 'noalias' }] }) },
];

const configArb = fc.record({
  routes: fc.array(fc.record({ method: fc.constantFrom(...METHODS), segments: segmentsArb, alias: fc.boolean() }), { minLength: 1, maxLength: 6 }),
  stages: fc.uniqueArray(stageArb, { minLength: 1, maxLength: 3, selector: stage => stage.name }),
  // About one configuration in three carries a fault.
  fault: fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: fc.constantFrom(...faults), weight: 1 }),
});

/** Rejections a fault-free configuration may still legitimately earn: random routes can collide. */
const LEGITIMATE_REJECTIONS = /is added twice|beside|appears twice/;

describe('property: every configuration is rejected by the library or deploys clean', () => {
  test('random configurations', () => {
    const templates: NamedTemplate[] = [];
    let rejected = 0;
    fc.assert(fc.property(configArb, ({ fault, ...base }) => {
      const config = fault ? fault.apply(base) : base;
      let template: unknown;
      try {
        const app = new App();
        const stack = new Stack(app, 'Prop');
        const fn = fixtureFunction(stack, 'Fn');
        const api = new GatewayRestApi(stack, 'Api', { stages: config.stages });
        for (const route of config.routes) {
          const integration = route.alias ? Integration.lambdaAlias(fn) : Integration.lambda(fn);
          api.addRoute(`${route.method} /${route.segments.join('/')}`, integration);
        }
        template = app.synth().getStackByName('Prop').template;
      } catch (error) {
        if (!(error instanceof GatewayValidationError)) {
          throw error; // any other exception is a bug
        }
        if (!fault && !LEGITIMATE_REJECTIONS.test(error.message)) {
          throw new Error(`a valid configuration was rejected: ${error.message}\n${JSON.stringify(config)}`);
        }
        rejected++;
        return;
      }
      if (fault) {
        throw new Error(`fault "${fault.kind}" was not rejected: ${JSON.stringify(config)}`);
      }
      templates.push({ name: `prop${templates.length}`, template });
    }), { numRuns: 120, seed: Number(process.env.FC_SEED ?? 20261121) });

    // Both outcomes were exercised, and every accepted configuration lints clean in one cfn-lint run.
    expect(rejected).toBeGreaterThan(10);
    expect(templates.length).toBeGreaterThan(40);
    expect(lintTemplates(templates)).toEqual([]);
  });
});
