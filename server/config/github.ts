// The GitHub part of the environment: how the server authenticates to GitHub (a GitHub App, or
// a token) and where the API is. Without either credential, commit statuses are off.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from './errors.js';
import { isCredentialText, optional, type Env } from './read.js';
import { parseUrl } from './url.js';

export type GitHubAuthConfig =
  /** A GitHub App: a JWT signed with its private key finds the installation per repository. */
  | { kind: 'app'; appId: string; privateKey: KeyObject; privateKeyFile: string }
  /** A personal access token (or any token) with commit-status write access. */
  | { kind: 'token'; token: string };

export interface GitHubConfig {
  /** REST API base without a trailing slash: https://api.github.com, or https://HOST/api/v3 on GHES. */
  apiUrl: string;
  auth: GitHubAuthConfig;
  /** Name of SLACK_CHANNEL, shown in the pending status: "waiting for approval in #<name>". */
  channelName: string | null;
}

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';
/** GitHub's web host, where links in Slack and on the dashboard point. */
export const DEFAULT_GITHUB_SERVER_URL = 'https://github.com';

/**
 * The web address of GitHub (origin only, no trailing slash), as the runner's GITHUB_SERVER_URL
 * names it: GITHUB_SERVER_URL when set; else, for GitHub Enterprise Server, derived from
 * GITHUB_API_URL (`https://HOST/api/v3` → `https://HOST`; `https://api.SUB.ghe.com` →
 * `https://SUB.ghe.com`); else https://github.com. Links to GitHub use this host only, never one
 * a caller sent, and a review's runUrl must be on it.
 */
export function loadGitHubServerUrl(env: Env): string {
  const raw = optional(env, 'GITHUB_SERVER_URL');
  if (raw !== null) {
    const hint = 'expected the web address of GitHub, such as https://github.com or https://github.example.com';
    const u = parseUrl('GITHUB_SERVER_URL', raw, { hint });
    if (u.username || u.password) throw new ConfigError('GITHUB_SERVER_URL', 'must not hold a user name or password');
    if (u.pathname !== '/' || u.search || u.hash) throw new ConfigError('GITHUB_SERVER_URL', `must have no path, query or fragment: ${hint}`);
    return u.origin;
  }
  const api = optional(env, 'GITHUB_API_URL');
  if (api !== null) {
    try {
      const u = new URL(api);
      if (u.pathname.replace(/\/+$/, '') === '/api/v3') return u.origin;
      const cloud = /^api\.([\w-]+\.ghe\.com)$/i.exec(u.hostname);
      if (cloud && u.protocol === 'https:') return `https://${cloud[1]!.toLowerCase()}`;
    } catch {
      // loadGitHubConfig reports a malformed GITHUB_API_URL when it is used.
    }
  }
  return DEFAULT_GITHUB_SERVER_URL;
}

/** Reads GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY_FILE, GITHUB_TOKEN, GITHUB_API_URL, SLACK_CHANNEL_NAME. */
export function loadGitHubConfig(env: Env): GitHubConfig | null {
  const appId = optional(env, 'GITHUB_APP_ID');
  const keyFile = optional(env, 'GITHUB_APP_PRIVATE_KEY_FILE');
  const token = optional(env, 'GITHUB_TOKEN');

  if (!appId && !keyFile && !token) return null;
  if (token && (appId || keyFile)) {
    throw new ConfigError(
      'GITHUB_TOKEN',
      'is set together with GITHUB_APP_ID/GITHUB_APP_PRIVATE_KEY_FILE: configure either a GitHub App or a token, not both',
    );
  }

  let auth: GitHubAuthConfig;
  if (token) {
    if (!isCredentialText(token, 20)) {
      // Never echo the value: it is a credential.
      throw new ConfigError('GITHUB_TOKEN', 'is malformed: expected a GitHub token (ghp_…, github_pat_… or similar, no spaces)');
    }
    auth = { kind: 'token', token };
  } else {
    if (!appId) throw new ConfigError('GITHUB_APP_ID', 'is not set: the numeric ID of the GitHub App (its settings page shows "App ID")');
    if (!/^\d{1,12}$/.test(appId)) {
      throw new ConfigError('GITHUB_APP_ID', `must be the numeric App ID, got '${appId.slice(0, 20)}'`);
    }
    if (!keyFile) {
      throw new ConfigError('GITHUB_APP_PRIVATE_KEY_FILE', 'is not set: the path of the GitHub App private key (.pem) file');
    }
    let pem: string;
    try {
      pem = readFileSync(keyFile, 'utf8');
    } catch (err) {
      throw new ConfigError('GITHUB_APP_PRIVATE_KEY_FILE', `cannot be read: ${(err as NodeJS.ErrnoException).code ?? 'error'} on ${keyFile}`);
    }
    let privateKey: KeyObject;
    try {
      // GitHub hands out PKCS#1 ("BEGIN RSA PRIVATE KEY"); PKCS#8 works too.
      privateKey = createPrivateKey({ key: pem, format: 'pem' });
    } catch {
      throw new ConfigError('GITHUB_APP_PRIVATE_KEY_FILE', `is not a PEM private key: ${keyFile}`);
    }
    if (privateKey.asymmetricKeyType !== 'rsa') {
      throw new ConfigError('GITHUB_APP_PRIVATE_KEY_FILE', `holds a ${privateKey.asymmetricKeyType ?? 'non-RSA'} key; GitHub App keys are RSA`);
    }
    auth = { kind: 'app', appId, privateKey, privateKeyFile: keyFile };
  }

  const u = parseUrl('GITHUB_API_URL', optional(env, 'GITHUB_API_URL') ?? DEFAULT_GITHUB_API_URL, {
    hint: 'expected https://api.github.com or https://HOST/api/v3',
  });

  const channelName = optional(env, 'SLACK_CHANNEL_NAME')?.replace(/^#/, '') || null;
  if (channelName !== null && !/^[\w.-]{1,80}$/.test(channelName)) {
    throw new ConfigError('SLACK_CHANNEL_NAME', `must be a Slack channel name such as security-reviews, got '${channelName.slice(0, 40)}'`);
  }

  return { apiUrl: u.toString().replace(/\/+$/, ''), auth, channelName };
}

/** The credential strings that must never appear in a log line. */
export function githubSecrets(config: GitHubConfig | null): string[] {
  return config?.auth.kind === 'token' ? [config.auth.token] : [];
}
