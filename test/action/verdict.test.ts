import { describe, expect, it } from 'vitest';
import type { ReviewResponse } from '../../shared/contract.js';
import { judgeReview, judgeUnreviewed } from '../../action/verdict.js';

const review = (over: Partial<ReviewResponse>): ReviewResponse => ({
  id: 'r1',
  status: 'pending',
  repository: 'acme/widgets',
  url: 'https://gate.example.com/reviews/r1',
  createdAt: '2026-01-01T00:00:00Z',
  deadline: '2026-01-01T00:30:00Z',
  findings: 1,
  ...over,
});

describe('judgeReview', () => {
  it('passes an approval and names who approved and why', () => {
    const r = review({ status: 'approved', decision: { by: 'U1', byName: 'ada', reason: 'test key', at: 'x' } });
    expect(judgeReview({ review: r, decision: 'approved' }, 1800)).toEqual({ passed: true, decision: 'approved', message: 'Approved by ada (U1): test key.' });
  });

  it('passes a false positive', () => {
    const r = review({ status: 'false_positive', decision: { by: 'U1', at: 'x' } });
    expect(judgeReview({ review: r, decision: 'false_positive' }, 1800)).toMatchObject({ passed: true, message: 'Marked false positive by U1.' });
  });

  it('says a remembered decision was made before, without a person', () => {
    const r = review({ status: 'approved', remembered: true, decision: { by: 'system', reason: 'remembered: 1 approved, 0 false positive', at: 'x' } });
    expect(judgeReview({ review: r, decision: 'approved' }, 1800).message).toBe('Approved before: remembered: 1 approved, 0 false positive.');
  });

  it('fails a block, naming who blocked and why, and what to do', () => {
    const r = review({ status: 'rejected', decision: { by: 'U2', byName: 'grace', reason: 'live key', at: 'x' } });
    const v = judgeReview({ review: r, decision: 'rejected' }, 1800);
    expect(v.passed).toBe(false);
    expect(v.message).toBe(
      'Blocked by grace (U2): live key. Remove the credential from the commits, rotate it, and push again. Review: https://gate.example.com/reviews/r1',
    );
  });

  it('fails an expiry with the timeout in words', () => {
    const v = judgeReview({ review: review({ status: 'expired' }), decision: 'expired' }, 2700);
    expect(v).toEqual({ passed: false, decision: 'expired', message: 'No decision within 45m; the review expired: https://gate.example.com/reviews/r1' });
  });

  it('fails a cancelled review', () => {
    expect(judgeReview({ review: review({ status: 'cancelled' }), decision: 'cancelled' }, 60).passed).toBe(false);
  });
});

describe('judgeUnreviewed', () => {
  it('fails and counts the findings', () => {
    const secrets = (n: number) => Array.from({ length: n }, () => ({}));
    expect(judgeUnreviewed(secrets(3))).toMatchObject({ passed: false, decision: 'unreviewed' });
    expect(judgeUnreviewed(secrets(3)).message).toMatch(/^Found 3 possible secrets\. Remove them/);
    expect(judgeUnreviewed(secrets(1)).message).toMatch(/^Found 1 possible secret\. Remove it/);
  });

  it('fails on what could not be scanned and on config changes alone, saying what they are', () => {
    const v = judgeUnreviewed([{ kind: 'unscanned' }, { kind: 'config-change' }]);
    expect(v).toMatchObject({ passed: false, decision: 'unreviewed' });
    expect(v.message).toMatch(/^Found 1 file that could not be scanned, 1 change to the scan configuration\. Nothing passes unreviewed/);
  });
});
