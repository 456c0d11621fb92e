// The gate's client against the real server, through a proxy that breaks requests on purpose.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, ServerResponseError, ServerUnreachableError } from '../../action/api-client.js';
import { awaitDecision, JobCancelledError, type GateOptions } from '../../action/gate.js';
import { reviewRequest, startTestServer, type TestServer } from '../support/server-harness.js';
import { click, reviewOnServer } from '../support/gate-scenario.js';
import { FlakyProxy } from '../support/flaky-proxy.js';

let server: TestServer;
let proxy: FlakyProxy;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});
afterEach(async () => {
  await proxy?.close();
});

function options(overrides: Partial<GateOptions> = {}): GateOptions & { lines: string[] } {
  const lines: string[] = [];
  return {
    client: createApiClient({ serverUrl: proxy.url, token: async () => server.apiToken }),
    timeoutSeconds: 60,
    signal: new AbortController().signal,
    log: (l) => void lines.push(l),
    retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
    lines,
    ...overrides,
  };
}

/** Clicks `button` on the review as soon as it is open. */
async function decideWhenOpen(lines: string[], button: 'false_positive' | 'block'): Promise<void> {
  let line: string | undefined;
  while (!(line = lines.find((l) => l.startsWith('Review opened: ')))) await new Promise((r) => setTimeout(r, 10));
  const res = await click(server, decodeURIComponent(line.split('/').pop()!), button);
  if (res.status !== 200) throw new Error(`the click was answered ${res.status}: ${await res.text()}`);
}

const reviewsWithKey = (key: string) =>
  server.db().prepare("SELECT count(*) AS n FROM reviews WHERE substr(idempotency_key, instr(idempotency_key, ' ') + 1) = ?").get<{ n: number }>(key)!.n;

describe('awaitDecision', () => {
  it('retries a create whose answer was lost, and the idempotency key keeps it one review', async () => {
    proxy = await FlakyProxy.start(server.url);
    proxy.break({ method: 'POST', path: /\/reviews$/, breakage: { kind: 'lose-answer' }, times: 2 });
    const request = reviewRequest();
    const o = options();
    const [result] = await Promise.all([awaitDecision(request, o), decideWhenOpen(o.lines, 'false_positive')]);
    expect(result.decision).toBe('false_positive');
    expect(proxy.seen.filter((s) => s.method === 'POST')).toHaveLength(3);
    expect(reviewsWithKey(request.idempotencyKey)).toBe(1);
    expect(o.lines.filter((l) => l.includes('retrying'))).toHaveLength(2);
  });

  it('retries 5xx answers and cut connections while waiting', async () => {
    proxy = await FlakyProxy.start(server.url);
    proxy.break({ method: 'GET', path: /\/reviews\/[^/]+$/, breakage: { kind: 'status', status: 503 } });
    proxy.break({ method: 'GET', path: /\/reviews\/[^/]+$/, breakage: { kind: 'reset' } });
    const o = options();
    const [result] = await Promise.all([awaitDecision(reviewRequest(), o), decideWhenOpen(o.lines, 'block')]);
    expect(result.decision).toBe('rejected');
    expect(proxy.seen.filter((s) => s.method === 'GET' && s.broken)).toHaveLength(2);
  });

  it('shortens its long-polls when a proxy cuts idle connections', async () => {
    proxy = await FlakyProxy.start(server.url);
    proxy.break({ method: 'GET', path: /\/reviews\/[^/]+$/, breakage: { kind: 'idle-timeout', ms: 2500 }, times: 99 });
    const o = options({ cutThresholdMs: 1000 });
    const waiting = awaitDecision(reviewRequest(), o);
    while (!o.lines.some((l) => l.startsWith('The connection was cut'))) await new Promise((r) => setTimeout(r, 20));
    // Let a few short polls pass the proxy, then decide.
    await new Promise((r) => setTimeout(r, 1500));
    await decideWhenOpen(o.lines, 'false_positive');
    const result = await waiting;
    expect(result.decision).toBe('false_positive');
    expect(o.lines.find((l) => l.startsWith('The connection was cut'))).toMatch(/^The connection was cut after \d+s; asking for 1s at a time from now on\.$/);
  }, 20_000);

  it('gives up opening the review once its window passes while the gateway says the server is down', async () => {
    proxy = await FlakyProxy.start(server.url);
    proxy.break({ method: 'POST', path: /\/reviews$/, breakage: { kind: 'status', status: 502 }, times: 999 });
    // A window of seconds, so a loaded machine still fits more tries in it than the four a
    // transient error gets (each try crosses the proxy twice).
    const attempt = awaitDecision(reviewRequest(), options({ openRetryMs: 3_000 }));
    await expect(attempt).rejects.toBeInstanceOf(ServerResponseError);
    await expect(attempt).rejects.toThrow('Creating the review failed: the approval server answered 502');
    // Ridden out past the four tries a transient error gets.
    expect(proxy.seen.length).toBeGreaterThan(4);
  });

  it('gives up after its attempts when the server keeps failing (500)', async () => {
    proxy = await FlakyProxy.start(server.url);
    proxy.break({ method: 'POST', path: /\/reviews$/, breakage: { kind: 'status', status: 500 }, times: 99 });
    const attempt = awaitDecision(reviewRequest(), options());
    await expect(attempt).rejects.toThrow('Creating the review failed: the approval server answered 500');
    expect(proxy.seen).toHaveLength(4);
  });

  it('reports an unreachable server as such', async () => {
    // A port that was just free: nothing listens there.
    proxy = await FlakyProxy.start(server.url);
    const deadUrl = proxy.url;
    await proxy.close();
    const client = createApiClient({ serverUrl: deadUrl, token: async () => server.apiToken });
    const attempt = awaitDecision(reviewRequest(), options({ client, openRetryMs: 200 }));
    await expect(attempt).rejects.toBeInstanceOf(ServerUnreachableError);
    await expect(attempt).rejects.toThrow(/could not be reached \(ECONNREFUSED\)/);
  });

  it.each([
    ['a sign-in page', 'text/html', '<html>Sign in to Corp SSO</html>', 'the answer is not JSON'],
    ['JSON that is not a review', 'application/json', '{"ok":true}', 'the answer is not a review'],
  ])('refuses %s answered with 200, and does not count it as a decision', async (_what, contentType, body, message) => {
    proxy = await FlakyProxy.start(server.url);
    proxy.break({ method: 'POST', path: /\/reviews$/, breakage: { kind: 'body', contentType, body } });
    await expect(awaitDecision(reviewRequest(), options())).rejects.toThrow(message);
  });

  it('does not retry an answer that will not change (403)', async () => {
    proxy = await FlakyProxy.start(server.url);
    proxy.break({ method: 'POST', path: /\/reviews$/, breakage: { kind: 'status', status: 403 }, times: 99 });
    await expect(awaitDecision(reviewRequest(), options())).rejects.toThrow('answered 403');
    expect(proxy.seen).toHaveLength(1);
  });

  it('fails as expired on its own clock, and closes the review, when the server has not expired it', async () => {
    proxy = await FlakyProxy.start(server.url);
    // The server's deadline is ten minutes away; the Action's timeout is one second.
    const result = await awaitDecision(reviewRequest({ timeoutSeconds: 600 }), options({ timeoutSeconds: 1, graceSeconds: 0 }));
    expect(result.decision).toBe('expired');
    // The gate tells the server why it closes the review: expired, not cancelled.
    expect(result.review.status).toBe('expired');
    expect((await reviewOnServer(server, result.review.id)).status).toBe('expired');
    const cancel = proxy.seen.find((s) => s.method === 'POST' && s.path.endsWith('/cancel'));
    expect(cancel).toBeDefined();
  });

  it('cancels the open review when the job is cancelled', async () => {
    proxy = await FlakyProxy.start(server.url);
    const controller = new AbortController();
    const o = options({ signal: controller.signal });
    const waiting = awaitDecision(reviewRequest(), o);
    while (!o.lines.some((l) => l.startsWith('Review opened'))) await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    const error = (await waiting.catch((e: unknown) => e)) as JobCancelledError;
    expect(error).toBeInstanceOf(JobCancelledError);
    expect(error.review?.status).toBe('cancelled');
    expect((await reviewOnServer(server, error.review!.id)).status).toBe('cancelled');
  });
});
