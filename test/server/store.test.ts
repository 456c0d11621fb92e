// The SQLite seam: pragmas, numbered migrations in user_version, and both drivers.
import { createRequire } from 'node:module';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../server/store/db.js';
import { migrate, migrations, schemaVersion } from '../../server/store/migrations.js';
import { openDatabase, type DriverName } from '../../server/store/sqlite.js';
import { tempDir } from '../support/server-harness.js';

const require = createRequire(import.meta.url);

/** Why a driver cannot run in this process, or null when it can. */
function unavailable(driver: DriverName): string | null {
  try {
    if (driver === 'node:sqlite') require('node:sqlite');
    else new (require('better-sqlite3') as new (p: string) => { close(): void })(':memory:').close();
    return null;
  } catch (err) {
    return (err as Error).message.split('\n')[0]!;
  }
}

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});
const freshPath = () => {
  const d = tempDir();
  dirs.push(d);
  return join(d, 'store.db');
};

describe.each(['better-sqlite3', 'node:sqlite'] as const)('store on %s', (driver) => {
  const why = unavailable(driver);
  // Node 20 has no node:sqlite; better-sqlite3 is built for one Node ABI. CI runs the suite
  // on one Node and the spawned servers on the other, so each driver is exercised somewhere.
  it.skipIf(why !== null)(`opens with WAL, synchronous=NORMAL and a busy timeout${why ? ` (skipped: ${why})` : ''}`, () => {
    const db = openStore(freshPath(), { driver });
    expect(db.driver).toBe(driver);
    expect(db.prepare('PRAGMA journal_mode').get<{ journal_mode: string }>()!.journal_mode).toBe('wal');
    expect(db.prepare('PRAGMA synchronous').get<{ synchronous: number }>()!.synchronous).toBe(1);
    expect(Object.values(db.prepare('PRAGMA busy_timeout').get<Record<string, number>>()!)[0]).toBe(5000);
    expect(schemaVersion(db)).toBe(migrations.length);
    db.close();
  });

  it.skipIf(why !== null)('rolls a failed transaction back whole', () => {
    const db = openDatabase(':memory:', { driver });
    db.exec('CREATE TABLE t (v INTEGER PRIMARY KEY)');
    expect(() =>
      db.transaction(() => {
        db.prepare('INSERT INTO t VALUES (?)').run(1);
        db.prepare('INSERT INTO t VALUES (?)').run(1);
      }),
    ).toThrow();
    expect(db.prepare('SELECT COUNT(*) AS n FROM t').get<{ n: number }>()!.n).toBe(0);
    db.close();
  });
});

describe('migrations', () => {
  it('upgrades a version-1 database to the latest version, keeping its rows', () => {
    const path = freshPath();
    const old = openDatabase(path);
    old.transaction(() => {
      old.exec(migrations[0]!);
      old.exec('PRAGMA user_version = 1');
    });
    old.prepare("INSERT INTO outbox (review_id, kind, payload, created_at) VALUES ('r1', 'update_review', '{}', 'then')").run();
    old.close();

    const db = openStore(path);
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.prepare('SELECT review_id, sent_at_ms FROM outbox').get()).toEqual({ review_id: 'r1', sent_at_ms: null });
    expect(migrate(db)).toBe(migrations.length); // idempotent
    db.close();
  });

  it('refuses a database newer than this server knows', () => {
    const path = freshPath();
    const db = openDatabase(path);
    db.exec(`PRAGMA user_version = ${migrations.length + 1}`);
    db.close();
    expect(() => openStore(path)).toThrow(`schema version ${migrations.length + 1}, newer than this server knows (${migrations.length})`);
  });
});
