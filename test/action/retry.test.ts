import { describe, expect, it } from 'vitest';
import { withRetry } from '../../action/retry.js';

const fast = { attempts: 4, baseDelayMs: 1, maxDelayMs: 2 };

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
});
