// Bounded retries with exponential backoff and full jitter, so many jobs hitting a recovering
// server do not retry in lockstep.

export interface RetryOptions {
  /** Total tries, the first included. */
  attempts: number;
  /** Upper bound of the first delay; doubles per try up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Aborting stops waiting at once and rethrows the last error. */
  signal?: AbortSignal;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** The jitter's source: a number in [0, 1). Default Math.random; tests pass a fixed sequence. */
  random?: () => number;
}

export const defaultRetry: RetryOptions = { attempts: 5, baseDelayMs: 500, maxDelayMs: 8000 };

export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  isRetryable: (error: unknown) => boolean,
  options: RetryOptions = defaultRetry,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= options.attempts || !isRetryable(error) || options.signal?.aborted) throw error;
      const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
      const delayMs = Math.round((options.random ?? Math.random)() * ceiling);
      options.onRetry?.(error, attempt, delayMs);
      await sleep(delayMs, options.signal);
      if (options.signal?.aborted) throw error;
    }
  }
}

/** Resolves after `ms`, or early when `signal` aborts (never rejects). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
