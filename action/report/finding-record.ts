import type { Finding } from '../engine/types.js';

/**
 * The serialisable view of a finding: an explicit list of fields, so nothing added to a
 * finding in memory (above all the raw value) can slip into a report.
 */
export interface FindingRecord {
  ruleId: string;
  description: string;
  severity: Finding['severity'];
  file: string;
  line: number;
  column: number;
  endColumn: number;
  commit?: string;
  author?: string;
  email?: string;
  date?: string;
  redacted: string;
  fingerprint: string;
  gitleaksFingerprint: string;
  entropy: number;
}

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
  return r;
}
