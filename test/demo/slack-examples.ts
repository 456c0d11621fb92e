// Writes docs/slack-examples.md: every kind of Slack message secretgate sends, captured from
// the real server driven through a scenario against the Slack stand-in
// (slack-examples-scenario.ts), shown as it reads in Slack and as the JSON that is sent
// (slack-examples-doc.ts). With Chromium and playwright-core present it also draws
// docs/slack-review-message.png from the captured review message.
//
//   npx tsc -p tsconfig.build.json && node build/test/demo/slack-examples.js
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SlackMessage } from '../../server/slack/client.js';
import { renderSlackHtml } from './render-slack-html.js';
import { hasPicture, slackExamplesMarkdown } from './slack-examples-doc.js';
import { captureSlackExamples } from './slack-examples-scenario.js';

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

async function main(): Promise<void> {
  const examples = await captureSlackExamples();
  const chromium = '/usr/bin/chromium';
  if (existsSync(chromium)) {
    try {
      const { chromium: browserType } = await import('playwright-core');
      const browser = await browserType.launch({ executablePath: chromium, args: ['--no-sandbox'] });
      const page = await browser.newPage({ viewport: { width: 760, height: 400 }, deviceScaleFactor: 2 });
      await page.setContent(renderSlackHtml(examples[0]!.payload as unknown as SlackMessage, { app: 'secretgate', time: '10:14' }));
      await page.locator('#message').screenshot({ path: join(repoRoot, 'docs/slack-review-message.png') });
      await browser.close();
    } catch (err) {
      process.stderr.write(`no picture: ${(err as Error).message}\n`);
    }
  }
  writeFileSync(join(repoRoot, 'docs/slack-examples.md'), slackExamplesMarkdown(examples, { picture: hasPicture(repoRoot) }));
  process.stdout.write('wrote docs/slack-examples.md\n');
}

await main();
