// reviews/ driven through its ports over a real SQLite file (the SQLite adapter of the Store
// port), with a clock the test moves and the wake-ups and kicks counted.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../../server/store/db.js';
import type { Database } from '../../../server/store/sqlite.js';
import { reviewPortsOn, type CountingPorts } from '../../support/review-ports.js';
import { tempDir } from '../../support/server-harness.js';

export interface Fixture {
  db: Database;
  ports: CountingPorts;
  clock: { now: number };
  /** One number from a `SELECT COUNT(*) AS n …`. */
  count(sql: string, ...params: string[]): number;
  close(): void;
}

export const STATUSES_ON = { publicUrl: 'https://secretgate.example.test/', channelNames: { C0REVIEWS: 'security-reviews' } };

export function fixture(options: { commitStatuses?: boolean } = {}): Fixture {
  const dir = tempDir('secretgate-reviews-');
  const db = openStore(join(dir, 'reviews.db'));
  const clock = { now: Date.parse('2026-12-01T10:00:00Z') };
  const ports = reviewPortsOn(db, () => clock.now, { commitStatuses: options.commitStatuses ? STATUSES_ON : null });
  return {
    db,
    ports,
    clock,
    count: (sql, ...params) => db.prepare(sql).get<{ n: number }>(...params)!.n,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every row count a state change could touch. */
export function rowCounts(f: Fixture): Record<string, number> {
  const tables = ['reviews', 'findings', 'audit_events', 'outbox', 'remembered', 'blocked_commits', 'clean_runs'];
  return Object.fromEntries(tables.map((t) => [t, f.count(`SELECT COUNT(*) AS n FROM ${t}`)]));
}

/** A real failure inside the database: inserting an outbox row of this kind (for this review) aborts. */
export function refuseOutbox(f: Fixture, kind: string, reviewId?: string): () => void {
  const review = reviewId === undefined ? '' : ` AND NEW.review_id = '${reviewId.replace(/'/g, "''")}'`;
  f.db.exec(`CREATE TRIGGER refuse_${kind} BEFORE INSERT ON outbox WHEN NEW.kind = '${kind}'${review}
    BEGIN SELECT RAISE(ABORT, 'the outbox refuses ${kind} (test)'); END`);
  return () => f.db.exec(`DROP TRIGGER refuse_${kind}`);
}
