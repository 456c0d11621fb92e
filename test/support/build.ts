// Child-process tests run the compiled server (build/server/main.js) or demo (build/test/demo/
// demo.js). `npm test` compiles first; when a test file is run on its own, ensureServerBuild()
// and ensureDemoBuild() compile if the build is missing or older than any of its sources.
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
  return ensureBuild('build/server/main.js', ['server', 'shared']);
}

/** build/test/demo/demo.js, what `npm run demo` runs: compiled when older than anything it is built from. */
export function ensureDemoBuild(): string {
  return ensureBuild('build/test/demo/demo.js', ['server', 'shared', 'action', 'test/support', 'test/demo']);
}

function ensureBuild(relativeEntry: string, sourceDirs: string[]): string {
  const entry = join(repoRoot, relativeEntry);
  const newestSource = Math.max(...sourceDirs.map((d) => newestMtime(join(repoRoot, d))));
  if (existsSync(entry) && statSync(entry).mtimeMs >= newestSource) return entry;
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
