// Signing and building Slack requests for tests: what Slack itself would send to
// /slack/interactions, /slack/events and /slack/commands.
//
//   const body = interactionBody(blockActionPayload({ reviewId, button: 'false_positive', userId: 'U1' }));
//   const res = await postToSlackRoute(serverUrl, '/slack/interactions', body, signingSecret);
import { createHmac } from 'node:crypto';

export function slackSignature(signingSecret: string, timestampSeconds: number | string, body: string): string {
  return 'v0=' + createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${body}`).digest('hex');
}

/** Headers Slack sends with a signed request. */
export function signedHeaders(
  signingSecret: string,
  body: string,
  options: { timestampSeconds?: number; contentType?: string } = {},
): Record<string, string> {
  const ts = options.timestampSeconds ?? Math.floor(Date.now() / 1000);
  return {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': slackSignature(signingSecret, ts, body),
  };
}

let sequence = 0;
/** Slack gives every request its own trigger ID, so no two real requests are byte-identical. */
const nextTriggerId = () => `${Date.now()}.${++sequence}.${Math.random().toString(16).slice(2, 10)}`;

/** Interactions arrive as a form with one field, `payload`, holding JSON. */
export function interactionBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export type Button = 'approve' | 'false_positive' | 'block';

const actionIds: Record<Button, string> = {
  approve: 'secretgate_approve',
  false_positive: 'secretgate_false_positive',
  block: 'secretgate_block',
};

export interface ClickOptions {
  reviewId: string;
  button: Button;
  userId: string;
  userName?: string;
  channel?: string;
  triggerId?: string;
}

/** A `block_actions` payload for a click on one of the review message's buttons. */
export function blockActionPayload(o: ClickOptions): Record<string, unknown> {
  return {
    type: 'block_actions',
    team: { id: 'T0STANDIN', domain: 'standin' },
    user: { id: o.userId, username: o.userName ?? o.userId.toLowerCase(), name: o.userName ?? o.userId.toLowerCase() },
    api_app_id: 'A0SECRETGATE',
    trigger_id: o.triggerId ?? nextTriggerId(),
    channel: { id: o.channel ?? 'C0REVIEWS', name: 'secret-reviews' },
    container: { type: 'message', channel_id: o.channel ?? 'C0REVIEWS', message_ts: '1700000000.000001' },
    actions: [
      {
        type: 'button',
        action_id: actionIds[o.button],
        block_id: `review:${o.reviewId}`,
        value: o.reviewId,
        action_ts: String(Date.now() / 1000),
      },
    ],
  };
}

/** The buttons that open a modal asking why before they decide. */
export type ReasonButton = 'approve' | 'block';

export function asksForReason(button: Button): button is ReasonButton {
  return button === 'approve' || button === 'block';
}

/** The callback ID of the reason modal each of those buttons opens. */
export const modalCallbacks: Record<ReasonButton, string> = {
  approve: 'secretgate_approve_reason',
  block: 'secretgate_block_reason',
};

/** A reason modal's submission (Approve's unless `button` says otherwise), with the reason typed into it. */
export function viewSubmissionPayload(o: { reviewId: string; userId: string; reason: string; button?: ReasonButton }): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: 'T0STANDIN' },
    user: { id: o.userId, username: o.userId.toLowerCase() },
    view: {
      id: 'V0MODAL',
      type: 'modal',
      callback_id: modalCallbacks[o.button ?? 'approve'],
      private_metadata: o.reviewId,
      state: { values: { reason: { reason_input: { type: 'plain_text_input', value: o.reason } } } },
    },
  };
}

/** A slash command's form body. */
export function commandBody(o: { text: string; userId?: string; channelId?: string }): string {
  return new URLSearchParams({
    command: '/secretgate',
    text: o.text,
    user_id: o.userId ?? 'U0SOMEONE',
    channel_id: o.channelId ?? 'C0REVIEWS',
    team_id: 'T0STANDIN',
    response_url: 'https://hooks.slack.test/commands/1',
    trigger_id: nextTriggerId(),
  }).toString();
}

/** POSTs a signed body to one of the server's Slack routes. */
export async function postToSlackRoute(
  serverUrl: string,
  path: string,
  body: string,
  signingSecret: string,
  options: { timestampSeconds?: number; contentType?: string } = {},
): Promise<Response> {
  return fetch(serverUrl + path, { method: 'POST', headers: signedHeaders(signingSecret, body, options), body });
}
