import * as fs from 'fs';
import * as path from 'path';
import { Lazy } from 'aws-cdk-lib';
import { Integration, GatewayErrors, GatewayRestApi, MappingTemplate } from '../lib';
import { fixtureFunction } from './fixtures';
import { newStack, PUBLIC } from './helpers';
import { GatewayValidationError } from '../lib/errors';

/** Every .ts file under lib/, recursively. */
function libFiles(dir = path.join(__dirname, '..', 'lib')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => entry.isDirectory()
    ? libFiles(path.join(dir, entry.name))
    : entry.name.endsWith('.ts') ? [path.join(dir, entry.name)] : []);
}

describe('the error contract', () => {
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
      const relative = path.relative(path.join(__dirname, '..'), file);
      if (!relative.endsWith('errors.ts')) {
        expect({ file: relative, plainErrors: source.match(/new (Type|Range)?Error\(/g) ?? [] }).toEqual({ file: relative, plainErrors: [] });
      }
      const sites = source.match(/new GatewayValidationError\([^,]+, [^,]+,/g) ?? [];
      for (const site of sites) {
        expect({ file: relative, site }).toEqual({ file: relative, site: expect.stringMatching(/, '[A-Z][A-Za-z0-9]+',$/) });
      }
    }
  });
});
