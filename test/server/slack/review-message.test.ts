// What the review message says and links to: the colour bar by severity, each file:line linked
// to the blob at its commit, the branch or pull request, the short-SHA commit, pusher and
// authors, and the buttons (Approve primary, Block danger with a confirm dialog, Fix
// instructions, View details). Checked on the builder and on a message a server posted.
import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Severity } from '../../../shared/severity.js';
import type { SlackMessage } from '../../../server/slack/client.js';
import { reviewMessage } from '../../../server/slack/messages.js';
import { createReview, reviewRequest, startTestServer, type TestServer } from '../../support/server-harness.js';
import { posted } from './helpers.js';
import { HEAD_SHA, OTHER_SHA, PUBLIC_URL, sampleFinding, sampleReview } from './review-fixture.js';

interface Button {
  action_id: string;
  text: { text: string };
  style?: string;
  value?: string;
  url?: string;
  confirm?: { title: { text: string }; text: { text: string }; confirm: { text: string }; deny: { text: string } };
}
type Block = { type: string; fields?: { text: string }[]; text?: { text: string }; elements?: Button[] };

const blocksOf = (m: Pick<SlackMessage, 'blocks'>) => (m.blocks ?? []) as Block[];
const fieldTexts = (m: Pick<SlackMessage, 'blocks'>) => blocksOf(m).flatMap((b) => b.fields ?? []).map((f) => f.text);
const buttons = (m: Pick<SlackMessage, 'blocks'>) => blocksOf(m).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
const button = (m: Pick<SlackMessage, 'blocks'>, label: string) => buttons(m).find((b) => b.text.text === label);
const attachment = (m: SlackMessage) => m.attachments![0] as { color: string; blocks: Block[] };
const findingTexts = (m: SlackMessage) => attachment(m).blocks.map((b) => b.text?.text ?? '');

describe('the review message', () => {
  it.each<[Severity, string]>([
    ['critical', '#8B0000'],
    ['high', '#E01E5A'],
    ['medium', '#ECB22E'],
    ['low', '#1D9BD1'],
  ])('colours the bar for a %s finding %s', (severity, colour) => {
    expect(attachment(reviewMessage(sampleReview(), [sampleFinding({ severity })], PUBLIC_URL)).color).toBe(colour);
  });

  it('colours the bar by the most severe of several findings', () => {
    const findings = [sampleFinding({ severity: 'low' }), sampleFinding({ severity: 'critical' }), sampleFinding({ severity: 'medium' })];
    expect(attachment(reviewMessage(sampleReview({ findingCount: 3 }), findings, PUBLIC_URL)).color).toBe('#8B0000');
  });

  it('links each file:line to the blob at the commit it was found in, or the head commit', () => {
    const findings = [sampleFinding({ file: 'src/a.ts', line: 3, commit: OTHER_SHA }), sampleFinding({ file: 'config/settings.yml', line: 12, commit: undefined })];
    const texts = findingTexts(reviewMessage(sampleReview({ findingCount: 2 }), findings, PUBLIC_URL)).join('\n');
    expect(texts).toContain(`<https://github.com/acme/api/blob/${OTHER_SHA}/src/a.ts#L3|src/a.ts:3>`);
    expect(texts).toContain(`<https://github.com/acme/api/blob/${HEAD_SHA}/config/settings.yml#L12|config/settings.yml:12>`);
    // The finding's own commit, as a short SHA linked to the commit.
    expect(texts).toContain(`commit <https://github.com/acme/api/commit/${OTHER_SHA}|\`ffeeddc\`>`);
  });

  it('links the branch of a push', () => {
    expect(fieldTexts(reviewMessage(sampleReview(), [sampleFinding()], PUBLIC_URL))).toContain('*Branch*\n<https://github.com/acme/api/tree/main|main>');
  });

  it('links the pull request of a pull_request run, from the review or from its ref', () => {
    const fromNumber = fieldTexts(reviewMessage(sampleReview({ pullRequest: 42, ref: 'refs/heads/feature' }), [sampleFinding()], PUBLIC_URL));
    expect(fromNumber).toContain('*Pull request*\n<https://github.com/acme/api/pull/42|#42>');
    const fromRef = fieldTexts(reviewMessage(sampleReview({ ref: 'refs/pull/7/merge' }), [sampleFinding()], PUBLIC_URL));
    expect(fromRef).toContain('*Pull request*\n<https://github.com/acme/api/pull/7|#7>');
  });

  it('links the head commit by its short SHA, and names the pusher and the commit authors', () => {
    const findings = [sampleFinding({ author: 'Octo Cat' }), sampleFinding({ author: 'Mona Lisa' }), sampleFinding({ author: 'Octo Cat' })];
    const fields = fieldTexts(reviewMessage(sampleReview({ findingCount: 3 }), findings, PUBLIC_URL));
    expect(fields).toContain(`*Commit*\n<https://github.com/acme/api/commit/${HEAD_SHA}|\`a1b2c3d\`>`);
    expect(fields).toContain('*Pushed by*\n<https://github.com/octocat|octocat>');
    expect(fields).toContain('*Commit authors*\nOcto Cat, Mona Lisa');
  });

  it('offers Approve (primary), False positive, Block (danger, confirmed), Fix instructions and View details while pending', () => {
    const review = sampleReview();
    const m = reviewMessage(review, [sampleFinding()], PUBLIC_URL);
    expect(buttons(m).map((b) => b.text.text)).toEqual(['Approve', 'False positive', 'Block', 'Fix instructions', 'View details']);
    expect(button(m, 'Approve')).toMatchObject({ style: 'primary', value: review.id });
    const block = button(m, 'Block')!;
    expect(block).toMatchObject({ style: 'danger', value: review.id });
    expect(block.confirm).toMatchObject({ title: { text: 'Block this push?' }, confirm: { text: 'Block' }, deny: { text: 'Back' } });
    expect(block.confirm!.text.text).not.toBe('');
    expect(button(m, 'Fix instructions')).toMatchObject({ action_id: 'secretgate_fix', value: review.id });
    expect(button(m, 'View details')).toMatchObject({ url: `${PUBLIC_URL}reviews/${review.id}` });
  });

  it('keeps only Fix instructions and View details once decided', () => {
    const m = reviewMessage(sampleReview({ status: 'rejected', decidedBy: 'U0APPROVER', decidedAt: '2026-11-22T10:05:00.000Z' }), [sampleFinding()], PUBLIC_URL);
    expect(buttons(m).map((b) => b.text.text)).toEqual(['Fix instructions', 'View details']);
  });
});

describe('the review message a server posts', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it('carries the severity colour, the links and the buttons to Slack', async () => {
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ pullRequest: 9, ref: 'refs/pull/9/merge' }));
    await posted(t, review.id);
    const call = t.slack.delivered('chat.postMessage').find((c) => JSON.stringify(c.args['blocks']).includes(`review:${review.id}:pending`))!;
    const m = { text: String(call.args['text']), blocks: call.args['blocks'] as KnownBlock[], attachments: call.args['attachments'] as SlackMessage['attachments'] };
    expect(attachment(m).color).toBe('#E01E5A'); // the request's one finding is high
    expect(findingTexts(m).join('\n')).toContain(`<https://github.com/acme/api/blob/${HEAD_SHA}/config/settings.yml#L12|config/settings.yml:12>`);
    expect(fieldTexts(m)).toContain('*Pull request*\n<https://github.com/acme/api/pull/9|#9>');
    expect(fieldTexts(m)).toContain(`*Commit*\n<https://github.com/acme/api/commit/${HEAD_SHA}|\`a1b2c3d\`>`);
    // No policy maps anyone: the message says the self-approval guard cannot place them.
    expect(fieldTexts(m)).toContain('*Pushed by*\n<https://github.com/octocat|octocat> _(pusher not mapped to a Slack user)_');
    expect(fieldTexts(m)).toContain('*Commit author*\nOcto Cat _(author not mapped to a Slack user)_');
    expect(button(m, 'Approve')?.style).toBe('primary');
    expect(button(m, 'Block')).toMatchObject({ style: 'danger', confirm: { confirm: { text: 'Block' } } });
    expect(button(m, 'Fix instructions')).toBeDefined();
    expect(button(m, 'View details')?.url).toMatch(new RegExp(`/reviews/${review.id}$`));
  });
});
