// Every message the server can build, checked against Slack's Block Kit limits (see
// server/slack/limits.ts for the numbers and where they come from): review messages in every
// status, with 1 and 500 findings and absurdly long paths, remediation, digest, reminders,
// command replies, the Approve and Block reason modals. And none of them holds a planted secret.
import { describe, expect, it } from 'vitest';
import { defaultRules } from '../../../action/engine/rules/index.js';
import type { FindingPayload } from '../../../shared/contract.js';
import type { ReviewStatus } from '../../../shared/decisions.js';
import { digestMessage } from '../../../server/timers/digest.js';
import { slackLimitViolations, slackModalViolations, clipMrkdwn, SLACK_LIMITS, type CheckedMessage, type CheckedModal } from '../../../server/slack/limits.js';
import { approvalModal, blockModal, helpText, MAX_LISTED, reviewMessage } from '../../../server/slack/messages.js';
import { remediationMessage } from '../../../server/slack/remediation.js';
import { reminderText } from '../../../server/timers/reminders.js';
import type { DigestStats } from '../../../server/store/insights.js';
import type { Review } from '../../../server/store/reviews.js';
import { plantedValues } from '../../support/planted.js';
import { HEAD_SHA, PUBLIC_URL, sampleReview } from './review-fixture.js';

const SHA = HEAD_SHA;
const review = sampleReview;

function finding(i: number, overrides: Partial<FindingPayload> = {}): FindingPayload {
  const rule = defaultRules[i % defaultRules.length]!;
  return {
    ruleId: rule.id,
    description: rule.description,
    severity: rule.severity,
    ...(rule.provider && { provider: rule.provider }),
    file: `src/module-${i}/config.ts`,
    line: i + 1,
    commit: SHA,
    author: `Author ${i % 7}`,
    redacted: `ab…(${20 + (i % 30)})`,
    fingerprint: `sha256:${i.toString(16).padStart(64, '0')}`,
    ...overrides,
  };
}

const longPath = (i: number) => `${'very-long-directory-name/'.repeat(200)}file-${i}&<weird>|name\`.env`;

const statuses: ReviewStatus[] = ['pending', 'approved', 'false_positive', 'rejected', 'expired', 'cancelled'];
const decided = (status: ReviewStatus): Partial<Review> =>
  status === 'pending'
    ? {}
    : { status, decidedBy: status === 'expired' ? 'system' : 'U0APPROVER', decisionReason: 'x'.repeat(600), decidedAt: '2026-11-22T10:05:00.000Z' };

const cases: [string, CheckedMessage][] = [];
for (const status of statuses) {
  for (const [label, list] of [
    ['1 finding', [finding(0)]],
    ['500 findings', Array.from({ length: 500 }, (_, i) => finding(i))],
    ['500 findings with very long paths', Array.from({ length: 500 }, (_, i) => finding(i, { file: longPath(i), author: 'A'.repeat(5000), description: 'D'.repeat(5000), ruleId: 'r'.repeat(300), redacted: 'x'.repeat(500) }))],
  ] as const) {
    const r = review({ ...decided(status), findingCount: list.length });
    cases.push([`review message, ${status}, ${label}`, reviewMessage(r, [...list], PUBLIC_URL, { mentions: ['<!subteam^S0SECURITY>', '<@U0ONCALL>'] })]);
  }
}
cases.push([
  'review message with a very long repository, ref, actor and run URL',
  reviewMessage(
    review({ repository: `acme/${'r'.repeat(400)}`, ref: `refs/heads/${'b'.repeat(3000)}`, actor: 'o'.repeat(500), runUrl: `https://github.com/${'x'.repeat(4000)}`, pullRequest: 123456 }),
    [finding(1)],
    PUBLIC_URL,
    { mentions: Array.from({ length: 300 }, (_, i) => `<@U0PERSON${i}>`) },
  ),
]);
cases.push(['remediation, one GitHub token', remediationMessage(review(), [finding(0, { ruleId: 'github-pat' })], 'U0ASKER')]);
cases.push(['remediation, 500 findings over every rule, long paths', remediationMessage(review(), Array.from({ length: 500 }, (_, i) => finding(i, { file: longPath(i) })), 'U0ASKER')]);
const stats = (rules: number): DigestStats => ({
  fromMs: Date.parse('2026-11-21T09:00:00Z'),
  toMs: Date.parse('2026-11-22T09:00:00Z'),
  opened: 1234,
  remembered: 12,
  approved: 100,
  falsePositive: 900,
  blocked: 3,
  expired: 7,
  cancelled: 1,
  stillPending: 40,
  oldestPending: { id: 'x', repository: `acme/${'r'.repeat(500)}`, createdAt: '2026-11-20T09:00:00.000Z', deadlineMs: 0 },
  falsePositiveRules: Array.from({ length: rules }, (_, i) => ({ ruleId: `rule-${'z'.repeat(200)}-${i}`, decided: 10, falsePositives: 5, rate: 0.5 })),
});
cases.push(['digest, no false positives', digestMessage({ ...stats(0), oldestPending: null }, PUBLIC_URL)]);
cases.push(['digest, 400 rules with false positives', digestMessage(stats(400), PUBLIC_URL)]);
cases.push(['reminder', { text: reminderText(['<!subteam^S0SECURITY>', '<@U0APPROVER>'], Date.now()) }]);
cases.push(['help', { text: helpText }]);

describe('Slack message limits', () => {
  it.each(cases)('%s stays within every limit', (_name, message) => {
    expect(slackLimitViolations(message)).toEqual([]);
  });

  it.each([
    ['approval', approvalModal],
    ['block', blockModal],
  ] as const)('the %s modal stays within the modal limits', (_name, modalOf) => {
    const modal = modalOf(review({ repository: `acme/${'r'.repeat(5000)}`, findingCount: 123_456 })) as CheckedModal & { blocks: unknown[]; title: { text: string } };
    expect(slackModalViolations(modal)).toEqual([]);
    expect(modal.title.text.length).toBeLessThanOrEqual(24); // Slack: modal title at most 24 characters.
    expect(JSON.stringify(modal)).not.toContain('r'.repeat(3001));
  });

  it('the modal checker finds each kind of violation', () => {
    const input = (element: Record<string, unknown>) => ({ type: 'input', block_id: 'b', label: { type: 'plain_text', text: 'Why?' }, element });
    const ok: CheckedModal = {
      type: 'modal',
      title: { type: 'plain_text', text: 'Block push' },
      submit: { type: 'plain_text', text: 'Block' },
      blocks: [input({ type: 'plain_text_input', action_id: 'a', max_length: 500 })],
    };
    expect(slackModalViolations(ok)).toEqual([]);
    expect(slackModalViolations({ ...ok, title: { type: 'plain_text', text: 't'.repeat(25) } })).toEqual(['title: 25 characters (limit 24)']);
    expect(slackModalViolations({ ...ok, submit: undefined })).toEqual(['submit: missing']);
    expect(slackModalViolations({ ...ok, close: { type: 'mrkdwn', text: 'x' } })).toEqual(['close: must be plain_text']);
    expect(slackModalViolations({ ...ok, private_metadata: 'm'.repeat(3001) })).toEqual(['private_metadata: 3001 characters (limit 3000)']);
    expect(slackModalViolations({ ...ok, blocks: [input({ type: 'plain_text_input', max_length: 3001 })] })).toEqual(['block 0: max_length 3001 (1 to 3000)']);
    expect(slackModalViolations({ ...ok, blocks: [input({ type: 'plain_text_input', min_length: 10, max_length: 5 })] })).toEqual(['block 0: min_length 10 above max_length 5']);
  });

  it('the checker finds each kind of violation (so a passing check means something)', () => {
    const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
    expect(slackLimitViolations({ blocks: Array.from({ length: 51 }, () => ({ type: 'divider' })) })).toEqual(['51 blocks (limit 50)']);
    expect(slackLimitViolations({ blocks: [section('x'.repeat(3001))] })[0]).toBe('block 0 section: 3001 characters (limit 3000)');
    expect(slackLimitViolations({ blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] })).toHaveLength(1);
    expect(slackLimitViolations({ blocks: [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }] })).toHaveLength(1);
    const button = { type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'b'.repeat(76) } };
    expect(slackLimitViolations({ blocks: [{ type: 'actions', elements: [button] }] })).toHaveLength(1);
    expect(slackLimitViolations({ attachments: [{ blocks: Array.from({ length: 5 }, () => section('y'.repeat(2900))) }] })).toEqual([
      `${5 * 2900} characters of block text in all (limit ${SLACK_LIMITS.totalBlockText})`,
    ]);
  });

  it('a review message with many findings lists the first few and links the rest', () => {
    const list = Array.from({ length: 500 }, (_, i) => finding(i));
    const m = reviewMessage(review({ findingCount: 500 }), list, PUBLIC_URL);
    const attached = m.attachments![0]!.blocks!;
    expect(attached.filter((b) => (b as { type: string }).type === 'section')).toHaveLength(MAX_LISTED);
    expect(JSON.stringify(attached.at(-1))).toContain(`and ${500 - MAX_LISTED} more on <${PUBLIC_URL}reviews/`);
  });

  it('clipping never cuts a link or an entity in half', () => {
    const s = `${'a'.repeat(10)} <https://example.com/x|label> &amp; tail`;
    for (let max = 5; max < s.length; max++) {
      const c = clipMrkdwn(s, max);
      expect(c.length).toBeLessThanOrEqual(max);
      expect((c.match(/</g) ?? []).length).toBe((c.match(/>/g) ?? []).length);
      expect(c).not.toMatch(/&[a-z]*…$/);
    }
  });

  it('no message holds a planted secret, even when a finding field carries one', () => {
    // The server never receives raw values; this proves the builders add none of their own.
    const text = JSON.stringify(cases);
    for (const v of plantedValues) expect(text).not.toContain(v);
  });
});
