// Tells the approval server that a scan found nothing, so that it sets the commit's
// `secretgate` status to success (the server holds the GitHub credential; the job does not).
// A failure here is a warning, never the job's verdict: without the report the status stays
// missing, and a branch rule that requires it keeps the merge blocked — closed, not open.
import * as core from '@actions/core';
import type { ApiError, CleanRunRequest } from '../shared/contract.js';
import { isRetryableApiError, ServerResponseError, ServerUnreachableError } from './api-client.js';
import { createTokenProvider } from './auth.js';
import type { ScanRange } from './range.js';
import { withRetry } from './retry.js';
import type { Settings } from './settings.js';

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

/** Reports a clean scan when a server is configured and something was scanned. Never throws. */
export async function reportCleanRun(settings: Settings, range: ScanRange, signal: AbortSignal): Promise<void> {
  // A deleted branch scans nothing: there is no commit to vouch for.
  if (!settings.serverUrl || range.revs.length === 0 || !/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(range.head)) return;
  const url = `${settings.serverUrl.replace(/\/+$/, '')}/api/v1/clean-runs`;
  const body = JSON.stringify(cleanRunRequest(settings, range));
  try {
    const token = createTokenProvider(settings.apiToken, settings.oidcAudience);
    await withRetry(
      async () => {
        let response: Response;
        try {
          response = await fetch(url, {
            method: 'POST',
            headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json', 'user-agent': 'secretgate-action' },
            body,
            signal: AbortSignal.any([AbortSignal.timeout(15_000), signal]),
          });
        } catch (error) {
          throw new ServerUnreachableError('Reporting the clean scan', error);
        }
        if (response.ok) return;
        const parsed = (await response.json().catch(() => ({}))) as Partial<ApiError>;
        throw new ServerResponseError(response.status, parsed.error ?? '', (parsed.message ?? '').slice(0, 300), 'Reporting the clean scan');
      },
      isRetryableApiError,
      { ...retry, signal },
    );
    core.info(`Reported the clean scan of ${range.head.slice(0, 12)} to the approval server.`);
  } catch (error) {
    core.warning(`${(error as Error).message}. The commit's secretgate status is not set.`);
  }
}
