// Block Kit for the review message, its decided form, and the approval-reason modal. Only
// redacted previews and fingerprints ever reach here: findings arrive redacted.
import type { FindingPayload } from '../contract.js';
import { decisionWords, type Review } from '../store/reviews.js';
import type { SlackMessage } from './client.js';

export const ACTION_APPROVE = 'secretgate_approve';
export const ACTION_FALSE_POSITIVE = 'secretgate_false_positive';
export const ACTION_BLOCK = 'secretgate_block';
export const APPROVE_MODAL_CALLBACK = 'secretgate_approve_reason';
export const REASON_BLOCK = 'reason';
export const REASON_ACTION = 'reason_input';

/** Findings listed in one message; the rest are counted (Slack allows 50 blocks). */
const MAX_LISTED = 15;

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const code = (s: string) => '`' + escapeMrkdwn(s).replace(/`/g, "'") + '`';
const short = (sha: string) => sha.slice(0, 10);

/** `publicUrl` is normalised by loadConfig to end in `/`; plain concatenation keeps reads cheap. */
export function reviewUrl(publicUrl: string, id: string): string {
  return `${publicUrl.endsWith('/') ? publicUrl : publicUrl + '/'}reviews/${encodeURIComponent(id)}`;
}

function statusLine(review: Review): string {
  switch (review.status) {
    case 'pending':
      return `:hourglass: Waiting for a decision until <!date^${Math.floor(review.deadlineMs / 1000)}^{date_short_pretty} {time}|${new Date(review.deadlineMs).toISOString()}>`;
    case 'expired':
      return ':alarm_clock: *Expired*: nobody decided before the deadline. The job failed.';
    case 'cancelled':
      return ':no_entry_sign: *Cancelled*: the job was cancelled.';
    default: {
      const icon = review.status === 'rejected' ? ':no_entry:' : ':white_check_mark:';
      const reason = review.decisionReason ? `: ${escapeMrkdwn(review.decisionReason)}` : '';
      const who = review.decidedBy === 'system' ? 'remembered decision' : `<@${review.decidedBy}>`;
      return `${icon} *${decisionWords[review.status]}* by ${who}${reason}`;
    }
  }
}

export function reviewMessage(review: Review, findings: FindingPayload[], publicUrl: string): SlackMessage {
  const repo = escapeMrkdwn(review.repository);
  const fields: string[] = [`*Repository*\n${repo}`];
  if (review.ref) fields.push(`*Ref*\n${code(review.ref)}`);
  fields.push(`*Commit*\n${code(short(review.headSha))}`);
  if (review.actor) fields.push(`*Pushed by*\n${escapeMrkdwn(review.actor)}`);
  if (review.pullRequest) fields.push(`*Pull request*\n#${review.pullRequest}`);
  if (review.runUrl) fields.push(`*Run*\n<${escapeMrkdwn(review.runUrl)}|workflow run>`);

  const blocks: unknown[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: `Possible secret in ${review.repository}`.slice(0, 150) },
    },
    { type: 'section', fields: fields.slice(0, 10).map((text) => ({ type: 'mrkdwn', text })) },
  ];
  for (const f of findings.slice(0, MAX_LISTED)) {
    const where = `*${escapeMrkdwn(f.file)}:${f.line}*`;
    const meta = [f.commit ? `commit ${code(short(f.commit))}` : '', f.author ? `by ${escapeMrkdwn(f.author)}` : '']
      .filter(Boolean)
      .join(' ');
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${where} ${escapeMrkdwn(f.description)} (${code(f.ruleId)}, ${f.severity})\n${code(f.redacted)} ${meta}`.slice(0, 2900),
      },
    });
  }
  if (findings.length > MAX_LISTED) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${findings.length - MAX_LISTED} more finding(s) on the review page.` }],
    });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: statusLine(review) }] });
  if (review.status === 'pending') {
    blocks.push({
      type: 'actions',
      block_id: `review:${review.id}`,
      elements: [
        { type: 'button', action_id: ACTION_APPROVE, text: { type: 'plain_text', text: 'Approve' }, style: 'primary', value: review.id },
        { type: 'button', action_id: ACTION_FALSE_POSITIVE, text: { type: 'plain_text', text: 'False positive' }, value: review.id },
        {
          type: 'button',
          action_id: ACTION_BLOCK,
          text: { type: 'plain_text', text: 'Block' },
          style: 'danger',
          value: review.id,
          confirm: {
            title: { type: 'plain_text', text: 'Block this push?' },
            text: { type: 'plain_text', text: 'The job fails. Rotate the credential and remove it from history.' },
            confirm: { type: 'plain_text', text: 'Block' },
            deny: { type: 'plain_text', text: 'Back' },
          },
        },
      ],
    });
  }
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `<${reviewUrl(publicUrl, review.id)}|Review ${review.id}>` }],
  });
  const n = review.findingCount;
  return {
    text: `${decisionWords[review.status]}: ${n} possible secret${n === 1 ? '' : 's'} in ${repo}`,
    blocks,
  };
}

export function approvalModal(review: Review): unknown {
  return {
    type: 'modal',
    callback_id: APPROVE_MODAL_CALLBACK,
    private_metadata: review.id,
    title: { type: 'plain_text', text: 'Approve secret' },
    submit: { type: 'plain_text', text: 'Approve' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `Approving lets the push to *${escapeMrkdwn(review.repository)}* pass with ${review.findingCount} finding(s). The same secrets will be approved automatically next time.`,
        },
      },
      {
        type: 'input',
        block_id: REASON_BLOCK,
        label: { type: 'plain_text', text: 'Why is this acceptable?' },
        element: { type: 'plain_text_input', action_id: REASON_ACTION, multiline: true, min_length: 3, max_length: 500 },
      },
    ],
  };
}

export const helpText = [
  '*secretgate* holds pushes that contain possible secrets until an approver decides.',
  '• `/secretgate pending`: reviews waiting for a decision',
  '• `/secretgate help`: this text',
  'On a review message: *Approve* (asks for a reason), *False positive*, or *Block*.',
].join('\n');
