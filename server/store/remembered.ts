// Decisions remembered per repository and fingerprint: an approval or a false positive a person
// gave once answers the same finding in a later review. SQL only.
import type { Database } from './sqlite.js';

export type RememberedDecision = 'approved' | 'false_positive';

/** The remembered decision of each of `fingerprints` that has one. */
export function rememberedDecisions(db: Database, repository: string, fingerprints: readonly string[]): Map<string, RememberedDecision> {
  const stmt = db.prepare('SELECT decision FROM remembered WHERE repository = ? AND fingerprint = ?');
  const out = new Map<string, RememberedDecision>();
  for (const fp of new Set(fingerprints)) {
    const r = stmt.get<{ decision: RememberedDecision }>(repository, fp);
    if (r) out.set(fp, r.decision);
  }
  return out;
}

export interface Remembering {
  repository: string;
  fingerprints: readonly string[];
  decision: RememberedDecision;
  reviewId: string;
  decidedBy: string;
  decidedAt: string;
}

/** Remembers a decision for each fingerprint; the newest decision replaces an older one. */
export function remember(db: Database, r: Remembering): void {
  const stmt = db.prepare(
    `INSERT INTO remembered (repository, fingerprint, decision, review_id, decided_by, decided_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (repository, fingerprint) DO UPDATE SET decision = excluded.decision,
       review_id = excluded.review_id, decided_by = excluded.decided_by, decided_at = excluded.decided_at`,
  );
  for (const fp of r.fingerprints) stmt.run(r.repository, fp, r.decision, r.reviewId, r.decidedBy, r.decidedAt);
}
