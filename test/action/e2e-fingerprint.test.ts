// What leaves the runner about a value, through the bundled Action: a gate fingerprints with the
// key the server derives for its repository (masked, written nowhere); a report-only run uses
// SECRETGATE_FINGERPRINT_KEY or puts nothing value-derived in its SARIF; and a decision
// remembered under the old unkeyed fingerprint still answers the first run after the upgrade.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deriveFingerprintKey } from '../../shared/fingerprint-key.js';
import { keyedFingerprint } from '../../action/engine/fingerprint.js';
import { migrations } from '../../server/store/migrations.js';
import { openDatabase } from '../../server/store/sqlite.js';
import { planted, plantedSource, plantedValues } from '../support/planted.js';
import { startTestServer, tempDir, type TestServer } from '../support/server-harness.js';
import { click, databaseBytes, reviewIdOf, scenario, start } from '../support/gate-scenario.js';
import { commit, initRepo, removeDir } from '../support/git-fixture.js';
import { runAction } from '../support/run-action.js';

const unkeyed = (repository: string, value: string) => createHash('sha256').update(repository).update('\0').update(value).digest('hex');

interface SarifResult {
  ruleId: string;
  partialFingerprints: Record<string, string>;
}
const sarifResults = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as { runs: { results: SarifResult[] }[] }).runs[0]!.results;

describe('a gate job', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('fingerprints with its repository key from the server, masks the key and writes it nowhere', async () => {
    const s = scenario(server, plantedSource());
    const action = start(s);
    const id = await reviewIdOf(action);
    await click(server, id, 'false_positive');
    const result = await action.result;
    expect(result.exitCode, result.log).toBe(0);

    const key = deriveFingerprintKey(server.server.deps.fingerprintKey, s.repository);
    expect(result.masked).toContain(key.toString('base64'));
    const stored = server.db().prepare('SELECT fingerprint FROM findings WHERE review_id = ?').all<{ fingerprint: string }>(id).map((r) => r.fingerprint);
    expect(stored.length).toBeGreaterThanOrEqual(4);
    expect(stored).toContain(keyedFingerprint(key, planted.githubPat));
    for (const value of plantedValues) expect(stored).not.toContain(unkeyed(s.repository, value));

    // The SARIF the job may upload carries the same keyed fingerprints, and nothing anyone can recompute.
    const sarifPath = result.outputs['sarif-file']!;
    const sarif = readFileSync(sarifPath, 'utf8');
    expect(sarifResults(sarifPath).map((r) => r.partialFingerprints['secretgate/v2']).sort()).toEqual([...stored].sort());
    const everywhere = [result.log, result.summary, sarif, server.logs.join('\n'), server.slack.calls.map((c) => c.rawBody).join('\n'), databaseBytes(server.dbPath)];
    for (const text of everywhere) {
      expect(text).not.toContain(key.toString('base64'));
      expect(text).not.toContain(key.toString('hex'));
      for (const value of plantedValues) expect(text).not.toContain(unkeyed(s.repository, value));
    }
  });
});

describe('the first run after the upgrade', () => {
  const dir = tempDir();
  const repository = 'acme/upgraded';
  let server: TestServer;

  beforeAll(async () => {
    // A database as the server before keyed fingerprints left it: schema 5, the planted token
    // remembered as a false positive under SHA-256(repository, NUL, value).
    const db = openDatabase(join(dir, 'secretgate.db'));
    for (let v = 0; v < 5; v++) db.exec(migrations[v]!);
    db.exec('PRAGMA user_version = 5');
    db.prepare(
      "INSERT INTO remembered (repository, fingerprint, decision, review_id, decided_by, decided_at) VALUES (?, ?, 'false_positive', 'r-old', 'U0APPROVER', '2026-10-01T00:00:00Z')",
    ).run(repository, unkeyed(repository, planted.githubPat));
    db.close();
    server = await startTestServer({ dir });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes at once on the old decision, and later runs pass on the keyed one alone', async () => {
    const s = scenario(server);
    s.options.repository = repository;
    s.options.payload = { ...s.options.payload, repository: { full_name: repository } };
    const first = await start(s).result;
    expect(first.exitCode, first.log).toBe(0);
    expect(first.log).toContain('Every finding was decided before (false positive)');
    expect(server.slack.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(0);
    const legacyLeft = server.db().prepare('SELECT COUNT(*) AS n FROM remembered_legacy').get<{ n: number }>()!.n;
    expect(legacyLeft).toBe(0);

    const again = await start(s, { runId: `${s.options.runId}9` }).result;
    expect(again.exitCode, again.log).toBe(0);
    expect(again.log).toContain('Every finding was decided before (false positive)');
  });
});

describe('a report-only job', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach(removeDir));

  function repoWithSecrets() {
    const repo = initRepo();
    dirs.push(repo);
    const before = commit(repo, 'initial', { 'README.md': '# widgets\n' });
    const after = commit(repo, 'add config', { 'src/config.env': plantedSource() });
    return { workspace: repo, eventName: 'push', payload: { ref: 'refs/heads/main', before, after, created: false, deleted: false, forced: false }, sha: after };
  }

  it('puts no value-derived fingerprint into SARIF without SECRETGATE_FINGERPRINT_KEY', async () => {
    const result = await runAction(repoWithSecrets());
    expect(result.exitCode).toBe(1);
    const path = result.outputs['sarif-file']!;
    const results = sarifResults(path);
    expect(results.length).toBe(plantedValues.length);
    for (const r of results) {
      expect(r.partialFingerprints['secretgate/v2']).toMatch(/^loc:[0-9a-f]{64}$/);
      expect(r.partialFingerprints['primaryLocationLineHash']).toMatch(/^[0-9a-f]{64}$/);
    }
    const sarif = readFileSync(path, 'utf8');
    for (const value of plantedValues) {
      expect(sarif).not.toContain(createHash('sha256').update(value).digest('hex'));
      expect(sarif).not.toContain(unkeyed('acme/widgets', value));
    }
  });

  it('fingerprints with SECRETGATE_FINGERPRINT_KEY when it is set, and masks it', async () => {
    const master = '6d'.repeat(32);
    const result = await runAction({ ...repoWithSecrets(), env: { SECRETGATE_FINGERPRINT_KEY: master } });
    expect(result.exitCode).toBe(1);
    expect(result.masked).toContain(master);
    const repository = 'acme/widgets';
    const key = deriveFingerprintKey(Buffer.from(master, 'hex'), repository);
    const fps = sarifResults(result.outputs['sarif-file']!).map((r) => r.partialFingerprints['secretgate/v2']);
    expect(fps).toContain(keyedFingerprint(key, planted.githubPat));
  });
});
