/**
 * Streaming statistics of every metric of one simulation over many paths: moments with confidence
 * intervals (RunningStats) and quantiles (QuantileSketch) per metric. Memory is fixed by the number
 * of metrics, not paths. Moments are merged block by block in block order and sketches by exact
 * count addition, so results are the same on any number of threads.
 */
import { QuantileSketch, type SketchJson, type SketchMessage } from '../core/quantile-sketch.js';
import { RunningStats } from '../core/running-stats.js';
import type { MetricDef } from './path-metrics.js';

export interface MetricSummary {
  key: string;
  label: string;
  unit: string;
  /** Paths on which the metric was defined (NaN values are left out). */
  n: number;
  mean: number;
  sd: number;
  min: number;
  max: number;
  /** 95% confidence interval of the mean. */
  meanCi: [number, number];
  /** 95% confidence interval of the standard deviation. */
  sdCi: [number, number];
  /** Percentiles p1, p5, p25, p50, p75, p95, p99 (quantile sketch, 0.5% relative accuracy). */
  percentiles: Record<string, number>;
  /** Mean of the worst 5% (lower tail). */
  lowerTail5: number;
}

/**
 * A MetricAccumulator as a worker message (structured clone): the moments of every metric packed
 * in one typed array (RunningStats.writeTo), the sketches as SketchMessage. A thread sends one per
 * merge group and simulation; as objects, 38 metrics made 38 objects to clone each.
 */
export interface AccumulatorMessage {
  stats: Float64Array;
  sketches: SketchMessage[];
}

export const PERCENTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99] as const;

/** Wilson score 95% interval of a proportion p observed over n trials. */
export function wilson(p: number, n: number, z = 1.959963984540054): { low: number; high: number } {
  if (!(n > 0)) return { low: NaN, high: NaN };
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export class MetricAccumulator {
  readonly stats: RunningStats[];
  readonly sketches: QuantileSketch[];

  constructor(readonly defs: readonly MetricDef[], withSketches = true) {
    this.stats = defs.map(() => new RunningStats());
    this.sketches = withSketches ? defs.map(() => new QuantileSketch()) : [];
  }

  /** Adds one path's metric row (`defs.length` values from `offset`). */
  push(row: Float64Array, offset: number): void {
    const n = this.defs.length;
    const stats = this.stats, sketches = this.sketches;
    const withSketches = sketches.length > 0;
    for (let j = 0; j < n; j++) {
      const x = row[offset + j];
      if (x !== x) continue;
      stats[j].push(x);
      if (withSketches) sketches[j].push(x);
    }
  }

  /** Adds one path's row to the quantile sketches only (moments are kept per block elsewhere). */
  pushSketchOnly(row: Float64Array, offset: number): void {
    const sketches = this.sketches;
    for (let j = 0; j < sketches.length; j++) sketches[j].push(row[offset + j]);
  }

  /** Moments merge in call order; sketches merge exactly. */
  merge(other: MetricAccumulator): void {
    this.mergeMoments(other);
    this.mergeSketches(other);
  }

  mergeMoments(other: MetricAccumulator): void {
    for (let j = 0; j < this.stats.length; j++) this.stats[j].merge(other.stats[j]);
  }

  /** Adds a worker's sketches (toMessage) into this accumulator's sketches. */
  mergeSketchMessages(o: AccumulatorMessage): void {
    for (let j = 0; j < this.sketches.length && j < o.sketches.length; j++) this.sketches[j].mergeMessage(o.sketches[j]);
  }

  /** Empties the sketches (a worker reuses them from task to task). */
  clearSketches(): void {
    for (const s of this.sketches) s.clear();
  }

  mergeSketches(other: MetricAccumulator): void {
    if (this.sketches.length > 0 && other.sketches.length > 0) for (let j = 0; j < this.sketches.length; j++) this.sketches[j].merge(other.sketches[j]);
  }

  summary(key: string): MetricSummary {
    const j = this.defs.findIndex((d) => d.key === key);
    if (j < 0) throw new RangeError(`no metric ${key}`);
    return this.summarize(j);
  }

  summaries(): MetricSummary[] {
    return this.defs.map((_, j) => this.summarize(j));
  }

  private summarize(j: number): MetricSummary {
    const d = this.defs[j];
    const s = this.stats[j];
    const sk = this.sketches[j];
    // A probability (mean of 0/1 outcomes) gets the Wilson score interval, which stays honest near
    // 0 and 1 where the normal interval collapses to a point (0 wipe-outs in 500 paths is not 0%).
    const m = d.unit === 'probability' ? wilson(s.mean, s.n) : s.meanCi(), sd = s.sdCi();
    const percentiles: Record<string, number> = {};
    for (const p of PERCENTILES) percentiles[`p${Math.round(p * 100)}`] = sk ? sk.quantile(p) : NaN;
    return {
      key: d.key,
      label: d.label,
      unit: d.unit,
      n: s.n,
      mean: s.mean,
      sd: s.n > 1 ? s.sd : NaN,
      min: s.min,
      max: s.max,
      meanCi: [m.low, m.high],
      sdCi: [sd.low, sd.high],
      percentiles,
      lowerTail5: sk ? sk.lowerTailMean(0.05) : NaN,
    };
  }

  /** The accumulator as a worker message: moments as plain numbers, sketches as SketchMessage. */
  toMessage(): AccumulatorMessage {
    const stats = new Float64Array(this.stats.length * RunningStats.PACKED);
    for (let j = 0; j < this.stats.length; j++) this.stats[j].writeTo(stats, j * RunningStats.PACKED);
    return { stats, sketches: this.sketches.map((s) => s.toMessage()) };
  }

  /** JSON form (moments as objects, sketches as SketchJson), for files. */
  toJSON(): { stats: ReturnType<RunningStats['toJSON']>[]; sketches: SketchJson[] } {
    return { stats: this.stats.map((s) => s.toJSON()), sketches: this.sketches.map((s) => s.toJSON()) };
  }

  static fromJSON(defs: readonly MetricDef[], o: ReturnType<MetricAccumulator['toJSON']>): MetricAccumulator {
    const a = new MetricAccumulator(defs, o.sketches.length > 0);
    o.stats.forEach((s, j) => a.stats[j].copyFrom(RunningStats.fromJSON(s)));
    o.sketches.forEach((s, j) => (a.sketches[j] = QuantileSketch.fromJSON(s)));
    return a;
  }

  static fromMessage(defs: readonly MetricDef[], o: AccumulatorMessage): MetricAccumulator {
    const a = new MetricAccumulator(defs, o.sketches.length > 0);
    for (let j = 0; j < a.stats.length; j++) a.stats[j].readFrom(o.stats, j * RunningStats.PACKED);
    o.sketches.forEach((s, j) => (a.sketches[j] = QuantileSketch.fromMessage(s)));
    return a;
  }
}
