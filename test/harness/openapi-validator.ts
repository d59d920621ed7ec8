import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isIntrinsic } from '../../lib/core/intrinsics';

export interface OpenApiValidation {
  readonly valid: boolean;
  readonly errors: unknown[];
}

/** Validates every file in one process: the validator's start-up, not the validation, dominates the cost. */
const VALIDATE_ALL = `
import { Validator } from '@seriousme/openapi-schema-validator';
const results = {};
for (const file of process.argv.slice(1)) {
  const result = await new Validator().validate(file);
  results[file] = { valid: result.valid === true, errors: result.errors ?? [] };
}
process.stdout.write(JSON.stringify(results));
`;

/**
 * Validates OpenAPI documents (files) with `@seriousme/openapi-schema-validator`
 * (tested on the APIs.guru corpus), in a child Node.js process: the package is
 * ESM-only, and a process of its own keeps it out of Jest's CommonJS module system.
 */
export function validateOpenApiFiles(files: readonly string[]): Map<string, OpenApiValidation> {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', VALIDATE_ALL, ...files], {
    encoding: 'utf8',
    cwd: path.join(__dirname, '..', '..'),
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`the OpenAPI validator failed to run: ${result.stderr || result.error}`);
  }
  return new Map(Object.entries(JSON.parse(result.stdout)));
}

/** Validates one OpenAPI document (an object). */
export function validateOpenApi(document: unknown): OpenApiValidation {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-'));
  const file = path.join(dir, 'document.json');
  try {
    fs.writeFileSync(file, JSON.stringify(document));
    return validateOpenApiFiles([file]).get(file)!;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** CloudFormation intrinsics (unresolved at synth) become a placeholder string, as the deployed value would be one. */
export function withoutIntrinsics(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIntrinsics);
  if (value === null || typeof value !== 'object') return value;
  if (isIntrinsic(value)) return 'intrinsic';
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutIntrinsics(item)]));
}
