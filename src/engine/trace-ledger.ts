/**
 * The in-memory ledger of a backtest: one row of product state per step (columns defined by the
 * product family's TraceSource) and a log of every trade attempt with its costs by kind. Reports,
 * CSV output and tests read it. Columns are preallocated typed arrays; the trade log grows by
 * doubling.
 */
import { FILL_STATUS_NAMES, type Fill } from '../execution/fill.js';
import type { Ledger } from './ledger.js';
import type { MetricDef } from './path-metrics.js';
import { SIGNAL_NAMES } from './signal.js';

/** What a product family records at each step of a backtest. */
export interface TraceSource {
  readonly columns: readonly MetricDef[];
  /** Writes the current state, in `columns` order, into `out`. Called after each step. */
  sample(row: number, now: number, out: Float64Array): void;
  /** One number describing the product's state right after a trade (leverage, net delta, ...). */
  readonly levelLabel: string;
  level(): number;
  /** The product's value (NAV, P&L, position value), for fan charts over many paths. */
  readonly valueLabel: string;
  readonly valueUnit: string;
  value(): number;
  /** Name of the trigger behind the last signal (for the trade log). */
  triggerName(): string;
}

export interface TradeRecord {
  time: number;
  leg: number;
  /** Signal behind the trade: 'rebalance' or 'emergency'. */
  reason: string;
  /** Trigger that fired the signal: 'schedule', 'band', ... */
  trigger: string;
  target: number;
  units: number;
  price: number;
  mid: number;
  notional: number;
  fee: number;
  gas: number;
  impact: number;
  status: string;
  /** Product level right after the trade (see TraceSource.levelLabel). */
  levelAfter: number;
}

export class TraceLedger implements Ledger {
  readonly times: Float64Array;
  readonly columns: Float64Array[];
  readonly trades: TradeRecord[] = [];
  private readonly buffer: Float64Array;
  /** Last row recorded (the path may end early). */
  lastRow = -1;

  constructor(readonly source: TraceSource, rows: number) {
    this.times = new Float64Array(rows);
    this.columns = source.columns.map(() => new Float64Array(rows).fill(NaN));
    this.buffer = new Float64Array(source.columns.length);
  }

  onStep(row: number, now: number): void {
    this.times[row] = now;
    this.source.sample(row, now, this.buffer);
    for (let j = 0; j < this.columns.length; j++) this.columns[j][row] = this.buffer[j];
    this.lastRow = row;
  }

  onTrade(leg: number, fill: Fill, reason: number): void {
    this.trades.push({
      time: fill.time,
      leg,
      reason: SIGNAL_NAMES[reason] ?? String(reason),
      trigger: this.source.triggerName(),
      target: fill.target,
      units: fill.units,
      price: fill.price,
      mid: fill.mid,
      notional: fill.units * fill.price,
      fee: fill.fee,
      gas: fill.gas,
      impact: fill.impact,
      status: FILL_STATUS_NAMES[fill.status],
      levelAfter: this.source.level(),
    });
  }

  /** Column by key, trimmed to the rows recorded. */
  column(key: string): Float64Array {
    const j = this.source.columns.findIndex((c) => c.key === key);
    if (j < 0) throw new RangeError(`no trace column ${key}; have ${this.source.columns.map((c) => c.key).join(', ')}`);
    return this.columns[j].subarray(0, this.lastRow + 1);
  }
}
