// The per-caller cap on pending reviews is checked on every creation: the count must not read
// every pending review. An index holds each caller's pending reviews (migration 12), and the
// count stops at the cap.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../server/store/db.js';
import { pendingReviewsOf } from '../../server/store/reviews.js';
import type { Database } from '../../server/store/sqlite.js';
import { tempDir } from '../support/server-harness.js';

let dir: string;
let db: Database;
beforeEach(() => {
  dir = tempDir();
  db = openStore(join(dir, 'cap.db'));
  const insert = db.prepare(
    `INSERT INTO reviews (id, idempotency_key, repository, head_sha, commits, requested_by, status, finding_count, created_at, deadline_ms)
     VALUES (?, ?, 'acme/api', ?, '[]', ?, ?, 1, '2026-12-01T10:00:00.000Z', ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < 300; i++) insert.run(`busy-${i}`, `token:busy k${i}`, 'a'.repeat(40), 'token:busy', 'pending', 1e13 + i);
    for (let i = 0; i < 5; i++) insert.run(`calm-${i}`, `token:calm k${i}`, 'a'.repeat(40), 'token:calm', i < 3 ? 'pending' : 'approved', 1e13 + i);
  });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('pending reviews per caller', () => {
  it('counts one caller’s pending reviews only, up to the cap', () => {
    expect(pendingReviewsOf(db, 'token:calm', 500)).toBe(3);
    expect(pendingReviewsOf(db, 'token:busy', 500)).toBe(300);
    expect(pendingReviewsOf(db, 'token:busy', 100)).toBe(100);
    expect(pendingReviewsOf(db, 'token:nobody', 500)).toBe(0);
  });

  it('reads the caller’s entries of an index, not every pending review', () => {
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT COUNT(*) AS n FROM (SELECT 1 FROM reviews WHERE status = 'pending' AND requested_by = ? LIMIT ?)")
      .all<{ detail: string }>('token:calm', 500)
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toMatch(/USING COVERING INDEX reviews_pending_by_caller \(requested_by=\?\)/);
  });
});
