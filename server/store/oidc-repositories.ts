// The repository_id behind each repository name an OIDC token spoke for, pinned the first time
// it was seen. A name is not an identity: a repository deleted and made again (or an owner name
// taken over) gets the same `repository` claim and another `repository_id`.
import type { PinOutcome } from '../auth/oidc.js';
import { appendAudit } from './audit.js';
import type { Database } from './sqlite.js';

export interface PinRequest {
  repository: string;
  repositoryId: string;
  ownerId: string | null;
}

export function pinRepositoryId(db: Database, p: PinRequest, nowMs: number): PinOutcome {
  const pinned = () => db.prepare('SELECT repository_id FROM oidc_repositories WHERE repository = ?').get<{ repository_id: string }>(p.repository);
  // Read before writing: the common case (already pinned, same ID) takes no write lock.
  const seen = pinned();
  if (seen) return seen.repository_id === p.repositoryId ? { pinned: 'same' } : { pinned: 'other', id: seen.repository_id };
  return db.transaction((): PinOutcome => {
    const inserted = db
      .prepare('INSERT INTO oidc_repositories (repository, repository_id, owner_id, pinned_at) VALUES (?, ?, ?, ?) ON CONFLICT (repository) DO NOTHING')
      .run(p.repository, p.repositoryId, p.ownerId, new Date(nowMs).toISOString()).changes;
    if (inserted === 0) {
      // Another request pinned it first.
      const now = pinned()!;
      return now.repository_id === p.repositoryId ? { pinned: 'same' } : { pinned: 'other', id: now.repository_id };
    }
    appendAudit(
      db,
      { type: 'oidc.repository_pinned', actor: `oidc:${p.repository}`, data: { repository: p.repository, repositoryId: p.repositoryId, ownerId: p.ownerId } },
      nowMs,
    );
    return { pinned: 'new' };
  });
}

export interface Pin {
  repository: string;
  repositoryId: string;
  ownerId: string | null;
  pinnedAt: string;
}

export function listPins(db: Database): Pin[] {
  return db
    .prepare('SELECT repository, repository_id, owner_id, pinned_at FROM oidc_repositories ORDER BY repository')
    .all<{ repository: string; repository_id: string; owner_id: string | null; pinned_at: string }>()
    .map((r) => ({ repository: r.repository, repositoryId: r.repository_id, ownerId: r.owner_id, pinnedAt: r.pinned_at }));
}

/**
 * Forgets a repository's pinned ID (an operator made it again on purpose); the next token for it
 * pins the new one. Returns the ID that was pinned, or null when none was.
 */
export function unpinRepository(db: Database, repository: string, by: string, nowMs: number): string | null {
  return db.transaction(() => {
    const pinned = db.prepare('SELECT repository_id FROM oidc_repositories WHERE repository = ?').get<{ repository_id: string }>(repository);
    if (!pinned) return null;
    db.prepare('DELETE FROM oidc_repositories WHERE repository = ?').run(repository);
    appendAudit(db, { type: 'oidc.repository_unpinned', actor: by, data: { repository, repositoryId: pinned.repository_id } }, nowMs);
    return pinned.repository_id;
  });
}
