// A reader of the outputs (database, exports, SARIF, review pages) must not be able to test
// guesses against a fingerprint, and a preview must not narrow a guess down.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDetector } from '../../action/engine/detect.js';
import { deriveFingerprintKey, FingerprintKeyError, parseFingerprintKey } from '../../shared/fingerprint-key.js';
import { keyedFingerprint } from '../../action/engine/fingerprint.js';
import { redact } from '../../action/engine/redact.js';
import { defaultRules } from '../../action/engine/rules/index.js';
import type { RawFinding } from '../../action/engine/types.js';

const PAT = 'ghp_R7kq2ZtWm9XvB4nLc8PpHs3DfJy6Ua1Ge0Qw';
const MASTER = Buffer.alloc(32, 7);
const OTHER_MASTER = Buffer.alloc(32, 8);
const COMMIT = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

const scan = (text: string, options: { key?: Uint8Array; legacySalt?: string } = {}, file = 'src/app.ts'): RawFinding[] =>
  createDetector({
    rules: defaultRules,
    ...(options.key && { fingerprintKey: options.key }),
    ...(options.legacySalt && { legacySalt: options.legacySalt }),
  }).detect({ file, text, commit: COMMIT });

/** What anyone could compute before: SHA-256(repository, NUL, value). */
const unkeyed = (repository: string, value: string) => createHash('sha256').update(repository).update('\0').update(value).digest('hex');

describe('keyed fingerprints', () => {
  const key = deriveFingerprintKey(MASTER, 'acme/api');

  it('is an HMAC that changes with the key and stays the same for the same key', () => {
    const [a] = scan(`t = "${PAT}"`, { key });
    const [again] = scan(`other = "${PAT}"`, { key }, 'lib/other.ts');
    const [otherMaster] = scan(`t = "${PAT}"`, { key: deriveFingerprintKey(OTHER_MASTER, 'acme/api') });
    const [otherRepo] = scan(`t = "${PAT}"`, { key: deriveFingerprintKey(MASTER, 'acme/web') });
    expect(a!.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(again!.fingerprint).toBe(a!.fingerprint);
    expect(otherMaster!.fingerprint).not.toBe(a!.fingerprint);
    expect(otherRepo!.fingerprint).not.toBe(a!.fingerprint);
    expect(a!.fingerprint).toBe(keyedFingerprint(key, PAT));
  });

  it('cannot be recomputed from the value and the repository alone', () => {
    const [f] = scan(`t = "${PAT}"`, { key });
    for (const salt of ['acme/api', 'Acme/API', '', 'secretgate fingerprint v1']) {
      expect(f!.fingerprint).not.toBe(unkeyed(salt, PAT));
      expect(f!.fingerprint).not.toBe(createHash('sha256').update(PAT).digest('hex'));
    }
  });

  it('derives one key per repository, whatever the case GitHub was given', () => {
    expect(deriveFingerprintKey(MASTER, 'Acme/API').equals(deriveFingerprintKey(MASTER, 'acme/api'))).toBe(true);
    expect(deriveFingerprintKey(MASTER, 'acme/api').equals(deriveFingerprintKey(MASTER, 'acme/web'))).toBe(false);
    expect(deriveFingerprintKey(MASTER, 'acme/api').equals(MASTER)).toBe(false);
  });

  it('computes the old unkeyed fingerprint only when asked, and never enumerably', () => {
    const [plain] = scan(`t = "${PAT}"`, { key });
    expect(plain!.legacyFingerprint).toBeUndefined();
    const [f] = scan(`t = "${PAT}"`, { key, legacySalt: 'acme/api' });
    expect(f!.legacyFingerprint).toBe(unkeyed('acme/api', PAT));
    expect(Object.keys(f!)).not.toContain('legacyFingerprint');
    expect(JSON.stringify(f)).not.toContain(f!.legacyFingerprint!);
  });
});

describe('without a key', () => {
  it('fingerprints say where a finding is, and nothing derived from the value', () => {
    const [a] = scan(`t = "${PAT}"`);
    const [otherValue] = scan(`t = "${PAT.replace('R7', 'Q8')}"`);
    const [moved] = scan(`\nt = "${PAT}"`);
    expect(a!.fingerprint).toMatch(/^loc:[0-9a-f]{64}$/);
    // Another value in the same place: the same fingerprint, so it cannot encode the value.
    expect(otherValue!.fingerprint).toBe(a!.fingerprint);
    expect(moved!.fingerprint).not.toBe(a!.fingerprint);
    expect(a!.fingerprint).not.toContain(unkeyed('acme/api', PAT));
  });
});

/** Rule, length and a shape from a fixed vocabulary: no room for a character of the value. */
function expectNothingOf(redacted: string, ruleId: string, value: string): void {
  const shape = '(a-z)?(A-Z)?(0-9)?( and symbols)?( and spaces)?';
  expect(redacted).toMatch(new RegExp(`^\\[${ruleId}: ${value.length} chars, ${shape}\\]$`));
}

describe('previews', () => {
  const WEAK = 'Summer2024!';
  const STRONG_GENERIC = 'q7Z!vR2m#pLx9Tw';

  it.each([
    ['a generic assignment', `DB_PASSWORD = "${STRONG_GENERIC}"`, STRONG_GENERIC],
    ['a weak password', `password = "${WEAK}"`, WEAK],
    ['a URL credential', 'git clone https://deploy:Tq8vZ3mLx2Rk9@git.internal.corp/app.git', 'Tq8vZ3mLx2Rk9'],
  ])('of %s show no character of the value, only rule, length and shape', (_what, text, value) => {
    const found = scan(text);
    expect(found.length).toBe(1);
    const { redacted, ruleId } = found[0]!;
    expectNothingOf(redacted, ruleId, value);
  });

  it('of every generic rule sample show no character of the value', () => {
    for (const rule of defaultRules.filter((r) => r.generic)) {
      for (const sample of rule.truePositives) {
        for (const f of createDetector({ rules: [rule] }).detect({ file: 'a.env', text: sample })) expectNothingOf(f.redacted, rule.id, f.secret);
      }
    }
  });

  it('of a provider token keep its public prefix and never a trailing character', () => {
    const [f] = scan(`t = "${PAT}"`);
    expect(f!.redacted).toBe('ghp_…(40 chars)');
    const aws = scan('aws_access_key_id = AKIABWWDTMQTTGL7FC3L')[0]!;
    expect(aws.redacted).toBe('AKIA…(20 chars)');
  });

  it('of a provider value without a public prefix, or with low entropy, show its shape only', () => {
    const secret = '4+8XCrP4uw3oQdBkuu1kJXyVumQjlekAc/kUyCe3';
    const [f] = scan(`aws_secret_access_key = ${secret}`);
    expect(f!.redacted).toBe('[aws-secret-access-key: 40 chars, a-zA-Z0-9 and symbols]');
    const rule = { id: 'acme-token', keywords: ['acme_'], generic: false };
    expect(redact(rule, 'acme_aaaaaaaaaaaaaaaaaaaaaaaa', 1.2)).toBe('[acme-token: 29 chars, a-z and symbols]');
    expect(redact(rule, 'acme_Zq8vL3mXx2Rk9Tq8vZ3mLx2R', 4.1)).toBe('acme_…(29 chars)');
  });
});

describe('the master key', () => {
  it('reads 32 or more bytes as hex or base64, and names the variable when it is not', () => {
    expect(parseFingerprintKey('ab'.repeat(32), 'K').equals(Buffer.alloc(32, 0xab))).toBe(true);
    expect(parseFingerprintKey(Buffer.alloc(32, 1).toString('base64'), 'K').equals(Buffer.alloc(32, 1))).toBe(true);
    expect(parseFingerprintKey(Buffer.alloc(48, 2).toString('base64url'), 'K').equals(Buffer.alloc(48, 2))).toBe(true);
    const short = 'ab'.repeat(16);
    expect(() => parseFingerprintKey(short, 'SECRETGATE_FINGERPRINT_KEY')).toThrow(FingerprintKeyError);
    expect(() => parseFingerprintKey(short, 'SECRETGATE_FINGERPRINT_KEY')).toThrow(/^SECRETGATE_FINGERPRINT_KEY is too short: 16 bytes/);
    const bad = 'not a key at all!';
    expect(() => parseFingerprintKey(bad, 'SECRETGATE_FINGERPRINT_KEY')).toThrow(/^SECRETGATE_FINGERPRINT_KEY is malformed/);
    try {
      parseFingerprintKey(short, 'SECRETGATE_FINGERPRINT_KEY');
    } catch (e) {
      expect((e as Error).message).not.toContain(short);
    }
  });
});
