// SECRETGATE_API_TOKENS entries: plain, hashed, each optionally `@owner/glob`; malformed ones
// stop the server at start with a message naming the variable and never the token.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenVerifier } from '../../server/auth/tokens.js';
import { mayAccess } from '../../server/auth/principal.js';
import { parseApiTokens } from '../../server/auth/token-entries.js';
import { loadConfig, secretsOf } from '../../server/config/index.js';
import { configProblem } from '../support/config-problem.js';
import { testEnv } from '../support/server-harness.js';

const TOKEN = 'sg-plain-token-0123456789abcdef';
const HEX = createHash('sha256').update(TOKEN).digest('hex');

const problem = (value: string): string => configProblem(testEnv('http://127.0.0.1:9/api/', '/tmp/never-opened.db', { SECRETGATE_API_TOKENS: value }));

describe('parseApiTokens', () => {
  it('reads plain and hashed entries, scoped or not, and joins the globs of a repeated token', () => {
    const other = createHash('sha256').update('sg-other-token-0123456789').digest('hex').toUpperCase();
    expect(parseApiTokens(` ${TOKEN} , sha256:${other}@acme/*,${TOKEN}x@a/b,${TOKEN}x@c/d`)).toEqual([
      { secret: TOKEN, repositories: null },
      { secret: `sha256:${other}`, repositories: ['acme/*'] },
      { secret: `${TOKEN}x`, repositories: ['a/b', 'c/d'] },
    ]);
  });

  it('splits at the last @, so a glob is never read as part of a token', () => {
    expect(parseApiTokens(`${TOKEN}@x@acme/api`)).toEqual([{ secret: `${TOKEN}@x`, repositories: ['acme/api'] }]);
  });
});

describe('SECRETGATE_API_TOKENS at start', () => {
  it.each([
    ['a glob without owner/name', `${TOKEN}@acme`],
    ['an empty glob', `${TOKEN}@`],
    ['a short token before the glob', 'short@acme/api'],
    ['a bad hash before the glob', 'sha256:1234@acme/api'],
  ])('names the variable and the entry for %s, without echoing it', (_, value) => {
    const msg = problem(`sg-other-token-0123456789,${value}`);
    expect(msg).toMatch(/^SECRETGATE_API_TOKENS: SECRETGATE_API_TOKENS entry 2 is malformed/);
    expect(msg).not.toContain(TOKEN);
    expect(msg).not.toContain('short');
  });

  it('refuses a token listed both scoped and unscoped', () => {
    const msg = problem(`${TOKEN}@acme/api,sha256:${HEX}`);
    expect(msg).toMatch(/^SECRETGATE_API_TOKENS: .*entries 1 and 2 are the same token/);
    expect(msg).not.toContain(TOKEN);
  });

  it('keeps a scoped token among the strings logs must never hold, without its glob', () => {
    const config = loadConfig(testEnv('http://127.0.0.1:9/api/', '/tmp/never-opened.db', { SECRETGATE_API_TOKENS: `${TOKEN}@acme/api` }));
    expect(secretsOf(config)).toContain(TOKEN);
  });
});

describe('TokenVerifier with scopes', () => {
  it('gives a scoped token a principal that may access only matching repositories', () => {
    const v = new TokenVerifier(parseApiTokens(`${TOKEN}@acme/lib-*,sha256:${createHash('sha256').update('sg-other-token-0123456789').digest('hex')}`));
    const scoped = v.verify(TOKEN)!;
    expect(mayAccess(scoped, 'acme/lib-core')).toBe(true);
    expect(mayAccess(scoped, 'Acme/Lib-Core')).toBe(true);
    expect(mayAccess(scoped, 'acme/api')).toBe(false);
    expect(mayAccess(scoped, 'acme/lib-core/x')).toBe(false);
    const free = v.verify('sg-other-token-0123456789')!;
    expect(mayAccess(free, 'anyone/anything')).toBe(true);
    expect(v.verify(`${TOKEN}@acme/lib-*`)).toBeNull();
  });
});
