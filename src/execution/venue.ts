/**
 * Where trades happen and what they cost. One interface for a cost model, an AMM pool, a perp
 * venue, a paper venue and (later) a real chain, so products, policies and executors never know
 * which one they trade on. Every implementation passes the shared conformance suite in
 * `venue-conformance.ts`.
 */
import type { Fill } from './fill.js';

export interface Venue {
  /** Short name for reports. */
  readonly kind: string;
  /** Called at the start of each path with the first row of prices. */
  reset(prices: Float64Array, row: number, now: number): void;
  /**
   * Called once per step before products mark themselves: a pool is arbitraged to the new external
   * price, a perp venue accrues funding. Cost models do nothing.
   */
  update(prices: Float64Array, row: number, now: number): void;
  /**
   * Trades up to `units` (signed, positive buys base) of asset column `asset` at an average price no
   * worse than `limitPrice` (a maximum when buying, a minimum when selling; pass Infinity or 0 for
   * none). Writes the outcome into `fill`, never throws for market reasons: a refusal is a status.
   */
  trade(asset: number, units: number, limitPrice: number, prices: Float64Array, row: number, now: number, fill: Fill): void;
}
