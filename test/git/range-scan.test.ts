// Range scanning against real repositories: only what each commit adds, whatever its shape.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildConfig } from '../../action/engine/config.js';
import { createGitRunner } from '../../action/git/runner.js';
import { scanGitRange, scanStaged } from '../../action/scan.js';
import { planted } from '../support/planted.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

const repos: TempRepo[] = [];
const cleanups: string[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
  for (const d of cleanups.splice(0)) rmSync(d, { recursive: true, force: true });
});

function repo(): TempRepo {
  const r = createTempRepo();
  repos.push(r);
  return r;
}

async function scan(r: TempRepo | string, range: string, config = buildConfig()) {
  const dir = typeof r === 'string' ? r : r.dir;
  return scanGitRange(createGitRunner(dir), [range], { config });
}

const pat = planted.githubPat;
const line = (v: string) => `token = "${v}"\n`;

describe('scanGitRange', () => {
  it('reports only lines the range adds, with commit, author and new-file line numbers', async () => {
    const r = repo();
    const base = r.commit('base', { 'app/config.js': `// header\n${line(planted.stripeLive)}` });
    const head = r.commit('add token', { 'app/config.js': `// header\n${line(planted.stripeLive)}\n// more\n${line(pat)}` });
    const report = await scan(r, `${base}..${head}`);
    expect(report.findings.map((f) => [f.ruleId, f.file, f.line, f.commit, f.author])).toEqual([
      ['github-pat', 'app/config.js', 5, head, 'Ann Dev'],
    ]);
    expect(report.stats.commits).toBe(1);
  });

  it('does not report a secret that a commit removes', async () => {
    const r = repo();
    const base = r.commit('base', { 'a.env': line(pat) });
    r.git('rm', '-q', 'a.env');
    const head = r.commit('remove');
    expect((await scan(r, `${base}..${head}`)).findings).toEqual([]);
  });

  it('does not rescan a renamed file', async () => {
    const r = repo();
    const base = r.commit('base', { 'old/name.txt': `${line(pat)}${'filler line\n'.repeat(20)}` });
    r.git('mv', 'old/name.txt', 'renamed.txt');
    const head = r.commit('rename');
    expect((await scan(r, `${base}..${head}`)).findings).toEqual([]);
  });

  it('reports a secret added while renaming, at its new path', async () => {
    const r = repo();
    const base = r.commit('base', { 'old.txt': 'filler line\n'.repeat(20) });
    r.git('mv', 'old.txt', 'new.txt');
    r.write('new.txt', `${'filler line\n'.repeat(20)}${line(pat)}`);
    const head = r.commit('rename and add');
    const found = (await scan(r, `${base}..${head}`)).findings;
    expect(found.map((f) => [f.file, f.line])).toEqual([['new.txt', 21]]);
  });

  // Attack: a NUL byte at the top of a .env makes git call it binary, and the diff says only
  // "Binary files differ"; so does a `-diff` line in a .gitattributes the same push adds.
  it('finds a token in a file that git would call binary (a NUL at its top)', async () => {
    const r = repo();
    const base = r.commit('base');
    const binary = Buffer.concat([Buffer.from([0, 1, 2, 0, 255, 10]), Buffer.from(line(pat))]);
    const head = r.commit('binary', { '.env': binary });
    const report = await scan(r, `${base}..${head}`);
    expect(report.findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([['github-pat', '.env', 2]]);
    expect(report.unscanned).toEqual([]);
  });

  it('finds a token on the same line as binary bytes, as its printable run', async () => {
    const r = repo();
    const base = r.commit('base');
    const head = r.commit('binary', { 'blob.dat': Buffer.concat([Buffer.from([0, 0, 7, 0]), Buffer.from(pat), Buffer.from([0, 1, 10])]) });
    const found = (await scan(r, `${base}..${head}`)).findings;
    expect(found.map((f) => [f.ruleId, f.file, f.line, f.secret])).toEqual([['github-pat', 'blob.dat', 1, pat]]);
  });

  it('finds a token in a file a .gitattributes added in the same push marks -diff or binary', async () => {
    const r = repo();
    const base = r.commit('base');
    const head = r.commit('hide', {
      '.gitattributes': '*.cfg -diff\n*.dat diff=bin binary\n',
      'settings.cfg': line(pat),
      'data.dat': line(planted.stripeLive),
    });
    const found = (await scan(r, `${base}..${head}`)).findings;
    expect(found.map((f) => f.file).sort()).toEqual(['data.dat', 'settings.cfg']);
  });

  it('finds a token written as UTF-16 (LE and BE, with BOM)', async () => {
    const r = repo();
    const base = r.commit('base');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`x = 1\n${line(pat)}`, 'utf16le')]);
    const be = Buffer.from(le.subarray(2)).swap16();
    const head = r.commit('utf16', { 'le.txt': le, 'be.txt': Buffer.concat([Buffer.from([0xfe, 0xff]), be]) });
    const found = (await scan(r, `${base}..${head}`)).findings;
    expect(found.map((f) => [f.file, f.secret]).sort()).toEqual([
      ['be.txt', pat],
      ['le.txt', pat],
    ]);
  });

  // Attack: 2.2 MB of filler before a token once hid it behind a 2 MB per-file limit.
  it('finds a token after 2.2 MB of filler', async () => {
    const r = repo();
    const base = r.commit('base');
    const head = r.commit('filler', { 'dump.sql': `${'INSERT INTO t VALUES (1);\n'.repeat(90_000)}${line(pat)}` });
    const report = await scan(r, `${base}..${head}`);
    expect(report.findings.map((f) => [f.file, f.line])).toEqual([['dump.sql', 90_001]]);
    expect(report.unscanned).toEqual([]);
  });

  // Attack: a refs/replace/ ref makes `git log` show a clean stand-in for the commit that
  // holds the token.
  it('reads the commits themselves, never a replacement a refs/replace/ ref names', async () => {
    const r = repo();
    const base = r.commit('base');
    const head = r.commit('token', { 'a.env': line(pat) });
    r.git('checkout', '-q', '--detach', base);
    const decoy = r.commit('decoy', { 'a.env': 'nothing here\n' });
    r.git('replace', head, decoy);
    expect(r.git('log', '-p', `${base}..${head}`)).not.toContain(pat);
    const found = (await scan(r, `${base}..${head}`)).findings;
    expect(found.map((f) => [f.file, f.commit])).toEqual([['a.env', head]]);
  });

  it('reports the rest of a file past the size limit as unscanned, with its size, never as a pass', async () => {
    const r = repo();
    const base = r.commit('base');
    const head = r.commit('huge', { 'big.txt': `${'x'.repeat(100)}\n`.repeat(200) + line(pat), 'small.txt': line(pat) });
    const config = { ...buildConfig(), maxFileBytes: 4096 };
    const report = await scan(r, `${base}..${head}`, config);
    expect(report.findings.map((f) => f.file)).toEqual(['small.txt']);
    const bytes = 101 * 200 + line(pat).length;
    expect(report.unscanned).toEqual([{ file: 'big.txt', commit: head, reason: 'too-large', bytes }]);
    expect(report.stats.skipped).toEqual(report.unscanned);
  });

  it('lets a path the configuration allows by pattern go unscanned without review', async () => {
    const r = repo();
    const base = r.commit('base');
    const head = r.commit('huge', { 'fixtures/big.txt': `${'x'.repeat(100)}\n`.repeat(200), 'other/big.txt': `${'x'.repeat(100)}\n`.repeat(200) });
    const config = { ...buildConfig(), maxFileBytes: 4096, allowUnscanned: [/^fixtures\//] };
    const report = await scan(r, `${base}..${head}`, config);
    expect(report.unscanned.map((u) => u.file)).toEqual(['other/big.txt']);
    expect(report.stats.skipped.map((u) => u.file).sort()).toEqual(['fixtures/big.txt', 'other/big.txt']);
  });

  it('handles paths with spaces, quotes, tabs and non-ASCII characters', async () => {
    const r = repo();
    const base = r.commit('base');
    const names = ['dir with space/file name.env', 'quote"d.txt', 'tab\there.txt', 'ünïcødé/日本.yml'];
    const head = r.commit('odd paths', Object.fromEntries(names.map((n) => [n, line(pat)])));
    const found = (await scan(r, `${base}..${head}`)).findings.map((f) => f.file).sort();
    expect(found).toEqual([...names].sort());
  });

  it('scans a deleted file as nothing and a new file in full', async () => {
    const r = repo();
    const base = r.commit('base', { 'gone.txt': 'bye\n' });
    r.git('rm', '-q', 'gone.txt');
    const head = r.commit('delete and add', { 'fresh.txt': `a\nb\n${line(pat)}` });
    const found = (await scan(r, `${base}..${head}`)).findings;
    expect(found.map((f) => [f.file, f.line])).toEqual([['fresh.txt', 3]]);
  });

  it('scans merged branches once and catches lines a merge itself adds', async () => {
    const r = repo();
    const base = r.commit('base', { 'shared.txt': 'one\ntwo\nthree\n' });
    r.git('checkout', '-q', '-b', 'feature');
    const featureCommit = r.commit('feature', { 'feature.txt': line(pat) });
    r.git('checkout', '-q', 'main');
    r.commit('main side', { 'shared.txt': 'one\nTWO-main\nthree\n' });
    r.git('checkout', '-q', 'feature');
    r.commit('feature side', { 'shared.txt': 'one\nTWO-feature\nthree\n' });
    r.git('checkout', '-q', 'main');
    // A conflicted merge whose resolution adds a credential of its own.
    try {
      r.git('merge', '-q', 'feature', '-m', 'merge');
    } catch {
      /* conflict expected */
    }
    r.write('shared.txt', `one\n${line(planted.stripeLive).trim()}\nthree\n`);
    r.git('add', 'shared.txt');
    r.git('commit', '-q', '--no-edit');
    const merge = r.head();
    const found = (await scan(r, `${base}..${merge}`)).findings;
    expect(found.map((f) => [f.ruleId, f.file, f.commit]).sort()).toEqual(
      [
        ['github-pat', 'feature.txt', featureCommit],
        ['stripe-live-secret-key', 'shared.txt', merge],
      ].sort(),
    );
  });

  it('explains a shallow clone that lacks the base commit', async () => {
    const r = repo();
    const first = r.commit('one', { 'a.txt': '1\n' });
    r.commit('two', { 'a.txt': '2\n' });
    r.commit('three', { 'a.txt': '3\n' });
    const clone = mkdtempSync(join(tmpdir(), 'secretgate-shallow-'));
    cleanups.push(clone);
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${r.dir}`, clone]);
    await expect(scan(clone, `${first}..HEAD`)).rejects.toThrow(/not in this shallow clone.*fetch-depth: 0/);
  });

  it('rejects an unknown revision and a directory that is not a repository', async () => {
    const r = repo();
    r.commit('one');
    await expect(scan(r, 'no-such-branch..HEAD')).rejects.toThrow("Unknown revision 'no-such-branch'");
    const plain = mkdtempSync(join(tmpdir(), 'secretgate-plain-'));
    cleanups.push(plain);
    await expect(scan(plain, 'HEAD~1..HEAD')).rejects.toThrow(/is not a git repository/);
  });

  it('scans staged changes for a pre-commit hook', async () => {
    const r = repo();
    r.commit('base', { 'a.txt': 'a\n' });
    r.write('a.txt', `a\n${line(pat)}`);
    r.git('add', 'a.txt');
    const report = await scanStaged(createGitRunner(r.dir), { config: buildConfig() });
    expect(report.findings.map((f) => [f.file, f.line, f.commit])).toEqual([['a.txt', 2, undefined]]);
  });

  it('reads every added line when a custom rule has no keywords (no sieve), and still finds the rest', async () => {
    const r = repo();
    const base = r.commit('base', { 'a.txt': 'x\n' });
    const head = r.commit('add', { 'app/ids.txt': `plain line\ninternal-ref AC7Q2LM9VZ4KC8N2\n${line(pat)}` });
    const toml = '[extend]\nuseDefault = true\n\n[[rules]]\nid = "acme-ref"\ndescription = "ACME reference"\nregex = \'internal-ref (AC[A-Z0-9]{14})\'\n';
    const config = buildConfig({ secretgateToml: { text: toml, source: '.secretgate.toml' } });
    const report = await scan(r, `${base}..${head}`, config);
    expect(report.findings.map((f) => [f.ruleId, f.line])).toEqual([
      ['acme-ref', 2],
      ['github-pat', 3],
    ]);
  });
});
