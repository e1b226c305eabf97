/**
 * The Monte Carlo benchmark workloads, as ordinary Keel configs: the benchmark runs them through
 * the same config, engine, product, policy and executor code a user runs, so its throughput is the
 * engine's, not a special kernel's. Statistics carry the names the workload definitions use.
 */
import type { RunResults } from '../app/results.js';

export interface Workload {
  id: string;
  description: string;
  config: (paths: number, seed: number) => Record<string, unknown>;
  /** The workload's statistics from a run's first variant. */
  statistics: (r: RunResults) => Record<string, number>;
}

const stat = (r: RunResults, key: string) => {
  const s = r.variants[0].summaries.find((m) => m.key === key);
  if (!s) throw new Error(`workload result has no metric ${key}`);
  return s;
};

export const WORKLOADS: Record<string, Workload> = {
  lt: {
    id: 'lt',
    description: '3x perp-backed token on GBM (sigma 0.8), hourly for a year; rebalance to 3x when |L - 3| > 0.5 or every 24h; 10 bps per trade',
    config: (paths, seed) => ({
      name: 'Benchmark lt',
      market: { model: 'gbm', s0: 1, mu: 0, sigma: 0.8 },
      // Start at midnight UTC so the daily schedule falls on every 24th hourly step.
      time: { start: '2024-01-01T00:00:00Z', step: '1h', horizon: '365d' },
      monteCarlo: { paths, seed },
      product: { type: 'leveraged-token', target: 3, initialNav: 1, backing: 'perp' },
      policy: { band: { min: 2.5, max: 3.5, recenteringSpeed: 1 }, schedule: { every: '24h' } },
      venue: { type: 'cost-model', feeBps: 10 },
    }),
    statistics: (r) => ({
      meanLogNav: stat(r, 'logNav').mean,
      sdLogNav: stat(r, 'logNav').sd,
      wipedOut: Math.round(stat(r, 'wipedOut').mean * stat(r, 'wipedOut').n),
      meanRebalances: stat(r, 'rebalances').mean,
      meanCosts: stat(r, 'tradingCost').mean,
    }),
  },
  hedge: {
    id: 'hedge',
    description: 'short one call K = 100 on GBM (S0 100, sigma 0.2, r 0), sold at its Black-Scholes price and hedged to the BS delta every hour for 30 days (720 steps), no costs',
    config: (paths, seed) => ({
      name: 'Benchmark hedge',
      market: { model: 'gbm', s0: 100, mu: 0, sigma: 0.2 },
      // 30 days of hourly steps from midnight: the hourly schedule falls on every step, and the
      // option expires at the last one, where it settles and the hedge is sold at no cost.
      time: { start: '2024-01-01T00:00:00Z', step: '1h', horizon: '30d' },
      monteCarlo: { paths, seed },
      product: { type: 'options-book', volatility: { flat: 0.2 }, rate: 0, options: [{ type: 'call', side: 'short', quantity: 1, strike: 100, expiry: '30d' }], attribution: false },
      policy: { schedule: { every: '1h' } },
      venue: { type: 'cost-model' },
    }),
    statistics: (r) => ({
      premium: stat(r, 'premium').mean,
      meanPnl: stat(r, 'pnl').mean,
      sdPnl: stat(r, 'pnl').sd,
    }),
  },
};
