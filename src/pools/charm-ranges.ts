/**
 * Range arithmetic of Charm's Alpha Vaults (PassiveStrategy / AlphaProVault), for LP policies built
 * elsewhere. Only the arithmetic: when to rebalance (period, minimum tick move, TWAP deviation) is
 * policy code.
 *
 * With X the current tick floored toward negative infinity onto the spacing TS, B the base threshold
 * and L the limit threshold (both multiples of TS):
 * - base order  [X - B, X + TS + B]
 * - bid (limit) [X - L, X]          one of the two limit orders, whichever can hold more liquidity
 * - ask (limit) [X + TS, X + TS + L]
 * A rebalance needs the tick inside [MIN_TICK + max(B, L) + TS, MAX_TICK - max(B, L) - TS] so every
 * range stays on the curve.
 */
import { MAX_TICK, MIN_TICK } from './v3/tick-math.js';
import { floorToSpacing } from './v3/tick-utils.js';

export type TickRange = [lower: number, upper: number];

export interface CharmRanges {
  base: TickRange;
  bid: TickRange;
  ask: TickRange;
}

/** Charm's threshold check: positive, a multiple of the spacing, at most MAX_TICK. */
export function checkCharmThreshold(threshold: number, tickSpacing: number): void {
  if (!(threshold > 0) || threshold % tickSpacing !== 0 || threshold > MAX_TICK) {
    throw new RangeError(`threshold ${threshold} must be positive, a multiple of the tick spacing ${tickSpacing} and at most ${MAX_TICK}`);
  }
}

/** The base, bid and ask ranges around `tick`. */
export function charmRanges(tick: number, tickSpacing: number, baseThreshold: number, limitThreshold: number): CharmRanges {
  checkCharmThreshold(baseThreshold, tickSpacing);
  checkCharmThreshold(limitThreshold, tickSpacing);
  const x = floorToSpacing(tick, tickSpacing);
  return {
    base: [x - baseThreshold, x + tickSpacing + baseThreshold],
    bid: [x - limitThreshold, x],
    ask: [x + tickSpacing, x + tickSpacing + limitThreshold],
  };
}

/** Whether the tick leaves room for all ranges ("tick too low" / "tick too high" otherwise). */
export function charmTickInBounds(tick: number, tickSpacing: number, baseThreshold: number, limitThreshold: number): boolean {
  const m = Math.max(baseThreshold, limitThreshold);
  return tick >= MIN_TICK + m + tickSpacing && tick <= MAX_TICK - m - tickSpacing;
}
