// The fingerprint key of one repository, derived from the master key: the server hands a job its
// repository's key (GET /api/v1/fingerprint-key), the CLI derives the same key from
// SECRETGATE_FINGERPRINT_KEY, and findings fingerprinted either way are remembered alike.
import { createHmac } from 'node:crypto';

const DERIVATION_LABEL = 'secretgate fingerprint v1\0';

/** The least master key length, in bytes (HMAC-SHA-256's own block of security). */
export const MIN_FINGERPRINT_KEY_BYTES = 32;

/**
 * The key of one repository (or scan root), derived from the master key: a job learns the key of
 * its own repository only. GitHub names are case-insensitive, so is the derivation.
 */
export function deriveFingerprintKey(master: Uint8Array, repository: string): Buffer {
  return createHmac('sha256', master).update(DERIVATION_LABEL).update(repository.toLowerCase()).digest();
}

/** A master key that cannot be used; names the variable, never repeats the value. */
export class FingerprintKeyError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`${variable} ${problem}`);
    this.name = 'FingerprintKeyError';
  }
}

/** Reads a master key given as hex or base64 (standard or url-safe): at least 32 bytes. */
export function parseFingerprintKey(text: string, variable: string): Buffer {
  const t = text.trim();
  let bytes: Buffer | undefined;
  if (/^(?:[0-9a-f]{2})+$/i.test(t)) bytes = Buffer.from(t, 'hex');
  else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) bytes = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  const example = '(for example: openssl rand -hex 32)';
  if (!bytes) throw new FingerprintKeyError(variable, `is malformed: expected ${MIN_FINGERPRINT_KEY_BYTES} or more random bytes as hex or base64 ${example}`);
  if (bytes.length < MIN_FINGERPRINT_KEY_BYTES) {
    throw new FingerprintKeyError(variable, `is too short: ${bytes.length} bytes, expected at least ${MIN_FINGERPRINT_KEY_BYTES} ${example}`);
  }
  return bytes;
}
