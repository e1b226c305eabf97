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
   * Trades up to `fill.requested` units (signed, positive buys base) of asset column `asset` at an
   * average price no worse than `fill.limit` (a maximum when buying, a minimum when selling;
   * Infinity or 0 for none), at time `fill.time`. Writes the outcome into `fill` (`clear` first);
   * never throws for market reasons: a refusal is a status.
   */
  trade(asset: number, prices: Float64Array, row: number, fill: Fill): void;
}

/**
 * One trade at a venue outside the executor (tests, scripts): fills in the request and calls
 * `trade`. `fill` must not be shared with a running executor.
 */
export function tradeOnce(venue: Venue, asset: number, units: number, limitPrice: number, prices: Float64Array, row: number, now: number, fill: Fill): Fill {
  fill.request(units, limitPrice, now, NaN);
  venue.trade(asset, prices, row, fill);
  return fill;
}
