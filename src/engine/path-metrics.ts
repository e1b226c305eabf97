import type { MarketPath } from '../market/market-path.js';

/**
 * Per-path metrics of a product family: accumulated each step from the product's state (tracking
 * error, time outside a band, ...) and written at the end of the path as a row of numbers that the
 * Monte Carlo runner streams into statistics. A NaN in the row means "not defined on this path"
 * (the log NAV of a wiped-out token) and is left out of that statistic.
 */
export interface MetricDef {
  /** camelCase key used in JSON and CSV. */
  readonly key: string;
  /** Human label for reports. */
  readonly label: string;
  /** Unit shown in reports: 'quote', 'fraction', 'count', 'leverage', 'log', 'years', ... */
  readonly unit: string;
  /** Longer explanation shown in the report's glossary. */
  readonly help?: string;
}

export interface PathMetrics {
  readonly defs: readonly MetricDef[];
  /** Starts a path at `row`, after the product and policy have been reset and have made the start's decisions (trades at `row` included). */
  reset(path: MarketPath, row: number, now: number): void;
  /** Accumulates step `row` (after the product, policy and executor acted): keep it to what needs the product's state. */
  step(prices: Float64Array, row: number, now: number): void;
  /**
   * Writes this path's results, in `defs` order, into `out` from `offset`; `row` is the last row
   * reached. Whatever depends on prices alone (realised variance, benchmarks) belongs here, in one
   * pass over the path, rather than in `step`.
   */
  finish(path: MarketPath, row: number, now: number, out: Float64Array, offset: number): void;
}
