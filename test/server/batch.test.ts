// Group commit: writes queued in one turn share a transaction; a failing one is undone alone.
import { describe, expect, it } from 'vitest';
import { WriteBatcher } from '../../server/store/batch.js';
import { openDatabase } from '../../server/store/sqlite.js';

describe('WriteBatcher', () => {
  it('commits a batch together and undoes only the write that threw', async () => {
    const db = openDatabase(':memory:');
    db.exec('CREATE TABLE t (v INTEGER PRIMARY KEY)');
    const batch = new WriteBatcher(db);
    const insert = (v: number) => () => db.prepare('INSERT INTO t (v) VALUES (?)').run(v).changes;
    const results = await Promise.allSettled([
      batch.run(insert(1)),
      batch.run(() => {
        db.prepare('INSERT INTO t (v) VALUES (?)').run(2);
        throw new Error('second write fails after inserting');
      }),
      batch.run(insert(3)),
      batch.run(insert(1)), // duplicate key
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect(db.prepare('SELECT v FROM t ORDER BY v').all<{ v: number }>().map((r) => r.v)).toEqual([1, 3]);
  });

  it('answers nobody before the commit: a write is visible once its promise resolves', async () => {
    const db = openDatabase(':memory:');
    db.exec('CREATE TABLE t (v INTEGER)');
    const batch = new WriteBatcher(db, 3);
    const all = Array.from({ length: 7 }, (_, i) => batch.run(() => db.prepare('INSERT INTO t VALUES (?)').run(i)));
    await Promise.all(all);
    expect(db.prepare('SELECT COUNT(*) AS n FROM t').get<{ n: number }>()!.n).toBe(7);
  });
});
