// Who is calling the API, once authenticated, and what they may see.
export type Principal =
  /** A configured API token: trusted for every repository (the operator handed it out). */
  | { kind: 'token'; id: string }
  /** A GitHub Actions OIDC token: confined to the repository it was issued for. */
  | { kind: 'oidc'; id: string; repository: string };

export function mayAccess(principal: Principal, repository: string): boolean {
  // GitHub owner and repository names are case-insensitive.
  return principal.kind === 'token' || principal.repository.toLowerCase() === repository.toLowerCase();
}
