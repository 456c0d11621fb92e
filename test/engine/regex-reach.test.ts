// A long line is cut into windows that overlap by what a rule can read around a match; that
// is only exact if every built-in line-bound rule reads a bounded stretch, which this holds.
import { describe, expect, it } from 'vitest';
import { buildConfig } from '../../action/engine/config.js';
import { WINDOW_AHEAD, WINDOW_BEHIND } from '../../action/engine/line-windows.js';
import { regexReach } from '../../action/engine/regex-reach.js';

describe('regexReach', () => {
  it.each([
    [/abc/, 4, 0],
    [/a{2,5}b?/, 7, 0],
    [/(?:ab|c{1,9})x/, 11, 0],
    [/(\w{3})-\1/, 8, 0],
    [/(?<n>\w{3})-\k<n>/, 8, 0],
    [/x(?=\d{1,4})/, 6, 0],
    [/(?<![\w.-]{1,3})x/, 2, 3],
    [/\bkey\b/, 5, 1],
    [/[\]a-z]{2}\x41\u0041\cJ/, 6, 0],
    [/a{0}b/, 2, 0],
  ])('reads %s: %i ahead, %i behind', (regex, ahead, behind) => {
    expect(regexReach(regex)).toEqual({ ahead, behind });
  });

  it.each([/a+/, /a*b/, /a{2,}/, /x(?=.*)/, /(a|b+)c/])('calls %s unbounded', (regex) => {
    expect(regexReach(regex).ahead).toBe(Infinity);
  });

  it('bounds what every built-in line-bound rule reads, within a window', () => {
    for (const rule of buildConfig().rules) {
      if (rule.multiline) continue;
      const reach = regexReach(rule.regex);
      expect(reach.ahead, rule.id).toBeLessThanOrEqual(WINDOW_AHEAD);
      expect(reach.behind, rule.id).toBeLessThan(WINDOW_BEHIND);
    }
  });
});
