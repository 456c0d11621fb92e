// What one job credential (an API token, or the OIDC identity of one repository) may hold at a
// time: open long-polls (GET /api/v1/reviews/:id?wait=) and pending reviews. A token that leaks,
// or a workflow that loops, gets 429 with Retry-After past its share instead of tying up the
// server's sockets and timers or flooding the approvers' channel. The Action retries a 429.
import type { Context } from 'hono';
import type { AppDeps, AppEnv } from '../deps.js';
import { apiError } from '../responses.js';

/** Seconds a caller is asked to wait past the open long-poll cap (one long-poll lasts at most 60 s). */
export const WAITS_RETRY_AFTER_SECONDS = 10;
/** Seconds a caller is asked to wait past the pending review cap (pending reviews end by a decision). */
export const PENDING_RETRY_AFTER_SECONDS = 60;

/** 429 with Retry-After, logged (not audited: the caller is authenticated and the answer is all it gets). */
export function tooMany(deps: AppDeps, c: Context<AppEnv>, what: string, max: number, retryAfterSeconds: number): Response {
  const caller = c.get('principal').id;
  deps.logger.warn('api caller over its cap', { by: caller, what, max, path: c.req.path.slice(0, 200) });
  c.header('Retry-After', String(retryAfterSeconds));
  return c.json(apiError('too_many_requests', `this caller already has ${max} ${what}; retry after ${retryAfterSeconds} s`), 429);
}
