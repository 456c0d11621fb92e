// `scan --dir` reads files through the line sieve, as `--range` reads git's output: only lines
// some rule could match are decoded. It must find exactly what reading every line finds.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildConfig } from '../../action/engine/config.js';
import { createDetector } from '../../action/engine/detect.js';
import { MULTILINE_REACH } from '../../action/engine/line-sieve.js';
import type { Fragment } from '../../action/engine/types.js';
import { scanDirectory } from '../../action/scan.js';
import { walkFiles } from '../../action/sources/files.js';
import { planted } from '../support/planted.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'secretgate-sieved-'));
  dirs.push(root);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}

describe('walkFiles with the line sieve', () => {
  const rules = buildConfig().rules;
  const detector = createDetector({ rules });
  const walk = (root: string, sieve: boolean) => [...walkFiles(root, { maxFileBytes: 1 << 20, ...(sieve && { sieve: detector.sieve! }) })];
  const findings = (fragments: Fragment[]) =>
    fragments.flatMap((f) => detector.detect(f)).map((f) => `${f.file}:${f.line}:${f.column}-${f.endColumn} ${f.ruleId} ${f.fingerprint}`).sort();

  it('finds exactly what reading every line finds, on every rule sample, with LF, CRLF and no final newline', () => {
    const files: Record<string, string> = {};
    for (const rule of rules) {
      rule.truePositives.forEach((s, i) => {
        files[`tp/${rule.id}-${i}.txt`] = `intro line\n${s}\noutro\n`;
        files[`crlf/${rule.id}-${i}.txt`] = `intro line\r\n${s.replace(/\n/g, '\r\n')}\r\noutro`;
      });
      rule.falsePositives.forEach((s, i) => (files[`fp/${rule.id}-${i}.txt`] = `${s}\n`));
    }
    const root = tree(files);
    const all = walk(root, false);
    const some = walk(root, true);
    expect(some.map((f) => f.file)).toEqual(all.map((f) => f.file));
    expect(some.reduce((n, f) => n + f.text.length, 0)).toBeLessThan(all.reduce((n, f) => n + f.text.length, 0));
    const expected = findings(all);
    expect(expected.length).toBeGreaterThan(rules.length);
    expect(findings(some)).toEqual(expected);
  });

  it('keeps the lines it keeps with their own numbers, a CR before a newline dropped, others never decoded', () => {
    const lines = ['plain line', `const token = "${planted.githubPat}";\r`, 'caf\u00e9 \u4e2d\u6587 \u{1f511}', 'another plain', 'DB_PASSWORD: hunter2hunter2', 'end'];
    const root = tree({ 'app/a.ts': lines.join('\n') });
    const [fragment] = walk(root, true);
    expect(fragment!.text.split('\n')).toEqual([lines[1]!.slice(0, -1), lines[4]]);
    expect(fragment!.lineNumbers).toEqual([2, 5]);
  });

  it('keeps a private key whole after its BEGIN line, and drops lines past its reach', () => {
    let x = 7;
    const random = () => ((x = (x * 1103515245 + 12345) % 2147483648) >>> 16) & 255;
    const body = Array.from({ length: 120 }, () => Buffer.from(Array.from({ length: 48 }, random)).toString('base64')).join('\n');
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`;
    const filler = Array.from({ length: Math.ceil(MULTILINE_REACH / 40) + 10 }, (_, i) => `filler ${i}`.padEnd(40, '.')).join('\n');
    const root = tree({ 'deploy/id_rsa': `plain\n${pem}\n${filler}\nlast plain line\n` });
    const [fragment] = walk(root, true);
    expect(fragment!.text.startsWith(pem)).toBe(true);
    expect(fragment!.lineNumbers!.slice(0, 122)).toEqual(Array.from({ length: 122 }, (_, i) => i + 2));
    expect(fragment!.text).not.toContain('last plain line');
    expect(detector.detect(fragment!).map((f) => [f.ruleId, f.line])).toEqual([['private-key', 2]]);
  });

  it('reads a binary file as its printable runs, as without the sieve', () => {
    const blob = Buffer.concat([Buffer.from([0, 1, 2, 10]), Buffer.from(`token = "${planted.githubPat}"`), Buffer.from([0, 0, 10])]);
    const root = tree({ 'blob.bin': blob });
    expect(walk(root, true)).toEqual(walk(root, false));
    expect(findings(walk(root, true))).toHaveLength(1);
  });
});

describe('scanDirectory', () => {
  it('counts every byte of every file it read, the sieved-out lines included', async () => {
    const a = `plain\nconst token = "${planted.githubPat}";\n`;
    const b = 'nothing to see\r\nhere\r\n';
    const root = tree({ 'a.ts': a, 'b.txt': b });
    const report = await scanDirectory(root, { config: buildConfig() });
    expect(report.findings.map((f) => [f.file, f.line])).toEqual([['a.ts', 2]]);
    expect(report.stats).toMatchObject({ files: 2, bytes: Buffer.byteLength(a) + Buffer.byteLength(b) });
  });
});
