import { describe, expect, it } from 'vitest';
import { squaredLogReturns, uniformGrid, type MarketPath } from './market-path.js';

/** A two-asset path with log returns, and the same prices without them. */
function paths(steps: number): { withReturns: MarketPath; withoutReturns: MarketPath } {
  const prices = new Float64Array((steps + 1) * 2), logReturns = new Float64Array((steps + 1) * 2);
  prices[0] = 100;
  prices[1] = 2;
  for (let t = 1; t <= steps; t++) {
    for (let a = 0; a < 2; a++) {
      const x = Math.sin(3.7 * t + a) * (a ? 0.03 : 0.01);
      logReturns[t * 2 + a] = x;
      prices[t * 2 + a] = prices[(t - 1) * 2 + a] * Math.exp(x);
    }
  }
  const base = { assets: 2, names: ['A', 'B'], steps, times: uniformGrid(steps, 0, 3600), prices };
  return { withReturns: { ...base, logReturns }, withoutReturns: base };
}

describe('squaredLogReturns', () => {
  for (const [from, to] of [[0, 37], [0, 40], [5, 6], [3, 3], [10, 29]] as const) {
    it(`sums the squared log returns of rows ${from + 1}..${to}, per asset, with and without the model's returns`, () => {
      const { withReturns, withoutReturns } = paths(40);
      for (const a of [0, 1]) {
        let want = 0;
        for (let t = from + 1; t <= to; t++) want += withReturns.logReturns![t * 2 + a] ** 2;
        const got = squaredLogReturns(withReturns, a, from, to);
        if (to === from) expect(got).toBe(0);
        else expect(got / want).toBeCloseTo(1, 14);
        if (to > from) expect(squaredLogReturns(withoutReturns, a, from, to) / want).toBeCloseTo(1, 11);
      }
    });
  }
});
