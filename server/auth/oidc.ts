// GitHub Actions OIDC: the job's ID token, verified with jose against the configured issuer,
// JWKS URL and audience; its `repository` claim must match an allowed pattern, its
// `job_workflow_ref` a trusted workflow (SECRETGATE_OIDC_WORKFLOWS, when set), and its
// `repository_id` the one pinned when the repository was first seen.
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { OidcConfig } from '../config/auth.js';
import { globBody, repositoryPattern } from '../config/repository-glob.js';
import type { Principal } from './principal.js';

/** A token that proves nothing (signature, issuer, audience, expiry, repository): 401. */
export class OidcError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OidcError';
  }
}

/**
 * A genuine token from an allowed repository that may still not speak for it: another workflow
 * than the trusted ones, or a repository re-created under a pinned name. 403, audited.
 */
export class OidcRefused extends OidcError {
  constructor(
    message: string,
    readonly repository: string,
    readonly claims: { jobWorkflowRef: string | null; repositoryId: string | null },
  ) {
    super(message);
    this.name = 'OidcRefused';
  }
}

/**
 * A SECRETGATE_OIDC_WORKFLOWS glob over `job_workflow_ref` (`owner/repo/path@ref`): the owner
 * and repository compare case-insensitively as GitHub names do, the path and ref exactly.
 */
export function workflowMatcher(glob: string): (ref: string) => boolean {
  const [owner = '', repo = '', ...rest] = glob.split('/');
  const name = repositoryPattern(`${owner}/${repo}`);
  const tail = new RegExp(`^${globBody(rest.join('/'))}$`);
  return (ref) => {
    const [o = '', r = '', ...path] = ref.split('/');
    return path.length > 0 && name.test(`${o}/${r}`) && tail.test(path.join('/'));
  };
}

/** What pinning a repository's ID said: first seen (now pinned), the same, or another ID. */
export type PinOutcome = { pinned: 'new' | 'same' } | { pinned: 'other'; id: string };

export interface OidcVerifierOptions {
  /** Pins `repository_id` the first time `repository` is seen; compares it afterwards. */
  pin?: (p: { repository: string; repositoryId: string; ownerId: string | null }) => PinOutcome;
}

export type OidcVerifier = (jwt: string) => Promise<Principal & { claims: JWTPayload }>;

const text = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : null);

export function createOidcVerifier(config: OidcConfig, options: OidcVerifierOptions = {}): OidcVerifier {
  const jwks = createRemoteJWKSet(new URL(config.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
  const allowed = config.allowedRepositories.map(repositoryPattern);
  const workflows = config.workflows.map(workflowMatcher);
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
    // GitHub writes both IDs as strings of digits.
    const claims = { jobWorkflowRef: text(payload['job_workflow_ref']), repositoryId: text(payload['repository_id']) };
    const refuse = (why: string) => new OidcRefused(`OIDC token refused: ${why}`, repository, claims);
    // A pull request can edit its own workflow and still get a token: only the workflows the
    // operator trusts (a central one an organisation ruleset requires) may speak for a repository.
    if (workflows.length > 0) {
      const ref = claims.jobWorkflowRef;
      if (ref === null) throw refuse('it has no job_workflow_ref claim, and SECRETGATE_OIDC_WORKFLOWS is set');
      if (!workflows.some((matches) => matches(ref))) throw refuse(`workflow ${ref.slice(0, 300)} is not in SECRETGATE_OIDC_WORKFLOWS`);
    }
    if (options.pin) {
      const id = claims.repositoryId;
      if (id === null || !/^\d{1,20}$/.test(id)) throw refuse('its repository_id claim is missing or not a number');
      const outcome = options.pin({ repository, repositoryId: id, ownerId: text(payload['repository_owner_id']) });
      if (outcome.pinned === 'other') {
        throw refuse(`repository ${repository} has ID ${id}, not ${outcome.id} as when it was first seen: was it deleted and made again?`);
      }
    }
    return { kind: 'oidc', id: `oidc:${repository}`, repository, claims: payload };
  };
}
