// Decisions remembered before fingerprints were keyed (migration 6 moved them to
// remembered_legacy). During the transition a job sends, with each keyed fingerprint, the old
// unkeyed one; a match carries the decision over to the keyed fingerprint and deletes the old
// row, so each old hash leaves the database the first time its value comes back. Old rows are
// honoured for LEGACY_DECISION_DAYS after the upgrade, then dropped: a value first seen again
// after that is asked about again. The old fingerprint from a request is looked up, never stored.
import type { FindingPayload } from '../../shared/contract.js';
import type { Database } from './sqlite.js';

export const LEGACY_DECISION_DAYS = 90;
const DAY_MS = 24 * 3600 * 1000;

const cutoff = (nowMs: number) => new Date(nowMs - LEGACY_DECISION_DAYS * DAY_MS).toISOString();

/** Whether jobs of this repository should send their old fingerprints along. */
export function hasLegacyDecisions(db: Database, repository: string, nowMs: number): boolean {
  return (
    db.prepare('SELECT 1 FROM remembered_legacy WHERE repository = ? AND moved_at >= ? LIMIT 1').get(repository, cutoff(nowMs)) !== undefined
  );
}

/**
 * Within the caller's transaction: moves each old decision a finding's legacyFingerprint names
 * to that finding's keyed fingerprint. Returns how many moved (the caller audits them).
 */
export function moveLegacyDecisions(db: Database, repository: string, findings: readonly FindingPayload[], nowMs: number): number {
  const candidates = findings.filter((f) => f.legacyFingerprint !== undefined);
  if (candidates.length === 0) return 0;
  const find = db.prepare(
    'SELECT decision, review_id, decided_by, decided_at FROM remembered_legacy WHERE repository = ? AND fingerprint = ? AND moved_at >= ?',
  );
  const insert = db.prepare(
    `INSERT INTO remembered (repository, fingerprint, decision, review_id, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (repository, fingerprint) DO NOTHING`,
  );
  const remove = db.prepare('DELETE FROM remembered_legacy WHERE repository = ? AND fingerprint = ?');
  const since = cutoff(nowMs);
  let moved = 0;
  for (const f of candidates) {
    const old = find.get<{ decision: string; review_id: string; decided_by: string; decided_at: string }>(repository, f.legacyFingerprint!, since);
    if (!old) continue;
    insert.run(repository, f.fingerprint, old.decision, old.review_id, old.decided_by, old.decided_at);
    remove.run(repository, f.legacyFingerprint!);
    moved++;
  }
  return moved;
}

/** Drops old decisions past the transition period (at start-up). */
export function dropExpiredLegacyDecisions(db: Database, nowMs: number): number {
  return db.prepare('DELETE FROM remembered_legacy WHERE moved_at < ?').run(cutoff(nowMs)).changes;
}
