// Bearer tokens from SECRETGATE_API_TOKENS (parsed by token-entries.ts). Entries are kept only
// as digests and compared in constant time against the digest of what the caller presents; a
// token listed with `@owner/name-glob` is confined to the matching repositories.
import { createHash, timingSafeEqual } from 'node:crypto';
import { repositoryPattern } from '../config/repository-glob.js';
import type { Principal } from './principal.js';
import { entryDigest, type ApiTokenEntry } from './token-entries.js';

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

interface KnownToken {
  digest: Buffer;
  scope: RegExp[] | null;
}

export class TokenVerifier {
  private readonly known: KnownToken[];

  constructor(entries: readonly ApiTokenEntry[]) {
    this.known = entries.map((e) => ({
      digest: Buffer.from(entryDigest(e.secret), 'hex'),
      scope: e.repositories && e.repositories.map(repositoryPattern),
    }));
  }

  get size(): number {
    return this.known.length;
  }

  /** The principal for a valid token, or null. Every configured digest is compared, match or not. */
  verify(presented: string): Principal | null {
    const given = Buffer.from(sha256Hex(presented), 'hex');
    let found: KnownToken | null = null;
    for (const k of this.known) {
      if (timingSafeEqual(given, k.digest) && !found) found = k;
    }
    if (!found) return null;
    // A digest prefix names the token in logs and audit events without revealing it.
    return { kind: 'token', id: `token:${found.digest.toString('hex').slice(0, 12)}`, scope: found.scope };
  }
}
