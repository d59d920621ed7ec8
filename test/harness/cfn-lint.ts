import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
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
    const result = runCfnLint([...CFN_LINT_OPTIONS, '--', ...files]);
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

/** The options of every run; the server of test/harness/global-setup.ts loads its rules for these before the first test asks. */
export const CFN_LINT_OPTIONS: readonly string[] = ['--format', 'json', '--ignore-checks', ...Object.keys(IGNORED_CFN_LINT_RULES)];

interface CfnLintResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly error?: Error;
}

/**
 * Runs cfn-lint with these arguments: through the long-lived cfn-lint of this jest run when there is one
 * (test/harness/cfn-lint-server.py, whose answer is the command line's stdout, stderr and exit code),
 * otherwise as a process. Either way it is the cfn-lint on PATH, with the same rules and output.
 */
function runCfnLint(args: readonly string[]): CfnLintResult {
  const socket = serverSocket();
  if (socket !== undefined) {
    const reply = spawnSync(process.execPath, ['-e', CLIENT, socket], {
      input: JSON.stringify({ args }),
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      timeout: 600_000,
    });
    if (reply.status === 0 && reply.stdout !== '') {
      return JSON.parse(reply.stdout) as CfnLintResult;
    }
    // The server is gone (it never loses a request it answered): this and later runs use the process.
    serverGone = true;
  }
  return spawnSync('cfn-lint', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/** Sends stdin as one request line to the socket and prints the reply line. */
const CLIENT = `
const socket = require('net').connect(process.argv[1]);
const input = [];
process.stdin.on('data', chunk => input.push(chunk)).on('end', () => socket.end(Buffer.concat(input).toString() + '\\n'));
const output = [];
socket.on('data', chunk => output.push(chunk)).on('end', () => process.stdout.write(Buffer.concat(output)));
socket.on('error', error => { console.error(String(error)); process.exit(3); });
`;

let serverGone = false;
/** The server's socket once it has loaded its rules, or undefined when there is no server (or no longer one). */
function serverSocket(): string | undefined {
  const socket = process.env.CFN_LINT_SOCKET;
  const pid = Number(process.env.CFN_LINT_SERVER_PID);
  if (serverGone || socket === undefined || !pid) {
    return undefined;
  }
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; Atomics.wait(sleeper, 0, 0, 50)) {
    if (existsSync(socket)) {
      return socket;
    }
    if (!isRunning(pid)) {
      break;
    }
  }
  serverGone = true;
  return undefined;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let checked = false;
function assertCfnLintInstalled(): void {
  if (checked) {
    return;
  }
  const probe = runCfnLint(['--version']);
  if (probe.error || probe.status !== 0) {
    throw new Error('cfn-lint (AWS CloudFormation Linter) is required by the compliance tests but was not found on PATH; install it with `pip install cfn-lint`.');
  }
  checked = true;
}
