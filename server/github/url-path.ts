// A URL path from a slash-separated name (repository, branch, file), shared by the dashboard's
// and Slack's links to GitHub so both treat odd names alike.

/** Each segment encoded; `.`, `..` and empty segments dropped, so a link cannot climb out of `blob/<sha>/`. */
export function urlPath(p: string): string {
  return p
    .split('/')
    .filter((s) => s !== '' && s !== '.' && s !== '..')
    .map(encodeURIComponent)
    .join('/');
}
