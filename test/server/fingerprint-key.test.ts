// The fingerprint key on the server: one master key, made once and kept; each job gets the key
// of a repository its credential covers and no other; the old decisions carry over once.
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deriveFingerprintKey } from '../../shared/fingerprint-key.js';
import { keyedFingerprint } from '../../action/engine/fingerprint.js';
import { loadConfig } from '../../server/config/index.js';
import { auditCommand } from '../../cli/audit-command.js';
import { migrations } from '../../server/store/migrations.js';
import { openDatabase } from '../../server/store/sqlite.js';
import { OidcIssuer } from '../support/oidc-issuer.js';
import { api, createReview, reviewRequest, startTestServer, tempDir, testEnv, type TestServer } from '../support/server-harness.js';

const SCOPED = 'sg-scoped-token-acme-api-0123456789';
const ENV_KEY = '3c'.repeat(32);

const keyOf = async (t: TestServer, token: string, repository: string) =>
  api(t.url, token, 'GET', `/api/v1/fingerprint-key?repository=${encodeURIComponent(repository)}`);

const auditTypes = (t: TestServer) => t.db().prepare('SELECT type, actor, data FROM audit_events ORDER BY seq').all<{ type: string; actor: string; data: string }>();

describe('GET /api/v1/fingerprint-key', () => {
  let t: TestServer;
  let issuer: OidcIssuer;
  beforeAll(async () => {
    issuer = await OidcIssuer.start();
    t = await startTestServer({
      env: {
        SECRETGATE_API_TOKENS: `sg-test-token-0123456789abcdef, ${SCOPED}@acme/api`,
        SECRETGATE_OIDC_ISSUER: issuer.issuer,
        SECRETGATE_OIDC_JWKS_URL: issuer.jwksUrl,
        SECRETGATE_OIDC_AUDIENCE: 'secretgate-test',
        SECRETGATE_OIDC_ALLOWED_REPOS: 'acme/*',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await issuer.close();
  });

  it('hands a caller the key derived for its repository, uncached, and audits it', async () => {
    const res = await fetch(`${t.url}/api/v1/fingerprint-key?repository=acme/api`, { headers: { authorization: `Bearer ${SCOPED}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { repository: string; key: string; legacyFingerprints: boolean };
    const expected = deriveFingerprintKey(t.server.deps.fingerprintKey, 'acme/api');
    expect(body).toEqual({ repository: 'acme/api', key: expected.toString('base64'), legacyFingerprints: false });
    expect(Buffer.from(body.key, 'base64').length).toBe(32);
    const other = await keyOf(t, t.apiToken, 'acme/web');
    expect(other.json['key']).not.toBe(body.key);
    const issued = auditTypes(t).filter((e) => e.type === 'fingerprint_key.issued');
    expect(issued.map((e) => [e.actor, JSON.parse(e.data).repository])).toContainEqual([expect.stringContaining('token:'), 'acme/api']);
    for (const e of issued) expect(e.data).not.toContain(body.key);
    expect(t.logs.join('')).toContain('fingerprint key issued');
    expect(t.logs.join('')).not.toContain(body.key);
  });

  it("refuses another repository's key to a scoped token and to an OIDC token (403, audited)", async () => {
    const before = auditTypes(t).filter((e) => e.type === 'api.forbidden').length;
    const scoped = await keyOf(t, SCOPED, 'acme/web');
    expect(scoped.status).toBe(403);
    expect(scoped.json['key']).toBeUndefined();
    const jwt = await issuer.token({ repository: 'acme/api' }, { audience: 'secretgate-test' });
    const oidc = await keyOf(t, jwt, 'acme/web');
    expect(oidc.status).toBe(403);
    expect(oidc.json['key']).toBeUndefined();
    expect((await keyOf(t, jwt, 'acme/api')).status).toBe(200);
    const forbidden = auditTypes(t).filter((e) => e.type === 'api.forbidden');
    expect(forbidden.length).toBe(before + 2);
    expect(forbidden.map((e) => JSON.parse(e.data).path)).toContain('/api/v1/fingerprint-key');
  });

  it('refuses callers without a credential and malformed repositories', async () => {
    expect((await fetch(`${t.url}/api/v1/fingerprint-key?repository=acme/api`)).status).toBe(401);
    expect((await keyOf(t, t.apiToken, 'acme')).status).toBe(400);
    expect((await keyOf(t, t.apiToken, 'acme/api/extra')).status).toBe(400);
    expect((await api(t.url, t.apiToken, 'GET', '/api/v1/fingerprint-key')).status).toBe(400);
  });

  it('refuses a review whose fingerprints are location fingerprints (they name no value)', async () => {
    const req = reviewRequest({ repository: 'acme/api' });
    req.findings[0]!.fingerprint = `loc:${'0'.repeat(64)}`;
    const r = await api(t.url, t.apiToken, 'POST', '/api/v1/reviews', req);
    expect(r.status).toBe(400);
    expect(String(r.json['message'])).toContain('location fingerprint');
  });
});

describe('the master key', () => {
  it('is made once on first start, kept across a restart, and never logged or exported', async () => {
    const dir = tempDir();
    const first = await startTestServer({ dir });
    const key = (await keyOf(first, first.apiToken, 'acme/api')).json['key'];
    const master = first.server.deps.fingerprintKey;
    expect(master.length).toBe(32);
    const logs = [...first.logs];
    await first.close();

    const second = await startTestServer({ dir });
    try {
      expect(second.server.deps.fingerprintKey.equals(master)).toBe(true);
      expect((await keyOf(second, second.apiToken, 'acme/api')).json['key']).toBe(key);
      logs.push(...second.logs);
      let exported = '';
      const code = await auditCommand(['export', '--format', 'jsonl', '--db', second.dbPath], { out: (s: string) => void (exported += s), err: () => {} } as never);
      expect(code).toBe(0);
      expect(exported).toContain('fingerprint_key.issued');
      for (const secret of [master.toString('hex'), master.toString('base64'), String(key)]) {
        expect(logs.join('\n')).not.toContain(secret);
        expect(exported).not.toContain(secret);
      }
    } finally {
      await second.close();
    }
  });

  it('comes from SECRETGATE_FINGERPRINT_KEY when set, and is then not stored', async () => {
    const t = await startTestServer({ env: { SECRETGATE_FINGERPRINT_KEY: ENV_KEY } });
    try {
      expect(t.server.deps.fingerprintKey.toString('hex')).toBe(ENV_KEY);
      const body = (await keyOf(t, t.apiToken, 'acme/api')).json;
      expect(body['key']).toBe(deriveFingerprintKey(Buffer.from(ENV_KEY, 'hex'), 'acme/api').toString('base64'));
      expect(t.db().prepare('SELECT COUNT(*) AS n FROM server_keys').get<{ n: number }>()!.n).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('refuses a malformed or short SECRETGATE_FINGERPRINT_KEY, naming it and not repeating it', () => {
    const dir = tempDir();
    for (const bad of ['ab'.repeat(16), 'not a key, not at all']) {
      let message = '';
      try {
        loadConfig(testEnv('http://127.0.0.1:9/api/', join(dir, 'x.db'), { SECRETGATE_FINGERPRINT_KEY: bad }));
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(/^SECRETGATE_FINGERPRINT_KEY is (too short|malformed)/);
      expect(message).not.toContain(bad);
    }
  });
});

describe('decisions remembered before fingerprints were keyed', () => {
  const OLD_VALUE = 'ghp_0ldR3memb3redV4lu3F4ls3P0s1t1ve00001';
  const FORGOTTEN = 'ghp_N3v3rS33nAga1nV4lu3F4ls3P0s1t1ve0002';
  const unkeyed = (repository: string, value: string) => createHash('sha256').update(repository).update('\0').update(value).digest('hex');
  let dir: string;
  let t: TestServer;

  /** A database as the server before this change left it: schema 5, two values remembered unkeyed. */
  function oldDatabase(): void {
    const db = openDatabase(join(dir, 'secretgate.db'));
    for (let v = 0; v < 5; v++) db.exec(migrations[v]!);
    db.exec('PRAGMA user_version = 5');
    const remember = db.prepare(
      "INSERT INTO remembered (repository, fingerprint, decision, review_id, decided_by, decided_at) VALUES ('acme/api', ?, 'false_positive', 'r-old', 'U0APPROVER', '2026-10-01T00:00:00Z')",
    );
    remember.run(unkeyed('acme/api', OLD_VALUE));
    remember.run(unkeyed('acme/api', FORGOTTEN));
    db.close();
  }

  const finding = (value: string, legacy: boolean) => {
    const key = deriveFingerprintKey(t.server.deps.fingerprintKey, 'acme/api');
    const f = reviewRequest().findings[0]!;
    return { ...f, fingerprint: keyedFingerprint(key, value), ...(legacy ? { legacyFingerprint: unkeyed('acme/api', value) } : {}) };
  };

  // Each test upgrades its own old database: carrying a decision over changes the tables the next would read.
  beforeEach(async () => {
    dir = tempDir();
    oldDatabase();
    t = await startTestServer({ dir });
  });
  afterEach(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks jobs for the old fingerprint while the repository has old decisions', async () => {
    expect((await keyOf(t, t.apiToken, 'acme/api')).json['legacyFingerprints']).toBe(true);
    expect((await keyOf(t, t.apiToken, 'acme/web')).json['legacyFingerprints']).toBe(false);
    // The unkeyed rows left the table keyed fingerprints are looked up in.
    expect(t.db().prepare('SELECT COUNT(*) AS n FROM remembered').get<{ n: number }>()!.n).toBe(0);
  });

  it('answers a review at once when the job sends the old fingerprint along, and keeps only the keyed one', async () => {
    const f = finding(OLD_VALUE, true);
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ repository: 'acme/api', findings: [f] }));
    expect(review).toMatchObject({ status: 'false_positive', remembered: true });
    const db = t.db();
    expect(db.prepare('SELECT COUNT(*) AS n FROM remembered_legacy WHERE fingerprint = ?').get<{ n: number }>(f.legacyFingerprint!)!.n).toBe(0);
    expect(db.prepare('SELECT decision FROM remembered WHERE fingerprint = ?').get<{ decision: string }>(f.fingerprint)?.decision).toBe('false_positive');
    // The old fingerprint from the request is stored nowhere: not with the finding, not in the audit log.
    expect(db.prepare('SELECT fingerprint FROM findings WHERE review_id = ?').all<{ fingerprint: string }>(review.id)).toEqual([{ fingerprint: f.fingerprint }]);
    const audit = db.prepare('SELECT type, data FROM audit_events').all<{ type: string; data: string }>();
    expect(audit.some((e) => e.data.includes(f.legacyFingerprint!))).toBe(false);
    expect(audit.map((e) => e.type)).toContain('remembered.rekeyed');

    // From now on the keyed fingerprint alone is enough.
    const { review: again } = await createReview(t.url, t.apiToken, reviewRequest({ repository: 'acme/api', findings: [finding(OLD_VALUE, false)] }));
    expect(again).toMatchObject({ status: 'false_positive', remembered: true });
  });

  it('asks again about an old value when the job sends only the keyed fingerprint', async () => {
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ repository: 'acme/api', findings: [finding(FORGOTTEN, false)] }));
    expect(review.status).toBe('pending');
  });

  it('honours old decisions for the transition period only', async () => {
    // The same database, opened again 91 days after the upgrade.
    const later = Date.now() + 91 * 24 * 3600 * 1000;
    await t.close();
    t = await startTestServer({ dir, overrides: { now: () => later } });
    expect((await keyOf(t, t.apiToken, 'acme/api')).json['legacyFingerprints']).toBe(false);
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ repository: 'acme/api', findings: [finding(FORGOTTEN, true)] }));
    expect(review.status).toBe('pending');
    expect(t.db().prepare('SELECT COUNT(*) AS n FROM remembered_legacy').get<{ n: number }>()!.n).toBe(0);
  });
});
