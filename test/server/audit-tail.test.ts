// The end of the audit chain: deleting the last events is detected through the highest seq
// SQLite issued, and an auditor's `--head SEQ:HASH` anchor catches a rewrite of that record too.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditCommand } from '../../cli/audit-command.js';
import { appendAudit, auditEvents, verifyAuditChain } from '../../server/store/audit.js';
import { openStore } from '../../server/store/db.js';
import { migrate, migrations, schemaVersion } from '../../server/store/migrations.js';
import { openDatabase, type Database } from '../../server/store/sqlite.js';
import { tempDir } from '../support/server-harness.js';

const append = (db: Database, n: number) =>
  appendAudit(db, { type: 'review.created', reviewId: `r${n}`, actor: 'token:abc', data: { n } }, 1_700_000_000_000 + n);

describe('the end of the audit chain', () => {
  let dir: string;
  let dbPath: string;
  let db: Database;

  beforeEach(() => {
    dir = tempDir();
    dbPath = join(dir, 'audit.db');
    db = openStore(dbPath);
    for (let i = 1; i <= 5; i++) append(db, i);
  });
  afterEach(() => {
    try {
      db.close();
    } catch {
      // already closed by the test
    }
    rmSync(dir, { recursive: true, force: true });
  });

  async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await auditCommand([...argv, '--db', dbPath], { out: (s) => void (out += s), err: (s) => void (err += s) });
    return { code, out, err };
  }

  /** Goes around the triggers, as someone with write access to the file would. */
  const deleteTail = (fromSeq: number) => {
    db.exec('DROP TRIGGER audit_events_no_delete');
    db.prepare('DELETE FROM audit_events WHERE seq >= ?').run(fromSeq);
  };

  it('catches the last events deleted, naming the first missing one', async () => {
    deleteTail(4);
    const v = verifyAuditChain(db);
    expect(v).toMatchObject({ ok: false, seq: 4, events: 3 });
    expect(!v.ok && v.reason).toContain('events 4..5 are missing from the end');
    db.close();
    const r = await cli('verify');
    expect(r.code).toBe(1);
    expect(r.out).toContain('BROKEN at event 4');
  });

  it('catches every event deleted', () => {
    deleteTail(1);
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, seq: 1, events: 0 });
  });

  it('keeps a deleted tail visible after new events are appended', () => {
    deleteTail(4);
    const next = append(db, 6);
    expect(next.seq).toBe(6);
    const v = verifyAuditChain(db);
    expect(v).toMatchObject({ ok: false, seq: 6 });
    expect(!v.ok && v.reason).toContain('events 4..5 are missing');
  });

  it('catches the record of the highest seq being lowered along with the tail… only through the anchor', async () => {
    const intact = await cli('verify');
    const head = /head (\d+:[0-9a-f]{64})/.exec(intact.out)![1]!;
    expect(head.startsWith('5:')).toBe(true);
    deleteTail(4);
    db.prepare("UPDATE sqlite_sequence SET seq = 3 WHERE name = 'audit_events'").run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, events: 3, headSeq: 3 });
    db.close();
    const r = await cli('verify', '--head', head);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`audit head ${head} NOT FOUND`);
    expect(r.out).toContain('the anchored event 5 is missing (the log ends at event 3)');
  });

  it('catches the record of the highest seq being edited below the last event', () => {
    db.prepare("UPDATE sqlite_sequence SET seq = 2 WHERE name = 'audit_events'").run();
    const v = verifyAuditChain(db);
    expect(v).toMatchObject({ ok: false, seq: 3 });
    expect(!v.ok && v.reason).toContain('sqlite_sequence was edited');
  });

  it('prints the head as SEQ:HASH and accepts it, or an earlier event, as --head', async () => {
    const events = [...auditEvents(db)];
    db.close();
    const r = await cli('verify');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`intact: 5 event(s), head 5:${events[4]!.hash}`);
    expect(r.out).not.toContain('predates');
    const atHead = await cli('verify', '--head', `5:${events[4]!.hash}`);
    expect(atHead.code).toBe(0);
    expect(atHead.out).toContain(`audit head 5:${events[4]!.hash} found unchanged`);
    const earlier = await cli('verify', `--head=2:${events[1]!.hash.toUpperCase()}`);
    expect(earlier.code).toBe(0);
  });

  it('fails --head when the anchored event differs', async () => {
    const events = [...auditEvents(db)];
    db.close();
    const r = await cli('verify', '--head', `2:${events[2]!.hash}`);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`event 2 has hash ${events[1]!.hash}, not the anchored ${events[2]!.hash}`);
  });

  it('refuses a malformed --head with exit 2', async () => {
    db.close();
    for (const bad of ['5', '0:' + 'a'.repeat(64), '5:abc', 'x:' + 'a'.repeat(64)]) {
      const r = await cli('verify', '--head', bad);
      expect(r.code).toBe(2);
      expect(r.err).toContain('--head must be SEQ:HASH');
    }
    expect((await cli('export', '--head', '5:' + 'a'.repeat(64))).code).toBe(2);
  });
});

describe('migration 5: audit seq from AUTOINCREMENT', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A database left at schema 4 by an earlier server, with a few events in it. */
  function schema4(path: string): Database {
    const db = openDatabase(path);
    for (const [i, sql] of migrations.slice(0, 4).entries()) {
      db.exec(sql);
      db.exec(`PRAGMA user_version = ${i + 1}`);
    }
    for (let i = 1; i <= 4; i++) append(db, i);
    return db;
  }

  it('keeps every row and hash, and then detects a deleted tail', () => {
    const db = schema4(join(dir, 'old.db'));
    const before = db.prepare('SELECT * FROM audit_events ORDER BY seq').all();
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, tailChecked: false });
    migrate(db);
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(db.prepare('SELECT * FROM audit_events ORDER BY seq').all()).toEqual(before);
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, events: 4, headSeq: 4, tailChecked: true });
    expect(() => db.prepare('DELETE FROM audit_events WHERE seq = 4').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE audit_events SET actor = 'x'").run()).toThrow(/append-only/);
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT * FROM audit_events WHERE review_id = 'r1' AND type = 'review.created'").all<{ detail: string }>();
    expect(plan.map((p) => p.detail).join(' ')).toContain('audit_events_by_review');
    expect(append(db, 5).seq).toBe(5);
    db.exec('DROP TRIGGER audit_events_no_delete');
    db.prepare('DELETE FROM audit_events WHERE seq = 5').run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, seq: 5 });
    db.close();
  });

  it('says verify on an unmigrated database cannot see a deleted tail', async () => {
    const path = join(dir, 'old.db');
    schema4(path).close();
    let out = '';
    const code = await auditCommand(['verify', '--db', path], { out: (s) => void (out += s), err() {} });
    expect(code).toBe(0);
    expect(out).toContain('intact: 4 event(s), head 4:');
    expect(out).toContain('predates schema 5');
  });
});
