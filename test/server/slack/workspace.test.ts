// SlackWorkspace: the workspace URL for permalinks, from the configuration or auth.test, with an
// injected lookup and clock so slow, failing and changing answers are exact.
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../server/log.js';
import { SlackWorkspace } from '../../../server/slack/workspace.js';

/** A lookup the test answers by hand, counting calls. */
function manualLookup() {
  const calls: { resolve: (url: string) => void; reject: (e: Error) => void }[] = [];
  const lookup = () => new Promise<string>((resolve, reject) => void calls.push({ resolve, reject }));
  return { lookup, calls };
}

function workspace(lookup: () => Promise<string>, clock = { now: 0 }, configured: string | null = null) {
  return new SlackWorkspace({ configured, lookup, logger: silentLogger, now: () => clock.now, waitMs: 30, retryAfterMs: 60_000, refreshAfterMs: 3600_000 });
}

describe('SlackWorkspace', () => {
  it('answers the configured URL without asking Slack', async () => {
    const m = manualLookup();
    expect(await workspace(m.lookup, undefined, 'https://acme.slack.com/').url()).toBe('https://acme.slack.com/');
    expect(m.calls).toHaveLength(0);
  });

  it('does not wait for a slow Slack: null after waitMs, the URL once the one lookup answers', async () => {
    const m = manualLookup();
    const w = workspace(m.lookup);
    expect(await w.url()).toBeNull();
    expect(await w.url()).toBeNull();
    // Still the same lookup in flight, not a second one.
    expect(m.calls).toHaveLength(1);
    m.calls[0]!.resolve('https://acme.slack.com/');
    await new Promise((r) => setTimeout(r, 0));
    expect(await w.url()).toBe('https://acme.slack.com/');
    expect(m.calls).toHaveLength(1);
  });

  it('keeps only the origin of the URL auth.test gives, and refuses one that is not https', async () => {
    let answer = 'https://acme.slack.com/some/path?x=1';
    const clock = { now: 0 };
    const w = workspace(async () => answer, clock);
    expect(await w.url()).toBe('https://acme.slack.com/');

    answer = 'http://acme.slack.com/';
    const plain = workspace(async () => answer, clock);
    expect(await plain.url()).toBeNull();
  });

  it('after a failure, answers null at once until retryAfterMs, then asks again', async () => {
    const clock = { now: 1_000 };
    let calls = 0;
    let fail = true;
    const w = workspace(async () => {
      calls++;
      if (fail) throw Object.assign(new Error('boom'), { code: 'slack_webapi_request_error' });
      return 'https://acme.slack.com/';
    }, clock);
    expect(await w.url()).toBeNull();
    expect(calls).toBe(1);
    fail = false;
    clock.now += 59_000;
    expect(await w.url()).toBeNull();
    expect(calls).toBe(1);
    clock.now += 1_000;
    expect(await w.url()).toBe('https://acme.slack.com/');
    expect(calls).toBe(2);
  });

  it('looks again after refreshAfterMs, answering the old URL meanwhile and if the refresh fails', async () => {
    const clock = { now: 0 };
    let answer: string | Error = 'https://old-name.slack.com/';
    let calls = 0;
    const w = workspace(async () => {
      calls++;
      if (answer instanceof Error) throw answer;
      return answer;
    }, clock);
    expect(await w.url()).toBe('https://old-name.slack.com/');
    clock.now += 3600_000;
    answer = new Error('slack is down');
    expect(await w.url()).toBe('https://old-name.slack.com/');
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toBe(2);
    // A failed refresh waits retryAfterMs like a failed first lookup.
    expect(await w.url()).toBe('https://old-name.slack.com/');
    expect(calls).toBe(2);
    answer = 'https://new-name.slack.com/';
    clock.now += 3600_000;
    expect(await w.url()).toBe('https://old-name.slack.com/');
    await new Promise((r) => setTimeout(r, 0));
    expect(await w.url()).toBe('https://new-name.slack.com/');
  });
});
