// The job summary: what was scanned, what was found (redacted), and what was decided.
import * as core from '@actions/core';
import type { Finding } from '../engine/types.js';

// GitHub caps a step summary at 1 MiB; a few hundred rows say enough.
const maxRows = 300;

export interface SummaryInput {
  /** Absent when the Action failed before it knew the range. */
  rangeDescription?: string;
  commitsScanned?: number;
  findings: readonly Finding[];
  /** The outcome in one sentence, e.g. `Approved by Ada Lovelace.` */
  verdict: string;
  passed: boolean;
  reviewUrl?: string;
}

export async function writeSummary(input: SummaryInput): Promise<void> {
  // Outside a runner (the CLI, some tests) there is no summary file: nothing to do.
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  const s = core.summary.emptyBuffer().addHeading('secretgate', 2);
  const scanned = input.commitsScanned === undefined ? '' : ` (${input.commitsScanned} commit${input.commitsScanned === 1 ? '' : 's'})`;
  if (input.rangeDescription) s.addRaw(`<p>Scanned ${escapeHtml(input.rangeDescription)}${scanned}.</p>`, true);
  s.addRaw(`<p>${input.passed ? '✅' : '❌'} ${escapeHtml(input.verdict)}</p>`, true);
  if (input.reviewUrl) s.addRaw(`<p>Review: <a href="${escapeHtml(input.reviewUrl)}">${escapeHtml(input.reviewUrl)}</a></p>`, true);
  if (input.findings.length > 0) {
    s.addTable([
      ['Rule', 'File', 'Line', 'Commit', 'Author', 'Preview'].map((data) => ({ data, header: true })),
      ...input.findings.slice(0, maxRows).map((f) =>
        [f.ruleId, f.file, String(f.line), f.commit?.slice(0, 7) ?? '', f.author ?? '', f.redacted].map(escapeHtml),
      ),
    ]);
  }
  if (input.findings.length > maxRows) {
    s.addRaw(`<p>…and ${input.findings.length - maxRows} more: see the annotations and the SARIF report.</p>`, true);
  }
  await s.write();
}

// The summary is HTML; a file name or author is data, never markup.
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'|]/g, (c) => `&#${c.charCodeAt(0)};`);
}
