// `POST /api/v1/clean-runs`: the Action found nothing on a commit; the commit's `secretgate`
// status becomes success. Mounted behind the API's authentication (http/api/index.ts). Idempotent per
// (repository, sha). It cannot override a review of the same commit that is not a success, nor
// a Block on the commit (store/blocked-commits.ts); either refusal is audited.
import { Hono } from 'hono';
import { auditNoise } from '../audit-noise.js';
import { mayAccess } from '../../auth/principal.js';
import type { CleanRunResponse } from '../../../shared/contract.js';
import type { AppDeps, AppEnv } from '../deps.js';
import { commitStatusesEnabled, queueCleanRunStatus } from '../../github/statuses.js';
import { appendAudit } from '../../store/audit.js';
import { blockedAmong } from '../../store/blocked-commits.js';
import type { ReviewStatus } from '../../../shared/decisions.js';
import { readJson, validJson } from './json-body.js';
import { cleanRunSchema } from './schemas.js';
import { forbiddenRepository } from './forbidden.js';
import { jsonBodyLimit } from '../body-limit.js';
import { apiError } from '../responses.js';

const SUCCESSFUL: readonly ReviewStatus[] = ['approved', 'false_positive'];

export function cleanRunRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const { db } = deps;

  routes.post(
    '/clean-runs',
    jsonBodyLimit(16 * 1024),
    readJson(),
    validJson(cleanRunSchema(deps.config.githubServerUrl)),
    async (c) => {
      const principal = c.get('principal');
      const req = c.req.valid('json');
      if (!mayAccess(principal, req.repository)) return forbiddenRepository(deps, c, principal, req.repository);
      const now = deps.now();
      const outcome = db.transaction((): 'created' | 'known' | { conflict: ReviewStatus; reviewId: string } => {
        // A Block covers the commit whichever review came after it, until a person lets it through.
        const blocked = blockedAmong(db, req.repository, [req.sha]);
        if (blocked) return { conflict: 'rejected', reviewId: blocked.reviewId };
        // The newest review of this very commit decides: a clean claim cannot turn a pending,
        // blocked, expired or cancelled review into a success.
        const latest = db
          .prepare('SELECT id, status FROM reviews WHERE repository = ? COLLATE NOCASE AND head_sha = ? ORDER BY created_at DESC LIMIT 1')
          .get<{ id: string; status: ReviewStatus }>(req.repository, req.sha);
        if (latest && !SUCCESSFUL.includes(latest.status)) return { conflict: latest.status, reviewId: latest.id };
        const inserted = db
          .prepare(
            `INSERT INTO clean_runs (repository, sha, reported_by, reported_at, ref, run_url) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (repository, sha) DO NOTHING`,
          )
          .run(req.repository, req.sha, principal.id, new Date(now).toISOString(), req.ref ?? null, req.runUrl ?? null).changes;
        if (inserted === 0) return 'known';
        appendAudit(
          db,
          { type: 'clean_run.reported', actor: principal.id, data: { repository: req.repository, sha: req.sha, ref: req.ref ?? null, runUrl: req.runUrl ?? null } },
          now,
        );
        queueCleanRunStatus(db, req.repository, req.sha, req.runUrl ?? null, now);
        return 'created';
      });
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
      if (outcome === 'created') {
        deps.logger.info('clean run recorded', { repository: req.repository, sha: req.sha, by: principal.id });
        deps.kickOutbox();
      }
      const body: CleanRunResponse = { repository: req.repository, sha: req.sha, commitStatus: commitStatusesEnabled(db) };
      return c.json(body, outcome === 'created' ? 201 : 200);
    },
  );
  return routes;
}
