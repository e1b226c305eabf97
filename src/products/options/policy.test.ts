/**
 * The hedging policy's calendar schedule: it advances the next instant by its index on the grid
 * (anchor + k x period, a multiply-add) rather than with `nextAfter`'s division each time it fires,
 * and must fire on exactly the rows a `nextAfter` schedule fires on: steps that do not divide the
 * period, a period shorter than the step (several instants per step), and float times.
 */
import { describe, expect, it } from 'vitest';
import { every, nextAfter, type Schedule } from '../../clock/schedule.js';
import { uniformGrid } from '../../market/market-path.js';
import { FlatVolSurface } from '../../pricing/vol-surface.js';
import { OptionsBook } from './book.js';
import { OptionsHedgePolicy, TIME_SLACK } from './policy.js';

const START = Date.UTC(2024, 0, 1) / 1000;

/** Rows at which the policy signals, on a book it never trades (every evaluation wants a hedge). */
function firings(schedule: Schedule, times: Float64Array): number[] {
  const book = new OptionsBook({
    assets: 1,
    rate: 0,
    initialCash: 0,
    unwindAtExpiry: true,
    underlyings: [{ name: 'X', asset: 0, surface: new FlatVolSurface(0.5), carryYield: 0, instrument: 'spot', fundingRate: 0, holdings: 0 }],
    slots: [{ underlying: 0, isCall: true, strike: 100, expiry: times[times.length - 1] + 1e6, quantity: -1 }],
  });
  const prices = new Float64Array(times.length).fill(100);
  const policy = new OptionsHedgePolicy({ schedule, hedgeAtStart: false }, book);
  book.reset(prices, 0, times[0]);
  policy.reset(book, prices, 0, times[0]);
  const out: number[] = [];
  for (let row = 1; row < times.length; row++) {
    book.mark(prices, row, times[row]);
    if (policy.evaluate(book, prices, row, times[row]) !== 0) out.push(row);
  }
  return out;
}

/** The same rows from `nextAfter` at every firing, as the policy computed them before. */
function expected(schedule: Schedule, times: Float64Array): number[] {
  let next = nextAfter(schedule, times[0]);
  const out: number[] = [];
  for (let row = 1; row < times.length; row++) {
    const now = times[row];
    if (now + TIME_SLACK >= next) {
      out.push(row);
      next = nextAfter(schedule, now + TIME_SLACK);
    }
  }
  return out;
}

describe('hedging schedule', () => {
  const cases: [string, Schedule, Float64Array][] = [
    ['hourly on an hourly grid', every(3600), uniformGrid(2000, START, 3600)],
    ['4h from 00:30 on a 25-minute grid', every(4 * 3600, 1800), uniformGrid(3000, START, 1500)],
    ['every 10 minutes on an hourly grid (six instants a step)', every(600), uniformGrid(500, START, 3600)],
    ['a 52-week-year week on a float grid', every((365.25 * 86_400) / 52), uniformGrid(4000, START + 0.3, 86_400 / 7)],
  ];
  for (const [name, schedule, times] of cases) {
    it(`fires where nextAfter does: ${name}`, () => {
      const got = firings(schedule, times);
      expect(got.length).toBeGreaterThan(10);
      expect(got).toEqual(expected(schedule, times));
    });
  }
});
