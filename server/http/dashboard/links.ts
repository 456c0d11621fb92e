// Where the dashboard links to: the line on GitHub, the commit, the pull request, the Slack
// message and the workflow run. Every URL is built with URL, and only http(s) ones are linked.
// GitHub links go to the configured host (GITHUB_SERVER_URL, `github` below), never a caller's,
// and are built by the same code as Slack's, so both treat odd names alike.
import { DEFAULT_GITHUB_SERVER_URL } from '../../config/github.js';
import { githubLinks } from '../../slack/links.js';

const repoLinks = (repository: string, github: string, pullRequest: number | null = null) =>
  githubLinks({ repository, ref: null, pullRequest }, github);

export function githubRepoUrl(repository: string, github = DEFAULT_GITHUB_SERVER_URL): string {
  return repoLinks(repository, github).repository;
}

export function githubLineUrl(repository: string, commit: string, file: string, line: number, github = DEFAULT_GITHUB_SERVER_URL): string {
  return repoLinks(repository, github).blob(commit, file, line);
}

export function githubCommitUrl(repository: string, commit: string, github = DEFAULT_GITHUB_SERVER_URL): string {
  return repoLinks(repository, github).commit(commit);
}

export function githubPullUrl(repository: string, number: number, github = DEFAULT_GITHUB_SERVER_URL): string {
  return repoLinks(repository, github, number).ref!.url;
}

/**
 * The review's Slack message: its permalink (`/archives/<channel>/p<ts without the dot>`) when
 * the workspace URL is known (configured, or learnt from auth.test), else Slack's redirect to
 * the channel.
 */
export function slackMessageUrl(channel: string, ts: string, workspaceUrl: string | null): string {
  if (workspaceUrl) {
    return new URL(`archives/${encodeURIComponent(channel)}/p${ts.replace('.', '')}`, workspaceUrl).toString();
  }
  const u = new URL('https://slack.com/app_redirect');
  u.searchParams.set('channel', channel);
  return u.toString();
}

/** The URL itself if it is http(s), else null: a stored `javascript:` URL never becomes a link. */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : null;
  } catch {
    return null;
  }
}
