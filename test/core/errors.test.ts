import * as fs from 'fs';
import * as path from 'path';
import { Lazy } from 'aws-cdk-lib';
import { Integration, GatewayErrors, GatewayRestApi, MappingTemplate } from '../../lib';
import { GatewayValidationError } from '../../lib/core/errors';
import { fixtureFunction } from '../fixtures';
import { newStack, PUBLIC } from '../helpers';

/** Every .ts file under lib/, recursively. */
function libFiles(dir = path.join(__dirname, '..', '..', 'lib')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => entry.isDirectory()
    ? libFiles(path.join(dir, entry.name))
    : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : []);
}

/** The README's area names for lib/'s folders, in the order the README lists them. */
const AREAS: Array<[string, string]> = [
  ['rest', 'REST APIs, stages, usage plans'], ['auth', 'authorization and resource policies'],
  ['integrations', 'integrations and mapping templates'], ['openapi', 'OpenAPI import'],
  ['http', 'HTTP APIs'], ['websocket', 'WebSocket APIs'], ['domains', 'custom domains'],
  ['monitoring', 'monitoring'], ['releases', 'releases'], ['security', 'WAF'], ['mcp', 'MCP targets'], ['', 'shared checks'],
];

/** Every code thrown in lib/, under the first area (in AREAS order) that throws it. */
function codesByArea(): Map<string, Set<string>> {
  const byArea = new Map<string, Set<string>>(AREAS.map(([folder]) => [folder, new Set<string>()]));
  const seen = new Set<string>();
  const libDir = path.join(__dirname, '..', '..', 'lib');
  for (const [folder] of AREAS) {
    const files = libFiles().filter(file => {
      const relative = path.relative(libDir, file);
      return folder === '' ? true : relative.startsWith(folder + path.sep);
    });
    for (const file of files) {
      // Literal codes at the throw, and the codes handed to checkDataTree (model.ts) as DataTreeCodes.
      // Literal codes at the throw; the codes of helpers that forward one: checkDataTree's DataTreeCodes, checkTemplateValue's code, and
      // model.ts's fail(why, code = 'Default') whose callers end with the code.
      const forms = /(?:GatewayValidationError\([^,]+, |(?:tooDeep|cycle|code): |code = |fail\(.*, )'([A-Za-z0-9]+)'/g;
      for (const match of fs.readFileSync(file, 'utf8').matchAll(forms)) {
        if (!seen.has(match[1])) {
          seen.add(match[1]);
          byArea.get(folder)!.add(match[1]);
        }
      }
    }
  }
  return byArea;
}

describe('the error contract', () => {
  test('the README lists every error code, by area', () => {
    const byArea = codesByArea();
    const expected = AREAS.filter(([folder]) => byArea.get(folder)!.size > 0)
      .map(([folder, name]) => `- **${name}**: ${[...byArea.get(folder)!].sort().map(code => '`' + code + '`').join(', ')}`)
      .join('\n');
    const readmePath = path.join(__dirname, '..', '..', 'README.md');
    const readme = fs.readFileSync(readmePath, 'utf8');
    const block = /<!-- error-codes:start -->\n([\s\S]*?)\n?<!-- error-codes:end -->/;
    if (process.env.UPDATE_ERROR_CODES === '1' && !process.env.CI) {
      // `UPDATE_ERROR_CODES=1 npx jest test/core/errors.test.ts` rewrites the list after codes change (never in CI).
      fs.writeFileSync(readmePath, readme.replace(block, `<!-- error-codes:start -->\n${expected}\n<!-- error-codes:end -->`));
      return;
    }
    expect(block.exec(readme)?.[1].trim()).toEqual(expected);
  });

  test('a validation error carries its code in the message and as a property, and is recognised by its brand', () => {
    // GIVEN
    const stack = newStack();
    const api = new GatewayRestApi(stack, 'Api');
    const handler = fixtureFunction(stack, 'Handler');
    api.addRoute('GET /pets', Integration.lambda(handler), PUBLIC);
    // WHEN
    let caught: unknown;
    try {
      api.addRoute('get /pets', Integration.lambda(handler), PUBLIC);
    } catch (error) {
      caught = error;
    }
    // THEN
    expect(GatewayErrors.isValidationError(caught)).toBe(true);
    expect(GatewayErrors.codeOf(caught)).toBe('RouteDuplicate');
    expect((caught as GatewayValidationError).code).toBe('RouteDuplicate');
    expect((caught as GatewayValidationError).constructPath).toBe('Test/Api');
    expect(GatewayErrors.constructPathOf(caught)).toBe('Test/Api');
    expect((caught as Error).message).toMatch(/^Test\/Api: \[RouteDuplicate\] route GET \/pets is added twice/);
  });

  test('the brand is shared with other copies of the package, and nothing else has it', () => {
    // A copy of the library loaded twice defines the same Symbol.for brand.
    const fromOtherCopy = Object.defineProperty(new Error('x'), Symbol.for('cdk-apigateway-patterns.GatewayValidationError'), { value: true });
    expect(GatewayErrors.isValidationError(fromOtherCopy)).toBe(true);
    for (const other of [new Error('x'), new TypeError('x'), null, undefined, 'RouteDuplicate', { code: 'RouteDuplicate' }]) {
      expect(GatewayErrors.isValidationError(other)).toBe(false);
      expect(GatewayErrors.codeOf(other)).toBeUndefined();
      expect(GatewayErrors.constructPathOf(other)).toBeUndefined();
    }
  });

  test('static factories without a construct throw the library error, named after the factory', () => {
    expect(() => MappingTemplate.maskFields(['ssn'], Lazy.string({ produce: () => '"$x' }))).toThrow(/^MappingTemplate.maskFields: \[MaskInvalid\]/);
  });

  test('lib/ throws no error but its own, and every one names a literal code', () => {
    for (const file of libFiles()) {
      const source = fs.readFileSync(file, 'utf8');
      const relative = path.relative(path.join(__dirname, '..', '..'), file);
      if (!relative.endsWith('errors.ts')) {
        expect({ file: relative, plainErrors: source.match(/new (Type|Range)?Error\(/g) ?? [] }).toEqual({ file: relative, plainErrors: [] });
      }
      const sites = source.match(/new GatewayValidationError\([^,]+, [^,]+,/g) ?? [];
      for (const site of sites) {
        // A literal, or a code a helper forwards (whose literals the README list picks up).
        expect({ file: relative, site }).toEqual({ file: relative, site: expect.stringMatching(/, ('[A-Z][A-Za-z0-9]+'|codes\.(tooDeep|cycle)|code),$/) });
      }
    }
  });
});
