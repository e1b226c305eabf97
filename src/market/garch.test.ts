import { describe, expect, it } from 'vitest';
import { ModelError } from '../core/errors.js';
import { Garch, garchSquaredShockAcf1, garchUnconditionalVariance, type GarchParams } from './garch.js';
import { autocorrelation, forEachPath, sampleMoments } from './model-stats.js';

// Per-step parameters of a daily model: omega 1e-5, alpha 0.1, beta 0.8 -> unconditional variance
// 1e-4 per step (1% daily vol); fourth and eighth moments finite, so sample variances and
// autocorrelations of squared returns have well-behaved standard errors.
const P: GarchParams = { s0: 100, mu: 0, omega: 1e-5, alpha: 0.1, beta: 0.8, name: 'SOL' };
const DT = 1 / 365;

/**
 * Runs `paths` independent paths and returns one statistic per path, so the spread across paths
 * gives an honest standard error despite the dependence of returns within a path.
 */
function perPath(p: GarchParams, paths: number, steps: number, seed: number, stat: (r: Float64Array) => number, dt = DT): Float64Array {
  const out = new Float64Array(paths);
  const r = new Float64Array(steps);
  forEachPath(new Garch(p), { seed, paths, steps, dt }, (prices, k) => {
    for (let t = 0; t < steps; t++) r[t] = Math.log(prices[t + 1] / prices[t]);
    out[k] = stat(r);
  });
  return out;
}

function meanSquareAbout(center: number) {
  return (r: Float64Array) => {
    let s = 0;
    for (const x of r) s += (x - center) ** 2;
    return s / r.length;
  };
}

function squares(r: Float64Array): Float64Array {
  return r.map((x) => x * x);
}

describe('Garch(1,1)', () => {
  // Starting from h = omega / (1 - alpha - beta), E[eps_t^2] equals it at every step, so no burn-in
  // is needed. The -h/2 drift term adds Var(h)/4 ~ 3e-6 relative to the variance: negligible.
  it('sample variance of returns is the unconditional omega / (1 - alpha - beta) within 5 standard errors', () => {
    const uncond = garchUnconditionalVariance(P, DT);
    expect(uncond).toBeCloseTo(1e-4, 15);
    const v = perPath(P, 400, 1000, 1, meanSquareAbout(-0.5 * uncond));
    const m = sampleMoments(v);
    expect(Math.abs(m.mean - uncond)).toBeLessThan(5 * m.stderrMean);
  });

  it('with longRunVol the annualised variance is longRunVol^2 at daily and hourly steps', () => {
    const p: GarchParams = { s0: 100, mu: 0, longRunVol: 0.8, alpha: 0.08, beta: 0.9 };
    for (const dt of [1 / 365, 1 / (365 * 24)]) {
      const v = perPath(p, 200, 1000, 2, meanSquareAbout(-0.5 * 0.64 * dt), dt);
      const m = sampleMoments(v.map((x) => x / dt));
      expect(Math.abs(m.mean - 0.64)).toBeLessThan(5 * m.stderrMean);
    }
  });

  // Bollerslev's closed form for the lag-1 autocorrelation of eps^2 is 0.14 here. The estimate is
  // the mean of per-path sample autocorrelations (5000 steps each); its own small-sample bias
  // (order 1/steps) is well inside the tolerance.
  it('clusters volatility: lag-1 autocorrelation of squared returns matches the closed form 0.14 within 5 standard errors', () => {
    const want = garchSquaredShockAcf1(P.alpha, P.beta);
    expect(want).toBeCloseTo(0.14, 12);
    const acf = perPath(P, 60, 5000, 3, (r) => autocorrelation(squares(r), 1));
    const m = sampleMoments(acf);
    expect(Math.abs(m.mean - want)).toBeLessThan(5 * m.stderrMean);
    expect(m.mean).toBeGreaterThan(10 * m.stderrMean); // clearly positive
    // Lag 5 decays by (alpha + beta)^4 = 0.656.
    const acf5 = sampleMoments(perPath(P, 60, 5000, 3, (r) => autocorrelation(squares(r), 5)));
    expect(Math.abs(acf5.mean - want * 0.9 ** 4)).toBeLessThan(5 * acf5.stderrMean);
  });

  it('without the ARCH term (alpha = 0) squared returns are uncorrelated', () => {
    const acf = sampleMoments(perPath({ ...P, alpha: 0 }, 60, 5000, 4, (r) => autocorrelation(squares(r), 1)));
    expect(Math.abs(acf.mean)).toBeLessThan(5 * acf.stderrMean);
  });

  it('E[S_T] = s0 exp(mu T) within 5 standard errors with normal innovations', () => {
    const p = { ...P, mu: 0.3, omega: 2e-4 };
    const sT = new Float64Array(40_000);
    forEachPath(new Garch(p), { seed: 5, paths: sT.length, steps: 365, dt: DT }, (prices, k) => { sT[k] = prices[365]; });
    const m = sampleMoments(sT);
    expect(Math.abs(m.mean - 100 * Math.exp(0.3))).toBeLessThan(5 * m.stderrMean);
  });

  // With alpha = beta = 0 the returns are iid sqrt(omega) z, exposing the innovations. Standardised
  // Student-t with nu = 12: E z^2 = 1, E z^4 = 3 (nu - 2)/(nu - 4) = 3.75, E z^8 = 105 (nu-2)^4 / ((nu-4)(nu-6)(nu-8)),
  // so the standard error of the sample mean of z^4 is sqrt((E z^8 - 3.75^2) / n) = 0.074 at n = 1e6 and a
  // normal (E z^4 = 3) would be 10 standard errors off.
  it('Student-t innovations have unit variance and the t kurtosis', () => {
    const nu = 12, n = 1_000_000, omega = 1e-4;
    const z = new Float64Array(n);
    forEachPath(new Garch({ s0: 1, mu: 0, omega, alpha: 0, beta: 0, nu }), { seed: 6, paths: 1, steps: n, dt: DT }, (prices) => {
      for (let t = 0; t < n; t++) z[t] = (Math.log(prices[t + 1] / prices[t]) + 0.5 * omega) / Math.sqrt(omega);
    });
    let m2 = 0, m4 = 0;
    for (const x of z) { m2 += x * x; m4 += x ** 4; }
    m2 /= n; m4 /= n;
    const ez4 = (3 * (nu - 2)) / (nu - 4), ez8 = (105 * (nu - 2) ** 4) / ((nu - 4) * (nu - 6) * (nu - 8));
    expect(Math.abs(m2 - 1)).toBeLessThan(5 * Math.sqrt((ez4 - 1) / n));
    expect(Math.abs(m4 - ez4)).toBeLessThan(5 * Math.sqrt((ez8 - ez4 * ez4) / n));
  });

  it('starts from initialVol when given', () => {
    // One step: the first return has variance initialVol^2 dt whatever alpha and beta are.
    const p: GarchParams = { s0: 1, mu: 0, longRunVol: 0.5, alpha: 0.1, beta: 0.85, initialVol: 2 };
    const r = perPath(p, 50_000, 1, 7, (x) => x[0] + 0.5 * 4 * DT);
    const m = sampleMoments(r);
    expect(Math.abs(m.variance - 4 * DT)).toBeLessThan(5 * m.stderrVariance);
  });

  it('rejects non-stationary or ambiguous parameters with a clear message', () => {
    expect(() => new Garch({ ...P, alpha: 0.2, beta: 0.8 })).toThrow(ModelError);
    expect(() => new Garch({ ...P, alpha: 0.2, beta: 0.8 })).toThrow(/alpha \+ beta must be < 1/);
    expect(() => new Garch({ ...P, longRunVol: 0.5 })).toThrow(/exactly one of longRunVol .* and omega/);
    expect(() => new Garch({ s0: 1, mu: 0, alpha: 0.1, beta: 0.8 })).toThrow(/exactly one/);
    expect(() => new Garch({ ...P, nu: 2 })).toThrow(/nu .* must be > 2/);
    expect(() => new Garch({ ...P, alpha: -0.1 })).toThrow(/alpha must be a finite number >= 0/);
  });
});
