// Bearer tokens from SECRETGATE_API_TOKENS. Entries are plaintext or `sha256:<hex>` (so the
// plaintext need not sit in configuration); both are kept only as digests and compared in
// constant time against the digest of what the caller presents.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Principal } from './principal.js';

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export class TokenVerifier {
  private readonly digests: Buffer[];

  constructor(entries: string[]) {
    this.digests = entries.map((e) =>
      Buffer.from(e.startsWith('sha256:') ? e.slice('sha256:'.length).toLowerCase() : sha256Hex(e), 'hex'),
    );
  }

  get size(): number {
    return this.digests.length;
  }

  /** The principal for a valid token, or null. Every configured digest is compared, match or not. */
  verify(presented: string): Principal | null {
    const given = Buffer.from(sha256Hex(presented), 'hex');
    let found: Buffer | null = null;
    for (const d of this.digests) {
      if (timingSafeEqual(given, d) && !found) found = d;
    }
    // A digest prefix names the token in logs and audit events without revealing it.
    return found ? { kind: 'token', id: `token:${found.toString('hex').slice(0, 12)}` } : null;
  }
}
