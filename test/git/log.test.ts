// `git log` starts before its consumer is ready; nothing it prints in the meantime may be lost,
// and a scan that will not happen after all stops it. Its output comes through a spool file
// (Linux) or a pipe: both are held to the same results.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildConfig } from '../../action/engine/config.js';
import { startLog, type TransportOptions } from '../../action/git/log.js';
import { createGitRunner } from '../../action/git/runner.js';
import { scanGitRange } from '../../action/scan.js';
import { planted } from '../support/planted.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

function repoWithCommits(n: number): { r: TempRepo; base: string } {
  const r = createTempRepo();
  repos.push(r);
  const base = r.commit('base', { 'a.txt': 'x\n' });
  for (let i = 0; i < n; i++) r.commit(`c${i}`, { [`f${i}.js`]: `const token = "${planted.githubPat}";\n${'filler\n'.repeat(i)}` });
  return { r, base };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function bigCommit(): { r: TempRepo; base: string; files: Record<string, string> } {
  const r = createTempRepo();
  repos.push(r);
  const base = r.commit('base', { 'a.txt': 'x\n' });
  // 12 MB of added text in 1,000 files of 12 KB: over the queue limit, under the size limit.
  const files: Record<string, string> = {};
  const line = 'filler text of a generated file, long enough to add up quickly\n';
  for (let i = 0; i < 1_000; i++) files[`gen/f${i}.txt`] = line.repeat(Math.ceil(12_000 / line.length));
  files['gen/zz-last.js'] = `const token = "${planted.githubPat}";\n`;
  r.commit('big', files);
  return { r, base, files };
}

const addedBytes = (files: Record<string, string>) => Object.values(files).reduce((n, text) => n + Buffer.byteLength(text), 0);

const transports: [string, TransportOptions][] = [
  ['spool file', {}],
  ['pipe', { spool: false }],
];

describe.each(transports)('startLog through the %s', (name, transport) => {
  it('uses the transport asked for', () => {
    const { r, base } = repoWithCommits(1);
    const log = startLog(createGitRunner(r.dir), [`${base}..HEAD`], transport);
    log.cancel();
    expect(log.spool !== undefined).toBe(name === 'spool file' && process.platform === 'linux');
  });

  it('keeps what git printed, and git may have exited, before parse() was called', async () => {
    const { r, base } = repoWithCommits(12);
    const git = createGitRunner(r.dir);
    const log = startLog(git, [`${base}..HEAD`], transport);
    await wait(1_000);
    const report = await scanGitRange(git, [`${base}..HEAD`], { config: buildConfig() }, log);
    expect(report.stats.commits).toBe(12);
    expect(report.findings.map((f) => f.file).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `f${i}.js`).sort());
  });

  it('stops git when cancelled, and a parse after that says so', async () => {
    const { r, base } = repoWithCommits(3);
    const log = startLog(createGitRunner(r.dir), [`${base}..HEAD`], transport);
    log.cancel();
    await expect(log.parse({ onFragment: () => {}, maxFileBytes: 1024 })).rejects.toThrow('cancelled');
  });

  it('reads lines longer than a read block whole, and the lines around them', async () => {
    const r = createTempRepo();
    repos.push(r);
    const base = r.commit('base', { 'a.txt': 'x\n' });
    // A 600 KB minified line with a credential at its end, between ordinary lines.
    const long = `var a=${'[1,2,3],'.repeat(75_000)}b="${planted.githubPat}";`;
    r.commit('min', { 'dist/app.min.js': `first\n${long}\nconst t = "${planted.githubPat}";\n` });
    const git = createGitRunner(r.dir);
    const report = await scanGitRange(git, [`${base}..HEAD`], { config: buildConfig() }, startLog(git, [`${base}..HEAD`], transport));
    expect(report.findings.map((f) => [f.file, f.line])).toEqual([
      ['dist/app.min.js', 2],
      ['dist/app.min.js', 3],
    ]);
    expect(report.stats.bytes).toBe(6 + long.length + 1 + `const t = "${planted.githubPat}";\n`.length);
  });

  it('ends git and rejects when the consumer throws halfway', async () => {
    const { r, base } = bigCommit();
    const log = startLog(createGitRunner(r.dir), [`${base}..HEAD`], { ...transport, ...(transport.spool !== false && { spool: { limit: 64 * 1024 } }) });
    let seen = 0;
    const parsed = log.parse({
      maxFileBytes: 1024 * 1024,
      onFragment: () => {
        if (++seen === 3) throw new Error('consumer failed');
      },
    });
    // Settles only once git has ended: a git left stopped for the spool would hang here.
    await expect(parsed).rejects.toThrow('consumer failed');
  }, 30_000);
});

describe('startLog', () => {
  it('pauses git while more than 8 MB wait unparsed in the pipe, and reads the rest once parsing catches up', async () => {
    const { r, base, files } = bigCommit();
    const git = createGitRunner(r.dir);
    const log = startLog(git, [`${base}..HEAD`], { spool: false });
    await wait(1_500);
    const report = await scanGitRange(git, [`${base}..HEAD`], { config: buildConfig() }, log);
    expect(addedBytes(files)).toBeGreaterThan(8 * 1024 * 1024 + 1024 * 1024);
    expect(report.stats.bytes).toBe(addedBytes(files));
    expect(report.findings.map((f) => f.file)).toEqual(['gen/zz-last.js']);
  }, 30_000);

  describe.skipIf(process.platform !== 'linux')('spool file', () => {
    const dirs: string[] = [];
    afterEach(() => {
      for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    });
    const spoolDir = () => {
      const d = mkdtempSync(join(tmpdir(), 'secretgate-spool-test-'));
      dirs.push(d);
      return d;
    };

    it('is emptied each time it reaches its limit while git waits, and loses no byte', async () => {
      const { r, base, files } = bigCommit();
      const git = createGitRunner(r.dir);
      const limit = 1024 * 1024;
      const log = startLog(git, [`${base}..HEAD`], { spool: { limit } });
      await wait(1_000);
      const report = await scanGitRange(git, [`${base}..HEAD`], { config: buildConfig() }, log);
      expect(report.stats.bytes).toBe(addedBytes(files));
      expect(report.findings.map((f) => f.file)).toEqual(['gen/zz-last.js']);
      // git wrote over 12 MB; the file reached its limit and was emptied again and again, so it
      // never held all of it. How far past the limit git got before it was seen to stop
      // depends on how long the reader was kept from running, which no test can bound.
      const written = addedBytes(files);
      expect(log.spool!.peak).toBeGreaterThanOrEqual(limit);
      expect(log.spool!.rewinds).toBeGreaterThanOrEqual(2);
      expect(log.spool!.peak).toBeLessThan(written);
    }, 30_000);

    it('leaves no file behind, not even while git runs', async () => {
      const { r, base } = repoWithCommits(5);
      const dir = spoolDir();
      const git = createGitRunner(r.dir);
      const log = startLog(git, [`${base}..HEAD`], { spool: { dir } });
      expect(log.spool).toBeDefined();
      expect(readdirSync(dir)).toEqual([]);
      const report = await scanGitRange(git, [`${base}..HEAD`], { config: buildConfig() }, log);
      expect(report.findings).toHaveLength(5);
      expect(readdirSync(dir)).toEqual([]);
    });

    // A full disk needs a small file system: a 1 MiB tmpfs, which only root may mount.
    const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;
    it.skipIf(!canMount)('says where it was writing when the disk fills up, and leaves nothing there', async () => {
      const { r, base } = bigCommit();
      const dir = spoolDir();
      const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]);
      if (mounted.status !== 0) return void console.warn(`tmpfs not mounted: ${mounted.stderr}`);
      try {
        const git = createGitRunner(r.dir);
        const log = startLog(git, [`${base}..HEAD`], { spool: { dir } });
        const scan = scanGitRange(git, [`${base}..HEAD`], { config: buildConfig() }, log);
        await expect(scan).rejects.toThrow(/git log failed \(exit \d+\): .*No space left on device \(git's output is spooled in .*secretgate-spool-test-.*: free space there, or set TMPDIR/);
        expect(readdirSync(dir)).toEqual([]);
      } finally {
        spawnSync('umount', [dir]);
      }
    }, 30_000);

    it('falls back to the pipe where no spool file can be made', async () => {
      const { r, base } = repoWithCommits(4);
      const git = createGitRunner(r.dir);
      const log = startLog(git, [`${base}..HEAD`], { spool: { dir: join(spoolDir(), 'missing') } });
      expect(log.spool).toBeUndefined();
      const report = await scanGitRange(git, [`${base}..HEAD`], { config: buildConfig() }, log);
      expect(report.findings).toHaveLength(4);
    });
  });
});
