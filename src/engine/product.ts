/**
 * A product: state that drifts off its target as prices move (a leveraged token's leverage, an
 * options book's delta, an LP position's range). The engine marks it to market each step, a
 * policy looks at it, and the executor trades it back toward a target through a venue.
 *
 * A product trades one or more *legs*; each leg is one asset column of the price rows (a book on
 * three underlyings hedges three legs). Targets live in the product's own space (leverage for a
 * token, hedge units for a book): the product converts a target into units to trade.
 *
 * Implementations keep their state in numeric fields or typed arrays and never allocate in
 * `mark`, `unitsToTarget` or `applyFill`: these run inside the Monte Carlo loop.
 */
import type { Fill } from '../execution/fill.js';

export interface Product {
  /** Number of asset columns in the price rows this product reads. */
  readonly assets: number;
  /** Number of independently traded legs. */
  readonly legs: number;
  /** Asset column traded by `leg`. */
  legAsset(leg: number): number;
  /** Puts the product in its initial state at price row `row` (usually 0) and time `now`. */
  reset(prices: Float64Array, row: number, now: number): void;
  /**
   * Accrues carry since the previous call (funding, interest, fees, option decay) and marks to
   * market at row `row`. Returns false once the product has ended (wiped out, liquidated, expired
   * and settled); the engine then stops the path after recording the step.
   */
  mark(prices: Float64Array, row: number, now: number): boolean;
  /** Signed base units `leg` must trade now to reach `target`. */
  unitsToTarget(leg: number, target: number, prices: Float64Array, row: number): number;
  /** Books a trade attempt (possibly refused, units 0) started by signal `reason`; its time is `fill.time`. */
  applyFill(leg: number, fill: Fill, reason: number): void;
}
