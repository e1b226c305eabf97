/**
 * Tick <-> sqrt price conversion, a port of v3-core `TickMath.sol`.
 *
 * The contract does not compute 1.0001^(tick/2) with floating point: it multiplies Q128 constants
 * for the set bits of |tick| (each constant is 2^128 / sqrt(1.0001)^(2^i), truncated as the
 * contract has it) and the inverse of the price by the logarithm with a fixed number of squaring
 * steps. Every swap step compares prices produced by these two functions, so they have to be
 * reproduced bit for bit; the constants below are the contract's and `tick-math.test.ts` checks
 * each against an independent high-precision computation.
 */
import { ChainMathError } from '../../core/errors.js';
import { MAX_UINT256 } from './full-math.js';

export const MIN_TICK = -887272;
export const MAX_TICK = 887272;
/** getSqrtRatioAtTick(MIN_TICK). */
export const MIN_SQRT_RATIO = 4295128739n;
/** getSqrtRatioAtTick(MAX_TICK). */
export const MAX_SQRT_RATIO = 1461446703485210103287273052203988822378723970342n;

/**
 * Q128 factors 2^128 / 1.0001^(2^(i-1)) for bit i = 1..19 of |tick| (bit 0 seeds the product), as
 * truncated in TickMath.getSqrtRatioAtTick.
 */
export const TICK_BIT_FACTORS: readonly bigint[] = [
  0xfffcb933bd6fad37aa2d162d1a594001n,
  0xfff97272373d413259a46990580e213an,
  0xfff2e50f5f656932ef12357cf3c7fdccn,
  0xffe5caca7e10e4e61c3624eaa0941cd0n,
  0xffcb9843d60f6159c9db58835c926644n,
  0xff973b41fa98c081472e6896dfb254c0n,
  0xff2ea16466c96a3843ec78b326b52861n,
  0xfe5dee046a99a2a811c461f1969c3053n,
  0xfcbe86c7900a88aedcffc83b479aa3a4n,
  0xf987a7253ac413176f2b074cf7815e54n,
  0xf3392b0822b70005940c7a398e4b70f3n,
  0xe7159475a2c29b7443b29c7fa6e889d9n,
  0xd097f3bdfd2022b8845ad8f792aa5825n,
  0xa9f746462d870fdf8a65dc1f90e061e5n,
  0x70d869a156d2a1b890bb3df62baf32f7n,
  0x31be135f97d08fd981231505542fcfa6n,
  0x9aa508b5b7a84e1c677de54f3e99bc9n,
  0x5d6af8dedb81196699c329225ee604n,
  0x2216e584f5fa1ea926041bedfe98n,
  0x48a170391f7dc42444e8fa2n,
];

const Q128 = 1n << 128n;
const Q32_MASK = (1n << 32n) - 1n;

/**
 * sqrt(1.0001^tick) * 2^96, as TickMath.getSqrtRatioAtTick: the product of the bit factors is
 * 1/sqrt(price) in Q128 (truncated at each multiply), inverted for positive ticks by
 * `type(uint256).max / ratio`, then converted to Q96 ROUNDING UP so that getTickAtSqrtRatio of the
 * result returns the same tick. Reverts 'T' when |tick| > MAX_TICK.
 */
export function getSqrtRatioAtTick(tick: number): bigint {
  const absTick = tick < 0 ? -tick : tick;
  if (!Number.isInteger(tick) || absTick > MAX_TICK) throw new ChainMathError('T', `tick ${tick} is outside [${MIN_TICK}, ${MAX_TICK}]`);
  let ratio = absTick & 1 ? TICK_BIT_FACTORS[0] : Q128;
  for (let bit = 1; bit < 20; bit++) {
    if (absTick & (1 << bit)) ratio = (ratio * TICK_BIT_FACTORS[bit]) >> 128n;
  }
  if (tick > 0) ratio = MAX_UINT256 / ratio;
  return (ratio >> 32n) + ((ratio & Q32_MASK) === 0n ? 0n : 1n);
}

/** Solidity-style most significant bit of a positive value below 2^256 by halving, as in the contract's assembly. */
function msb256(x: bigint): number {
  let r = x;
  let msb = 0;
  for (const [shift, bound] of MSB_STEPS) {
    if (r > bound) {
      msb |= shift;
      r >>= BigInt(shift);
    }
  }
  if (r > 1n) msb |= 1;
  return msb;
}
const MSB_STEPS: readonly [number, bigint][] = [
  [128, (1n << 128n) - 1n],
  [64, (1n << 64n) - 1n],
  [32, (1n << 32n) - 1n],
  [16, (1n << 16n) - 1n],
  [8, 0xffn],
  [4, 0xfn],
  [2, 0x3n],
];

/** 2^64 / log2(sqrt(1.0001)): turns the Q64.64 log2 into a 128.128 log base sqrt(1.0001) (contract constant). */
const LOG2_TO_LOG_SQRT10001 = 255738958999603826347141n;
/** Error bounds of the estimate (contract constants): the true tick lies in [tickLow, tickHi]. */
const TICK_LOW_OFFSET = 3402992956809132418596140100660247210n;
const TICK_HI_OFFSET = 291339464771989622907027621153398088495n;

/**
 * The greatest tick whose sqrt ratio is <= sqrtPriceX96, as TickMath.getTickAtSqrtRatio: log2 of
 * the Q128 ratio from its most significant bit plus 14 fractional bits by repeated squaring, scaled
 * to base sqrt(1.0001), which brackets the answer between two candidate ticks; the tie is settled
 * with getSqrtRatioAtTick. Right shifts of negative numbers floor (the EVM's `sar`), as bigint `>>`
 * does. Reverts 'R' outside [MIN_SQRT_RATIO, MAX_SQRT_RATIO).
 */
export function getTickAtSqrtRatio(sqrtPriceX96: bigint): number {
  if (!(sqrtPriceX96 >= MIN_SQRT_RATIO && sqrtPriceX96 < MAX_SQRT_RATIO)) {
    throw new ChainMathError('R', `sqrtPriceX96 ${sqrtPriceX96} is outside [MIN_SQRT_RATIO, MAX_SQRT_RATIO)`);
  }
  const ratio = sqrtPriceX96 << 32n;
  const msb = msb256(ratio);
  let r = msb >= 128 ? ratio >> BigInt(msb - 127) : ratio << BigInt(127 - msb);
  let log2 = BigInt(msb - 128) << 64n;
  for (let bit = 63n; bit >= 50n; bit--) {
    r = (r * r) >> 127n;
    const f = r >> 128n;
    log2 |= f << bit;
    r >>= f;
  }
  const logSqrt10001 = log2 * LOG2_TO_LOG_SQRT10001;
  const tickLow = Number((logSqrt10001 - TICK_LOW_OFFSET) >> 128n);
  const tickHi = Number((logSqrt10001 + TICK_HI_OFFSET) >> 128n);
  if (tickLow === tickHi) return tickLow;
  return getSqrtRatioAtTick(tickHi) <= sqrtPriceX96 ? tickHi : tickLow;
}
