import type { Finding } from '../engine/types.js';

/**
 * The serialisable view of a finding: the same fields as `Finding`, copied one by one in
 * `toRecord`, so nothing added to a finding in memory (above all the raw value) can slip
 * into a report.
 */
export type FindingRecord = Finding;

export function toRecord(f: Finding): FindingRecord {
  const r: FindingRecord = {
    ruleId: f.ruleId,
    description: f.description,
    severity: f.severity,
    file: f.file,
    line: f.line,
    column: f.column,
    endColumn: f.endColumn,
    redacted: f.redacted,
    fingerprint: f.fingerprint,
    gitleaksFingerprint: f.gitleaksFingerprint,
    entropy: f.entropy,
  };
  if (f.commit !== undefined) r.commit = f.commit;
  if (f.author !== undefined) r.author = f.author;
  if (f.email !== undefined) r.email = f.email;
  if (f.date !== undefined) r.date = f.date;
  if (f.allowedInline) r.allowedInline = true;
  if (f.kind !== undefined) r.kind = f.kind;
  return r;
}
