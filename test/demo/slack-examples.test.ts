// docs/slack-examples.md is what the server sends today: the scenario is run again against the
// real server and the Slack stand-in, and the document it gives must match the committed one.
// When the server's messages change, regenerate it:
//   npx tsc -p tsconfig.build.json && node build/test/demo/slack-examples.js
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { plantedValues } from '../support/planted.js';
import { repoRoot } from '../support/server-harness.js';
import { hasPicture, slackExamplesMarkdown } from './slack-examples-doc.js';
import { captureSlackExamples, type SlackExample } from './slack-examples-scenario.js';

let examples: SlackExample[];
beforeAll(async () => {
  examples = await captureSlackExamples();
});

describe('docs/slack-examples.md', () => {
  it('is what the scenario captures from the server today (regenerate it when this fails)', () => {
    const committed = readFileSync(join(repoRoot, 'docs/slack-examples.md'), 'utf8');
    expect(committed).toBe(slackExamplesMarkdown(examples, { picture: hasPicture(repoRoot) }));
  });

  it('shows every kind of message the server sends, each captured from Slack calls or command answers', () => {
    const titles = examples.map((e) => `${e.section} / ${e.title}`);
    for (const kind of [
      'The review message (pending)',
      'The review message after a decision',
      'The digest',
      'An unauthorized click',
      'Self-approval refused',
      'Fix instructions',
      'Fix instructions, generic',
      'Half-time reminder',
      'A decision',
      'Expiry',
      'Cancellation',
      'The commit status could not be set',
      'The approver check took too long',
      'Not authorized',
      'Already decided',
      'The Approve modal',
      'The Block modal',
      '`/secretgate pending`',
      '`/secretgate status <review>`',
      '`/secretgate audit <review>`',
    ]) {
      expect(titles.some((t) => t.endsWith(` / ${kind}`)), kind).toBe(true);
    }
    for (const e of examples) expect(JSON.stringify(e.payload).length, e.title).toBeGreaterThan(20);
  });

  it('holds no planted credential', () => {
    const doc = slackExamplesMarkdown(examples, { picture: false });
    for (const value of plantedValues) expect(doc).not.toContain(value);
  });
});
