// The CLI as users run it: the real launcher in a child process, on real repositories.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planted, plantedSource, plantedValues } from '../support/planted.js';
import { sarifSchemaErrors } from '../support/sarif-schema.js';
import { createTempRepo, type TempRepo } from '../support/temp-repo.js';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../bin/secretgate.js');

async function cli(args: string[], cwd: string) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', GITHUB_REPOSITORY: '' } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

let repo: TempRepo;
let base: string;
let head: string;
const outDir = mkdtempSync(join(tmpdir(), 'secretgate-cli-out-'));

beforeAll(() => {
  repo = createTempRepo();
  base = repo.commit('base', { 'README.md': '# app\n' });
  head = repo.commit('add config', { 'src/config.js': plantedSource(), 'docs/example.md': 'token = "<your-token>"\n' });
});
afterAll(() => {
  repo.cleanup();
  rmSync(outDir, { recursive: true, force: true });
});

describe('secretgate scan --range', () => {
  it('exits 1 with findings and never prints a raw value in any format', async () => {
    const outputs: string[] = [];
    for (const format of ['text', 'json', 'sarif']) {
      const r = await cli(['scan', '--range', `${base}..${head}`, '--format', format], repo.dir);
      expect(r.code, r.stderr).toBe(1);
      outputs.push(r.stdout, r.stderr);
      const file = join(outDir, `report.${format}`);
      const w = await cli(['scan', '--range', `${base}..${head}`, '--format', format, '--output', file], repo.dir);
      expect(w.code).toBe(1);
      outputs.push(readFileSync(file, 'utf8'), w.stdout, w.stderr);
    }
    const all = outputs.join('\n');
    expect(all).toContain('github-pat');
    for (const value of plantedValues) expect(all).not.toContain(value);
  });

  it('writes the JSON report of the design contract', async () => {
    const r = await cli(['scan', '--range', `${base}..${head}`, '--format', 'json'], repo.dir);
    const report = JSON.parse(r.stdout);
    const ids = report.findings.map((f: { ruleId: string }) => f.ruleId).sort();
    expect(ids).toEqual(['aws-access-key-id', 'generic-secret-assignment', 'github-pat', 'slack-bot-token', 'stripe-live-secret-key'].sort());
    for (const f of report.findings) {
      expect(f).toMatchObject({ file: 'src/config.js', commit: head });
      // No SECRETGATE_FINGERPRINT_KEY: where the finding is, nothing derived from the value.
      expect(f.fingerprint).toMatch(/^loc:[0-9a-f]{64}$/);
      expect(typeof f.line).toBe('number');
      expect(f.redacted).toMatch(/…\(\d+ chars\)$|^\[[a-z0-9-]+: \d+ chars, [^\]]+\]$/);
    }
  });

  it('writes SARIF 2.1.0 that validates against the schema', async () => {
    const r = await cli(['scan', '--range', `${base}..${head}`, '--format', 'sarif'], repo.dir);
    const sarif = JSON.parse(r.stdout);
    expect(sarifSchemaErrors(sarif)).toBe('');
    const results = sarif.runs[0].results;
    expect(results.length).toBe(5);
    for (const res of results) {
      expect(res.partialFingerprints['secretgate/v2']).toMatch(/^loc:[0-9a-f]{64}$/);
      expect(res.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{64}$/);
      expect(sarif.runs[0].tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
      expect(sarif.runs[0].tool.driver.rules[res.ruleIndex].help.text.length).toBeGreaterThan(20);
    }
  });

  it('exits 0 on a clean range', async () => {
    const r = await cli(['scan', '--range', `${base}~0..${base}`], repo.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No secrets found');
  });

  it('exits 2 with a clear message on a bad range or outside a repository', async () => {
    const bad = await cli(['scan', '--range', 'nope..HEAD'], repo.dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Unknown revision 'nope'");
    const plain = mkdtempSync(join(tmpdir(), 'secretgate-plain-'));
    const outside = await cli(['scan', '--range', 'HEAD~1..HEAD'], plain);
    rmSync(plain, { recursive: true, force: true });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/is not a git repository/);
  });

  it('does not report again what a baseline already holds', async () => {
    const baseline = join(outDir, 'baseline.json');
    await cli(['scan', '--range', `${base}..${head}`, '--format', 'json', '--output', baseline], repo.dir);
    const r = await cli(['scan', '--range', `${base}..${head}`, '--baseline', baseline], repo.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('5 findings suppressed');
  });
});

describe('secretgate scan --dir and usage errors', () => {
  it('scans files, reads binaries as their printable runs and does not follow symlinks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secretgate-dir-'));
    try {
      mkdirSync(join(dir, 'sub'));
      writeFileSync(join(dir, 'sub', 'app.env'), `GH=${planted.githubPat}\n`);
      writeFileSync(join(dir, 'blob.bin'), Buffer.concat([Buffer.from([0, 0, 1]), Buffer.from(planted.githubPat)]));
      symlinkSync(join(dir, 'sub', 'app.env'), join(dir, 'link.env'));
      const r = await cli(['scan', '--dir', dir, '--format', 'json'], repo.dir);
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout);
      expect(report.findings.map((f: { file: string }) => f.file)).toEqual(['blob.bin', 'sub/app.env']);
      expect(report.stats.skipped).toEqual([{ file: 'link.env', reason: 'symlink' }]);
      expect(r.stdout).not.toContain(planted.githubPat);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails on a file too large to scan, reporting it with its size, unless the config allows its path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secretgate-dir-'));
    try {
      writeFileSync(join(dir, 'huge.log'), 'x'.repeat(5000));
      writeFileSync(join(dir, 'small.txt'), 'nothing\n');
      writeFileSync(join(dir, '.secretgate.toml'), '[scan]\nmaxFileSize = 4096\n');
      const r = await cli(['scan', '--dir', dir, '--format', 'json'], repo.dir);
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout);
      expect(report.findings).toEqual([expect.objectContaining({ ruleId: 'unscanned-file', kind: 'unscanned', file: 'huge.log', line: 0, redacted: 'too-large, 4.9 KB' })]);

      writeFileSync(join(dir, '.secretgate.toml'), "[scan]\nmaxFileSize = 4096\nallowUnscanned = ['''\\.log$''']\n");
      const allowed = await cli(['scan', '--dir', dir, '--format', 'json'], repo.dir);
      expect(allowed.code, allowed.stdout).toBe(0);
      expect(JSON.parse(allowed.stdout).stats.skipped).toEqual([{ file: 'huge.log', reason: 'too-large', bytes: 5000 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['scan'], 'scan needs exactly one of --dir PATH, --range A..B or --staged.'],
    [['scan', '--dir', '.', '--range', 'a..b'], 'scan needs exactly one of'],
    [['scan', '--dir', '.', '--format', 'xml'], "Invalid --format 'xml'. Expected text, json or sarif."],
    [['scan', '--dir', '.', '--bogus'], "Unknown option '--bogus'"],
    [['frobnicate'], "Unknown command 'frobnicate'."],
    [['scan', '--range=--output=leak.txt'], "Invalid --range '--output=leak.txt': a range such as main..HEAD cannot start with '-'."],
    [['scan', '--dir', '.', '--config', 'missing.toml'], 'missing.toml: config file not found.'],
  ])('exits 2 for %j', async (args, message) => {
    const r = await cli(args, repo.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(existsSync(join(repo.dir, 'leak.txt'))).toBe(false);
  });
});
