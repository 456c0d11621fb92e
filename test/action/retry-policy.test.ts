// The gate's retry policy: which failures are ridden out, for how long, how far apart the tries
// are, and which answers are final. Real error objects from the API client; a virtual clock, so
// an outage of minutes takes no time.
import { describe, expect, it } from 'vitest';
import { apiRetryability, ServerResponseError, ServerUnreachableError } from '../../action/api-client.js';
import { defaultRetry, withRetry, type RetryOptions } from '../../action/retry.js';

const refused = () => new ServerUnreachableError('Waiting for the decision', Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }));
const answered = (status: number) => new ServerResponseError(status, '', '', 'Creating the review');

/** A clock that only moves when the retry loop waits. */
function virtualClock(start = 1_000_000) {
  const clock = { t: start, waits: [] as number[] };
  return {
    clock,
    options: {
      now: () => clock.t,
      wait: async (ms: number) => {
        clock.waits.push(ms);
        clock.t += ms;
      },
    } satisfies Partial<RetryOptions>,
  };
}

/** Fails with `error()` every time until `until` tries, then answers; how many tries were made. */
async function triesAgainst(error: () => unknown, options: RetryOptions, until = Infinity): Promise<{ tries: number; thrown?: unknown }> {
  let tries = 0;
  try {
    await withRetry(
      async () => {
        if (++tries < until) throw error();
        return 'ok';
      },
      apiRetryability,
      options,
    );
    return { tries };
  } catch (thrown) {
    return { tries, thrown };
  }
}

describe('apiRetryability', () => {
  it('takes an unreachable server and a gateway that says it is down (502, 503, 504) for an outage', () => {
    expect(apiRetryability(refused())).toBe('outage');
    expect(apiRetryability(new ServerUnreachableError('x', Object.assign(new Error('timed out'), { name: 'TimeoutError' })))).toBe('outage');
    for (const status of [502, 503, 504]) expect(apiRetryability(answered(status))).toBe('outage');
  });

  it('gives another 5xx, 429 and 408 a few tries', () => {
    for (const status of [500, 501, 507, 429, 408]) expect(apiRetryability(answered(status))).toBe('transient');
  });

  it('never retries an answer that will not change: 400, 401, 403, 404, 409, 413, 422, a 200 that is not a review', () => {
    for (const status of [400, 401, 403, 404, 409, 413, 422, 200]) expect(apiRetryability(answered(status))).toBe('final');
    expect(apiRetryability(new Error('a bug of ours'))).toBe('final');
  });
});

describe('withRetry with the gate policy', () => {
  it('rides out an outage until the deadline, however many tries that takes', async () => {
    const { clock, options } = virtualClock();
    const deadlineMs = clock.t + 5 * 60_000;
    const { tries, thrown } = await triesAgainst(refused, { ...defaultRetry, ...options, deadlineMs, random: () => 0.99999 });
    expect(thrown).toBeInstanceOf(ServerUnreachableError);
    // Far more than the five tries a transient error gets.
    expect(tries).toBeGreaterThan(30);
    // It stopped exactly at the deadline: the last delay was clipped to it and nothing came after.
    expect(clock.t).toBe(deadlineMs);
  });

  it('waits at most 10 s between tries however long the outage lasts', async () => {
    const { clock, options } = virtualClock();
    await triesAgainst(() => answered(503), { ...defaultRetry, ...options, deadlineMs: clock.t + 10 * 60_000, random: () => 0.99999 });
    expect(Math.max(...clock.waits)).toBe(10_000);
    // Doubling from half a second, then capped.
    expect(clock.waits.slice(0, 6)).toEqual([500, 1000, 2000, 4000, 8000, 10_000]);
  });

  it('is back within 10 s once the server answers again, and returns its answer', async () => {
    const { clock, options } = virtualClock();
    const { tries, thrown } = await triesAgainst(() => answered(502), { ...defaultRetry, ...options, deadlineMs: clock.t + 60 * 60_000, random: () => 0.99999 }, 40);
    expect(thrown).toBeUndefined();
    expect(tries).toBe(40);
    expect(Math.max(...clock.waits)).toBeLessThanOrEqual(10_000);
  });

  it('does not try again once the deadline has passed', async () => {
    const { clock, options } = virtualClock();
    const { tries, thrown } = await triesAgainst(refused, { ...defaultRetry, ...options, deadlineMs: clock.t - 1 });
    expect(thrown).toBeInstanceOf(ServerUnreachableError);
    expect(tries).toBe(1);
    expect(clock.waits).toEqual([]);
  });

  it('gives a transient error its attempts, not the deadline', async () => {
    const { clock, options } = virtualClock();
    const { tries, thrown } = await triesAgainst(() => answered(500), { ...defaultRetry, ...options, deadlineMs: clock.t + 60 * 60_000 });
    expect((thrown as ServerResponseError).status).toBe(500);
    expect(tries).toBe(defaultRetry.attempts);
  });

  it('treats an outage as transient when there is no deadline (bounded tries)', async () => {
    const { options } = virtualClock();
    const { tries } = await triesAgainst(refused, { ...defaultRetry, ...options });
    expect(tries).toBe(defaultRetry.attempts);
  });

  it.each([400, 401, 403, 404, 409])('answers %i at once, without a second try, even during a long deadline', async (status) => {
    const { clock, options } = virtualClock();
    const { tries, thrown } = await triesAgainst(() => answered(status), { ...defaultRetry, ...options, deadlineMs: clock.t + 60 * 60_000 });
    expect((thrown as ServerResponseError).status).toBe(status);
    expect(tries).toBe(1);
    expect(clock.waits).toEqual([]);
  });

  it('stops riding out an outage when the job is cancelled', async () => {
    const { clock, options } = virtualClock();
    const controller = new AbortController();
    let tries = 0;
    const attempt = withRetry(
      async () => {
        if (++tries === 3) controller.abort();
        throw refused();
      },
      apiRetryability,
      { ...defaultRetry, ...options, deadlineMs: clock.t + 60 * 60_000, signal: controller.signal },
    );
    await expect(attempt).rejects.toBeInstanceOf(ServerUnreachableError);
    expect(tries).toBe(3);
  });
});
