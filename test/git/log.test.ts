// `git log` starts before its consumer is ready; nothing it prints in the meantime may be lost,
// and a scan that will not happen after all stops it.
import { afterEach, describe, expect, it } from 'vitest';
import { buildConfig } from '../../action/engine/config.js';
import { startLog } from '../../action/git/log.js';
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

describe('startLog', () => {
  it('keeps what git printed, and git may have exited, before parse() was called', async () => {
    const { r, base } = repoWithCommits(12);
    const git = createGitRunner(r.dir);
    const log = startLog(git, [`${base}..HEAD`]);
    await wait(1_000);
    const report = await scanGitRange(git, [`${base}..HEAD`], { config: buildConfig(), salt: 's' }, log);
    expect(report.stats.commits).toBe(12);
    expect(report.findings.map((f) => f.file).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `f${i}.js`).sort());
  });

  it('stops git when cancelled, and a parse after that says so', async () => {
    const { r, base } = repoWithCommits(3);
    const log = startLog(createGitRunner(r.dir), [`${base}..HEAD`]);
    log.cancel();
    await expect(log.parse({ onFragment: () => {}, maxFileBytes: 1024 })).rejects.toThrow('cancelled');
  });

  it('pauses git while more than 8 MB wait unparsed, and reads the rest once parsing catches up', async () => {
    const r = createTempRepo();
    repos.push(r);
    const base = r.commit('base', { 'a.txt': 'x\n' });
    // 12 MB of added text in 1,000 files of 12 KB: over the queue limit, under the size limit.
    const files: Record<string, string> = {};
    const line = 'filler text of a generated file, long enough to add up quickly\n';
    for (let i = 0; i < 1_000; i++) files[`gen/f${i}.txt`] = line.repeat(Math.ceil(12_000 / line.length));
    files['gen/zz-last.js'] = `const token = "${planted.githubPat}";\n`;
    r.commit('big', files);
    const git = createGitRunner(r.dir);
    const log = startLog(git, [`${base}..HEAD`]);
    await wait(1_500);
    const report = await scanGitRange(git, [`${base}..HEAD`], { config: buildConfig(), salt: 's' }, log);
    const expected = Object.values(files).reduce((n, text) => n + Buffer.byteLength(text), 0);
    expect(expected).toBeGreaterThan(8 * 1024 * 1024 + 1024 * 1024);
    expect(report.stats.bytes).toBe(expected);
    expect(report.findings.map((f) => f.file)).toEqual(['gen/zz-last.js']);
  }, 30_000);
});
