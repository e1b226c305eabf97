/**
 * The conformance suite every source of market paths passes: price models (Monte Carlo), CSV
 * history and built-in data sets today, live feeds later. One set of assertions, run against
 * each implementation by feed-conformance.test.ts (hono's pattern of one suite for every router).
 *
 * A conforming source gives rows with strictly increasing times, finite positive prices in the
 * declared layout, and (for models) the same path for the same random stream, a row 0 that does
 * not depend on the stream, and log returns, when written, equal to ln(S_t / S_{t-1}).
 */
import { expect } from 'vitest';
import { NormalSampler } from '../core/normal.js';
import { Rng } from '../core/rng.js';
import type { MarketPath } from './market-path.js';
import type { PriceModel } from './price-model.js';

/** Checks one path's shape and values. */
export function expectConformingPath(path: MarketPath): void {
  const { assets, steps, times, prices } = path;
  expect(assets).toBeGreaterThanOrEqual(1);
  expect(path.names).toHaveLength(assets);
  expect(new Set(path.names).size).toBe(assets);
  expect(steps).toBeGreaterThanOrEqual(1);
  expect(times.length).toBe(steps + 1);
  expect(prices.length).toBeGreaterThanOrEqual((steps + 1) * assets);
  for (let t = 1; t <= steps; t++) expect(times[t] > times[t - 1], `times increase at row ${t}`).toBe(true);
  for (let i = 0; i < (steps + 1) * assets; i++) {
    const p = prices[i];
    if (!(p > 0 && Number.isFinite(p))) expect.fail(`price at row ${Math.floor(i / assets)}, asset ${i % assets} is ${p}; prices must be finite and positive`);
  }
  if (path.funding) {
    expect(path.funding.length).toBeGreaterThanOrEqual((steps + 1) * assets);
    for (let i = 0; i < (steps + 1) * assets; i++) if (!Number.isFinite(path.funding[i])) expect.fail(`funding at index ${i} is not finite`);
  }
  if (path.logReturns) {
    for (let t = 1; t <= steps; t++) {
      for (let a = 0; a < assets; a++) {
        const want = Math.log(prices[t * assets + a] / prices[(t - 1) * assets + a]);
        expect(Math.abs(path.logReturns[t * assets + a] - want)).toBeLessThan(1e-9 * Math.max(1, Math.abs(want)));
      }
    }
  }
}

/** Checks a price model: conforming paths, reproducible per stream, streams differ, row 0 fixed. */
export function expectConformingModel(model: PriceModel, steps = 200, dt = 1 / 8760): void {
  const n = (steps + 1) * model.assets;
  const generate = (stream: number, withLogReturns: boolean) => {
    const prices = new Float64Array(n);
    const logReturns = withLogReturns ? new Float64Array(n) : undefined;
    model.generate(new NormalSampler(new Rng(11, stream)), prices, steps, dt, logReturns);
    return { prices, logReturns };
  };
  const times = Float64Array.from({ length: steps + 1 }, (_, t) => t * dt * 365 * 86_400);
  const a = generate(0, !!model.writesLogReturns);
  expectConformingPath({ assets: model.assets, names: model.names, steps, times, prices: a.prices, logReturns: a.logReturns });
  const again = generate(0, false);
  expect(Array.from(again.prices), 'the same stream gives the same path, with or without log returns').toEqual(Array.from(a.prices));
  const other = generate(1, false);
  expect(Array.from(other.prices.subarray(0, model.assets)), 'row 0 is the initial prices whatever the stream').toEqual(Array.from(a.prices.subarray(0, model.assets)));
  expect(Array.from(other.prices.subarray(model.assets)), 'another stream gives another path').not.toEqual(Array.from(a.prices.subarray(model.assets)));
}
