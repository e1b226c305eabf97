/**
 * Liquidity <-> token amounts for a range, in bigint: a port of v3-periphery
 * `LiquidityAmounts.sol` (what NonfungiblePositionManager uses to size a mint), plus the SDK's
 * full-precision variant of the token0 formula (`maxLiquidityForAmounts(..., true)`), and the
 * position amounts the SDK reports.
 *
 * Rounding: liquidity from amounts ROUNDS DOWN (never more liquidity than the tokens pay for);
 * amounts from liquidity here ROUND DOWN (the value of a position; the pool itself charges a mint
 * with amounts rounded up, see V3Pool.mint and `mintAmounts`).
 */
import { Q96, mulDiv, revert } from './full-math.js';
import { getAmount0Delta, getAmount1Delta } from './sqrt-price-math.js';
import { getSqrtRatioAtTick } from './tick-math.js';

const MAX_UINT128 = (1n << 128n) - 1n;

function toUint128(x: bigint): bigint {
  if (x > MAX_UINT128) revert('LiquidityAmounts: liquidity does not fit in uint128');
  return x;
}

function sorted(a: bigint, b: bigint): [bigint, bigint] {
  return a > b ? [b, a] : [a, b];
}

/** L from token0 over [A, B]: amount0 * (sA*sB/2^96) / (sB - sA), two floor divisions (LiquidityAmounts.getLiquidityForAmount0). */
export function getLiquidityForAmount0(sqrtAX96: bigint, sqrtBX96: bigint, amount0: bigint): bigint {
  const [a, b] = sorted(sqrtAX96, sqrtBX96);
  const intermediate = mulDiv(a, b, Q96);
  return toUint128(mulDiv(amount0, intermediate, b - a));
}

/** L from token0 with a single floor division, amount0*sA*sB / (2^96 (sB - sA)) (SDK maxLiquidityForAmount0Precise). */
export function getLiquidityForAmount0Precise(sqrtAX96: bigint, sqrtBX96: bigint, amount0: bigint): bigint {
  const [a, b] = sorted(sqrtAX96, sqrtBX96);
  return (amount0 * a * b) / (Q96 * (b - a));
}

/** L from token1 over [A, B]: amount1 * 2^96 / (sB - sA), ROUNDED DOWN (LiquidityAmounts.getLiquidityForAmount1). */
export function getLiquidityForAmount1(sqrtAX96: bigint, sqrtBX96: bigint, amount1: bigint): bigint {
  const [a, b] = sorted(sqrtAX96, sqrtBX96);
  return toUint128(mulDiv(amount1, Q96, b - a));
}

/**
 * The most liquidity that `amount0` and `amount1` can fund on [A, B] at price `sqrtPriceX96`
 * (LiquidityAmounts.getLiquidityForAmounts). `precise` switches token0 to the SDK's single-division
 * formula (what `Position.fromAmounts(..., useFullPrecision: true)` uses).
 */
export function getLiquidityForAmounts(
  sqrtPriceX96: bigint,
  sqrtAX96: bigint,
  sqrtBX96: bigint,
  amount0: bigint,
  amount1: bigint,
  precise = false,
): bigint {
  const [a, b] = sorted(sqrtAX96, sqrtBX96);
  const l0 = precise ? getLiquidityForAmount0Precise : getLiquidityForAmount0;
  if (sqrtPriceX96 <= a) return l0(a, b, amount0);
  if (sqrtPriceX96 < b) {
    const x = l0(sqrtPriceX96, b, amount0);
    const y = getLiquidityForAmount1(a, sqrtPriceX96, amount1);
    return x < y ? x : y;
  }
  return getLiquidityForAmount1(a, b, amount1);
}

/**
 * Token amounts represented by `liquidity` on [tickLower, tickUpper] at a price, ROUNDED DOWN when
 * `roundUp` is false (a position's value; SDK Position.amount0/amount1 with `tickCurrent` deciding
 * the side as the pool does) and UP when true (what mint charges; SDK Position.mintAmounts).
 */
export function getAmountsForLiquidity(
  sqrtPriceX96: bigint,
  tickCurrent: number,
  tickLower: number,
  tickUpper: number,
  liquidity: bigint,
  roundUp = false,
): { amount0: bigint; amount1: bigint } {
  const sa = getSqrtRatioAtTick(tickLower);
  const sb = getSqrtRatioAtTick(tickUpper);
  if (tickCurrent < tickLower) return { amount0: getAmount0Delta(sa, sb, liquidity, roundUp), amount1: 0n };
  if (tickCurrent < tickUpper) {
    return {
      amount0: getAmount0Delta(sqrtPriceX96, sb, liquidity, roundUp),
      amount1: getAmount1Delta(sa, sqrtPriceX96, liquidity, roundUp),
    };
  }
  return { amount0: 0n, amount1: getAmount1Delta(sa, sb, liquidity, roundUp) };
}

/** Amounts V3Pool.mint would take for `liquidity` (rounded UP). */
export function mintAmounts(sqrtPriceX96: bigint, tickCurrent: number, tickLower: number, tickUpper: number, liquidity: bigint): { amount0: bigint; amount1: bigint } {
  return getAmountsForLiquidity(sqrtPriceX96, tickCurrent, tickLower, tickUpper, liquidity, true);
}

/**
 * sqrtPriceX96 for a price of token1 per token0 in raw units, given as a ratio amount1/amount0:
 * floor(sqrt(amount1 * 2^192 / amount0)) (SDK encodeSqrtRatioX96).
 */
export function encodeSqrtRatioX96(amount1: bigint, amount0: bigint): bigint {
  return sqrtBigint((amount1 << 192n) / amount0);
}

/** floor(sqrt(n)) for n >= 0 by Newton's method on bigint. */
export function sqrtBigint(n: bigint): bigint {
  if (n < 0n) revert('sqrt of a negative number');
  if (n < 2n) return n;
  // Start above the root (2^ceil(bits/2) >= sqrt(n)); Newton's iteration then decreases
  // monotonically to floor(sqrt(n)).
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) break;
    x = y;
  }
  return x;
}
