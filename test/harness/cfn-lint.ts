import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

/**
 * The one place where cfn-lint rules are ignored, each with the reason.
 * Errors are never ignored.
 */
export const IGNORED_CFN_LINT_RULES: Record<string, string> = {
  W3005: "aws-cdk-lib's lambda.Function adds an explicit DependsOn on its execution role that the Role GetAtt already implies; redundant and harmless, and not the library's to change.",
};

export interface LintFinding {
  readonly template: string;
  readonly rule: string;
  readonly level: string;
  readonly message: string;
  readonly path: string;
}

export interface NamedTemplate {
  readonly name: string;
  readonly template: unknown;
}

/** Lints many templates in a single cfn-lint run (its start-up dominates the cost) and returns every finding not ignored above. */
export function lintTemplates(templates: readonly NamedTemplate[]): LintFinding[] {
  assertCfnLintInstalled();
  const dir = mkdtempSync(join(tmpdir(), 'cfn-lint-'));
  try {
    const files = templates.map((entry, index) => {
      const file = join(dir, `${String(index).padStart(4, '0')}-${entry.name.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
      writeFileSync(file, JSON.stringify(entry.template));
      return file;
    });
    const result = spawnSync('cfn-lint', ['--format', 'json', '--ignore-checks', ...Object.keys(IGNORED_CFN_LINT_RULES), '--', ...files], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    if (result.error) {
      throw result.error;
    }
    const output = result.stdout.trim();
    if (output === '') {
      if (result.status !== 0) {
        throw new Error(`cfn-lint failed (exit ${result.status}): ${result.stderr}`);
      }
      return [];
    }
    type Match = { Rule: { Id: string }; Level: string; Message: string; Filename: string; Location?: { Path?: unknown[] } };
    const matches = JSON.parse(output) as Match[];
    return matches.map(match => ({
      template: match.Filename.split('/').pop() ?? match.Filename,
      rule: match.Rule.Id,
      level: match.Level,
      message: match.Message,
      path: (match.Location?.Path ?? []).join('/'),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let checked = false;
function assertCfnLintInstalled(): void {
  if (checked) {
    return;
  }
  const probe = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error('cfn-lint (AWS CloudFormation Linter) is required by the compliance tests but was not found on PATH; install it with `pip install cfn-lint`.');
  }
  checked = true;
}
