// One workflow annotation per finding, at its file and line. Only the redacted preview is
// printed; the runner also masks the raw value (main.ts passes it to core.setSecret first).
import * as core from '@actions/core';
import type { Finding } from '../engine/types.js';

export type AnnotationLevel = 'error' | 'warning';

// GitHub shows at most 10 annotations of each level per step; the rest exist but are hidden.
const shownPerLevel = 10;

export function annotateFindings(findings: readonly Finding[], level: AnnotationLevel): void {
  const annotate = level === 'error' ? core.error : core.warning;
  for (const f of findings) {
    const where = f.commit ? ` (commit ${f.commit.slice(0, 7)}${f.author ? ` by ${f.author}` : ''})` : '';
    const inline = f.allowedInline ? ' (allowed inline by the author)' : '';
    annotate(`${f.description}: ${f.redacted}${inline}${where}`, {
      title: `secretgate: ${f.ruleId}`,
      file: f.file,
      // Line 0: the whole file (a part not scanned, a config change).
      ...(f.line > 0 && { startLine: f.line, endLine: f.line, startColumn: f.column, endColumn: f.endColumn }),
    });
  }
  if (findings.length > shownPerLevel) {
    core.notice(`${findings.length} findings: GitHub shows the first ${shownPerLevel} as annotations; the job summary and the SARIF report list them all.`);
  }
}
