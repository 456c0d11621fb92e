// The dashboard's part of the environment: its sign-in token (SECRETGATE_DASHBOARD_TOKEN), how
// long a session lasts (SECRETGATE_DASHBOARD_SESSION_HOURS), and where Slack permalinks point
// (SECRETGATE_SLACK_WORKSPACE_URL).
import { ConfigError } from './errors.js';
import { integer, isCredentialText, optional, type Env } from './read.js';
import { parseUrl } from './url.js';

export interface DashboardConfig {
  /** SECRETGATE_DASHBOARD_TOKEN; null when unset, and then every dashboard page answers 503. */
  token: string | null;
  /** How long a sign-in lasts, in seconds. */
  sessionSeconds: number;
  /** Cookies carry `Secure` when the public URL is https. */
  secureCookies: boolean;
  /** `https://<workspace>.slack.com/`, for message permalinks; null: learnt from Slack's auth.test (server/slack/workspace.ts). */
  slackWorkspaceUrl: string | null;
}

export function loadDashboardConfig(env: Env, publicUrl: string): DashboardConfig {
  const token = optional(env, 'SECRETGATE_DASHBOARD_TOKEN');
  if (token !== null && !isCredentialText(token, 16)) {
    // Never echo the value: it is a credential.
    throw new ConfigError(
      'SECRETGATE_DASHBOARD_TOKEN',
      'is malformed: expected at least 16 printable characters without spaces (e.g. openssl rand -hex 24)',
    );
  }
  const hours = integer(env, 'SECRETGATE_DASHBOARD_SESSION_HOURS', 12, 1, 24 * 30);

  const workspace = optional(env, 'SECRETGATE_SLACK_WORKSPACE_URL');
  let slackWorkspaceUrl: string | null = null;
  if (workspace !== null) {
    try {
      slackWorkspaceUrl = parseUrl('SECRETGATE_SLACK_WORKSPACE_URL', workspace, { protocols: ['https:'] }).origin + '/';
    } catch {
      throw new ConfigError('SECRETGATE_SLACK_WORKSPACE_URL', 'must be the https URL of the Slack workspace, e.g. https://acme.slack.com/');
    }
  }

  return {
    token,
    sessionSeconds: hours * 3600,
    secureCookies: new URL(publicUrl).protocol === 'https:',
    slackWorkspaceUrl,
  };
}

/** The dashboard's sign-in token, which must never appear in a log line. */
export function dashboardSecrets(dashboard: DashboardConfig): string[] {
  return dashboard.token ? [dashboard.token] : [];
}
