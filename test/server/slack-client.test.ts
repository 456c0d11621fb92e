// The settings of the @slack/web-api client (server/slack/client.ts), each shown by what it
// does against the stand-in: no retries inside the client (its default policy can hold a call
// for about 30 minutes), a 429 handed to the caller at once (the outbox worker pauses the whole
// queue for Retry-After), and a timeout for a Slack that never answers.
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackApi, describeSlackError, SLACK_CALL_TIMEOUT_MS, type SlackApi } from '../../server/slack/client.js';
import { createLogger } from '../../server/log.js';
import { createReview, reviewRequest, startTestServer, TEST_BOT_TOKEN, TEST_CHANNEL } from '../support/server-harness.js';
import { SlackStandIn } from '../support/slack-standin.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function standIn(): Promise<SlackStandIn> {
  const s = await SlackStandIn.start({ token: TEST_BOT_TOKEN });
  cleanups.push(() => s.close());
  return s;
}

function client(slack: SlackStandIn, timeoutMs?: number): SlackApi {
  return createSlackApi({ botToken: TEST_BOT_TOKEN, apiUrl: slack.apiUrl, logger: createLogger({ write: () => {} }), ...(timeoutMs ? { timeoutMs } : {}) });
}

/** Runs `call`, expecting it to fail; returns the error and how long it took. */
async function failure(call: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const start = performance.now();
  try {
    await call();
  } catch (error) {
    return { error, ms: performance.now() - start };
  }
  throw new Error('the call succeeded; it was expected to fail');
}

const post = (api: SlackApi) => () => api.postMessage(TEST_CHANNEL, { text: 'hello' });
const postCalls = (slack: SlackStandIn) => slack.calls.filter((c) => c.method === 'chat.postMessage');

describe('the Slack client', () => {
  it('hands a 429 to the caller at once with its Retry-After, instead of waiting it out', async () => {
    const slack = await standIn();
    slack.fail({ status: 429, retryAfterSeconds: 5, count: 1, methods: ['chat.postMessage'] });
    const { error, ms } = await failure(post(client(slack)));
    expect(describeSlackError(error)).toMatchObject({ kind: 'rate_limited', rateLimitedForSeconds: 5 });
    // Waiting out Retry-After inside the client would take 5 s and hide the 429 from the worker.
    expect(ms).toBeLessThan(2000);
    expect(postCalls(slack)).toHaveLength(1);
  });

  it('does not retry a 500 itself: one call, and the failure goes to the caller', async () => {
    const slack = await standIn();
    // Only the first call fails: a retry inside the client would succeed and hide it.
    slack.fail({ status: 500, count: 1, methods: ['chat.postMessage'] });
    const { error } = await failure(post(client(slack)));
    expect(describeSlackError(error)).toMatchObject({ kind: 'http', reason: 'HTTP 500' });
    expect(postCalls(slack)).toHaveLength(1);
  });

  it('fails a call Slack never answers after the timeout it was given', async () => {
    const slack = await standIn();
    slack.delay('chat.postMessage', Infinity);
    const { error, ms } = await failure(post(client(slack, 300)));
    expect(describeSlackError(error).kind).toBe('network');
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(3000);
  });

  it(`fails a call Slack never answers after ${SLACK_CALL_TIMEOUT_MS / 1000} s by default`, async () => {
    expect(SLACK_CALL_TIMEOUT_MS).toBe(10_000);
    const slack = await standIn();
    slack.delay('chat.postMessage', Infinity);
    const { error, ms } = await failure(post(client(slack)));
    expect(describeSlackError(error).kind).toBe('network');
    expect(ms).toBeGreaterThanOrEqual(SLACK_CALL_TIMEOUT_MS - 100);
    expect(ms).toBeLessThan(SLACK_CALL_TIMEOUT_MS + 3000);
  }, 20_000);
});

describe('the outbox worker with the real client', () => {
  it('learns of a 429 at once and pauses for its Retry-After', async () => {
    const slack = await standIn();
    slack.fail({ status: 429, retryAfterSeconds: 2, count: 1, methods: ['chat.postMessage'] });
    const t = await startTestServer({ slack });
    cleanups.push(() => t.close());
    await createReview(t.url, t.apiToken, reviewRequest());
    await slack.waitFor((s) => s.delivered('chat.postMessage').length === 1, 10_000, 'the review message');

    const [limited, delivered] = postCalls(slack);
    expect(limited!.status).toBe(429);
    const paused = t.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l['msg'] === 'slack rate limited; outbox paused');
    expect(paused).toMatchObject({ retryAfterSeconds: 2 });
    // The worker heard of it straight away, not after the client slept through Retry-After.
    expect(Date.parse(String(paused!['time'])) - limited!.at).toBeLessThan(1000);
    expect(delivered!.at - limited!.at).toBeGreaterThanOrEqual(1900);
    expect(postCalls(slack)).toHaveLength(2);
  });

  it('retries a post whose call timed out, and delivers it once Slack answers', async () => {
    const slack = await standIn();
    slack.delay('chat.postMessage', Infinity);
    const t = await startTestServer({ slack, overrides: { slack: client(slack, 300) } });
    cleanups.push(() => t.close());
    const { review } = await createReview(t.url, t.apiToken, reviewRequest());
    await slack.waitFor(() => t.logs.some((l) => l.includes('slack call failed; will retry') && l.includes('request failed (network)')), 5000, 'a timed-out attempt');
    slack.delay('chat.postMessage', 0);
    await slack.waitFor((s) => s.delivered('chat.postMessage').length === 1, 10_000, 'the review message');
    expect(JSON.stringify(slack.delivered('chat.postMessage')[0]!.args['blocks'])).toContain(review.id);
  });
});
