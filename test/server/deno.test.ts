// The same compiled server under Deno (binary from the `deno` npm package), where the store
// runs on node:sqlite: create, click, long-poll, Slack post and update, graceful stop.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureServerBuild } from '../support/build.js';
import { whyDenoCannotRun } from '../support/deno.js';
import { APPROVER, GROUP_MEMBER, reviewRequest, spawnServer, tempDir, testEnv, TEST_API_TOKEN, TEST_BOT_TOKEN, TEST_GROUP, TEST_SIGNING_SECRET } from '../support/server-harness.js';
import { blockActionPayload, interactionBody, postToSlackRoute } from '../support/slack-signing.js';
import { SlackStandIn } from '../support/slack-standin.js';

const cannotRun = whyDenoCannotRun();
if (cannotRun) console.warn(`Skipping the Deno server test: ${cannotRun}`);

describe.skipIf(cannotRun !== null)('server under Deno', () => {
  let slack: SlackStandIn;
  let dir: string;
  beforeAll(async () => {
    ensureServerBuild();
    slack = await SlackStandIn.start({ token: TEST_BOT_TOKEN, userGroups: { [TEST_GROUP]: [GROUP_MEMBER] } });
    dir = tempDir();
  }, 120_000);
  afterAll(async () => {
    await slack?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves a review from creation to decision on node:sqlite', async () => {
    const s = await spawnServer(testEnv(slack.apiUrl, join(dir, 'deno.db'), { SECRETGATE_LOG_LEVEL: 'debug' }), 'deno', 60_000);
    try {
      const listening = JSON.parse(s.logs.find((l) => l.includes('"msg":"listening"'))!) as Record<string, unknown>;
      expect(listening['runtime']).toBe('deno');
      expect(listening['sqlite']).toBe('node:sqlite');

      const auth = { authorization: `Bearer ${TEST_API_TOKEN}` };
      const created = await fetch(`${s.url}/api/v1/reviews`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(reviewRequest()),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      await slack.waitFor((x) => x.delivered('chat.postMessage').length === 1, 20_000, 'the post from Deno');

      const poll = fetch(`${s.url}/api/v1/reviews/${id}?wait=30`, { headers: auth });
      await slack.waitFor(() => s.logs.some((l) => l.includes('"msg":"long-poll waiting"') && l.includes(id)), 20_000, 'the long-poll to wait');
      const click = await postToSlackRoute(s.url, '/slack/interactions', interactionBody(blockActionPayload({ reviewId: id, button: 'false_positive', userId: APPROVER })), TEST_SIGNING_SECRET);
      expect(click.status).toBe(200);
      const woken = (await (await poll).json()) as { status: string };
      expect(woken.status).toBe('false_positive');
      await slack.waitFor((x) => x.delivered('chat.update').length === 1, 20_000, 'the update from Deno');

      const tampered = await fetch(`${s.url}/slack/interactions`, { method: 'POST', body: 'payload=%7B%7D' });
      expect(tampered.status).toBe(401);
    } finally {
      s.proc.kill('SIGTERM');
      expect(await s.exited).toBe(0);
    }
  }, 90_000);
});
