// The per-caller cap on pending reviews is checked on every creation: the check must not read
// every pending review of the caller. Triggers keep the count per caller (migration 14); it must
// stay right through every way a review enters or leaves `pending`, and be filled on upgrade.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cancelReview } from '../../server/reviews/cancel.js';
import { decideReview } from '../../server/reviews/decide.js';
import { expireIfOverdue } from '../../server/reviews/expire.js';
import { openReview } from '../../server/reviews/open.js';
import { openStore } from '../../server/store/db.js';
import { migrations } from '../../server/store/migrations.js';
import { pendingReviewsOf } from '../../server/store/reviews.js';
import { openDatabase, type Database } from '../../server/store/sqlite.js';
import { reviewPortsOn } from '../support/review-ports.js';
import { freshSha, reviewRequest, tempDir } from '../support/server-harness.js';

let dir: string;
let db: Database;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Stored reviews as the rows are, without going through the state changes. */
function insertRaw(into: Database, rows: [id: string, by: string, status: string][]): void {
  const insert = into.prepare(
    `INSERT INTO reviews (id, idempotency_key, repository, head_sha, commits, requested_by, status, finding_count, created_at, deadline_ms)
     VALUES (?, ?, 'acme/api', ?, '[]', ?, ?, 1, '2026-12-01T10:00:00.000Z', 1e13)`,
  );
  into.transaction(() => {
    for (const [id, by, status] of rows) insert.run(id, `${by} ${id}`, 'a'.repeat(40), by, status);
  });
}

describe('pending reviews per caller', () => {
  it('counts one caller’s pending reviews only, up to the cap, reading one row', () => {
    db = openStore(join(dir, 'cap.db'));
    insertRaw(db, [
      ...Array.from({ length: 300 }, (_, i): [string, string, string] => [`busy-${i}`, 'token:busy', 'pending']),
      ...Array.from({ length: 5 }, (_, i): [string, string, string] => [`calm-${i}`, 'token:calm', i < 3 ? 'pending' : 'approved']),
    ]);
    expect(pendingReviewsOf(db, 'token:calm', 500)).toBe(3);
    expect(pendingReviewsOf(db, 'token:busy', 500)).toBe(300);
    expect(pendingReviewsOf(db, 'token:busy', 100)).toBe(100);
    expect(pendingReviewsOf(db, 'token:nobody', 500)).toBe(0);
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT n FROM pending_per_caller WHERE requested_by = ?')
      .all<{ detail: string }>('token:calm')
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toMatch(/SEARCH pending_per_caller USING PRIMARY KEY \(requested_by=\?\)/);
  });

  it('keeps the count through open, decide, expire and cancel, as a COUNT over the reviews says', async () => {
    db = openStore(join(dir, 'cap.db'));
    const clock = { now: Date.parse('2026-12-01T10:00:00Z') };
    const ports = reviewPortsOn(db, () => clock.now);
    const open = async (by: string, timeoutSeconds = 600) =>
      (await openReview(ports, reviewRequest({ headSha: freshSha(), timeoutSeconds }), { requestedBy: by, requestHash: 'h', channel: 'C0REVIEWS' })).review.id;
    const counted = (by: string) => db.prepare("SELECT COUNT(*) AS n FROM reviews WHERE status = 'pending' AND requested_by = ?").get<{ n: number }>(by)!.n;
    const ids = [await open('token:a'), await open('token:a'), await open('token:a', 60), await open('token:a'), await open('token:b')];
    expect([pendingReviewsOf(db, 'token:a', 500), pendingReviewsOf(db, 'token:b', 500)]).toEqual([4, 1]);
    await decideReview(ports, { reviewId: ids[0]!, decision: 'approved', by: 'U0APPROVER' });
    await decideReview(ports, { reviewId: ids[0]!, decision: 'rejected', by: 'U0APPROVER' }); // a second click: no change
    await cancelReview(ports, ids[1]!, 'token:a');
    clock.now += 61_000;
    await expireIfOverdue(ports, ids[2]!);
    expect(pendingReviewsOf(db, 'token:a', 500)).toBe(1);
    expect(pendingReviewsOf(db, 'token:a', 500)).toBe(counted('token:a'));
    expect(pendingReviewsOf(db, 'token:b', 500)).toBe(counted('token:b'));
  });

  it('fills the count from the reviews stored before the upgrade', () => {
    const path = join(dir, 'old.db');
    const old = openDatabase(path);
    const before = migrations.findIndex((m) => m.includes('pending_per_caller'));
    for (let v = 0; v < before; v++) {
      old.transaction(() => {
        old.exec(migrations[v]!);
        old.exec(`PRAGMA user_version = ${v + 1}`);
      });
    }
    insertRaw(old, [
      ['r1', 'token:a', 'pending'],
      ['r2', 'token:a', 'pending'],
      ['r3', 'token:a', 'expired'],
      ['r4', 'oidc:acme/api', 'pending'],
    ]);
    old.close();
    db = openStore(path);
    expect(pendingReviewsOf(db, 'token:a', 500)).toBe(2);
    expect(pendingReviewsOf(db, 'oidc:acme/api', 500)).toBe(1);
  });
});
