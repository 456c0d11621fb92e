// Rotating the Slack signing secret on the real server (loopback port, SQLite file kept across
// restarts, Slack stand-in): with SLACK_SIGNING_SECRET_PREVIOUS set, a click signed with either
// the new or the old secret decides; once it is removed and the server restarted, the old one
// gets 401 like any other forgery.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROVER, createReview, reviewRequest, startTestServer, tempDir, TEST_BOT_TOKEN, TEST_GROUP, GROUP_MEMBER, TEST_SIGNING_SECRET, type TestServer } from '../support/server-harness.js';
import { clickThrough } from '../support/slack-clicks.js';
import { SlackStandIn } from '../support/slack-standin.js';

const OLD = TEST_SIGNING_SECRET;
const NEW = '9a8b7c6d5e4f30211203f4e5d6c7b8a9';
const FORGED = 'deadbeefdeadbeefdeadbeefdeadbeef';

describe('signing-secret rotation', () => {
  let slack: SlackStandIn;
  let dir: string;
  let t: TestServer | undefined;
  const reviews: string[] = [];

  beforeAll(async () => {
    slack = await SlackStandIn.start({ token: TEST_BOT_TOKEN, userGroups: { [TEST_GROUP]: [GROUP_MEMBER] } });
    dir = tempDir('secretgate-rotation-');
    // Before the rotation: reviews waiting, made by a server that knows only the old secret.
    t = await startTestServer({ slack, dir });
    for (let i = 0; i < 4; i++) reviews.push((await createReview(t.url, t.apiToken, reviewRequest())).review.id);
    await slack.waitFor((s) => s.delivered('chat.postMessage').length >= 4, 10_000, 'the review messages');
    await t.close();
    t = undefined;
  });

  afterAll(async () => {
    await t?.close();
    await slack?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const status = (id: string) => t!.db().prepare('SELECT status FROM reviews WHERE id = ?').get<{ status: string }>(id)!.status;
  const click = (id: string, button: 'approve' | 'false_positive' | 'block', signingSecret: string) =>
    clickThrough(t!, { reviewId: id, button, userId: APPROVER, signingSecret, reason: 'rotation test fixture' });

  it('accepts clicks signed with the new or the previous secret while both are configured', async () => {
    t = await startTestServer({ slack, dir, env: { SLACK_SIGNING_SECRET: NEW, SLACK_SIGNING_SECRET_PREVIOUS: OLD } });

    // Signed with the old secret (say, before Slack switched): the click and its modal both verify.
    const byOld = await click(reviews[0]!, 'approve', OLD);
    expect(byOld.click.status).toBe(200);
    expect(byOld.submission?.status).toBe(200);
    expect(status(reviews[0]!)).toBe('approved');
    const previousLines = t.logs.filter((l) => l.includes('slack request signed with SLACK_SIGNING_SECRET_PREVIOUS'));
    expect(previousLines).toHaveLength(2);

    const byNew = await click(reviews[1]!, 'false_positive', NEW);
    expect(byNew.click.status).toBe(200);
    expect(status(reviews[1]!)).toBe('false_positive');
    // The new secret's requests are not reported as the previous one's.
    expect(t.logs.filter((l) => l.includes('slack request signed with SLACK_SIGNING_SECRET_PREVIOUS'))).toHaveLength(2);

    const forged = await click(reviews[2]!, 'false_positive', FORGED);
    expect(forged.click.status).toBe(401);
    expect(status(reviews[2]!)).toBe('pending');

    // Neither secret reaches the log.
    const logs = t.logs.join('\n');
    expect(logs).not.toContain(OLD);
    expect(logs).not.toContain(NEW);
    await t.close();
    t = undefined;
  });

  it('refuses the old secret once SLACK_SIGNING_SECRET_PREVIOUS is removed and the server restarted', async () => {
    t = await startTestServer({ slack, dir, env: { SLACK_SIGNING_SECRET: NEW } });
    const byOld = await click(reviews[2]!, 'block', OLD);
    expect(byOld.click.status).toBe(401);
    expect(byOld.submission).toBeNull();
    expect(status(reviews[2]!)).toBe('pending');

    const byNew = await click(reviews[3]!, 'block', NEW);
    expect(byNew.click.status).toBe(200);
    expect(byNew.submission?.status).toBe(200);
    expect(status(reviews[3]!)).toBe('rejected');
  });
});
