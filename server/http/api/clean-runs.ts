// `POST /api/v1/clean-runs`: the Action found nothing on a commit; the commit's `secretgate`
// status becomes success. Mounted behind the API's authentication (http/api/index.ts). Idempotent per
// (repository, sha). It cannot override a review of the same commit that is not a success, nor
// a Block on the commit (reviews/clean-run.ts); either refusal is audited.
import { Hono } from 'hono';
import { auditNoise } from '../audit-noise.js';
import { mayAccess } from '../../auth/principal.js';
import type { CleanRunResponse } from '../../../shared/contract.js';
import type { AppDeps, AppEnv } from '../deps.js';
import { reportCleanRun } from '../../reviews/clean-run.js';
import { readJson, validJson } from './json-body.js';
import { cleanRunSchema } from './schemas.js';
import { forbiddenRepository } from './forbidden.js';
import { jsonBodyLimit } from '../body-limit.js';
import { apiError } from '../responses.js';


export function cleanRunRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.post(
    '/clean-runs',
    jsonBodyLimit(16 * 1024),
    readJson(),
    validJson(cleanRunSchema(deps.config.githubServerUrl)),
    async (c) => {
      const principal = c.get('principal');
      const req = c.req.valid('json');
      if (!mayAccess(principal, req.repository)) return forbiddenRepository(deps, c, principal, req.repository);
      const outcome = await reportCleanRun(deps.reviews, req, principal.id);
      if (typeof outcome === 'object') {
        // Through the throttle: the job can repeat the report at will.
        const event = { repository: req.repository, sha: req.sha, status: outcome.conflict, runUrl: req.runUrl ?? null };
        if (auditNoise(deps, { type: 'clean_run.refused', reviewId: outcome.reviewId, actor: principal.id, data: event })) {
          deps.logger.warn('clean run refused', { repository: req.repository, sha: req.sha, status: outcome.conflict, reviewId: outcome.reviewId, by: principal.id });
        }
        const why = outcome.conflict === 'rejected' ? 'was blocked' : `is ${outcome.conflict}`;
        return c.json(
          apiError('conflict', `a review of ${req.sha.slice(0, 12)} in ${req.repository} ${why}; a clean run cannot override it`),
          409,
        );
      }
      if (outcome === 'created') deps.logger.info('clean run recorded', { repository: req.repository, sha: req.sha, by: principal.id });
      const body: CleanRunResponse = { repository: req.repository, sha: req.sha, commitStatus: deps.reviews.commitStatuses !== null };
      return c.json(body, outcome === 'created' ? 201 : 200);
    },
  );
  return routes;
}
