import { ChildProcess } from 'child_process';
import { rmSync } from 'fs';

/** Ends the cfn-lint server that test/harness/global-setup.ts started. */
export default function globalTeardown(): void {
  const started = (globalThis as { cfnLintServer?: { server: ChildProcess; dir: string } }).cfnLintServer;
  if (started !== undefined) {
    started.server.kill();
    rmSync(started.dir, { recursive: true, force: true });
  }
}
