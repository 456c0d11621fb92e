// HTTP client of the approval server's /api/v1 routes (contract: shared/contract.ts).
// Knows status codes and JSON, not what a decision means: that is gate.ts.
import type { ApiError, CancelReviewRequest, CleanRunRequest, CreateReviewRequest, FingerprintKeyResponse, ReviewResponse } from '../shared/contract.js';
import type { CancelReason, ReviewStatus } from '../shared/decisions.js';
import type { Retryability } from './retry.js';

const statuses = new Set<ReviewStatus>(['pending', 'approved', 'false_positive', 'rejected', 'expired', 'cancelled']);

export interface ApiClientOptions {
  serverUrl: string;
  /** Called per request: OIDC tokens are short-lived, a long wait outlives one. */
  token: () => Promise<string>;
  userAgent?: string;
}

/** The server answered, with a status that is not 2xx. */
export class ServerResponseError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    what: string,
  ) {
    super(`${what} failed: the approval server answered ${status}${code ? ` ${code}` : ''}${detail ? `: ${detail}` : ''}`);
    this.name = 'ServerResponseError';
  }
}

/** The server could not be reached or did not answer in time. */
export class ServerUnreachableError extends Error {
  constructor(what: string, cause: unknown) {
    super(`${what} failed: the approval server could not be reached (${describe(cause)})`);
    this.name = 'ServerUnreachableError';
  }
}

export interface ApiClient {
  createReview(body: CreateReviewRequest, signal?: AbortSignal): Promise<ReviewResponse>;
  getReview(id: string, waitSeconds: number, signal?: AbortSignal): Promise<ReviewResponse>;
  /**
   * Closes a pending review. `timeout`: the job's own timeout passed, and the server marks it
   * expired; otherwise (the runner cancelled the job) it is cancelled.
   */
  cancelReview(id: string, reason?: CancelReason, signal?: AbortSignal): Promise<ReviewResponse>;
  /** The key this repository's findings are fingerprinted with (GET /api/v1/fingerprint-key). */
  getFingerprintKey(repository: string, signal?: AbortSignal): Promise<FingerprintKeyResponse>;
  /** Reports a scan that found nothing (POST /api/v1/clean-runs); any 2xx will do. */
  reportCleanRun(body: CleanRunRequest, signal?: AbortSignal): Promise<void>;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const base = options.serverUrl.replace(/\/+$/, '');
  async function call<T>(method: string, path: string, what: string, timeoutMs: number, parse: (text: string, status: number) => T, body?: unknown, signal?: AbortSignal): Promise<T> {
    const token = await options.token();
    const signals = [AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])];
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          'user-agent': options.userAgent ?? 'secretgate-action',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.any(signals),
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason ?? error;
      throw new ServerUnreachableError(what, error);
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      let parsed: Partial<ApiError> = {};
      try {
        parsed = JSON.parse(text) as ApiError;
      } catch {
        // Not our server's JSON (a proxy page): keep only the status.
      }
      throw new ServerResponseError(response.status, parsed.error ?? '', (parsed.message ?? '').slice(0, 300), what);
    }
    return parse(text, response.status);
  }
  const review = (what: string) => (text: string, status: number) => parseReview(text, status, what);
  return {
    createReview: (body, signal) => call('POST', '/api/v1/reviews', 'Creating the review', 30_000, review('Creating the review'), body, signal),
    getReview: (id, waitSeconds, signal) =>
      call('GET', `/api/v1/reviews/${encodeURIComponent(id)}?wait=${waitSeconds}`, 'Waiting for the decision', (waitSeconds + 20) * 1000, review('Waiting for the decision'), undefined, signal),
    cancelReview: (id, reason, signal) => {
      const what = reason === 'timeout' ? 'Closing the review as expired' : 'Cancelling the review';
      return call('POST', `/api/v1/reviews/${encodeURIComponent(id)}/cancel`, what, 5_000, review(what), (reason ? { reason } : {}) satisfies CancelReviewRequest, signal);
    },
    getFingerprintKey: (repository, signal) =>
      call('GET', `/api/v1/fingerprint-key?repository=${encodeURIComponent(repository)}`, 'Fetching the fingerprint key', 15_000, parseFingerprintKey, undefined, signal),
    // The answer's body says nothing the job needs: a 2xx is the whole answer.
    reportCleanRun: (body, signal) => call('POST', '/api/v1/clean-runs', 'Reporting the clean scan', 15_000, () => undefined, body, signal),
  };
}

function parseJson<T>(text: string, status: number, what: string): Partial<T> | undefined {
  try {
    return JSON.parse(text) as Partial<T>;
  } catch {
    // A login page of a proxy in between, most likely.
    throw new ServerResponseError(status, 'invalid_json', 'the answer is not JSON (is server-url the approval server?)', what);
  }
}

function parseReview(text: string, status: number, what: string): ReviewResponse {
  const parsed = parseJson<ReviewResponse>(text, status, what);
  if (typeof parsed?.id !== 'string' || !statuses.has(parsed.status as ReviewStatus) || typeof parsed.url !== 'string') {
    throw new ServerResponseError(status, 'invalid_response', 'the answer is not a review (is server-url the approval server?)', what);
  }
  return parsed as ReviewResponse;
}

function parseFingerprintKey(text: string, status: number): FingerprintKeyResponse {
  const what = 'Fetching the fingerprint key';
  const parsed = parseJson<FingerprintKeyResponse>(text, status, what);
  if (typeof parsed?.key !== 'string') {
    throw new ServerResponseError(status, 'invalid_response', 'the answer holds no key (is server-url the approval server?)', what);
  }
  return { repository: String(parsed.repository), key: parsed.key, legacyFingerprints: parsed.legacyFingerprints === true };
}

/**
 * How the gate retries a failed call: a server that cannot be reached or a gateway that says it
 * is down (502, 503, 504) is an outage, ridden out; another 5xx, 429 or 408 is worth a few more
 * tries; any other answer (400, 401, 403, 404, 409 …) will not change.
 */
export function apiRetryability(error: unknown): Retryability {
  if (error instanceof ServerUnreachableError) return 'outage';
  if (!(error instanceof ServerResponseError)) return 'final';
  if (error.status === 502 || error.status === 503 || error.status === 504) return 'outage';
  return error.status >= 500 || error.status === 429 || error.status === 408 ? 'transient' : 'final';
}

/** Network errors, timeouts, 5xx, 429 and 408 are worth another try; other answers are final. */
export function isRetryableApiError(error: unknown): boolean {
  return apiRetryability(error) !== 'final';
}

function describe(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'timed out';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
}
