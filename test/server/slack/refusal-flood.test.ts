// A workspace member who may not decide can click and run /secretgate as often as they like:
// each request is signed by Slack, so it is no "unauthenticated noise", but it must not grow the
// audit log (or the outbox) without bound either. Per kind, 60 refusals a minute are written in
// full, the rest are counted once in an audit.throttled event, and the chain still verifies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../server/store/audit.js';
import { createReview, INTRUDER, reviewRequest } from '../../support/server-harness.js';
import { click, command, posted, startClockedServer, type ClockedServer } from './helpers.js';

const FLOOD = 75;

describe('a flood of refused clicks and commands', () => {
  let t: ClockedServer;
  beforeAll(async () => {
    t = await startClockedServer();
  });
  afterAll(async () => {
    await t.close();
  });

  const count = (type: string) => t.db().prepare('SELECT COUNT(*) AS n FROM audit_events WHERE type = ?').get<{ n: number }>(type)!.n;
  const summaries = () =>
    t
      .db()
      .prepare("SELECT data FROM audit_events WHERE type = 'audit.throttled' ORDER BY seq")
      .all<{ data: string }>()
      .map((r) => JSON.parse(r.data) as { kind: string; suppressed: number });
  const outboxRows = () => t.db().prepare('SELECT COUNT(*) AS n FROM outbox').get<{ n: number }>()!.n;

  it('writes 60 unauthorized clicks a minute, then one count; every click still changes nothing', async () => {
    const { review } = await createReview(t.url, t.apiToken, reviewRequest());
    await posted(t, review.id);
    const rowsBefore = outboxRows();
    for (let i = 0; i < FLOOD; i++) expect((await click(t, review.id, 'false_positive', INTRUDER)).status).toBe(200);
    expect(count('decision.unauthorized')).toBe(60);
    // One ephemeral per written refusal and one thread note: the outbox does not grow with the flood.
    expect(outboxRows() - rowsBefore).toBe(61);
    expect(t.db().prepare('SELECT status FROM reviews WHERE id = ?').get<{ status: string }>(review.id)!.status).toBe('pending');

    t.clock.advance(61_000);
    expect((await click(t, review.id, 'false_positive', INTRUDER)).status).toBe(200);
    expect(count('decision.unauthorized')).toBe(61);
    expect(summaries()).toContainEqual(expect.objectContaining({ kind: 'decision.unauthorized', suppressed: FLOOD - 60 }));
    expect(verifyAuditChain(t.db()).ok).toBe(true);
  });

  it('answers 60 repeated Fix instructions clicks a minute, so the outbox does not grow with a flood', async () => {
    const { review } = await createReview(t.url, t.apiToken, reviewRequest());
    await posted(t, review.id);
    const rowsBefore = outboxRows();
    for (let i = 0; i < FLOOD; i++) expect((await click(t, review.id, 'fix', INTRUDER)).status).toBe(200);
    // The instructions once (one thread post), then at most 60 "already in the thread" answers.
    expect(outboxRows() - rowsBefore).toBe(61);
    expect(count('review.fix_requested')).toBe(1);
  });

  it('writes 60 refused commands a minute, then one count, and still answers each', async () => {
    for (let i = 0; i < FLOOD; i++) expect((await command(t, 'pending', INTRUDER)).text).toContain('Only secretgate approvers');
    expect(count('slack.command_refused')).toBe(60);
    t.clock.advance(61_000);
    await command(t, 'digest', INTRUDER);
    expect(count('slack.command_refused')).toBe(61);
    expect(summaries()).toContainEqual(expect.objectContaining({ kind: 'slack.command_refused', suppressed: FLOOD - 60 }));
    expect(verifyAuditChain(t.db()).ok).toBe(true);
  });
});
