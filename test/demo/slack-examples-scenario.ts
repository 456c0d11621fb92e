// Drives the real server (on a loopback port, with a real SQLite file and the Slack Web API
// stand-in) through every situation in which it talks to Slack, and returns what it actually
// sent: each chat.postMessage, chat.update, chat.postEphemeral and views.open as the stand-in
// recorded it, and each /secretgate answer as the route returned it. The server's clock is
// fixed and moved by the scenario, and the random review IDs are replaced by fixed ones, so
// two runs give the same examples (test/demo/slack-examples.test.ts relies on it).
//
//   const examples = await captureSlackExamples();   // [{ section, title, note, shape, payload }]
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CreateReviewRequest, FindingPayload } from '../../shared/contract.js';
import { GitHubStandIn, writeAppKey } from '../support/github-standin.js';
import { api, createReview, startTestServer, tempDir, TEST_BOT_TOKEN, type TestServer } from '../support/server-harness.js';
import { clickThrough } from '../support/slack-clicks.js';
import { blockActionPayload, commandBody, interactionBody, postToSlackRoute, type Button } from '../support/slack-signing.js';
import { SlackStandIn, type RecordedCall } from '../support/slack-standin.js';

export type ExampleShape = 'message' | 'modal' | 'ephemeral' | 'command';

export interface SlackExample {
  section: string;
  title: string;
  note: string;
  shape: ExampleShape;
  /** chat.postMessage/chat.update arguments ({text, blocks, attachments}), a view, or a command's answer. */
  payload: Record<string, unknown>;
}

export const PUBLIC_URL = 'https://secretgate.example.com/';
/** Sunday 2026-11-22 09:14 UTC: when the scenario's first review is opened. */
export const START_MS = Date.parse('2026-11-22T09:14:00.000Z');
const MINUTE = 60_000;

const SHA = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b';
const ALICE = 'U0ALICE';
const BOB = 'U0BOB';
const MALLORY = 'U0MALLORY';
const OCTOCAT = 'U0OCTOCAT';
const GROUP = 'S0SECURITY';
const CRITICAL = 'C0CRITICAL';
const ALERTS = 'C0ALERTS';
const DIGESTS = 'C0DIGEST';
export const BLOCK_REASON = 'Live Stripe and AWS keys: revoke both, then rewrite the branch';

const POLICY = `
[defaults]
channel = "${ALERTS}"
approvers = ["${ALICE}", "${GROUP}"]

[[routes]]
repositories = ["acme/payments"]
severities = ["critical", "high"]
channel = "${CRITICAL}"
mentions = ["<!subteam^${GROUP}|@security-team>", "<@U0ONCALL>"]
approvers = ["${ALICE}", "${OCTOCAT}", "${GROUP}"]

[github_users]
octocat = "${OCTOCAT}"
`;

/** Fixed IDs the examples show instead of the server's random ones, in the order reviews are opened. */
const SHOWN_IDS = [
  '3f2a9c1e-7b4d-4e8a-9c21-5d6e7f8a9b0c',
  '8c41d2f7-2e6a-4b19-a5d3-0f9e8d7c6b5a',
  'b7e05a93-61c4-4f2d-8e17-3a4b5c6d7e8f',
  'd1c2b3a4-9f8e-4d7c-b6a5-4e3f2a1b0c9d',
  '5e6f7a8b-c9d0-4e1f-a2b3-c4d5e6f7a8b9',
];

let fingerprintSeq = 0;
function finding(ruleId: string, description: string, severity: FindingPayload['severity'], file: string, line: number, redacted: string): FindingPayload {
  fingerprintSeq++;
  return { ruleId, description, severity, file, line, commit: SHA, author: 'Mona Lisa', redacted, fingerprint: `sha256:${String(fingerprintSeq).padStart(64, '0')}` };
}

function request(key: string, repository: string, timeoutSeconds: number, findings: FindingPayload[]): CreateReviewRequest {
  return {
    idempotencyKey: key,
    repository,
    ref: 'refs/heads/release/2026-11',
    headSha: SHA,
    commits: [SHA],
    runUrl: `https://github.com/${repository}/actions/runs/123456789`,
    actor: 'octocat',
    timeoutSeconds,
    findings,
  };
}

/** What the examples show of a recorded Slack call: the message itself, not its routing or metadata. */
function shownMessage(args: Record<string, unknown>): Record<string, unknown> {
  const { text, blocks, attachments } = args;
  const a = Array.isArray(attachments) && attachments.length > 0 ? attachments : undefined;
  return { text, ...(blocks ? { blocks } : {}), ...(a ? { attachments: a } : {}) };
}

interface Clock {
  now: number;
}

class Scenario {
  readonly examples: SlackExample[] = [];
  private readonly ids: string[] = [];

  constructor(
    private readonly t: TestServer,
    private readonly clock: Clock,
  ) {}

  get slack(): SlackStandIn {
    return this.t.slack;
  }

  private signing() {
    return { timestampSeconds: Math.floor(this.clock.now / 1000) };
  }

  advanceTo(ms: number): void {
    this.clock.now = ms;
  }

  add(section: string, title: string, note: string, shape: ExampleShape, payload: Record<string, unknown>): void {
    this.examples.push({ section, title, note, shape, payload: this.anonymised(payload) });
  }

  /** Replaces each random review ID (anywhere in the payload) by its fixed stand-in. */
  private anonymised(payload: Record<string, unknown>): Record<string, unknown> {
    let json = JSON.stringify(payload);
    // Whole IDs first, then the 8-character prefixes that `/secretgate pending` shows.
    this.ids.forEach((id, i) => (json = json.split(id).join(SHOWN_IDS[i]!)));
    this.ids.forEach((id, i) => (json = json.split(id.slice(0, 8)).join(SHOWN_IDS[i]!.slice(0, 8))));
    return JSON.parse(json) as Record<string, unknown>;
  }

  async open(req: CreateReviewRequest): Promise<{ id: string; ts: string }> {
    const { review } = await createReview(this.t.url, this.t.apiToken, req);
    if (this.ids.length === SHOWN_IDS.length) throw new Error('add a fixed ID to SHOWN_IDS for another review');
    this.ids.push(review.id);
    const ts = await this.waitFor(() => this.slackTs(review.id), `the review message of ${req.repository}`);
    return { id: review.id, ts };
  }

  private slackTs(id: string): string | null {
    return this.t.db().prepare('SELECT slack_ts FROM reviews WHERE id = ?').get<{ slack_ts: string | null }>(id)?.slack_ts ?? null;
  }

  async waitFor<T>(find: () => T | null | undefined, what: string): Promise<T> {
    let found: T | null | undefined;
    await this.slack.waitFor(() => (found = find()) !== null && found !== undefined, 15_000, what);
    return found!;
  }

  /** The first delivered call of `method` after `from` that `match` accepts. */
  async call(method: string, from: number, match: (c: RecordedCall) => boolean, what: string): Promise<RecordedCall> {
    return this.waitFor(() => this.slack.calls.slice(from).find((c) => c.ok && c.method === method && match(c)), what);
  }

  async threadReply(ts: string, from: number, pattern: string, what: string): Promise<Record<string, unknown>> {
    const c = await this.call('chat.postMessage', from, (x) => x.args['thread_ts'] === ts && JSON.stringify(x.args).includes(pattern), what);
    return shownMessage(c.args);
  }

  async ephemeral(user: string, from: number, what: string): Promise<Record<string, unknown>> {
    const c = await this.call('chat.postEphemeral', from, (x) => x.args['user'] === user, what);
    return { text: c.args['text'] };
  }

  /** A signed click on a review message's button; Fix instructions included. */
  async click(reviewId: string, button: Button | 'fix', userId: string, channel: string, triggerId?: string): Promise<number> {
    const payload = blockActionPayload({ reviewId, button: button === 'fix' ? 'approve' : button, userId, channel, ...(triggerId ? { triggerId } : {}) });
    if (button === 'fix') (payload['actions'] as Record<string, unknown>[])[0]!['action_id'] = 'secretgate_fix';
    const res = await postToSlackRoute(this.t.url, '/slack/interactions', interactionBody(payload), this.t.signingSecret, this.signing());
    if (res.status !== 200) throw new Error(`the ${button} click answered ${res.status}`);
    return this.slack.calls.length;
  }

  async decide(reviewId: string, button: Button, userId: string, channel: string, reason: string): Promise<Record<string, unknown> | null> {
    const r = await clickThrough(this.t, { reviewId, button, userId, channel, reason, ...this.signing() });
    if ((r.submission ?? r.click).status !== 200) throw new Error(`the ${button} decision answered ${(r.submission ?? r.click).status}`);
    return r.modal;
  }

  async command(text: string, userId: string): Promise<Record<string, unknown>> {
    const res = await postToSlackRoute(this.t.url, '/slack/commands', commandBody({ text, userId, channelId: CRITICAL }), this.t.signingSecret, this.signing());
    if (res.status !== 200) throw new Error(`/secretgate ${text} answered ${res.status}`);
    return (await res.json()) as Record<string, unknown>;
  }
}

const CHANNEL = 'In the channel';
const THREAD = 'In the review’s thread';
const CLICK = 'Ephemeral answers to a click (only the clicker sees them)';
const MODALS = 'Modals';
const COMMANDS = '`/secretgate` answers (ephemeral)';

/** The order of the sections in the document. */
export const SECTIONS = [CHANNEL, THREAD, CLICK, MODALS, COMMANDS];

export async function captureSlackExamples(): Promise<SlackExample[]> {
  fingerprintSeq = 0;
  const slack = await SlackStandIn.start({ token: TEST_BOT_TOKEN, userGroups: { [GROUP]: [BOB] } });
  const policyDir = tempDir('secretgate-examples-policy-');
  const policy = join(policyDir, 'policy.toml');
  writeFileSync(policy, POLICY);
  const clock: Clock = { now: START_MS };
  const t = await startTestServer({
    slack,
    env: {
      SECRETGATE_PUBLIC_URL: PUBLIC_URL,
      SECRETGATE_POLICY: policy,
      SECRETGATE_DIGEST_CRON: '0 9 * * *',
      SECRETGATE_DIGEST_TZ: 'UTC',
      SECRETGATE_DIGEST_CHANNEL: DIGESTS,
    },
    overrides: { now: () => clock.now },
  });
  try {
    const s = new Scenario(t, clock);
    await mainScenario(s, t);
    s.examples.push(...(await statusFailureExample()));
    return SECTIONS.flatMap((section) => s.examples.filter((e) => e.section === section));
  } finally {
    await t.close();
    await slack.close();
    rmSync(policyDir, { recursive: true, force: true });
  }
}

async function mainScenario(s: Scenario, t: TestServer): Promise<void> {
  // 09:14 — a push to acme/payments with 13 findings goes to the critical route.
  const payments = await s.open(
    request('run-payments', 'acme/payments', 30 * 60, [
      finding('stripe-live-secret-key', 'Stripe live secret key', 'critical', 'billing/config/stripe.ts', 12, 'sk_live_…(32 chars)'),
      finding('aws-access-key-id', 'AWS access key ID', 'critical', 'deploy/terraform/prod.tfvars', 4, 'AKIA…(20 chars)'),
      finding('github-pat', 'GitHub personal access token', 'high', '.github/scripts/release.sh', 31, 'ghp_…(40 chars)'),
      ...Array.from({ length: 10 }, (_, i) => finding('generic-api-key', 'Generic API key', 'medium', `services/svc-${i}/settings.env`, 3 + i, '[generic-api-key: 32 chars, a-z0-9]')),
    ]),
  );
  const posted = await s.call('chat.postMessage', 0, (c) => c.args['ts'] === undefined && c.args['thread_ts'] === undefined && c.args['channel'] === CRITICAL, 'the review message');
  s.add(CHANNEL, 'The review message (pending)', 'Posted to the route’s channel with its mentions. The colour bar is the highest severity (critical here).', 'message', shownMessage(posted.args));

  // Two more reviews on the default route: one to be marked a false positive, one left to expire.
  const web = await s.open(request('run-web', 'acme/web', 60 * 60, [finding('generic-password', 'Generic password', 'medium', 'config/database.yml', 7, '[generic-password: 16 chars, a-zA-Z0-9 and symbols]')]));
  const docs = await s.open(request('run-docs', 'acme/docs', 60 * 60, [finding('generic-api-key', 'Generic API key', 'medium', 'examples/client.py', 3, '[generic-api-key: 32 chars, a-z0-9]')]));

  // A group member clicks while Slack is slow to list the group's members.
  s.slack.delay('usergroups.users.list', 2600);
  let from = await s.click(payments.id, 'false_positive', BOB, CRITICAL);
  s.add(CLICK, 'The approver check took too long', 'When Slack is slower than 2 s to list an approver group’s members. Nothing is decided; the lookup goes on and is cached, so a retry works.', 'ephemeral', await s.ephemeral(BOB, from, 'the slow-check answer'));
  s.slack.delay('usergroups.users.list', 0);
  await s.waitFor(() => s.slack.delivered('usergroups.users.list')[0], 'the slow group lookup');

  from = await s.click(payments.id, 'approve', MALLORY, CRITICAL);
  s.add(THREAD, 'An unauthorized click', 'Someone who is not an approver of the review’s route clicked; nothing changed. Said once per person and reason (more clicks are answered privately); each goes in the audit log.', 'message', await s.threadReply(payments.ts, from, MALLORY, 'the unauthorized note'));
  s.add(CLICK, 'Not authorized', 'The answer to the click above.', 'ephemeral', await s.ephemeral(MALLORY, from, 'the not-authorized answer'));

  from = await s.click(payments.id, 'approve', OCTOCAT, CRITICAL);
  s.add(THREAD, 'Self-approval refused', 'With `[github_users]` in the policy, the pusher may not Approve or mark a False positive (they may Block).', 'message', await s.threadReply(payments.ts, from, OCTOCAT, 'the self-approval note'));
  s.add(CLICK, 'Self-approval refused', 'The answer to the pusher’s click.', 'ephemeral', await s.ephemeral(OCTOCAT, from, 'the self-approval answer'));

  // Approve opens a modal that asks why; it is left unsubmitted here.
  const trigger = 'examples.approve.trigger';
  from = await s.click(payments.id, 'approve', ALICE, CRITICAL, trigger);
  const approveModal = await s.call('views.open', from, (c) => c.args['trigger_id'] === trigger, 'the Approve modal');
  s.add(MODALS, 'The Approve modal', 'Opens on Approve (an approver who did not push). Submitting it approves with the reason; an empty reason is refused in the modal.', 'modal', approveModal.args['view'] as Record<string, unknown>);

  s.slack.fail({ status: 500, count: 1, methods: ['views.open'] });
  from = await s.click(payments.id, 'approve', ALICE, CRITICAL);
  s.add(CLICK, 'The modal could not open', 'When Slack refuses views.open; nothing was decided.', 'ephemeral', await s.ephemeral(ALICE, from, 'the modal failure answer'));

  from = await s.click(payments.id, 'fix', BOB, CRITICAL);
  s.add(THREAD, 'Fix instructions', 'Posted once per review when anyone clicks Fix instructions; one section per provider, with its own revoke page.', 'message', await s.threadReply(payments.ts, from, 'How to fix', 'the fix instructions'));
  from = await s.click(payments.id, 'fix', ALICE, CRITICAL);
  s.add(CLICK, 'Fix instructions already posted', 'A later click on Fix instructions.', 'ephemeral', await s.ephemeral(ALICE, from, 'the already-posted answer'));

  from = await s.click(web.id, 'fix', ALICE, ALERTS);
  s.add(THREAD, 'Fix instructions, generic', 'For rules with no known provider: the same steps, without a provider’s page.', 'message', await s.threadReply(web.ts, from, 'How to fix', 'the generic fix instructions'));

  // 09:29 — half of the 30 minutes have gone.
  s.advanceTo(START_MS + 15 * MINUTE);
  from = s.slack.calls.length;
  t.server.reminders.sweep();
  s.add(THREAD, 'Half-time reminder', 'When half the timeout has gone and nobody decided; mentions the route’s people and approvers.', 'message', await s.threadReply(payments.ts, from, ':bell:', 'the reminder'));

  // 09:30 — Alice blocks, with a reason.
  s.advanceTo(START_MS + 16 * MINUTE);
  from = s.slack.calls.length;
  const blockModal = await s.decide(payments.id, 'block', ALICE, CRITICAL, BLOCK_REASON);
  if (!blockModal) throw new Error('Block opened no modal');
  s.add(MODALS, 'The Block modal', 'Opens on Block, after its confirmation. Submitting it blocks with the reason, which the job prints as “Blocked by <who>: <reason>”.', 'modal', blockModal);
  const updated = await s.call('chat.update', from, (c) => c.args['ts'] === payments.ts, 'the updated review message');
  s.add(CHANNEL, 'The review message after a decision', 'Updated in place: the decision buttons are gone, Fix instructions and View details stay; the bar shows the outcome.', 'message', shownMessage(updated.args));
  s.add(THREAD, 'A decision', 'Every decision is a reply in the thread; Approve and Block carry the reason typed in their modal.', 'message', await s.threadReply(payments.ts, from, 'Blocked by', 'the decision reply'));

  from = await s.click(payments.id, 'false_positive', BOB, CRITICAL);
  s.add(CLICK, 'Already decided', 'A click on a review that is no longer pending.', 'ephemeral', await s.ephemeral(BOB, from, 'the already-decided answer'));

  from = s.slack.calls.length;
  await s.decide(docs.id, 'false_positive', ALICE, ALERTS, 'not asked: False positive decides at once');
  await s.threadReply(docs.ts, from, ALICE, 'the false-positive reply');

  s.add(COMMANDS, '`/secretgate help`', 'Anyone may ask; the other commands answer approvers only.', 'command', await s.command('help', MALLORY));
  s.add(COMMANDS, 'A refusal', 'What someone who is not an approver gets, whether or not the review exists.', 'command', await s.command('pending', MALLORY));
  s.add(COMMANDS, '`/secretgate pending`', 'The pending reviews the caller may decide (up to 20).', 'command', await s.command('pending', ALICE));
  s.add(COMMANDS, '`/secretgate status <review>`', 'The review’s decision or deadline and its first findings; the review may be given by ID, prefix or link.', 'command', await s.command(`status ${payments.id}`, ALICE));
  s.add(COMMANDS, '`/secretgate audit <review>`', 'The review’s audit trail (the last 25 events).', 'command', await s.command(`audit ${payments.id.slice(0, 8)}`, ALICE));

  // 10:15 — the acme/web review's hour is up.
  s.advanceTo(START_MS + 61 * MINUTE);
  from = s.slack.calls.length;
  await t.server.expirer.sweep();
  s.add(THREAD, 'Expiry', 'The deadline passed with no decision; the message is updated to “Expired” too.', 'message', await s.threadReply(web.ts, from, ':alarm_clock:', 'the expiry reply'));

  const cancelled = await s.open(request('run-cancelled', 'acme/payments', 30 * 60, [finding('slack-bot-token', 'Slack bot token', 'high', 'ops/notify.sh', 9, 'xoxb-…(57 chars)')]));
  from = s.slack.calls.length;
  const r = await api(t.url, t.apiToken, 'POST', `/api/v1/reviews/${cancelled.id}/cancel`);
  if (r.status !== 200) throw new Error(`cancel answered ${r.status}`);
  s.add(THREAD, 'Cancellation', 'The job was cancelled while waiting; the message is updated to “Cancelled” too.', 'message', await s.threadReply(cancelled.ts, from, ':no_entry_sign:', 'the cancellation reply'));

  // Monday 09:00 — the daily digest fires.
  s.advanceTo(Date.parse('2026-11-23T09:00:00.000Z'));
  from = s.slack.calls.length;
  t.server.digest!.check();
  const digest = await s.call('chat.postMessage', from, (c) => c.args['channel'] === DIGESTS, 'the digest');
  s.add(CHANNEL, 'The digest', 'On the SECRETGATE_DIGEST_CRON schedule (here `0 9 * * *`), to SECRETGATE_DIGEST_CHANNEL, covering the time since the previous firing.', 'message', shownMessage(digest.args));
  s.add(COMMANDS, '`/secretgate digest`', 'The digest of the last 24 hours, for the caller only.', 'command', await s.command('digest', ALICE));
}

/**
 * The note in the thread when the commit status cannot be set: a server with commit statuses
 * on, whose GitHub App is not installed on the repository. GitHub checks the App's token
 * against the real time, so this server keeps the real clock (the note shows no time).
 */
async function statusFailureExample(): Promise<SlackExample[]> {
  const dir = tempDir('secretgate-examples-');
  const key = writeAppKey(dir);
  const gh = await GitHubStandIn.start({ appId: '4242', publicKey: key.publicKey, installations: { 'acme/other': 5 } });
  const t = await startTestServer({
    dir,
    env: { SECRETGATE_PUBLIC_URL: PUBLIC_URL, GITHUB_API_URL: gh.apiUrl, GITHUB_APP_ID: '4242', GITHUB_APP_PRIVATE_KEY_FILE: key.file, GITHUB_SERVER_URL: 'https://github.com' },
  });
  try {
    const s = new Scenario(t, { now: Date.now() });
    const review = await s.open(request('run-status', 'acme/payments', 30 * 60, [finding('github-pat', 'GitHub personal access token', 'high', '.github/scripts/release.sh', 31, 'ghp_…(40 chars)')]));
    s.add(THREAD, 'The commit status could not be set', 'With commit statuses on (GITHUB_APP_ID or GITHUB_TOKEN), once per review when GitHub refuses the status for good.', 'message', await s.threadReply(review.ts, 0, 'Could not set', 'the commit status note'));
    return s.examples;
  } finally {
    await t.close();
    await gh.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
