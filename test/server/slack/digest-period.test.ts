// The period a digest covers runs back to the previous firing of its schedule, so an uneven
// schedule (weekdays only) neither overlaps nor leaves the weekend out.
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../server/log.js';
import { DigestScheduler, previousDigestAt } from '../../../server/timers/digest.js';
import { openStore } from '../../../server/store/db.js';
import { openReview } from '../../../server/reviews/open.js';
import { reviewPortsOn } from '../../support/review-ports.js';
import { reviewRequest } from '../../support/server-harness.js';

const WEEKDAYS_9 = { cron: '0 9 * * 1-5', timeZone: 'UTC' };
const at = (iso: string) => Date.parse(iso);

function scheduler(startIso: string) {
  const db = openStore(':memory:');
  const clock = { now: at(startIso) };
  const digest = new DigestScheduler({
    db,
    config: { ...WEEKDAYS_9, channel: 'C0DIGEST' },
    publicUrl: 'https://secretgate.example',
    logger: silentLogger,
    kick: () => {},
    now: () => clock.now,
  });
  return { db, clock, digest };
}

describe('the period of a digest on a weekday schedule', () => {
  it('finds the previous firing across the weekend', () => {
    // 2026-06-15 is a Monday; the firing before its 09:00 is Friday 12 June 09:00.
    expect(previousDigestAt(WEEKDAYS_9, at('2026-06-15T09:00:00Z'))).toBe(at('2026-06-12T09:00:00Z'));
    expect(previousDigestAt(WEEKDAYS_9, at('2026-06-12T09:00:00Z'))).toBe(at('2026-06-11T09:00:00Z'));
  });

  it("covers Thursday 09:00 to Friday 09:00 on Friday, and Friday 09:00 to Monday 09:00 on Monday", async () => {
    const { db, clock, digest } = scheduler('2026-06-11T10:00:00Z'); // Thursday, after the firing
    try {
      // A review opened on Saturday belongs to Monday's digest, not to Friday's.
      await openReview(reviewPortsOn(db, () => at('2026-06-13T12:00:00Z')), reviewRequest(), { id: 'rev_saturday', requestedBy: 'test', requestHash: 'rev_saturday', channel: 'C0REVIEWS' });

      clock.now = at('2026-06-12T09:00:01Z');
      const friday = digest.check()!;
      expect(friday).toMatchObject({ fromMs: at('2026-06-11T09:00:00Z'), toMs: at('2026-06-12T09:00:00Z'), opened: 0 });
      expect(digest.nextAt).toBe(at('2026-06-15T09:00:00Z'));

      clock.now = at('2026-06-15T09:00:01Z');
      const monday = digest.check()!;
      expect(monday).toMatchObject({ fromMs: at('2026-06-12T09:00:00Z'), toMs: at('2026-06-15T09:00:00Z'), opened: 1 });
    } finally {
      db.close();
    }
  });
});
