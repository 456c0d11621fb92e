// GitHub's web pages, on the host the server is configured with (GITHUB_SERVER_URL): whether a
// URL a caller sent is one of them. Links are built from the configured host, never a caller's.

/** The path a run URL of `repository` starts with: `/<owner>/<name>/actions/runs/<id>`. */
const runPath = (repository: string) => new RegExp(`^/${repository.replace(/[.]/g, '\\.')}/actions/runs/\\d+(?:/|$)`, 'i');

/**
 * Why `runUrl` is not a workflow run of `repository` on `serverUrl` (an origin such as
 * https://github.com), or null when it is one.
 */
export function runUrlProblem(runUrl: string, repository: string, serverUrl: string): string | null {
  let u: URL;
  try {
    u = new URL(runUrl);
  } catch {
    return 'is not a URL';
  }
  if (u.origin !== serverUrl) return `is on ${u.origin}, not on ${serverUrl} (the server's GITHUB_SERVER_URL)`;
  if (u.username || u.password) return 'must not hold a user name or password';
  if (!runPath(repository).test(u.pathname)) return `must be a workflow run of ${repository}: ${serverUrl}/${repository}/actions/runs/<id>`;
  return null;
}

/** Whether `url` is a page on the GitHub host `serverUrl`: the only external URLs linked as GitHub's. */
export function isOnGitHub(url: string | null | undefined, serverUrl: string): boolean {
  if (!url) return false;
  try {
    return new URL(url).origin === serverUrl;
  } catch {
    return false;
  }
}
