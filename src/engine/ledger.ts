/**
 * What happened, for metrics, reports and recovery. The executor reports every trade attempt; the
 * engine reports each step. The in-memory `TraceLedger` (trace-ledger.ts) keeps time series and a
 * trade log for backtests and reports; Monte Carlo runs without a ledger; the keeper will use a
 * durable one behind this same interface.
 */
import type { Fill } from '../execution/fill.js';

export interface Ledger {
  /** A trade attempt on `leg`, started by `reason` (a Signal); time and target are in `fill`. */
  onTrade(leg: number, fill: Fill, reason: number): void;
  /** End of step `row` at time `now`, after the product, policy and executor have acted. */
  onStep(row: number, now: number): void;
}
