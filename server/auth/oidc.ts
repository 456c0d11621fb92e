// GitHub Actions OIDC: the job's ID token, verified with jose against the configured issuer,
// JWKS URL and audience; its `repository` claim must match an allowed pattern.
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { OidcConfig } from '../config.js';
import type { Principal } from './principal.js';

export class OidcError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OidcError';
  }
}

/** `*` matches within one path segment, `**` matches anything; case-insensitive like GitHub names. */
export function repositoryPattern(glob: string): RegExp {
  const body = glob
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${body}$`, 'i');
}

export type OidcVerifier = (jwt: string) => Promise<Principal & { claims: JWTPayload }>;

export function createOidcVerifier(config: OidcConfig): OidcVerifier {
  const jwks = createRemoteJWKSet(new URL(config.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
  const allowed = config.allowedRepositories.map(repositoryPattern);
  return async (jwt) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(jwt, jwks, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: ['RS256'],
        clockTolerance: 30,
        requiredClaims: ['exp', 'iat', 'repository'],
      }));
    } catch (err) {
      // jose's messages name the failed check (audience, issuer, expiry) and never the token.
      throw new OidcError(`OIDC token rejected: ${(err as Error).message}`);
    }
    const repository = payload['repository'];
    if (typeof repository !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(repository)) {
      throw new OidcError('OIDC token rejected: its repository claim is not owner/name');
    }
    if (!allowed.some((re) => re.test(repository))) {
      throw new OidcError(`OIDC token rejected: repository ${repository} is not in SECRETGATE_OIDC_ALLOWED_REPOS`);
    }
    return { kind: 'oidc', id: `oidc:${repository}`, repository, claims: payload };
  };
}
