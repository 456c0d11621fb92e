// The key findings are fingerprinted with. A gate asks the approval server for its repository's
// key (GET /api/v1/fingerprint-key) before scanning; a report-only run takes it from
// SECRETGATE_FINGERPRINT_KEY, or goes without (location fingerprints).
import * as core from '@actions/core';
import type { FingerprintKeyResponse } from '../shared/contract.js';
import { deriveFingerprintKey, parseFingerprintKey } from '../shared/fingerprint-key.js';
import { isRetryableApiError, type ApiClient } from './api-client.js';
import { FINGERPRINT_KEY_VARIABLE } from './fingerprint-key-env.js';
import type { Settings } from './inputs.js';
import { withRetry, type RetryOptions } from './retry.js';

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

/** `client`: the approval server's, when one is configured (settings.serverUrl). */
export async function resolveFingerprintKeying(settings: Settings, client: ApiClient | undefined, signal: AbortSignal): Promise<FingerprintKeying> {
  const { repository } = settings.runner;
  if (!client) {
    // Masked when the settings were read.
    const text = settings.fingerprintMasterKey;
    return text ? { fingerprintKey: deriveFingerprintKey(parseFingerprintKey(text, FINGERPRINT_KEY_VARIABLE), repository) } : {};
  }
  let answer: FingerprintKeyResponse;
  try {
    answer = await withRetry(() => client.getFingerprintKey(repository, signal), isRetryableApiError, {
      ...retry,
      signal,
      onRetry: (error, attempt, delayMs) => core.info(`${(error as Error).message}; retrying in ${(delayMs / 1000).toFixed(1)}s (attempt ${attempt + 1}).`),
    });
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
