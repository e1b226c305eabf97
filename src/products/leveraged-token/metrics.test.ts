/**
 * The leveraged-token path metrics against the same quantities recomputed directly from the
 * backtest's per-step trace: tracking error, time outside the band and maximum leverage from the
 * leverage marked before each step's trades, the daily-reset NAV by brute force over the rows
 * (reset at the first row of each UTC day and marked at the last), and realised volatility with or
 * without the model's log returns. Grids: hourly from 07:00, 4-hourly from 02:00 (the step divides
 * a day but no row falls on midnight), 7-hourly (the step does not divide a day) and irregular.
 */
import { describe, expect, it } from 'vitest';
import { daily } from '../../clock/schedule.js';
import { NormalSampler } from '../../core/normal.js';
import { Rng } from '../../core/rng.js';
import { runBacktest } from '../../engine/backtest.js';
import { CostModelVenue } from '../../execution/cost-model-venue.js';
import type { MarketPath } from '../../market/market-path.js';
import { createLeveragedTokenSimulation } from './simulation.js';

const DAY = 86_400, HOUR = 3_600, YEAR = 365 * DAY;
const START = Date.UTC(2024, 0, 1) / 1000;

/** A GBM path on the given times (sigma per year), with or without the log returns a model writes. */
function gbmPath(times: number[], sigma: number, seed: number, withLogReturns: boolean): MarketPath {
  const normals = new NormalSampler(new Rng(seed));
  const prices = new Float64Array(times.length), lr = new Float64Array(times.length);
  prices[0] = 100;
  for (let t = 1; t < times.length; t++) {
    const dt = (times[t] - times[t - 1]) / YEAR;
    lr[t] = -0.5 * sigma * sigma * dt + sigma * Math.sqrt(dt) * normals.next();
    prices[t] = prices[t - 1] * Math.exp(lr[t]);
  }
  return { assets: 1, names: ['asset'], steps: times.length - 1, times: Float64Array.from(times), prices, logReturns: withLogReturns ? lr : undefined };
}

const grid = (start: number, step: number, steps: number) => Array.from({ length: steps + 1 }, (_, t) => start + t * step);

function run(path: MarketPath, target = 3) {
  const sim = createLeveragedTokenSimulation({
    name: 't',
    product: { target, initialNav: 1 },
    policy: { band: { min: Math.abs(target) - 0.5, max: Math.abs(target) + 0.5, recenteringSpeed: 1 }, schedule: daily('00:00') },
    venue: new CostModelVenue({ fee: 0.001 }),
  });
  return runBacktest(sim, sim.trace, path);
}

/** What the metrics should say, recomputed from the trace and the prices. */
function expected(path: MarketPath, r: ReturnType<typeof run>, target: number) {
  const marked = r.trace.column('markedLeverage');
  const beta = target, sign = Math.sign(target);
  const last = r.lastRow;
  // Steps at which the token was alive when marked: the trace leaves NaN where it did not sample.
  let sq = 0, n = 0, outside = 0, max = Math.abs(marked[0]);
  for (let t = 1; t <= last; t++) {
    const L = marked[t];
    if (!(r.metrics.finalNav > 0) && t === last) break; // the row the token ended on is not a step it carried
    sq += (L - beta) ** 2;
    n++;
    if (L * sign < Math.abs(beta) - 0.5 || L * sign > Math.abs(beta) + 0.5) outside++;
    max = Math.max(max, Math.abs(L));
  }
  // Daily reset: brute force over the rows, in the order of the definition.
  const { times, prices } = path;
  let nav = 1, ref = prices[0], day = Math.floor(times[0] / DAY);
  for (let t = 1; t <= last; t++) {
    const d = Math.floor(times[t] / DAY);
    if (d === day && t < last) continue;
    nav = Math.max(0, nav * (1 + beta * (prices[t] / ref - 1)));
    ref = prices[t];
    day = d;
  }
  let qv = 0;
  for (let t = 1; t <= last; t++) qv += Math.log(prices[t] / prices[t - 1]) ** 2;
  return { trackingError: Math.sqrt(sq / n), timeOutsideBand: outside / n, maxLeverage: max, dailyResetNav: nav, realizedVol: Math.sqrt(qv / ((times[last] - times[0]) / YEAR)) };
}

describe('leveraged-token metrics against the trace', () => {
  const irregular = (() => {
    const rng = new Rng(7);
    const t = [START + 5 * HOUR];
    for (let k = 0; k < 400; k++) t.push(t[k] + [15 * 60, HOUR, 3 * HOUR, 26 * HOUR][rng.nextInt32() & 3]);
    return t;
  })();
  it.each([
    ['hourly from 07:00', grid(START + 7 * HOUR, HOUR, 24 * 30 + 5)],
    ['4-hourly from 02:00', grid(START + 2 * HOUR, 4 * HOUR, 6 * 40 + 1)],
    ['7-hourly', grid(START, 7 * HOUR, 200)],
    ['irregular', irregular],
  ])('%s: tracking error, band, max leverage, daily reset and realised vol', (_name, times) => {
    for (const target of [3, -2]) {
      for (const withLr of [true, false]) {
        const path = gbmPath(times, 0.9, 3, withLr);
        const r = run(path, target);
        const want = expected(path, r, target);
        expect(r.metrics.finalNav).toBeGreaterThan(0);
        for (const [k, v] of Object.entries(want)) expect(r.metrics[k], k).toBeCloseTo(v, 12);
      }
    }
  });

  it('a wiped-out path counts only the steps the token was alive for, and its daily reset is floored at 0', () => {
    const times = grid(START + 7 * HOUR, HOUR, 60);
    const path = gbmPath(times, 0.5, 1, true);
    // A 40% fall at hour 30 wipes a 3x token out.
    for (let t = 30; t <= 60; t++) path.prices[t] = path.prices[29] * 0.6 * (1 + 0.001 * (t - 30));
    (path as { logReturns?: Float64Array }).logReturns = undefined;
    const r = run(path, 3);
    expect(r.metrics.wipedOut).toBe(1);
    expect(r.lastRow).toBe(30);
    const want = expected(path, r, 3);
    for (const k of ['trackingError', 'timeOutsideBand', 'maxLeverage', 'dailyResetNav'] as const) expect(r.metrics[k], k).toBeCloseTo(want[k], 12);
    expect(r.metrics.dailyResetNav).toBe(0);
  });

  it('the trace marks the daily-reset NAV to market between resets, ending where the metric does', () => {
    const path = gbmPath(grid(START + 7 * HOUR, HOUR, 24 * 5 + 3), 0.9, 5, true);
    const r = run(path, 3);
    const col = r.trace.column('dailyResetNav');
    expect(col[r.lastRow]).toBeCloseTo(r.metrics.dailyResetNav, 12);
    // Between two resets it moves with the price: 3x the return since the last reset.
    const t = 24 + 10; // 17:00 on the second day, 17 hours after its midnight reset at row 17
    expect(col[t] / col[17]).toBeCloseTo(1 + 3 * (path.prices[t] / path.prices[17] - 1), 12);
  });
});
