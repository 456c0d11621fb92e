// Child-process tests run the compiled server (build/server/main.js). `npm test` compiles first;
// when a test file is run on its own, ensureServerBuild() compiles if the build is missing or
// older than any server source.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './server-harness.js';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

export function ensureServerBuild(): string {
  const entry = join(repoRoot, 'build/server/main.js');
  if (existsSync(entry) && statSync(entry).mtimeMs >= newestMtime(join(repoRoot, 'server'))) return entry;
  try {
    execFileSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: repoRoot,
      stdio: 'pipe',
    });
  } catch {
    // Type errors elsewhere in the tree (someone's work in progress) still emit JavaScript;
    // only a missing entry point is fatal here.
  }
  if (!existsSync(entry)) throw new Error(`compiling did not produce ${entry}`);
  return entry;
}
