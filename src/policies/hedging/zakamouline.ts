/**
 * Zakamouline (2006) hedging band ("Optimal hedging of options with transaction costs", V. I.
 * Zakamouline). A Whalley-Wilmott style band fitted to numerically optimal strategies, with two refinements: the centre is the delta
 * at a modified volatility (a short option is hedged as if vol were higher, a long one as if lower,
 * because costs act like extra variance), and the half-width has a part H0 that does not vanish with
 * gamma.
 *
 *     band   = Delta(sigma_m) +- (H0 + H1)
 *     H0     = lambda / (gamma S sigma^2 tau)
 *     H1     = 1.12 lambda^0.31 tau^0.05 (e^{-r tau} / sigma)^0.25 (|Gamma| / gamma)^0.5
 *     K      = -4.76 lambda^0.78 tau^-0.02 (e^{-r tau} / sigma)^0.25 (gamma S^2 |Gamma|)^0.15
 *     sigma_m^2 = sigma^2 (1 - K) for a short option, sigma^2 (1 + K) for a long one   (K < 0)
 *
 * lambda is the proportional cost, gamma the absolute risk aversion, Gamma the Black-Scholes gamma at
 * sigma. The fitted constants are the paper's, as used by the liamfayle/zakamouline implementation.
 *
 * Units: S quote per base, sigma per sqrt(year), tau and r per year; H0, H1 and the band in units of
 * underlying per option. Scalar and allocation-free.
 */
import { ModelError } from '../../core/errors.js';
import { bsDelta, bsGamma } from '../../pricing/black-scholes.js';
import { setHedgeBand, type HedgeBand } from './band.js';

function check(fn: string, S: number, sigma: number, tau: number, cost: number, riskAversion: number): void {
  if (S > 0 && sigma > 0 && tau > 0 && cost >= 0 && riskAversion > 0 && S < Infinity && sigma < Infinity && tau < Infinity && cost < Infinity && riskAversion < Infinity) return;
  throw new ModelError(
    `${fn}: need finite S > 0, sigma > 0, tau > 0 (years to expiry), cost >= 0 and riskAversion > 0; ` +
    `got S=${S}, sigma=${sigma}, tau=${tau}, cost=${cost}, riskAversion=${riskAversion}`);
}

/** H0 = lambda / (gamma S sigma^2 tau): the part of the half-width that does not depend on Gamma. */
export function zakamoulineH0(S: number, sigma: number, tau: number, cost: number, riskAversion: number): number {
  check('zakamoulineH0', S, sigma, tau, cost, riskAversion);
  return cost / (riskAversion * S * sigma * sigma * tau);
}

/** H1 = 1.12 lambda^0.31 tau^0.05 (e^{-r tau}/sigma)^0.25 (|Gamma|/gamma)^0.5: the gamma-driven part. */
export function zakamoulineH1(gamma: number, sigma: number, tau: number, r: number, cost: number, riskAversion: number): number {
  check('zakamoulineH1', 1, sigma, tau, cost, riskAversion);
  return 1.12 * Math.pow(cost, 0.31) * Math.pow(tau, 0.05) * Math.pow(Math.exp(-r * tau) / sigma, 0.25) *
    Math.sqrt(Math.abs(gamma) / riskAversion);
}

/** K = -4.76 lambda^0.78 tau^-0.02 (e^{-r tau}/sigma)^0.25 (gamma S^2 |Gamma|)^0.15, <= 0. */
export function zakamoulineK(S: number, gamma: number, sigma: number, tau: number, r: number, cost: number, riskAversion: number): number {
  check('zakamoulineK', S, sigma, tau, cost, riskAversion);
  return -4.76 * Math.pow(cost, 0.78) * Math.pow(tau, -0.02) * Math.pow(Math.exp(-r * tau) / sigma, 0.25) *
    Math.pow(riskAversion * S * S * Math.abs(gamma), 0.15);
}

/**
 * Modified volatility sigma_m = sigma sqrt(1 - K) for a short option (isLong false), sigma sqrt(1 + K)
 * for a long one. Throws if 1 + K <= 0 (costs so large that the long-side variance vanishes).
 */
export function zakamoulineModifiedVol(sigma: number, K: number, isLong: boolean): number {
  const f = isLong ? 1 + K : 1 - K;
  if (!(f > 0)) throw new ModelError(`zakamoulineModifiedVol: 1 ${isLong ? '+' : '-'} K = ${f} must be > 0 (K = ${K}); the cost is too large for the approximation`);
  return sigma * Math.sqrt(f);
}

/**
 * Band for one option: centre = Black-Scholes delta of the option at sigma_m, half-width H0 + H1 with
 * Gamma taken at sigma. The centre is the option's own delta (positive for calls, negative for puts):
 * a writer (isLong false) holds +delta units as the hedge, so the band applies to the hedge as is;
 * a holder's hedge is the negative of it.
 */
export function zakamoulineBand(
  isCall: boolean, isLong: boolean, S: number, strike: number, tau: number, r: number, q: number, sigma: number,
  cost: number, riskAversion: number, out: HedgeBand,
): HedgeBand {
  check('zakamoulineBand', S, sigma, tau, cost, riskAversion);
  const gamma = bsGamma(S, strike, tau, r, q, sigma);
  const K = zakamoulineK(S, gamma, sigma, tau, r, cost, riskAversion);
  const sigmaM = zakamoulineModifiedVol(sigma, K, isLong);
  const center = bsDelta(isCall, S, strike, tau, r, q, sigmaM);
  const h = zakamoulineH0(S, sigma, tau, cost, riskAversion) + zakamoulineH1(gamma, sigma, tau, r, cost, riskAversion);
  return setHedgeBand(out, center, h);
}
