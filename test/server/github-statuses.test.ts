// Pure parts of the commit status: what each review state says, which commits get it, and how a
// failed GitHub call is classified (retry, pause, or give up).
import { describe, expect, it } from 'vitest';
import { NotInstalledError } from '../../server/github/app-auth.js';
import { describeGitHubError } from '../../server/github/client.js';
import { MAX_COMMITS_PER_REVIEW, MAX_STATUS_DESCRIPTION, reviewedCommits, reviewStatus } from '../../server/reviews/commit-statuses.js';
import type { Review } from '../../server/store/reviews.js';

const sha = (n: number) => n.toString(16).padStart(40, 'a');

function review(overrides: Partial<Review>): Review {
  return {
    id: 'r1', idempotencyKey: 'k', repository: 'acme/api', ref: null, headSha: sha(1), baseSha: null, commits: [],
    pullRequest: null, runUrl: null, actor: null, requestedBy: 'token:t', status: 'pending', remembered: false,
    findingCount: 2, createdAt: '2026-01-01T00:00:00Z', deadlineMs: 0, decidedBy: null, decidedByName: null,
    decisionReason: null, decidedAt: null, slackChannel: null, slackTs: null, ...overrides,
  };
}

const settings = { publicUrl: 'https://sg.example.test/', channelNames: { C0REVIEWS: 'security-reviews' } };

describe('reviewStatus', () => {
  it.each([
    [{ status: 'pending' }, 'C0REVIEWS', 'pending', '2 findings: waiting for approval in #security-reviews'],
    [{ status: 'pending' }, 'C0OTHER', 'pending', '2 findings: waiting for approval in Slack'],
    [{ status: 'approved', decidedBy: 'U1', decidedByName: 'alice' }, undefined, 'success', '2 findings approved by alice'],
    [{ status: 'approved', remembered: true, decidedBy: 'system' }, undefined, 'success', '2 findings, each approved before'],
    [{ status: 'false_positive', decidedBy: 'U1' }, undefined, 'success', '2 findings marked false positive by U1'],
    [{ status: 'rejected', decidedBy: 'U1', decidedByName: 'bob', findingCount: 1 }, undefined, 'failure', '1 finding blocked by bob'],
    [{ status: 'expired', decidedBy: 'system' }, undefined, 'failure', '2 findings: no decision before the deadline (expired)'],
    [{ status: 'cancelled', decidedBy: 'token:t' }, undefined, 'failure', '2 findings: review cancelled with its job'],
    [{ status: 'rejected', decidedBy: 'token:3a39d26500dd' }, undefined, 'failure', '2 findings blocked by the job (token 3a39d26500dd)'],
    [{ status: 'false_positive', decidedBy: 'oidc:acme/api' }, undefined, 'success', '2 findings marked false positive by the job (OIDC, acme/api)'],
  ] as const)('%j in %s → %s', (o, channel, state, description) => {
    expect(reviewStatus(review(o as Partial<Review>), settings, channel)).toEqual({ state, description });
  });

  it('keeps a description within GitHub’s 140 characters, however long the decider', () => {
    for (const o of [{ decidedBy: `oidc:acme/${'r'.repeat(300)}` }, { decidedBy: 'U1', decidedByName: 'n'.repeat(300) }]) {
      const { description } = reviewStatus(review({ status: 'false_positive', findingCount: 1234, ...o }), settings);
      expect(description).toHaveLength(MAX_STATUS_DESCRIPTION);
      expect(description).toMatch(/^1234 findings marked false positive by .*…$/);
    }
    const pending = reviewStatus(review({ status: 'pending' }), { ...settings, channelNames: { C0LONG: 'c'.repeat(300) } }, 'C0LONG');
    expect(pending.description.length).toBeLessThanOrEqual(MAX_STATUS_DESCRIPTION);
  });
});

describe('reviewedCommits', () => {
  it('puts the head first, drops duplicates and abbreviated SHAs, and caps the count', () => {
    const many = Array.from({ length: 40 }, (_, i) => sha(i + 2));
    const got = reviewedCommits({ headSha: sha(1).toUpperCase(), commits: [sha(1), 'abc1234', ...many] });
    expect(got[0]).toBe(sha(1));
    expect(got).toHaveLength(MAX_COMMITS_PER_REVIEW);
    expect(got).not.toContain('abc1234');
    expect(new Set(got).size).toBe(got.length);
  });
});

describe('describeGitHubError', () => {
  const http = (status: number, headers: Record<string, string> = {}) => ({ status, message: 'x', response: { headers, data: { message: 'msg' } } });
  it.each([
    [new NotInstalledError('acme/api'), 'permanent'],
    [http(404), 'permanent'],
    [http(422), 'permanent'],
    [http(500), 'transient'],
    [http(502), 'transient'],
    [http(401), 'transient'],
    [http(403), 'transient'],
    [new TypeError('fetch failed'), 'transient'],
    [http(429, { 'retry-after': '7' }), 'rate_limited'],
    [http(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1030' }), 'rate_limited'],
  ])('%s → %s', (err, kind) => {
    expect(describeGitHubError(err, 1_000_000).kind).toBe(kind);
  });

  it('reads Retry-After, else the reset time, for how long to pause', () => {
    expect(describeGitHubError(http(429, { 'retry-after': '7' }), 0)).toMatchObject({ retryAfterSeconds: 7 });
    expect(describeGitHubError(http(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1030' }), 1_000_000)).toMatchObject({ retryAfterSeconds: 30 });
  });

  it('marks a missing installation as such', () => {
    expect(describeGitHubError(new NotInstalledError('acme/api'))).toMatchObject({ kind: 'permanent', notInstalled: true });
    expect(describeGitHubError(http(404))).toMatchObject({ kind: 'permanent', notInstalled: false });
  });
});
