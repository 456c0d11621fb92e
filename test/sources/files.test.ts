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
  it('reads text files in name order, skipping binaries, large files, symlinks, FIFOs and .git', () => {
    const root = mkdtempSync(join(tmpdir(), 'secretgate-files-'));
    dirs.push(root);
    mkdirSync(join(root, 'b dir'));
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, 'b dir', 'z.txt'), 'zed\r\nline two\r\n');
    writeFileSync(join(root, 'a.txt'), 'alpha\n');
    writeFileSync(join(root, 'ünï.txt'), 'non-ascii name\n');
    writeFileSync(join(root, '.git', 'config'), 'never read\n');
    writeFileSync(join(root, 'blob.bin'), Buffer.from([65, 0, 66]));
    writeFileSync(join(root, 'big.txt'), 'x'.repeat(1001));
    writeFileSync(join(root, 'exact.txt'), 'y'.repeat(1000));
    symlinkSync(join(root, 'a.txt'), join(root, 'link.txt'));
    execFileSync('mkfifo', [join(root, 'pipe')]);

    const { fragments, skipped } = walk(root);
    expect(fragments.map((f) => f.file)).toEqual(['a.txt', 'exact.txt', 'ünï.txt', 'b dir/z.txt']);
    expect(fragments.find((f) => f.file === 'b dir/z.txt')!.text).toBe('zed\nline two\n');
    expect(fragments.find((f) => f.file === 'exact.txt')!.text).toHaveLength(1000);
    expect(skipped.sort((x, y) => x.file.localeCompare(y.file))).toEqual([
      { file: 'big.txt', reason: 'too-large' },
      { file: 'blob.bin', reason: 'binary' },
      { file: 'link.txt', reason: 'symlink' },
    ]);
  });

  it('reads an empty directory as nothing', () => {
    const root = mkdtempSync(join(tmpdir(), 'secretgate-files-'));
    dirs.push(root);
    expect(walk(root)).toEqual({ fragments: [], skipped: [] });
  });
});
