// The server as a separate process: graceful SIGTERM, and kill -9 during a burst of creations
// and decisions, after which every acknowledged review and decision is there and the audit chain verifies.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCommand } from '../../cli/audit-command.js';
import { openStore } from '../../server/store/db.js';
import { undeliveredCount } from '../../server/store/outbox.js';
import { ensureServerBuild } from '../support/build.js';
import { APPROVER, GROUP_MEMBER, reviewRequest, spawnServer, tempDir, testEnv, TEST_API_TOKEN, TEST_BOT_TOKEN, TEST_GROUP, TEST_SIGNING_SECRET } from '../support/server-harness.js';
import { blockActionPayload, interactionBody, postToSlackRoute } from '../support/slack-signing.js';
import { MANIFEST_SCOPES, SlackStandIn } from '../support/slack-standin.js';

describe('server process', () => {
  let slack: SlackStandIn;
  let dir: string;
  beforeAll(async () => {
    ensureServerBuild();
    // channels:history lets a restart find a post the kill cut off before its ts was recorded.
    slack = await SlackStandIn.start({ token: TEST_BOT_TOKEN, userGroups: { [TEST_GROUP]: [GROUP_MEMBER] }, scopes: [...MANIFEST_SCOPES, 'channels:history'] });
    dir = tempDir();
  }, 120_000);
  afterAll(async () => {
    await slack.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shuts down gracefully on SIGTERM, answering a waiting long-poll first', async () => {
    const env = testEnv(slack.apiUrl, join(dir, 'graceful.db'), { SECRETGATE_LOG_LEVEL: 'debug' });
    const s = await spawnServer(env);
    const created = await fetch(`${s.url}/api/v1/reviews`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(reviewRequest()),
    });
    const { id } = (await created.json()) as { id: string };
    const poll = fetch(`${s.url}/api/v1/reviews/${id}?wait=60`, { headers: { authorization: `Bearer ${TEST_API_TOKEN}` } });
    await slack.waitFor(() => s.logs.some((l) => l.includes('"msg":"long-poll waiting"') && l.includes(id)), 10_000, 'the long-poll to wait');
    s.proc.kill('SIGTERM');
    const answered = await poll;
    expect(answered.status).toBe(200);
    expect(((await answered.json()) as { status: string }).status).toBe('pending');
    expect(await s.exited).toBe(0);
    expect(s.logs.some((l) => l.includes('"msg":"stopped"'))).toBe(true);
  }, 30_000);

  it('exits with a message naming a missing variable', async () => {
    const env = testEnv(slack.apiUrl, join(dir, 'never.db'));
    delete env['SLACK_CHANNEL'];
    await expect(spawnServer(env)).rejects.toThrow(/exited \(2\).*SLACK_CHANNEL is not set/s);
  }, 30_000);

  it('loses nothing it acknowledged when killed with SIGKILL mid-burst', async () => {
    const dbPath = join(dir, 'crash.db');
    const env = testEnv(slack.apiUrl, dbPath);
    const first = await spawnServer(env);

    const ackedReviews = new Set<string>();
    const ackedDecisions = new Set<string>();
    let killed = false;

    const createOne = async (): Promise<void> => {
      try {
        const res = await fetch(`${first.url}/api/v1/reviews`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TEST_API_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify(reviewRequest()),
        });
        if (res.status !== 201) return;
        const { id } = (await res.json()) as { id: string };
        ackedReviews.add(id);
        const click = await postToSlackRoute(
          first.url,
          '/slack/interactions',
          interactionBody(blockActionPayload({ reviewId: id, button: 'false_positive', userId: APPROVER })),
          TEST_SIGNING_SECRET,
        );
        if (click.status === 200) ackedDecisions.add(id);
      } catch {
        // The server died under us: this request was never acknowledged.
      }
    };

    // Eight workers creating and deciding as fast as they can; SIGKILL lands in the middle.
    const workers = Array.from({ length: 8 }, async () => {
      while (!killed) await createOne();
    });
    while (ackedDecisions.size < 150) await new Promise((r) => setTimeout(r, 5));
    first.proc.kill('SIGKILL');
    killed = true;
    await Promise.all(workers);
    expect(await first.exited).toBe('SIGKILL');
    expect(ackedReviews.size).toBeGreaterThanOrEqual(150);

    const second = await spawnServer(env);
    try {
      const missing: string[] = [];
      const undecided: string[] = [];
      for (const id of ackedReviews) {
        const res = await fetch(`${second.url}/api/v1/reviews/${id}`, { headers: { authorization: `Bearer ${TEST_API_TOKEN}` } });
        if (res.status !== 200) {
          missing.push(id);
          continue;
        }
        const body = (await res.json()) as { status: string };
        if (ackedDecisions.has(id) && body.status !== 'false_positive') undecided.push(id);
      }
      expect(missing).toEqual([]);
      expect(undecided).toEqual([]);

      let out = '';
      const code = await auditCommand(['verify', '--db', dbPath], { out: (s) => void (out += s), err: (s) => void (out += s) });
      expect(out).toContain('intact');
      expect(code).toBe(0);

      // Every acknowledged review reaches Slack exactly once, even if the kill fell between a
      // post and the commit that recorded it.
      const readonly = openStore(dbPath, { readonly: true });
      try {
        await slack.waitFor(() => undeliveredCount(readonly) === 0, 60_000, 'the outbox to drain after the restart');
      } finally {
        readonly.close();
      }
      const posts = new Map<string, number>();
      for (const m of slack.messages.values()) {
        const id = /Review ([0-9a-f-]{36})/.exec(JSON.stringify(m.blocks ?? ''))?.[1];
        if (!m.threadTs && id && ackedReviews.has(id)) posts.set(id, (posts.get(id) ?? 0) + 1);
      }
      expect(posts.size).toBe(ackedReviews.size);
      expect([...posts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    } finally {
      second.proc.kill('SIGTERM');
      await second.exited;
    }
  }, 120_000);
});
