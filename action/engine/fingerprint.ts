// What a finding is known by outside the runner. Keyed: HMAC-SHA-256 of the value with a key that
// no reader of the outputs holds, so a fingerprint cannot be used to test guesses offline.
// Without a key: a hash of where the finding is (rule, file, commit, line), never of the value.
import * as crypto from 'node:crypto';
import { createHash, createHmac } from 'node:crypto';

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
