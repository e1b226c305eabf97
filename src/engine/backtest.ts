/**
 * A backtest: one market path (history or a single simulated path) through one simulation, with a
 * trace ledger attached. Same loop as Monte Carlo (`runPath`); only the ledger differs.
 */
import type { MarketPath } from '../market/market-path.js';
import type { MetricDef } from './path-metrics.js';
import { runPath } from './run-path.js';
import type { Simulation } from './simulation.js';
import { TraceLedger, type TraceSource } from './trace-ledger.js';

export interface BacktestResult {
  name: string;
  /** Path metrics, keyed by MetricDef.key. */
  metrics: Record<string, number>;
  defs: readonly MetricDef[];
  trace: TraceLedger;
  /** Last row reached (smaller than path.steps when the product ended early). */
  lastRow: number;
}

export function runBacktest(sim: Simulation, source: TraceSource, path: MarketPath): BacktestResult {
  const trace = new TraceLedger(source, path.steps + 1);
  const previous = sim.ledger;
  sim.ledger = trace;
  const out = new Float64Array(sim.metrics.defs.length);
  try {
    const lastRow = runPath(sim, path, out, 0);
    const metrics: Record<string, number> = {};
    sim.metrics.defs.forEach((d, j) => (metrics[d.key] = out[j]));
    return { name: sim.name, metrics, defs: sim.metrics.defs, trace, lastRow };
  } finally {
    sim.ledger = previous;
  }
}
