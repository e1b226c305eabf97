import { describe, expect, it } from 'vitest';
import { ModelError } from '../core/errors.js';
import { NormalSampler } from '../core/normal.js';
import { Rng } from '../core/rng.js';
import { choleskyCorrelation, CorrelatedGbm, type CorrelatedGbmParams } from './correlated-gbm.js';
import { Gbm } from './gbm.js';
import { forEachPath, sampleCorrelation, sampleMoments, terminalLogReturns } from './model-stats.js';

const CORR = [
  [1, 0.8, -0.3],
  [0.8, 1, 0.1],
  [-0.3, 0.1, 1],
];
const P: CorrelatedGbmParams = {
  assets: [
    { name: 'ETH', s0: 3000, mu: 0.1, sigma: 0.7 },
    { name: 'BTC', s0: 60_000, mu: 0.05, sigma: 0.5 },
    { name: 'GOLD', s0: 2000, mu: 0.02, sigma: 0.15 },
  ],
  correlation: CORR,
};

describe('choleskyCorrelation', () => {
  it('returns L with L L^T equal to the matrix', () => {
    const L = choleskyCorrelation(CORR, ['a', 'b', 'c']);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        let s = 0;
        for (let k = 0; k < 3; k++) s += L[i * 3 + k] * L[j * 3 + k];
        expect(s).toBeCloseTo(CORR[i][j], 14);
      }
      for (let j = i + 1; j < 3; j++) expect(L[i * 3 + j]).toBe(0);
    }
  });
});

describe('CorrelatedGbm', () => {
  // One-step log returns of 20,000 paths x 50 steps are 1e6 independent draws per asset. The
  // sample correlation's standard error is about (1 - rho^2) / sqrt(N): 0.00036 for 0.8, 0.001 for 0.1.
  it('sample correlations of log returns match the matrix within 5 standard errors', () => {
    const steps = 50, paths = 20_000, n = 3, N = steps * paths;
    const r = [new Float64Array(N), new Float64Array(N), new Float64Array(N)];
    forEachPath(new CorrelatedGbm(P), { seed: 21, paths, steps, dt: 1 / 365 }, (prices, p) => {
      for (let t = 1; t <= steps; t++) {
        for (let i = 0; i < n; i++) r[i][p * steps + t - 1] = Math.log(prices[t * n + i] / prices[(t - 1) * n + i]);
      }
    });
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const rho = CORR[i][j];
        expect(Math.abs(sampleCorrelation(r[i], r[j]) - rho)).toBeLessThan((5 * (1 - rho * rho)) / Math.sqrt(N));
      }
    }
  });

  it('each asset is a GBM with its own s0, mu, sigma: terminal log-return moments within 5 standard errors', () => {
    const T = 1, steps = 12;
    const model = new CorrelatedGbm(P);
    const x = terminalLogReturns(model, { seed: 22, paths: 40_000, steps, dt: T / steps });
    P.assets.forEach((a, i) => {
      const xi = x.filter((_, k) => k % 3 === i);
      const m = sampleMoments(xi);
      expect(Math.abs(m.mean - (a.mu - 0.5 * a.sigma ** 2) * T)).toBeLessThan(5 * m.stderrMean);
      expect(Math.abs(m.variance - a.sigma ** 2 * T)).toBeLessThan(5 * m.stderrVariance);
    });
    const prices = new Float64Array((steps + 1) * 3);
    model.generate(new NormalSampler(new Rng(1)), prices, steps, T / steps);
    expect(Array.from(prices.subarray(0, 3))).toEqual([3000, 60_000, 2000]);
    expect(model.names).toEqual(['ETH', 'BTC', 'GOLD']);
  });

  it('with one asset gives exactly the numbers of Gbm for the same seed', () => {
    const steps = 300, a = new Float64Array(steps + 1), b = new Float64Array(steps + 1);
    new CorrelatedGbm({ assets: [{ name: 'ETH', s0: 3000, mu: 0.1, sigma: 0.7 }], correlation: [[1]] }).generate(new NormalSampler(new Rng(3)), a, steps, 1 / 365);
    new Gbm({ s0: 3000, mu: 0.1, sigma: 0.7 }).generate(new NormalSampler(new Rng(3)), b, steps, 1 / 365);
    expect(a).toEqual(b);
  });

  describe('rejects a bad correlation matrix with a ModelError that says what is wrong', () => {
    const assets = P.assets;
    const bad = (correlation: number[][]) => () => new CorrelatedGbm({ assets, correlation });

    it('not positive definite', () => {
      // Each pair is possible, the three together are not: ETH~BTC 0.9, BTC~GOLD 0.9 forces ETH~GOLD > 0.62.
      const m = [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]];
      expect(bad(m)).toThrow(ModelError);
      expect(bad(m)).toThrow(/not positive definite: the correlations among ETH, BTC, GOLD cannot hold together/);
      expect(bad([[1, 1, 0], [1, 1, 0], [0, 0, 1]])).toThrow(/not positive definite.*ETH, BTC .*exactly \+-1/);
    });

    it('not symmetric, names both entries', () => {
      expect(bad([[1, 0.5, 0], [0.4, 1, 0], [0, 0, 1]])).toThrow(/correlation\[1\]\[0\] \(BTC, ETH\) = 0.4 but correlation\[0\]\[1\] \(ETH, BTC\) = 0.5: the matrix must be symmetric/);
    });

    it('entry out of range or not a number, diagonal not 1', () => {
      expect(bad([[1, 1.2, 0], [1.2, 1, 0], [0, 0, 1]])).toThrow(/correlation\[0\]\[1\] \(ETH, BTC\) = 1.2 must be a number between -1 and 1/);
      expect(bad([[1, NaN, 0], [NaN, 1, 0], [0, 0, 1]])).toThrow(/correlation\[0\]\[1\] .* = NaN/);
      expect(bad([[1, 0, 0], [0, 0.9, 0], [0, 0, 1]])).toThrow(/correlation\[1\]\[1\] \(BTC, BTC\) = 0.9: the diagonal of a correlation matrix must be 1/);
    });

    it('sizes that do not match the assets', () => {
      expect(bad([[1, 0], [0, 1]])).toThrow(/has 2 rows but there are 3 assets \(ETH, BTC, GOLD\); it must be 3 x 3/);
      expect(bad([[1, 0, 0], [0, 1], [0, 0, 1]])).toThrow(/correlation row 1 \(BTC\) has 2 entries, expected 3/);
    });

    it('bad assets', () => {
      expect(() => new CorrelatedGbm({ assets: [], correlation: [] })).toThrow(/non-empty list/);
      expect(() => new CorrelatedGbm({ assets: [assets[0], assets[0]], correlation: [[1, 0], [0, 1]] })).toThrow(/"ETH" appears twice/);
      expect(() => new CorrelatedGbm({ assets: [{ ...assets[0], sigma: -1 }], correlation: [[1]] })).toThrow(/assets\[0\] \(ETH\): sigma must be a finite number >= 0/);
    });
  });
});
