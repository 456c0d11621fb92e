// Every environment variable the server reads is read here, once, into one validated Config: one
// reader per concern in this folder. A missing or malformed variable throws a ConfigError that
// names it. Nothing else in server/ reads process.env.
import { loadRouting } from './approvers.js';
import { authSecrets, loadAuth, type AuthConfig } from './auth.js';
import { dashboardSecrets, loadDashboardConfig, type DashboardConfig } from './dashboard.js';
import { loadDigest, type DigestConfig } from './digest.js';
import { fingerprintKeySecrets, loadFingerprintKey } from './fingerprint-key.js';
import { githubSecrets, loadGitHubConfig, loadGitHubServerUrl, type GitHubConfig } from './github.js';
import { loadLimits, type LimitsConfig } from './limits.js';
import type { Env } from './read.js';
import type { Approvers } from './slack-ids.js';
import type { RoutingPolicy } from './routing.js';
import { loadServerConfig, type ServerConfig } from './server.js';
import { loadSlackApp, slackSecrets, type SlackAppConfig } from './slack.js';

export { ConfigError } from './errors.js';
export type { OidcConfig } from './auth.js';
export type { Env } from './read.js';

export interface Config extends ServerConfig, LimitsConfig, AuthConfig {
  slack: SlackAppConfig & {
    /** The default channel (SLACK_CHANNEL, or the policy file's [defaults]). */
    channel: string;
  };
  /** The default approvers (SECRETGATE_APPROVERS, or the policy file's [defaults]). */
  approvers: Approvers;
  /** Where reviews go and who decides them: SECRETGATE_POLICY, else SLACK_CHANNEL and the approvers above. */
  routing: RoutingPolicy;
  /** The scheduled digest, when SECRETGATE_DIGEST_CRON is set. */
  digest: DigestConfig | null;
  dashboard: DashboardConfig;
  /** Commit statuses on GitHub (config/github.ts); null when no GitHub credential is set. */
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

export function loadConfig(env: Env = process.env): Config {
  const slack = loadSlackApp(env);
  const routing = loadRouting(env);
  const auth = loadAuth(env);
  const server = loadServerConfig(env);
  return {
    ...server,
    slack: { ...slack, channel: routing.defaults.channel },
    approvers: routing.defaults.approvers,
    routing,
    digest: loadDigest(env, routing.defaults.channel),
    ...auth,
    ...loadLimits(env),
    dashboard: loadDashboardConfig(env, server.publicUrl),
    github: loadGitHubConfig(env),
    githubServerUrl: loadGitHubServerUrl(env),
    fingerprintKey: loadFingerprintKey(env),
  };
}

/** The strings a log line must never contain. */
export function secretsOf(config: Config): string[] {
  return [
    ...slackSecrets(config.slack),
    ...authSecrets(config),
    ...dashboardSecrets(config.dashboard),
    ...githubSecrets(config.github),
    ...fingerprintKeySecrets(config.fingerprintKey),
  ];
}
