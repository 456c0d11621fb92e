// `POST /api/v1/clean-runs`: the Action found nothing on a commit; the commit's `secretgate`
// status becomes success. Mounted behind the API's authentication (http/api/index.ts). Idempotent per
// (repository, sha). It cannot override a review of the same commit that is not a success, nor
// a Block on the commit (reviews/clean-run.ts); either refusal is audited.
import { Hono } from 'hono';
import { auditNoise } from '../audit-noise.js';
import { mayAccess } from '../../auth/principal.js';
import type { CleanRunRequest, CleanRunResponse } from '../../../shared/contract.js';
import type { AppDeps, AppEnv } from '../deps.js';
import { reportCleanRun } from '../../reviews/clean-run.js';
import { runUrlProblem } from '../../github/web-urls.js';
import { ValidationError } from '../../validate.js';
import { forbiddenRepository } from './forbidden.js';
import { jsonBodyLimit } from '../body-limit.js';
import { apiError } from '../responses.js';

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/i;
const REPOSITORY = /^[\w.-]{1,100}\/[\w.-]{1,100}$/;

/**
 * Checks a clean-run report. `githubServerUrl` is the configured GitHub host: as for a review, a
 * runUrl elsewhere, or not a run of the reported repository, is refused (it becomes the commit
 * status's link).
 */
export function validateCleanRun(body: unknown, githubServerUrl: string): CleanRunRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationError('body', 'must be a JSON object');
  const o = body as Record<string, unknown>;
  const text = (key: string, max: number, required: boolean, pattern?: RegExp, hint?: string): string | undefined => {
    const v = o[key];
    if (v === undefined || v === null) {
      if (required) throw new ValidationError(key, 'is required');
      return undefined;
    }
    if (typeof v !== 'string') throw new ValidationError(key, 'must be a string');
    if (v.length === 0 || v.length > max) throw new ValidationError(key, `must be 1 to ${max} characters`);
    if (pattern && !pattern.test(v)) throw new ValidationError(key, `is malformed: expected ${hint}`);
    return v;
  };
  const req: CleanRunRequest = {
    repository: text('repository', 201, true, REPOSITORY, 'owner/name')!,
    sha: text('sha', 64, true, SHA, 'a full commit SHA (40 hex digits)')!.toLowerCase(),
  };
  const ref = text('ref', 300, false);
  const runUrl = text('runUrl', 1000, false, /^https?:\/\/\S+$/, 'an http(s) URL');
  if (ref !== undefined) req.ref = ref;
  if (runUrl !== undefined) {
    const problem = runUrlProblem(runUrl, req.repository, githubServerUrl);
    if (problem) throw new ValidationError('runUrl', problem);
    // As the URL parser reads it (dot segments resolved), so what is stored is what was checked.
    req.runUrl = new URL(runUrl).href;
  }
  return req;
}

export function cleanRunRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  routes.post(
    '/clean-runs',
    jsonBodyLimit(16 * 1024),
    async (c) => {
      const principal = c.get('principal');
      let req: CleanRunRequest;
      try {
        req = validateCleanRun(JSON.parse(await c.req.text()), deps.config.githubServerUrl);
      } catch (err) {
        if (err instanceof SyntaxError) return c.json(apiError('invalid_json', 'the body is not valid JSON'), 400);
        if (err instanceof ValidationError) return c.json(apiError('invalid_request', err.message), 400);
        throw err;
      }
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
