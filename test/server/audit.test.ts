// The audit log: append-only by trigger, hash-chained, verified and exported by `secretgate audit`.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditCommand } from '../../server/cli-commands.js';
import { appendAudit, verifyAuditChain } from '../../server/store/audit.js';
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

  it('catches an edit that recomputes the row hash (the next link breaks)', () => {
    db.exec('DROP TRIGGER audit_events_no_update');
    db.prepare(`UPDATE audit_events SET hash = '${'f'.repeat(64)}' WHERE seq = 2`).run();
    const v = verifyAuditChain(db);
    expect(v).toMatchObject({ ok: false, seq: 2 });
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
