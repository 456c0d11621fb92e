// What a report that leaves the machine says about a value: with SECRETGATE_FINGERPRINT_KEY, an
// HMAC nobody without the key can test guesses against; without it, nothing derived from the value.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planted, plantedSource, plantedValues } from '../support/planted.js';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../bin/secretgate.js');
const KEY = 'a5'.repeat(32);
const OTHER_KEY = Buffer.alloc(32, 9).toString('base64');

async function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', GITHUB_REPOSITORY: '', SECRETGATE_FINGERPRINT_KEY: '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** Every hash of a planted value anyone could compute without a key. */
function guessable(): string[] {
  const out: string[] = [];
  for (const v of plantedValues) {
    out.push(createHash('sha256').update(v).digest('hex'));
    for (const salt of ['acme/api', 'app', '']) out.push(createHash('sha256').update(salt).update('\0').update(v).digest('hex'));
  }
  return out;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'secretgate-fp-'));
  writeFileSync(join(dir, 'app.env'), plantedSource());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fingerprints = (stdout: string): string[] => (JSON.parse(stdout).findings as { fingerprint: string }[]).map((f) => f.fingerprint);

describe('secretgate scan without SECRETGATE_FINGERPRINT_KEY', () => {
  it('puts no value-derived fingerprint into JSON or SARIF', async () => {
    const json = await cli(['scan', '--dir', dir, '--format', 'json', '--repo', 'acme/api'], dir);
    const sarif = await cli(['scan', '--dir', dir, '--format', 'sarif', '--repo', 'acme/api'], dir);
    expect(json.code).toBe(1);
    for (const fp of fingerprints(json.stdout)) expect(fp).toMatch(/^loc:[0-9a-f]{64}$/);
    const results = JSON.parse(sarif.stdout).runs[0].results as { partialFingerprints: Record<string, string> }[];
    expect(results.length).toBe(plantedValues.length);
    for (const r of results) {
      expect(Object.keys(r.partialFingerprints).sort()).toEqual(['primaryLocationLineHash', 'secretgate/v2']);
      expect(r.partialFingerprints['secretgate/v2']).toMatch(/^loc:/);
    }
    for (const hash of guessable()) expect(json.stdout + sarif.stdout).not.toContain(hash);
    for (const value of plantedValues) expect(json.stdout + sarif.stdout).not.toContain(value);
  });

  it('gives the same fingerprint to another value in the same place', async () => {
    const other = mkdtempSync(join(tmpdir(), 'secretgate-fp-other-'));
    try {
      writeFileSync(join(other, 'app.env'), plantedSource().replace(planted.githubPat, `ghp_${'Zq8vL3mXx2Rk9Tq8vZ3mLx2Rk9Tq8vZ3mLx2'}`));
      const a = await cli(['scan', '--dir', dir, '--format', 'json'], dir);
      const b = await cli(['scan', '--dir', other, '--format', 'json'], other);
      expect(fingerprints(b.stdout)).toEqual(fingerprints(a.stdout));
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('secretgate scan with SECRETGATE_FINGERPRINT_KEY', () => {
  it('fingerprints with the key: stable for one key, different for another, not guessable', async () => {
    const a = await cli(['scan', '--dir', dir, '--format', 'json', '--repo', 'acme/api'], dir, { SECRETGATE_FINGERPRINT_KEY: KEY });
    const again = await cli(['scan', '--dir', dir, '--format', 'json', '--repo', 'acme/api'], dir, { SECRETGATE_FINGERPRINT_KEY: KEY });
    const other = await cli(['scan', '--dir', dir, '--format', 'json', '--repo', 'acme/api'], dir, { SECRETGATE_FINGERPRINT_KEY: OTHER_KEY });
    const sarif = await cli(['scan', '--dir', dir, '--format', 'sarif', '--repo', 'acme/api'], dir, { SECRETGATE_FINGERPRINT_KEY: KEY });
    expect(a.code, a.stderr).toBe(1);
    const fps = fingerprints(a.stdout);
    for (const fp of fps) expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprints(again.stdout)).toEqual(fps);
    expect(fingerprints(other.stdout).some((fp) => fps.includes(fp))).toBe(false);
    for (const hash of guessable()) expect(a.stdout + sarif.stdout).not.toContain(hash);
    expect(a.stdout + a.stderr + sarif.stdout).not.toContain(KEY);
  });

  it('an ignore file of keyed fingerprints keeps matching a moved line with the same key only', async () => {
    const moved = mkdtempSync(join(tmpdir(), 'secretgate-fp-moved-'));
    try {
      // The key is derived per repository: both scans name the same one (else each dir's name).
      const first = await cli(['scan', '--dir', dir, '--format', 'json', '--repo', 'acme/api'], dir, { SECRETGATE_FINGERPRINT_KEY: KEY });
      // Only fingerprints, no gitleaks ids: the match can only come from the keyed value.
      writeFileSync(join(moved, '.gitleaksignore'), `${fingerprints(first.stdout).join('\n')}\n`);
      writeFileSync(join(moved, 'moved.env'), `# moved down and renamed\n\n${plantedSource()}`);
      const same = await cli(['scan', '--dir', moved, '--format', 'json', '--repo', 'acme/api'], moved, { SECRETGATE_FINGERPRINT_KEY: KEY });
      expect(same.code, same.stdout).toBe(0);
      const otherRepo = await cli(['scan', '--dir', moved, '--format', 'json', '--repo', 'acme/web'], moved, { SECRETGATE_FINGERPRINT_KEY: KEY });
      expect(fingerprints(otherRepo.stdout).length).toBe(plantedValues.length);
      const otherKey = await cli(['scan', '--dir', moved, '--format', 'json', '--repo', 'acme/api'], moved, { SECRETGATE_FINGERPRINT_KEY: OTHER_KEY });
      expect(fingerprints(otherKey.stdout).length).toBe(plantedValues.length);
    } finally {
      rmSync(moved, { recursive: true, force: true });
    }
  });

  it('an ignore file of location fingerprints keeps working without a key', async () => {
    const first = await cli(['scan', '--dir', dir, '--format', 'json'], dir);
    const ignoring = mkdtempSync(join(tmpdir(), 'secretgate-fp-ignore-'));
    try {
      writeFileSync(join(ignoring, 'app.env'), plantedSource());
      writeFileSync(join(ignoring, '.gitleaksignore'), `${fingerprints(first.stdout).join('\n')}\n`);
      const r = await cli(['scan', '--dir', ignoring, '--format', 'json'], ignoring);
      expect(r.code, r.stdout).toBe(0);
    } finally {
      rmSync(ignoring, { recursive: true, force: true });
    }
  });

  it('refuses a key that is too short, naming the variable and not the value', async () => {
    const short = 'ab'.repeat(8);
    const r = await cli(['scan', '--dir', dir], dir, { SECRETGATE_FINGERPRINT_KEY: short });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('SECRETGATE_FINGERPRINT_KEY is too short');
    expect(r.stderr).not.toContain(short);
  });
});
