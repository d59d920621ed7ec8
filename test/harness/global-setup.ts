import { ChildProcess, spawn, spawnSync } from 'child_process';
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { CFN_LINT_OPTIONS } from './cfn-lint';

/**
 * Starts one long-lived cfn-lint for the whole jest run (test/harness/cfn-lint-server.py), shared by every
 * worker through CFN_LINT_SOCKET. It loads its rules while jest starts; test/harness/cfn-lint.ts falls back to
 * running cfn-lint itself when there is no server. globalTeardown (test/harness/global-teardown.ts) ends it.
 */
export default function globalSetup(): void {
  if (process.env.CFN_LINT_SOCKET !== undefined) {
    return;
  }
  const python = cfnLintInterpreter();
  if (python === undefined) {
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'cfn-lint-server-'));
  const socket = join(dir, 'socket');
  const server = spawn(python[0], [...python.slice(1), join(__dirname, 'cfn-lint-server.py'), socket, ...CFN_LINT_OPTIONS], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (server.pid === undefined) {
    return;
  }
  server.unref();
  process.env.CFN_LINT_SOCKET = socket;
  process.env.CFN_LINT_SERVER_PID = String(server.pid);
  (globalThis as { cfnLintServer?: { server: ChildProcess; dir: string } }).cfnLintServer = { server, dir };
}

/**
 * The interpreter of the cfn-lint on PATH (its script's `#!` line, through pyenv's shim if it is one),
 * so the server imports the same cfnlint; the server also checks that the versions agree.
 */
function cfnLintInterpreter(): string[] | undefined {
  const found = spawnSync('sh', ['-c', 'command -v cfn-lint'], { encoding: 'utf8' }).stdout.trim();
  if (found === '') {
    return undefined;
  }
  const shebang = (file: string): string[] | undefined => {
    const first = readFileSync(file, 'utf8').split('\n', 1)[0];
    return /^#!.*python/.test(first) ? first.slice(2).trim().split(/\s+/) : undefined;
  };
  try {
    const direct = shebang(found);
    if (direct !== undefined) {
      return direct;
    }
    const shimmed = spawnSync('pyenv', ['which', 'cfn-lint'], { encoding: 'utf8' });
    return shimmed.status === 0 ? shebang(shimmed.stdout.trim()) : undefined;
  } catch {
    return undefined;
  }
}
