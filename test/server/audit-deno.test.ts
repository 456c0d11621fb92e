// The audit schema on node:sqlite: the compiled store under Deno migrates a schema-4 log to the
// AUTOINCREMENT table without changing a row, and then catches a deleted tail, as does
// `secretgate audit verify` run by Deno.
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureServerBuild } from '../support/build.js';
import { denoBinary, whyDenoCannotRun } from '../support/deno.js';
import { repoRoot, tempDir } from '../support/server-harness.js';

const cannotRun = whyDenoCannotRun();
if (cannotRun) console.warn(`Skipping the Deno audit test: ${cannotRun}`);

const built = (p: string) => JSON.stringify(pathToFileURL(join(repoRoot, 'build/server', p)).href);

const script = `
import { appendAudit, verifyAuditChain } from ${built('store/audit.js')};
import { openStore } from ${built('store/db.js')};
import { migrations } from ${built('store/migrations.js')};
import { openDatabase } from ${built('store/sqlite.js')};

const path = Deno.args[0];
const append = (db, n) => appendAudit(db, { type: 'review.created', reviewId: 'r' + n, data: { n } }, 1_700_000_000_000 + n);
const old = openDatabase(path);
for (const [i, sql] of migrations.slice(0, 4).entries()) {
  old.exec(sql);
  old.exec('PRAGMA user_version = ' + (i + 1));
}
for (let i = 1; i <= 3; i++) append(old, i);
const before = JSON.stringify(old.prepare('SELECT * FROM audit_events ORDER BY seq').all());
old.close();

const db = openStore(path);
const after = JSON.stringify(db.prepare('SELECT * FROM audit_events ORDER BY seq').all());
for (let i = 4; i <= 5; i++) append(db, i);
const intact = verifyAuditChain(db);
db.exec('DROP TRIGGER audit_events_no_delete');
db.prepare('DELETE FROM audit_events WHERE seq >= ?').run(4);
const truncated = verifyAuditChain(db);
const driver = db.driver;
db.close();
console.log(JSON.stringify({ driver, unchanged: before === after, intact, truncated }));
`;

const denoEnv = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', DENO_NO_UPDATE_CHECK: '1' };

describe.skipIf(cannotRun !== null)('audit log under Deno (node:sqlite)', () => {
  let dir: string;
  beforeAll(() => {
    ensureServerBuild();
    dir = tempDir();
  }, 120_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('migrates a schema-4 log intact and catches a deleted tail', () => {
    const file = join(dir, 'tail.mjs');
    writeFileSync(file, script);
    const dbPath = join(dir, 'audit.db');
    // The script imports only the store, which needs no npm package outside the repository.
    const stdout = execFileSync(denoBinary, ['run', '--allow-all', '--quiet', file, dbPath], { cwd: repoRoot, env: denoEnv, encoding: 'utf8', timeout: 60_000 });
    const r = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    expect(r['driver']).toBe('node:sqlite');
    expect(r['unchanged']).toBe(true);
    expect(r['intact']).toMatchObject({ ok: true, events: 5, headSeq: 5, tailChecked: true });
    expect(r['truncated']).toMatchObject({ ok: false, seq: 4 });

    const cli = spawnSync(denoBinary, ['run', '--allow-all', '--quiet', 'bin/secretgate.js', 'audit', 'verify', '--db', dbPath], { cwd: repoRoot, env: denoEnv, encoding: 'utf8', timeout: 60_000 });
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toContain('BROKEN at event 4');
    expect(cli.status).toBe(1);
  }, 90_000);
});
