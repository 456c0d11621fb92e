// An authenticated API caller asking about a repository its credential does not cover: the
// refusal is audited like the other refusals, through the throttle, since whoever holds the
// token can repeat the request at will.
import type { Context } from 'hono';
import { auditNoise } from '../audit-noise.js';
import type { Principal } from '../../auth/principal.js';
import type { AppDeps, AppEnv } from '../deps.js';
import { apiError } from '../responses.js';

/** Records the refusal; the caller answers (403 where the repository came from the request). */
export function auditForbidden(deps: AppDeps, c: Context<AppEnv>, principal: Principal, repository: string, reviewId: string | null = null): void {
  const path = c.req.path.slice(0, 200);
  if (auditNoise(deps, { type: 'api.forbidden', reviewId, actor: principal.id, data: { method: c.req.method, path, repository } })) {
    deps.logger.warn('api request forbidden', { by: principal.id, repository, path });
  }
}

/** 403 for a request naming a repository the caller may not act for. */
export function forbiddenRepository(deps: AppDeps, c: Context<AppEnv>, principal: Principal, repository: string): Response {
  auditForbidden(deps, c, principal, repository);
  const why = principal.kind === 'oidc' ? 'this token was issued for another repository than' : 'this API token is not allowed for';
  return c.json(apiError('forbidden', `${why} ${repository}`), 403);
}
