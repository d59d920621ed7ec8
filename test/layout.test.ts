import * as fs from 'fs';
import * as path from 'path';

/*
 * The shape of lib/ (docs: DESIGN.md, "The target architecture"): files small
 * enough to read, and layers whose arrows point one way. Read from the source
 * text, so the guard needs no build and no bundler.
 */

const LIB = path.join(__dirname, '..', 'lib');
const MAX_LINES = 400;

/** Files allowed over the limit for now, each with the reason. */
const KNOWN_LONG_FILES: Record<string, string> = {};

/** Which top-level folders of lib/ a layer must not import from (type-only imports included: a layer must not know the other's shapes). */
const FORBIDDEN_IMPORTS: Record<string, string[]> = {
  core: ['rest', 'http', 'websocket', 'mcp'],
  http: ['rest', 'mcp'],
  websocket: ['rest', 'mcp'],
  // The MCP target reads the REST model; the REST API must not know it (no cycle, no method on the API).
  rest: ['mcp'],
};

/** Every .ts file under lib/, as a path relative to lib/ with forward slashes. */
function libFiles(dir = LIB): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return libFiles(full);
    }
    return entry.name.endsWith('.ts') ? [path.relative(LIB, full).split(path.sep).join('/')] : [];
  });
}

/** The module specifiers a file imports or re-exports: `import ... from`, `export ... from`, `import '...'`, `import(...)`, `require(...)`. */
function importedModules(source: string): string[] {
  const specifiers: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) {
      specifiers.push(match[1]);
    }
  }
  return specifiers;
}

/** The top-level folder of lib/ that a relative import of `file` lands in, or undefined for a package import. */
function importedLayer(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) {
    return undefined;
  }
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
  return target.includes('/') ? target.split('/')[0] : undefined;
}

describe('the layout of lib/', () => {
  const files = libFiles();

  test('the scan finds the library', () => {
    // GIVEN lib/ / WHEN it is listed / THEN the kernel and the REST API are there
    expect(files).toEqual(expect.arrayContaining(['index.ts', 'core/errors.ts', 'rest/gateway-rest-api.ts']));
  });

  test(`no file in lib/ is over ${MAX_LINES} lines`, () => {
    // GIVEN every file of lib/
    // WHEN its lines are counted
    const tooLong = files
      .filter(file => !(file in KNOWN_LONG_FILES))
      .map(file => ({ file, lines: fs.readFileSync(path.join(LIB, file), 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    // THEN none is over the limit: split it by concept (one concept per file)
    expect(tooLong).toEqual([]);
  });

  test('every known exception to the size limit still exists', () => {
    // A stale exception would let the file come back long unnoticed.
    expect(Object.keys(KNOWN_LONG_FILES).filter(file => !files.includes(file))).toEqual([]);
  });

  test('core/ imports nothing from rest/, http/ or websocket/; http/ and websocket/ nothing from rest/', () => {
    // GIVEN the import statements of every file of a restricted layer
    const violations: string[] = [];
    for (const file of files) {
      const forbidden = FORBIDDEN_IMPORTS[file.split('/')[0]];
      if (!forbidden || !file.includes('/')) {
        continue;
      }
      // WHEN each relative import is resolved to the layer it lands in
      for (const specifier of importedModules(fs.readFileSync(path.join(LIB, file), 'utf8'))) {
        const layer = importedLayer(file, specifier);
        if (layer !== undefined && forbidden.includes(layer)) {
          violations.push(`${file} imports ${specifier}`);
        }
      }
    }
    // THEN none lands in a layer above it
    expect(violations).toEqual([]);
  });

  test('the import reader sees every form of import', () => {
    // GIVEN sources with each form
    const source = [
      "import { A } from '../rest/a';",
      "import type { B } from '../http/b';",
      "export { C } from './c';",
      "import '../websocket/side-effect';",
      "const d = require('../rest/d');",
      "import {\n  E,\n  F,\n} from '../rest/ef';",
    ].join('\n');
    // WHEN they are read / THEN every specifier is found
    expect(importedModules(source).sort()).toEqual(['../http/b', '../rest/a', '../rest/d', '../rest/ef', '../websocket/side-effect', './c']);
    expect(importedLayer('core/x.ts', '../rest/a')).toBe('rest');
    expect(importedLayer('core/private/x.ts', '../errors')).toBe('core');
    expect(importedLayer('core/x.ts', 'aws-cdk-lib')).toBeUndefined();
  });
});
