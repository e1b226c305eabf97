/**
 * Runs a resolved config: a backtest of every variant on the history, or a Monte Carlo run of
 * every variant on common random numbers (on this thread or a worker pool), plus one traced path
 * per variant for charts. The library entry point behind `keel simulate` and `keel compare`.
 */
import { Stopwatch } from '../core/stopwatch.js';
import { runBacktest } from '../engine/backtest.js';
import { MetricAccumulator, type MetricSummary } from '../engine/metric-accumulator.js';
import { BlockMerger, BlockRunner, blockCount, groupCount, type MonteCarloPlan } from '../engine/monte-carlo.js';
import { buildVariant, type ResolvedConfig } from '../config/config.js';
import type { FamilySimulation } from '../config/family.js';
import { FanLedger } from './fan.js';
import type { HistogramResult, RunResults, VariantResult } from './results.js';
import { runBlocksOnPool } from './pool.js';

export interface RunOptions {
  /** Overrides of the config's monteCarlo section. */
  paths?: number;
  seed?: number;
  threads?: number;
  /** Run only the base config (simulate) or all variants (compare). Default 'all'. */
  variants?: 'base' | 'all';
  /** Fan charts over time (costs a little per step). Default true. */
  fan?: boolean;
  /** Called after each block (Monte Carlo) or variant (backtest). */
  onProgress?: (done: number, total: number) => void;
  /**
   * Benchmarks only: run this many path-steps (and at least WARM_UP_MIN_PATHS paths) untimed on another seed first (on this thread or
   * every worker thread, through the simulations the timed run uses), so the timed run measures
   * compiled code. Ordinary runs skip it.
   */
  warmUpPathSteps?: number;
}

/** Metrics whose distribution a report draws as a histogram, per family (first found wins). */
const HISTOGRAM_KEYS = ['logNav', 'decayVsContinuous', 'pnl', 'netPnl', 'hedgeError', 'finalNav'];

export function planOf(config: ResolvedConfig, options: RunOptions = {}): MonteCarloPlan {
  const m = config.market;
  if (m.kind !== 'model') throw new Error('planOf needs a simulated market');
  return {
    model: m.model,
    steps: m.steps,
    stepSeconds: m.stepSeconds,
    start: m.start,
    paths: options.paths ?? config.monteCarlo.paths,
    seed: options.seed ?? config.monteCarlo.seed,
    blockSize: config.monteCarlo.blockSize,
  };
}

function backtestSummaries(metrics: Record<string, number>, defs: VariantResult['defs']): MetricSummary[] {
  return defs.map((d) => {
    const v = metrics[d.key];
    return { key: d.key, label: d.label, unit: d.unit, n: Number.isNaN(v) ? 0 : 1, mean: v, sd: NaN, min: v, max: v, meanCi: [NaN, NaN], sdCi: [NaN, NaN], percentiles: {}, lowerTail5: NaN };
  });
}

export async function runConfig(config: ResolvedConfig, options: RunOptions = {}): Promise<RunResults> {
  const variants = options.variants === 'base' ? config.variants.slice(0, 1) : config.variants;
  const built = variants.map((v) => buildVariant(config, v));
  const watch = new Stopwatch();
  if (config.market.kind === 'history') {
    const path = config.market.path;
    const results: VariantResult[] = built.map((b, i) => {
      b.attachPath?.(path);
      const sample = runBacktest(b.sim, b.trace, path);
      options.onProgress?.(i + 1, built.length);
      return { name: b.sim.name, defs: b.sim.metrics.defs, summaries: backtestSummaries(sample.metrics, b.sim.metrics.defs), sample };
    });
    return { mode: 'backtest', config, variants: results, paths: 1, steps: path.steps, seed: 0, threads: 1, blockSize: 1, seconds: watch.seconds(), pathSteps: results.reduce((a, r) => a + r.sample.lastRow, 0) };
  }
  const plan = planOf(config, options);
  const threads = Math.max(1, Math.min(options.threads ?? config.monteCarlo.threads, blockCount(plan)));
  const withFan = options.fan ?? true;
  const fans = withFan ? built.map((b) => new FanLedger(b.trace, plan.steps)) : null;
  const merger = new BlockMerger(built.map((b) => b.sim.metrics.defs));
  let pathSteps = 0;
  let seconds: number;
  if (threads === 1) {
    const runner = new BlockRunner(plan, built.map((b) => b.sim), fans);
    if (options.warmUpPathSteps) {
      runner.warmUp(options.warmUpPathSteps);
      watch.restart();
    }
    const blocks = blockCount(plan);
    let done = 0;
    for (let g = 0; g < groupCount(plan); g++) merger.add(runner.runGroup(g, () => options.onProgress?.(++done, blocks)));
    merger.addSketches(runner.sketches);
    pathSteps = runner.pathSteps;
    seconds = watch.seconds();
  } else {
    ({ pathSteps, seconds } = await runBlocksOnPool({ config, options: { ...options, threads }, plan, merger, fans }));
  }
  return {
    mode: 'monte-carlo',
    config,
    variants: built.map((b, k) => monteCarloVariant(b, k, plan, merger, fans?.[k] ?? null)),
    paths: plan.paths,
    steps: plan.steps,
    seed: plan.seed,
    threads,
    blockSize: plan.blockSize,
    seconds,
    pathSteps,
  };
}

function monteCarloVariant(b: FamilySimulation, k: number, plan: MonteCarloPlan, merger: BlockMerger, fan: FanLedger | null): VariantResult {
  const acc: MetricAccumulator = merger.totals[k];
  const histograms: Record<string, HistogramResult> = {};
  for (const key of HISTOGRAM_KEYS) {
    const j = acc.defs.findIndex((d) => d.key === key);
    if (j >= 0 && acc.sketches[j]?.count > 0) histograms[key] = acc.sketches[j].histogram(40);
  }
  // Trace path 0 for the report's sample-path charts: same prices every variant saw first.
  const runner = new BlockRunner({ ...plan, paths: 1 }, [b.sim]);
  const path = runner.generatePath(0);
  const sample = runBacktest(b.sim, b.trace, path);
  return {
    name: b.sim.name,
    defs: b.sim.metrics.defs,
    summaries: acc.summaries(),
    paired: k > 0 ? merger.paired[k - 1].summaries() : undefined,
    histograms,
    fan: fan ? fan.result(runner.path.times) : undefined,
    sample,
  };
}
