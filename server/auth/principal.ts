// Who is calling the API, once authenticated, and what they may see.
export type Principal =
  /**
   * A configured API token. Without a scope it is trusted for every repository (the operator
   * handed it out); with one (`TOKEN@owner/glob` in SECRETGATE_API_TOKENS), only for matches.
   */
  | { kind: 'token'; id: string; scope: readonly RegExp[] | null }
  /** A GitHub Actions OIDC token: confined to the repository it was issued for. */
  | { kind: 'oidc'; id: string; repository: string };

export function mayAccess(principal: Principal, repository: string): boolean {
  if (principal.kind === 'token') return principal.scope === null || principal.scope.some((re) => re.test(repository));
  // GitHub owner and repository names are case-insensitive.
  return principal.repository.toLowerCase() === repository.toLowerCase();
}
