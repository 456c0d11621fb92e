// The API's request bodies as zod schemas (http/api/schemas.ts): each refusal names the field
// with the wording the hand-written validator used (it was checked against it on ~230 bodies
// before it was removed), and never echoes the value.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { cancelReviewSchema, cleanRunSchema, createReviewSchema } from '../../server/http/api/schemas.js';
import { firstIssue } from '../../server/http/issues.js';
import { reviewRequest } from '../support/server-harness.js';

const GITHUB = 'https://github.com';
const review = createReviewSchema(3600, GITHUB);
const refusal = (schema: z.ZodType, body: unknown): string => {
  const r = schema.safeParse(body);
  return r.success ? 'accepted' : firstIssue(r.error);
};
const body = (patch: Record<string, unknown> = {}) => ({ ...(JSON.parse(JSON.stringify(reviewRequest())) as Record<string, unknown>), ...patch });
const withFinding = (patch: Record<string, unknown>) => {
  const b = body();
  (b['findings'] as Record<string, unknown>[])[0] = { ...(b['findings'] as Record<string, unknown>[])[0], ...patch };
  return b;
};

describe('POST /api/v1/reviews body', () => {
  const cases: [string, unknown, string][] = [
    ['not an object', [], 'body must be a JSON object'],
    ['no idempotencyKey', body({ idempotencyKey: undefined }), 'idempotencyKey is required'],
    ['an empty idempotencyKey', body({ idempotencyKey: '' }), 'idempotencyKey must not be empty'],
    ['a repository that is a number', body({ repository: 5 }), 'repository must be a string'],
    ['a repository not owner/name', body({ repository: 'not a repo' }), 'repository is malformed: expected owner/name'],
    ['a headSha not a SHA', body({ headSha: 'xyz' }), 'headSha is malformed: expected a commit SHA'],
    ['a zero timeout', body({ timeoutSeconds: 0 }), 'timeoutSeconds must be from 1 to 3600'],
    ['a fractional timeout', body({ timeoutSeconds: 1.5 }), 'timeoutSeconds must be a whole number'],
    ['a ref too long', body({ ref: 'r'.repeat(501) }), 'ref is longer than 500 characters'],
    ['commits not an array', body({ commits: 'abc' }), 'commits must be an array of commit SHAs'],
    ['a commit not a SHA', body({ commits: ['abcdef1', 'nope'] }), 'commits[1] is not a commit SHA'],
    ['too many commits', body({ commits: Array.from({ length: 1001 }, () => 'abcdef1') }), 'commits has more than 1000 entries'],
    ['no findings', body({ findings: [] }), 'findings must not be empty: a review needs something to decide'],
    ['findings not an array', body({ findings: {} }), 'findings must be an array'],
    ['a finding not an object', body({ findings: [1] }), 'findings[0] must be an object'],
    ['a severity not known', withFinding({ severity: 'ghp_SHOULDNOTBEECHO' }), 'findings[0].severity must be critical, high, medium or low'],
    ['a line below 0', withFinding({ line: -1 }), 'findings[0].line must be from 0 to 10000000'],
    ['a location fingerprint', withFinding({ fingerprint: 'loc:0123456789abcdef' }), 'findings[0].fingerprint is a location fingerprint'],
    ['a kind not known', withFinding({ kind: 'other' }), 'findings[0].kind must be unscanned or config-change'],
    ['allowedInline not a boolean', withFinding({ allowedInline: 'yes' }), 'findings[0].allowedInline must be true or false'],
    ['a runUrl elsewhere', body({ runUrl: 'https://evil.example/acme/api/actions/runs/1' }), 'runUrl is on https://evil.example, not on https://github.com'],
  ];
  for (const [name, b, message] of cases) {
    it(`refuses ${name}`, () => {
      const got = refusal(review, b);
      expect(got).toContain(message);
      expect(got).not.toContain('SHOULDNOTBEECHO');
    });
  }

  it('reads null as absent, leaves absent fields out, and keeps allowedInline only when true', () => {
    const parsed = review.parse(withFinding({ allowedInline: false, commit: null }));
    expect(parsed).not.toHaveProperty('ref', null);
    expect(parsed.findings[0]).not.toHaveProperty('allowedInline');
    expect(parsed.findings[0]).not.toHaveProperty('commit');
    expect(review.parse(withFinding({ allowedInline: true })).findings[0]!.allowedInline).toBe(true);
  });

  it('stores a runUrl as the URL parser reads it', () => {
    expect(review.parse(body({ runUrl: 'https://github.com/acme/api/actions/runs/1/../2' })).runUrl).toBe('https://github.com/acme/api/actions/runs/2');
  });
});

describe('cancel and clean-run bodies', () => {
  it('refuses a cancel reason it does not know, or of the wrong type', () => {
    expect(refusal(cancelReviewSchema, { reason: 'later' })).toBe("reason must be 'cancelled' or 'timeout'");
    expect(refusal(cancelReviewSchema, { reason: 5 })).toBe('reason must be a string');
    expect(refusal(cancelReviewSchema, [])).toBe('body must be a JSON object such as {"reason":"timeout"}, or empty');
    expect(cancelReviewSchema.parse({})).toEqual({});
  });

  it('refuses a clean run with a short SHA or an empty ref, and lowercases the SHA', () => {
    const clean = cleanRunSchema(GITHUB);
    const ok = { repository: 'acme/api', sha: 'A'.repeat(40) };
    expect(refusal(clean, { ...ok, sha: 'abcdef1' })).toBe('sha is malformed: expected a full commit SHA (40 hex digits)');
    expect(refusal(clean, { ...ok, ref: '' })).toBe('ref must be 1 to 300 characters');
    expect(refusal(clean, { sha: ok.sha })).toBe('repository is required');
    expect(clean.parse(ok)).toEqual({ repository: 'acme/api', sha: 'a'.repeat(40) });
  });
});
