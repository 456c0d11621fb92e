// A stored review and its findings as the Slack message builders receive them, for unit tests
// of those builders (no server, no database).
import type { FindingPayload } from '../../../shared/contract.js';
import type { Review } from '../../../server/store/reviews.js';

export const PUBLIC_URL = 'https://secretgate.example.test/';
export const HEAD_SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
export const OTHER_SHA = 'ffeeddccbbaa99887766554433221100ffeeddcc';

export function sampleReview(overrides: Partial<Review> = {}): Review {
  return {
    id: '0d9f3c1e-5b7a-4c2d-9e8f-1a2b3c4d5e6f',
    idempotencyKey: 'run-1',
    repository: 'acme/api',
    ref: 'refs/heads/main',
    headSha: HEAD_SHA,
    baseSha: null,
    commits: [HEAD_SHA],
    pullRequest: null,
    runUrl: 'https://github.com/acme/api/actions/runs/1',
    actor: 'octocat',
    requestedBy: 'token:1',
    status: 'pending',
    remembered: false,
    findingCount: 1,
    createdAt: '2026-11-22T10:00:00.000Z',
    deadlineMs: Date.parse('2026-11-22T10:10:00.000Z'),
    decidedBy: null,
    decidedByName: null,
    decisionReason: null,
    decidedAt: null,
    slackChannel: 'C0REVIEWS',
    slackTs: '1700000000.000001',
    ...overrides,
  };
}

export function sampleFinding(overrides: Partial<FindingPayload> = {}): FindingPayload {
  return {
    ruleId: 'github-pat',
    description: 'GitHub personal access token',
    severity: 'high',
    file: 'config/settings.yml',
    line: 12,
    commit: HEAD_SHA,
    author: 'Octo Cat',
    redacted: 'ghp_Ab…(40)',
    fingerprint: `sha256:${'0'.repeat(64)}`,
    ...overrides,
  };
}
