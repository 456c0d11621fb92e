// Retries with exponential backoff and full jitter, so many jobs hitting a recovering server do
// not retry in lockstep. Two kinds of failure: an outage (the server is down or restarting) is
// ridden out until a deadline, each wait capped; any other transient error gets a few tries.

/**
 * What a failure is worth: `outage` is retried until `deadlineMs` (or, without one, like
 * `transient`), `transient` for `attempts` tries, `final` never. `true`/`false` mean
 * `transient`/`final`.
 */
export type Retryability = 'outage' | 'transient' | 'final' | boolean;

export interface RetryOptions {
  /** Tries for a transient error, the first included. */
  attempts: number;
  /** Upper bound of the first delay; doubles per try up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Date.now() after which no try starts: an outage is retried until then, each delay clipped to it. */
  deadlineMs?: number;
  /** Aborting stops waiting at once and rethrows the last error. */
  signal?: AbortSignal;
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** The jitter's source: a number in [0, 1). Default Math.random; tests pass a fixed sequence. */
  random?: () => number;
  /** The clock the deadline is read on, and how a delay is waited (default Date.now, sleep); tests pass a virtual pair. */
  now?: () => number;
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** At most 10 s between tries: a server back from a restart is found again within 10 s. */
export const defaultRetry: RetryOptions = { attempts: 5, baseDelayMs: 500, maxDelayMs: 10_000 };

export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  classify: (error: unknown) => Retryability,
  options: RetryOptions = defaultRetry,
): Promise<T> {
  const now = options.now ?? Date.now;
  let transientFailures = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const kind = kindOf(classify(error));
      if (kind === 'final') throw error;
      const rideOut = kind === 'outage' && options.deadlineMs !== undefined;
      if (!rideOut && ++transientFailures >= options.attempts) throw error;
      const left = options.deadlineMs === undefined ? Infinity : options.deadlineMs - now();
      if (left <= 0) throw error;
      // 2 ** n is Infinity past n = 1023; min() still caps it.
      const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
      const delayMs = Math.min(left, Math.round((options.random ?? Math.random)() * ceiling));
      options.onRetry?.(error, attempt, delayMs);
      await (options.wait ?? sleep)(delayMs, options.signal);
      if (options.signal?.aborted) throw error;
    }
  }
}

function kindOf(r: Retryability): 'outage' | 'transient' | 'final' {
  if (r === true) return 'transient';
  if (r === false) return 'final';
  return r;
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
