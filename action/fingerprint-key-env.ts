// The fingerprint key of a scan that reports without an approval server (the CLI, the report-only
// Action): derived from SECRETGATE_FINGERPRINT_KEY when it is set. Unset, findings get location
// fingerprints, and no report that leaves the machine holds anything derived from a value.
import { deriveFingerprintKey, parseFingerprintKey } from '../shared/fingerprint-key.js';

export const FINGERPRINT_KEY_VARIABLE = 'SECRETGATE_FINGERPRINT_KEY';

/** Throws FingerprintKeyError (naming the variable) when it is set but unusable. */
export function fingerprintKeyFromEnv(env: NodeJS.ProcessEnv, repository: string): Buffer | undefined {
  const text = env[FINGERPRINT_KEY_VARIABLE]?.trim();
  if (!text) return undefined;
  return deriveFingerprintKey(parseFingerprintKey(text, FINGERPRINT_KEY_VARIABLE), repository);
}
