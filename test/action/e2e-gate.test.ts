// The bundled Action, run as the runner runs it, against the real approval server and the
// Slack stand-in: every way a review can end, and no raw secret anywhere.
import { readFileSync } from 'node:fs';
import { deriveFingerprintKey } from '../../shared/fingerprint-key.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planted, plantedSource, plantedValues } from '../support/planted.js';
import { APPROVER, INTRUDER, startTestServer, type TestServer } from '../support/server-harness.js';
import { FlakyProxy } from '../support/flaky-proxy.js';
import { commit, git } from '../support/git-fixture.js';
import { databaseBytes, click, reviewIdOf, reviewOnServer, scenario, start } from '../support/gate-scenario.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const postMessages = () => server.slack.calls.filter((c) => c.method === 'chat.postMessage').length;

describe('dist/index.js with the approval server', () => {
  it('passes when an approver approves, naming who and why', async () => {
    const s = scenario(server);
    const action = start(s);
    const id = await reviewIdOf(action);
    await click(server, id, 'approve', { reason: 'rotated already' });
    const result = await action.result;
    expect(result.exitCode, result.log).toBe(0);
    expect(result.outputs).toMatchObject({ decision: 'approved', findings: '1' });
    expect(result.outputs['review-url']).toMatch(new RegExp(`/reviews/${id}$`));
    expect(result.log).toMatch(new RegExp(`Approved by .*${APPROVER}.*rotated already`));
    expect(result.summary).toContain('Approved by');
  });

  it('passes when an approver marks a false positive', async () => {
    const s = scenario(server);
    const action = start(s);
    const id = await reviewIdOf(action);
    await click(server, id, 'false_positive');
    const result = await action.result;
    expect(result.exitCode, result.log).toBe(0);
    expect(result.outputs.decision).toBe('false_positive');
  });

  it('fails when an approver blocks, saying who blocked and why', async () => {
    const s = scenario(server);
    const action = start(s);
    const id = await reviewIdOf(action);
    // Block asks why in a modal; the reason typed there is the job's reason to fail.
    await click(server, id, 'block', { reason: 'a live deploy key, rotate it' });
    const result = await action.result;
    expect(result.exitCode).toBe(1);
    expect(result.outputs.decision).toBe('rejected');
    expect(result.log).toMatch(new RegExp(`^::error::Blocked by .*${APPROVER}.*: a live deploy key, rotate it\\.`, 'm'));
    expect((await reviewOnServer(server, id)).status).toBe('rejected');
  });

  it('fails when nobody decides in time, and the review is expired on the server', async () => {
    const s = scenario(server, undefined, { timeout: '2s' });
    const action = start(s);
    const id = await reviewIdOf(action);
    const result = await action.result;
    expect(result.exitCode).toBe(1);
    expect(result.outputs.decision).toBe('expired');
    expect(result.log).toMatch(/^::error::No decision within 2s; the review expired/m);
    expect((await reviewOnServer(server, id)).status).toBe('expired');
  });

  it('ignores a click by someone who may not decide', async () => {
    const s = scenario(server);
    const action = start(s);
    const id = await reviewIdOf(action);
    const res = await click(server, id, 'block', { userId: INTRUDER });
    expect(res.status).toBe(200);
    await server.slack.waitFor((sl) => sl.calls.some((c) => c.method === 'chat.postEphemeral' && c.args.user === INTRUDER), 5000, 'the ephemeral');
    expect((await reviewOnServer(server, id)).status).toBe('pending');
    await click(server, id, 'false_positive');
    const result = await action.result;
    expect(result.exitCode, result.log).toBe(0);
    expect(result.outputs.decision).toBe('false_positive');
  });

  it('ignores a click whose signature is forged', async () => {
    const s = scenario(server);
    const action = start(s);
    const id = await reviewIdOf(action);
    const res = await click(server, id, 'false_positive', { signingSecret: 'not-the-signing-secret-0000', expectStatus: 401 });
    expect(res.status).toBe(401);
    expect((await reviewOnServer(server, id)).status).toBe('pending');
    await click(server, id, 'block');
    const result = await action.result;
    expect(result.exitCode).toBe(1);
    expect(result.outputs.decision).toBe('rejected');
  });

  it('passes a re-run of a run marked false positive at once, without a new Slack message', async () => {
    const s = scenario(server);
    const first = start(s);
    await click(server, await reviewIdOf(first), 'false_positive');
    expect((await first.result).exitCode).toBe(0);
    const messagesBefore = postMessages();
    const rerun = await start(s, { runAttempt: '2' }).result;
    expect(rerun.exitCode, rerun.log).toBe(0);
    // Every fingerprint was decided before, all as false positives: so is the re-run.
    expect(rerun.outputs.decision).toBe('false_positive');
    expect(rerun.log).toContain('Every finding was decided before');
    expect(rerun.log).toContain('1 false positive');
    expect(rerun.log).not.toContain('Review opened');
    expect(postMessages()).toBe(messagesBefore);
  });

  it('passes a re-run of a run approved through the reason modal at once, without a new Slack message', async () => {
    const s = scenario(server);
    const first = start(s);
    const id = await reviewIdOf(first);
    const modalsBefore = server.slack.calls.filter((c) => c.method === 'views.open').length;
    await click(server, id, 'approve', { reason: 'a revoked test token' });
    // The click went through Slack's reason modal, not a direct decision.
    expect(server.slack.calls.filter((c) => c.method === 'views.open').length).toBe(modalsBefore + 1);
    const firstResult = await first.result;
    expect(firstResult.exitCode, firstResult.log).toBe(0);
    expect(firstResult.outputs.decision).toBe('approved');
    await server.slack.waitFor((sl) => sl.delivered('chat.postMessage').some((c) => c.rawBody.includes(id)), 5000, 'the review message');
    const messagesBefore = postMessages();
    // A short timeout, so a re-run that asks again fails in seconds rather than minutes.
    const rerun = await start(s, { runAttempt: '2', inputs: { ...s.options.inputs, timeout: '3s' } }).result;
    expect(rerun.exitCode, rerun.log).toBe(0);
    expect(rerun.outputs.decision).toBe('approved');
    expect(rerun.outputs.findings).toBe('1');
    expect(rerun.log).toContain('Every finding was decided before (approved); nobody was asked again');
    expect(rerun.log).toContain('Approved before: remembered: 1 approved, 0 false positive.');
    expect(rerun.log).not.toContain('Review opened');
    // A review of its own, answered from the remembered decision, and nothing posted for it.
    const rerunId = decodeURIComponent(rerun.outputs['review-url']!.split('/').pop()!);
    expect(rerunId).not.toBe(id);
    const rerunReview = await reviewOnServer(server, rerunId);
    expect(rerunReview).toMatchObject({ status: 'approved', remembered: true });
    expect(postMessages()).toBe(messagesBefore);
    expect(server.slack.calls.some((c) => c.rawBody.includes(rerunId))).toBe(false);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('cancels the review when the runner cancels the job (%s)', async (signal) => {
    const s = scenario(server);
    const action = start(s);
    const id = await reviewIdOf(action);
    action.child.kill(signal);
    const result = await action.result;
    expect(result.exitCode).toBe(1);
    expect(result.outputs.decision).toBe('cancelled');
    expect(result.log).toMatch(/^::error::The job was cancelled; review \S+ was cancelled\./m);
    expect((await reviewOnServer(server, id)).status).toBe('cancelled');
  });

  it('fails with a clear message when the server refuses the token, without retrying', async () => {
    const s = scenario(server, undefined, { 'api-token': 'sg-wrong-token-0123456789' });
    const result = await start(s).result;
    expect(result.exitCode).toBe(1);
    expect(result.outputs.decision).toBe('error');
    // The first call, for the fingerprint key before the scan, is refused.
    expect(result.log).toMatch(/^::error::Fetching the fingerprint key failed: the approval server answered 401 unauthorized/m);
    expect(result.log).not.toContain('retrying');
  });

  it('reviews what a pull request brings, on the merge commit the runner checks out', async () => {
    const s = scenario(server, 'export const greeting = "hello";\n');
    const { repo, after: mainTip } = s;
    git(repo, 'checkout', '-q', '-b', 'feature');
    commit(repo, 'feature work', { 'src/feature.js': 'export const feature = 1;\n' });
    const f2 = commit(repo, 'feature config', { 'src/feature.env': `TOKEN=${planted.githubPat}\n` });
    git(repo, 'checkout', '-q', 'main');
    commit(repo, 'main moves on', { 'CHANGELOG.md': '- nothing yet\n' });
    const base = git(repo, 'rev-parse', 'HEAD');
    // actions/checkout leaves refs/pull/N/merge checked out, detached.
    git(repo, 'checkout', '-q', '--detach');
    git(repo, 'merge', '-q', '--no-ff', '-m', 'Merge feature into main', 'feature');
    const merge = git(repo, 'rev-parse', 'HEAD');
    const payload = {
      number: 7,
      pull_request: { number: 7, base: { sha: base, ref: 'main' }, head: { sha: f2, ref: 'feature' } },
      repository: { full_name: s.repository },
    };
    const action = start(s, { eventName: 'pull_request', payload, sha: merge, ref: 'refs/pull/7/merge' });
    const id = await reviewIdOf(action);
    const posted = (sl: TestServer['slack']) => sl.delivered('chat.postMessage').find((c) => c.rawBody.includes(id));
    await server.slack.waitFor((sl) => !!posted(sl), 5000, 'the review message');
    expect(JSON.stringify(posted(server.slack)!.args)).toMatch(/\*Pull request\*\\n[^"]*#7/);
    await click(server, id, 'false_positive');
    const result = await action.result;
    expect(result.exitCode, result.log).toBe(0);
    expect(result.outputs.findings).toBe('1');
    expect(result.log).toContain(`Scanning pull_request #7: ${mainTip.slice(0, 7)}..${f2.slice(0, 7)}.`);
    expect(result.log).toContain(`commit ${f2.slice(0, 7)}`);
    // Both feature commits, the secret-free one too, and not main's own new commit nor the merge.
    expect(result.log).toContain('1 finding in 2 commits.');
  });

  it('fails closed when the server cannot be reached, and passes only with fail-open', async () => {
    const dead = await FlakyProxy.start(server.url);
    await dead.close();
    const closed = scenario(server, undefined, { 'server-url': dead.url });
    const open = scenario(server, undefined, { 'server-url': dead.url, 'fail-open': 'true' });
    // Opening a review rides out an outage for two minutes by default; two seconds here.
    const shortWindow = { env: { SECRETGATE_OPEN_RETRY_SECONDS: '2' } };
    const [failed, passed] = await Promise.all([start(closed, shortWindow).result, start(open, shortWindow).result]);
    expect(failed.exitCode).toBe(1);
    expect(failed.outputs.decision).toBe('error');
    expect(failed.log).toMatch(/^::error::Fetching the fingerprint key failed: the approval server could not be reached \(ECONNREFUSED\)/m);
    expect(failed.log).toContain('retrying');
    expect(passed.exitCode, passed.log).toBe(0);
    expect(passed.outputs.decision).toBe('error');
    expect(passed.log).toMatch(/^::warning::.*Passing because fail-open is set\./m);
  });

  it('never lets a planted secret reach the job log, summary, SARIF, server log, database or Slack', async () => {
    const s = scenario(server, plantedSource());
    const action = start(s);
    const id = await reviewIdOf(action);
    await click(server, id, 'approve');
    const result = await action.result;
    expect(result.exitCode, result.log).toBe(0);
    const found = Number(result.outputs.findings);
    expect(found).toBeGreaterThanOrEqual(4);
    // The API token went to the runner's masking first, then the fingerprint key and every found
    // value, and only planted values.
    expect(result.masked[0]).toBe(server.apiToken);
    const fingerprintKey = deriveFingerprintKey(server.server.deps.fingerprintKey, s.repository).toString('base64');
    expect(result.masked).toContain(fingerprintKey);
    const maskedValues = result.masked.filter((m) => m !== server.apiToken && m !== fingerprintKey);
    expect(maskedValues.length).toBe(found);
    for (const m of maskedValues) expect(plantedValues).toContain(m);
    expect(maskedValues).toContain(planted.githubPat);
    const sarif = readFileSync(result.outputs['sarif-file']!, 'utf8');
    const slack = server.slack.calls.map((c) => c.rawBody).join('\n');
    const db = databaseBytes(server.dbPath);
    const logs = server.logs.join('\n');
    for (const value of plantedValues) {
      expect(result.log).not.toContain(value);
      expect(result.summary).not.toContain(value);
      expect(sarif).not.toContain(value);
      expect(slack).not.toContain(value);
      expect(logs).not.toContain(value);
      expect(db).not.toContain(value);
    }
    // The searches above would have found them: the redacted previews did arrive.
    expect(slack).toContain(`ghp_${encodeURIComponent('…')}(40%20chars)`);
  });
});
