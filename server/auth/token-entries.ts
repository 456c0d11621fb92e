// The entries of SECRETGATE_API_TOKENS: `TOKEN`, `sha256:<64 hex>`, either optionally followed
// by `@owner/name-glob`, which confines the token to matching repositories. '@' occurs in no
// hex, base64 or base64url token and in no GitHub owner or repository name, so the last '@'
// splits an entry unambiguously. Messages never echo an entry: it holds a credential.
import { createHash } from 'node:crypto';
import { isRepositoryGlob } from '../config/repository-glob.js';

export interface ApiTokenEntry {
  /** The token itself, or `sha256:<hex>` of it. */
  secret: string;
  /** Globs over `owner/name` the token may act for; null: every repository. */
  repositories: string[] | null;
}

export class TokenEntryError extends Error {}

function parseEntry(entry: string, n: number): ApiTokenEntry {
  const at = entry.lastIndexOf('@');
  const secret = at < 0 ? entry : entry.slice(0, at);
  const glob = at < 0 ? null : entry.slice(at + 1);
  if (secret.startsWith('sha256:') ? !/^sha256:[0-9a-f]{64}$/i.test(secret) : secret.length < 16) {
    throw new TokenEntryError(`entry ${n} is malformed: expected a token of at least 16 characters or sha256:<64 hex digits>, optionally followed by @owner/name-glob`);
  }
  if (glob !== null && !isRepositoryGlob(glob)) {
    throw new TokenEntryError(`entry ${n} is malformed: after '@' expected an owner/name glob such as acme/* or acme/api`);
  }
  return { secret, repositories: glob === null ? null : [glob] };
}

/** The digest a presented token is compared against, as hex. */
export function entryDigest(secret: string): string {
  return secret.startsWith('sha256:')
    ? secret.slice('sha256:'.length).toLowerCase()
    : createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * Parses the comma-separated entries. A token listed more than once with several globs may act
 * for each; a token listed both with and without a glob is refused, since which was meant is unclear.
 */
export function parseApiTokens(raw: string): ApiTokenEntry[] {
  const byDigest = new Map<string, { entry: ApiTokenEntry; n: number }>();
  const entries = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  for (const [i, text] of entries.entries()) {
    const entry = parseEntry(text, i + 1);
    const digest = entryDigest(entry.secret);
    const seen = byDigest.get(digest);
    if (!seen) {
      byDigest.set(digest, { entry, n: i + 1 });
    } else if ((seen.entry.repositories === null) !== (entry.repositories === null)) {
      throw new TokenEntryError(`entries ${seen.n} and ${i + 1} are the same token, once confined to repositories with '@' and once not: list it one way`);
    } else if (seen.entry.repositories && entry.repositories) {
      seen.entry.repositories.push(...entry.repositories.filter((g) => !seen.entry.repositories!.includes(g)));
    }
  }
  return [...byDigest.values()].map((v) => v.entry);
}
