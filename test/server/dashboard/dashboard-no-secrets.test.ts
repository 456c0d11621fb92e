// Invariant 1 on the dashboard: credentials planted in source, found by the real engine, sent
// through the real API and decided in Slack, appear on no page and in no export — nor do
// credentials a careless caller sends where they do not belong (as a bearer token, in a field
// that fails validation, as a wrong dashboard token).
import { deriveFingerprintKey } from '../../../shared/fingerprint-key.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, reviewRequest } from '../../support/server-harness.js';
import { planted, plantedValues } from '../../support/planted.js';
import { DASHBOARD_TOKEN, startScenario, type Scenario } from './scenario.js';

describe('no planted credential on any dashboard page or export', () => {
  let s: Scenario;
  let cookie = '';
  const outputs = new Map<string, string>();

  async function signIn(token: string): Promise<Response> {
    const form = await fetch(`${s.t.url}/sign-in`);
    const nonceCookie = /secretgate_sign_in=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![1]!;
    const nonce = /name="nonce" value="([^"]+)"/.exec(await form.text())![1]!;
    return fetch(`${s.t.url}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: s.t.url, cookie: `secretgate_sign_in=${nonceCookie}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ nonce, token, next: '/reviews' }).toString(),
    });
  }

  const page = async (path: string) => {
    const res = await fetch(s.t.url + path, { headers: { cookie: `secretgate_session=${cookie}` }, redirect: 'manual' });
    outputs.set(`GET ${path} (${res.status})`, await res.text());
    return res;
  };

  const exportTrail = async (csrf: string, format: string, review?: string) => {
    const res = await fetch(`${s.t.url}/audit/export`, {
      method: 'POST',
      headers: { origin: s.t.url, cookie: `secretgate_session=${cookie}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, format, ...(review ? { review } : {}) }).toString(),
    });
    expect(res.status).toBe(200);
    outputs.set(`export ${format} ${review ?? 'all'}`, await res.text());
  };

  beforeAll(async () => {
    s = await startScenario();
    // Careless callers: a planted credential as the API's bearer token, in a field that fails
    // validation, and as the dashboard token.
    expect((await api(s.t.url, planted.githubPat, 'POST', '/api/v1/reviews', reviewRequest())).status).toBe(401);
    const bad = reviewRequest();
    (bad.findings[0] as unknown as Record<string, unknown>)['severity'] = planted.stripeLive;
    expect((await api(s.t.url, s.t.apiToken, 'POST', '/api/v1/reviews', bad)).status).toBe(400);
    const wrong = await signIn(planted.password);
    expect(wrong.status).toBe(401);
    outputs.set('failed sign-in', await wrong.text());

    const ok = await signIn(DASHBOARD_TOKEN);
    expect(ok.status).toBe(303);
    cookie = /secretgate_session=([^;]+)/.exec(ok.headers.get('set-cookie') ?? '')![1]!;
  });

  afterAll(async () => {
    await s?.t.close();
  });

  it('finds the planted credentials with the real engine, so the check below means something', async () => {
    expect(s.findingCount).toBeGreaterThanOrEqual(4);
    expect((await page(`/reviews/${s.approved.id}`)).status).toBe(200);
    const html = outputs.get(`GET /reviews/${s.approved.id} (200)`)!;
    expect(html.match(/data-redacted/g)).toHaveLength(s.findingCount);
    expect(html).toContain('ghp_…(40 chars)');
  });

  it('shows none on the list, its filters, every review page, a 404, and in every export', async () => {
    for (const path of [
      '/reviews',
      '/reviews?status=approved',
      '/reviews?repository=acme',
      '/reviews?status=pending&page=2',
      `/reviews/${s.approved.id}`,
      `/reviews/${s.blocked.id}`,
      `/reviews/${s.pending.id}`,
      '/reviews/0f0f0f0f-no-such-review',
    ]) {
      expect((await page(path)).status, path).toBeLessThan(500);
    }
    const csrf = /name="csrf" value="([^"]+)"/.exec(outputs.get('GET /reviews (200)')!)![1]!;
    for (const format of ['jsonl', 'csv']) {
      await exportTrail(csrf, format);
      await exportTrail(csrf, format, s.approved.id);
    }
    // The exports hold the whole story, including the failed sign-in with a planted token.
    expect(outputs.get('export jsonl all')).toContain('"type":"dashboard.sign_in_failed"');
    expect(outputs.get('export jsonl all')).toContain('"type":"review.decided"');

    expect(outputs.size).toBeGreaterThanOrEqual(13);
    outputs.set('Slack request bodies', s.t.slack.calls.map((c) => c.rawBody).join('\n'));
    outputs.set('server log', s.t.logs.join('\n'));
    // The fingerprint master key (made into the database on first start) and a key derived from
    // it: with either, anyone could test guesses against the fingerprints on these pages.
    const master = s.t.server.deps.fingerprintKey;
    const derived = deriveFingerprintKey(master, 'acme/payments');
    const keys = [master.toString('hex'), master.toString('base64'), derived.toString('hex'), derived.toString('base64')];
    for (const [where, text] of outputs) {
      for (const value of plantedValues) expect(text.includes(value), `${where} contains a planted value`).toBe(false);
      for (const key of keys) expect(text.includes(key), `${where} contains a fingerprint key`).toBe(false);
    }
  });
});
