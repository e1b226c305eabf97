import { describe, expect, it } from 'vitest';
import { NormalSampler } from '../core/normal.js';
import { Rng } from '../core/rng.js';
import { CorrelatedGbm } from './correlated-gbm.js';
import { Garch } from './garch.js';
import { Gbm } from './gbm.js';
import { Heston } from './heston.js';
import { Merton } from './merton.js';
import type { PriceModel } from './price-model.js';
import { autocorrelation, sampleCorrelation, sampleMoments, simulateMarketPath } from './model-stats.js';

describe('model-stats', () => {
  it('computes moments, standard errors, correlation and autocorrelation of small known samples', () => {
    const m = sampleMoments([1, 2, 3, 4]);
    expect(m.mean).toBe(2.5);
    expect(m.variance).toBeCloseTo(5 / 3, 15);
    expect(m.stderrMean).toBeCloseTo(Math.sqrt(5 / 12), 15);
    // m2 = 1.25, m4 = (2 * 5.0625 + 2 * 0.0625) / 4 = 2.5625: sqrt((2.5625 - 1.5625) / 4) = 0.5
    expect(m.stderrVariance).toBeCloseTo(0.5, 15);
    expect(m.excessKurtosis).toBeCloseTo(2.5625 / 1.5625 - 3, 15);
    expect(sampleCorrelation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 15);
    expect(sampleCorrelation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 15);
    // 1, -1, 1, -1: lag-1 numerator -3, denominator 4
    expect(autocorrelation([1, -1, 1, -1], 1)).toBeCloseTo(-0.75, 15);
    expect(() => sampleMoments([1])).toThrow(RangeError);
  });

  it('simulateMarketPath lays a model path on a uniform UTC grid with dt = stepSeconds / year', () => {
    const model = new Gbm({ s0: 100, mu: 0.1, sigma: 0.5, name: 'ETH' });
    const path = simulateMarketPath(model, { seed: 4, steps: 24, stepSeconds: 3600, start: 1_704_067_200 });
    expect(path.names).toEqual(['ETH']);
    expect(path.times[24] - path.times[0]).toBe(86_400);
    const direct = new Float64Array(25);
    model.generate(new NormalSampler(new Rng(4)), direct, 24, 3600 / 31_536_000);
    expect(path.prices).toEqual(direct);
  });
});

describe('optional logReturns output of every model', () => {
  const models: [string, PriceModel][] = [
    ['gbm', new Gbm({ s0: 100, mu: 0.1, sigma: 0.8 })],
    ['merton (arrivals)', new Merton({ s0: 100, mu: 0.1, sigma: 0.5, lambda: 200, muJ: -0.05, sigmaJ: 0.1 })],
    ['merton (PTRS)', new Merton({ s0: 100, mu: 0.1, sigma: 0.5, lambda: 20_000, muJ: -0.001, sigmaJ: 0.01 })],
    ['merton (no jumps)', new Merton({ s0: 100, mu: 0.1, sigma: 0.5, lambda: 0, muJ: -0.05, sigmaJ: 0.1 })],
    ['heston', new Heston({ s0: 100, mu: 0.1, v0: 0.5, kappa: 2, theta: 0.6, xi: 1, rho: -0.5 })],
    ['heston (xi = 0)', new Heston({ s0: 100, mu: 0.1, v0: 0.5, kappa: 2, theta: 0.6, xi: 0, rho: -0.5 })],
    ['garch', new Garch({ s0: 100, mu: 0.1, longRunVol: 0.8, alpha: 0.08, beta: 0.9, nu: 6 })],
    ['correlated-gbm', new CorrelatedGbm({ assets: [{ name: 'A', s0: 1, mu: 0, sigma: 0.5 }, { name: 'B', s0: 2, mu: 0.1, sigma: 0.9 }], correlation: [[1, 0.6], [0.6, 1]] })],
  ];
  it.each(models)('%s: same prices with or without it, and logReturns[t] = ln(S_t / S_{t-1})', (_name, model) => {
    const steps = 500, dt = 1 / 365, n = model.assets;
    expect(model.writesLogReturns).toBe(true);
    const a = new Float64Array((steps + 1) * n), b = new Float64Array((steps + 1) * n), lr = new Float64Array((steps + 1) * n).fill(NaN);
    model.generate(new NormalSampler(new Rng(8)), a, steps, dt);
    model.generate(new NormalSampler(new Rng(8)), b, steps, dt, lr);
    expect(b).toEqual(a);
    let worst = 0;
    for (let i = 0; i < n; i++) expect(lr[i]).toBe(0);
    for (let k = n; k < lr.length; k++) worst = Math.max(worst, Math.abs(lr[k] - Math.log(a[k] / a[k - n])));
    expect(worst).toBeLessThan(1e-12);
  });
});
