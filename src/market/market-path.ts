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

/**
 * Realised quadratic variation of the log price of `asset` over rows from+1..to: the sum of squared
 * log returns, from the model's `logReturns` when it wrote them (else a log per row). Metrics call it
 * once a path for realised volatility and the continuous-rebalancing benchmark.
 *
 * Four accumulators, summed at the end: with one, every add waits for the previous one's latency
 * (a year of hourly steps is 8,760 dependent adds, about 1 ns per path-step of the hedge benchmark).
 */
export function squaredLogReturns(path: MarketPath, asset: number, from: number, to: number): number {
  const lr = path.logReturns, prices = path.prices, n = path.assets;
  let q0 = 0, q1 = 0, q2 = 0, q3 = 0;
  let t = from + 1;
  if (lr !== undefined) {
    for (let i = t * n + asset; t + 3 <= to; t += 4, i += 4 * n) {
      const x0 = lr[i], x1 = lr[i + n], x2 = lr[i + 2 * n], x3 = lr[i + 3 * n];
      q0 += x0 * x0;
      q1 += x1 * x1;
      q2 += x2 * x2;
      q3 += x3 * x3;
    }
    for (; t <= to; t++) q0 += lr[t * n + asset] * lr[t * n + asset];
  } else {
    for (; t <= to; t++) {
      const x = Math.log(prices[t * n + asset] / prices[(t - 1) * n + asset]);
      if ((t & 1) === 0) q0 += x * x;
      else q1 += x * x;
    }
  }
  return q0 + q1 + q2 + q3;
}
