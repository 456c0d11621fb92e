// One review's audit trail as JSON lines or CSV, in the same shape as exportAudit writes the
// whole log, so one reader handles both.
import { auditEventsOfReview, type AuditEvent } from './audit.js';
import type { Database } from './sqlite.js';

const CSV_COLUMNS = ['seq', 'at', 'type', 'review_id', 'actor', 'data', 'prev_hash', 'hash'] as const;

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvLine(e: AuditEvent): string {
  const cells = [e.seq, e.at, e.type, e.reviewId, e.actor, JSON.stringify(e.data), e.prevHash, e.hash];
  return cells.map(csvCell).join(',') + '\r\n';
}

export function* exportAuditOfReview(db: Database, reviewId: string, format: 'jsonl' | 'csv'): Generator<string> {
  if (format === 'csv') yield CSV_COLUMNS.join(',') + '\r\n';
  for (const e of auditEventsOfReview(db, reviewId)) yield format === 'jsonl' ? JSON.stringify(e) + '\n' : csvLine(e);
}
