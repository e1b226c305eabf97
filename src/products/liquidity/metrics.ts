/**
 * What an LP position earned and lost on one path: value against holding (impermanent loss), fees
 * from fee growth split by who paid them, loss-versus-rebalancing realised against arbitrageurs
 * and its closed form, the arbitrageurs' profit, rebalancing costs, the net P&L against the hedge,
 * the fee rate at which the range breaks even, and the pool-wide flow.
 *
 * Per step only the running mean of the value and the time in range (two additions); the rest is
 * read from the position and the venue's flow statistics at the end of the path.
 */
import { SECONDS_PER_YEAR } from '../../core/units.js';
import type { MetricDef, PathMetrics } from '../../engine/path-metrics.js';
import type { PoolVenue } from '../../execution/pool-venue.js';
import type { MarketPath } from '../../market/market-path.js';
import type { LpRangePolicy } from './policy.js';
import type { LpPosition } from './position.js';

export const LP_METRICS: readonly MetricDef[] = [
  { key: 'finalValue', label: 'Final value', unit: 'quote', help: 'Principal, fees owed and idle tokens of the position at the external price at the end of the path.' },
  { key: 'pnl', label: 'P&L', unit: 'quote', help: 'Final value minus the initial value, at the external price.' },
  { key: 'hodlValue', label: 'Holding value', unit: 'quote', help: 'The initial tokens, held instead of provided, at the final price.' },
  { key: 'vsHodl', label: 'Value vs holding', unit: 'fraction', help: 'Final value / holding value - 1, fees included.' },
  { key: 'il', label: 'Impermanent loss', unit: 'fraction', help: 'Final value less the fee tokens earned (at the final price), over the holding value, minus 1: the loss against holding before fees. Re-centred positions realise it at every rebalance, so with fees reinvested it can pass -100%.' },
  { key: 'fees', label: 'Fees', unit: 'quote', help: 'Fee income from the pool\'s fee growth (v3) or the share of each swap\'s fee kept in the reserves (v2, weighted), valued at the external price when earned.' },
  { key: 'feesFromArbitrage', label: 'Fees from arbitrageurs', unit: 'quote', help: 'Part of the fees paid by arbitrage swaps.' },
  { key: 'feesFromNoise', label: 'Fees from noise traders', unit: 'quote', help: 'Part of the fees paid by noise traders.' },
  { key: 'lvr', label: 'LVR (realised)', unit: 'quote', help: 'Loss-versus-rebalancing: the LP\'s trades against arbitrageurs marked to the external price, -(dx M + dy) summed over arbitrage swaps.' },
  { key: 'lvrClosedForm', label: 'LVR (closed form)', unit: 'quote', help: 'Sum over steps of (1/2)(ln M_t/M_{t-1})^2 p^2|x\'(p)|: sigma^2/8 of value for constant product, sigma^2 w(1-w)/2 for weighted, sigma^2 L sqrt(p)/4 in a v3 range, on the path\'s realised variance.' },
  { key: 'lvrRatio', label: 'Realised / closed-form LVR', unit: 'ratio', help: 'Realised LVR over its closed form: about 1 with arbitrage every block. With fees it stays near 1: the LP still rebalances along its curve, and LVR splits into the arbitrageurs\' profit (ARB) and the fees they pay.' },
  { key: 'arbLoss', label: 'Loss to arbitrageurs (ARB)', unit: 'quote', help: 'Realised LVR minus the fees arbitrageurs paid the position: the arbitrageurs\' profit taken from this LP.' },
  { key: 'noisePnl', label: 'P&L against noise traders', unit: 'quote', help: 'The LP\'s trades with noise traders marked to the external price (usually a gain: arbitrage then reverts their impact, which LVR counts).' },
  { key: 'otherMarkout', label: 'Loss to other traders', unit: 'quote', help: 'Trades against other traders and sandwich attackers marked to the external price.' },
  { key: 'swapFees', label: 'Rebalance swap fees', unit: 'quote', help: 'Pool fees the position paid on its own rebalancing swaps.' },
  { key: 'swapImpact', label: 'Rebalance swap impact', unit: 'quote', help: '(price - external price) x units of its swaps: the curve\'s slippage and the pool\'s gap to the market.' },
  { key: 'gas', label: 'Gas', unit: 'quote', help: 'Gas of rebalances (burn, collect, mint) and of their swaps.' },
  { key: 'rebalanceCost', label: 'Rebalancing costs', unit: 'quote', help: 'Swap fees + swap impact + gas.' },
  { key: 'netPnl', label: 'Net P&L', unit: 'quote', help: 'Fees - LVR + noise P&L - other markouts - rebalancing costs: the P&L of the LP hedged with the rebalancing portfolio.' },
  { key: 'hedgedPnl', label: 'Hedged P&L (value)', unit: 'quote', help: 'Final value - initial value - the rebalancing portfolio\'s gain sum X dM: equal to the net P&L up to exact-pool rounding (see residual).' },
  { key: 'residual', label: 'Accounting residual', unit: 'quote', help: 'Hedged P&L - net P&L: zero but for the rounding of exact pools on mint and burn.' },
  { key: 'feeApr', label: 'Fee APR', unit: 'fraction', help: 'Fees / mean value / years.' },
  { key: 'lvrApr', label: 'LVR APR', unit: 'fraction', help: 'Realised LVR / mean value / years.' },
  { key: 'netApr', label: 'Net APR', unit: 'fraction', help: 'Net P&L / mean value / years.' },
  { key: 'breakEvenFeeBps', label: 'Break-even fee', unit: 'bps', help: 'Pool fee at which fees would cover LVR, other markouts and rebalancing costs, fees scaling with the fee rate at the same volume: fee x (LVR - noise P&L + other + costs) / fees.' },
  { key: 'lvrClosedFormApr', label: 'Closed-form LVR APR', unit: 'fraction', help: 'Closed-form LVR / mean value / years: the fee APR the ranges need to break even against LVR.' },
  { key: 'timeInRange', label: 'Time in range', unit: 'fraction', help: 'Share of steps that ended with the pool\'s tick inside the base range.' },
  { key: 'rebalances', label: 'Rebalances', unit: 'count', help: 'Rebalances completed.' },
  { key: 'swaps', label: 'Rebalance swaps', unit: 'count' },
  { key: 'refusedTwap', label: 'Refused by TWAP guard', unit: 'count', help: 'Rebalances refused because the pool\'s tick was too far from its TWAP.' },
  { key: 'refusedSwaps', label: 'Refused swaps', unit: 'count', help: 'Rebalance swaps refused by the minimum output or the venue (the rebalance reverts).' },
  { key: 'poolArbProfit', label: 'Arbitrage profit (pool)', unit: 'quote', help: 'Profit of all arbitrage swaps in the pool at the external price, net of their fees: what every LP lost to arbitrage.' },
  { key: 'poolNoiseVolume', label: 'Noise volume (pool)', unit: 'quote' },
  { key: 'sandwichProfit', label: 'Sandwich profit', unit: 'quote', help: 'Attacker\'s profit from sandwiching this position\'s swaps, after its gas.' },
  { key: 'sandwiches', label: 'Sandwiches', unit: 'count' },
  { key: 'realizedVol', label: 'Realised volatility', unit: 'per sqrt year', help: 'sqrt(sum of squared log returns of the external price / years).' },
];

export class LpMetrics implements PathMetrics {
  readonly defs = LP_METRICS;
  private t0 = 0;
  private sumValue = 0;
  private inRange = 0;
  private steps = 0;

  constructor(
    private readonly lp: LpPosition,
    private readonly policy: LpRangePolicy,
    private readonly venue: PoolVenue,
  ) {}

  reset(_path: MarketPath, _row: number, now: number): void {
    this.t0 = now;
    this.sumValue = this.lp.value;
    this.inRange = this.steps = 0;
  }

  step(): void {
    const lp = this.lp;
    this.sumValue += lp.value;
    if (lp.inRange) this.inRange++;
    this.steps++;
  }

  finish(_path: MarketPath, _row: number, now: number, out: Float64Array, o: number): void {
    const lp = this.lp;
    const st = this.venue.stats;
    const m = lp.price;
    const v0 = lp.value0;
    const v = lp.value;
    const hold = lp.hold0 * m + lp.hold1;
    const years = (now - this.t0) / SECONDS_PER_YEAR;
    const meanValue = this.sumValue / (this.steps + 1);
    const cost = lp.costFee + lp.costImpact + lp.costGas;
    const net = lp.netPnl();
    const hedged = v - v0 - lp.hedgePnl;
    const perYear = (x: number) => (years > 0 && meanValue > 0 ? x / meanValue / years : NaN);
    out[o] = v;
    out[o + 1] = v - v0;
    out[o + 2] = hold;
    out[o + 3] = v / hold - 1;
    out[o + 4] = lp.impermanentLoss();
    out[o + 5] = lp.fees;
    out[o + 6] = lp.feesArb;
    out[o + 7] = lp.feesNoise;
    out[o + 8] = lp.lvr;
    out[o + 9] = lp.lvrClosedForm;
    out[o + 10] = lp.lvrClosedForm > 0 ? lp.lvr / lp.lvrClosedForm : NaN;
    out[o + 11] = lp.lvr - lp.feesArb;
    out[o + 12] = lp.noisePnl;
    out[o + 13] = lp.otherMarkout;
    out[o + 14] = lp.costFee;
    out[o + 15] = lp.costImpact;
    out[o + 16] = lp.costGas;
    out[o + 17] = cost;
    out[o + 18] = net;
    out[o + 19] = hedged;
    out[o + 20] = hedged - net;
    out[o + 21] = perYear(lp.fees);
    out[o + 22] = perYear(lp.lvr);
    out[o + 23] = perYear(net);
    out[o + 24] = lp.fees > 0 ? (lp.pool.feeRate * (lp.lvr - lp.noisePnl + lp.otherMarkout + cost) * 1e4) / lp.fees : NaN;
    out[o + 25] = perYear(lp.lvrClosedForm);
    out[o + 26] = this.steps > 0 ? this.inRange / this.steps : NaN;
    out[o + 27] = lp.rebalances;
    out[o + 28] = lp.swaps;
    out[o + 29] = this.policy.twapRefusals;
    out[o + 30] = lp.refusals;
    out[o + 31] = st.arbProfit;
    out[o + 32] = st.noiseVolume;
    out[o + 33] = st.sandwichProfit;
    out[o + 34] = st.sandwiches;
    out[o + 35] = years > 0 ? Math.sqrt(lp.qv / years) : NaN;
  }
}
