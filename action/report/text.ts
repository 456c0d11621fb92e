// The report people read: findings grouped by file, colour only on a terminal.
import type { Finding, Severity } from '../engine/types.js';
import type { ReportMeta } from './meta.js';

const COLOUR: Record<Severity, string> = { critical: '\x1b[1;31m', high: '\x1b[31m', medium: '\x1b[33m', low: '\x1b[36m' };
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';

export function formatText(findings: readonly Finding[], meta: ReportMeta, options: { colour: boolean }): string {
  const paint = (code: string, s: string) => (options.colour ? `${code}${s}${RESET}` : s);
  const out: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  for (const [file, list] of byFile) {
    out.push(paint('\x1b[1m', file));
    for (const f of list.sort((a, b) => a.line - b.line)) {
      const where = `${f.line}:${f.column}`.padEnd(8);
      const sev = paint(COLOUR[f.severity], f.severity.toUpperCase().padEnd(8));
      const commit = f.commit ? paint(DIM, `  ${f.commit.slice(0, 8)}${f.author ? ` ${f.author}` : ''}`) : '';
      out.push(`  ${where} ${sev} ${f.ruleId}  ${f.redacted}${commit}`);
    }
    out.push('');
  }
  const s = meta.stats;
  const scanned = s
    ? ` in ${s.source === 'range' ? `${s.commits} commit${s.commits === 1 ? '' : 's'}, ` : ''}${s.files} file${s.files === 1 ? '' : 's'}, ${formatBytes(s.bytes)} (${s.durationMs} ms)`
    : '';
  const count = findings.length;
  out.push(
    count === 0
      ? paint('\x1b[32m', `No secrets found${scanned}.`)
      : paint('\x1b[1;31m', `${count} secret${count === 1 ? '' : 's'} found${scanned}.`),
  );
  if (s && s.suppressed > 0) out.push(`${s.suppressed} finding${s.suppressed === 1 ? '' : 's'} suppressed by ignore files or the baseline.`);
  if (s && s.skipped.length > 0) {
    out.push(paint(DIM, `${s.skipped.length} file${s.skipped.length === 1 ? '' : 's'} skipped:`));
    for (const k of s.skipped.slice(0, 20)) out.push(paint(DIM, `  ${k.file}${k.commit ? ` @ ${k.commit.slice(0, 8)}` : ''}: ${k.reason}`));
    if (s.skipped.length > 20) out.push(paint(DIM, `  … and ${s.skipped.length - 20} more`));
  }
  return `${out.join('\n')}\n`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
