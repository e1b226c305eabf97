/**
 * Percentiles of a product's value and level over time across all Monte Carlo paths, for fan
 * charts. At ~100 checkpoint rows each path's value goes into a quantile sketch per checkpoint, so
 * memory is fixed and results merge exactly across threads. A path that ends early (wiped out)
 * carries its final value forward to the remaining checkpoints.
 */
import { QuantileSketch, type SketchMessage } from '../core/quantile-sketch.js';
import type { Fill } from '../execution/fill.js';
import type { Ledger } from '../engine/ledger.js';
import type { TraceSource } from '../engine/trace-ledger.js';
import type { FanChart } from '../report/report-model.js';

export interface FanResult {
  /** Times of the checkpoints, seconds since the epoch. */
  times: number[];
  valueLabel: string;
  valueUnit: string;
  levelLabel: string;
  /** Percentile series: keys p5, p25, p50, p75, p95. */
  value: Record<string, number[]>;
  level: Record<string, number[]>;
}

/** A FanLedger's sketches as a worker message. */
export interface FanMessage {
  value: SketchMessage[];
  level: SketchMessage[];
}

export const FAN_PERCENTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

export class FanLedger implements Ledger {
  readonly rows: Int32Array;
  readonly value: QuantileSketch[];
  readonly level: QuantileSketch[];
  private next = 0;
  private lastValue = 0;
  private lastLevel = 0;

  constructor(readonly source: TraceSource, steps: number, points = 100) {
    const k = Math.min(points, steps);
    const rows = new Set<number>();
    for (let i = 0; i <= k; i++) rows.add(Math.round((i * steps) / k));
    this.rows = Int32Array.from([...rows].sort((a, b) => a - b));
    this.value = Array.from(this.rows, () => new QuantileSketch(0.005, 1e-9, 1e12));
    this.level = Array.from(this.rows, () => new QuantileSketch(0.005, 1e-9, 1e12));
  }

  onTrade(_leg: number, _fill: Fill, _reason: number): void {}

  onStep(row: number, _now: number): void {
    if (row === 0) this.next = 0;
    if (this.next < this.rows.length && row === this.rows[this.next]) {
      this.lastValue = this.source.value();
      this.lastLevel = this.source.level();
      this.value[this.next].push(this.lastValue);
      this.level[this.next].push(this.lastLevel);
      this.next++;
    }
  }

  /** Fills the checkpoints after the last row reached with the path's final state. */
  completePath(): void {
    while (this.next < this.rows.length) {
      this.value[this.next].push(this.lastValue);
      this.level[this.next].push(this.lastLevel);
      this.next++;
    }
  }

  merge(other: FanLedger): void {
    for (let i = 0; i < this.rows.length; i++) {
      this.value[i].merge(other.value[i]);
      this.level[i].merge(other.level[i]);
    }
  }

  /** The fan's sketches as a worker message (see QuantileSketch.toMessage). */
  toMessage(): FanMessage {
    return { value: this.value.map((s) => s.toMessage()), level: this.level.map((s) => s.toMessage()) };
  }

  mergeMessage(o: FanMessage): void {
    for (let i = 0; i < this.rows.length; i++) {
      this.value[i].mergeMessage(o.value[i]);
      this.level[i].mergeMessage(o.level[i]);
    }
  }

  clear(): void {
    for (const s of this.value) s.clear();
    for (const s of this.level) s.clear();
  }

  result(times: Float64Array): FanResult {
    const pick = (sketches: QuantileSketch[]) => {
      const out: Record<string, number[]> = {};
      for (const p of FAN_PERCENTILES) out[`p${Math.round(p * 100)}`] = sketches.map((s) => s.quantile(p));
      return out;
    };
    return {
      times: Array.from(this.rows, (r) => times[r]),
      valueLabel: this.source.valueLabel,
      valueUnit: this.source.valueUnit,
      levelLabel: this.source.levelLabel,
      value: pick(this.value),
      level: pick(this.level),
    };
  }
}

/**
 * The fan chart of a run's value over time: median with the 25-75% and 5-95% ranges of all paths.
 * Each product family gives its own title and caption (and a log axis where values compound).
 */
export function fanChartOf(f: FanResult, title: string, caption: string, log = false): FanChart {
  return {
    type: 'fan',
    title,
    caption,
    x: { label: 'Date', time: true, values: f.times },
    y: { label: f.valueLabel, unit: f.valueUnit, log },
    median: f.value.p50,
    bands: [
      { name: '5-95%', lower: f.value.p5, upper: f.value.p95 },
      { name: '25-75%', lower: f.value.p25, upper: f.value.p75 },
    ],
  };
}
