// SECRETGATE_FINGERPRINT_KEY: the master key of fingerprints. Unset, one is made on first start
// and kept in the database (server/store/fingerprint-key.ts).
import { FingerprintKeyError, parseFingerprintKey } from '../../shared/fingerprint-key.js';
import { ConfigError } from './errors.js';
import { optional, type Env } from './read.js';

export function loadFingerprintKey(env: Env): Buffer | null {
  const text = optional(env, 'SECRETGATE_FINGERPRINT_KEY');
  if (text === null) return null;
  try {
    return parseFingerprintKey(text, 'SECRETGATE_FINGERPRINT_KEY');
  } catch (err) {
    // Its message never repeats the value.
    if (err instanceof FingerprintKeyError) throw new ConfigError(err.variable, err.problem);
    throw err;
  }
}

/** The key as it could be printed, which must never appear in a log line. */
export function fingerprintKeySecrets(key: Buffer | null): string[] {
  return key ? [key.toString('hex'), key.toString('base64')] : [];
}
