import { describe, expect, it } from 'vitest';
import { ModelError } from '../core/errors.js';
import { NormalSampler } from '../core/normal.js';
import { Rng } from '../core/rng.js';
import { bsDelta, bsGamma, bsPrice, bsTheta, bsVega } from './black-scholes.js';
import { gammaPnlStep, hedgeErrorVariancePerStep, kamalDermanHedgeErrorStd, thetaFromGamma } from './hedging-pnl.js';

describe('gamma P&L of a delta-hedged long option', () => {
  // 3-month at-the-money option, spot 100, implied vol 20%, no rates: gamma 0.03984.
  const gamma = bsGamma(100, 100, 0.25, 0, 0, 0.2);
  const day = 1 / 365;

  it('one day costs about 0.0218 of theta, and theta is exactly -0.5 Gamma S^2 sigma^2 when r = q = 0', () => {
    expect(Math.abs(gamma - 0.03984)).toBeLessThan(1e-5);
    expect(Math.abs(thetaFromGamma(gamma, 100, 0.2) * day - -0.0218)).toBeLessThan(5e-5);
    const theta = bsTheta(true, 100, 100, 0.25, 0, 0, 0.2);
    expect(Math.abs(thetaFromGamma(gamma, 100, 0.2) / theta - 1)).toBeLessThan(1e-13);
  });

  it('a 1% day loses about 0.0019 (below the 1.05% break-even move); a 2% day makes about 0.0579', () => {
    expect(Math.abs(gammaPnlStep(gamma, 100, 0.01, 0.2, day) - -0.0019)).toBeLessThan(5e-5);
    expect(Math.abs(gammaPnlStep(gamma, 100, 0.02, 0.2, day) - 0.0579)).toBeLessThan(5e-5);
    // Break-even: the move equal to one day's standard deviation, sigma sqrt(dt).
    expect(Math.abs(gammaPnlStep(gamma, 100, 0.2 * Math.sqrt(day), 0.2, day))).toBeLessThan(1e-15);
  });

  it('approximates the full repricing of a hedged option over a small step', () => {
    const S0 = 100, dt = 1 / 365 / 24, sigma = 0.2;
    for (const ret of [-0.004, -0.001, 0.002, 0.005]) {
      const S1 = S0 * (1 + ret);
      const exact = bsPrice(true, S1, 100, 0.25 - dt, 0, 0, sigma) - bsPrice(true, S0, 100, 0.25, 0, 0, sigma) -
        bsDelta(true, S0, 100, 0.25, 0, 0, sigma) * (S1 - S0);
      const approx = gammaPnlStep(bsGamma(S0, 100, 0.25, 0, 0, sigma), S0, ret, sigma, dt);
      expect(Math.abs(exact - approx)).toBeLessThan(0.02 * Math.abs(approx) + 2e-5);
    }
  });

  it('per-step hedge-error variance is 0.5 (Gamma S^2 sigma^2 dt)^2', () => {
    const g = gamma * 100 * 100 * 0.04 * day;
    expect(hedgeErrorVariancePerStep(gamma, 100, 0.2, day)).toBeCloseTo(0.5 * g * g, 18);
  });
});

describe('Kamal-Derman rule for the hedging error of an at-the-money option', () => {
  // S = K = 100, one year, 20% vol, r = 0: vega 39.695, price 7.9656, rule 7.036 / sqrt(N).
  const S0 = 100, K = 100, T = 1, SIGMA = 0.2;
  const vega = bsVega(S0, K, T, 0, 0, SIGMA);

  it('closed form: vega 39.695, price 7.9656, rule 2.031 / 0.976 / 0.443 / 0.222 at N = 12 / 52 / 252 / 1008', () => {
    expect(Math.abs(vega - 39.695)).toBeLessThan(5e-4);
    expect(Math.abs(bsPrice(true, S0, K, T, 0, 0, SIGMA) - 7.9656)).toBeLessThan(5e-5);
    expect(Math.abs(kamalDermanHedgeErrorStd(SIGMA, vega, 1) - 7.036)).toBeLessThan(5e-4);
    const want: [number, number][] = [[12, 2.031], [52, 0.976], [252, 0.443], [1008, 0.222]];
    for (const [n, rule] of want) expect(Math.abs(kamalDermanHedgeErrorStd(SIGMA, vega, n) - rule)).toBeLessThan(5e-4);
    expect(() => kamalDermanHedgeErrorStd(SIGMA, vega, 0)).toThrow(ModelError);
  });

  /** Std and mean of the P&L of a call sold at its BS price and delta-hedged N times (zero drift, r = 0). */
  function hedgedPnl(n: number, paths: number, seed: number): { mean: number; std: number } {
    const dt = T / n, vol = SIGMA * Math.sqrt(dt), drift = -0.5 * SIGMA * SIGMA * dt;
    const premium = bsPrice(true, S0, K, T, 0, 0, SIGMA);
    const z = new NormalSampler(new Rng(seed));
    let sum = 0, sumSq = 0;
    for (let p = 0; p < paths; p++) {
      let S = S0, pnl = premium;
      for (let i = 0; i < n; i++) {
        const delta = bsDelta(true, S, K, T - i * dt, 0, 0, SIGMA);
        const next = S * Math.exp(drift + vol * z.next());
        pnl += delta * (next - S);
        S = next;
      }
      pnl -= S > K ? S - K : 0;
      sum += pnl;
      sumSq += pnl * pnl;
    }
    const mean = sum / paths;
    return { mean, std: Math.sqrt((sumSq - paths * mean * mean) / (paths - 1)) };
  }

  // 20,000 paths: the std estimate's standard error is about 1% of it. The rule overstates coarse
  // hedging slightly (MC/rule ~0.95 at N = 12), hence the asymmetric band.
  it.each([[12, 1], [52, 2], [252, 3]])('N = %d: Monte Carlo std / rule in [0.93, 1.02], mean P&L ~ 0', (n, seed) => {
    const { mean, std } = hedgedPnl(n, 20_000, seed);
    const ratio = std / kamalDermanHedgeErrorStd(SIGMA, vega, n);
    expect(ratio).toBeGreaterThanOrEqual(0.93);
    expect(ratio).toBeLessThanOrEqual(1.02);
    expect(Math.abs(mean)).toBeLessThan((4 * std) / Math.sqrt(20_000));
  });
});
