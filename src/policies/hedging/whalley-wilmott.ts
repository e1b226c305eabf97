/**
 * Whalley-Wilmott (1997) no-transaction band for hedging an option under proportional costs, the
 * asymptotic answer for small costs to the utility-maximising hedge: hold the Black-Scholes delta
 * within
 *
 *     halfWidth = ( 3 e^{-r tau} lambda S Gamma^2 / (2 gamma) )^{1/3},
 *
 * where lambda is the proportional cost (fraction of traded notional), gamma the (absolute) risk
 * aversion and Gamma the option's gamma. The band widens with cost and with gamma (a convex position
 * re-hedged often wastes more in fees) and narrows with risk aversion; the cube root is why it is wide
 * even for tiny costs. pfhedge's `WhalleyWilmott` is this formula with r = 0 (its `a` is gamma).
 * Rebalance with `tradeToNearestEdge` from band.ts.
 *
 * Units: S quote per base, Gamma per price^2, r per year, tau in years; the half-width is in units of
 * underlying per option (the same unit as delta). Scalar and allocation-free.
 */
import { ModelError } from '../../core/errors.js';
import { bsDelta, bsGamma } from '../../pricing/black-scholes.js';
import { setHedgeBand, type HedgeBand } from './band.js';

/** Whalley-Wilmott half-width. `cost` lambda >= 0 (0.001 = 10 bps), `riskAversion` > 0. */
export function whalleyWilmottHalfWidth(S: number, gamma: number, cost: number, riskAversion: number, r: number, tau: number): number {
  if (!(S > 0) || !(cost >= 0) || !(riskAversion > 0) || !(tau >= 0) || !Number.isFinite(r) || !Number.isFinite(gamma)) {
    throw new ModelError(
      `whalleyWilmottHalfWidth: need S > 0, cost >= 0, riskAversion > 0, tau >= 0 and finite r and gamma; ` +
      `got S=${S}, cost=${cost}, riskAversion=${riskAversion}, tau=${tau}, r=${r}, gamma=${gamma}`);
  }
  return Math.cbrt((3 * Math.exp(-r * tau) * cost * S * gamma * gamma) / (2 * riskAversion));
}

/**
 * Band for one option priced by Black-Scholes: centre = BS delta at `sigma`, half-width from the BS
 * gamma. Written into `out` (reuse it). For a short option the hedge is +delta units per option, so
 * the band applies to the hedge as is; for a long option negate it.
 */
export function whalleyWilmottBand(
  isCall: boolean, S: number, K: number, tau: number, r: number, q: number, sigma: number,
  cost: number, riskAversion: number, out: HedgeBand,
): HedgeBand {
  const delta = bsDelta(isCall, S, K, tau, r, q, sigma);
  const gamma = bsGamma(S, K, tau, r, q, sigma);
  return setHedgeBand(out, delta, whalleyWilmottHalfWidth(S, gamma, cost, riskAversion, r, tau > 0 ? tau : 0));
}
