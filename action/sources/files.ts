// Files on disk as fragments: no symlinks followed, binary files read as their printable runs,
// oversized and unreadable files reported (with their size) for the caller to account for.
// Synchronous on purpose: the engine is synchronous too, and a thread-pool round trip per
// open, stat, read and close left the CLI waiting on I/O most of the time.
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { printableText } from '../engine/printable-runs.js';
import type { Fragment } from '../engine/types.js';

export interface SkippedPath {
  file: string;
  reason: 'too-large' | 'symlink' | 'unreadable';
  bytes?: number;
}

export interface WalkOptions {
  maxFileBytes: number;
  onSkip?(skipped: SkippedPath): void;
  /** Directory names never entered. */
  skipDirs?: ReadonlySet<string>;
}

const DEFAULT_SKIP_DIRS = new Set(['.git', '.hg', '.svn']);
const SNIFF_BYTES = 8000;
// Refuses a path that became a symlink after the directory was listed, and never waits on a
// FIFO that took a file's place (each flag is 0 where unsupported).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

export function* walkFiles(root: string, options: WalkOptions): Generator<Fragment> {
  const skipDirs = options.skipDirs ?? DEFAULT_SKIP_DIRS;
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    // A directory's files in name order, then its subdirectories, each in name order.
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const entry of entries) {
      const full = join(dir, entry.name);
      const rel = relative(root, full).split(sep).join('/');
      if (entry.isSymbolicLink()) {
        options.onSkip?.({ file: rel, reason: 'symlink' });
        continue;
      }
      if (entry.isDirectory()) {
        if (!skipDirs.has(entry.name)) subdirs.push(full);
        continue;
      }
      if (!entry.isFile()) continue;
      const fragment = readTextFile(full, rel, options);
      if (fragment) yield fragment;
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
  }
}

function readTextFile(full: string, rel: string, options: WalkOptions): Fragment | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(full, OPEN_FLAGS);
    const info = fstatSync(fd);
    if (!info.isFile()) return undefined;
    if (info.size > options.maxFileBytes) {
      options.onSkip?.({ file: rel, reason: 'too-large', bytes: info.size });
      return undefined;
    }
    const buf = Buffer.allocUnsafe(info.size);
    let length = 0;
    // A file that grows while read is read up to its size at open; one that shrinks, to its end.
    while (length < buf.length) {
      const n = readSync(fd, buf, length, buf.length - length, length);
      if (n === 0) break;
      length += n;
    }
    const data = buf.subarray(0, length);
    // Binary by content: a NUL early on. Its text (and any UTF-16 text) is read as `strings` would.
    if (data.subarray(0, SNIFF_BYTES).includes(0)) return { file: rel, ...printableText(data) };
    return { file: rel, text: data.toString('utf8').replace(/\r\n/g, '\n') };
  } catch {
    options.onSkip?.({ file: rel, reason: 'unreadable' });
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
