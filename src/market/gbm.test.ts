import { describe, expect, it } from 'vitest';
import { ModelError } from '../core/errors.js';
import { NormalSampler } from '../core/normal.js';
import { Rng } from '../core/rng.js';
import { Gbm, type GbmParams } from './gbm.js';
import { sampleMoments, terminalLogReturns } from './model-stats.js';

describe('Gbm', () => {
  const params: GbmParams = { s0: 2000, mu: 0.08, sigma: 0.7, name: 'ETH' };

  it('steps by the exact log-normal formula (first steps recomputed from the same normals)', () => {
    const dt = 1 / 365;
    const prices = new Float64Array(4);
    new Gbm(params).generate(new NormalSampler(new Rng(11)), prices, 3, dt);
    const z = new NormalSampler(new Rng(11));
    let s = 2000;
    expect(prices[0]).toBe(2000);
    for (let t = 1; t <= 3; t++) {
      s *= Math.exp((0.08 - 0.5 * 0.49) * dt + 0.7 * Math.sqrt(dt) * z.next());
      expect(prices[t]).toBeCloseTo(s, 9);
    }
  });

  // ln(S_T/S0) ~ N((mu - sigma^2/2) T, sigma^2 T) at any step size: the stepping is exact.
  it.each([1, 30])('log return over T = 2 years in %i steps: mean and variance within 5 standard errors of the closed form', (steps) => {
    const T = 2;
    const x = terminalLogReturns(new Gbm(params), { seed: 7, paths: 40_000, steps, dt: T / steps });
    const m = sampleMoments(x);
    const mean = (0.08 - 0.5 * 0.49) * T, variance = 0.49 * T;
    // Standard errors: sqrt(0.98 / 40000) = 0.0049 for the mean, 0.98 sqrt(2 / 40000) = 0.0069 for the variance.
    expect(Math.abs(m.mean - mean)).toBeLessThan(5 * m.stderrMean);
    expect(Math.abs(m.variance - variance)).toBeLessThan(5 * m.stderrVariance);
  });

  it('E[S_T] = s0 exp(mu T) within 5 standard errors', () => {
    const T = 1;
    const x = terminalLogReturns(new Gbm(params), { seed: 8, paths: 40_000, steps: 12, dt: T / 12 });
    const st = x.map((r) => 2000 * Math.exp(r));
    const m = sampleMoments(st);
    expect(Math.abs(m.mean - 2000 * Math.exp(0.08 * T))).toBeLessThan(5 * m.stderrMean);
  });

  it('recomputes its per-step constants when dt changes, and ignores later edits to the params object', () => {
    const p = { ...params };
    const g = new Gbm(p);
    const a = new Float64Array(3), b = new Float64Array(3);
    g.generate(new NormalSampler(new Rng(1)), a, 2, 1 / 365);
    g.generate(new NormalSampler(new Rng(1)), b, 2, 1 / 52);
    const fresh = new Float64Array(3);
    new Gbm(params).generate(new NormalSampler(new Rng(1)), fresh, 2, 1 / 52);
    expect(b).toEqual(fresh);
    p.sigma = 5;
    p.s0 = 1;
    g.generate(new NormalSampler(new Rng(1)), b, 2, 1 / 52);
    expect(b).toEqual(fresh);
  });

  it('rejects bad parameters and a short buffer', () => {
    expect(() => new Gbm({ ...params, s0: 0 })).toThrow(ModelError);
    expect(() => new Gbm({ ...params, sigma: -0.1 })).toThrow(/sigma must be a finite number >= 0, got -0.1/);
    expect(() => new Gbm({ ...params, mu: NaN })).toThrow(/mu must be a finite number/);
    expect(() => new Gbm(params).generate(new NormalSampler(new Rng(1)), new Float64Array(3), 3, 0.01)).toThrow(/needs .* = 4/);
  });
});
