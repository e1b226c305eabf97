/**
 * A venue described by its costs: a proportional fee, a fixed cost per transaction (gas) and price
 * impact that grows linearly or with the square root of the trade's size relative to a depth.
 *
 * Impact, as a fraction of the mid price, for a trade of notional N (quote):
 *   none:   0
 *   linear: coefficient * N / depth     With depth = a constant-product pool's quote reserve this is
 *                                       exactly that pool's average price for a buy paying N quote
 *                                       (fees aside): (y + N) / x = mid (1 + N / y).
 *   sqrt:   coefficient * sqrt(N / depth)   The square-root law of market impact.
 * The average execution price is mid * (1 + impact) for buys and mid * (1 - impact) for sells.
 *
 * A trade whose average price would be worse than the limit is refused whole, as an on-chain
 * swap with a minimum output reverts. No gas is charged for a refusal: keepers simulate a
 * transaction before sending it and do not send one that would revert.
 */
import { ConfigError } from '../core/errors.js';
import type { Fill } from './fill.js';
import type { Venue } from './venue.js';

export type ImpactModel = 'none' | 'linear' | 'sqrt';

export interface CostModelParams {
  /** Proportional fee as a fraction of traded notional (0.001 = 10 bps). */
  fee: number;
  /** Fixed cost per transaction in quote (gas times gas price times the native token's price). */
  gas: number;
  impact: ImpactModel;
  /** Notional in quote that sets the impact scale (see the formulas above). */
  depth: number;
  /** Multiplier of the impact formula, default 1. */
  coefficient: number;
  /** Largest notional (quote) the venue accepts in one transaction; larger trades are refused. */
  maxNotional: number;
}

export const DEFAULT_COST_MODEL: CostModelParams = {
  fee: 0,
  gas: 0,
  impact: 'none',
  depth: Infinity,
  coefficient: 1,
  maxNotional: Infinity,
};

const IMPACT_NONE = 0, IMPACT_LINEAR = 1, IMPACT_SQRT = 2;

export class CostModelVenue implements Venue {
  readonly kind = 'cost-model';
  readonly params: CostModelParams;
  private readonly impactKind: number;
  private readonly assets: number;

  /** @param assets number of asset columns in the price rows this venue reads. */
  constructor(params: Partial<CostModelParams> = {}, assets = 1) {
    this.params = { ...DEFAULT_COST_MODEL, ...params };
    const p = this.params;
    if (!(p.fee >= 0 && p.fee < 1)) throw new ConfigError('venue.fee', `must be a fraction in [0, 1), got ${p.fee}`);
    if (!(p.gas >= 0)) throw new ConfigError('venue.gas', `must be a non-negative quote amount, got ${p.gas}`);
    if (!(p.depth > 0)) throw new ConfigError('venue.impact.depth', `must be a positive quote notional, got ${p.depth}`);
    if (!(p.coefficient >= 0)) throw new ConfigError('venue.impact.coefficient', `must be non-negative, got ${p.coefficient}`);
    if (!(p.maxNotional > 0)) throw new ConfigError('venue.maxNotional', `must be positive, got ${p.maxNotional}`);
    this.impactKind = p.impact === 'linear' ? IMPACT_LINEAR : p.impact === 'sqrt' ? IMPACT_SQRT : IMPACT_NONE;
    this.assets = assets;
  }

  reset(): void {}

  update(): void {}

  /** Impact as a fraction of mid for a trade of `notional` quote. */
  impactFraction(notional: number): number {
    const p = this.params;
    if (this.impactKind === IMPACT_NONE) return 0;
    if (this.impactKind === IMPACT_LINEAR) return (p.coefficient * notional) / p.depth;
    return p.coefficient * Math.sqrt(notional / p.depth);
  }

  trade(asset: number, prices: Float64Array, row: number, fill: Fill): void {
    const mid = prices[row * this.assets + asset];
    const units = fill.requested, limitPrice = fill.limit;
    fill.clear(mid);
    if (units === 0) return;
    const p = this.params;
    const size = units < 0 ? -units : units;
    const notional = size * mid;
    if (notional > p.maxNotional) {
      fill.status = 3; /* FillStatus.RefusedVenue */
      return;
    }
    const impact = this.impactFraction(notional);
    const price = units > 0 ? mid * (1 + impact) : mid * (1 - impact);
    if (units > 0 ? price > limitPrice : price < limitPrice) {
      fill.status = 2; /* FillStatus.RefusedSlippage */
      return;
    }
    fill.units = units;
    fill.price = price;
    fill.gas = p.gas;
    fill.fee = p.fee * size * price;
    fill.impact = (price - mid) * units;
  }
}
