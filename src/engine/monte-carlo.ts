/**
 * Monte Carlo: many paths of a price model through one or more simulations.
 *
 * Paths are grouped in blocks; block k draws from random stream k of the run's seed, so a block
 * gives the same numbers whichever thread runs it, and a run gives the same statistics on any
 * number of threads (moments are merged in block order, quantile sketches by exact addition).
 * Every simulation of a run sees the same price paths (common random numbers), which is what makes
 * a comparison of policies sharp: differences come from the policies, not from luck.
 *
 * Memory is fixed: one path buffer, one metric row per simulation, and streaming statistics.
 */
import { NormalSampler } from '../core/normal.js';
import { Rng } from '../core/rng.js';
import { SECONDS_PER_YEAR } from '../core/units.js';
import { uniformGrid, type MarketPath } from '../market/market-path.js';
import type { PriceModel } from '../market/price-model.js';
import { MetricAccumulator } from './metric-accumulator.js';
import { runPath } from './run-path.js';
import type { Simulation } from './simulation.js';

export interface MonteCarloPlan {
  model: PriceModel;
  /** Steps per path. */
  steps: number;
  /** Seconds per step. */
  stepSeconds: number;
  /** Time of row 0, seconds since the epoch (UTC). */
  start: number;
  paths: number;
  seed: number;
  /** Paths per block (one random stream per block). */
  blockSize: number;
}

export const DEFAULT_BLOCK_SIZE = 256;

export function blockCount(plan: Pick<MonteCarloPlan, 'paths' | 'blockSize'>): number {
  return Math.ceil(plan.paths / plan.blockSize);
}

/** A reusable market path buffer on the plan's uniform time grid. */
export function allocatePath(plan: MonteCarloPlan): MarketPath & { prices: Float64Array } {
  const size = (plan.steps + 1) * plan.model.assets;
  return {
    assets: plan.model.assets,
    names: plan.model.names,
    steps: plan.steps,
    times: uniformGrid(plan.steps, plan.start, plan.stepSeconds),
    prices: new Float64Array(size),
    logReturns: plan.model.writesLogReturns ? new Float64Array(size) : undefined,
  };
}

/**
 * Runs blocks of a plan on this thread. Holds the path buffer and one quantile-sketch accumulator
 * per simulation across all the blocks it runs; returns moments per block.
 */
export class BlockRunner {
  readonly path: MarketPath & { prices: Float64Array };
  readonly sketches: MetricAccumulator[];
  private readonly rng = new Rng(0);
  private readonly normals = new NormalSampler(this.rng);
  private readonly rows: Float64Array[];
  private readonly dt: number;
  /** Path-steps simulated so far (for throughput figures): paths x steps actually run. */
  pathSteps = 0;

  constructor(readonly plan: MonteCarloPlan, readonly sims: readonly Simulation[]) {
    this.path = allocatePath(plan);
    this.dt = plan.stepSeconds / SECONDS_PER_YEAR;
    this.rows = sims.map((s) => new Float64Array(s.metrics.defs.length));
    this.sketches = sims.map((s) => new MetricAccumulator(s.metrics.defs, true));
  }

  /** Runs block `block`; returns one moments-only accumulator per simulation. */
  runBlock(block: number): MetricAccumulator[] {
    const { plan, sims, path, rows } = this;
    this.rng.reseed(plan.seed, block);
    const moments = sims.map((s) => new MetricAccumulator(s.metrics.defs, false));
    const first = block * plan.blockSize;
    const last = Math.min(plan.paths, first + plan.blockSize);
    for (let p = first; p < last; p++) {
      plan.model.generate(this.normals, path.prices, plan.steps, this.dt, path.logReturns);
      for (let k = 0; k < sims.length; k++) {
        const row = rows[k];
        this.pathSteps += runPath(sims[k], path, row, 0);
        moments[k].push(row, 0);
        this.sketches[k].pushSketchOnly(row, 0);
      }
    }
    return moments;
  }
}

export interface MonteCarloResult {
  plan: MonteCarloPlan;
  names: string[];
  /** One accumulator per simulation: moments and quantiles of every metric. */
  accumulators: MetricAccumulator[];
  pathSteps: number;
  seconds: number;
}

/**
 * Merges per-block moments in block order into final accumulators (with sketches merged from
 * each worker). Used by both the single-thread and the worker-pool runners.
 */
export class BlockMerger {
  private readonly pending = new Map<number, MetricAccumulator[]>();
  private next = 0;
  readonly totals: MetricAccumulator[];

  constructor(defs: readonly (readonly import('./path-metrics.js').MetricDef[])[], startBlock = 0) {
    this.totals = defs.map((d) => new MetricAccumulator(d, true));
    this.next = startBlock;
  }

  /** Accepts a block's moments in any order; merges every block that is now contiguous. */
  add(block: number, moments: MetricAccumulator[]): void {
    this.pending.set(block, moments);
    for (;;) {
      const m = this.pending.get(this.next);
      if (!m) break;
      this.pending.delete(this.next);
      for (let k = 0; k < m.length; k++) this.totals[k].mergeMoments(m[k]);
      this.next++;
    }
  }

  addSketches(sketches: MetricAccumulator[]): void {
    for (let k = 0; k < sketches.length; k++) this.totals[k].mergeSketches(sketches[k]);
  }

  /** Blocks merged so far (contiguous from the start block). */
  get merged(): number {
    return this.next;
  }
}
