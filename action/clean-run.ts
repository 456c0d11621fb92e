// Tells the approval server that a scan found nothing, so that it sets the commit's
// `secretgate` status to success (the server holds the GitHub credential; the job does not).
// A failure here is a warning, never the job's verdict: without the report the status stays
// missing, and a branch rule that requires it keeps the merge blocked — closed, not open.
import * as core from '@actions/core';
import type { CleanRunRequest } from '../shared/contract.js';
import { isRetryableApiError, type ApiClient } from './api-client.js';
import type { Settings } from './inputs.js';
import type { ScanRange } from './range.js';
import { withRetry } from './retry.js';

const retry = { attempts: 3, baseDelayMs: 500, maxDelayMs: 2000 };

export function cleanRunRequest(settings: Settings, range: ScanRange): CleanRunRequest {
  const { runner } = settings;
  const ref = runner.payload.pull_request ? `refs/heads/${runner.payload.pull_request.head.ref}` : runner.payload.ref ?? runner.ref;
  return {
    repository: runner.repository,
    sha: range.head,
    ...(ref ? { ref } : {}),
    ...(runner.runUrl ? { runUrl: runner.runUrl } : {}),
  };
}

/** Reports a clean scan when a server is configured (`client`) and something was scanned. Never throws. */
export async function reportCleanRun(settings: Settings, client: ApiClient | undefined, range: ScanRange, signal: AbortSignal): Promise<void> {
  // A deleted branch scans nothing: there is no commit to vouch for.
  if (!client || range.revs.length === 0 || !/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(range.head)) return;
  const body = cleanRunRequest(settings, range);
  try {
    await withRetry(() => client.reportCleanRun(body, signal), isRetryableApiError, { ...retry, signal });
    core.info(`Reported the clean scan of ${range.head.slice(0, 12)} to the approval server.`);
  } catch (error) {
    core.warning(`${(error as Error).message}. The commit's secretgate status is not set.`);
  }
}
