// The diff parser's output must not depend on how git's output was split into chunks: pipe
// reads come in whatever sizes the kernel gives, and the size limit and fragment cuts must
// land on the same lines every time.
import { afterEach, describe, expect, it } from 'vitest';
import { COMMIT_FORMAT, DiffParser, type SkippedFile } from '../../action/git/diff-parser.js';
import type { Fragment } from '../../action/engine/types.js';
import { planted } from '../support/planted.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

function logOutput(): string {
  const r = createTempRepo();
  repos.push(r);
  const base = r.commit('base', { 'a.txt': 'keep\n' });
  const long = Array.from({ length: 900 }, (_, i) => `line ${i} of a file that is long enough to be cut`).join('\n');
  r.commit('big', { 'big.txt': `${long}\ntoken = "${planted.githubPat}"\n`, 'a.txt': `keep\n${long}\n` });
  r.commit('one long line', { 'min.js': `${'m'.repeat(5000)}\n` });
  return r.git('log', '-p', '-U0', '--no-color', '-M', '--src-prefix=a/', '--dst-prefix=b/', '--cc', `--format=${COMMIT_FORMAT}`, `${base}..HEAD`, '--');
}

function parse(output: string, chunkSize: number) {
  const fragments: Fragment[] = [];
  const skipped: SkippedFile[] = [];
  const parser = new DiffParser({ onFragment: (f) => fragments.push(f), onSkip: (s) => skipped.push(s), maxFileBytes: 30_000, flushBytes: 4_000 });
  for (let i = 0; i < output.length; i += chunkSize) parser.write(output.slice(i, i + chunkSize));
  parser.end();
  return { fragments, skipped, stats: parser.stats };
}

describe('DiffParser', () => {
  it('gives the same fragments, line numbers, skips and stats whatever the chunk size', () => {
    const output = logOutput();
    const whole = parse(output, output.length);
    for (const size of [1, 7, 333, 4096, 65_536]) expect(parse(output, size), `chunks of ${size}`).toEqual(whole);
  });

  it('cuts fragments between whole lines and keeps each line number with its line', () => {
    const { fragments, skipped } = parse(logOutput(), 65_536);
    const big = fragments.filter((f) => f.file === 'big.txt');
    expect(big.length).toBeGreaterThan(2);
    for (const f of fragments) {
      expect(f.text.split('\n')).toHaveLength(f.lineNumbers!.length);
      // A fragment holds at most the flush size, unless it is one line longer than that.
      if (f.lineNumbers!.length > 1) expect(f.text.length + 1).toBeLessThanOrEqual(4_000);
    }
    const first = big[0]!;
    expect(first.text.split('\n')[0]).toBe('line 0 of a file that is long enough to be cut');
    expect(first.lineNumbers![0]).toBe(1);
    const second = big[1]!;
    expect(second.text.split('\n')[0]).toBe(`line ${second.lineNumbers![0]! - 1} of a file that is long enough to be cut`);
    // A file over the limit is scanned up to the last whole line that fits, then skipped.
    expect(skipped.map((s) => [s.file, s.reason]).sort()).toEqual([['a.txt', 'too-large'], ['big.txt', 'too-large']]);
    const scannedOfBig = big.reduce((n, f) => n + f.text.length + 1, 0);
    expect(scannedOfBig).toBeLessThanOrEqual(30_000);
    expect(scannedOfBig).toBeGreaterThan(30_000 - 60);
    expect(fragments.find((f) => f.file === 'min.js')!.text).toBe('m'.repeat(5000));
  });
});
