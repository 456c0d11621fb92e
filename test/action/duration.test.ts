import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../action/duration.js';

describe('parseDuration', () => {
  it.each([
    ['30m', 1800],
    ['45s', 45],
    ['1h30m', 5400],
    ['2h', 7200],
    ['90', 90],
    [' 5m ', 300],
  ])('reads %s as %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['3x', '', 'm', '0s', '1.5m', '-5m', '5 m'])('rejects %j with the exact message', (text) => {
    expect(() => parseDuration(text)).toThrow(`Invalid timeout '${text}'. Expected a duration such as 30m or 45s.`);
  });
});

describe('formatDuration', () => {
  it.each([
    [45, '45s'],
    [1800, '30m'],
    [5430, '1h30m30s'],
    [0, '0s'],
  ])('writes %i seconds as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
