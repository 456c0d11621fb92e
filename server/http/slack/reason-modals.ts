// The submission of the modal Approve and Block open: the reason is required, the clicker is
// authorized again, then the review is decided. A refusal is shown in the modal itself.
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { actOnReview, type Clicker } from '../../slack/decisions.js';
import { APPROVE_MODAL_CALLBACK, BLOCK_MODAL_CALLBACK, MAX_REASON, REASON_ACTION, REASON_BLOCK, type ReasonedDecision } from '../../slack/messages.js';
import { getReview } from '../../store/reviews.js';
import { ack, type SlackListeners, type ViewListener } from './dispatch.js';

/** Our modals carry the review ID as their private metadata. */
export const reasonView = z.object({
  private_metadata: z.string({ error: 'must hold the review ID' }).min(1, { error: 'must hold the review ID' }),
  state: z.object({ values: z.record(z.string(), z.record(z.string(), z.object({ value: z.string().nullish() }))) }).optional(),
});
type ReasonView = z.infer<typeof reasonView>;

function submitReason(deps: AppDeps, decision: ReasonedDecision): ViewListener<ReasonView> {
  return async (c, { payload, view }) => {
    const reviewId = view.private_metadata;
    const reason = (view.state?.values[REASON_BLOCK]?.[REASON_ACTION]?.value ?? '').trim().slice(0, MAX_REASON);
    if (reason.length === 0) {
      const ask = decision === 'approved' ? 'Say why this secret may stay.' : 'Say why this push is blocked.';
      return c.json({ response_action: 'errors', errors: { [REASON_BLOCK]: ask } });
    }
    const who: Clicker = {
      userId: payload.user.id,
      ...(payload.user.username ? { userName: payload.user.username } : {}),
      // Ephemerals go where the review was posted (its route's channel), not the default one.
      channel: (reviewId.length <= 100 ? getReview(deps.db, reviewId)?.slackChannel : null) ?? deps.config.slack.channel,
    };
    const result = await actOnReview(deps, who, reviewId, { decision, reason });
    if (result.kind === 'refused') {
      return c.json({ response_action: 'errors', errors: { [REASON_BLOCK]: result.message.replace(/<@(\w+)>/g, '$1') } });
    }
    return ack(c);
  };
}

export function reasonModals(deps: AppDeps, on: SlackListeners): SlackListeners {
  return on.view(APPROVE_MODAL_CALLBACK, reasonView, submitReason(deps, 'approved')).view(BLOCK_MODAL_CALLBACK, reasonView, submitReason(deps, 'rejected'));
}
