/** What a run produces, for reports, JSON output and tests. */
import type { BacktestResult } from '../engine/backtest.js';
import type { MetricSummary } from '../engine/metric-accumulator.js';
import type { MetricDef } from '../engine/path-metrics.js';
import type { ResolvedConfig } from '../config/config.js';
import type { FanResult } from './fan.js';

export interface HistogramResult {
  bins: { from: number; to: number; count: number }[];
  below: number;
  above: number;
}

export interface VariantResult {
  name: string;
  defs: readonly MetricDef[];
  /** Monte Carlo: statistics of every metric. Backtest: each metric with n = 1 and no interval. */
  summaries: MetricSummary[];
  /** Monte Carlo, variants after the first: statistics of the per-path difference from the first variant. */
  paired?: MetricSummary[];
  /** Monte Carlo: histograms of selected metrics, keyed by metric. */
  histograms?: Record<string, HistogramResult>;
  fan?: FanResult;
  /** The traced path: the history (backtest) or path 0 of the Monte Carlo run. */
  sample: BacktestResult;
}

export interface RunResults {
  mode: 'backtest' | 'monte-carlo';
  config: ResolvedConfig;
  variants: VariantResult[];
  paths: number;
  steps: number;
  seed: number;
  threads: number;
  blockSize: number;
  /** Wall seconds of the simulation itself, and path-steps per second. */
  seconds: number;
  pathSteps: number;
}

/** Plain-JSON summary of a run (what `--json` prints and summary.json holds). */
export function summaryJson(r: RunResults): unknown {
  const metric = (s: MetricSummary) => ({
    mean: s.mean,
    meanCi95: s.meanCi,
    sd: s.sd,
    sdCi95: s.sdCi,
    n: s.n,
    min: s.min,
    max: s.max,
    ...s.percentiles,
    lowerTail5Mean: s.lowerTail5,
    unit: s.unit,
  });
  return {
    name: r.config.name,
    product: r.config.family.type,
    mode: r.mode,
    market: r.config.market.label,
    paths: r.paths,
    steps: r.steps,
    seed: r.mode === 'monte-carlo' ? r.seed : undefined,
    threads: r.threads,
    seconds: r.seconds,
    pathStepsPerSecond: r.seconds > 0 ? r.pathSteps / r.seconds : null,
    variants: r.variants.map((v) => ({
      name: v.name,
      metrics: Object.fromEntries(v.summaries.map((s) => [s.key, r.mode === 'monte-carlo' ? metric(s) : s.mean])),
      differenceFromFirst: v.paired ? Object.fromEntries(v.paired.map((s) => [s.key, { mean: s.mean, meanCi95: s.meanCi }])) : undefined,
    })),
  };
}
