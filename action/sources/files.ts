// Files on disk as fragments: no symlinks followed, binary and oversized files skipped.
import { lstat, open, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Fragment } from '../engine/types.js';

export interface SkippedPath {
  file: string;
  reason: 'binary' | 'too-large' | 'symlink' | 'unreadable';
}

export interface WalkOptions {
  maxFileBytes: number;
  onSkip?(skipped: SkippedPath): void;
  /** Directory names never entered. */
  skipDirs?: ReadonlySet<string>;
}

const DEFAULT_SKIP_DIRS = new Set(['.git', '.hg', '.svn']);
const SNIFF_BYTES = 8000;

export async function* walkFiles(root: string, options: WalkOptions): AsyncGenerator<Fragment> {
  const skipDirs = options.skipDirs ?? DEFAULT_SKIP_DIRS;
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? 1 : -1));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      const rel = relative(root, full).split(sep).join('/');
      if (entry.isSymbolicLink()) {
        options.onSkip?.({ file: rel, reason: 'symlink' });
        continue;
      }
      if (entry.isDirectory()) {
        if (!skipDirs.has(entry.name)) stack.push(full);
        continue;
      }
      if (!entry.isFile()) continue;
      const fragment = await readTextFile(full, rel, options);
      if (fragment) yield fragment;
    }
  }
}

async function readTextFile(full: string, rel: string, options: WalkOptions): Promise<Fragment | undefined> {
  try {
    const info = await lstat(full);
    if (info.size > options.maxFileBytes) {
      options.onSkip?.({ file: rel, reason: 'too-large' });
      return undefined;
    }
    const handle = await open(full, 'r');
    try {
      const buf = await handle.readFile();
      if (buf.subarray(0, SNIFF_BYTES).includes(0)) {
        options.onSkip?.({ file: rel, reason: 'binary' });
        return undefined;
      }
      return { file: rel, text: buf.toString('utf8').replace(/\r\n/g, '\n') };
    } finally {
      await handle.close();
    }
  } catch {
    options.onSkip?.({ file: rel, reason: 'unreadable' });
    return undefined;
  }
}
