import type { GitRunner } from './runner.js';

/** `owner/name` from the origin remote, e.g. for `git@github.com:acme/api.git`. */
export async function repositoryFullName(git: GitRunner): Promise<string | undefined> {
  const r = await git.run(['config', '--get', 'remote.origin.url'], { allowFailure: true });
  return parseRemoteUrl(r.stdout.trim());
}

export function parseRemoteUrl(url: string): string | undefined {
  const m = /[:/]([^/:]+)\/([^/]+?)(?:\.git)?\/?$/.exec(url);
  return m ? `${m[1]}/${m[2]}` : undefined;
}
