// A reminder names each approver once, whether the policy wrote a mention with a label or not.
import { describe, expect, it } from 'vitest';
import { uniqueMentions } from '../../../server/timers/reminders.js';

describe('uniqueMentions', () => {
  it('keeps the first form of each user or group and drops the same target written again', () => {
    expect(
      uniqueMentions(['<!subteam^S0SECURITY|@security-team>', '<@U0ONCALL>', '<!subteam^S0SECURITY>', '<@U0ONCALL>', '<@U0OTHER>']),
    ).toEqual(['<!subteam^S0SECURITY|@security-team>', '<@U0ONCALL>', '<@U0OTHER>']);
  });

  it('keeps distinct groups and users', () => {
    expect(uniqueMentions(['<!subteam^S1>', '<!subteam^S2|@two>', '<@U1>'])).toEqual(['<!subteam^S1>', '<!subteam^S2|@two>', '<@U1>']);
  });
});
