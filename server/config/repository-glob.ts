// Globs over `owner/name` (SECRETGATE_API_TOKENS' `@glob`, SECRETGATE_OIDC_ALLOWED_REPOS, the
// policy file's routes, SECRETGATE_OIDC_WORKFLOWS' first two parts): one syntax, one matcher.

/** What a repository glob may be: `owner/name`, each part of word characters, `.`, `-` and `*`. */
export const REPOSITORY_GLOB = /^[\w.*-]+\/[\w.*-]+$/;

export const isRepositoryGlob = (glob: string): boolean => REPOSITORY_GLOB.test(glob);

/** The regular expression body of a glob: `*` within one path segment, `**` anything. */
export function globBody(glob: string): string {
  return glob
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
}

/** `*` matches within one path segment, `**` matches anything; case-insensitive like GitHub names. */
export function repositoryPattern(glob: string): RegExp {
  return new RegExp(`^${globBody(glob)}$`, 'i');
}
