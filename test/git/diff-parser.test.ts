// The diff parser's output must not depend on how git's output was split into chunks: pipe
// reads come in whatever sizes the kernel gives, and the size limit and fragment cuts must
// land on the same lines every time.
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { buildConfig } from '../../action/engine/config.js';
import { createDetector } from '../../action/engine/detect.js';
import { MULTILINE_REACH } from '../../action/engine/line-sieve.js';
import { COMMIT_FORMAT, DiffParser, type SkippedFile } from '../../action/git/diff-parser.js';
import type { Fragment } from '../../action/engine/types.js';
import { planted } from '../support/planted.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

function logOutput(): Buffer {
  const r = createTempRepo();
  repos.push(r);
  const base = r.commit('base', { 'a.txt': 'keep\n' });
  const long = Array.from({ length: 900 }, (_, i) => `line ${i} of a file that is long enough to be cut`).join('\n');
  r.commit('big', { 'big.txt': `${long}\ntoken = "${planted.githubPat}"\n`, 'a.txt': `keep\n${long}\n` });
  r.commit('one long line', { 'min.js': `${'m'.repeat(5000)}\n` });
  return Buffer.from(r.git('log', '-p', '-U0', '--no-color', '-M', '--src-prefix=a/', '--dst-prefix=b/', '--cc', `--format=${COMMIT_FORMAT}`, `${base}..HEAD`, '--'));
}

function parse(output: Buffer, chunkSize: number) {
  const fragments: Fragment[] = [];
  const skipped: SkippedFile[] = [];
  const parser = new DiffParser({ onFragment: (f) => fragments.push(f), onSkip: (s) => skipped.push(s), maxFileBytes: 30_000, flushBytes: 4_000 });
  for (let i = 0; i < output.length; i += chunkSize) parser.write(output.subarray(i, i + chunkSize));
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

describe('DiffParser with the line sieve', () => {
  const rules = buildConfig().rules;
  const detector = createDetector({ rules });

  function sieved(output: Buffer, chunkSize: number, options: { sieve?: boolean; maxFileBytes?: number; flushBytes?: number } = {}) {
    const fragments: Fragment[] = [];
    const skipped: SkippedFile[] = [];
    const parser = new DiffParser({
      onFragment: (f) => fragments.push(f),
      onSkip: (s) => skipped.push(s),
      maxFileBytes: options.maxFileBytes ?? 2 * 1024 * 1024,
      flushBytes: options.flushBytes ?? 4_000,
      ...(options.sieve !== false && { sieve: detector.sieve! }),
    });
    for (let i = 0; i < output.length; i += chunkSize) parser.write(output.subarray(i, i + chunkSize));
    parser.end();
    return { fragments, skipped, stats: parser.stats };
  }

  function log(r: TempRepo, from: string): Buffer {
    return execFileSync('git', ['log', '-p', '-U0', '--no-color', '-M', '--src-prefix=a/', '--dst-prefix=b/', '--cc', `--format=${COMMIT_FORMAT}`, `${from}..HEAD`, '--'], { cwd: r.dir, maxBuffer: 256 * 1024 * 1024 });
  }

  function repo(): TempRepo {
    const r = createTempRepo();
    repos.push(r);
    return r;
  }

  it('keeps only lines holding a keyword, with their line numbers, and counts every added byte', () => {
    const r = repo();
    const base = r.commit('base', { 'keep.txt': 'x\n' });
    const lines = ['plain line', `const token = "${planted.githubPat}";`, 'caf\u00e9 \u4e2d\u6587 \u{1f511}', 'another plain', 'DB_PASSWORD: hunter2hunter2', 'end'];
    r.commit('mixed', { 'app/a.ts': `${lines.join('\n')}\n` });
    const { fragments, stats } = sieved(log(r, base), 65_536);
    expect(fragments).toHaveLength(1);
    expect(fragments[0]!.text.split('\n')).toEqual([lines[1], lines[4]]);
    expect(fragments[0]!.lineNumbers).toEqual([2, 5]);
    expect(stats.addedLines).toBe(lines.length);
    expect(stats.addedBytes).toBe(Buffer.byteLength(`${lines.join('\n')}\n`));
  });

  it('keeps a private key whole after its BEGIN line, cuts no fragment inside it, and drops lines past its reach', () => {
    const r = repo();
    const base = r.commit('base', { 'keep.txt': 'x\n' });
    let x = 7;
    const random = () => ((x = (x * 1103515245 + 12345) % 2147483648) >>> 16) & 255;
    const body = Array.from({ length: 120 }, () => Buffer.from(Array.from({ length: 48 }, random)).toString('base64')).join('\n');
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`;
    const filler = Array.from({ length: Math.ceil(MULTILINE_REACH / 40) + 10 }, (_, i) => `filler ${i}`.padEnd(40, '.')).join('\n');
    r.commit('key', { 'deploy/id_rsa': `${pem}\n${filler}\nlast plain line\n` });
    const { fragments } = sieved(log(r, base), 1_000, { flushBytes: 2_000 });
    const withKey = fragments.find((f) => f.text.includes('BEGIN RSA PRIVATE KEY'))!;
    expect(withKey.text.startsWith(pem)).toBe(true);
    expect(withKey.lineNumbers!.slice(0, 122)).toEqual(Array.from({ length: 122 }, (_, i) => i + 1));
    const kept = fragments.flatMap((f) => f.text.split('\n'));
    expect(kept).not.toContain('last plain line');
    expect(kept.filter((l) => l.startsWith('filler')).length).toBeLessThan(filler.split('\n').length);
    expect(detector.detect(withKey).map((f) => [f.ruleId, f.line])).toEqual([['private-key', 1]]);
  });

  it('gives the same fragments, skips and stats whatever the chunk size', () => {
    const r = repo();
    const base = r.commit('base', { 'keep.txt': 'x\n' });
    const long = Array.from({ length: 900 }, (_, i) => (i % 7 === 3 ? `token_${i} = "${planted.githubPat}"` : `line ${i} caf\u00e9 of a file long enough to be cut`));
    r.commit('big', { 'big.txt': `${long.join('\n')}\n`, 'small.txt': `password = "${planted.password}"\n` });
    const output = log(r, base);
    const whole = sieved(output, output.length, { maxFileBytes: 30_000, flushBytes: 1_000 });
    expect(whole.skipped.map((s) => s.file)).toEqual(['big.txt']);
    expect(whole.fragments.filter((f) => f.file === 'big.txt').length).toBeGreaterThan(2);
    expect(whole.fragments.flatMap((f) => f.lineNumbers)).toContain(4);
    for (const size of [1, 7, 333, 4096]) expect(sieved(output, size, { maxFileBytes: 30_000, flushBytes: 1_000 }), `chunks of ${size}`).toEqual(whole);
  });

  it('finds exactly what a scan of every added line finds, on every rule sample', () => {
    const r = repo();
    const base = r.commit('base', { 'keep.txt': 'x\n' });
    const files: Record<string, string> = {};
    for (const rule of rules) {
      rule.truePositives.forEach((s, i) => (files[`tp/${rule.id}-${i}.txt`] = `intro line\n${s}\noutro\n`));
      rule.falsePositives.forEach((s, i) => (files[`fp/${rule.id}-${i}.txt`] = `${s}\n`));
    }
    r.commit('samples', files);
    const output = log(r, base);
    const findings = (fragments: Fragment[]) =>
      fragments.flatMap((f) => detector.detect(f)).map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.fingerprint}`).sort();
    const all = sieved(output, 65_536, { sieve: false });
    const some = sieved(output, 65_536);
    expect(some.stats).toEqual(all.stats);
    expect(some.fragments.reduce((n, f) => n + f.text.length, 0)).toBeLessThan(all.fragments.reduce((n, f) => n + f.text.length, 0));
    const expected = findings(all.fragments);
    expect(expected.length).toBeGreaterThan(rules.length);
    expect(findings(some.fragments)).toEqual(expected);
    // Some 900 rules' samples, each a file: minutes on a loaded machine.
  }, 240_000);

  it('does not hold a line longer than the size limit: the file is reported with its size and the next one read', () => {
    const r = repo();
    const base = r.commit('base', { 'keep.txt': 'x\n' });
    r.commit('huge', { 'a/min.js': `${'m'.repeat(200_000)} token\n`, 'b/app.ts': `plain\nconst token = "${planted.githubPat}";\n` });
    const output = log(r, base);
    for (const size of [4096, 65_536]) {
      const { fragments, skipped } = sieved(output, size, { maxFileBytes: 30_000 });
      expect(skipped).toEqual([{ file: 'a/min.js', commit: expect.any(String), reason: 'too-large', bytes: 200_007 }]);
      expect(fragments.map((f) => [f.file, f.lineNumbers])).toEqual([['b/app.ts', [2]]]);
    }
  });
});
