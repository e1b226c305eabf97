import { describe, expect, it } from 'vitest';
import { ModelError } from '../core/errors.js';
import { NormalSampler, normalCdf } from '../core/normal.js';
import { Rng } from '../core/rng.js';
import { Gbm } from './gbm.js';
import { Heston, hestonCallPrice, hestonExpectedIntegratedVariance, hestonExpectedVariance, type HestonParams } from './heston.js';
import { sampleMoments } from './model-stats.js';

// Crypto-like: 20% -> 24.5% vol, strong leverage effect, vol of vol 0.8; Feller ratio 2*1.5*0.06/0.64 = 0.28 (violated).
const P: HestonParams = { s0: 100, mu: 0.05, v0: 0.04, kappa: 1.5, theta: 0.06, xi: 0.8, rho: -0.7, name: 'BTC' };

/** Terminal price and variance of `paths` paths. */
function simulate(p: HestonParams, paths: number, steps: number, T: number, seed: number) {
  const model = new Heston(p);
  const normals = new NormalSampler(new Rng(seed));
  const prices = new Float64Array(steps + 1), variances = new Float64Array(steps + 1);
  const sT = new Float64Array(paths), vT = new Float64Array(paths);
  for (let k = 0; k < paths; k++) {
    model.generateWithVariance(normals, prices, variances, steps, T / steps);
    sT[k] = prices[steps];
    vT[k] = variances[steps];
  }
  return { sT, vT };
}

function blackScholesCall(s: number, k: number, T: number, r: number, totalVariance: number): number {
  const sd = Math.sqrt(totalVariance);
  const d1 = (Math.log(s / k) + r * T + 0.5 * totalVariance) / sd;
  return s * normalCdf(d1) - k * Math.exp(-r * T) * normalCdf(d1 - sd);
}

describe('hestonCallPrice (semi-analytic reference)', () => {
  it('matches an independent implementation (Heston 1993 two-probability form, adaptive quadrature) to 1e-7', () => {
    // Reference values computed with SciPy's quad on Heston's original P1/P2 integrals.
    const base = { s0: 100, v0: 0.04, kappa: 1.5, theta: 0.06, xi: 0.8, rho: -0.7 };
    expect(hestonCallPrice(base, 80, 1)).toBeCloseTo(22.315348898, 7);
    expect(hestonCallPrice(base, 100, 1)).toBeCloseTo(7.226839704, 7);
    expect(hestonCallPrice(base, 120, 1)).toBeCloseTo(0.766453637, 7);
    // Andersen (2008) test case I (long maturity, rho = -0.9, Feller badly violated): 13.0847 there.
    expect(hestonCallPrice({ s0: 100, v0: 0.04, kappa: 0.5, theta: 0.04, xi: 1, rho: -0.9 }, 100, 10)).toBeCloseTo(13.08467014, 6);
  });

  it('tends to Black-Scholes with the integrated variance as xi -> 0', () => {
    const p = { s0: 100, v0: 0.04, kappa: 1.5, theta: 0.06, xi: 1e-3, rho: 0 };
    const w = hestonExpectedIntegratedVariance(p, 1);
    for (const k of [70, 100, 130]) expect(Math.abs(hestonCallPrice(p, k, 1, 0.03) - blackScholesCall(100, k, 1, 0.03, w))).toBeLessThan(1e-5);
  });
});

describe('Heston (Andersen QE with martingale correction)', () => {
  it('reports the Feller condition without enforcing it', () => {
    const h = new Heston(P);
    expect(h.feller.satisfied).toBe(false);
    expect(h.feller.ratio).toBeCloseTo(0.28125, 12);
    expect(new Heston({ ...P, xi: 0.3 }).feller.satisfied).toBe(true);
    expect(new Heston({ ...P, xi: 0 }).feller.ratio).toBe(Infinity);
  });

  // QE matches the conditional mean of v exactly, so E[v_T] is exact at any step size, even one
  // step of a year. The sample mean of v_T has standard error sd(v_T)/sqrt(n), about 0.0002 here.
  it.each([1, 4, 52])('E[v_T] = theta + (v0 - theta) e^{-kappa T} within 5 standard errors (%i steps over a year)', (steps) => {
    const { vT } = simulate(P, 60_000, steps, 1, 31);
    const m = sampleMoments(vT);
    expect(Math.abs(m.mean - hestonExpectedVariance(P, 1))).toBeLessThan(5 * m.stderrMean);
    let min = Infinity;
    for (const v of vT) min = Math.min(min, v);
    expect(min).toBeGreaterThanOrEqual(0);
  });

  // QE also matches the conditional variance, which is linear in v(t), so the unconditional
  // Var(v_T) of the CIR process is exact at any step size too.
  it.each([1, 52])('Var(v_T) equals the CIR closed form within 5 standard errors (%i steps over a year)', (steps) => {
    const { vT } = simulate(P, 60_000, steps, 1, 41);
    const e = Math.exp(-P.kappa);
    const want = (P.v0 * P.xi ** 2 * e * (1 - e)) / P.kappa + (P.theta * P.xi ** 2 * (1 - e) ** 2) / (2 * P.kappa);
    const m = sampleMoments(vT);
    expect(Math.abs(m.variance - want)).toBeLessThan(5 * m.stderrVariance);
  });

  // One step from v0 isolates the moment matching of each QE branch; a million samples make a 1% error
  // in the conditional variance about 10 standard errors on the quadratic branch.
  it.each([
    ['quadratic', 0.04, 1 / 52], // psi = 0.29
    ['exponential', 0.002, 1 / 4], // psi = 3.5
  ] as [string, number, number][])('%s branch: one step of v has the CIR conditional mean and variance within 5 standard errors', (branch, v0, dt) => {
    const p = { ...P, v0 };
    const e = Math.exp(-p.kappa * dt);
    const mean = p.theta + (v0 - p.theta) * e;
    const variance = (v0 * p.xi ** 2 * e * (1 - e)) / p.kappa + (p.theta * p.xi ** 2 * (1 - e) ** 2) / (2 * p.kappa);
    const psi = variance / (mean * mean);
    expect(psi <= 1.5 ? 'quadratic' : 'exponential').toBe(branch);
    const { vT } = simulate(p, 1_000_000, 1, dt, 9);
    const m = sampleMoments(vT);
    expect(Math.abs(m.mean - mean)).toBeLessThan(5 * m.stderrMean);
    expect(Math.abs(m.variance - variance)).toBeLessThan(5 * m.stderrVariance);
  });

  it('E[S_T] = s0 exp(mu T) within 5 standard errors even in one step of 5 years (without the martingale correction: ~60 standard errors off)', () => {
    const { sT } = simulate({ ...P, mu: 0 }, 100_000, 1, 5, 3);
    const m = sampleMoments(sT);
    expect(Math.abs(m.mean - P.s0)).toBeLessThan(5 * m.stderrMean);
  });

  it('E[S_T] = s0 exp(mu T) within 5 standard errors (the martingale correction), also at 4 coarse steps', () => {
    for (const steps of [4, 52]) {
      const { sT } = simulate(P, 60_000, steps, 1, 32 + steps);
      const m = sampleMoments(sT);
      expect(Math.abs(m.mean - P.s0 * Math.exp(P.mu))).toBeLessThan(5 * m.stderrMean);
    }
  });

  // The strikes pin the skew: with rho = -0.7 the 80 call is worth far more, the 120 call far less,
  // than in a model with rho >= 0, so a sign error in the correlation or a wrong vol of vol fails
  // by many standard errors. Weekly steps; QE's discretisation bias there is far below the MC error.
  it('prices calls at strikes 80, 100, 120 within 5 standard errors of the semi-analytic formula (weekly steps, mu = r)', () => {
    const p = { ...P, mu: 0.03 };
    const T = 1;
    const { sT } = simulate(p, 100_000, 52, T, 77);
    const disc = Math.exp(-p.mu * T);
    for (const k of [80, 100, 120]) {
      const payoff = sT.map((s) => disc * Math.max(s - k, 0));
      const m = sampleMoments(payoff);
      const want = hestonCallPrice(p, k, T, p.mu);
      expect(Math.abs(m.mean - want)).toBeLessThan(5 * m.stderrMean);
    }
    // Same for rho = +0.5 (the exponential branch and the correction behave differently for rho > 0).
    const q = { ...p, rho: 0.5 };
    const r = simulate(q, 100_000, 52, T, 78);
    for (const k of [80, 120]) {
      const m = sampleMoments(r.sT.map((s) => disc * Math.max(s - k, 0)));
      expect(Math.abs(m.mean - hestonCallPrice(q, k, T, q.mu))).toBeLessThan(5 * m.stderrMean);
    }
  });

  it('E[ln(S_T / s0)] = mu T - E[integrated variance] / 2 within 5 standard errors', () => {
    const { sT } = simulate(P, 60_000, 52, 1, 12);
    const m = sampleMoments(sT.map((s) => Math.log(s / P.s0)));
    expect(Math.abs(m.mean - (P.mu - 0.5 * hestonExpectedIntegratedVariance(P, 1)))).toBeLessThan(5 * m.stderrMean);
  });

  describe('with xi = 0 (deterministic variance)', () => {
    it('equals Gbm with sigma = sqrt(theta) for the same seed when v0 = theta (to 1e-12 relative)', () => {
      const steps = 365, dt = 1 / 365;
      const a = new Float64Array(steps + 1), b = new Float64Array(steps + 1);
      new Heston({ ...P, xi: 0, v0: 0.09, theta: 0.09 }).generate(new NormalSampler(new Rng(5)), a, steps, dt);
      new Gbm({ s0: 100, mu: 0.05, sigma: 0.3 }).generate(new NormalSampler(new Rng(5)), b, steps, dt);
      for (let t = 0; t <= steps; t++) expect(Math.abs(a[t] / b[t] - 1)).toBeLessThan(1e-12);
    });

    it('follows v(t) = theta + (v0 - theta) e^{-kappa t} and has log-return moments of GBM with the integrated variance', () => {
      const p = { ...P, xi: 0, v0: 0.25 };
      const steps = 12, T = 1, paths = 40_000;
      const model = new Heston(p);
      const normals = new NormalSampler(new Rng(6));
      const prices = new Float64Array(steps + 1), variances = new Float64Array(steps + 1);
      const x = new Float64Array(paths);
      for (let k = 0; k < paths; k++) {
        model.generateWithVariance(normals, prices, variances, steps, T / steps);
        x[k] = Math.log(prices[steps] / p.s0);
      }
      for (let t = 0; t <= steps; t++) expect(variances[t]).toBeCloseTo(hestonExpectedVariance(p, (t * T) / steps), 14);
      const w = hestonExpectedIntegratedVariance(p, T);
      const m = sampleMoments(x);
      expect(Math.abs(m.mean - (p.mu * T - 0.5 * w))).toBeLessThan(5 * m.stderrMean);
      expect(Math.abs(m.variance - w)).toBeLessThan(5 * m.stderrVariance);
    });
  });

  it('rejects meaningless parameters with the field name', () => {
    expect(() => new Heston({ ...P, rho: -1.2 })).toThrow(ModelError);
    expect(() => new Heston({ ...P, rho: -1.2 })).toThrow(/heston: rho must be between -1 and 1, got -1.2/);
    expect(() => new Heston({ ...P, kappa: 0 })).toThrow(/kappa must be a finite number > 0/);
    expect(() => new Heston({ ...P, v0: -0.01 })).toThrow(/v0/);
    expect(() => new Heston({ ...P, xi: -1 })).toThrow(/xi/);
  });
});
