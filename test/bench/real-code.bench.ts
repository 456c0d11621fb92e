// `npm run bench:real-code`: findings per MB on real application code, the source (and, where
// they ship them, the tests and docs) of application-style packages from the npm registry.
// Everything is downloaded into a temp dir and removed afterwards; nothing of it is committed.
// Each finding is listed with its rule and the first characters of its line, so the kinds that
// remain can be read off; the value itself is masked in the listing.
//   --keep=DIR   download into DIR and keep it (a second run with the same DIR reuses it)
//   --list       print every finding's line (masked), not only the counts
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Servers, frameworks, CMSs and ORMs, pinned so a figure can be reproduced. */
export const PACKAGES = [
  'parse-server@9.10.0',
  'fastify@5.12.8',
  'ghost@6.65.0',
  'sails@1.5.18',
  '@directus/api@39.2.1',
  'kuzzle@2.56.0',
  'nodebb@1.4.0',
  'keystone@4.2.1',
  'apostrophe@4.32.2',
  'loopback-datasource-juggler@7.0.3',
  'waterline@0.15.2',
  'actionhero@29.3.5',
];

const MB = 1024 * 1024;
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]));
const root = resolve(import.meta.dirname, '../../..');
const keep = args.get('keep');
const work = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), 'secretgate-real-code-'));

interface Report {
  findings: { ruleId: string; file: string; line: number; column: number; endColumn: number }[];
  stats: { files: number; bytes: number };
}

function fetchPackage(spec: string): string {
  const dir = join(work, spec.replace(/[@/]/g, '_'));
  if (existsSync(join(dir, 'package'))) return dir;
  mkdirSync(dir, { recursive: true });
  const tgz = execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', dir], { encoding: 'utf8' }).trim().split('\n').pop()!;
  execFileSync('tar', ['-xzf', join(dir, tgz), '-C', dir]);
  rmSync(join(dir, tgz));
  return dir;
}

function scan(dir: string): Report {
  const out = join(dir, 'report.json');
  const r = spawnSync(process.execPath, [join(root, 'bin/secretgate.js'), 'scan', '--dir', join(dir, 'package'), '--format', 'json', '--output', out], { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 1) throw new Error(`scan of ${dir} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(readFileSync(out, 'utf8')) as Report;
}

/** The finding's line with the value masked, cut to 110 characters. */
function maskedLine(dir: string, f: Report['findings'][number]): string {
  const text = readFileSync(join(dir, 'package', f.file), 'utf8').split('\n')[f.line - 1] ?? '';
  const masked = text.slice(0, f.column - 1) + '▒'.repeat(Math.max(1, f.endColumn - f.column)) + text.slice(f.endColumn - 1);
  return masked.trim().slice(0, 110);
}

try {
  let bytes = 0;
  let files = 0;
  let findings = 0;
  const byRule = new Map<string, number>();
  process.stdout.write(`${'package'.padEnd(38)} ${'MB'.padStart(7)} ${'files'.padStart(6)} ${'findings'.padStart(9)}\n`);
  for (const spec of PACKAGES) {
    const dir = fetchPackage(spec);
    const report = scan(dir);
    bytes += report.stats.bytes;
    files += report.stats.files;
    findings += report.findings.length;
    process.stdout.write(`${spec.padEnd(38)} ${(report.stats.bytes / MB).toFixed(2).padStart(7)} ${String(report.stats.files).padStart(6)} ${String(report.findings.length).padStart(9)}\n`);
    for (const f of report.findings) {
      byRule.set(f.ruleId, (byRule.get(f.ruleId) ?? 0) + 1);
      if (args.has('list')) process.stdout.write(`    ${f.ruleId} ${f.file}:${f.line} | ${maskedLine(dir, f)}\n`);
    }
  }
  process.stdout.write(`\n${PACKAGES.length} packages, ${files} files, ${(bytes / MB).toFixed(1)} MB: ${findings} findings, ${(findings / (bytes / MB)).toFixed(3)} per MB\n`);
  process.stdout.write(`by rule: ${[...byRule].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}\n`);
  if (!keep) process.stdout.write(`(downloaded into ${work}, removed; --keep=DIR keeps a copy)\n`);
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
}
