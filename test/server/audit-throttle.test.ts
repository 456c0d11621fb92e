// Unauthenticated noise is audited without letting anyone grow the audit log without bound.
import { afterEach, describe, expect, it } from 'vitest';
import { AuditThrottle } from '../../server/http/audit-throttle.js';
import { verifyAuditChain } from '../../server/store/audit.js';
import { startTestServer, type TestServer } from '../support/server-harness.js';

describe('AuditThrottle', () => {
  it('admits the first events of each kind, counts the rest and reports the count once', () => {
    let now = 1_000_000;
    const t = new AuditThrottle({ limit: 2, windowMs: 60_000, now: () => now });
    expect([t.admit('a'), t.admit('a'), t.admit('a'), t.admit('a')].map((r) => r.write)).toEqual([true, true, false, false]);
    expect(t.admit('b').write).toBe(true);
    now += 60_000;
    const next = t.admit('a');
    expect(next.write).toBe(true);
    expect(next.summary).toMatchObject({ kind: 'a', suppressed: 2 });
    expect(t.admit('a').summary).toBeUndefined();
  });

  it('drains held-back counts at shutdown and nothing when nothing was held back', () => {
    const t = new AuditThrottle({ limit: 1, windowMs: 60_000, now: () => 0 });
    t.admit('x');
    t.admit('y');
    t.admit('y');
    expect(t.drain()).toEqual([{ kind: 'y', suppressed: 1, from: new Date(0).toISOString(), to: new Date(0).toISOString() }]);
    expect(t.drain()).toEqual([]);
  });
});

describe('a flood of unsigned Slack requests', () => {
  let t: TestServer | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('gets 401 every time, writes 60 rejections a minute, then one count, and the chain verifies', async () => {
    let offset = 0;
    t = await startTestServer({ overrides: { now: () => Date.now() + offset } });
    const count = (type: string) => t!.db().prepare('SELECT COUNT(*) AS n FROM audit_events WHERE type = ?').get<{ n: number }>(type)!.n;
    const unsigned = () => fetch(`${t!.url}/slack/interactions`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'payload=%7B%7D' });
    for (let i = 0; i < 75; i++) expect((await unsigned()).status).toBe(401);
    expect(count('slack.request_rejected')).toBe(60);
    expect(count('audit.throttled')).toBe(0);

    offset = 61_000;
    expect((await unsigned()).status).toBe(401);
    expect(count('slack.request_rejected')).toBe(61);
    const summary = t.db().prepare("SELECT data FROM audit_events WHERE type = 'audit.throttled'").get<{ data: string }>()!;
    expect(JSON.parse(summary.data)).toMatchObject({ kind: 'slack.request_rejected', suppressed: 15 });
    expect(verifyAuditChain(t.db()).ok).toBe(true);
  });
});
