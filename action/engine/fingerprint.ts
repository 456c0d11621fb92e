// What a finding is known by outside the runner. Keyed: HMAC-SHA-256 of the value with a key that
// no reader of the outputs holds, so a fingerprint cannot be used to test guesses offline.
// Without a key: a hash of where the finding is (rule, file, commit, line), never of the value.
import * as crypto from 'node:crypto';
import { createHash, createHmac } from 'node:crypto';

/** The least master key length, in bytes (HMAC-SHA-256's own block of security). */
export const MIN_FINGERPRINT_KEY_BYTES = 32;

const DERIVATION_LABEL = 'secretgate fingerprint v1\0';

/**
 * The key of one repository (or scan root), derived from the master key: a job learns the key of
 * its own repository only. GitHub names are case-insensitive, so is the derivation.
 */
export function deriveFingerprintKey(master: Uint8Array, repository: string): Buffer {
  return createHmac('sha256', master).update(DERIVATION_LABEL).update(repository.toLowerCase()).digest();
}

/** HMAC-SHA-256 of the value under a repository key, hex. */
export function keyedFingerprint(repositoryKey: Uint8Array, value: string): string {
  return createHmac('sha256', repositoryKey).update(value).digest('hex');
}

// One-shot SHA-256 where Node has it (20.12+): no Hash object per finding, several times faster.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha256Hex = oneShot ? (data: string) => oneShot('sha256', data, 'hex') : (data: string) => createHash('sha256').update(data).digest('hex');

/** Where the finding is, hashed: `loc:` and SHA-256 of rule, file, commit and line. No value in it. */
export function locationFingerprint(ruleId: string, file: string, commit: string | undefined, line: number): string {
  return `loc:${sha256Hex(`${ruleId}\0${file}\0${commit ?? ''}\0${line}`)}`;
}

/**
 * The unkeyed fingerprint of before: SHA-256 of repository, NUL, value. Computed only while the
 * approval server still holds decisions remembered under it (the transition), and sent nowhere else.
 */
export function legacyFingerprint(repository: string, value: string): string {
  return sha256Hex(`${repository}\0${value}`);
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
