// A genuine OIDC token that may not speak for its repository (an untrusted workflow, or a
// re-created repository): 403, audited through the throttle, since the job can repeat it.
import type { Context } from 'hono';
import { auditNoise } from '../audit-noise.js';
import type { OidcRefused } from '../../auth/oidc.js';
import type { AppDeps, AppEnv } from '../deps.js';
import { apiError } from '../responses.js';

export function refuseOidc(deps: AppDeps, c: Context<AppEnv>, err: OidcRefused): Response {
  const data = { method: c.req.method, path: c.req.path.slice(0, 200), repository: err.repository, reason: err.message, ...err.claims };
  if (auditNoise(deps, { type: 'api.oidc_refused', actor: `oidc:${err.repository}`, data })) {
    deps.logger.warn('api auth refused', { repository: err.repository, reason: err.message, path: data.path });
  }
  return c.json(apiError('forbidden', err.message), 403);
}
