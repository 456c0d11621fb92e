// Slack request signatures: HMAC-SHA256 over `v0:<timestamp>:<raw body>` with the signing
// secret, compared in constant time, timestamp within five minutes. Pure: the clock is a parameter.
// During a rotation two secrets are accepted (the current one first); a request signed with
// either verifies.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SLACK_SIGNATURE_WINDOW_SECONDS = 5 * 60;

export type SlackSignatureFailure =
  | 'missing_timestamp'
  | 'missing_signature'
  | 'malformed_timestamp'
  | 'stale_timestamp'
  | 'unsupported_version'
  | 'signature_mismatch';

export class SlackSignatureError extends Error {
  constructor(
    readonly code: SlackSignatureFailure,
    message: string,
  ) {
    super(`Slack request verification failed: ${message}`);
    this.name = 'SlackSignatureError';
  }
}

export interface SlackSignatureInput {
  /** The signing secret, or the secrets accepted during a rotation (current first). */
  signingSecret: string | readonly string[];
  /** The raw request body, exactly as received. */
  body: string;
  /** X-Slack-Request-Timestamp. */
  timestamp: string | undefined | null;
  /** X-Slack-Signature. */
  signature: string | undefined | null;
  /** Current time in ms since the epoch. */
  nowMs: number;
}

export function computeSlackSignature(signingSecret: string, timestamp: string, body: string): string {
  return 'v0=' + createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
}

/**
 * Throws SlackSignatureError unless the request is authentic and fresh. Returns the index of
 * the secret that signed it (0: the first, the current one).
 */
export function verifySlackSignature(input: SlackSignatureInput): number {
  const { timestamp, signature } = input;
  if (!timestamp) throw new SlackSignatureError('missing_timestamp', 'X-Slack-Request-Timestamp header is missing');
  if (!signature) throw new SlackSignatureError('missing_signature', 'X-Slack-Signature header is missing');
  if (!/^\d{1,12}$/.test(timestamp)) {
    throw new SlackSignatureError('malformed_timestamp', 'X-Slack-Request-Timestamp is not a Unix time in seconds');
  }
  const ageSeconds = Math.abs(Math.floor(input.nowMs / 1000) - Number(timestamp));
  if (ageSeconds > SLACK_SIGNATURE_WINDOW_SECONDS) {
    throw new SlackSignatureError('stale_timestamp', `timestamp is ${ageSeconds} s away from now, more than 5 minutes`);
  }
  if (!signature.startsWith('v0=')) {
    throw new SlackSignatureError('unsupported_version', 'X-Slack-Signature is not a v0 signature');
  }
  const secrets = typeof input.signingSecret === 'string' ? [input.signingSecret] : input.signingSecret;
  if (secrets.length === 0) throw new TypeError('verifySlackSignature needs at least one signing secret');
  const given = Buffer.from(signature);
  let signedBy = -1;
  // Every secret is tried, whichever matches, so the time taken does not depend on which one did.
  secrets.forEach((secret, i) => {
    const expected = Buffer.from(computeSlackSignature(secret, timestamp, input.body));
    // timingSafeEqual needs equal lengths; a length difference reveals nothing about the secret.
    if (given.length === expected.length && timingSafeEqual(given, expected) && signedBy < 0) signedBy = i;
  });
  if (signedBy < 0) throw new SlackSignatureError('signature_mismatch', 'signature does not match the body');
  return signedBy;
}

export function isValidSlackSignature(input: SlackSignatureInput): boolean {
  try {
    verifySlackSignature(input);
    return true;
  } catch (err) {
    if (err instanceof SlackSignatureError) return false;
    throw err;
  }
}
