// Files on disk as fragments: what is read, what is skipped and why, in a stable order.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { walkFiles, type SkippedPath } from '../../action/sources/files.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function walk(root: string, maxFileBytes = 1000) {
  const skipped: SkippedPath[] = [];
  const fragments = [...walkFiles(root, { maxFileBytes, onSkip: (s) => skipped.push(s) })];
  return { fragments, skipped };
}

describe('walkFiles', () => {
  it('reads text files in name order, binaries as printable runs, skipping large files, symlinks, FIFOs and .git', () => {
    const root = mkdtempSync(join(tmpdir(), 'secretgate-files-'));
    dirs.push(root);
    mkdirSync(join(root, 'b dir'));
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, 'b dir', 'z.txt'), 'zed\r\nline two\r\n');
    writeFileSync(join(root, 'a.txt'), 'alpha\n');
    writeFileSync(join(root, 'ünï.txt'), 'non-ascii name\n');
    writeFileSync(join(root, '.git', 'config'), 'never read\n');
    writeFileSync(join(root, 'blob.bin'), Buffer.concat([Buffer.from([0, 1, 2, 10, 10]), Buffer.from('AKIA-run-one'), Buffer.from([0, 0, 3]), Buffer.from('x\0y\0z\0w'), Buffer.from([7])]));
    writeFileSync(join(root, 'big.txt'), 'x'.repeat(1001));
    writeFileSync(join(root, 'exact.txt'), 'y'.repeat(1000));
    symlinkSync(join(root, 'a.txt'), join(root, 'link.txt'));
    execFileSync('mkfifo', [join(root, 'pipe')]);

    const { fragments, skipped } = walk(root);
    expect(fragments.map((f) => f.file)).toEqual(['a.txt', 'blob.bin', 'exact.txt', 'ünï.txt', 'b dir/z.txt']);
    // strings(1)-like: runs of 4+ printable bytes, one a line, numbered by the line they sit on;
    // a NUL between printable bytes (UTF-16) does not end a run.
    expect(fragments.find((f) => f.file === 'blob.bin')).toMatchObject({ text: 'AKIA-run-one\nxyzw', lineNumbers: [3, 3] });
    expect(fragments.find((f) => f.file === 'b dir/z.txt')!.text).toBe('zed\nline two\n');
    expect(fragments.find((f) => f.file === 'exact.txt')!.text).toHaveLength(1000);
    expect(skipped.sort((x, y) => x.file.localeCompare(y.file))).toEqual([
      { file: 'big.txt', reason: 'too-large', bytes: 1001 },
      { file: 'link.txt', reason: 'symlink' },
    ]);
  });

  it('reads an empty directory as nothing', () => {
    const root = mkdtempSync(join(tmpdir(), 'secretgate-files-'));
    dirs.push(root);
    expect(walk(root)).toEqual({ fragments: [], skipped: [] });
  });
});
