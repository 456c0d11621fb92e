// The pure signature check, against Slack's published example and our own edge cases.
import { describe, expect, it } from 'vitest';
import { computeSlackSignature, isValidSlackSignature, SlackSignatureError, verifySlackSignature } from '../../server/http/slack/verify.js';

// Slack's example from "Verifying requests from Slack" (its docs, the slash-command body).
const vector = {
  signingSecret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: '1531420618',
  body:
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};
const atVectorTime = 1531420618 * 1000 + 30_000;

function failure(input: Parameters<typeof verifySlackSignature>[0]): string {
  try {
    verifySlackSignature(input);
  } catch (err) {
    if (err instanceof SlackSignatureError) return err.code;
    throw err;
  }
  return 'accepted';
}

describe('verifySlackSignature', () => {
  it("reproduces Slack's published example signature", () => {
    expect(computeSlackSignature(vector.signingSecret, vector.timestamp, vector.body)).toBe(vector.signature);
  });

  it("accepts Slack's published example request within its five-minute window", () => {
    expect(failure({ ...vector, nowMs: atVectorTime })).toBe('accepted');
    expect(isValidSlackSignature({ ...vector, nowMs: atVectorTime })).toBe(true);
  });

  it('rejects a tampered body', () => {
    expect(failure({ ...vector, body: vector.body.replace('roadrunner', 'coyote'), nowMs: atVectorTime })).toBe('signature_mismatch');
  });

  it('rejects a tampered signature of the right length', () => {
    const flipped = vector.signature.slice(0, -1) + (vector.signature.endsWith('3') ? '4' : '3');
    expect(failure({ ...vector, signature: flipped, nowMs: atVectorTime })).toBe('signature_mismatch');
  });

  it('rejects a signature of the wrong length without throwing anything else', () => {
    expect(failure({ ...vector, signature: 'v0=abc', nowMs: atVectorTime })).toBe('signature_mismatch');
  });

  it('rejects the right signature made with another secret', () => {
    expect(failure({ ...vector, signingSecret: 'another-signing-secret-value', nowMs: atVectorTime })).toBe('signature_mismatch');
  });

  it('rejects a timestamp older than five minutes', () => {
    expect(failure({ ...vector, nowMs: (1531420618 + 301) * 1000 })).toBe('stale_timestamp');
  });

  it('accepts a timestamp exactly five minutes old', () => {
    expect(failure({ ...vector, nowMs: (1531420618 + 300) * 1000 })).toBe('accepted');
  });

  it('rejects a timestamp more than five minutes in the future', () => {
    expect(failure({ ...vector, nowMs: (1531420618 - 301) * 1000 })).toBe('stale_timestamp');
  });

  it('rejects a missing timestamp and a missing signature', () => {
    expect(failure({ ...vector, timestamp: undefined, nowMs: atVectorTime })).toBe('missing_timestamp');
    expect(failure({ ...vector, signature: null, nowMs: atVectorTime })).toBe('missing_signature');
    expect(failure({ ...vector, signature: '', nowMs: atVectorTime })).toBe('missing_signature');
  });

  it('rejects a timestamp that is not a number and a signature of another version', () => {
    expect(failure({ ...vector, timestamp: '1531420618.5', nowMs: atVectorTime })).toBe('malformed_timestamp');
    expect(failure({ ...vector, signature: vector.signature.replace('v0=', 'v1='), nowMs: atVectorTime })).toBe('unsupported_version');
  });

  it('returns false rather than throwing from isValidSlackSignature', () => {
    expect(isValidSlackSignature({ ...vector, body: 'x', nowMs: atVectorTime })).toBe(false);
  });
});

describe('verifySlackSignature during a signing-secret rotation', () => {
  const current = 'c0ffee00c0ffee00c0ffee00c0ffee00';
  const previous = vector.signingSecret;

  it('accepts a request signed with either secret, and says which one signed it', () => {
    expect(verifySlackSignature({ ...vector, signingSecret: [current, previous], nowMs: atVectorTime })).toBe(1);
    const signedNow = computeSlackSignature(current, vector.timestamp, vector.body);
    expect(verifySlackSignature({ ...vector, signature: signedNow, signingSecret: [current, previous], nowMs: atVectorTime })).toBe(0);
    expect(verifySlackSignature({ ...vector, nowMs: atVectorTime })).toBe(0);
  });

  it('rejects a request signed with neither secret', () => {
    const other = computeSlackSignature('another-secret-not-in-the-list', vector.timestamp, vector.body);
    expect(failure({ ...vector, signature: other, signingSecret: [current, previous], nowMs: atVectorTime })).toBe('signature_mismatch');
    // The previous secret alone is not enough once it is dropped from the list.
    expect(failure({ ...vector, signingSecret: [current], nowMs: atVectorTime })).toBe('signature_mismatch');
  });

  it('still checks the window and the version whichever secret signed', () => {
    expect(failure({ ...vector, signingSecret: [current, previous], nowMs: (1531420618 + 301) * 1000 })).toBe('stale_timestamp');
    expect(failure({ ...vector, signature: vector.signature.replace('v0=', 'v1='), signingSecret: [current, previous], nowMs: atVectorTime })).toBe(
      'unsupported_version',
    );
  });

  it('refuses to verify against no secret at all', () => {
    expect(() => verifySlackSignature({ ...vector, signingSecret: [], nowMs: atVectorTime })).toThrow(TypeError);
  });
});
