/**
 * Leland (1985) volatility adjustment for hedging at fixed intervals dt with proportional costs: price
 * and hedge with sigma_L where
 *
 *     sigma_L^2 = sigma^2 (1 + Le)  (option writer, short gamma)
 *     sigma_L^2 = sigma^2 (1 - Le)  (option holder, long gamma)
 *     Le = sqrt(2/pi) k / (sigma sqrt dt),   k = round-trip proportional cost.
 *
 * Each rebalance of a short-gamma book buys high and sells low, so costs act like extra variance the
 * writer must charge for; the holder's costs act like less variance. Le grows as dt shrinks: hedging
 * more often costs more.
 *
 * Holder breakdown: at Le >= 1 the holder's adjusted variance is zero or negative, the hedge ratio is
 * undefined and the strategy (rebalance at every dt) is not viable at that cost. `lelandVol` throws a
 * ModelError there that states Le and the largest viable cost and the smallest viable interval, rather
 * than returning NaN into a hedge. Check `lelandNumber(...) < 1` first to branch instead.
 *
 * Units: sigma per sqrt(year), dt in years, cost a fraction (0.01 = 1% round trip). Scalar,
 * allocation-free.
 */
import { ModelError } from '../../core/errors.js';

const SQRT_2_OVER_PI = 0.7978845608028654;

/** Which side of the option the hedger is on. */
export type LelandSide = 'writer' | 'holder';

/** Leland number Le = sqrt(2/pi) k / (sigma sqrt dt). */
export function lelandNumber(sigma: number, roundTripCost: number, dtYears: number): number {
  if (!(sigma > 0 && sigma < Infinity) || !(roundTripCost >= 0 && roundTripCost < Infinity) || !(dtYears > 0 && dtYears < Infinity)) {
    throw new ModelError(
      `lelandNumber: need sigma > 0, roundTripCost >= 0 and dtYears > 0, all finite; got sigma=${sigma}, roundTripCost=${roundTripCost}, dtYears=${dtYears}`);
  }
  return (SQRT_2_OVER_PI * roundTripCost) / (sigma * Math.sqrt(dtYears));
}

/** Leland-adjusted volatility for the writer (+) or holder (-) side; throws for a holder at Le >= 1. */
export function lelandVol(sigma: number, roundTripCost: number, dtYears: number, side: LelandSide): number {
  const le = lelandNumber(sigma, roundTripCost, dtYears);
  if (side === 'writer') return sigma * Math.sqrt(1 + le);
  if (le >= 1) {
    const maxCost = (sigma * Math.sqrt(dtYears)) / SQRT_2_OVER_PI;
    const minDt = ((SQRT_2_OVER_PI * roundTripCost) / sigma) ** 2;
    throw new ModelError(
      `lelandVol: the holder's adjusted variance sigma^2 (1 - Le) is not positive: Le = ${le} >= 1 ` +
      `(sigma=${sigma}, roundTripCost=${roundTripCost}, dtYears=${dtYears}). Hedging a long option at this interval ` +
      `is not viable; it needs roundTripCost < ${maxCost} or dtYears > ${minDt}`);
  }
  return sigma * Math.sqrt(1 - le);
}
