// Refuses a second delivery of the same signed Slack request inside the signature window.
// Slack's own retries carry a new timestamp and so a new signature; a byte-for-byte repeat is a replay.
import { SLACK_SIGNATURE_WINDOW_SECONDS } from './verify.js';

export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly windowMs = (SLACK_SIGNATURE_WINDOW_SECONDS + 60) * 1000,
  ) {}

  /** True the first time a signature is presented; false for a replay. */
  firstUse(signature: string): boolean {
    const now = this.now();
    if (this.seen.size > 10_000) {
      for (const [sig, until] of this.seen) if (until <= now) this.seen.delete(sig);
    }
    const until = this.seen.get(signature);
    if (until !== undefined && until > now) return false;
    this.seen.set(signature, now + this.windowMs);
    return true;
  }
}
