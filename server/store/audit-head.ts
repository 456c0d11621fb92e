// The far end of the audit chain. Hash links prove each event follows the one before it, not
// that nothing came after the last one. Since schema 5, audit_events.seq is AUTOINCREMENT, so
// SQLite's own sqlite_sequence remembers the highest seq ever issued and deleting the tail
// leaves a gap there. An auditor's anchor (a seq and hash noted earlier, outside the database)
// also catches an attacker who rewrites sqlite_sequence too.
import type { Database } from './sqlite.js';

/** The highest seq ever issued, or null when the table predates schema 5 and keeps no record. */
export function highestIssuedSeq(db: Database): number | null {
  const table = db
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'audit_events'")
    .get<{ sql: string }>();
  if (!table || !/AUTOINCREMENT/i.test(table.sql)) return null;
  const row = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'").get<{ seq: number }>();
  return row ? Number(row.seq) : 0;
}

/** An event an auditor noted earlier: `SEQ:HASH`, as `secretgate audit verify` prints the head. */
export interface AuditAnchor {
  seq: number;
  hash: string;
}

export function parseAuditAnchor(text: string): AuditAnchor {
  const m = /^(\d{1,15}):([0-9a-f]{64})$/i.exec(text.trim());
  if (!m || Number(m[1]) < 1) throw new Error(`--head must be SEQ:HASH (a seq from 1 and a 64-hex-digit hash), not '${text.slice(0, 80)}'`);
  return { seq: Number(m[1]), hash: m[2]!.toLowerCase() };
}

export function formatAuditAnchor(anchor: AuditAnchor): string {
  return `${anchor.seq}:${anchor.hash}`;
}

/** Why the log does not hold the anchored event unchanged, or null when it does. */
export function anchorProblem(db: Database, anchor: AuditAnchor): string | null {
  const row = db.prepare('SELECT hash FROM audit_events WHERE seq = ?').get<{ hash: string }>(anchor.seq);
  if (!row) {
    const last = db.prepare('SELECT MAX(seq) AS seq FROM audit_events').get<{ seq: number | null }>()?.seq ?? 0;
    return `the anchored event ${anchor.seq} is missing (the log ends at event ${last}): events were deleted`;
  }
  if (row.hash !== anchor.hash) {
    return `event ${anchor.seq} has hash ${row.hash}, not the anchored ${anchor.hash}: the log was rewritten`;
  }
  return null;
}
