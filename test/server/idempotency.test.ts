// An idempotency key belongs to one caller and one request (invariant 4), on a real server:
// the same request again gets the same review; the same key with another commit or other
// fingerprints gets 409, never the first review's answer; another caller's key is its own.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateReviewRequest } from '../../shared/contract.js';
import { openStore } from '../../server/store/db.js';
import { migrations } from '../../server/store/migrations.js';
import { openReview } from '../../server/reviews/open.js';
import { openDatabase } from '../../server/store/sqlite.js';
import { api, APPROVER, reviewRequest, startTestServer, tempDir, TEST_API_TOKEN, type TestServer } from '../support/server-harness.js';
import { reviewPortsOn } from '../support/review-ports.js';
import { clickThrough } from '../support/slack-clicks.js';

const OTHER_TOKEN = 'sg-other-caller-0123456789abcdef';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ env: { SECRETGATE_API_TOKENS: `${TEST_API_TOKEN},${OTHER_TOKEN}` } });
});
afterAll(async () => {
  await t?.close();
});

const post = (token: string, body: unknown) => api(t.url, token, 'POST', '/api/v1/reviews', body);
const count = (sql: string, ...params: string[]) => t.db().prepare(sql).get<{ n: number }>(...params)!.n;

/** The same key, another commit and another finding: what a forged retry would send. */
function otherRequestWithKeyOf(req: CreateReviewRequest): CreateReviewRequest {
  const other = reviewRequest({ repository: req.repository, idempotencyKey: req.idempotencyKey, headSha: 'f'.repeat(40) });
  other.findings[0]!.commit = 'f'.repeat(40);
  return other;
}

describe('idempotency keys', () => {
  it('answers a retry of the same request with the same review, whatever the order of its keys', async () => {
    const req = reviewRequest({ repository: 'acme/idem-same' });
    const first = await post(TEST_API_TOKEN, req);
    expect(first.status).toBe(201);
    // The same JSON with its members in reverse order, at every depth.
    const reversed = Object.fromEntries(
      Object.entries(req)
        .reverse()
        .map(([k, v]) => [k, k === 'findings' ? (v as object[]).map((f) => Object.fromEntries(Object.entries(f).reverse())) : v]),
    );
    const again = await post(TEST_API_TOKEN, reversed);
    expect(again.status).toBe(200);
    expect(again.json['id']).toBe(first.json['id']);
    expect(count('SELECT COUNT(*) AS n FROM reviews WHERE repository = ?', req.repository)).toBe(1);
  });

  it('refuses the same key with another commit and other fingerprints: 409, no answer, nothing written', async () => {
    const req = reviewRequest({ repository: 'acme/idem-forged' });
    const first = await post(TEST_API_TOKEN, req);
    expect(first.status).toBe(201);
    const id = first.json['id'] as string;
    // The first review is approved; a job that reuses its key must not inherit that.
    await t.slack.waitFor((s) => s.delivered('chat.postMessage').some((c) => c.rawBody.includes(id)), 10_000, 'the review message');
    const { submission } = await clickThrough(t, { reviewId: id, button: 'approve', userId: APPROVER, reason: 'rotated' });
    expect(submission?.status).toBe(200);
    const auditBefore = count('SELECT COUNT(*) AS n FROM audit_events');
    const outboxBefore = count('SELECT COUNT(*) AS n FROM outbox');

    const forged = await post(TEST_API_TOKEN, otherRequestWithKeyOf(req));
    expect(forged.status).toBe(409);
    expect(forged.json).toEqual({
      error: 'idempotency_conflict',
      message: 'idempotencyKey was already used by this caller for a different request; send a new key for a new request',
    });
    expect(JSON.stringify(forged.json)).not.toContain(id);
    expect(count('SELECT COUNT(*) AS n FROM reviews WHERE repository = ?', req.repository)).toBe(1);
    expect(count('SELECT COUNT(*) AS n FROM audit_events')).toBe(auditBefore);
    expect(count('SELECT COUNT(*) AS n FROM outbox')).toBe(outboxBefore);
    // The honest retry still gets its own review's answer.
    const retry = await post(TEST_API_TOKEN, req);
    expect(retry.status).toBe(200);
    expect(retry.json).toMatchObject({ id, status: 'approved' });
  });

  it('refuses a changed finding alone (same commit, another fingerprint)', async () => {
    const req = reviewRequest({ repository: 'acme/idem-finding' });
    expect((await post(TEST_API_TOKEN, req)).status).toBe(201);
    const changed = structuredClone(req);
    changed.findings[0]!.fingerprint = `sha256:${'e'.repeat(64)}`;
    expect((await post(TEST_API_TOKEN, changed)).status).toBe(409);
  });

  it("gives another caller using the same key its own review, and never the first caller's answer", async () => {
    const req = reviewRequest({ repository: 'acme/idem-callers' });
    const mine = await post(TEST_API_TOKEN, req);
    expect(mine.status).toBe(201);
    await clickThrough(t, { reviewId: mine.json['id'] as string, button: 'false_positive', userId: APPROVER });
    const theirRequest = otherRequestWithKeyOf(req);
    const theirs = await post(OTHER_TOKEN, theirRequest);
    expect(theirs.status).toBe(201);
    expect(theirs.json['id']).not.toBe(mine.json['id']);
    expect(theirs.json['status']).toBe('pending');
    // Their retry finds their review, and mine still finds mine.
    expect((await post(OTHER_TOKEN, theirRequest)).json['id']).toBe(theirs.json['id']);
    expect((await post(TEST_API_TOKEN, req)).json).toMatchObject({ id: mine.json['id'], status: 'false_positive' });
  });
});

describe('idempotency keys across the schema upgrade', () => {
  it('scopes the keys of reviews stored before to their caller, who still finds them', async () => {
    const dir = tempDir();
    try {
      const path = join(dir, 'old.db');
      // A database just before the migration that scopes keys, holding one review.
      const before = migrations.findIndex((m) => m.includes('request_hash'));
      const old = openDatabase(path);
      for (let v = 0; v < before; v++) {
        old.transaction(() => {
          old.exec(migrations[v]!);
          old.exec(`PRAGMA user_version = ${v + 1}`);
        });
      }
      old
        .prepare(
          `INSERT INTO reviews (id, idempotency_key, repository, head_sha, requested_by, status, finding_count, created_at, deadline_ms)
           VALUES ('r-old', 'run-7-1', 'acme/api', ?, 'token:aaaaaaaaaaaa', 'pending', 1, '2026-01-01T00:00:00.000Z', 0)`,
        )
        .run('a'.repeat(40));
      old.close();

      const db = openStore(path);
      try {
        const req = reviewRequest({ idempotencyKey: 'run-7-1' });
        const opts = { channel: 'C0REVIEWS', requestHash: 'h1' };
        const ports = reviewPortsOn(db);
        // Its own caller's retry finds it (the old request's hash is unknown, so it is not refused).
        expect(await openReview(ports, req, { ...opts, id: 'r-new-1', requestedBy: 'token:aaaaaaaaaaaa' })).toMatchObject({ created: false, conflict: false, review: { id: 'r-old' } });
        // Another caller with the same key gets a review of its own.
        expect(await openReview(ports, req, { ...opts, id: 'r-new-2', requestedBy: 'token:bbbbbbbbbbbb' })).toMatchObject({ created: true, review: { id: 'r-new-2' } });
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
