// A click on a review message's button, carried through as a person in Slack would: Approve and
// Block open a modal that asks why; the person types a reason and submits it. A refused click
// opens no modal (the person sees an ephemeral instead), so nothing is submitted.
//
//   const { submission } = await clickThrough(t, { reviewId, button: 'block', userId: APPROVER, reason: 'live key' });
import type { RecordedCall, SlackStandIn } from './slack-standin.js';
import {
  asksForReason,
  blockActionPayload,
  interactionBody,
  modalCallbacks,
  postToSlackRoute,
  viewSubmissionPayload,
  type ClickOptions,
} from './slack-signing.js';

export interface SlackTarget {
  /** The server's base URL. */
  url: string;
  signingSecret: string;
  slack: SlackStandIn;
}

export interface ClickThroughOptions extends Omit<ClickOptions, 'triggerId'> {
  /** What the person types into the modal (Approve and Block). */
  reason?: string;
  /** Sign with this secret instead of the server's (a forged click). */
  signingSecret?: string;
  /** Signed at this time (a server whose clock a test moves). */
  timestampSeconds?: number;
  /** How long to wait for the modal or the refusal (ms). */
  timeoutMs?: number;
}

export interface ClickThrough {
  /** The server's answer to the click. */
  click: Response;
  /** The modal Slack opened for the click, if any. */
  modal: Record<string, unknown> | null;
  /** The server's answer to the modal's submission, if one was made. */
  submission: Response | null;
}

export const DEFAULT_REASON = 'test fixture, not a live token';

let sequence = 0;

export async function clickThrough(target: SlackTarget, o: ClickThroughOptions): Promise<ClickThrough> {
  const secret = o.signingSecret ?? target.signingSecret;
  const signing = o.timestampSeconds === undefined ? {} : { timestampSeconds: o.timestampSeconds };
  // Our own trigger ID, so the modal opened for this click (and no other) is found.
  const triggerId = `${Date.now()}.${process.pid}${++sequence}.clickthrough`;
  const ephemeralsBefore = refusalsTo(target.slack, o.userId).length;
  const click = await postToSlackRoute(target.url, '/slack/interactions', interactionBody(blockActionPayload({ ...o, triggerId })), secret, signing);
  if (click.status !== 200 || !asksForReason(o.button)) return { click, modal: null, submission: null };

  const opened = (s: SlackStandIn): RecordedCall | undefined =>
    s.calls.find((c) => c.ok && c.method === 'views.open' && c.args['trigger_id'] === triggerId);
  await target.slack.waitFor(
    (s) => opened(s) !== undefined || refusalsTo(s, o.userId).length > ephemeralsBefore,
    o.timeoutMs ?? 10_000,
    `the ${o.button} modal or a refusal for ${o.userId}`,
  );
  const call = opened(target.slack);
  if (!call) return { click, modal: null, submission: null };
  const modal = call.args['view'] as Record<string, unknown>;
  if (modal['callback_id'] !== modalCallbacks[o.button] || modal['private_metadata'] !== o.reviewId) {
    throw new Error(`the ${o.button} click opened the wrong modal: ${JSON.stringify(modal).slice(0, 300)}`);
  }
  const submission = await postToSlackRoute(
    target.url,
    '/slack/interactions',
    interactionBody(viewSubmissionPayload({ reviewId: o.reviewId, userId: o.userId, reason: o.reason ?? DEFAULT_REASON, button: o.button })),
    secret,
    signing,
  );
  return { click, modal, submission };
}

function refusalsTo(slack: SlackStandIn, userId: string): RecordedCall[] {
  return slack.calls.filter((c) => c.method === 'chat.postEphemeral' && c.args['user'] === userId);
}
