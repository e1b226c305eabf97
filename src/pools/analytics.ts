/**
 * Closed forms for liquidity providers, in Float64: impermanent loss, the value and Greeks of a
 * concentrated range, loss-versus-rebalancing (LVR), arbitrage profit with fees (ARB) relative to
 * LVR, and break-even helpers.
 *
 * Units (docs/conventions.md): prices are token1 per token0 (quote per base); a range is given by
 * its price bounds pa < pb; volatility `sigma` is per sqrt(year); rates are fractions of the
 * position's value per year; fees are plain fractions (0.003 = 30 bps).
 *
 * Sources: Milionis, Moallemi, Roughgarden, Zhang, "Automated market making and loss-versus-
 * rebalancing" (arXiv 2208.06046) for LVR; Milionis, Moallemi, Roughgarden, "Automated market
 * making and arbitrage profits in the presence of fees" (arXiv 2305.14604) for Poisson blocks;
 * Nezlobin and Tassy (arXiv 2505.05113) for constant block times.
 */
import { SECONDS_PER_YEAR } from '../core/units.js';

// ------------------------------------------------------------------------------------------------
// Concentrated range: amounts, value, Greeks

/**
 * Token amounts of liquidity L on [pa, pb] at price p: all token0 below the range, all token1
 * above, x = L (1/sqrt(p) - 1/sqrt(pb)) and y = L (sqrt(p) - sqrt(pa)) inside.
 */
export function rangeAmounts(liquidity: number, price: number, pa: number, pb: number): { amount0: number; amount1: number } {
  const s = Math.sqrt(Math.min(Math.max(price, pa), pb));
  const sa = Math.sqrt(pa), sb = Math.sqrt(pb);
  return { amount0: liquidity * (1 / s - 1 / sb), amount1: liquidity * (s - sa) };
}

/** Value in token1: V = L (2 sqrt(p) - p / sqrt(pb) - sqrt(pa)) inside the range; x p below it, y above it. */
export function rangeValue(liquidity: number, price: number, pa: number, pb: number): number {
  const { amount0, amount1 } = rangeAmounts(liquidity, price, pa, pb);
  return amount0 * price + amount1;
}

/** dV/dp: the token0 held, L (1/sqrt(p) - 1/sqrt(pb)) inside, L (1/sqrt(pa) - 1/sqrt(pb)) below, 0 above. */
export function rangeDelta(liquidity: number, price: number, pa: number, pb: number): number {
  return rangeAmounts(liquidity, price, pa, pb).amount0;
}

/** d2V/dp2: -L / (2 p^1.5) inside the range, 0 outside (where the position is all one token). */
export function rangeGamma(liquidity: number, price: number, pa: number, pb: number): number {
  if (price <= pa || price >= pb) return 0;
  return -liquidity / (2 * price * Math.sqrt(price));
}

/**
 * The largest liquidity that amounts x (token0) and y (token1) fund on [pa, pb] at price p:
 * min(x sqrt(p) sqrt(pb) / (sqrt(pb) - sqrt(p)), y / (sqrt(p) - sqrt(pa))) inside the range, the
 * single-token formula outside. (Float version of LiquidityAmounts.getLiquidityForAmounts.)
 */
export function liquidityFromAmounts(amount0: number, amount1: number, price: number, pa: number, pb: number): number {
  const sa = Math.sqrt(pa), sb = Math.sqrt(pb), s = Math.sqrt(price);
  const fromX = (lo: number) => (amount0 * lo * sb) / (sb - lo);
  const fromY = (hi: number) => amount1 / (hi - sa);
  if (s <= sa) return fromX(sa);
  if (s >= sb) return fromY(sb);
  return Math.min(fromX(s), fromY(s));
}

// ------------------------------------------------------------------------------------------------
// Impermanent loss: value of the LP position over the value of holding its initial tokens, minus 1.

/** Full-range constant product after the price moves by a factor r: 2 sqrt(r) / (1 + r) - 1. */
export function ilCpmm(r: number): number {
  return (2 * Math.sqrt(r)) / (1 + r) - 1;
}

/**
 * Two-token weighted pool, `weight` on the token whose price moves by r (the other is the
 * numeraire): r^w / (w r + 1 - w) - 1.
 */
export function ilWeighted(r: number, weight: number): number {
  return Math.pow(r, weight) / (weight * r + 1 - weight) - 1;
}

/**
 * Range [pa, pb] entered at price p0, after the price moves to r p0: V(p1) / (x0 p1 + y0) - 1
 * (independent of the liquidity).
 */
export function ilRange(r: number, pa: number, pb: number, p0 = 1): number {
  const { amount0, amount1 } = rangeAmounts(1, p0, pa, pb);
  const p1 = r * p0;
  return rangeValue(1, p1, pa, pb) / (amount0 * p1 + amount1) - 1;
}

// ------------------------------------------------------------------------------------------------
// LVR: the rate at which an LP loses to a rebalancing strategy at market prices,
// l = (sigma^2 / 2) p^2 |x'(p)|, as a fraction of the pool value per year.

/** Constant product: sigma^2 / 8. */
export function lvrCpmm(sigma: number): number {
  return (sigma * sigma) / 8;
}

/** Weighted pool with weight w on the risky token: sigma^2 w (1 - w) / 2. */
export function lvrWeighted(sigma: number, weight: number): number {
  return (sigma * sigma * weight * (1 - weight)) / 2;
}

/**
 * Range [pa, pb] at price p: sigma^2 sqrt(p) / (4 (2 sqrt(p) - p / sqrt(pb) - sqrt(pa))) while in
 * range (the absolute rate is sigma^2 L sqrt(p) / 4), 0 outside it.
 */
export function lvrRange(sigma: number, price: number, pa: number, pb: number): number {
  if (price <= pa || price >= pb) return 0;
  const s = Math.sqrt(price);
  return (sigma * sigma * s) / (4 * (2 * s - price / Math.sqrt(pb) - Math.sqrt(pa)));
}

/** Absolute LVR of liquidity L in range, in token1 per year: sigma^2 L sqrt(p) / 4. */
export function lvrRateRange(sigma: number, liquidity: number, price: number): number {
  return (sigma * sigma * liquidity * Math.sqrt(price)) / 4;
}

// ------------------------------------------------------------------------------------------------
// Arbitrage profit with fees (ARB), relative to LVR.

/** Riemann zeta at 1/2. */
const ZETA_HALF = -1.4603545088095868;
/** Nezlobin-Tassy constant sqrt(2 pi) / |zeta(1/2)| ~ 1.7164 (constant block times). */
export const NEZLOBIN_TASSY_CONSTANT = Math.sqrt(2 * Math.PI) / Math.abs(ZETA_HALF);

/** Volatility over one block: sigma sqrt(blockTime in years). */
export function blockSigma(sigma: number, blockTimeSeconds: number): number {
  return sigma * Math.sqrt(blockTimeSeconds / SECONDS_PER_YEAR);
}

/** Log fee gamma = -ln(1 - fee): the pool quotes p e^(+-gamma). For small fees gamma ~ fee. */
export function logFee(fee: number): number {
  return -Math.log1p(-fee);
}

/**
 * ARB / LVR with blocks arriving as a Poisson process of mean interval `blockTimeSeconds`
 * (Milionis et al. 2023, fast-block limit): the probability that a block sees a profitable trade,
 * 1 / (1 + gamma sqrt(2 lambda) / sigma) = 1 / (1 + sqrt(2) gamma / sigma_b). `gamma` is the log fee.
 */
export function arbToLvrPoisson(gamma: number, sigma: number, blockTimeSeconds: number): number {
  return 1 / (1 + (Math.SQRT2 * gamma) / blockSigma(sigma, blockTimeSeconds));
}

/**
 * ARB / LVR with a block every `blockTimeSeconds` exactly (Nezlobin-Tassy):
 * 1 / (1 + 1.7164 fee / sigma_b). Equivalent to the per-block form with the full spread 2 fee.
 */
export function arbToLvrConstantBlocks(fee: number, sigma: number, blockTimeSeconds: number): number {
  return 1 / (1 + (NEZLOBIN_TASSY_CONSTANT * fee) / blockSigma(sigma, blockTimeSeconds));
}

/**
 * Nezlobin-Tassy per-block arbitrage profit in the normalized units where LVR per block is
 * sigma_b^2 / 2: sigma_b^2 / (2 + 1.7164 spread / sigma_b), `fullSpread` being the round-trip
 * spread 2 x fee (not the one-way fee).
 */
export function arbPerBlockNezlobinTassy(sigmaB: number, fullSpread: number): number {
  return (sigmaB * sigmaB) / (2 + (NEZLOBIN_TASSY_CONSTANT * fullSpread) / sigmaB);
}

// ------------------------------------------------------------------------------------------------
// Break-even

/**
 * Fee income an LP needs per year, as a fraction of the position value, to break even against
 * `lossPerYear` (LVR, or ARB = LVR x arbToLvr when arbitrage fees are counted as income already).
 * Trivially the loss itself; named so callers say what they compare.
 */
export function breakEvenFeeApr(lossPerYear: number): number {
  return lossPerYear;
}

/** Yearly volume / position value needed at fee rate `fee` to earn `lossPerYear`: loss / fee. */
export function breakEvenVolumeToValue(lossPerYear: number, fee: number): number {
  return lossPerYear / fee;
}

/** Fee rate at which yearly volume / position value `volumeToValue` earns `lossPerYear`: loss / turnover. */
export function breakEvenFeeRate(lossPerYear: number, volumeToValue: number): number {
  return lossPerYear / volumeToValue;
}
