// The audit log: append-only by trigger, hash-chained, verified and exported by `secretgate audit`.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditCommand } from '../../cli/audit-command.js';
import { appendAudit, hashAuditEvent, verifyAuditChain } from '../../server/store/audit.js';
import { openStore } from '../../server/store/db.js';
import { migrations, schemaVersion } from '../../server/store/migrations.js';
import type { Database } from '../../server/store/sqlite.js';
import { tempDir } from '../support/server-harness.js';

describe('audit log', () => {
  let dir: string;
  let dbPath: string;
  let db: Database;

  beforeEach(() => {
    dir = tempDir();
    dbPath = join(dir, 'audit.db');
    db = openStore(dbPath);
    for (let i = 1; i <= 5; i++) {
      appendAudit(db, { type: 'review.created', reviewId: `r${i}`, actor: 'token:abc', data: { n: i, note: 'a "quoted", comma' } }, 1_700_000_000_000 + i);
    }
  });
  afterEach(() => {
    try {
      db.close();
    } catch {
      // already closed by the test
    }
    rmSync(dir, { recursive: true, force: true });
  });

  type Row = { seq: number; at: string; type: string; review_id: string | null; actor: string | null; data: string; prev_hash: string; hash: string };
  const rowAt = (seq: number) => db.prepare('SELECT * FROM audit_events WHERE seq = ?').get<Row>(seq)!;

  async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await auditCommand([...argv, '--db', dbPath], { out: (s) => void (out += s), err: (s) => void (err += s) });
    return { code, out, err };
  }

  it('is at the latest schema version, recorded in user_version', () => {
    expect(schemaVersion(db)).toBe(migrations.length);
  });

  it('verifies an untouched chain', () => {
    const v = verifyAuditChain(db);
    expect(v).toMatchObject({ ok: true, events: 5 });
  });

  it('refuses UPDATE and DELETE through its triggers', () => {
    expect(() => db.prepare("UPDATE audit_events SET actor = 'x' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_events WHERE seq = 2').run()).toThrow(/append-only/);
    expect(verifyAuditChain(db).ok).toBe(true);
  });

  it('catches an edited row once the triggers are dropped', async () => {
    db.exec('DROP TRIGGER audit_events_no_update');
    db.prepare(`UPDATE audit_events SET data = '{"n":99}' WHERE seq = 3`).run();
    const v = verifyAuditChain(db);
    expect(v).toMatchObject({ ok: false, seq: 3 });
    expect(!v.ok && v.reason).toContain('edited');
    db.close();
    const r = await cli(['verify']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('BROKEN at event 3');
  });

  it('catches an edit whose row hash is recomputed honestly: the next event names the old hash', async () => {
    db.exec('DROP TRIGGER audit_events_no_update');
    const row = rowAt(2);
    const data = JSON.stringify({ n: 2, note: 'nothing happened here' });
    db.prepare('UPDATE audit_events SET data = ?, hash = ? WHERE seq = 2').run(data, hashAuditEvent(row.prev_hash, { ...row, data }));
    // The edited row on its own checks out; only the link from event 3 gives it away.
    const edited = rowAt(2);
    expect(hashAuditEvent(edited.prev_hash, edited)).toBe(edited.hash);
    const v = verifyAuditChain(db);
    expect(v).toMatchObject({ ok: false, seq: 3 });
    expect(!v.ok && v.reason).toContain('names a previous hash that is not the hash of event 2');
    db.close();
    const r = await cli(['verify']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('BROKEN at event 3');
  });

  it('catches a deleted row whose successors were renumbered, relinked and rehashed, and sqlite_sequence lowered', async () => {
    db.exec('DROP TRIGGER audit_events_no_delete; DROP TRIGGER audit_events_no_update');
    const before = rowAt(2);
    db.prepare('DELETE FROM audit_events WHERE seq = 3').run();
    db.prepare('UPDATE audit_events SET seq = seq - 1 WHERE seq > 3').run();
    // The event after the gap now names event 2; every renumbered row gets an honest hash of itself.
    db.prepare('UPDATE audit_events SET prev_hash = ? WHERE seq = 3').run(before.hash);
    for (const seq of [3, 4]) {
      const row = rowAt(seq);
      db.prepare('UPDATE audit_events SET hash = ? WHERE seq = ?').run(hashAuditEvent(row.prev_hash, row), seq);
    }
    db.prepare("UPDATE sqlite_sequence SET seq = 4 WHERE name = 'audit_events'").run();
    // No gap in seq, no short tail, every row matches its hash: only the link from event 4 breaks.
    const v = verifyAuditChain(db);
    expect(v).toMatchObject({ ok: false, seq: 4 });
    expect(!v.ok && v.reason).toContain('names a previous hash');
    db.close();
    const r = await cli(['verify']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('BROKEN at event 4');
  });

  it('catches a deleted row once the triggers are dropped', async () => {
    db.exec('DROP TRIGGER audit_events_no_delete');
    db.prepare('DELETE FROM audit_events WHERE seq = 2').run();
    const v = verifyAuditChain(db);
    expect(v).toMatchObject({ ok: false, seq: 3 });
    expect(!v.ok && v.reason).toContain('missing');
    db.close();
    const r = await cli(['verify']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('BROKEN at event 3');
  });

  it('catches a deleted row whose successors were renumbered', () => {
    db.exec('DROP TRIGGER audit_events_no_delete; DROP TRIGGER audit_events_no_update');
    db.prepare('DELETE FROM audit_events WHERE seq = 2').run();
    db.prepare('UPDATE audit_events SET seq = seq - 1 WHERE seq > 2').run();
    const v = verifyAuditChain(db);
    expect(v.ok).toBe(false);
  });

  it('audit verify exits 0 on an intact chain and 2 without a database', async () => {
    db.close();
    const ok = await cli(['verify']);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('intact: 5 event(s)');
    const missing = await auditCommand(['verify', '--db', join(dir, 'missing.db')], { out() {}, err() {} });
    expect(missing).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
    const xml = await cli(['export', '--format', 'xml']);
    expect(xml.code).toBe(2);
    expect(xml.err).toContain('--format must be jsonl or csv');
  });

  it('exports the trail as JSON lines and CSV', async () => {
    db.close();
    const jsonl = join(dir, 'trail.jsonl');
    const csv = join(dir, 'trail.csv');
    expect(await auditCommand(['export', '--format', 'jsonl', '--output', jsonl, '--db', dbPath])).toBe(0);
    expect(await auditCommand(['export', '--format=csv', '--output', csv, '--db', dbPath])).toBe(0);
    const lines = readFileSync(jsonl, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({ seq: 1, type: 'review.created', reviewId: 'r1', data: { n: 1 } });
    expect(lines[1]!['prevHash']).toBe(lines[0]!['hash']);
    const stdout = await cli(['export']);
    expect(stdout.out.trim().split('\n')).toHaveLength(5);
    const rows = readFileSync(csv, 'utf8').trim().split('\r\n');
    expect(rows[0]).toBe('seq,at,type,review_id,actor,data,prev_hash,hash');
    expect(rows).toHaveLength(6);
    expect(rows[1]).toContain('"{""n"":1,""note"":""a \\""quoted\\"", comma""}"');
  });
});
