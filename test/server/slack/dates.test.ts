// Times in Slack text are Slack date tokens, so each reader sees their own time zone; a client
// that cannot format one shows a readable UTC fallback, never an ISO string such as
// 2026-11-22T10:10:00.000Z.
import { describe, expect, it } from 'vitest';
import { digestMessage } from '../../../server/timers/digest.js';
import { reviewMessage } from '../../../server/slack/messages.js';
import { slackDate } from '../../../server/slack/mrkdwn.js';
import { reminderText } from '../../../server/timers/reminders.js';
import { PUBLIC_URL, sampleFinding, sampleReview } from './review-fixture.js';

const DEADLINE = Date.parse('2026-11-22T10:10:00.000Z');
const token = (iso: string, fallback: string) => `<!date^${Date.parse(iso) / 1000}^{date_short_pretty} at {time}|${fallback}>`;
const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d/;

describe('times in Slack messages', () => {
  it('are a date token with the reader’s date and time, and a UTC fallback to the minute', () => {
    expect(slackDate(DEADLINE + 999)).toBe('<!date^1795342200^{date_short_pretty} at {time}|2026-11-22 10:10 UTC>');
  });

  it('show the deadline of a pending review that way', () => {
    const m = reviewMessage(sampleReview({ deadlineMs: DEADLINE }), [sampleFinding()], PUBLIC_URL);
    const text = JSON.stringify(m);
    expect(text).toContain(`Waiting for a decision until ${token('2026-11-22T10:10:00Z', '2026-11-22 10:10 UTC')}`);
    expect(text).not.toMatch(ISO_TIME);
  });

  it('show the deadline in the half-time reminder that way', () => {
    const text = reminderText(['<@U0ONCALL>'], DEADLINE);
    expect(text).toContain(`it expires ${token('2026-11-22T10:10:00Z', '2026-11-22 10:10 UTC')}, and the job fails then.`);
    expect(text).not.toMatch(ISO_TIME);
  });

  it('show the digest’s period and its oldest pending review that way', () => {
    const m = digestMessage(
      {
        fromMs: Date.parse('2026-11-21T08:00:00Z'),
        toMs: Date.parse('2026-11-22T08:00:00Z'),
        opened: 1,
        remembered: 0,
        approved: 0,
        falsePositive: 0,
        blocked: 0,
        expired: 0,
        cancelled: 0,
        stillPending: 1,
        oldestPending: { id: 'r1', repository: 'acme/api', createdAt: '2026-11-21T16:02:00.000Z', deadlineMs: 0 },
        falsePositiveRules: [],
      },
      PUBLIC_URL,
    );
    const text = JSON.stringify(m);
    expect(text).toContain(`${token('2026-11-21T08:00:00Z', '2026-11-21 08:00 UTC')} – ${token('2026-11-22T08:00:00Z', '2026-11-22 08:00 UTC')}`);
    expect(text).toContain(`opened ${token('2026-11-21T16:02:00Z', '2026-11-21 16:02 UTC')}.`);
    expect(text).not.toMatch(ISO_TIME);
  });
});
