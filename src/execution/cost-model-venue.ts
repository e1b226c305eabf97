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
import type { Fill, FillStatus } from './fill.js';
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
  // Fields the constructor assigns are `declare`d: see docs/architecture.md (class fields keep their first representation).
  readonly kind = 'cost-model';
  declare readonly params: CostModelParams;
  // The parameters trade() reads, copied into plain fields: it runs on every trade, and a field of
  // this object is one load where `this.params.fee` is two plus a map check.
  declare private readonly impactKind: number;
  declare private readonly assets: number;
  declare private readonly fee: number;
  declare private readonly gas: number;
  declare private readonly maxNotional: number;

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
    this.fee = p.fee;
    this.gas = p.gas;
    this.maxNotional = p.maxNotional;
  }

  reset(): void {}

  update(): void {}

  /** Impact as a fraction of mid for a trade of `notional` quote. */
  impactFraction(notional: number): number {
    if (this.impactKind === IMPACT_NONE) return 0;
    const p = this.params;
    if (this.impactKind === IMPACT_LINEAR) return (p.coefficient * notional) / p.depth;
    return p.coefficient * Math.sqrt(notional / p.depth);
  }

  /**
   * Fills the request in one pass, every result field written once (no `fill.clear` first), and
   * without branches on the side of the trade: a hedge buys or sells at random, and each such
   * branch V8 compiles is mispredicted half the time (about 4 ns each, measured). The slippage
   * guard `buy ? price > limit : price < limit` is written `units x (price - limit) > 0`, the same
   * test (limits of Infinity and 0 included) except for a product below the smallest double.
   */
  trade(asset: number, prices: Float64Array, row: number, fill: Fill): void {
    const mid = prices[row * this.assets + asset];
    const units = fill.requested;
    const size = Math.abs(units);
    const notional = size * mid;
    let price = mid;
    if (this.impactKind !== IMPACT_NONE) {
      const impact = this.impactFraction(notional);
      price = units > 0 ? mid * (1 + impact) : mid * (1 - impact);
    }
    fill.mid = mid;
    if (units === 0 || notional > this.maxNotional || units * (price - fill.limit) > 0) {
      this.refuse(fill, units === 0 ? 0 /* FillStatus.Filled: nothing asked, nothing done */ : notional > this.maxNotional ? 3 /* FillStatus.RefusedVenue */ : 2 /* FillStatus.RefusedSlippage */);
      return;
    }
    fill.units = units;
    fill.price = price;
    fill.gas = this.gas;
    fill.fee = this.fee * size * price;
    fill.impact = (price - mid) * units;
    fill.status = 0; /* FillStatus.Filled */
  }

  /** Nothing executed: the result fields as `Fill.clear` leaves them, with `status`. */
  private refuse(fill: Fill, status: FillStatus): void {
    fill.units = 0;
    fill.price = fill.mid;
    fill.fee = 0;
    fill.gas = 0;
    fill.impact = 0;
    fill.status = status;
  }
}
