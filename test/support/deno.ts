// The `deno` binary from the npm package, and whether it can run on this machine.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './server-harness.js';

export const denoBinary = join(repoRoot, 'node_modules/deno/deno');

/** Why Deno cannot run here, or null when it can. */
export function whyDenoCannotRun(): string | null {
  try {
    execFileSync(denoBinary, ['--version'], { stdio: 'pipe', timeout: 30_000 });
    return null;
  } catch (err) {
    return `the deno binary from the npm package cannot run here (${(err as Error).message.split('\n')[0]})`;
  }
}
