// The Action's API: create a review, long-poll its status, cancel it. Bearer token or GitHub OIDC.
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { OidcError, OidcRefused } from '../../auth/oidc.js';
import { mayAccess, type Principal } from '../../auth/principal.js';
import type { AppDeps, AppEnv } from '../deps.js';
import { highestSeverity, routeFor } from '../../config/routing.js';
import type { CancelReason } from '../../../shared/decisions.js';
import { requestHash } from './request-hash.js';
import { cancelReview } from '../../reviews/cancel.js';
import { expireForJobTimeout, expireIfOverdue } from '../../reviews/expire.js';
import { openReview } from '../../reviews/open.js';
import { scopedIdempotencyKey, type Review } from '../../store/reviews.js';
import { readJson, validJson } from './json-body.js';
import { cancelReviewSchema, createReviewSchema } from './schemas.js';
import { cleanRunRoutes } from './clean-runs.js';
import { fingerprintKeyRoutes } from './fingerprint-key.js';
import { auditForbidden, forbiddenRepository } from './forbidden.js';
import { jsonBodyLimit } from '../body-limit.js';
import { refuseOidc } from './oidc-refused.js';
import { apiError, reviewResponse } from '../responses.js';
import { PENDING_RETRY_AFTER_SECONDS, tooMany, WAITS_RETRY_AFTER_SECONDS } from './caller-limits.js';

export const MAX_REVIEW_BODY_BYTES = 1024 * 1024;
/** `{"reason":"timeout"}` and little else fits: the cancel body is tiny. */
export const MAX_CANCEL_BODY_BYTES = 1024;

/** A compact JWS (three base64url parts) is an OIDC token; anything else is an API token. */
const JWT_SHAPE = /^eyJ[\w-]*\.[\w-]+\.[\w-]+$/;

function authenticate(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const deny = (message: string) => {
      c.header('WWW-Authenticate', 'Bearer realm="secretgate"');
      return c.json(apiError('unauthorized', message), 401);
    };
    if (!match) return deny('Authorization: Bearer <token> is required');
    const presented = match[1]!;
    let principal: Principal | null = null;
    if (JWT_SHAPE.test(presented) && deps.oidc) {
      try {
        principal = await deps.oidc(presented);
      } catch (err) {
        if (!(err instanceof OidcError)) throw err;
        if (err instanceof OidcRefused) return refuseOidc(deps, c, err);
        deps.logger.warn('api auth rejected', { reason: err.message, path: c.req.path });
        return deny(err.message);
      }
    } else {
      principal = deps.tokens.verify(presented);
    }
    if (!principal) {
      deps.logger.warn('api auth rejected', { reason: 'unknown token', path: c.req.path });
      return deny('the bearer token is not valid');
    }
    c.set('principal', principal);
    await next();
  };
}

export function apiRoutes(deps: AppDeps): Hono<AppEnv> {
  const api = new Hono<AppEnv>();
  const { config, store } = deps;
  api.use('*', authenticate(deps));
  api.route('/', cleanRunRoutes(deps));
  api.route('/', fingerprintKeyRoutes(deps));

  /** A review the caller may see, or undefined (unknown and foreign look the same: no oracle). */
  const visible = async (c: Context<AppEnv>, principal: Principal, id: string): Promise<Review | undefined> => {
    const review = id.length <= 100 ? await store.getReview(id) : undefined;
    if (review && !mayAccess(principal, review.repository)) {
      auditForbidden(deps, c, principal, review.repository, review.id);
      return undefined;
    }
    return review;
  };

  api.post(
    '/reviews',
    jsonBodyLimit(MAX_REVIEW_BODY_BYTES),
    readJson(),
    validJson(createReviewSchema(config.maxTimeoutSeconds, config.githubServerUrl)),
    async (c) => {
      const principal = c.get('principal');
      const req = c.req.valid('json');
      // The idempotency check compares what the caller sent, as sent.
      const body = c.get('jsonBody');
      if (!mayAccess(principal, req.repository)) return forbiddenRepository(deps, c, principal, req.repository);
      // A retry of a review already opened is answered as before; a new one counts against the cap.
      const retry = await store.hasIdempotencyKey(scopedIdempotencyKey(principal.id, req.idempotencyKey));
      if (!retry && (await store.pendingReviewsOf(principal.id, config.maxPendingPerCaller)) >= config.maxPendingPerCaller) {
        return tooMany(deps, c, 'pending reviews', config.maxPendingPerCaller, PENDING_RETRY_AFTER_SECONDS);
      }
      // The routing policy picks the channel and the people to mention (SLACK_CHANNEL without one).
      const route = routeFor(config.routing, req.repository, highestSeverity(req.findings));
      const { review, created, conflict } = await openReview(deps.reviews, req, {
        requestedBy: principal.id,
        requestHash: requestHash(body),
        channel: route.channel,
        mentions: route.mentions,
      });
      if (conflict) {
        // Never the first request's answer: that would pass a job on another review's decision.
        deps.logger.warn('idempotency key reused for another request', { repository: req.repository, by: principal.id });
        return c.json(
          apiError('idempotency_conflict', 'idempotencyKey was already used by this caller for a different request; send a new key for a new request'),
          409,
        );
      }
      if (created) {
        deps.logger.info('review created', {
          reviewId: review.id,
          repository: review.repository,
          findings: review.findingCount,
          status: review.status,
          by: principal.id,
        });
      }
      return c.json(reviewResponse(review, config.publicUrl), created ? 201 : 200);
    },
  );

  api.get('/reviews/:id', async (c) => {
    const principal = c.get('principal');
    const id = c.req.param('id');
    const waitParam = c.req.query('wait');
    let waitSeconds = 0;
    if (waitParam !== undefined) {
      if (!/^\d+(\.\d+)?$/.test(waitParam)) {
        return c.json(apiError('invalid_request', 'wait must be a number of seconds'), 400);
      }
      waitSeconds = Math.min(Number(waitParam), config.maxWaitSeconds);
    }
    let review = await visible(c, principal, id);
    if (!review) return c.json(apiError('not_found', `no review ${id.slice(0, 100)}`), 404);
    if (review.status === 'pending' && review.deadlineMs <= deps.now()) {
      // Past its deadline but not yet swept by the expirer: expire it now rather than answer pending.
      await expireIfOverdue(deps.reviews, id);
      review = (await store.getReview(id))!;
    }
    if (review.status === 'pending' && waitSeconds > 0) {
      const release = deps.openWaits ? deps.openWaits.take(principal.id) : () => {};
      if (!release) return tooMany(deps, c, 'open long-polls', config.maxWaitsPerCaller, WAITS_RETRY_AFTER_SECONDS);
      try {
        // Never wait past the deadline by much: the expirer wakes us then anyway.
        const untilDeadline = review.deadlineMs - deps.now() + 50;
        // Says when a poll is held (tests wait for it before a decision or a shutdown).
        deps.logger.debug('long-poll waiting', { reviewId: id, by: principal.id });
        await deps.waiters.wait(id, Math.max(0, Math.min(waitSeconds * 1000, untilDeadline)), c.req.raw.signal);
      } finally {
        release();
      }
      review = (await store.getReview(id))!;
    }
    return c.json(reviewResponse(review, config.publicUrl));
  });

  api.post(
    '/reviews/:id/cancel',
    jsonBodyLimit(MAX_CANCEL_BODY_BYTES),
    // No body is a plain cancel (the runner cancelled the job); older Actions send `{}`.
    readJson({ empty: {}, invalidJson: 'the body is not valid JSON: send no body, {} or {"reason":"timeout"}' }),
    validJson(cancelReviewSchema),
    async (c) => {
      const principal = c.get('principal');
      const id = c.req.param('id');
      const reason: CancelReason = c.req.valid('json').reason ?? 'cancelled';
      if (!(await visible(c, principal, id))) return c.json(apiError('not_found', `no review ${id.slice(0, 100)}`), 404);
      // The job's own timeout passed first: the review expired, as it would have at its deadline.
      // Either one wakes the long-polls and kicks delivery after its commit.
      const result = reason === 'timeout' ? await expireForJobTimeout(deps.reviews, id, principal.id) : await cancelReview(deps.reviews, id, principal.id);
      if (result.outcome === 'unknown') return c.json(apiError('not_found', `no review ${id}`), 404);
      if (result.outcome === 'decided') {
        deps.logger.info(reason === 'timeout' ? 'review expired: the job timed out' : 'review cancelled', { reviewId: id, by: principal.id });
      }
      return c.json(reviewResponse(result.review, config.publicUrl));
    },
  );

  return api;
}
