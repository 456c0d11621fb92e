// The review message's buttons: Fix instructions posts the steps; False positive decides at
// once; Approve and Block check the clicker, then open a modal that asks why (its submission,
// reason-modals.ts, decides).
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { describeSlackError } from '../../slack/client.js';
import { actOnReview, type Clicker } from '../../slack/decisions.js';
import { requestFixInstructions } from '../../slack/fix-instructions.js';
import { ACTION_APPROVE, ACTION_BLOCK, ACTION_FALSE_POSITIVE, ACTION_FIX, reasonModal, type ReasonedDecision } from '../../slack/messages.js';
import { enqueue } from '../../store/outbox.js';
import { ack, badRequest, type ActionListener, type SlackListeners } from './dispatch.js';
import type { BlockActionsPayload } from './payloads.js';

/** Our buttons carry the review ID as their value. */
export const reviewButton = z.object({
  action_id: z.string(),
  value: z.string({ error: 'must hold the review ID' }).min(1, { error: 'must hold the review ID' }),
});
type ReviewButton = z.infer<typeof reviewButton>;

/** Where the click happened: ephemeral answers go there. */
const channelOf = (p: BlockActionsPayload): string | undefined => p.channel?.id ?? (p.container?.channel_id || undefined);

function clicker(deps: AppDeps, p: BlockActionsPayload): Clicker {
  const userName = p.user.username || p.user.name;
  return { userId: p.user.id, ...(userName ? { userName } : {}), channel: channelOf(p) ?? deps.config.slack.channel };
}

function fixInstructions(deps: AppDeps): ActionListener<ReviewButton> {
  return (c, { payload, action }) => {
    requestFixInstructions(deps, action.value, payload.user.id, channelOf(payload) ?? null);
    return ack(c);
  };
}

function falsePositive(deps: AppDeps): ActionListener<ReviewButton> {
  return async (c, { payload, action }) => {
    await actOnReview(deps, clicker(deps, payload), action.value, { decision: 'false_positive' });
    return ack(c);
  };
}

/** Approve and Block: authorize the click now (and the submission again: the modal may outlive an approver's rights). */
function askWhy(deps: AppDeps, decision: ReasonedDecision): ActionListener<ReviewButton> {
  const [dialog, button] = decision === 'approved' ? ['approval', 'Approve'] : ['block', 'Block'];
  return async (c, { payload, action }) => {
    const who = clicker(deps, payload);
    const result = await actOnReview(deps, who, action.value, { decision, checkOnly: true });
    if (result.kind !== 'may_decide') return ack(c);
    const triggerId = payload.trigger_id;
    if (!triggerId) return badRequest(`block_actions for ${button} needs a trigger_id`);
    // Ack first; the modal opens right after (trigger IDs live 3 s, so not via the outbox).
    setTimeout(() => {
      deps.slack.openView(triggerId, reasonModal(result.review, decision)).catch((err: unknown) => {
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
    return ack(c);
  };
}

export function reviewButtons(deps: AppDeps, on: SlackListeners): SlackListeners {
  return on
    .action(ACTION_FIX, reviewButton, fixInstructions(deps))
    .action(ACTION_FALSE_POSITIVE, reviewButton, falsePositive(deps))
    .action(ACTION_APPROVE, reviewButton, askWhy(deps, 'approved'))
    .action(ACTION_BLOCK, reviewButton, askWhy(deps, 'rejected'));
}
