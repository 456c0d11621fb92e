// How jobs prove who they are: API tokens (SECRETGATE_API_TOKENS, parsed by auth/token-entries.ts)
// and GitHub Actions OIDC (SECRETGATE_OIDC_AUDIENCE, _ISSUER, _JWKS_URL, _ALLOWED_REPOS,
// _WORKFLOWS). At least one of the two must be set, or the API would accept no caller.
import { parseApiTokens, TokenEntryError, type ApiTokenEntry } from '../auth/token-entries.js';
import { ConfigError } from './errors.js';
import { list, optional, required, type Env } from './read.js';
import { isRepositoryGlob } from './repository-glob.js';
import { httpUrl } from './url.js';

export interface OidcConfig {
  issuer: string;
  jwksUrl: string;
  audience: string;
  /** Glob patterns over `owner/name` (`*` matches within a segment, `**` anything). */
  allowedRepositories: string[];
  /**
   * SECRETGATE_OIDC_WORKFLOWS: globs over the token's `job_workflow_ref`
   * (`owner/repo/.github/workflows/file.yml@ref`); empty when unset (any workflow is trusted).
   */
  workflows: string[];
}

export interface AuthConfig {
  /** Entries of SECRETGATE_API_TOKENS: plaintext or `sha256:<hex>`, each maybe confined to repositories. */
  apiTokens: ApiTokenEntry[];
  oidc: OidcConfig | null;
}

export function loadAuth(env: Env): AuthConfig {
  let apiTokens: ApiTokenEntry[];
  try {
    apiTokens = parseApiTokens(env['SECRETGATE_API_TOKENS'] ?? '');
  } catch (err) {
    // Its messages never echo an entry: each holds a credential.
    if (err instanceof TokenEntryError) throw new ConfigError('SECRETGATE_API_TOKENS', err.message);
    throw err;
  }
  const oidc = loadOidc(env);
  if (apiTokens.length === 0 && !oidc) {
    throw new ConfigError(
      'SECRETGATE_API_TOKENS',
      'is not set and OIDC is not configured (SECRETGATE_OIDC_AUDIENCE): the API would accept no caller',
    );
  }
  return { apiTokens, oidc };
}

function loadOidc(env: Env): OidcConfig | null {
  const audience = optional(env, 'SECRETGATE_OIDC_AUDIENCE');
  if (audience === null) return null;
  const issuer = httpUrl('SECRETGATE_OIDC_ISSUER', optional(env, 'SECRETGATE_OIDC_ISSUER') ?? 'https://token.actions.githubusercontent.com')
    // Tokens carry the issuer exactly as GitHub writes it, without a trailing slash.
    .replace(/\/$/, '');
  const jwksUrl = httpUrl('SECRETGATE_OIDC_JWKS_URL', optional(env, 'SECRETGATE_OIDC_JWKS_URL') ?? `${issuer}/.well-known/jwks`);
  const patterns = list(
    required(env, 'SECRETGATE_OIDC_ALLOWED_REPOS', 'which repositories may use OIDC, e.g. my-org/* (comma-separated globs)'),
  );
  for (const p of patterns) {
    if (!isRepositoryGlob(p)) {
      throw new ConfigError('SECRETGATE_OIDC_ALLOWED_REPOS', `has '${p.slice(0, 60)}', expected owner/name globs such as my-org/*`);
    }
  }
  const workflows = list(env['SECRETGATE_OIDC_WORKFLOWS'] ?? '');
  for (const w of workflows) {
    // owner/repo/path@ref, as GitHub writes job_workflow_ref; globs in any part.
    if (!/^[\w.*-]+\/[\w.*-]+\/[^\s@]+@\S+$/.test(w)) {
      throw new ConfigError(
        'SECRETGATE_OIDC_WORKFLOWS',
        `has '${w.slice(0, 100)}', expected job_workflow_ref globs such as my-org/security/.github/workflows/secretgate.yml@refs/heads/main`,
      );
    }
  }
  return { issuer, jwksUrl, audience, allowedRepositories: patterns, workflows };
}

/** The plaintext API tokens, which must never appear in a log line. */
export function authSecrets(auth: AuthConfig): string[] {
  return auth.apiTokens.filter((t) => !t.secret.startsWith('sha256:')).map((t) => t.secret);
}
