// Writes docs/slack-examples.md: every kind of Slack message secretgate sends, built by the
// server's own builders from sample data, shown as it reads in Slack (text rendering) and as
// the Block Kit JSON that is sent (paste it into Slack's Block Kit Builder to see it drawn).
// With Chromium and playwright-core present it also draws docs/slack-review-message.png.
//
//   npx tsc -p tsconfig.build.json && node build/test/demo/slack-examples.js
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FindingPayload } from '../../server/contract.js';
import { approvalModal, blockModal, helpText, reviewMessage } from '../../server/slack/messages.js';
import type { SlackMessage } from '../../server/slack/client.js';
import { digestMessage } from '../../server/slack/digest.js';
import { remediationMessage } from '../../server/slack/remediation.js';
import { reminderText } from '../../server/slack/reminders.js';
import type { Review } from '../../server/store/reviews.js';
import { plain, renderMessage } from './render-slack.js';
import { renderSlackHtml } from './render-slack-html.js';

/** The repository root, whether this runs from test/demo or from build/test/demo. */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'action.yml'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the repository root (action.yml)');
    dir = up;
  }
  return dir;
}
const repoRoot = findRoot();

const PUBLIC_URL = 'https://secretgate.example.com/';
const SHA = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b';
const review: Review = {
  id: '3f2a9c1e-7b4d-4e8a-9c21-5d6e7f8a9b0c',
  idempotencyKey: 'run-1',
  repository: 'acme/payments',
  ref: 'refs/heads/release/2026-11',
  headSha: SHA,
  baseSha: null,
  commits: [SHA],
  pullRequest: null,
  runUrl: 'https://github.com/acme/payments/actions/runs/123456789',
  actor: 'octocat',
  requestedBy: 'oidc:acme/payments',
  status: 'pending',
  remembered: false,
  findingCount: 13,
  createdAt: '2026-11-22T09:14:00.000Z',
  deadlineMs: Date.parse('2026-11-22T09:44:00.000Z'),
  decidedBy: null,
  decidedByName: null,
  decisionReason: null,
  decidedAt: null,
  slackChannel: 'C0CRITICAL',
  slackTs: '1763802840.000100',
};
const f = (ruleId: string, description: string, severity: FindingPayload['severity'], file: string, line: number, redacted: string): FindingPayload => ({
  ruleId,
  description,
  severity,
  file,
  line,
  commit: SHA,
  author: 'Mona Lisa',
  redacted,
  fingerprint: 'sha256:…',
});
const findings: FindingPayload[] = [
  f('stripe-live-secret-key', 'Stripe live secret key', 'critical', 'billing/config/stripe.ts', 12, 'sk_l…(32)'),
  f('aws-access-key-id', 'AWS access key ID', 'critical', 'deploy/terraform/prod.tfvars', 4, 'AKIA…(20)'),
  f('github-pat', 'GitHub personal access token', 'high', '.github/scripts/release.sh', 31, 'ghp_…(40)'),
  ...Array.from({ length: 10 }, (_, i) => f('generic-api-key', 'Generic API key', 'medium', `services/svc-${i}/settings.env`, 3 + i, 'a1…(32)')),
];

const BLOCK_REASON = 'Live Stripe and AWS keys: revoke both, then rewrite the branch';
const decided: Review = { ...review, status: 'rejected', decidedBy: 'U0ALICE', decidedAt: '2026-11-22T09:20:00.000Z', decisionReason: BLOCK_REASON };

const kinds: [string, string, SlackMessage][] = [
  ['The review message (pending)', 'Posted to the route’s channel with its mentions. The colour bar is the highest severity (critical here).', reviewMessage(review, findings, PUBLIC_URL, { mentions: ['<!subteam^S0SECURITY|@security-team>', '<@U0ONCALL>'] })],
  ['The review message after a decision', 'Updated in place: the decision buttons are gone, Fix instructions and View details stay; the bar shows the outcome.', reviewMessage(decided, findings, PUBLIC_URL)],
  ['Decision in the thread', 'Every decision, refusal, expiry and cancellation is a reply in the thread; Approve and Block carry the reason typed in their modal.', { text: `Blocked by <@U0ALICE>: ${BLOCK_REASON}` }],
  ['An unauthorized click, in the thread', 'The clicker also gets an ephemeral “not authorized”; nothing changes.', { text: ':warning: <@U0MALLORY> clicked *Approve* but is not an approver for this repository. Nothing changed.' }],
  ['Fix instructions (thread reply)', 'Posted once per review when anyone clicks Fix instructions; one section per provider, with its own revoke page.', remediationMessage(review, findings, 'U0BOB')],
  ['Half-time reminder (thread reply)', 'When half the timeout has gone and nobody decided; mentions the route’s people and approvers.', { text: reminderText(['<!subteam^S0SECURITY|@security-team>', '<@U0ONCALL>'], review.deadlineMs) }],
  ['Expiry (thread reply)', 'With the message updated to “Expired”.', { text: ':alarm_clock: Expired: nobody decided before the deadline, so the job failed. A new push asks again.' }],
  [
    'The digest',
    'On the SECRETGATE_DIGEST_CRON schedule, to SECRETGATE_DIGEST_CHANNEL; also `/secretgate digest` (ephemeral, last 24 hours).',
    digestMessage(
      {
        fromMs: Date.parse('2026-11-21T08:00:00Z'),
        toMs: Date.parse('2026-11-22T08:00:00Z'),
        opened: 42,
        remembered: 9,
        approved: 6,
        falsePositive: 21,
        blocked: 4,
        expired: 1,
        cancelled: 1,
        stillPending: 2,
        oldestPending: { id: review.id, repository: 'acme/payments', createdAt: '2026-11-21T16:02:00.000Z', deadlineMs: 0 },
        falsePositiveRules: [
          { ruleId: 'generic-api-key', decided: 18, falsePositives: 15, rate: 15 / 18 },
          { ruleId: 'jwt', decided: 6, falsePositives: 3, rate: 0.5 },
          { ruleId: 'aws-access-key-id', decided: 7, falsePositives: 1, rate: 1 / 7 },
        ],
      },
      PUBLIC_URL,
    ),
  ],
  ['`/secretgate help` (ephemeral)', 'The other commands answer approvers only.', { text: helpText }],
];

const out: string[] = [
  '# Slack messages, by example',
  '',
  'Generated by `test/demo/slack-examples.ts` from the server’s own message builders and sample data',
  '(no real secret: previews are redacted, as they always are). Each kind is shown as it reads in',
  'Slack, then as the Block Kit JSON that is sent; paste the JSON into Slack’s Block Kit Builder to',
  'see it drawn. [docs/slack.md](slack.md) explains when each is sent.',
  '',
];
if (existsSync(join(repoRoot, 'docs/slack-review-message.png'))) out.push('![The review message as Slack draws it](slack-review-message.png)', '');
for (const [title, note, message] of kinds) {
  out.push(`## ${title}`, '', note, '', '```text', ...renderMessage(message, plain).map((l) => l.trimEnd()), '```', '');
  if (message.blocks || message.attachments) {
    const { text, blocks, attachments } = message;
    out.push('<details><summary>Block Kit JSON</summary>', '', '```json', JSON.stringify({ text, blocks, ...(attachments ? { attachments } : {}) }, null, 2), '```', '', '</details>', '');
  }
}

// Approve and Block open a modal that asks why; its submission decides.
const modals: [string, string, Record<string, unknown>][] = [
  ['The Approve modal', 'Opens on Approve (an approver who did not push). Submitting it approves with the reason; an empty reason is refused in the modal.', approvalModal(review) as Record<string, unknown>],
  ['The Block modal', 'Opens on Block, after its confirmation. Submitting it blocks with the reason, which the job prints as “Blocked by <who>: <reason>”.', blockModal(review) as Record<string, unknown>],
];
for (const [title, note, view] of modals) {
  const text = (o: unknown) => (o as { text?: string } | undefined)?.text ?? '';
  const shown = {
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: text(view['title']) } },
      ...(view['blocks'] as unknown[]),
      { type: 'actions', elements: [{ text: { text: text(view['close']) } }, { text: { text: text(view['submit']) }, style: 'primary' }] },
    ],
  };
  out.push(`## ${title}`, '', note, '', '```text', ...renderMessage(shown, plain).map((l) => l.trimEnd()), '```', '');
  out.push('<details><summary>View JSON (views.open)</summary>', '', '```json', JSON.stringify(view, null, 2), '```', '', '</details>', '');
}

async function main(): Promise<void> {
  const chromium = '/usr/bin/chromium';
  if (existsSync(chromium)) {
    try {
      const { chromium: browserType } = await import('playwright-core');
      const browser = await browserType.launch({ executablePath: chromium, args: ['--no-sandbox'] });
      const page = await browser.newPage({ viewport: { width: 760, height: 400 }, deviceScaleFactor: 2 });
      await page.setContent(renderSlackHtml(kinds[0]![2], { app: 'secretgate', time: '10:14' }));
      await page.locator('#message').screenshot({ path: join(repoRoot, 'docs/slack-review-message.png') });
      await browser.close();
      if (!out.includes('![The review message as Slack draws it](slack-review-message.png)')) out.splice(7, 0, '![The review message as Slack draws it](slack-review-message.png)', '');
    } catch (err) {
      process.stderr.write(`no picture: ${(err as Error).message}\n`);
    }
  }
  writeFileSync(join(repoRoot, 'docs/slack-examples.md'), out.join('\n'));
  process.stdout.write('wrote docs/slack-examples.md\n');
}

await main();
