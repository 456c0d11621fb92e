// Invariant 1 across the Slack experience: credentials planted in a file are found by the real
// engine, sent as the Action sends them (redacted, fingerprinted), and then go through every
// Slack path this side adds: the routed review message with mentions, Fix instructions, the
// reminder, an unauthorized and a self-approval attempt, the commands, the digest, expiry.
// No planted value appears in any Slack call, command answer, log line or database file.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveFingerprintKey } from '../../../shared/fingerprint-key.js';
import { createDetector } from '../../../action/engine/detect.js';
import { defaultRules } from '../../../action/engine/rules/index.js';
import { toFindingPayload } from '../../../action/review-request.js';
import { APPROVER, createReview, INTRUDER, reviewRequest, TEST_GROUP } from '../../support/server-harness.js';
import { plantedSource, plantedValues } from '../../support/planted.js';
import { click, command, policyFile, posted, startClockedServer, threadPost, type ClockedServer } from './helpers.js';

describe('no planted credential reaches Slack through the Slack experience', () => {
  let t: ClockedServer;
  const answers: string[] = [];

  beforeAll(async () => {
    t = await startClockedServer({
      env: {
        SECRETGATE_POLICY: policyFile(`[[routes]]\nrepositories = ["acme/*"]\nchannel = "C0CRITICAL"\nmentions = ["${TEST_GROUP}"]\n\n[github_users]\noctocat = "${APPROVER}"`),
        SECRETGATE_DIGEST_CRON: '0 9 * * *',
        SECRETGATE_DIGEST_CHANNEL: 'C0DIGEST',
      },
      overrides: { reminderIntervalMs: 3_600_000 },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('finds the planted values, then sends none of them anywhere', async () => {
    const raw = createDetector({ rules: defaultRules, fingerprintKey: deriveFingerprintKey(t.server.deps.fingerprintKey, 'acme/payments') }).detect({ file: 'config/app.env', text: plantedSource(), commit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', author: 'Octo Cat' });
    expect(raw.length).toBeGreaterThanOrEqual(4);
    const findings = raw.map(toFindingPayload);
    const { review } = await createReview(t.url, t.apiToken, reviewRequest({ repository: 'acme/payments', findings, timeoutSeconds: 600 }));
    const ts = await posted(t, review.id);

    await click(t, review.id, 'fix', INTRUDER, 'C0CRITICAL');
    await threadPost(t.slack, ts, 'How to fix', 'the fix instructions');
    await click(t, review.id, 'approve', APPROVER, 'C0CRITICAL'); // the pusher: refused
    await click(t, review.id, 'false_positive', INTRUDER, 'C0CRITICAL'); // not an approver: refused
    t.clock.advance(301_000);
    expect(t.server.reminders.sweep()).toContain(review.id);
    await threadPost(t.slack, ts, 'still waiting', 'the reminder');
    for (const text of ['pending', `status ${review.id}`, `audit ${review.id}`, 'digest']) answers.push(JSON.stringify(await command(t, text, APPROVER)));
    t.clock.advance(300_000);
    await t.server.expirer.sweep();
    await threadPost(t.slack, ts, 'Expired', 'the expiry note');
    t.server.digest!.post(t.clock.now - 86_400_000, t.clock.now);
    await t.slack.waitFor((s) => s.delivered('chat.postMessage').some((c) => c.args['channel'] === 'C0DIGEST'), 5000, 'the digest');

    // Both as sent (form-encoded) and decoded, so an encoded character cannot hide a value.
    const sent = t.slack.calls.map((c) => `${c.rawBody}\n${JSON.stringify(c.args)}`).join('\n');
    expect(sent).toContain(findings[0]!.redacted.slice(0, 4)); // the previews did go out
    const files = readdirSync(t.dir).map((f) => readFileSync(join(t.dir, f)).toString('latin1'));
    for (const v of plantedValues) {
      expect(sent).not.toContain(v);
      expect(answers.join('\n')).not.toContain(v);
      expect(t.logs.join('\n')).not.toContain(v);
      for (const f of files) expect(f).not.toContain(v);
    }
  });
});
