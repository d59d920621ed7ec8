import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * What users install: the npm package must carry the compiled library at its
 * entry point and the bundled handlers, and nothing of the repository's own.
 */
describe('the npm package', () => {
  const root = path.join(__dirname, '..');
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const files: string[] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }))[0].files
    .map((file: { path: string }) => file.path);

  test('its entry point and types are the compiled library, which the package carries', () => {
    expect(manifest.main).toBe('dist/index.js');
    expect(manifest.types).toBe('dist/index.d.ts');
    expect(files).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'dist/rest/stage-settings.js', '.jsii', 'README.md', 'LICENSE']));
  });

  test('it ships the bundled handlers where the constructs look for them', () => {
    expect(files).toEqual(expect.arrayContaining([
      'assets/handlers/rest-api-body/index/index.js',
      'assets/handlers/stage-settings/index/index.js',
      'assets/handlers/websocket-chat/connect/index.js',
      'assets/handlers/websocket-chat/disconnect/index.js',
      'assets/handlers/websocket-chat/send-message/index.js',
    ]));
  });

  test('it bundles the YAML parser that OpenAPI import uses, so users install nothing for it', () => {
    expect(manifest.bundledDependencies).toEqual(['yaml']);
    expect(files).toContain('node_modules/yaml/package.json');
  });

  test('it leaves out sources, tests, the sample app, handlers\' sources and synth output', () => {
    const unwanted = files.filter(file => /^(lib|test|bin|bench|handlers|cdk\.out|\.rosetta-out|coverage)\//.test(file));
    expect(unwanted).toEqual([]);
  });
});
