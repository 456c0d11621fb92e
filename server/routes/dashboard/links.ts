// Where the dashboard links to: the line on GitHub, the commit, the pull request, the Slack
// message and the workflow run. Every URL is built with URL, and only http(s) ones are linked.
import { urlPath as path } from '../../url-path.js';

const GITHUB = 'https://github.com/';

export function githubLineUrl(repository: string, commit: string, file: string, line: number): string {
  return new URL(`${path(repository)}/blob/${encodeURIComponent(commit)}/${path(file)}#L${line}`, GITHUB).toString();
}

export function githubCommitUrl(repository: string, commit: string): string {
  return new URL(`${path(repository)}/commit/${encodeURIComponent(commit)}`, GITHUB).toString();
}

export function githubPullUrl(repository: string, number: number): string {
  return new URL(`${path(repository)}/pull/${number}`, GITHUB).toString();
}

/**
 * The review's Slack message: its permalink (`/archives/<channel>/p<ts without the dot>`) when
 * the workspace URL is configured, else Slack's redirect to the channel.
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
