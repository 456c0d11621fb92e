// The one GitHub call the server makes: set a commit status. Octokit without its retry plugins
// (the outbox retries), with a request timeout, authenticated per repository.
import { Octokit } from '@octokit/core';
import { createCredentials, NotInstalledError, type GitHubCredentials } from './app-auth.js';
import type { CommitState } from '../store/status-outbox.js';
import type { GitHubConfig } from '../config/github.js';

export type { CommitState };

export interface CommitStatus {
  /** `owner/name`. */
  repository: string;
  sha: string;
  state: CommitState;
  /** At most 140 characters (GitHub's limit); longer text is cut. */
  description: string;
  targetUrl: string | null;
  context: string;
}

export interface GitHubApi {
  setStatus(status: CommitStatus): Promise<void>;
}

const REQUEST_TIMEOUT_MS = 15_000;

export function createOctokit(apiUrl: string): Octokit {
  return new Octokit({
    baseUrl: apiUrl,
    userAgent: 'secretgate-server',
    request: {
      fetch: (url: string | URL, init?: RequestInit) => fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }),
    },
  });
}

export function createGitHubApi(config: GitHubConfig, now: () => number = Date.now): GitHubApi {
  const octokit = createOctokit(config.apiUrl);
  const credentials: GitHubCredentials = createCredentials(config.auth, octokit, now);
  return {
    async setStatus(s) {
      const [owner, repo] = s.repository.split('/') as [string, string];
      const call = async () =>
        octokit.request('POST /repos/{owner}/{repo}/statuses/{sha}', {
          owner,
          repo,
          sha: s.sha,
          state: s.state,
          description: s.description.length > 140 ? s.description.slice(0, 139) + '…' : s.description,
          context: s.context,
          ...(s.targetUrl ? { target_url: s.targetUrl } : {}),
          headers: { authorization: await credentials.authorizationFor(s.repository) },
        });
      try {
        await call();
      } catch (err) {
        const status = (err as { status?: number }).status;
        // The installation may have lost this repository: look it up again next time.
        if (status === 404) credentials.invalidate(s.repository);
        if (status !== 401 || config.auth.kind !== 'app') throw err;
        // An installation token revoked before its time: fetch a fresh one once.
        credentials.invalidate(s.repository);
        await call();
      }
    },
  };
}

/** What a failed call means for the outbox row. */
export type GitHubFailure =
  /** Nobody can fix this by waiting: the App is not installed, the commit is unknown, no permission. */
  | { kind: 'permanent'; reason: string; notInstalled: boolean }
  /** GitHub asks us to wait (429, or a 403 rate limit): pause the lane for this long. */
  | { kind: 'rate_limited'; reason: string; retryAfterSeconds: number }
  /** 5xx, network, timeout: retry with backoff. */
  | { kind: 'transient'; reason: string };

export function describeGitHubError(err: unknown, nowMs: number = Date.now()): GitHubFailure {
  if (err instanceof NotInstalledError) return { kind: 'permanent', reason: err.message, notInstalled: true };
  const e = err as {
    status?: number;
    message?: string;
    name?: string;
    response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
  };
  const status = typeof e.status === 'number' ? e.status : 0;
  const headers = e.response?.headers ?? {};
  const apiMessage = (e.response?.data as { message?: string } | undefined)?.message;
  const reason = status ? `HTTP ${status}${apiMessage ? `: ${String(apiMessage).slice(0, 200)}` : ''}` : `request failed: ${e.message ?? String(err)}`;
  const retryAfter = Number(headers['retry-after']);
  const resetAt = Number(headers['x-ratelimit-reset']);
  const rateLimited = status === 429 || (status === 403 && (Number.isFinite(retryAfter) || String(headers['x-ratelimit-remaining']) === '0'));
  if (rateLimited) {
    const seconds = Number.isFinite(retryAfter) && retryAfter > 0
      ? retryAfter
      : Number.isFinite(resetAt) && resetAt > 0
        ? Math.ceil(resetAt - nowMs / 1000)
        : 60;
    return { kind: 'rate_limited', reason, retryAfterSeconds: Math.min(3600, Math.max(1, seconds)) };
  }
  // 0: network error or timeout (Octokit throws status 500 on fetch failures too).
  if (status === 0 || status >= 500 || status === 408) return { kind: 'transient', reason };
  if (status === 404 || status === 422 || status === 400) {
    const why =
      status === 404
        ? "the repository or commit is not visible to secretgate's GitHub credential"
        : 'GitHub does not know the commit, or refused the status';
    return { kind: 'permanent', reason: `${reason} (${why})`, notInstalled: false };
  }
  // 401/403: a credential or permission problem an operator can fix without losing the status.
  if (status === 401 || status === 403) {
    return { kind: 'transient', reason: `${reason} (check that the GitHub credential may write commit statuses)` };
  }
  return { kind: 'transient', reason };
}
