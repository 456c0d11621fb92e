// The Store port on SQLite: a transaction's writes are seen together after its COMMIT, never
// before, by a read outside it; a transaction that throws leaves nothing.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../server/store/db.js';
import type { Database } from '../../server/store/sqlite.js';
import { SqliteStore } from '../../server/store/sqlite-store.js';
import { tempDir } from '../support/server-harness.js';

let dir: string;
let db: Database;
let store: SqliteStore;
beforeEach(() => {
  dir = tempDir();
  db = openStore(join(dir, 'port.db'));
  store = new SqliteStore(db);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const auditCount = () => db.prepare('SELECT COUNT(*) AS n FROM audit_events').get<{ n: number }>()!.n;

describe('SqliteStore', () => {
  it('keeps a read outside a transaction from seeing its writes before the COMMIT', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const written = store.transaction(async (tx) => {
      await tx.appendAudit({ type: 'review.created', reviewId: 'r1', actor: 'token:test' }, 0);
      await held; // a transaction kept open (the port forbids it; here it shows the read waits)
      await tx.enqueue({ kind: 'update_review', reviewId: 'r1' }, 0);
    });
    await new Promise((r) => setImmediate(r)); // the batch has begun and holds the audit event
    let seen: number | null = null;
    const read = store.nextDeadline().then(() => (seen = auditCount()));
    await new Promise((r) => setImmediate(r));
    expect(seen).toBeNull();
    release();
    await written;
    await read;
    expect(seen).toBe(1);
  });

  it('leaves nothing when the transaction throws, and the next one commits', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.appendAudit({ type: 'review.created', reviewId: 'r1', actor: 'token:test' }, 0);
        throw new Error('the state change fails after its audit event');
      }),
    ).rejects.toThrow(/fails after/);
    expect(auditCount()).toBe(0);
    await store.transaction(async (tx) => {
      await tx.appendAudit({ type: 'review.created', reviewId: 'r2', actor: 'token:test' }, 0);
    });
    expect(auditCount()).toBe(1);
  });
});
