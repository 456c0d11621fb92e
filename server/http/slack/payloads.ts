// What Slack sends, as typed shapes: each verified body is parsed once here and the listeners
// get the typed result, never the raw JSON. Only the fields we read are named; the rest is
// dropped (Slack adds fields freely), and a field we read that has the wrong type is a 400.
import { z } from 'zod';

const id = z.string().min(1);

export const slackUser = z.object({ id, username: z.string().optional(), name: z.string().optional() });

/** One element of `actions`: a button click carries its `action_id` and (ours) a `value`. */
export const blockAction = z.object({ action_id: id, block_id: z.string().optional(), value: z.string().optional() });

export const blockActionsPayload = z.object({
  type: z.literal('block_actions'),
  user: slackUser,
  actions: z.array(blockAction).min(1),
  trigger_id: z.string().optional(),
  channel: z.object({ id }).optional(),
  container: z.object({ channel_id: z.string().optional() }).optional(),
});
export type BlockActionsPayload = z.infer<typeof blockActionsPayload>;

/** A modal's inputs, by block ID then action ID; inputs that are not text carry no `value`. */
const viewState = z.object({ values: z.record(z.string(), z.record(z.string(), z.object({ value: z.string().nullish() }))) });

export const viewSubmissionPayload = z.object({
  type: z.literal('view_submission'),
  user: slackUser,
  view: z.object({
    callback_id: z.string().optional(),
    private_metadata: z.string().optional(),
    state: viewState.optional(),
  }),
});
export type ViewSubmissionPayload = z.infer<typeof viewSubmissionPayload>;

/** Global and message shortcuts: dispatched by `callback_id` (none is ours yet; they are acknowledged). */
export const shortcutPayload = z.object({
  type: z.enum(['shortcut', 'message_action']),
  callback_id: id,
  user: slackUser,
  trigger_id: z.string().optional(),
});
export type ShortcutPayload = z.infer<typeof shortcutPayload>;

/** The kinds of interaction we read; any other `type` (view_closed, …) is acknowledged unread. */
export const interactionKinds = {
  block_actions: blockActionsPayload,
  view_submission: viewSubmissionPayload,
  shortcut: shortcutPayload,
  message_action: shortcutPayload,
} as const;

/** Every interaction names its kind first. */
export const interactionEnvelope = z.object({ type: id });

// The Events API: the URL check, and the callbacks whose inner `event.type` we dispatch on.
export const urlVerification = z.object({ type: z.literal('url_verification'), challenge: id });

/** tokens_revoked lists the user and bot IDs whose tokens went (never the tokens); anything else there reads as none. */
const idList = z.array(z.string()).catch([]);

export const eventCallback = z.object({
  type: z.literal('event_callback'),
  team_id: z.string().optional(),
  event_id: z.string().optional(),
  event: z.object({
    type: id,
    tokens: z.object({ oauth: idList.optional(), bot: idList.optional() }).optional(),
  }),
});
export type EventCallback = z.infer<typeof eventCallback>;
export type SlackEvent = EventCallback['event'];

export const eventEnvelope = z.object({ type: z.string() });

/** A slash command's form fields. */
export const slashCommand = z.object({
  command: z.string().optional(),
  user_id: id,
  channel_id: z.string().nullish(),
  text: z.string().nullish(),
});
export type SlashCommandForm = z.infer<typeof slashCommand>;
