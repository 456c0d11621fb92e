// Helpers for the Slack-experience tests: a server whose clock the test moves, policy files in
// a temp dir, clicks on any of the review message's buttons, and reading what reached Slack.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordedCall, SlackStandIn } from '../../support/slack-standin.js';
import { startTestServer, tempDir, type TestServer, type TestServerOptions } from '../../support/server-harness.js';
import { clickThrough } from '../../support/slack-clicks.js';
import { blockActionPayload, commandBody, interactionBody, postToSlackRoute, type Button } from '../../support/slack-signing.js';

export interface ClockedServer extends TestServer {
  /** The server's clock (ms); move it with `advance`. */
  clock: { now: number; advance(ms: number): void };
}

/** A test server whose `now` is a clock the test controls (the expirer and workers read it too). */
export async function startClockedServer(options: TestServerOptions & { startMs?: number } = {}): Promise<ClockedServer> {
  const clock = {
    now: options.startMs ?? Date.now(),
    advance(ms: number) {
      this.now += ms;
    },
  };
  const t = await startTestServer({ ...options, overrides: { now: () => clock.now, ...options.overrides } });
  return Object.assign(t, { clock });
}

/** Writes a policy file and returns its path. */
export function policyFile(toml: string): string {
  const path = join(tempDir('secretgate-policy-'), 'policy.toml');
  writeFileSync(path, toml);
  return path;
}

export type AnyButton = Button | 'fix';

/** Signed at the server's time: a clocked server checks the signature's timestamp against its clock. */
export const signedAt = (t: TestServer) => ({ timestampSeconds: Math.floor(('clock' in t ? (t as ClockedServer).clock.now : Date.now()) / 1000) });

/** A signed click on one of the review message's buttons. */
export function click(t: TestServer, reviewId: string, button: AnyButton, userId: string, channel = 'C0REVIEWS'): Promise<Response> {
  const payload = blockActionPayload({ reviewId, button: button === 'fix' ? 'approve' : button, userId, channel });
  if (button === 'fix') {
    const action = (payload['actions'] as Record<string, unknown>[])[0]!;
    action['action_id'] = 'secretgate_fix';
  }
  return postToSlackRoute(t.url, '/slack/interactions', interactionBody(payload), t.signingSecret, signedAt(t));
}

/**
 * A click carried through as Slack would: Approve and Block open a modal whose submission (with
 * `reason`) decides. Returns the answer to the submission, or to the click when none was made.
 */
export async function decide(t: TestServer, reviewId: string, button: Button, userId: string, reason = 'test fixture', channel = 'C0REVIEWS'): Promise<Response> {
  const { click: res, submission } = await clickThrough(t, { reviewId, button, userId, channel, reason, ...signedAt(t) });
  return submission ?? res;
}

export async function command(t: TestServer, text: string, userId: string): Promise<{ response_type: string; text: string; blocks?: unknown[] }> {
  const res = await postToSlackRoute(t.url, '/slack/commands', commandBody({ text, userId }), t.signingSecret, signedAt(t));
  if (res.status !== 200) throw new Error(`/slack/commands answered ${res.status}`);
  return (await res.json()) as { response_type: string; text: string; blocks?: unknown[] };
}

export function slackTsOf(t: TestServer, reviewId: string): string | null {
  return t.db().prepare('SELECT slack_ts FROM reviews WHERE id = ?').get<{ slack_ts: string | null }>(reviewId)?.slack_ts ?? null;
}

/** Waits for the review message to be posted; returns its ts. */
export async function posted(t: TestServer, reviewId: string): Promise<string> {
  await t.slack.waitFor(() => slackTsOf(t, reviewId) !== null, 10_000, `the review message of ${reviewId}`);
  return slackTsOf(t, reviewId)!;
}

/**
 * The review message of `reviewId` as posted (not a thread reply: those may carry text only, and
 * other tests' replies share the stand-in).
 */
export function reviewPost(slack: SlackStandIn, reviewId: string): RecordedCall | undefined {
  return slack.delivered('chat.postMessage').find((c) => c.args['thread_ts'] === undefined && JSON.stringify(c.args['blocks'] ?? null).includes(reviewId));
}

/** chat.postMessage calls in the thread of `ts`. */
export function threadPosts(slack: SlackStandIn, ts: string): RecordedCall[] {
  return slack.delivered('chat.postMessage').filter((c) => c.args['thread_ts'] === ts);
}

/** Waits until the thread of `ts` has a post whose JSON matches `pattern`; returns it. */
export async function threadPost(slack: SlackStandIn, ts: string, pattern: RegExp | string, what: string): Promise<RecordedCall> {
  const match = (c: RecordedCall) => (typeof pattern === 'string' ? JSON.stringify(c.args).includes(pattern) : pattern.test(JSON.stringify(c.args)));
  await slack.waitFor(() => threadPosts(slack, ts).some(match), 10_000, what);
  return threadPosts(slack, ts).find(match)!;
}

export function auditTypes(t: TestServer, reviewId: string): string[] {
  return t.db().prepare('SELECT type FROM audit_events WHERE review_id = ? ORDER BY seq').all<{ type: string }>(reviewId).map((r) => r.type);
}

export function statusOf(t: TestServer, reviewId: string): string | undefined {
  return t.db().prepare('SELECT status FROM reviews WHERE id = ?').get<{ status: string }>(reviewId)?.status;
}
