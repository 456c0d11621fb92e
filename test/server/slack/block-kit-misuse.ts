// Blocks that Slack would refuse (`invalid_blocks`), written where a builder's output goes: each
// must fail to compile. `npm run typecheck` fails if one compiles (an unused @ts-expect-error);
// block-kit-types.test.ts compiles this file without the directives and counts the errors.
import type { SlackApi, SlackMessage } from '../../../server/slack/client.js';
import type { CommandReply } from '../../../server/slack/commands.js';
import { reasonModal } from '../../../server/slack/messages.js';
import type { Review } from '../../../server/store/reviews.js';

export const misuses = (slack: SlackApi, review: Review): unknown[] => [
  // @ts-expect-error a header's text is plain_text, never mrkdwn
  { text: 'x', blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'Title' } }] } satisfies SlackMessage,
  // @ts-expect-error a section's text object needs its `type`
  { text: 'x', blocks: [{ type: 'section', text: { text: 'no type' } }] } satisfies SlackMessage,
  // @ts-expect-error a button's label is `text`, not `label`
  { text: 'x', blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'a', label: 'Approve' }] }] } satisfies SlackMessage,
  // @ts-expect-error a button's style is primary or danger
  { text: 'x', blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'Go' }, style: 'green' }] }] } satisfies SlackMessage,
  // @ts-expect-error no such block
  { text: 'x', attachments: [{ blocks: [{ type: 'paragraph', text: 'x' }] }] } satisfies SlackMessage,
  // @ts-expect-error a command's reply holds blocks, not strings
  { response_type: 'ephemeral', text: 'x', blocks: ['*bold*'] } satisfies CommandReply,
  // @ts-expect-error a modal needs a title
  slack.openView('trigger', { type: 'modal', blocks: [] }),
  // The builder's own modal is a view Slack takes.
  slack.openView('trigger', reasonModal(review, 'approved')),
];
