import { describe, expect, it } from 'vitest';
import { ModelError } from '../../core/errors.js';
import { bsDelta, bsGamma } from '../../pricing/black-scholes.js';
import { createHedgeBand } from './band.js';
import { zakamoulineBand, zakamoulineH0, zakamoulineH1, zakamoulineK, zakamoulineModifiedVol } from './zakamouline.js';

const near = (got: number, want: number, tol: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(tol);

describe('Zakamouline band', () => {
  // At-the-money, 3 months, 20% vol, no rate, proportional cost 0.1%, risk aversion 1.
  const S = 100, K = 100, tau = 0.25, sigma = 0.2, cost = 0.001, ra = 1;
  const gamma = bsGamma(S, K, tau, 0, 0, sigma);

  it('pieces: Gamma 0.03984, H0 0.00100, H1 0.03665, K -0.08212', () => {
    near(gamma, 0.03984, 5e-6);
    near(zakamoulineH0(S, sigma, tau, cost, ra), 0.001, 5e-6);
    near(zakamoulineH1(gamma, sigma, tau, 0, cost, ra), 0.03665, 5e-6);
    near(zakamoulineK(S, gamma, sigma, tau, 0, cost, ra), -0.08212, 5e-6);
  });

  it('short option: sigma_m 0.20805, centre delta 0.5207, band 0.5207 +- 0.0377', () => {
    const k = zakamoulineK(S, gamma, sigma, tau, 0, cost, ra);
    near(zakamoulineModifiedVol(sigma, k, false), 0.20805, 5e-6);
    const band = zakamoulineBand(true, false, S, K, tau, 0, 0, sigma, cost, ra, createHedgeBand());
    near(band.center, 0.5207, 5e-5);
    // 0.0377 is the sum of the rounded pieces (0.00100 + 0.03665); unrounded it is 0.037647.
    near(band.halfWidth, 0.0377, 1e-4);
    near(band.halfWidth, 0.037647, 5e-7);
    expect(band.halfWidth).toBe(zakamoulineH0(S, sigma, tau, cost, ra) + zakamoulineH1(gamma, sigma, tau, 0, cost, ra));
    near(band.lower, 0.5207 - 0.0377, 1e-4);
    near(band.upper, 0.5207 + 0.0377, 1e-4);
  });

  it('long option is centred at the lower modified vol sqrt(1 + K) sigma, same width', () => {
    const k = zakamoulineK(S, gamma, sigma, tau, 0, cost, ra);
    const long = zakamoulineBand(true, true, S, K, tau, 0, 0, sigma, cost, ra, createHedgeBand());
    const short = zakamoulineBand(true, false, S, K, tau, 0, 0, sigma, cost, ra, createHedgeBand());
    expect(long.center).toBe(bsDelta(true, S, K, tau, 0, 0, sigma * Math.sqrt(1 + k)));
    expect(long.center).toBeLessThan(bsDelta(true, S, K, tau, 0, 0, sigma)); // lower vol: ATM delta nearer 0.5
    expect(long.halfWidth).toBe(short.halfWidth);
  });

  it('widens with cost and narrows with risk aversion; H1 goes as sqrt(Gamma)', () => {
    const w = (c: number, a: number) => zakamoulineBand(true, false, S, K, tau, 0, 0, sigma, c, a, createHedgeBand()).halfWidth;
    expect(w(0.002, 1)).toBeGreaterThan(w(0.001, 1));
    expect(w(0.001, 4)).toBeLessThan(w(0.001, 1));
    expect(zakamoulineH1(4 * gamma, sigma, tau, 0, cost, ra) / zakamoulineH1(gamma, sigma, tau, 0, cost, ra)).toBeCloseTo(2, 12);
  });

  it('rejects inputs outside the formula, naming them', () => {
    expect(() => zakamoulineH0(S, sigma, 0, cost, ra)).toThrow(/tau > 0/);
    expect(() => zakamoulineBand(true, false, S, K, tau, 0, 0, sigma, cost, 0, createHedgeBand())).toThrow(ModelError);
    expect(() => zakamoulineModifiedVol(0.2, -1.5, true)).toThrow(/1 \+ K/);
  });
});
