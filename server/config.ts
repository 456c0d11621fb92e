// Every environment variable the server reads is read here, once, into one validated Config.
// A missing or malformed variable throws a ConfigError that names it.
import { FingerprintKeyError, parseFingerprintKey } from '../shared/fingerprint-key.js';
import { parseApiTokens, TokenEntryError, type ApiTokenEntry } from './auth/token-entries.js';
import { loadDashboardConfig, type DashboardConfig } from './dashboard-config.js';
import { githubSecrets, loadGitHubConfig, loadGitHubServerUrl, type GitHubConfig } from './github/config.js';
import type { LogLevel } from './log.js';
import type { RoutingPolicy } from './routing.js';
import { loadDigest, loadRouting } from './slack-config.js';
import type { DigestConfig } from './timers/digest.js';

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

export interface Config {
  port: number;
  host: string;
  dbPath: string;
  publicUrl: string;
  slack: {
    botToken: string;
    signingSecret: string;
    /**
     * SLACK_SIGNING_SECRET_PREVIOUS: the secret before a rotation, still accepted until it is
     * removed from the environment (and the server restarted); null when unset.
     */
    previousSigningSecret: string | null;
    channel: string;
    /** Base URL of the Web API, ending in `/`. */
    apiUrl: string;
    /** Least time between two posts to one channel (Slack allows about one a second). */
    postIntervalMs: number;
  };
  /** The default approvers (SECRETGATE_APPROVERS, or the policy file's [defaults]). */
  approvers: { users: string[]; groups: string[] };
  /** Where reviews go and who decides them: SECRETGATE_POLICY, else SLACK_CHANNEL and the approvers above. */
  routing: RoutingPolicy;
  /** The scheduled digest, when SECRETGATE_DIGEST_CRON is set. */
  digest: DigestConfig | null;
  /** Entries of SECRETGATE_API_TOKENS: plaintext or `sha256:<hex>`, each maybe confined to repositories. */
  apiTokens: ApiTokenEntry[];
  oidc: OidcConfig | null;
  logLevel: LogLevel;
  /** Longest `?wait=` honoured, in seconds. */
  maxWaitSeconds: number;
  /** Longest review timeout a caller may ask for, in seconds. */
  maxTimeoutSeconds: number;
  /** Open long-polls one caller (API token or OIDC repository) may hold; 429 past it. */
  maxWaitsPerCaller: number;
  /** Pending reviews one caller may have; a new one past it gets 429. */
  maxPendingPerCaller: number;
  dashboard: DashboardConfig;
  /** Commit statuses on GitHub (server/github/config.ts); null when no GitHub credential is set. */
  github: GitHubConfig | null;
  /**
   * GitHub's web address (GITHUB_SERVER_URL; origin, no trailing slash): the host of every link
   * to GitHub, and the only host a review's runUrl may be on.
   */
  githubServerUrl: string;
  /**
   * SECRETGATE_FINGERPRINT_KEY: the master key of fingerprints; null, one is made on first start
   * and kept in the database (server/store/fingerprint-key.ts).
   */
  fingerprintKey: Buffer | null;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

function required(env: Env, name: string, hint: string): string {
  const v = env[name]?.trim();
  if (!v) throw new ConfigError(name, `is not set: ${hint}`);
  return v;
}

function url(name: string, value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new ConfigError(name, `is not a URL: expected something like https://example.com/`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new ConfigError(name, `must be an http or https URL, not ${u.protocol}`);
  }
  return u.toString();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const v = env[name]?.trim();
  if (!v) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got '${v.slice(0, 20)}'`);
  }
  return Number(v);
}

export function loadConfig(env: Env = process.env): Config {
  const botToken = required(env, 'SLACK_BOT_TOKEN', 'the bot token (xoxb-…) of the Slack app');
  if (!/^xox[a-z]-[\w-]+$/.test(botToken)) {
    throw new ConfigError('SLACK_BOT_TOKEN', "is malformed: expected a Slack token starting with 'xoxb-'");
  }
  const signingSecret = required(env, 'SLACK_SIGNING_SECRET', "the signing secret from the Slack app's Basic Information page");
  if (!/^[\x21-\x7e]{16,}$/.test(signingSecret)) {
    throw new ConfigError('SLACK_SIGNING_SECRET', 'is malformed: expected the signing secret Slack shows (16 or more characters, no spaces)');
  }
  const previousSigningSecret = env['SLACK_SIGNING_SECRET_PREVIOUS']?.trim() || null;
  if (previousSigningSecret !== null) {
    // Never echo either value: both are credentials.
    if (!/^[\x21-\x7e]{16,}$/.test(previousSigningSecret)) {
      throw new ConfigError(
        'SLACK_SIGNING_SECRET_PREVIOUS',
        'is malformed: expected the signing secret from before the rotation (16 or more characters, no spaces), or leave it unset',
      );
    }
    if (previousSigningSecret === signingSecret) {
      throw new ConfigError(
        'SLACK_SIGNING_SECRET_PREVIOUS',
        'is the same as SLACK_SIGNING_SECRET: put the new secret in SLACK_SIGNING_SECRET and the one it replaces here',
      );
    }
  }
  // SLACK_CHANNEL and SECRETGATE_APPROVERS, or the routing policy file (server/slack-config.ts).
  const routing = loadRouting(env);
  const channel = routing.defaults.channel;
  const { users, groups } = routing.defaults.approvers;

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

  const port = integer(env, 'PORT', 3000, 0, 65535);
  const host = env['HOST']?.trim() || '0.0.0.0';
  const publicUrl = url('SECRETGATE_PUBLIC_URL', env['SECRETGATE_PUBLIC_URL']?.trim() || `http://localhost:${port}/`);
  const apiUrl = url('SLACK_API_URL', env['SLACK_API_URL']?.trim() || 'https://slack.com/api/');

  const logLevel = (env['SECRETGATE_LOG_LEVEL']?.trim() || 'info') as LogLevel;
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    throw new ConfigError('SECRETGATE_LOG_LEVEL', `must be debug, info, warn or error, got '${String(logLevel).slice(0, 20)}'`);
  }

  return {
    port,
    host,
    dbPath: env['SECRETGATE_DB']?.trim() || './secretgate.db',
    publicUrl: publicUrl.endsWith('/') ? publicUrl : publicUrl + '/',
    slack: {
      botToken,
      signingSecret,
      previousSigningSecret,
      channel,
      apiUrl: apiUrl.endsWith('/') ? apiUrl : apiUrl + '/',
      postIntervalMs: integer(env, 'SECRETGATE_SLACK_POST_INTERVAL_MS', 1000, 0, 60_000),
    },
    approvers: { users, groups },
    routing,
    digest: loadDigest(env, channel),
    apiTokens,
    oidc,
    logLevel,
    maxWaitSeconds: 60,
    maxTimeoutSeconds: integer(env, 'SECRETGATE_MAX_TIMEOUT', 7 * 24 * 3600, 1, 30 * 24 * 3600),
    maxWaitsPerCaller: integer(env, 'SECRETGATE_MAX_WAITS_PER_CALLER', 200, 1, 100_000),
    maxPendingPerCaller: integer(env, 'SECRETGATE_MAX_PENDING_PER_CALLER', 500, 1, 1_000_000),
    dashboard: loadDashboardConfig(env, publicUrl),
    github: loadGitHubConfig(env),
    githubServerUrl: loadGitHubServerUrl(env),
    fingerprintKey: loadFingerprintKey(env),
  };
}

function loadFingerprintKey(env: Env): Buffer | null {
  const text = env['SECRETGATE_FINGERPRINT_KEY']?.trim();
  if (!text) return null;
  try {
    return parseFingerprintKey(text, 'SECRETGATE_FINGERPRINT_KEY');
  } catch (err) {
    // Its message never repeats the value.
    if (err instanceof FingerprintKeyError) throw new ConfigError(err.variable, err.problem);
    throw err;
  }
}

function loadOidc(env: Env): OidcConfig | null {
  const audience = env['SECRETGATE_OIDC_AUDIENCE']?.trim();
  if (!audience) return null;
  const issuer = url('SECRETGATE_OIDC_ISSUER', env['SECRETGATE_OIDC_ISSUER']?.trim() || 'https://token.actions.githubusercontent.com')
    // Tokens carry the issuer exactly as GitHub writes it, without a trailing slash.
    .replace(/\/$/, '');
  const jwksUrl = url('SECRETGATE_OIDC_JWKS_URL', env['SECRETGATE_OIDC_JWKS_URL']?.trim() || `${issuer}/.well-known/jwks`);
  const patterns = list(
    required(env, 'SECRETGATE_OIDC_ALLOWED_REPOS', 'which repositories may use OIDC, e.g. my-org/* (comma-separated globs)'),
  );
  for (const p of patterns) {
    if (!/^[\w.*-]+\/[\w.*-]+$/.test(p)) {
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

/** The strings a log line must never contain. */
export function secretsOf(config: Config): string[] {
  return [
    config.slack.botToken,
    config.slack.signingSecret,
    ...(config.slack.previousSigningSecret ? [config.slack.previousSigningSecret] : []),
    ...config.apiTokens.filter((t) => !t.secret.startsWith('sha256:')).map((t) => t.secret),
    ...(config.dashboard.token ? [config.dashboard.token] : []),
    ...githubSecrets(config.github),
    ...(config.fingerprintKey ? [config.fingerprintKey.toString('hex'), config.fingerprintKey.toString('base64')] : []),
  ];
}
