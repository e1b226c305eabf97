/**
 * The engine's loop: one path, one simulation. At each step, in this order (NautilusTrader's
 * phases): the venue updates to the new prices, the product marks itself to market, the policy
 * looks and may signal, the executor works targets into trades at the venue, metrics and the
 * ledger record.
 *
 * Hot paths compare against numeric literals with the constant's name in a comment beside
 * them: an imported constant object costs V8 a cell load, a map check and a property load on
 * every step.
 *
 * This function is the single implementation used by backtests, Monte Carlo, comparisons, sweeps
 * and benchmarks; the keeper calls `stepOnce` with live prices. It is written for V8: the
 * simulation's members are read into locals once, the loop body is plain calls on them (monomorphic
 * in a process that runs one kind of product, so the JIT inlines them), and nothing allocates.
 */
import type { Executor } from '../execution/executor.js';
import type { Venue } from '../execution/venue.js';
import type { MarketPath } from '../market/market-path.js';
import type { Policy } from './policy.js';
import type { Product } from './product.js';
import { Signal } from './signal.js';
import type { Simulation } from './simulation.js';

/**
 * Runs `sim` over rows 0..path.steps of `path`. Returns the last row reached (smaller than
 * path.steps when the product ended early). Metrics are finished into `out` at `offset`.
 */
export function runPath(sim: Simulation, path: MarketPath, out: Float64Array, offset: number): number {
  const { product, policy, executor, venue, metrics, ledger } = sim;
  const prices = path.prices, times = path.times, steps = path.steps;
  const now = times[0];
  venue.reset(prices, 0, now);
  product.reset(prices, 0, now);
  policy.reset(product, prices, 0, now);
  executor.reset();
  executor.ledger = ledger;
  decide(sim, prices, 0, now);
  // Metrics start from the state after the start's decisions (the initial hedge or rebalance),
  // which is what the first step carries.
  metrics.reset(path, 0, now);
  if (ledger !== null) ledger.onStep(0, now);
  const row = runSteps(sim, prices, times, steps);
  metrics.finish(path, row, times[row], out, offset);
  return row;
}

/**
 * Rows 1..steps of one path; returns the last row reached. Its own function so that the code V8
 * compiles for the loop (often by on-stack replacement, mid-path) has a plain return as its only
 * exit, instead of the once-per-path finishing calls it would otherwise bail out to the
 * interpreter for.
 */
function runSteps(sim: Simulation, prices: Float64Array, times: Float64Array, steps: number): number {
  const { product, policy, executor, venue, metrics, ledger } = sim;
  let row = 0;
  while (row < steps) {
    row++;
    const now = times[row];
    venue.update(prices, row, now);
    const alive = product.mark(prices, row, now);
    if (alive) {
      // decide(), with the simulation's members already in locals.
      const signal = policy.evaluate(product, prices, row, now);
      if (signal !== 0 /* Signal.None */) {
        executor.now = now;
        dispatch(product, policy, executor, venue, signal, prices, row);
      }
      if (executor.busy > 0) {
        executor.now = now;
        executor.work(product, venue, prices, row);
      }
    }
    metrics.step(prices, row, now);
    if (ledger !== null) ledger.onStep(row, now);
    if (!alive) break;
  }
  return row;
}

/** The policy-executor phase of one step, shared by `runPath` and the keeper. */
export function decide(sim: Simulation, prices: Float64Array, row: number, now: number): void {
  const signal = sim.policy.evaluate(sim.product, prices, row, now);
  sim.executor.now = now;
  if (signal !== Signal.None) dispatch(sim.product, sim.policy, sim.executor, sim.venue, signal, prices, row);
  if (sim.executor.busy > 0) sim.executor.work(sim.product, sim.venue, prices, row);
}

/**
 * Hands a signal's targets to the executor, leg by leg (the members come as arguments: the step
 * loop has them in locals already). A single leg, the usual case, skips the loop over the mask.
 */
function dispatch(product: Product, policy: Policy, executor: Executor, venue: Venue, signal: number, prices: Float64Array, row: number): void {
  const mask = policy.legMask, targets = policy.targets;
  if (mask === 1) {
    executor.submit(product, venue, 0, signal, targets, prices, row);
    return;
  }
  for (let leg = 0; leg < product.legs; leg++) {
    if ((mask >> leg) & 1) executor.submit(product, venue, leg, signal, targets, prices, row);
  }
}
