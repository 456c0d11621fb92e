// The key findings are fingerprinted with. A gate asks the approval server for its repository's
// key (GET /api/v1/fingerprint-key) before scanning; a report-only run takes it from
// SECRETGATE_FINGERPRINT_KEY, or goes without (location fingerprints).
import * as core from '@actions/core';
import type { ApiError, FingerprintKeyResponse } from '../shared/contract.js';
import { isRetryableApiError, ServerResponseError, ServerUnreachableError } from './api-client.js';
import { createTokenProvider } from './auth.js';
import { FINGERPRINT_KEY_VARIABLE, fingerprintKeyFromEnv } from './fingerprint-key-env.js';
import { withRetry, type RetryOptions } from './retry.js';
import type { Settings } from './settings.js';

export interface FingerprintKeying {
  fingerprintKey?: Buffer;
  /** The repository, while the server still holds decisions under the old unkeyed fingerprints. */
  legacySalt?: string;
  /**
   * The server could not be reached for the key. The scan goes on without it (a clean scan needs
   * no server); findings then meet the same unreachable server, so the gate fails closed or, with
   * fail-open, passes. They never reach a server with a location fingerprint.
   */
  unavailable?: Error;
}

const retry: RetryOptions = { attempts: 5, baseDelayMs: 500, maxDelayMs: 8000 };

export async function resolveFingerprintKeying(settings: Settings, signal: AbortSignal, env: NodeJS.ProcessEnv = process.env): Promise<FingerprintKeying> {
  const { repository } = settings.runner;
  if (!settings.serverUrl) {
    const text = env[FINGERPRINT_KEY_VARIABLE]?.trim();
    if (text) core.setSecret(text);
    const fingerprintKey = fingerprintKeyFromEnv(env, repository);
    return fingerprintKey ? { fingerprintKey } : {};
  }
  let answer: FingerprintKeyResponse;
  try {
    answer = await fetchFingerprintKey(settings, signal);
  } catch (error) {
    if (isRetryableApiError(error) && !signal.aborted) return { unavailable: error as Error };
    throw error;
  }
  // Mask before anything could print it: with it, a reader of the outputs could test guesses.
  core.setSecret(answer.key);
  const fingerprintKey = Buffer.from(answer.key, 'base64');
  if (fingerprintKey.length < 32) throw new Error('The approval server answered a fingerprint key shorter than 32 bytes.');
  return answer.legacyFingerprints ? { fingerprintKey, legacySalt: repository } : { fingerprintKey };
}

async function fetchFingerprintKey(settings: Settings, signal: AbortSignal): Promise<FingerprintKeyResponse> {
  const what = 'Fetching the fingerprint key';
  const url = `${settings.serverUrl!.replace(/\/+$/, '')}/api/v1/fingerprint-key?repository=${encodeURIComponent(settings.runner.repository)}`;
  const token = createTokenProvider(settings.apiToken, settings.oidcAudience);
  return withRetry(
    async () => {
      let response: Response;
      try {
        response = await fetch(url, {
          headers: { authorization: `Bearer ${await token()}`, accept: 'application/json', 'user-agent': 'secretgate-action' },
          signal: AbortSignal.any([AbortSignal.timeout(15_000), signal]),
        });
      } catch (error) {
        throw new ServerUnreachableError(what, error);
      }
      const body = (await response.json().catch(() => undefined)) as (Partial<FingerprintKeyResponse> & Partial<ApiError>) | undefined;
      if (!response.ok) throw new ServerResponseError(response.status, body?.error ?? '', (body?.message ?? '').slice(0, 300), what);
      if (typeof body?.key !== 'string') {
        throw new ServerResponseError(response.status, 'invalid_response', 'the answer holds no key (is server-url the approval server?)', what);
      }
      return { repository: String(body.repository), key: body.key, legacyFingerprints: body.legacyFingerprints === true };
    },
    isRetryableApiError,
    {
      ...retry,
      signal,
      onRetry: (error, attempt, delayMs) => core.info(`${(error as Error).message}; retrying in ${(delayMs / 1000).toFixed(1)}s (attempt ${attempt + 1}).`),
    },
  );
}
