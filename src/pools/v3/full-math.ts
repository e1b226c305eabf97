/**
 * 256-bit integer helpers of Uniswap v3-core on JavaScript bigint: FullMath, UnsafeMath, SafeCast
 * and the checked additions of LowGasSafeMath.
 *
 * The contract needs 512-bit intermediate products and a modular inverse for `mulDiv`; bigint has
 * arbitrary precision, so the product is exact and only the contract's *bounds* have to be
 * reproduced: the result must fit in 256 bits and the denominator must not be zero, or the call
 * reverts. Every function below names its rounding direction; callers pick the direction the
 * contract picks, which is always the one that favours the pool.
 *
 * Reverts that carry no reason string on chain raise `ChainMathError` with `reason === ''`; the
 * message names the function and the failed condition.
 */
import { ChainMathError } from '../../core/errors.js';

export const Q96 = 1n << 96n;
export const Q128 = 1n << 128n;
export const MAX_UINT256 = (1n << 256n) - 1n;
export const MAX_UINT160 = (1n << 160n) - 1n;
export const MAX_UINT128 = (1n << 128n) - 1n;
export const MAX_INT256 = (1n << 255n) - 1n;
export const MIN_INT256 = -(1n << 255n);
export const MAX_INT128 = (1n << 127n) - 1n;
export const MIN_INT128 = -(1n << 127n);

/** Reason-less revert, as `require(cond)` without a message raises on chain. */
export function revert(where: string): never {
  throw new ChainMathError('', `${where} (the contract reverts without a reason string)`);
}

/**
 * floor(a * b / denominator) with the bounds of FullMath.mulDiv: reverts when the denominator is
 * zero or the quotient does not fit in 256 bits. Inputs are uint256 (non-negative).
 * Rounds DOWN.
 */
export function mulDiv(a: bigint, b: bigint, denominator: bigint): bigint {
  if (denominator === 0n) revert('FullMath.mulDiv: denominator is zero');
  const result = (a * b) / denominator;
  if (result > MAX_UINT256) revert('FullMath.mulDiv: result overflows uint256');
  return result;
}

/**
 * ceil(a * b / denominator) as FullMath.mulDivRoundingUp: mulDiv, plus one when the division has a
 * remainder, with the contract's check that the increment does not overflow. Rounds UP.
 */
export function mulDivRoundingUp(a: bigint, b: bigint, denominator: bigint): bigint {
  let result = mulDiv(a, b, denominator);
  if ((a * b) % denominator > 0n) {
    if (result >= MAX_UINT256) revert('FullMath.mulDivRoundingUp: result overflows uint256');
    result++;
  }
  return result;
}

/**
 * ceil(x / y) as UnsafeMath.divRoundingUp. That function uses the EVM's `div`/`mod`, which return
 * 0 for a zero divisor instead of reverting; mirrored here. Rounds UP.
 */
export function divRoundingUp(x: bigint, y: bigint): bigint {
  if (y === 0n) return 0n;
  const q = x / y;
  return x % y > 0n ? q + 1n : q;
}

/** LowGasSafeMath.add on uint256: reverts on overflow. */
export function addUint256(x: bigint, y: bigint): bigint {
  const z = x + y;
  if (z > MAX_UINT256) revert('LowGasSafeMath.add: uint256 overflow');
  return z;
}

/** SafeCast.toUint160: reverts unless y < 2^160. */
export function toUint160(y: bigint): bigint {
  if (y > MAX_UINT160 || y < 0n) revert('SafeCast.toUint160: value does not fit in uint160');
  return y;
}

/** SafeCast.toInt128: reverts unless the value fits in int128. */
export function toInt128(y: bigint): bigint {
  if (y > MAX_INT128 || y < MIN_INT128) revert('SafeCast.toInt128: value does not fit in int128');
  return y;
}

/** SafeCast.toInt256: reverts unless the unsigned value is below 2^255. */
export function toInt256(y: bigint): bigint {
  if (y > MAX_INT256) revert('SafeCast.toInt256: value does not fit in int256');
  return y;
}

/** Wraps a value to uint256 as unchecked Solidity 0.7 arithmetic does (fee growth counters). */
export function wrap256(x: bigint): bigint {
  return x & MAX_UINT256;
}

/** Wraps a value to uint128 (the contract's unchecked `uint128(...)` casts and `+=` on tokensOwed). */
export function wrap128(x: bigint): bigint {
  return x & MAX_UINT128;
}
