/**
 * What an LP backtest records at each step, for charts and CSV: the external and pool prices, the
 * base range, value against holding, and the running P&L decomposition (fees, realised and
 * closed-form LVR, noise P&L, costs, net).
 */
import type { MetricDef } from '../../engine/path-metrics.js';
import type { TraceSource } from '../../engine/trace-ledger.js';
import { LP_TRIGGER_NAMES, type LpRangePolicy } from './policy.js';
import type { LpPosition } from './position.js';

export const LP_TRACE: readonly MetricDef[] = [
  { key: 'price', label: 'External price', unit: 'quote per base' },
  { key: 'poolPrice', label: 'Pool price', unit: 'quote per base' },
  { key: 'rangeLower', label: 'Range lower bound', unit: 'quote per base' },
  { key: 'rangeUpper', label: 'Range upper bound', unit: 'quote per base' },
  { key: 'value', label: 'Position value', unit: 'quote' },
  { key: 'hodlValue', label: 'Holding value', unit: 'quote' },
  { key: 'il', label: 'Impermanent loss', unit: 'fraction' },
  { key: 'fees', label: 'Fees (cumulative)', unit: 'quote' },
  { key: 'lvr', label: 'LVR realised (cumulative)', unit: 'quote' },
  { key: 'lvrClosedForm', label: 'LVR closed form (cumulative)', unit: 'quote' },
  { key: 'noisePnl', label: 'P&L vs noise traders (cumulative)', unit: 'quote' },
  { key: 'rebalanceCost', label: 'Rebalancing costs (cumulative)', unit: 'quote' },
  { key: 'netPnl', label: 'Net P&L (cumulative)', unit: 'quote' },
];

export class LpTrace implements TraceSource {
  readonly columns = LP_TRACE;
  readonly levelLabel = 'base share of value';
  readonly valueLabel = 'Position value';
  readonly valueUnit = 'quote';
  private readonly range = new Float64Array(2);

  constructor(private readonly lp: LpPosition, private readonly policy: LpRangePolicy) {}

  sample(_row: number, _now: number, out: Float64Array): void {
    const lp = this.lp;
    lp.rangePrices(this.range);
    out[0] = lp.price;
    out[1] = lp.pool.price();
    out[2] = this.range[0];
    out[3] = this.range[1];
    out[4] = lp.value;
    out[5] = lp.hold0 * lp.price + lp.hold1;
    out[6] = lp.impermanentLoss();
    out[7] = lp.fees;
    out[8] = lp.lvr;
    out[9] = lp.lvrClosedForm;
    out[10] = lp.noisePnl;
    out[11] = lp.costFee + lp.costImpact + lp.costGas;
    out[12] = lp.netPnl();
  }

  level(): number {
    const lp = this.lp;
    return lp.value > 0 ? (lp.baseHeld() * lp.price) / lp.value : 0;
  }

  value(): number {
    return this.lp.value;
  }

  triggerName(): string {
    return LP_TRIGGER_NAMES[this.policy.lastTrigger];
  }
}
