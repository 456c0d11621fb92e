// A waiting job rides out a restart of the approval server: the bundled Action waits on a real
// server process, the process is killed and stays down for 30 s, comes back on the same port
// and SQLite file, an approver approves in "Slack", and the job passes.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../server/store/db.js';
import { ensureServerBuild } from '../support/build.js';
import { api, spawnServer, tempDir, testEnv, TEST_API_TOKEN, TEST_BOT_TOKEN, TEST_GROUP, GROUP_MEMBER, TEST_SIGNING_SECRET, type SpawnedServer } from '../support/server-harness.js';
import { SlackStandIn } from '../support/slack-standin.js';
import { click, reviewIdOf, scenario, start } from '../support/gate-scenario.js';

const OUTAGE_MS = 30_000;

describe('dist/index.js across a restart of the approval server', () => {
  let slack: SlackStandIn;
  let dir: string;
  const servers: SpawnedServer[] = [];
  beforeAll(async () => {
    ensureServerBuild();
    slack = await SlackStandIn.start({ token: TEST_BOT_TOKEN, userGroups: { [TEST_GROUP]: [GROUP_MEMBER] } });
    dir = tempDir();
  }, 120_000);
  afterAll(async () => {
    for (const s of servers) s.proc.kill('SIGKILL');
    await slack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps waiting through 30 s of downtime and passes when approved after the restart', async () => {
    const dbPath = join(dir, 'restart.db');
    const env = testEnv(slack.apiUrl, dbPath);
    const first = await spawnServer(env);
    servers.push(first);
    const s = scenario({ url: first.url, apiToken: TEST_API_TOKEN }, undefined, { timeout: '5m' });
    const action = start(s);
    const id = await reviewIdOf(action);
    await action.waitForLine(/^Waiting up to 5m/);
    // The message is in Slack and its ts recorded, so the restarted server edits that message.
    await slackTsRecorded(dbPath, id);

    first.proc.kill('SIGKILL');
    await first.exited;
    const downAt = Date.now();
    // The long-poll in flight was cut; the job noticed and is retrying, not failing.
    await action.waitForLine(/could not be reached .*; retrying in/);
    await delay(OUTAGE_MS - (Date.now() - downAt));
    expect(action.child.exitCode).toBeNull();

    const second = await spawnServer({ ...env, PORT: String(first.port) });
    servers.push(second);
    expect(second.url).toBe(first.url);
    await click({ url: second.url, signingSecret: TEST_SIGNING_SECRET, slack }, id, 'approve', { reason: 'rotated during the deploy' });
    const result = await action.result;

    expect(result.exitCode, result.log).toBe(0);
    expect(result.outputs.decision).toBe('approved');
    expect(result.log).toMatch(/Approved by .*rotated during the deploy/);
    // It was the outage it rode out: refused connections, retried at most 10 s apart.
    expect(result.log).toContain('could not be reached (ECONNREFUSED)');
    const delays = [...result.log.matchAll(/retrying in (\d+\.\d)s/g)].map((m) => Number(m[1]));
    expect(delays.length).toBeGreaterThan(3);
    expect(Math.max(...delays)).toBeLessThanOrEqual(10);
    // One review, decided on the restarted server; the job opened no second one.
    const review = await api(second.url, TEST_API_TOKEN, 'GET', `/api/v1/reviews/${encodeURIComponent(id)}`);
    expect(review.json).toMatchObject({ id, status: 'approved' });
    const db = openStore(dbPath, { readonly: true });
    try {
      expect(db.prepare('SELECT COUNT(*) AS n FROM reviews WHERE repository = ?').get<{ n: number }>(s.repository)!.n).toBe(1);
    } finally {
      db.close();
    }
  }, 150_000);
});

async function slackTsRecorded(dbPath: string, reviewId: string): Promise<void> {
  const db = openStore(dbPath, { readonly: true });
  try {
    for (let i = 0; i < 200; i++) {
      const row = db.prepare('SELECT slack_ts FROM reviews WHERE id = ?').get<{ slack_ts: string | null }>(reviewId);
      if (row?.slack_ts) return;
      await delay(50);
    }
    throw new Error(`the review message of ${reviewId} was not posted`);
  } finally {
    db.close();
  }
}
