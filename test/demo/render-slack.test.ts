// The demo's terminal rendering of Slack text shows a date token's fallback, as a Slack client
// that cannot format it would, never the raw `<!date^…>` token.
import { describe, expect, it } from 'vitest';
import { reviewMessage } from '../../server/slack/messages.js';
import { reminderText } from '../../server/timers/reminders.js';
import { PUBLIC_URL, sampleFinding, sampleReview } from '../server/slack/review-fixture.js';
import { mrkdwn, plain, renderMessage } from './render-slack.js';

const DEADLINE = Date.parse('2026-11-22T10:10:00.000Z');

describe('the demo’s Slack rendering', () => {
  it('shows the readable UTC fallback of a date token', () => {
    const lines = renderMessage(reviewMessage(sampleReview({ deadlineMs: DEADLINE }), [sampleFinding()], PUBLIC_URL), plain).join('\n');
    expect(lines).toContain('⏳ Waiting for a decision until 2026-11-22 10:10 UTC');
    expect(lines).not.toContain('<!date');
    expect(lines).not.toContain('{time}');
    expect(mrkdwn(reminderText([], DEADLINE), plain)).toContain('it expires 2026-11-22 10:10 UTC, and the job fails then.');
  });
});
