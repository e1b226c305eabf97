import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { bps, formatDuration, parseDuration, SECONDS_PER_YEAR } from './units.js';

describe('units', () => {
  it('a year is 365 days of 86,400 seconds', () => {
    expect(SECONDS_PER_YEAR).toBe(31_536_000);
  });

  it('basis points are hundredths of a percent', () => {
    expect(bps(10)).toBeCloseTo(0.001, 15);
    expect(bps(10_000)).toBe(1);
  });

  it.each([
    ['12s', 12], ['30m', 1800], ['4h', 14_400], ['1d', 86_400], ['2w', 1_209_600], ['1y', 31_536_000], ['1h30m', 5400], ['0.5h', 1800], ['90', 90], [45, 45],
  ])('parses %s as %d seconds', (text, seconds) => {
    expect(parseDuration(text as string)).toBe(seconds);
  });

  it('names the field and the allowed units on a bad duration', () => {
    expect(() => parseDuration('4 hours', 'policy.every')).toThrow(ConfigError);
    expect(() => parseDuration('4 hours', 'policy.every')).toThrow(/policy\.every: "4 hours" is not a duration; use a number with a unit s, m, h, d, w or y/);
    expect(() => parseDuration(-1, 'x')).toThrow(/non-negative/);
  });

  it('formats durations compactly', () => {
    expect(formatDuration(5400)).toBe('1h30m');
    expect(formatDuration(86_400 + 2)).toBe('1d2s');
  });
});
