/**
 * Closed-form P&L of a delta-hedged option, the yardsticks that hedging policies and the Monte Carlo
 * engine are checked against.
 *
 * - Gamma P&L: over a step of dt years in which the underlying returns `ret` (simple return), a long
 *   option delta-hedged at implied vol sigma earns about 0.5 Gamma S^2 (ret^2 - sigma^2 dt): the gamma
 *   gain on the realised move less the theta paid for the expected one. With r = q = 0, Black-Scholes
 *   theta is exactly -0.5 Gamma S^2 sigma^2 per year, which is the second term.
 * - Discrete hedging error: rebalancing N times instead of continuously leaves a P&L whose variance per
 *   step is about 0.5 (Gamma S^2 sigma^2 dt)^2; summed it falls like 1/N (std like 1/sqrt N).
 *   For an at-the-money option Kamal and Derman (1999) reduce it to std = sqrt(pi/4) sigma vega / sqrt N.
 *
 * Units: S quote per base, Gamma per price^2, sigma per sqrt(year), dt in years, vega per 1.00 of vol;
 * P&L in quote per option. Scalar and allocation-free.
 */
import { ModelError } from '../core/errors.js';

/** 0.5 Gamma S^2 (ret^2 - sigma^2 dt): one step's P&L of a long option delta-hedged at vol sigma. */
export function gammaPnlStep(gamma: number, S: number, ret: number, sigma: number, dt: number): number {
  return 0.5 * gamma * S * S * (ret * ret - sigma * sigma * dt);
}

/** -0.5 Gamma S^2 sigma^2: theta per year implied by gamma when r = q = 0 (the break-even identity). */
export function thetaFromGamma(gamma: number, S: number, sigma: number): number {
  return -0.5 * gamma * S * S * sigma * sigma;
}

/** 0.5 (Gamma S^2 sigma^2 dt)^2: variance of one step's hedging error for a hedge held over dt years. */
export function hedgeErrorVariancePerStep(gamma: number, S: number, sigma: number, dt: number): number {
  const g = gamma * S * S * sigma * sigma * dt;
  return 0.5 * g * g;
}

/**
 * Kamal-Derman rule: standard deviation of the P&L of an at-the-money option hedged at N evenly spaced
 * times, sqrt(pi/4) sigma vega / sqrt(N), in quote per option.
 */
export function kamalDermanHedgeErrorStd(sigma: number, vega: number, rebalances: number): number {
  if (!(rebalances >= 1)) throw new ModelError(`kamalDermanHedgeErrorStd: rebalances must be >= 1, got ${rebalances}`);
  return (0.886226925452758 * sigma * vega) / Math.sqrt(rebalances);
}
