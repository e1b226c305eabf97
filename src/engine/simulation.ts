/**
 * One configured strategy: a product, its policy, an executor, a venue and the metrics that judge
 * them. The engine's loop (run-path.ts) drives a Simulation over a market path; backtest, Monte
 * Carlo and (later) the keeper build the same Simulation from the same config and differ only in
 * the path, the clock and the ledger they attach.
 */
import type { Executor } from '../execution/executor.js';
import type { Venue } from '../execution/venue.js';
import type { Ledger } from './ledger.js';
import type { PathMetrics } from './path-metrics.js';
import type { Policy } from './policy.js';
import type { Product } from './product.js';

export interface Simulation<P extends Product = Product> {
  /** Name shown in reports (the policy or variant name). */
  readonly name: string;
  readonly product: P;
  readonly policy: Policy<P>;
  readonly executor: Executor;
  readonly venue: Venue;
  readonly metrics: PathMetrics;
  /** Null in Monte Carlo; a TraceLedger in backtests. */
  ledger: Ledger | null;
}
