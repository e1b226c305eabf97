import { describe, expect, it } from 'vitest';
import { NormalSampler } from '../core/normal.js';
import { Rng } from '../core/rng.js';
import { Gbm } from './gbm.js';
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
