// Files on disk as fragments: no symlinks followed, binary files read as their printable runs,
// oversized and unreadable files reported (with their size) for the caller to account for.
// Synchronous on purpose: the engine is synchronous too, and a thread-pool round trip per
// open, stat, read and close left the CLI waiting on I/O most of the time.
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { LineSieve } from '../engine/line-sieve.js';
import { printableText } from '../engine/printable-runs.js';
import type { Fragment } from '../engine/types.js';
import { sievedFragment } from './sieved-text.js';

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
  /**
   * Drops, undecoded, the lines of a text file that no rule could match (Detector.sieve): the
   * fragment then holds the kept lines only, with their line numbers.
   */
  sieve?: LineSieve;
  /** Called with each file's size as it is read (the bytes looked at, kept or sieved out). */
  onRead?(bytes: number): void;
}

const DEFAULT_SKIP_DIRS = new Set(['.git', '.hg', '.svn']);
const SNIFF_BYTES = 8000;
// Refuses a path that became a symlink after the directory was listed, and never waits on a
// FIFO that took a file's place (each flag is 0 where unsupported).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

export function* walkFiles(root: string, options: WalkOptions): Generator<Fragment> {
  const skipDirs = options.skipDirs ?? DEFAULT_SKIP_DIRS;
  // One buffer for every file, grown as needed: what a fragment keeps of it is decoded (copied).
  const buffer = { bytes: Buffer.allocUnsafeSlow(64 * 1024) };
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
      const fragment = readTextFile(full, rel, options, buffer);
      if (fragment) yield fragment;
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
  }
}

function readTextFile(full: string, rel: string, options: WalkOptions, buffer: { bytes: Buffer }): Fragment | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(full, OPEN_FLAGS);
    const info = fstatSync(fd);
    if (!info.isFile()) return undefined;
    if (info.size > options.maxFileBytes) {
      options.onSkip?.({ file: rel, reason: 'too-large', bytes: info.size });
      return undefined;
    }
    // Room for the size and one byte more, which the sieve needs.
    if (buffer.bytes.length <= info.size) buffer.bytes = Buffer.allocUnsafeSlow(Math.max(info.size + 1, buffer.bytes.length * 2));
    const buf = buffer.bytes;
    let length = 0;
    // A file that grows while read is read up to its size at open; one that shrinks, to its end.
    while (length < info.size) {
      const n = readSync(fd, buf, length, info.size - length, length);
      if (n === 0) break;
      length += n;
    }
    options.onRead?.(length);
    const data = buf.subarray(0, length);
    // Binary by content: a NUL early on. Its text (and any UTF-16 text) is read as `strings` would.
    if (data.subarray(0, SNIFF_BYTES).includes(0)) return { file: rel, ...printableText(data) };
    if (options.sieve) return sievedFragment(rel, buf, length, options.sieve);
    return { file: rel, text: data.toString('utf8').replace(/\r\n/g, '\n') };
  } catch {
    options.onSkip?.({ file: rel, reason: 'unreadable' });
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
