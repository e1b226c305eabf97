import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { daily, every, nextAfter, nextAtOrAfter, parseSchedule, weekly } from './schedule.js';
import { SimulatedClock } from './clock.js';

const utc = (s: string) => Date.parse(s) / 1000;

describe('schedules', () => {
  it('daily at 00:02 UTC fires at 00:02 the same or next day', () => {
    const s = daily('00:02');
    expect(nextAfter(s, utc('2024-03-05T00:01:59Z'))).toBe(utc('2024-03-05T00:02:00Z'));
    expect(nextAfter(s, utc('2024-03-05T00:02:00Z'))).toBe(utc('2024-03-06T00:02:00Z'));
    expect(nextAtOrAfter(s, utc('2024-03-05T00:02:00Z'))).toBe(utc('2024-03-05T00:02:00Z'));
  });

  it('every 4h falls on 00:00, 04:00, ... UTC; "at" shifts the grid', () => {
    expect(nextAfter(every(4 * 3600), utc('2024-01-01T05:00:00Z'))).toBe(utc('2024-01-01T08:00:00Z'));
    const shifted = parseSchedule({ every: '4h', at: '00:30' });
    expect(nextAfter(shifted, utc('2024-01-01T05:00:00Z'))).toBe(utc('2024-01-01T08:30:00Z'));
  });

  it('weekly on Friday at 08:00 UTC (2024-03-08 was a Friday)', () => {
    const s = weekly('fri', '08:00');
    expect(nextAfter(s, utc('2024-03-05T12:00:00Z'))).toBe(utc('2024-03-08T08:00:00Z'));
    expect(nextAfter(s, utc('2024-03-08T08:00:00Z'))).toBe(utc('2024-03-15T08:00:00Z'));
  });

  it('rejects bad schedules naming the field', () => {
    expect(() => daily('24:00', 'policy.daily')).toThrow(ConfigError);
    expect(() => daily('7am', 'policy.daily')).toThrow(/policy\.daily: "7am" is not a UTC time of day/);
    expect(() => weekly('funday', '08:00')).toThrow(/use mon, tue, wed/);
    expect(() => parseSchedule({})).toThrow(/give one of every/);
  });
});

describe('SimulatedClock', () => {
  it('numbers blocks from genesis at the block time and never goes back', () => {
    const c = new SimulatedClock(1000, 12);
    expect(c.block()).toBe(0);
    c.advance(25);
    expect(c.block()).toBe(2);
    expect(c.blockStart(2)).toBe(1024);
    expect(() => c.set(900)).toThrow(/cannot go back/);
  });
});
