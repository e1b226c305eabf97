/**
 * AMM pool math: exact integer ports of Uniswap v2, Uniswap v3 and Balancer v2 weighted pools,
 * Float64 fast paths for Monte Carlo, and LP analytics (IL, LVR, ARB). See README.md in this
 * folder for the API and the differences from the contracts that are accepted.
 */
export * from './analytics.js';
export * from './charm-ranges.js';
export * from './cpmm.js';
export * from './cpmm-float.js';
/** Balancer fixed-point math (FixedPoint, LogExpMath, WeightedMath) under one name: add, pow, ln... are too generic for the top level. */
export * as BalancerMath from './weighted-math.js';
export { outGivenInFloat, inGivenOutFloat, spotPriceFloat, MIN_WEIGHT, MAX_IN_RATIO, MAX_OUT_RATIO } from './weighted-math.js';
export * from './weighted-pool.js';
export * from './v3/float-pool.js';
export {
  Q96,
  Q128,
  MAX_UINT128,
  MAX_UINT160,
  MAX_UINT256,
  mulDiv,
  mulDivRoundingUp,
  divRoundingUp,
} from './v3/full-math.js';
export * from './v3/liquidity-amounts.js';
export * from './v3/liquidity-math.js';
export * from './v3/pool.js';
export * from './v3/position.js';
export * from './v3/sqrt-price-math.js';
export * from './v3/swap-math.js';
export * from './v3/tick.js';
export * from './v3/tick-bitmap.js';
export * from './v3/tick-math.js';
export * from './v3/tick-utils.js';
