/**
 * A market path: what the engine reads at each step. Both a simulated path (Monte Carlo) and a
 * historical one (backtest, keeper replay) take this one shape, so the engine does not know or
 * care where prices come from.
 *
 * Layout is time-major: row t holds every asset's price at `times[t]`, so a step reads
 * `prices[t * assets + i]`. Row 0 is the starting point; the engine runs steps 1..steps.
 */
export interface MarketPath {
  /** Number of assets (columns). */
  readonly assets: number;
  /** Asset names, e.g. ["ETH"], used in reports. */
  readonly names: readonly string[];
  /** Number of steps; there are steps + 1 rows. */
  readonly steps: number;
  /** Time of each row, seconds since the epoch (UTC). Length steps + 1. */
  readonly times: Float64Array;
  /** Prices in quote per base, time-major. Length (steps + 1) * assets. */
  readonly prices: Float64Array;
  /**
   * Optional perpetual funding rate per year for each row and asset (positive: longs pay shorts),
   * when the data carries it. Products fall back to their configured rate when absent.
   */
  readonly funding?: Float64Array;
  /**
   * Optional log returns ln(S_t / S_{t-1}), same layout as `prices` (row 0 unused), filled by models
   * that compute them anyway (GBM) so that metrics needing realised variance skip a log per step.
   */
  readonly logReturns?: Float64Array;
}

/** Allocates an empty path with a uniform time grid (for Monte Carlo). */
export function uniformGrid(steps: number, start: number, stepSeconds: number): Float64Array {
  const times = new Float64Array(steps + 1);
  for (let t = 0; t <= steps; t++) times[t] = start + t * stepSeconds;
  return times;
}

/**
 * A single-asset path from a list of prices at a fixed step, starting at `start` (seconds since
 * the epoch). For tests, examples and replaying a handful of known prices.
 */
export function pathFromPrices(prices: readonly number[], stepSeconds: number, start = 0, name = 'asset'): MarketPath {
  return {
    assets: 1,
    names: [name],
    steps: prices.length - 1,
    times: uniformGrid(prices.length - 1, start, stepSeconds),
    prices: Float64Array.from(prices),
  };
}
