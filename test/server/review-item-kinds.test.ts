// What goes to review beside secrets (a part not scanned, a config change) and a finding the
// author allowed inline: the approver sees each for what it is, in Slack and on the page, and
// the marks survive the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FindingPayload } from '../../shared/contract.js';
import { getFindings } from '../../server/store/reviews.js';
import { createReview, reviewRequest, startTestServer, type TestServer } from '../support/server-harness.js';

const unscanned: FindingPayload = {
  kind: 'unscanned',
  ruleId: 'unscanned-file',
  description: 'Not scanned: larger than the scan limit (scan.maxFileSize) (70.1 MB)',
  severity: 'high',
  file: 'data/dump.sql',
  line: 0,
  redacted: 'too-large, 70.1 MB',
  fingerprint: 'a'.repeat(64),
};
const configChange: FindingPayload = {
  kind: 'config-change',
  ruleId: 'config-change',
  description: "Changes the scan's configuration: adds allowlist path: .*",
  severity: 'high',
  file: '.secretgate.toml',
  line: 0,
  redacted: '+1 −0 entries',
  fingerprint: 'b'.repeat(64),
};

describe('review items that are not plain secrets', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it('stores the kind and the inline mark, and shows each in the Slack message', async () => {
    const req = reviewRequest();
    req.findings = [{ ...req.findings[0]!, allowedInline: true }, unscanned, configChange];
    const { status, review } = await createReview(t.url, t.apiToken, req);
    expect(status).toBe(201);
    expect(getFindings(t.db(), review.id)).toEqual([
      expect.objectContaining({ ruleId: req.findings[0]!.ruleId, allowedInline: true }),
      expect.objectContaining({ kind: 'unscanned', file: 'data/dump.sql', redacted: 'too-large, 70.1 MB' }),
      expect.objectContaining({ kind: 'config-change', file: '.secretgate.toml' }),
    ]);
    expect(getFindings(t.db(), review.id)[1]).not.toHaveProperty('allowedInline');
    await t.slack.waitFor((s) => s.delivered('chat.postMessage').some((c) => JSON.stringify(c.args).includes(review.id)), 5000, 'the review message');
    const post = JSON.stringify(t.slack.delivered('chat.postMessage').find((c) => JSON.stringify(c.args).includes(review.id))!.args);
    expect(post).toContain('*Allowed inline by the author*');
    expect(post).toContain('*Not scanned*');
    expect(post).toContain('data/dump.sql');
    expect(post).toContain('70.1 MB');
    expect(post).toContain('*Scan configuration changed*');
    expect(post).toContain('adds allowlist path: .*');
  });

  it('refuses an unknown kind and a non-boolean inline mark, naming the field', async () => {
    const bad = reviewRequest();
    bad.findings = [{ ...unscanned, kind: 'nothing-to-see' as FindingPayload['kind'] }];
    const res = await fetch(`${t.url}/api/v1/reviews`, { method: 'POST', headers: { authorization: `Bearer ${t.apiToken}`, 'content-type': 'application/json' }, body: JSON.stringify(bad) });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('findings[0].kind must be unscanned or config-change');

    const worse = reviewRequest();
    worse.findings = [{ ...worse.findings[0]!, allowedInline: 'yes' as unknown as boolean }];
    const res2 = await fetch(`${t.url}/api/v1/reviews`, { method: 'POST', headers: { authorization: `Bearer ${t.apiToken}`, 'content-type': 'application/json' }, body: JSON.stringify(worse) });
    expect(res2.status).toBe(400);
    expect(await res2.text()).toContain('findings[0].allowedInline must be true or false');
  });
});
