// What a finding is known by outside the runner. Keyed: HMAC-SHA-256 of the value with a key that
// no reader of the outputs holds, so a fingerprint cannot be used to test guesses offline.
// Without a key: a hash of where the finding is (rule, file, commit, line), never of the value.
import { createHash, createHmac } from 'node:crypto';

/** HMAC-SHA-256 of the value under a repository key, hex. */
export function keyedFingerprint(repositoryKey: Uint8Array, value: string): string {
  return createHmac('sha256', repositoryKey).update(value).digest('hex');
}

/** Where the finding is, hashed: `loc:` and SHA-256 of rule, file, commit and line. No value in it. */
export function locationFingerprint(ruleId: string, file: string, commit: string | undefined, line: number): string {
  return `loc:${createHash('sha256').update(`${ruleId}\0${file}\0${commit ?? ''}\0${line}`).digest('hex')}`;
}

/**
 * The unkeyed fingerprint of before: SHA-256 of repository, NUL, value. Computed only while the
 * approval server still holds decisions remembered under it (the transition), and sent nowhere else.
 */
export function legacyFingerprint(repository: string, value: string): string {
  return createHash('sha256').update(repository).update('\0').update(value).digest('hex');
}
