// Text the pusher controls (repository name, branch, pusher, commit author, file path, rule,
// description, preview) and text an approver types (a reason) goes through every Slack message
// kind the server sends: the review message and its update, thread replies (decision, refusal
// note, fix instructions, reminder, expiry), ephemerals, the reason modal, every /secretgate
// answer and the digest. None of it may come out as a mention, a ping or a link: only the
// links and mentions the server builds itself survive, and every mrkdwn text object is verbatim.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingPayload } from '../../../shared/contract.js';
import { APPROVER, createReview, GROUP_MEMBER, INTRUDER, reviewRequest, TEST_GROUP } from '../../support/server-harness.js';
import { click, command, decide, policyFile, posted, startClockedServer, threadPost, type ClockedServer } from './helpers.js';

const EVIL = 'https://evil.example/approve';
const REPOSITORY = 'evil.example/approve';
const ACTOR = `@here <!channel> ${EVIL}`;
const REF = `refs/heads/<!everyone>-<${EVIL}|Approve here>-www.evil.example`;
const FILE = `<@U0EVIL> <#C0EVIL> <!subteam^S0EVIL> ${EVIL}/x.yml`;
const DESCRIPTION = `@channel <${EVIL}|Approve here> #general`;
const AUTHOR = `<!here> @everyone www.evil.example`;
const REDACTED = '<!channel>';
const RULE = 'evil.example';
const REASON = `fine, see ${EVIL} <!here> @channel`;

function hostileFinding(n: number): FindingPayload {
  return {
    ruleId: RULE,
    description: DESCRIPTION,
    severity: 'high',
    file: FILE,
    line: 3,
    commit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    author: AUTHOR,
    redacted: REDACTED,
    fingerprint: `sha256:${String(n).padStart(4, '0')}${'e'.repeat(60)}`,
  };
}

/** Every piece of text Slack would render from a payload, with the path it was found at. */
function texts(v: unknown, path: string, out: { path: string; text: string }[]): void {
  if (typeof v === 'string') return void out.push({ path, text: v });
  if (Array.isArray(v)) return v.forEach((x, i) => texts(x, `${path}[${i}]`, out));
  if (typeof v !== 'object' || v === null) return;
  for (const [k, x] of Object.entries(v)) {
    // Only what Slack shows: text and fields, labels, titles; not IDs, URLs of buttons, metadata.
    if (['text', 'fields', 'elements', 'blocks', 'attachments', 'title', 'label', 'submit', 'close', 'confirm', 'deny', 'view', 'fallback'].includes(k)) {
      texts(x, `${path}.${k}`, out);
    } else if (typeof x === 'object') texts(x, `${path}.${k}`, out);
  }
}

/** Every mrkdwn text object in a payload. */
function mrkdwnObjects(v: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(v)) v.forEach((x) => mrkdwnObjects(x, out));
  else if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    if (o['type'] === 'mrkdwn' && typeof o['text'] === 'string') out.push(o);
    Object.values(o).forEach((x) => mrkdwnObjects(x, out));
  }
  return out;
}

// What the server itself puts in: links to its own pages and to GitHub, mentions of the
// configured people, date tokens. The label of a link is kept and checked like any text.
const OURS = [
  /<(?:https:\/\/secretgate\.example\.test\/|https:\/\/github\.com\/)[^|>\s]*(?:\|([^>]*))?>/g,
  new RegExp(`<@(?:${APPROVER}|${GROUP_MEMBER}|${INTRUDER})>`, 'g'),
  new RegExp(`<!subteam\\^${TEST_GROUP}>`, 'g'),
  /<!date\^\d+\^[^|>]*\|[^>]*>/g,
];

/**
 * What Slack would turn into a mention or a link. The labels of our links and code spans are
 * places where Slack links nothing by itself: there, only tokens, @-words and schemes count
 * (their dots stay, so a path copied from Slack is the path).
 */
function problemsIn(text: string): string[] {
  const quiet: string[] = [];
  let rest = text;
  for (const re of OURS) {
    rest = rest.replace(re, (_m, label?: string) => {
      if (label) quiet.push(label);
      return ' ';
    });
  }
  rest = rest.replace(/`[^`]*`/g, (m) => {
    quiet.push(m);
    return ' ';
  });
  const problems: string[] = [];
  for (const part of [rest, ...quiet]) {
    if (/[<>]/.test(part)) problems.push(`a <…> token in ${JSON.stringify(part.slice(0, 80))}`);
    if (/@(here|channel|everyone)\b/i.test(part)) problems.push('a bare @here/@channel/@everyone');
    if (/https?:\/\//i.test(part)) problems.push('a bare URL');
  }
  if (/evil\.example|www\.\w/i.test(rest)) problems.push('a bare domain');
  if (/#general/.test(rest)) problems.push('a bare #channel');
  return problems;
}

describe('text from the push or an approver cannot mention, ping or link in Slack', () => {
  let t: ClockedServer;
  const answers: unknown[] = [];

  beforeAll(async () => {
    t = await startClockedServer({
      env: {
        SECRETGATE_POLICY: policyFile(`[[routes]]\nrepositories = ["evil.example/*"]\nmentions = ["${TEST_GROUP}"]`),
        SECRETGATE_DIGEST_CRON: '0 9 * * *',
        SECRETGATE_DIGEST_CHANNEL: 'C0DIGEST',
      },
      overrides: { reminderIntervalMs: 3_600_000 },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('sends every message kind, and none of them carries a token it did not build', async () => {
    const hostile = (n: number) =>
      reviewRequest({ repository: REPOSITORY, ref: REF, actor: ACTOR, findings: [hostileFinding(n)], timeoutSeconds: 600 });
    const falsePositive = (await createReview(t.url, t.apiToken, hostile(1))).review;
    const blocked = (await createReview(t.url, t.apiToken, hostile(2))).review;
    // A finding without an author name shows its author e-mail instead: hostile too.
    const noName: FindingPayload = { ...hostileFinding(4), authorEmail: `<!here>@${EVIL.slice(8)}` };
    delete noName.author;
    const pending = (await createReview(t.url, t.apiToken, { ...hostile(3), findings: [hostileFinding(3), noName] })).review;
    await posted(t, falsePositive.id);
    const blockedTs = await posted(t, blocked.id);
    const pendingTs = await posted(t, pending.id);

    expect((await decide(t, falsePositive.id, 'false_positive', APPROVER)).status).toBe(200);
    expect((await decide(t, blocked.id, 'block', APPROVER, REASON)).status).toBe(200);
    await threadPost(t.slack, blockedTs, 'Blocked by', 'the decision reply');
    await click(t, pending.id, 'fix', INTRUDER);
    await threadPost(t.slack, pendingTs, 'How to fix', 'the fix instructions');
    await click(t, pending.id, 'approve', INTRUDER); // refused: ephemeral and thread note
    await threadPost(t.slack, pendingTs, 'not an approver', 'the refusal note');
    await click(t, blocked.id, 'approve', APPROVER); // already decided: ephemeral
    await t.slack.waitFor((s) => s.delivered('chat.postEphemeral').length >= 2, 5000, 'the ephemerals');

    for (const text of ['pending', `status ${pending.id}`, `status ${blocked.id}`, `audit ${blocked.id}`, 'digest', `status ${EVIL}`, '<!channel> @here']) {
      answers.push(await command(t, text, APPROVER));
    }
    t.clock.advance(301_000);
    expect(t.server.reminders.sweep()).toContain(pending.id);
    await threadPost(t.slack, pendingTs, 'still waiting', 'the reminder');
    t.server.digest!.post(t.clock.now - 86_400_000, t.clock.now);
    await t.slack.waitFor((s) => s.delivered('chat.postMessage').some((c) => c.args['channel'] === 'C0DIGEST'), 5000, 'the digest');
    t.clock.advance(300_000);
    await t.server.expirer.sweep();
    await threadPost(t.slack, pendingTs, 'Expired', 'the expiry note');
    await t.slack.waitFor((s) => s.delivered('chat.update').length >= 3, 5000, 'the updates');

    const kinds = new Set(t.slack.delivered().map((c) => c.method));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['chat.postEphemeral', 'chat.postMessage', 'chat.update', 'views.open']));
    const payloads = [...t.slack.delivered().map((c) => ({ where: c.method, value: c.args })), ...answers.map((a, i) => ({ where: `command ${i}`, value: a }))];

    // The hostile text did arrive (escaped, broken up), so the checks below look at something.
    const all = JSON.stringify(payloads.map((p) => p.value));
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).toContain('approve');

    const found: string[] = [];
    for (const p of payloads) {
      const list: { path: string; text: string }[] = [];
      texts(p.value, p.where, list);
      for (const { path, text } of list) for (const problem of problemsIn(text)) found.push(`${path}: ${problem} in ${JSON.stringify(text)}`);
      for (const o of mrkdwnObjects(p.value)) if (o['verbatim'] !== true) found.push(`${p.where}: a mrkdwn text object without verbatim: ${String(o['text']).slice(0, 60)}`);
    }
    expect(found).toEqual([]);

    // The links we build still work: the review page and GitHub's commit page.
    const review = t.slack.delivered('chat.postMessage').find((c) => JSON.stringify(c.args).includes(`reviews/${pending.id}`))!;
    expect(JSON.stringify(review.args)).toContain(`<https://secretgate.example.test/reviews/${pending.id}|`);
    expect(JSON.stringify(review.args)).toContain('<https://github.com/evil.example/approve/commit/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678|');
  });
});
