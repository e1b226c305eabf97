/**
 * Lyra's pricing rules that are plain arithmetic (lyra-finance Avalon / derivexyz v1-core,
 * OptionMarketPricer and BlackScholes libraries), so that a simulated Lyra-style AMM charges and moves
 * exactly as the contracts describe:
 * - the time weight of the option-price and spot-price fees;
 * - standardised vega, the vega measure Lyra's fees and limits are written in;
 * - how far one trade moves the board's base IV and the strike's skew.
 * The geometric time-weighted average (GWAV) that Lyra smooths IV with is in gwav.ts.
 */
import { ModelError } from '../core/errors.js';
import { SECONDS_PER_DAY } from '../core/units.js';

/**
 * Fee multiplier by time to expiry: 1 up to `pointA`, then rising linearly to 2 at `pointB`. Like the
 * contract it keeps rising past `pointB` (3 at pointB + (pointB - pointA)); it is not capped at 2.
 * All three arguments in the same unit (Lyra uses seconds).
 */
export function lyraFeeTimeWeight(timeToExpiry: number, pointA: number, pointB: number): number {
  if (!(pointB > pointA)) throw new ModelError(`lyraFeeTimeWeight: pointB must be greater than pointA, got pointA=${pointA}, pointB=${pointB}`);
  if (timeToExpiry <= pointA) return 1;
  return 1 + (timeToExpiry - pointA) / (pointB - pointA);
}

/** Lyra's floor on the days used to standardise vega. */
export const LYRA_STD_VEGA_MIN_DAYS = 7;

/**
 * Factor that turns vega per 1.00 of vol into Lyra's standardised vega: sqrt(30 / days) / 100, with
 * days = whole days to expiry, at least 7. The contract divides seconds by 86400 in integers, so days
 * are floored; the tiny epsilon keeps a time computed as 30 * 86400 * (1 - 1e-16) from dropping a day.
 */
export function lyraVegaNormalisation(timeToExpirySeconds: number): number {
  if (!(timeToExpirySeconds >= 0 && timeToExpirySeconds < Infinity)) {
    throw new ModelError(`lyraVegaNormalisation: timeToExpirySeconds must be a finite number >= 0, got ${timeToExpirySeconds}`);
  }
  const days = Math.max(LYRA_STD_VEGA_MIN_DAYS, Math.floor(timeToExpirySeconds / SECONDS_PER_DAY + 1e-9));
  return Math.sqrt(30 / days) / 100;
}

/**
 * Standardised vega: vega (per 1.00 of vol) scaled to a 30-day option and expressed per vol point,
 * vega * sqrt(30 / days) / 100. Makes short- and long-dated vega comparable (the vega of a 7-day ATM
 * option is about half that of a 30-day one, its standardised vega about the same).
 */
export function lyraStdVega(vega: number, timeToExpirySeconds: number): number {
  return vega * lyraVegaNormalisation(timeToExpirySeconds);
}

/**
 * Move of the board's base IV caused by a trade of `amount` options (signed: positive when the trader
 * buys from the AMM, which raises IV; negative when the trader sells): amount / standardSize / 100.
 * One standard size moves base IV by one vol point.
 */
export function lyraBaseIvImpact(amount: number, standardSize: number): number {
  if (!(standardSize > 0)) throw new ModelError(`lyraBaseIvImpact: standardSize must be > 0, got ${standardSize}`);
  return amount / standardSize / 100;
}

/** Move of the traded strike's skew ratio: the base IV move times `skewAdjustmentFactor`. */
export function lyraSkewImpact(amount: number, standardSize: number, skewAdjustmentFactor: number): number {
  return lyraBaseIvImpact(amount, standardSize) * skewAdjustmentFactor;
}
