/**
 * Leverage arithmetic of rebalancing tokens, as pure functions (Index Coop's leverage extensions,
 * exchange tokens). Leverage magnitudes here are in the target's direction: for an inverse token
 * pass |L| and |T| and restore the sign, as Set's PerpV2 extension does.
 */

/**
 * The new leverage a rebalance aims for: clamp(L (1 - RS) + T RS, min, max). RS weights the
 * target; RS = 1 snaps to the target. (docs/conventions.md pins the weights.)
 */
export function recenter(leverage: number, target: number, recenteringSpeed: number, min: number, max: number): number {
  const l = leverage * (1 - recenteringSpeed) + target * recenteringSpeed;
  return l < min ? min : l > max ? max : l;
}

/** Leverage after the underlying moves by `r` (a fraction) with no rebalance: L0 (1 + r) / (1 + L0 r). */
export function driftedLeverage(leverage: number, r: number): number {
  return (leverage * (1 + r)) / (1 + leverage * r);
}

/** Underlying move that takes leverage from L0 to L1 with no rebalance: (L1 - L0) / (L0 (1 - L1)). */
export function moveToReach(from: number, to: number): number {
  return (to - from) / (from * (1 - to));
}

/**
 * Collateral units a rebalance from L to newL trades, as a fraction of the collateral balance:
 * |newL - L| / L (Index Coop's `_calculateChunkRebalanceNotional` before the size caps).
 */
export function rebalanceFraction(leverage: number, newLeverage: number): number {
  return Math.abs(newLeverage - leverage) / leverage;
}

/**
 * Trade, in quote, that a continuously rebalanced token of leverage b must make after the
 * underlying moves by r, to restore b: (b^2 - b) NAV r (Cheng and Madhavan 2009). It has the sign
 * of r for every b outside [0, 1]: rebalancing always trades with the market.
 */
export function rebalanceFlow(beta: number, nav: number, r: number): number {
  return (beta * beta - beta) * nav * r;
}

/**
 * Largest single-transaction delever of a lending-backed position without a flash loan, as a
 * fraction of collateral: (LT - (L - 1)/L) / LT. It shrinks exactly when leverage is high.
 */
export function deleverCapacity(leverage: number, liquidationThreshold: number): number {
  return (liquidationThreshold - (leverage - 1) / leverage) / liquidationThreshold;
}
