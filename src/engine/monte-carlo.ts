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
import type { Ledger } from './ledger.js';
import type { MetricDef } from './path-metrics.js';
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

/** Fewest paths a benchmark warm-up runs (see BlockRunner.warmUp). */
export const WARM_UP_MIN_PATHS = 4096;

/** Short paths a BlockRunner runs before its first block, and their steps (see BlockRunner.prime). */
const PRIME_PATHS = 12;
const PRIME_STEPS = 8;

/**
 * Blocks are merged in groups: the moments of a group's blocks in block order, then the groups in
 * group order. The group size depends on the plan alone (about 32 groups, at most 64 blocks each),
 * so one thread and many follow the same merge tree and give the same bits; workers send one result
 * per group, and the main thread's backlog of groups finished out of order stays bounded however
 * many paths run.
 */
export const MAX_MERGE_GROUP = 64;

export function blockCount(plan: Pick<MonteCarloPlan, 'paths' | 'blockSize'>): number {
  return Math.ceil(plan.paths / plan.blockSize);
}

/** Blocks per merge group of a plan. */
export function mergeGroupSize(plan: Pick<MonteCarloPlan, 'paths' | 'blockSize'>): number {
  return Math.min(MAX_MERGE_GROUP, Math.max(1, Math.ceil(blockCount(plan) / 32)));
}

export function groupCount(plan: Pick<MonteCarloPlan, 'paths' | 'blockSize'>): number {
  return Math.ceil(blockCount(plan) / mergeGroupSize(plan));
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

/** What a block (or a merge group of blocks) produces: moments per simulation, and per-path differences from simulation 0. */
export interface BlockResult {
  /** Block index, or group index for the result of `runGroup`. */
  block: number;
  moments: MetricAccumulator[];
  /** For simulations 1..K-1: moments of (metric_k - metric_0) on the same paths. Empty with one simulation. */
  paired: MetricAccumulator[];
}

/** Optional per-path observers of a Monte Carlo run (fan charts). */
export interface PathObserver extends Ledger {
  /** Called after each path, with the last row the simulation reached. */
  completePath(): void;
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
  private readonly diff: Float64Array;
  private readonly dt: number;
  /** Path-steps simulated so far (for throughput figures): paths x steps actually run. */
  pathSteps = 0;
  pathsDone = 0;
  /** True during warmUp: observers see nothing. */
  private warming = false;
  /** Whether the short priming paths have run (see prime). */
  private primed = false;

  constructor(
    readonly plan: MonteCarloPlan,
    readonly sims: readonly Simulation[],
    /** One observer per simulation (or null), attached as its ledger. */
    readonly observers: readonly (PathObserver | null)[] | null = null,
  ) {
    this.path = allocatePath(plan);
    this.dt = plan.stepSeconds / SECONDS_PER_YEAR;
    this.rows = sims.map((s) => new Float64Array(s.metrics.defs.length));
    this.diff = new Float64Array(sims[0]?.metrics.defs.length ?? 0);
    this.sketches = sims.map((s) => new MetricAccumulator(s.metrics.defs, true));
  }

  /**
   * Runs block `block`: every path of it through every simulation, on the same prices. `seed` is
   * the plan's, or another for warming up (see warmUp). It has no default on purpose: a default's
   * code ran only in the timed run, not in the warm-up, and V8 counts a function that meets new
   * code as not yet settled. It then compiled this function (with the whole step loop inlined:
   * 40 to 80 ms of compiler time) during the timed run, on a core the other pool thread needed
   * (measured on hedge, two threads: three such compilations inside a 0.7 s run).
   */
  runBlock(block: number, seed: number): BlockResult {
    if (this.primed === false) this.prime();
    const { plan, sims } = this;
    // Both loads run in a warm-up too: a property load first met in the timed run deoptimizes the
    // block loop (no type feedback) and has V8 compile it again while the clock runs.
    const all = this.observers;
    const observers = this.warming === true ? null : all;
    this.rng.reseed(seed, block);
    for (let k = 0; k < sims.length; k++) sims[k].ledger = observers === null ? null : (observers[k] ?? null);
    const result = this.emptyResult(block);
    const first = block * plan.blockSize;
    this.runPaths(first, Math.min(plan.paths, first + plan.blockSize), observers, result.moments, result.paired);
    return result;
  }

  /** Empty moments for every simulation and for the paired differences (simulations 1..K-1), for block or group `index`. */
  private emptyResult(index: number): BlockResult {
    const moments: MetricAccumulator[] = [];
    const paired: MetricAccumulator[] = [];
    for (let k = 0; k < this.sims.length; k++) {
      const defs = this.sims[k].metrics.defs;
      moments.push(new MetricAccumulator(defs, false));
      if (k > 0) paired.push(new MetricAccumulator(defs, false));
    }
    return { block: index, moments, paired };
  }

  /**
   * Paths `first..last-1` of the current random stream through every simulation. The loop that V8
   * compiles with the whole step loop inlined, so it is kept apart from runBlock's per-block set-up:
   * nothing in it runs for the first time after the first path.
   */
  private runPaths(first: number, last: number, observers: readonly (PathObserver | null)[] | null, moments: MetricAccumulator[], paired: MetricAccumulator[]): void {
    const { plan, sims, path, rows, diff } = this;
    for (let p = first; p < last; p++) {
      plan.model.generate(this.normals, path.prices, plan.steps, this.dt, path.logReturns);
      for (let k = 0; k < sims.length; k++) {
        const row = rows[k];
        this.pathSteps += runPath(sims[k], path, row, 0);
        const obs = observers === null ? null : observers[k];
        if (obs) obs.completePath();
        moments[k].push(row, 0);
        this.sketches[k].pushSketchOnly(row, 0);
        if (k > 0 && row.length === diff.length) {
          const base = rows[0];
          for (let j = 0; j < diff.length; j++) diff[j] = row[j] - base[j];
          paired[k - 1].push(diff, 0);
        }
      }
      this.pathsDone++;
    }
  }

  /**
   * Runs a few short paths (PRIME_PATHS of PRIME_STEPS steps on stream 0 of the seed, results
   * dropped) through the model and every simulation before the first block. Why: V8 keeps type
   * records for a function only from its first few calls on, and compiles a function whose call is
   * one long loop (a path generator, the step loop) while it is still inside its first call. The
   * lines before that loop had then run unrecorded, the compiled code bailed out on them at the next
   * call, and in a run of a few thousand paths V8 often left it uncompiled. Measured on lt, one
   * thread: with the normal sampler primed (NormalSampler.prime) but not this, 2 to 4 runs in 14
   * were 20% slower from start to end; with both, 1 in 32. Short paths call every function a dozen
   * times first; they take well under a millisecond and change no result (the simulations reset at
   * the start of every path, and each block reseeds its own random stream).
   */
  private prime(): void {
    this.primed = true;
    const { plan, sims, rows } = this;
    const short = allocatePath({ ...plan, steps: Math.min(PRIME_STEPS, plan.steps) });
    const ledgers = sims.map((s) => s.ledger);
    for (const sim of sims) sim.ledger = null;
    this.rng.reseed(plan.seed, 0);
    for (let p = 0; p < PRIME_PATHS; p++) {
      plan.model.generate(this.normals, short.prices, short.steps, this.dt, short.logReturns);
      for (let k = 0; k < sims.length; k++) runPath(sims[k], short, rows[k], 0);
    }
    sims.forEach((sim, k) => (sim.ledger = ledgers[k]));
  }

  /**
   * Runs merge group `group` (see mergeGroupSize) and merges its blocks' moments in block order.
   * `onBlock` is called after each block (progress).
   */
  runGroup(group: number, onBlock?: () => void): BlockResult {
    const size = mergeGroupSize(this.plan);
    const first = group * size;
    const last = Math.min(blockCount(this.plan), first + size);
    const { moments, paired } = this.emptyResult(group);
    for (let b = first; b < last; b++) {
      const r = this.runBlock(b, this.plan.seed);
      for (let k = 0; k < moments.length; k++) moments[k].mergeMoments(r.moments[k]);
      for (let k = 0; k < paired.length; k++) paired[k].mergeMoments(r.paired[k]);
      onBlock?.();
    }
    return { block: group, moments, paired };
  }

  /**
   * Benchmarks only: runs about `pathSteps` path-steps of the plan's blocks on another seed through
   * this runner, then forgets them (sketches emptied, counters zeroed), so that V8 has compiled
   * the loop for these very objects before the timed run, as the C reference is compiled before
   * it runs. A warm-up on other objects is not enough: building new ones deoptimizes code that depends on the old ones' field types
   * (measured on lt: the first timed run after such a warm-up ran at 21.6 ns per path-step, later
   * ones at 19.7). Blocks, not groups: warmed through `runGroup`, V8 optimized that function with
   * the block loop inlined into it, and the timed run used that code, 12% slower on lt (50.5M ->
   * 44M path-steps a second). `lastBlock`, if given, sees the last warm-up block's result before
   * the runner forgets it.
   *
   * At least WARM_UP_MIN_PATHS paths, however short they are: V8 compiles the path loop
   * (runPaths) only after about 2,000 paths, whatever their length. With 10 million path-steps
   * alone lt warmed up on 1,280 paths, and the path loop was compiled 110 ms into the timed run
   * (20 to 30 ms of compiler time on a core the other pool thread needed).
   */
  warmUp(pathSteps: number, lastBlock?: (result: BlockResult) => void): void {
    const blocks = blockCount(this.plan);
    const byPathSteps = Math.ceil(pathSteps / (this.plan.steps * this.plan.blockSize));
    const runs = Math.max(1, byPathSteps, Math.ceil(WARM_UP_MIN_PATHS / this.plan.blockSize));
    this.warming = true;
    let last: BlockResult | null = null;
    for (let k = 0; k < runs; k++) last = this.runBlock(k % blocks, this.plan.seed + 1);
    this.warming = false;
    // While the sketches still hold the warm-up's values (the pool packs them like a result).
    if (lastBlock && last) lastBlock(last);
    for (const s of this.sketches) s.clearSketches();
    this.pathSteps = 0;
    this.pathsDone = 0;
  }

  /** Regenerates path `index` of the plan (for a traced sample path) into this runner's buffer. */
  generatePath(index: number): MarketPath {
    const block = Math.floor(index / this.plan.blockSize);
    this.rng.reseed(this.plan.seed, block);
    for (let p = block * this.plan.blockSize; p <= index; p++) {
      this.plan.model.generate(this.normals, this.path.prices, this.plan.steps, this.dt, this.path.logReturns);
    }
    return this.path;
  }
}

/**
 * Merges per-group results (`runGroup`) in group order into final accumulators (with sketches
 * merged from each runner). Used by both the single-thread and the worker-pool runners, so both
 * give the same bits.
 */
export class BlockMerger {
  private readonly pending = new Map<number, BlockResult>();
  private next: number;
  readonly totals: MetricAccumulator[];
  readonly paired: MetricAccumulator[];

  constructor(defs: readonly (readonly MetricDef[])[], startBlock = 0) {
    this.totals = defs.map((d) => new MetricAccumulator(d, true));
    this.paired = defs.slice(1).map((d) => new MetricAccumulator(d, false));
    this.next = startBlock;
  }

  /** Accepts a block's result in any order; merges every block that is now contiguous. */
  add(result: BlockResult): void {
    this.pending.set(result.block, result);
    for (;;) {
      const r = this.pending.get(this.next);
      if (!r) break;
      this.pending.delete(this.next);
      for (let k = 0; k < r.moments.length; k++) this.totals[k].mergeMoments(r.moments[k]);
      for (let k = 0; k < r.paired.length; k++) this.paired[k].mergeMoments(r.paired[k]);
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
