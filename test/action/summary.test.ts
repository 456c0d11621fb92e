import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../action/engine/types.js';
import { writeSummary } from '../../action/report/summary.js';
import { removeDir, tempDir } from '../support/git-fixture.js';

// core.summary remembers the file it first wrote to: one file for the whole suite.
const dir = tempDir();
const file = join(dir, 'summary.md');
beforeEach(() => {
  writeFileSync(file, '');
  process.env.GITHUB_STEP_SUMMARY = file;
});
afterAll(() => {
  delete process.env.GITHUB_STEP_SUMMARY;
  removeDir(dir);
});

const finding = (file: string, line: number): Finding => ({
  ruleId: 'github-pat',
  description: 'GitHub personal access token',
  severity: 'high',
  file,
  line,
  column: 1,
  endColumn: 41,
  commit: 'c0ffee1234567890c0ffee1234567890c0ffee12',
  author: 'Ada <script>',
  redacted: 'ghp_Ab…(40 chars)',
  fingerprint: 'f'.repeat(64),
  entropy: 4.5,
  gitleaksFingerprint: 'x',
});

describe('writeSummary', () => {
  it('writes a row per finding, with file names and authors as text, never markup', async () => {
    await writeSummary({ rangeDescription: 'push: a..b', commitsScanned: 2, findings: [finding('<img src=x onerror=alert(1)>.js', 3)], verdict: 'Blocked by Ada.', passed: false });
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('Scanned push: a..b (2 commits).');
    expect(html).toContain('❌ Blocked by Ada.');
    expect(html).toContain('<td>&#60;img src=x onerror=alert(1)&#62;.js</td><td>3</td><td>c0ffee1</td><td>Ada &#60;script&#62;</td>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>');
  });

  it('caps the table and says how many more there are', async () => {
    const many = Array.from({ length: 305 }, (_, i) => finding(`f${i}.js`, i + 1));
    await writeSummary({ rangeDescription: 'push', findings: many, verdict: 'x', passed: false });
    const html = readFileSync(file, 'utf8');
    expect(html.match(/<tr>/g)).toHaveLength(301);
    expect(html).toContain('…and 5 more');
  });
});
