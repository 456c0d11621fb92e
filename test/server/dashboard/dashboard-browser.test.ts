// The dashboard in a real browser against the real server (loopback port, SQLite file, Slack
// stand-in): refused without a session, sign-in (a wrong token refused), the list, a review made
// through the API and decided by signed Slack clicks, its findings and verified trail, exports,
// sign-out. Saves the screenshot of the review page that the README shows.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/server-harness.js';
import { plantedValues } from '../../support/planted.js';
import { launchBrowser, type Browser } from './browser.js';
import { APPROVAL_REASON, DASHBOARD_TOKEN, startScenario, type Scenario } from './scenario.js';

describe('dashboard in Chromium', () => {
  let s: Scenario;
  let browser: Browser;
  // Each test opens its own page with no session, and signs in itself where it needs to.
  let page: Page;
  let cspViolations: string[];
  /** Every page and export this test saw; none may show a planted credential. */
  let seen: string[];

  beforeAll(async () => {
    s = await startScenario();
    browser = await launchBrowser({ timezoneId: 'Asia/Tokyo', locale: 'en-US' });
  });

  afterAll(async () => {
    await browser?.close();
    await s?.t.close();
  });

  beforeEach(async () => {
    cspViolations = [];
    seen = [];
    await browser.context.clearCookies();
    page = await browser.context.newPage();
    page.on('console', (m) => {
      if (/Content[- ]Security[- ]Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    page.on('pageerror', (e) => cspViolations.push(`page error: ${e.message}`));
  });

  afterEach(async () => {
    await page.close();
    // The check the narrative once ran last, now after each test over what that test saw.
    expect(seen.length).toBeGreaterThan(0);
    for (const text of seen) for (const v of plantedValues) expect(text).not.toContain(v);
  });

  const reviewPath = (on = s) => `/reviews/${on.approved.id}`;
  const remember = async () => void seen.push(await page.content());

  /** Signs in from the sign-in page a visitor without a session is sent to; lands on `next`. */
  async function signIn(next = reviewPath(), on = s): Promise<void> {
    await page.goto(on.t.url + next);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.fill('#token', DASHBOARD_TOKEN);
    await Promise.all([page.waitForURL(`**${next}`), page.click('button[type=submit]')]);
  }

  it('sends a visitor without a session to sign-in, and refuses a wrong token', async () => {
    const res = await page.goto(s.t.url + reviewPath());
    expect(res?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(new URL(page.url()).searchParams.get('next')).toBe(reviewPath());
    expect(await page.locator('h1').textContent()).toBe('Sign in');
    expect(await page.content()).not.toContain('acme/payments');

    await page.fill('#token', 'certainly-not-the-dashboard-token');
    await Promise.all([page.waitForURL('**/sign-in'), page.click('button[type=submit]')]);
    expect(await page.locator('#sign-in-error').textContent()).toBe('That is not the dashboard token.');
    expect(await page.content()).not.toContain('acme/payments');
    // The form still goes on to the review.
    expect(await page.locator('input[name=next]').inputValue()).toBe(reviewPath());
    await remember();
  });

  it('signs in and lands on the review it was going to, with findings, decision and a verified trail', async () => {
    await signIn();
    const cookies = await browser.context.cookies(s.t.url);
    const session = cookies.find((c) => c.name === 'secretgate_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(session!.expires).toBeGreaterThan(Date.now() / 1000);

    expect(await page.locator('h1').innerText()).toContain('acme/payments');
    expect(await page.locator('h1 [data-status]').getAttribute('data-status')).toBe('approved');
    const decision = await page.locator('#decision').innerText();
    expect(decision).toContain('Approved');
    expect(decision).toContain('U0APPROVER');
    expect(decision).toContain(APPROVAL_REASON);

    const rows = page.locator('#findings tbody tr');
    expect(await rows.count()).toBe(s.findingCount);
    const first = rows.first();
    expect(await first.locator('[data-redacted]').innerText()).toMatch(/^ghp_…\(40 chars\)$/);
    const line = first.locator('a', { hasText: 'deploy/settings.env:14' });
    expect(await line.getAttribute('href')).toBe(
      'https://github.com/acme/payments/blob/9f3c2b1a0e4d5c6b7a8990a1b2c3d4e5f6071829/deploy/settings.env#L14',
    );

    expect(await page.locator('#chain').innerText()).toContain('Chain verified');
    const types = await page.locator('#audit tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-type')));
    expect(types).toEqual(['review.created', 'review.decided']);
    const seqs = await page.locator('#audit tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-seq'))));
    expect(seqs[1]!).toBeGreaterThan(seqs[0]!);

    // The message's permalink, on the workspace the server learnt from the stand-in's auth.test.
    const { slack_ts: ts } = s.t.db().prepare('SELECT slack_ts FROM reviews WHERE id = ?').get<{ slack_ts: string }>(s.approved.id)!;
    expect(await page.locator('#slack-link a').getAttribute('href')).toBe(`https://standin.slack.test/archives/C0REVIEWS/p${ts.replace('.', '')}`);
    expect(await page.locator('a', { hasText: 'Open the workflow run' }).getAttribute('href')).toBe(
      'https://github.com/acme/payments/actions/runs/11893324/attempts/1',
    );

    // Times are in the viewer's zone (Tokyo, UTC+9), put there by the nonce'd script.
    expect(await page.locator('[data-viewer-zone]').first().innerText()).toBe('Asia/Tokyo');
    const created = page.locator('#audit tbody tr').first().locator('time');
    expect(await created.getAttribute('data-local')).toBe('true');
    expect(await created.innerText()).toContain('GMT+9');
    expect(cspViolations).toEqual([]);

    mkdirSync(join(repoRoot, 'docs'), { recursive: true });
    // Every run makes a new review, so the picture differs each time: it goes to test-output/,
    // and UPDATE_SCREENSHOTS=1 refreshes the copy the README shows.
    const shot = await page.screenshot({ path: join(repoRoot, 'test-output/review-page.png'), fullPage: true });
    expect(shot.length).toBeGreaterThan(10_000);
    if (process.env.UPDATE_SCREENSHOTS === '1') writeFileSync(join(repoRoot, 'docs/review-page.png'), shot);
    await remember();
  });

  it('lists the reviews with their statuses and filters them', async () => {
    await signIn('/reviews');
    const ids = await page.locator('#reviews tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-review-id')));
    expect(ids).toEqual([s.pending.id, s.blocked.id, s.approved.id]);
    const statuses = await page.locator('#reviews tbody [data-status]').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(statuses).toEqual(['pending', 'rejected', 'approved']);
    await remember();

    await page.selectOption('select[name=status]', 'rejected');
    await Promise.all([page.waitForURL('**/reviews?status=rejected**'), page.click('form.filters button[type=submit]')]);
    expect(await page.locator('#reviews tbody tr').count()).toBe(1);
    expect(await page.locator('#reviews tbody tr').getAttribute('data-review-id')).toBe(s.blocked.id);

    await page.goto(s.t.url + '/reviews?repository=acme');
    expect(await page.locator('#reviews tbody tr').count()).toBe(2);
    await Promise.all([page.waitForURL(`**${reviewPath()}`), page.click(`a[href="${reviewPath()}"]`)]);
    await remember();
  });

  it('exports the review’s trail as JSONL and the whole log as CSV, each export audited', async () => {
    // A server of its own: the CSV is the whole log, and the exports join the review's trail.
    const own = await startScenario();
    try {
      // A wrong token first, so that the log holds a refused sign-in whatever ran before.
      await page.goto(own.t.url + reviewPath(own));
      await page.fill('#token', 'certainly-not-the-dashboard-token');
      await Promise.all([page.waitForURL('**/sign-in'), page.click('button[type=submit]')]);
      await signIn(reviewPath(own), own);
      const [jsonl] = await Promise.all([page.waitForEvent('download'), page.click('#audit ~ * [data-export=jsonl], .exports [data-export=jsonl]')]);
      expect(jsonl.suggestedFilename()).toMatch(new RegExp(`^secretgate-audit-review-${own.approved.id}-\\d{4}-\\d{2}-\\d{2}\\.jsonl$`));
      const jsonlText = readFileSync((await jsonl.path())!, 'utf8');
      seen.push(jsonlText);
      const events = jsonlText.trim().split('\n').map((l) => JSON.parse(l) as { type: string; reviewId: string; data: Record<string, unknown> });
      expect(events.map((e) => e.type)).toEqual(['review.created', 'review.decided', 'audit.exported']);
      expect(events.every((e) => e.reviewId === own.approved.id)).toBe(true);
      expect(events[1]!.data).toMatchObject({ decision: 'approved', reason: APPROVAL_REASON });

      await page.goto(own.t.url + '/reviews');
      const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-export=csv]')]);
      expect(csv.suggestedFilename()).toMatch(/^secretgate-audit-all-\d{4}-\d{2}-\d{2}\.csv$/);
      const csvText = readFileSync((await csv.path())!, 'utf8');
      seen.push(csvText);
      const lines = csvText.trimEnd().split('\r\n');
      expect(lines[0]).toBe('seq,at,type,review_id,actor,data,prev_hash,hash');
      const types = lines.slice(1).map((l) => l.split(',')[2]);
      expect(types).toContain('dashboard.sign_in_failed');
      expect(types).toContain('dashboard.signed_in');
      expect(types.filter((t) => t === 'review.created')).toHaveLength(3);
      expect(types.filter((t) => t === 'audit.exported')).toHaveLength(2);
      expect(types[types.length - 1]).toBe('audit.exported');
      expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(lines.slice(1).map((_, i) => i + 1));

      // The trail on the page now shows the export too.
      await page.goto(own.t.url + reviewPath(own));
      const shown = await page.locator('#audit tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-type')));
      expect(shown).toEqual(['review.created', 'review.decided', 'audit.exported']);
      expect(await page.locator('#chain').innerText()).toContain('Chain verified');
      await remember();
    } finally {
      await own.t.close();
    }
  });

  it('signs out, and is refused again without a session', async () => {
    await signIn();
    await Promise.all([page.waitForURL('**/sign-in'), page.click('header form button[type=submit]')]);
    const cookies = await browser.context.cookies(s.t.url);
    expect(cookies.find((c) => c.name === 'secretgate_session')).toBeUndefined();
    await page.goto(s.t.url + '/reviews');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.goto(s.t.url + reviewPath());
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.content()).not.toContain('acme/payments');
    await remember();
  });
});
