// From findings to a verdict: clean, report-only, or whatever the approval server's review
// decides. Fail-open applies here and only here: to a server that cannot be reached.
import * as core from '@actions/core';
import { ServerResponseError, ServerUnreachableError, type ApiClient } from './api-client.js';
import type { Finding } from './engine/types.js';
import { awaitDecision, JobCancelledError } from './gate.js';
import type { Settings } from './inputs.js';
import type { ScanRange } from './range.js';
import { buildReviewRequest } from './review-request.js';
import { judgeReview, judgeUnreviewed, type Verdict } from './verdict.js';

export interface Decided extends Verdict {
  reviewUrl?: string;
}

/**
 * `client`: the approval server's, when one is configured (settings.serverUrl). `unreachable`:
 * the server could not be reached for the fingerprint key before the scan.
 */
export async function decide(
  settings: Settings,
  client: ApiClient | undefined,
  range: ScanRange,
  findings: readonly Finding[],
  signal: AbortSignal,
  unreachable?: Error,
): Promise<Decided> {
  if (findings.length === 0) return { passed: true, decision: 'clean', message: 'No secrets found.' };
  if (!client) return judgeUnreviewed(findings);
  if (unreachable) {
    if (settings.failOpen) return failedOpen(unreachable);
    throw unreachable;
  }
  try {
    const result = await awaitDecision(buildReviewRequest(settings, range, findings), {
      client,
      timeoutSeconds: settings.timeoutSeconds,
      openRetryMs: settings.openRetrySeconds * 1000,
      signal,
      log: core.info,
    });
    return { ...judgeReview(result, settings.timeoutSeconds), reviewUrl: result.review.url };
  } catch (error) {
    if (error instanceof JobCancelledError) {
      return { passed: false, decision: 'cancelled', message: error.message, reviewUrl: error.review?.url };
    }
    const unavailable =
      error instanceof ServerUnreachableError ||
      (error instanceof ServerResponseError && (error.status >= 500 || error.status === 429));
    if (unavailable && settings.failOpen) return failedOpen(error as Error);
    throw error;
  }
}

function failedOpen(error: Error): Decided {
  core.warning(`${error.message}. Passing because fail-open is set.`);
  return { passed: true, decision: 'error', message: `Passed without a review (fail-open): ${error.message}` };
}
