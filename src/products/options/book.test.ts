/**
 * The book's per-path delta table (OptionsBook.usePath) against its per-step loop: a static book in
 * the delta-only mode computes every row's option delta when the path starts, and must give the
 * per-step loop's numbers to the bit, for calls and puts, several expiries (settling mid-path), a
 * carry yield, two underlyings, with the model's log returns and without them (history).
 */
import { describe, expect, it } from 'vitest';
import { NormalSampler } from '../../core/normal.js';
import { Rng } from '../../core/rng.js';
import { SECONDS_PER_YEAR } from '../../core/units.js';
import { CorrelatedGbm } from '../../market/correlated-gbm.js';
import { uniformGrid, type MarketPath } from '../../market/market-path.js';
import { bsDelta } from '../../pricing/black-scholes.js';
import { FlatVolSurface } from '../../pricing/vol-surface.js';
import { OptionsBook, type OptionsBookParams } from './book.js';

const HOUR = 3600, DAY = 86_400;
const START = Date.UTC(2024, 0, 1) / 1000;
const STEPS = 24 * 20;

function twoAssetPath(withLogReturns: boolean): MarketPath {
  const model = new CorrelatedGbm({
    assets: [
      { name: 'ETH', s0: 2000, mu: 0, sigma: 0.7 },
      { name: 'BTC', s0: 40_000, mu: 0.1, sigma: 0.5 },
    ],
    correlation: [
      [1, 0.6],
      [0.6, 1],
    ],
  });
  const prices = new Float64Array((STEPS + 1) * 2);
  const logReturns = new Float64Array((STEPS + 1) * 2);
  model.generate(new NormalSampler(new Rng(7, 3)), prices, STEPS, HOUR / SECONDS_PER_YEAR, logReturns);
  return { assets: 2, names: ['ETH', 'BTC'], steps: STEPS, times: uniformGrid(STEPS, START, HOUR), prices, logReturns: withLogReturns ? logReturns : undefined };
}

const params = (): OptionsBookParams => ({
  assets: 2,
  rate: 0.03,
  initialCash: 0,
  unwindAtExpiry: true,
  underlyings: [
    { name: 'ETH', asset: 0, surface: new FlatVolSurface(0.7), carryYield: 0.04, instrument: 'spot', fundingRate: 0, holdings: 0 },
    { name: 'BTC', asset: 1, surface: new FlatVolSurface(0.5), carryYield: 0, instrument: 'perp', fundingRate: 0.1, holdings: 0 },
  ],
  slots: [
    { underlying: 0, isCall: true, strike: 2100, expiry: START + 7 * DAY, quantity: -3 },
    { underlying: 0, isCall: false, strike: 1900, expiry: START + 14 * DAY + 5 * HOUR + 0.5, quantity: 2 },
    { underlying: 1, isCall: true, strike: 40_000, expiry: START + 30 * DAY, quantity: -1.5 },
    { underlying: 1, isCall: false, strike: 38_000, expiry: START + 10 * DAY, quantity: 0 },
  ],
});

/**
 * Option delta per row and underlying, marking the book row by row; with the path table when
 * `table`. Without it the book is handed a copy of the path's prices, which it did not reset on, so
 * it keeps its per-step loop (with the path's log returns, as the engine would).
 */
function deltas(book: OptionsBook, path: MarketPath, table: boolean): number[][] {
  book.reset(path.prices, 0, path.times[0]);
  book.usePath(table ? path : { ...path, prices: path.prices.slice() }, 0);
  const out: number[][] = [];
  for (let row = 1; row <= path.steps; row++) {
    if (!book.mark(path.prices, row, path.times[row])) break;
    out.push(Array.from(book.optionDelta));
  }
  return out;
}

describe('per-path delta table', () => {
  for (const withLogReturns of [true, false]) {
    it(`gives the per-step loop's deltas to the bit, ${withLogReturns ? 'with the model log returns' : 'from prices (history)'}`, () => {
      const path = twoAssetPath(withLogReturns);
      const book = new OptionsBook(params());
      const perStep = deltas(book, path, false);
      const fromTable = deltas(book, path, true);
      expect(fromTable.length).toBe(perStep.length);
      expect(fromTable).toEqual(perStep);
      // And they are Black-Scholes deltas (to the table CDF's accuracy), with slots expiring mid-path.
      const row = 24 * 8 + 3; // after the first call expired
      const t = path.times[row];
      const S = path.prices[row * 2];
      const want = 2 * bsDelta(false, S, 1900, (START + 14 * DAY + 5 * HOUR + 0.5 - t) / SECONDS_PER_YEAR, 0.03, 0.04, 0.7);
      expect(fromTable[row - 1][0]).toBeCloseTo(want, 10);
      // A second path on the same book reuses the row table.
      const again = deltas(book, path, true);
      expect(again).toEqual(perStep);
    });
  }

  it('checks the row table again when the time grid changes (another grid, a shorter path)', () => {
    const path = twoAssetPath(true);
    const book = new OptionsBook(params());
    expect(deltas(book, path, true)).toEqual(deltas(new OptionsBook(params()), path, false));
    // The same prices every 30 minutes from the same start: row 0 is in the table already, every
    // later row is keyed by a time this path does not have.
    const halfHourly: MarketPath = { ...path, times: uniformGrid(STEPS, START, HOUR / 2) };
    expect(deltas(book, halfHourly, true)).toEqual(deltas(new OptionsBook(params()), halfHourly, false));
    // Half an hour later: row 0 too.
    const shifted: MarketPath = { ...path, times: uniformGrid(STEPS, START + 1800, HOUR) };
    expect(deltas(book, shifted, true)).toEqual(deltas(new OptionsBook(params()), shifted, false));
    // A shorter path on a grid of its own: fewer rows, and no slot reaches its expiry.
    const short: MarketPath = { ...path, steps: 100, times: uniformGrid(100, START, HOUR) };
    expect(deltas(book, short, true)).toEqual(deltas(new OptionsBook(params()), short, false));
    // Back to the first grid after the per-step loop refilled rows for other times.
    deltas(book, shifted, false);
    expect(deltas(book, path, true)).toEqual(deltas(new OptionsBook(params()), path, false));
  });

  it('is not built for a book that needs more than delta, whose general loop agrees', () => {
    const path = twoAssetPath(true);
    const perStep = deltas(new OptionsBook(params()), path, false);
    const withGamma = new OptionsBook(params());
    withGamma.requireGreeks(1);
    const general = deltas(withGamma, path, true);
    expect(general.length).toBe(perStep.length);
    for (let r = 0; r < general.length; r += 37) for (let l = 0; l < 2; l++) expect(general[r][l]).toBeCloseTo(perStep[r][l], 10);
  });
});
