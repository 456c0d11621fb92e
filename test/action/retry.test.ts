import { afterEach, describe, expect, it, vi } from 'vitest';
import { withRetry } from '../../action/retry.js';

const fast = { attempts: 4, baseDelayMs: 1, maxDelayMs: 2 };

/** The delays withRetry waits when every try fails, with `random` as the jitter source. */
async function delaysOf(options: { attempts: number; baseDelayMs: number; maxDelayMs: number; random?: () => number }): Promise<number[]> {
  const delays: number[] = [];
  await withRetry(
    async () => {
      throw new Error('again');
    },
    () => true,
    { ...options, onRetry: (_e, _a, d) => delays.push(d) },
  ).catch(() => undefined);
  return delays;
}

/** A jitter source that returns `values` in turn. */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('withRetry', () => {
  it('retries a retryable error until it succeeds', async () => {
    let calls = 0;
    const value = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw new Error('flaky');
        return 'ok';
      },
      () => true,
      fast,
    );
    expect(value).toBe('ok');
    expect(calls).toBe(3);
  });

  it('gives up after the last attempt with the last error', async () => {
    let calls = 0;
    const attempt = withRetry(
      async () => {
        calls++;
        throw new Error(`failure ${calls}`);
      },
      () => true,
      fast,
    );
    await expect(attempt).rejects.toThrow('failure 4');
    expect(calls).toBe(4);
  });

  it('does not retry an error that is not retryable', async () => {
    let calls = 0;
    const attempt = withRetry(
      async () => {
        calls++;
        throw new Error('final');
      },
      () => false,
      fast,
    );
    await expect(attempt).rejects.toThrow('final');
    expect(calls).toBe(1);
  });

  it('stops retrying once the signal aborts', async () => {
    const controller = new AbortController();
    let calls = 0;
    const attempt = withRetry(
      async () => {
        calls++;
        controller.abort();
        throw new Error('while aborting');
      },
      () => true,
      { ...fast, signal: controller.signal },
    );
    await expect(attempt).rejects.toThrow('while aborting');
    expect(calls).toBe(1);
  });

  it('keeps every delay within the backoff ceiling', async () => {
    const delays: number[] = [];
    await withRetry(
      async (n) => {
        if (n < 4) throw new Error('again');
      },
      () => true,
      { attempts: 4, baseDelayMs: 4, maxDelayMs: 10, onRetry: (_e, _a, d) => delays.push(d) },
    );
    expect(delays).toHaveLength(3);
    delays.forEach((d, i) => expect(d).toBeLessThanOrEqual(Math.min(10, 4 * 2 ** i)));
  });

  it('doubles the backoff with each attempt until maxDelayMs caps it', async () => {
    // A source just under 1 draws the top of each range, so the delays are the ceilings themselves.
    const delays = await delaysOf({ attempts: 5, baseDelayMs: 4, maxDelayMs: 20, random: () => 0.999 });
    expect(delays).toEqual([4, 8, 16, 20]);
  });

  it('draws each delay anywhere from zero to the ceiling (full jitter)', async () => {
    const delays = await delaysOf({ attempts: 4, baseDelayMs: 8, maxDelayMs: 100, random: sequence(0.75, 0.25, 0.5) });
    // Ceilings 8, 16, 32: each delay is the drawn share of its attempt's ceiling, not the ceiling.
    expect(delays).toEqual([6, 4, 16]);
  });

  it('waits differently in two jobs that fail at the same attempts, so they do not retry in lockstep', async () => {
    const options = { attempts: 4, baseDelayMs: 8, maxDelayMs: 100 };
    const one = await delaysOf({ ...options, random: sequence(0.1, 0.6, 0.3) });
    const two = await delaysOf({ ...options, random: sequence(0.9, 0.2, 0.7) });
    expect(one).toEqual([1, 10, 10]);
    expect(two).toEqual([7, 3, 22]);
    one.forEach((d, i) => expect(d).not.toBe(two[i]));
  });

  it('uses Math.random for the jitter when no source is given', async () => {
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const delays = await delaysOf({ attempts: 3, baseDelayMs: 4, maxDelayMs: 100 });
    expect(random).toHaveBeenCalledTimes(2);
    expect(delays).toEqual([2, 4]);
  });
});
