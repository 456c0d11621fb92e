// Links from a review to GitHub: repository, branch or pull request, commit, people, and each
// file:line at the commit it was found in. The host is the server's configured GitHub
// (GITHUB_SERVER_URL, default https://github.com), never one an API caller sent. Names become
// paths as on the dashboard: each segment encoded, and no `..` that would climb out of the
// repository or the commit.
import type { Review } from '../store/reviews.js';
import { urlPath } from '../github/url-path.js';

export interface GithubLinks {
  repository: string;
  /** Branch, tag or pull request page, with its label. */
  ref: { label: string; url: string } | null;
  commit: (sha: string) => string;
  user: (login: string) => string;
  blob: (sha: string, path: string, line: number) => string;
}

/** `serverUrl`: GitHub's web origin from the server's configuration (Config.githubServerUrl). */
export function githubLinks(review: Pick<Review, 'repository' | 'ref' | 'pullRequest'>, serverUrl: string): GithubLinks {
  const host = serverUrl.replace(/\/+$/, '');
  const base = `${host}/${urlPath(review.repository)}`;
  let ref: GithubLinks['ref'] = null;
  const pr = review.pullRequest ?? (review.ref ? Number(/^refs\/pull\/(\d+)\//.exec(review.ref)?.[1]) || null : null);
  if (pr) ref = { label: `#${pr}`, url: `${base}/pull/${pr}` };
  else if (review.ref?.startsWith('refs/heads/')) {
    const branch = review.ref.slice('refs/heads/'.length);
    ref = { label: branch, url: `${base}/tree/${urlPath(branch)}` };
  } else if (review.ref?.startsWith('refs/tags/')) {
    const tag = review.ref.slice('refs/tags/'.length);
    ref = { label: `tag ${tag}`, url: `${base}/releases/tag/${urlPath(tag)}` };
  } else if (review.ref) ref = { label: review.ref, url: base };
  return {
    repository: base,
    ref,
    commit: (sha) => `${base}/commit/${encodeURIComponent(sha)}`,
    user: (login) => `${host}/${encodeURIComponent(login)}`,
    blob: (sha, path, line) => `${base}/blob/${encodeURIComponent(sha)}/${urlPath(path)}#L${line}`,
  };
}
