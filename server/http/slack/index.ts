// Slack's three request URLs. Each request is verified over its raw body before anything
// parses it (401 otherwise, and an audit event); then it is answered well within Slack's 3 s.
import { Hono, type MiddlewareHandler } from 'hono';
import type { AppDeps, AppEnv } from '../deps.js';
import { jsonBodyLimit } from '../body-limit.js';
import { describeSlackError } from '../../slack/client.js';
import { appendAudit } from '../../store/audit.js';
import { enqueue } from '../../store/outbox.js';
import { getReview } from '../../store/reviews.js';
import { runSlashCommand } from '../../slack/commands.js';
import { actOnReview, type Clicker } from '../../slack/decisions.js';
import { requestFixInstructions } from '../../slack/fix-instructions.js';
import {
  ACTION_APPROVE,
  ACTION_BLOCK,
  ACTION_FALSE_POSITIVE,
  ACTION_FIX,
  decisionOfModal,
  MAX_REASON,
  REASON_ACTION,
  REASON_BLOCK,
  reasonModal,
  type ReasonedDecision,
} from '../../slack/messages.js';
import { SlackSignatureError, verifySlackSignature } from './verify.js';
import { auditNoise } from '../audit-noise.js';

export const MAX_SLACK_BODY_BYTES = 256 * 1024;

function verified(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const body = await c.req.text();
    const signature = c.req.header('x-slack-signature');
    const reject = (code: string, message: string) => {
      if (auditNoise(deps, { type: 'slack.request_rejected', actor: null, data: { path: c.req.path, code } })) {
        deps.logger.warn('slack request rejected', { path: c.req.path, code });
      }
      return c.json({ error: 'unauthorized', message }, 401);
    };
    const { signingSecret, previousSigningSecret } = deps.config.slack;
    try {
      const signedBy = verifySlackSignature({
        signingSecret: previousSigningSecret ? [signingSecret, previousSigningSecret] : signingSecret,
        body,
        timestamp: c.req.header('x-slack-request-timestamp'),
        signature,
        nowMs: deps.now(),
      });
      // Tells whoever rotates when SLACK_SIGNING_SECRET_PREVIOUS is still in use, and when it no longer is.
      if (signedBy === 1) deps.logger.info('slack request signed with SLACK_SIGNING_SECRET_PREVIOUS', { path: c.req.path });
    } catch (err) {
      if (err instanceof SlackSignatureError) return reject(err.code, err.message);
      throw err;
    }
    if (!deps.replay.firstUse(signature!)) return reject('replayed', 'Slack request verification failed: this request was already received');
    c.set('slackBody', body);
    await next();
  };
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

const badRequest = (message: string) => Response.json({ error: 'bad_request', message }, { status: 400 });

export function slackRoutes(deps: AppDeps): Hono<AppEnv> {
  const slack = new Hono<AppEnv>();
  slack.use(
    '*',
    jsonBodyLimit(MAX_SLACK_BODY_BYTES),
    verified(deps),
  );

  slack.post('/interactions', async (c) => {
    const raw = new URLSearchParams(c.get('slackBody')).get('payload');
    if (!raw) return badRequest('the body has no payload field');
    let payload: Obj | undefined;
    try {
      payload = obj(JSON.parse(raw));
    } catch {
      return badRequest('the payload is not valid JSON');
    }
    if (!payload || !text(payload['type'])) return badRequest('the payload has no type');
    const user = obj(payload['user']);
    const userId = text(user?.['id']);

    if (payload['type'] === 'block_actions') {
      const action = obj((payload['actions'] as unknown[] | undefined)?.[0]);
      const actionId = text(action?.['action_id']);
      const reviewId = text(action?.['value']);
      if (!userId || !actionId) return badRequest('block_actions needs user.id and actions[0].action_id');
      if (actionId === ACTION_FIX) {
        if (!reviewId) return badRequest('actions[0].value must hold the review ID');
        const channel = text(obj(payload['channel'])?.['id']) ?? text(obj(payload['container'])?.['channel_id']) ?? null;
        requestFixInstructions(deps, reviewId, userId, channel);
        return c.body(null, 200);
      }
      // Approve and Block ask why in a modal first; False positive decides at once.
      const asking: ReasonedDecision | undefined = { [ACTION_APPROVE]: 'approved' as const, [ACTION_BLOCK]: 'rejected' as const }[actionId];
      const decision = asking ?? (actionId === ACTION_FALSE_POSITIVE ? 'false_positive' : undefined);
      // Not one of ours, or "View details" (a link button: Slack opens the page and tells us).
      if (!decision) return c.body(null, 200);
      if (!reviewId) return badRequest('actions[0].value must hold the review ID');
      const who: Clicker = {
        userId,
        ...(text(user?.['username']) ?? text(user?.['name']) ? { userName: (text(user?.['username']) ?? text(user?.['name']))! } : {}),
        channel: text(obj(payload['channel'])?.['id']) ?? text(obj(payload['container'])?.['channel_id']) ?? deps.config.slack.channel,
      };
      // The click is authorized here and the submission again: the modal may outlive an approver's rights.
      const result = await actOnReview(deps, who, reviewId, { decision, checkOnly: asking !== undefined });
      if (result.kind === 'may_decide' && asking) {
        const [dialog, button] = asking === 'approved' ? ['approval', 'Approve'] : ['block', 'Block'];
        const triggerId = text(payload['trigger_id']);
        if (!triggerId) return badRequest(`block_actions for ${button} needs a trigger_id`);
        // Ack first; the modal opens right after (trigger IDs live 3 s, so not via the outbox).
        setTimeout(() => {
          deps.slack.openView(triggerId, reasonModal(result.review, asking)).catch((err: unknown) => {
            const reason = describeSlackError(err).reason;
            deps.logger.warn(`could not open the ${dialog} modal`, { reviewId: result.review.id, reason });
            // Tell the clicker, or the click looks ignored. Nothing was decided.
            if (who.channel) {
              enqueue(
                deps.db,
                {
                  kind: 'ephemeral',
                  reviewId: result.review.id,
                  channel: who.channel,
                  user: who.userId,
                  text: `Could not open the ${dialog} dialog (${reason}). Nothing was decided; click ${button} again.`,
                },
                deps.now(),
              );
              deps.kickOutbox();
            }
          });
        }, 0);
      }
      return c.body(null, 200);
    }

    if (payload['type'] === 'view_submission') {
      const view = obj(payload['view']);
      const decision = decisionOfModal(view?.['callback_id']);
      if (!view || !decision) return c.body(null, 200);
      const reviewId = text(view['private_metadata']);
      if (!userId || !reviewId) return badRequest('view_submission needs user.id and view.private_metadata');
      const input = obj(obj(obj(obj(view['state'])?.['values'])?.[REASON_BLOCK])?.[REASON_ACTION]);
      const reason = typeof input?.['value'] === 'string' ? input['value'].trim().slice(0, MAX_REASON) : '';
      if (reason.length === 0) {
        const ask = decision === 'approved' ? 'Say why this secret may stay.' : 'Say why this push is blocked.';
        return c.json({ response_action: 'errors', errors: { [REASON_BLOCK]: ask } });
      }
      const who: Clicker = {
        userId,
        ...(text(user?.['username']) ? { userName: text(user?.['username'])! } : {}),
        // Ephemerals go where the review was posted (its route's channel), not the default one.
        channel: (reviewId.length <= 100 ? getReview(deps.db, reviewId)?.slackChannel : null) ?? deps.config.slack.channel,
      };
      const result = await actOnReview(deps, who, reviewId, { decision, reason });
      if (result.kind === 'refused') {
        return c.json({ response_action: 'errors', errors: { [REASON_BLOCK]: result.message.replace(/<@(\w+)>/g, '$1') } });
      }
      return c.body(null, 200);
    }
    // view_closed, shortcuts and the rest: acknowledged, nothing to do.
    return c.body(null, 200);
  });

  slack.post('/events', (c) => {
    let event: Obj | undefined;
    try {
      event = obj(JSON.parse(c.get('slackBody')));
    } catch {
      return badRequest('the body is not valid JSON');
    }
    if (!event) return badRequest('the body is not a JSON object');
    if (event['type'] === 'url_verification') {
      const challenge = text(event['challenge']);
      if (!challenge) return badRequest('url_verification needs a challenge');
      return c.json({ challenge });
    }
    if (event['type'] === 'event_callback') {
      const inner = obj(event['event']);
      const type = inner?.['type'];
      if (type === 'app_uninstalled' || type === 'tokens_revoked') {
        const data: Obj = { teamId: text(event['team_id']) ?? null, eventId: text(event['event_id']) ?? null };
        if (type === 'tokens_revoked') {
          // Lists the user and bot IDs whose tokens went, never the tokens themselves.
          const revoked = obj(inner?.['tokens']);
          data['revokedUserIds'] = Array.isArray(revoked?.['oauth']) ? revoked['oauth'] : [];
          data['revokedBotIds'] = Array.isArray(revoked?.['bot']) ? revoked['bot'] : [];
        }
        deps.db.transaction(() =>
          appendAudit(deps.db, { type: type === 'app_uninstalled' ? 'slack.app_uninstalled' : 'slack.tokens_revoked', actor: 'slack', data }, deps.now()),
        );
        deps.logger.warn(`slack event: ${type}`, { teamId: data['teamId'] });
      }
    }
    return c.body(null, 200);
  });

  slack.post('/commands', async (c) => {
    const form = new URLSearchParams(c.get('slackBody'));
    const userId = form.get('user_id');
    if (!userId) return badRequest('the command has no user_id');
    return c.json(await runSlashCommand(deps, { userId, channelId: form.get('channel_id'), text: form.get('text') ?? '' }));
  });

  return slack;
}
