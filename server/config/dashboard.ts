// The dashboard's part of the environment: its sign-in token, how long a session lasts, and
// where Slack permalinks point. loadConfig (config/index.ts) calls this and keeps the result.
import { ConfigError } from './index.js';

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

type Env = Record<string, string | undefined>;

export function loadDashboardConfig(env: Env, publicUrl: string): DashboardConfig {
  const token = env['SECRETGATE_DASHBOARD_TOKEN']?.trim() || null;
  if (token !== null && !/^[\x21-\x7e]{16,}$/.test(token)) {
    // Never echo the value: it is a credential.
    throw new ConfigError(
      'SECRETGATE_DASHBOARD_TOKEN',
      'is malformed: expected at least 16 printable characters without spaces (e.g. openssl rand -hex 24)',
    );
  }

  const hours = env['SECRETGATE_DASHBOARD_SESSION_HOURS']?.trim();
  if (hours && (!/^\d+$/.test(hours) || Number(hours) < 1 || Number(hours) > 24 * 30)) {
    throw new ConfigError('SECRETGATE_DASHBOARD_SESSION_HOURS', `must be a whole number from 1 to 720, got '${hours.slice(0, 20)}'`);
  }

  const workspace = env['SECRETGATE_SLACK_WORKSPACE_URL']?.trim() || null;
  let slackWorkspaceUrl: string | null = null;
  if (workspace) {
    let u: URL | null = null;
    try {
      u = new URL(workspace);
    } catch {
      // reported below
    }
    if (!u || u.protocol !== 'https:') {
      throw new ConfigError('SECRETGATE_SLACK_WORKSPACE_URL', 'must be the https URL of the Slack workspace, e.g. https://acme.slack.com/');
    }
    slackWorkspaceUrl = u.origin + '/';
  }

  return {
    token,
    sessionSeconds: (hours ? Number(hours) : 12) * 3600,
    secureCookies: new URL(publicUrl).protocol === 'https:',
    slackWorkspaceUrl,
  };
}
