import { describe, expect, it } from 'vitest';
import { ModelError } from '../core/errors.js';
import { NormalSampler } from '../core/normal.js';
import { Rng } from '../core/rng.js';
import { Gbm } from './gbm.js';
import { Merton, mertonJumpMean, mertonLogReturnMoments, type MertonParams } from './merton.js';
import { sampleMoments, terminalLogReturns } from './model-stats.js';
import { logFactorial } from './poisson.js';

// A crypto-like asset: 8 jumps a year of about -6% with 12% dispersion on top of 40% diffusion vol.
const P: MertonParams = { s0: 100, mu: 0.1, sigma: 0.4, lambda: 8, muJ: -0.06, sigmaJ: 0.12, name: 'ETH' };

describe('Merton jump diffusion', () => {
  it('with lambda = 0 gives exactly the numbers of Gbm for the same seed', () => {
    const steps = 500, dt = 1 / 365;
    const a = new Float64Array(steps + 1), b = new Float64Array(steps + 1);
    new Merton({ ...P, lambda: 0 }).generate(new NormalSampler(new Rng(99)), a, steps, dt);
    new Gbm({ s0: 100, mu: 0.1, sigma: 0.4 }).generate(new NormalSampler(new Rng(99)), b, steps, dt);
    expect(a).toEqual(b);
  });

  // Exact stepping: the law of ln(S_T/S0) must not depend on the number of steps. One step of a
  // year (jump count mean 8, inversion), daily steps (mean 0.022), and a high-intensity case with
  // many small jumps (mean 96 per weekly step, PTRS).
  it.each([
    ['one yearly step', P, 1],
    ['daily steps', P, 365],
    ['5000 small jumps a year, weekly steps', { ...P, lambda: 5000, muJ: -0.002, sigmaJ: 0.01 }, 52],
  ] as [string, MertonParams, number][])('%s: mean and variance of the log return within 5 standard errors of the closed form', (_label, p, steps) => {
    const T = 1, paths = 40_000;
    const x = terminalLogReturns(new Merton(p), { seed: 2025, paths, steps, dt: T / steps });
    const m = sampleMoments(x);
    const want = mertonLogReturnMoments(p, T);
    // E.g. for P: variance 0.16 + 8 (0.0036 + 0.0144) = 0.304, standard error of the mean
    // sqrt(0.304 / 40000) = 0.0028, of the variance about 0.0027 (fat tails included via m4).
    expect(Math.abs(m.mean - want.mean)).toBeLessThan(5 * m.stderrMean);
    expect(Math.abs(m.variance - want.variance)).toBeLessThan(5 * m.stderrVariance);
  });

  it('E[S_T] = s0 exp(mu T) within 5 standard errors: the jump compensator is in the drift', () => {
    const T = 1, steps = 52, paths = 60_000;
    const x = terminalLogReturns(new Merton(P), { seed: 4, paths, steps, dt: T / steps });
    const st = x.map((r) => P.s0 * Math.exp(r));
    const m = sampleMoments(st);
    const want = P.s0 * Math.exp(P.mu * T);
    // Without the compensator E[S_T] would be off by exp(lambda k T) = exp(8 x -0.0518) = 0.66, ~150 standard errors.
    expect(mertonJumpMean(P.muJ, P.sigmaJ)).toBeCloseTo(Math.exp(-0.06 + 0.0072) - 1, 15);
    expect(Math.abs(m.mean - want)).toBeLessThan(5 * m.stderrMean);
  });

  // With sigma = sigmaJ = 0 every jump moves the log price by exactly muJ, so the jump count of each
  // step can be read back from the path: it must be Poisson(lambda dt), step by step, for both the
  // arrival-time method (lambda dt = 0.5) and PTRS (lambda dt = 20). Chi-square at the 0.1% level.
  it.each([0.5, 20])('jump counts per step are Poisson(lambda dt = %d)', (mean) => {
    const steps = 100_000, dt = 1 / 365;
    const p: MertonParams = { s0: 1, mu: 0, sigma: 0, lambda: mean / dt, muJ: 0.001, sigmaJ: 0 };
    const prices = new Float64Array(steps + 1);
    new Merton(p).generate(new NormalSampler(new Rng(13)), prices, steps, dt);
    const drift = -p.lambda * mertonJumpMean(p.muJ, 0) * dt;
    const counts = new Map<number, number>();
    let lag1 = 0, prev = mean;
    for (let t = 1; t <= steps; t++) {
      const n = Math.round((Math.log(prices[t] / prices[t - 1]) - drift) / p.muJ);
      counts.set(n, (counts.get(n) ?? 0) + 1);
      lag1 += (n - mean) * (prev - mean);
      prev = n;
    }
    // Cells with an expected count >= 20, plus the pooled lower and upper tails.
    const pmf = (k: number) => Math.exp(-mean + k * Math.log(mean) - logFactorial(k));
    let lo = Math.floor(mean), hi = lo;
    while (lo > 0 && steps * pmf(lo - 1) >= 20) lo--;
    while (steps * pmf(hi + 1) >= 20) hi++;
    const cell = (k: number) => (k < lo ? 0 : k > hi ? hi - lo + 2 : k - lo + 1);
    const expected = new Float64Array(hi - lo + 3), observed = new Float64Array(hi - lo + 3);
    for (let k = 0; k <= hi + 200; k++) expected[cell(k)] += steps * pmf(k);
    for (const [k, c] of counts) observed[cell(k)] += c;
    let chi2 = 0, cells = 0;
    for (let i = 0; i < expected.length; i++) {
      if (expected[i] < 5) continue; // an empty lower tail when mean is small
      chi2 += (observed[i] - expected[i]) ** 2 / expected[i];
      cells++;
    }
    const df = cells - 1;
    expect(chi2).toBeLessThan(df * (1 - 2 / (9 * df) + 3.09 * Math.sqrt(2 / (9 * df))) ** 3);
    // Counts in consecutive steps are independent: lag-1 autocorrelation within 5 / sqrt(steps).
    expect(Math.abs(lag1 / (steps * mean))).toBeLessThan(5 / Math.sqrt(steps));
  });

  it('has fat tails: positive excess kurtosis of daily log returns (zero for GBM)', () => {
    const x = terminalLogReturns(new Merton(P), { seed: 8, paths: 100_000, steps: 1, dt: 1 / 365 });
    // Closed form: kappa4 / kappa2^2 with kappa4 = lambda dt (muJ^4 + 6 muJ^2 sigmaJ^2 + 3 sigmaJ^4).
    const dt = 1 / 365;
    const k2 = mertonLogReturnMoments(P, dt).variance;
    const k4 = P.lambda * dt * (P.muJ ** 4 + 6 * P.muJ ** 2 * P.sigmaJ ** 2 + 3 * P.sigmaJ ** 4);
    const want = k4 / (k2 * k2); // about 6.3
    const got = sampleMoments(x).excessKurtosis;
    // The sample kurtosis of such a heavy-tailed mixture converges slowly; 25% is several of its standard errors here.
    expect(got).toBeGreaterThan(0.75 * want);
    expect(got).toBeLessThan(1.25 * want);
  });

  it('rejects meaningless parameters with the field name', () => {
    expect(() => new Merton({ ...P, lambda: -1 })).toThrow(ModelError);
    expect(() => new Merton({ ...P, lambda: -1 })).toThrow(/merton: lambda must be a finite number >= 0, got -1/);
    expect(() => new Merton({ ...P, sigmaJ: NaN })).toThrow(/sigmaJ/);
    expect(() => new Merton({ ...P, s0: 0 })).toThrow(/s0/);
    expect(() => new Merton({ ...P, muJ: 800 })).toThrow(/overflows/);
  });
});
