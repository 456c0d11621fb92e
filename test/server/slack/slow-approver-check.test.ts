// Slack wants every interaction and slash command answered within 3 seconds. When the approver
// check needs usergroups.users.list and Slack takes 5 s to answer it, the server still answers
// in time: nothing is decided or shown, the person is told to try again, and the lookup goes on
// in the background, so the retry moments later is answered from the cache.
import { afterEach, describe, expect, it } from 'vitest';
import { createReview, GROUP_MEMBER, reviewRequest, startTestServer, type TestServer } from '../../support/server-harness.js';
import { auditTypes, click, command, posted, statusOf } from './helpers.js';

const SLACK_DEADLINE_MS = 3000;
const SLOW_LOOKUP_MS = 5000;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function serverWithSlowGroupLookup(): Promise<TestServer> {
  const t = await startTestServer();
  cleanups.push(() => t.close());
  t.slack.delay('usergroups.users.list', SLOW_LOOKUP_MS);
  return t;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}

/** Waits until the slow lookup has answered (the policy caches its members). */
const lookupAnswered = (t: TestServer) => t.slack.waitFor((s) => s.delivered('usergroups.users.list').length === 1, SLOW_LOOKUP_MS + 5000, 'the slow group lookup');

describe('an approver check slower than Slack’s 3 seconds', () => {
  it('acks a group member’s click in time, decides nothing and asks them to try again; the retry decides', async () => {
    const t = await serverWithSlowGroupLookup();
    const { review } = await createReview(t.url, t.apiToken, reviewRequest());
    const ts = await posted(t, review.id);

    const first = await timed(() => click(t, review.id, 'false_positive', GROUP_MEMBER));
    expect(first.value.status).toBe(200);
    expect(first.ms).toBeLessThan(SLACK_DEADLINE_MS);
    await t.slack.waitFor((s) => s.delivered('chat.postEphemeral').some((c) => c.args['user'] === GROUP_MEMBER), 5000, 'the ephemeral answer');
    const ephemeral = String(t.slack.delivered('chat.postEphemeral').find((c) => c.args['user'] === GROUP_MEMBER)!.args['text']);
    expect(ephemeral).toContain('could not check in time');
    expect(ephemeral).toContain('try again');
    expect(ephemeral).not.toContain('not authorized');
    expect(statusOf(t, review.id)).toBe('pending');
    // Not called out in the thread as a non-approver: nobody knows yet that they are not one.
    expect(t.slack.delivered('chat.postMessage').filter((c) => c.args['thread_ts'] === ts)).toEqual([]);
    const refusal = t.db().prepare("SELECT type, actor, data FROM audit_events WHERE review_id = ? AND type LIKE 'decision.%'").all<{ type: string; actor: string; data: string }>(review.id);
    expect(refusal).toHaveLength(1);
    expect(refusal[0]).toMatchObject({ type: 'decision.ignored', actor: GROUP_MEMBER });
    expect(JSON.parse(refusal[0]!.data)).toMatchObject({ reason: 'approver check timed out' });

    await lookupAnswered(t);
    const again = await timed(() => click(t, review.id, 'false_positive', GROUP_MEMBER));
    expect(again.value.status).toBe(200);
    expect(again.ms).toBeLessThan(SLACK_DEADLINE_MS);
    expect(statusOf(t, review.id)).toBe('false_positive');
    expect(auditTypes(t, review.id)).toContain('review.decided');
    expect(t.slack.delivered('usergroups.users.list')).toHaveLength(1);
  }, 20_000);

  it('answers a group member’s /secretgate in time with a retry message, shows nothing; the retry shows the review', async () => {
    const t = await serverWithSlowGroupLookup();
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ repository: 'acme/ledger' }));
    await posted(t, review.id);

    for (const text of ['pending', `status ${review.id}`]) {
      const { value: answer, ms } = await timed(() => command(t, text, GROUP_MEMBER));
      expect(ms, text).toBeLessThan(SLACK_DEADLINE_MS);
      expect(answer.response_type).toBe('ephemeral');
      expect(answer.text, text).toContain('could not check in time');
      expect(answer.text, text).toContain(`/secretgate ${text.split(' ')[0]}`);
      expect(answer.text, text).not.toContain('Only secretgate approvers');
      expect(JSON.stringify(answer), text).not.toContain('acme/ledger');
    }
    const refusals = t.db().prepare("SELECT data FROM audit_events WHERE type = 'slack.command_refused' ORDER BY seq").all<{ data: string }>();
    expect(refusals.map((r) => JSON.parse(r.data) as unknown)).toEqual([
      { command: 'pending', reason: 'approver check timed out' },
      { command: 'status', reason: 'approver check timed out' },
    ]);

    await lookupAnswered(t);
    const again = await timed(() => command(t, `status ${review.id}`, GROUP_MEMBER));
    expect(again.ms).toBeLessThan(SLACK_DEADLINE_MS);
    expect(again.value.text).toContain(`Review ${review.id}`);
    expect(again.value.text).toContain('acme/ledger');
  }, 20_000);
});
