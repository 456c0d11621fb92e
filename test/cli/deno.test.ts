// The compiled CLI under Deno (binary from the `deno` npm package): same findings, same exit
// codes, no raw value in its output.
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureServerBuild } from '../support/build.js';
import { denoBinary, whyDenoCannotRun } from '../support/deno.js';
import { plantedSource, plantedValues } from '../support/planted.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

const root = resolve(import.meta.dirname, '../..');

const cannotRun = whyDenoCannotRun();
if (cannotRun) console.warn(`Skipping the Deno CLI test: ${cannotRun}`);

describe.skipIf(cannotRun !== null)('secretgate scan under Deno', () => {
  let repo: TempRepo;
  let base: string;
  let head: string;
  beforeAll(() => {
    ensureServerBuild();
    repo = createTempRepo();
    base = repo.commit('base', { 'README.md': '# app\n' });
    head = repo.commit('config', { 'src/config.js': plantedSource() });
  });
  afterAll(() => repo.cleanup());

  const run = (args: string[]) =>
    spawnSync(denoBinary, ['run', '-A', join(root, 'bin/secretgate.js'), ...args], {
      cwd: repo.dir,
      encoding: 'utf8',
      env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1', GITHUB_REPOSITORY: '' },
    });

  it('finds the planted credentials in a range and exits 1', () => {
    const r = run(['scan', '--range', `${base}..${head}`, '--format', 'json']);
    expect(r.status, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('github-pat');
    expect(report.findings.length).toBe(5);
    for (const value of plantedValues) expect(r.stdout + r.stderr).not.toContain(value);
  });

  it('exits 0 on a clean range and 2 on a bad one', () => {
    expect(run(['scan', '--range', `${base}~0..${base}`]).status).toBe(0);
    const bad = run(['scan', '--range', 'nope..HEAD']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("Unknown revision 'nope'");
  });
});
