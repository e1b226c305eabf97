/**
 * What an options backtest records at each step, for charts and CSV: per underlying the price, the
 * options' delta, the hedge and the net delta left open (and the cost-aware band's edges when the
 * policy has one); for the book its P&L so far, the options' model value, Hull's cumulative cost of
 * hedging and the costs paid.
 */
import type { MetricDef } from '../../engine/path-metrics.js';
import type { TraceSource } from '../../engine/trace-ledger.js';
import type { OptionsBook } from './book.js';
import { HEDGE_TRIGGER_NAMES, type OptionsHedgePolicy } from './policy.js';

const PER_LEG: readonly MetricDef[] = [
  { key: 'price', label: 'Underlying price', unit: 'quote per base' },
  { key: 'optionDelta', label: 'Options delta', unit: 'units' },
  { key: 'hedge', label: 'Hedge position', unit: 'units' },
  { key: 'netDelta', label: 'Net delta after hedging', unit: 'units' },
  { key: 'bandLower', label: 'Cost-aware band, lower edge', unit: 'units' },
  { key: 'bandUpper', label: 'Cost-aware band, upper edge', unit: 'units' },
];

const BOOK: readonly MetricDef[] = [
  { key: 'deltaNotional', label: 'Net delta of the book', unit: 'quote', help: 'Sum over underlyings of net delta x price, hedges included.' },
  { key: 'gammaPerPercent', label: 'Gamma P&L of a 1% move', unit: 'quote', help: 'Sum of 1/2 Gamma S^2 (1%)^2: what a 1% move earns (long gamma) or costs (short) after delta.' },
  { key: 'vegaPerVolPoint', label: 'Vega per vol point', unit: 'quote' },
  { key: 'thetaPerDay', label: 'Theta per day', unit: 'quote' },
  { key: 'pnl', label: 'P&L so far', unit: 'quote' },
  { key: 'optionValue', label: 'Options at model value', unit: 'quote' },
  { key: 'hedgeCost', label: 'Cumulative cost of hedging (with interest)', unit: 'quote' },
  { key: 'tradingCost', label: 'Trading costs (cumulative)', unit: 'quote' },
  { key: 'funding', label: 'Funding paid (cumulative)', unit: 'quote' },
];

export class OptionsTrace implements TraceSource {
  readonly columns: readonly MetricDef[];
  readonly levelLabel: string;
  readonly valueLabel = 'P&L';
  readonly valueUnit = 'quote';
  private readonly n: number;
  private readonly greeks = new Float64Array(4);

  constructor(private readonly book: OptionsBook, private readonly policy: OptionsHedgePolicy) {
    this.n = book.underlyings;
    const suffix = (i: number) => (this.n > 1 ? `_${book.names[i]}` : '');
    const cols: MetricDef[] = [];
    for (let i = 0; i < this.n; i++) for (const c of PER_LEG) cols.push({ ...c, key: c.key + suffix(i), label: this.n > 1 ? `${c.label} (${book.names[i]})` : c.label });
    cols.push(...BOOK);
    this.columns = cols;
    this.levelLabel = this.n > 1 ? 'net delta (quote)' : 'net delta (units)';
  }

  sample(_row: number, now: number, out: Float64Array): void {
    const b = this.book, p = this.policy;
    let k = 0;
    for (let i = 0; i < this.n; i++) {
      out[k++] = b.spot[i];
      out[k++] = b.optionDelta[i];
      out[k++] = b.hedge[i];
      out[k++] = b.netDelta(i);
      out[k++] = Number.isFinite(p.bandLower[i]) ? p.bandLower[i] : NaN;
      out[k++] = Number.isFinite(p.bandUpper[i]) ? p.bandUpper[i] : NaN;
    }
    b.bookGreeks(now, this.greeks);
    out[k++] = this.greeks[0];
    out[k++] = this.greeks[1];
    out[k++] = this.greeks[2];
    out[k++] = this.greeks[3];
    const optionValue = b.optionsValueAtSpots(now);
    out[k++] = b.cashAndHedgeValueAtSpots() + optionValue - b.startValue;
    out[k++] = optionValue;
    out[k++] = (b.params.initialCash + b.netPremium) * b.growth - b.cash - sumPerpCash(b);
    out[k++] = b.tradingCost();
    out[k++] = b.costFunding;
  }

  level(): number {
    const b = this.book;
    if (this.n === 1) return b.netDelta(0);
    let v = 0;
    for (let i = 0; i < this.n; i++) v += b.netDelta(i) * b.spot[i];
    return v;
  }

  value(): number {
    const b = this.book;
    return b.cashAndHedgeValueAtSpots() + b.optionsValueAtSpots(b.lastTime) - b.startValue;
  }

  triggerName(): string {
    return HEDGE_TRIGGER_NAMES[this.policy.lastTrigger];
  }
}

function sumPerpCash(b: OptionsBook): number {
  let v = 0;
  for (let i = 0; i < b.underlyings; i++) v += b.perpCash[i];
  return v;
}
