import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Validates an OpenAPI document with `@seriousme/openapi-schema-validator`
 * (tested on the APIs.guru corpus), through its CLI: the package is ESM-only,
 * and the CLI keeps it out of Jest's CommonJS module system.
 */
export function validateOpenApi(document: unknown): { valid: boolean; errors: unknown[] } {
  const cli = path.join(path.dirname(require.resolve('@seriousme/openapi-schema-validator/package.json')), 'bin', 'validate-api-cli.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-'));
  const file = path.join(dir, 'document.json');
  try {
    fs.writeFileSync(file, JSON.stringify(document));
    const result = spawnSync(process.execPath, [cli, file], { encoding: 'utf8' });
    const output = JSON.parse(result.stdout);
    return { valid: output.valid === true && result.status === 0, errors: output.errors ?? [] };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
