/**
 * An AMM pool as a venue: trades go through a simulated pool (Uniswap v3, v2 or Balancer, exact or
 * float), so a product that rebalances here moves the pool's price and pays the curve's slippage,
 * and the pool's arbitrageurs restore the price in the following blocks. Between steps the venue
 * runs the pool's order flow (src/pools/sim/block-flow.ts): the blocks of the step with their
 * noise traders and arbitrageur.
 *
 * A buy of u base units is an exact-output swap of u token0; a sell is an exact-input swap of |u|
 * token0. The fill follows the Fill conventions so that `units x price + fee` is exactly the
 * quote paid (negative when received):
 *   fee    the pool's fee in quote (the base-token fee of a sell valued at the oracle price),
 *   price  the average price without the fee,
 *   impact (price - oracle mid) x units: the curve's slippage plus the pool's distance from the
 *          oracle, which arbitrage keeps within the fee band.
 *
 * Guards, as a keeper's transaction carries them:
 *   - minimum output / maximum input: the executor's `limitPrice` bounds the all-in average price
 *     (fee included, as amountOutMinimum does on chain); a swap that would break it is refused
 *     whole (RefusedSlippage), and no gas is paid because keepers simulate before sending;
 *   - price limit (`priceLimit`, a fraction of the oracle price): the swap's sqrtPriceLimit; the
 *     pool fills up to it and the fill is Partial.
 *
 * Sandwich attacker (optional): seeing a product's swap in the public mempool, it front-runs in
 * the same direction with the largest trade (up to its capital) that still lets the victim's
 * transaction pass its guards, and back-runs to close, when that pays more than its gas. Without
 * guards only its capital bounds it; with tight guards it often cannot profit at all. The
 * victim's loss shows in the fill's impact, the attacker's profit in `stats.sandwichProfit`.
 */
import { ChainMathError } from '../core/errors.js';
import type { BlockFlow } from '../pools/sim/block-flow.js';
import { SwapSource, type SimPool, type SwapOutcome } from '../pools/sim/sim-pool.js';
import { type Fill, FillStatus } from './fill.js';
import type { Venue } from './venue.js';

export interface SandwichParams {
  /** Largest front-run, quote: what a buy may cost, or what a sold amount is worth at the oracle. */
  capital: number;
  /** Smallest profit, after its gas, for which the attacker strikes, quote. */
  minProfit: number;
  /** Gas per attacker transaction (two per sandwich), quote. */
  gas: number;
}

export interface PoolVenueParams {
  /** Price column of the pool's base token. */
  asset: number;
  /** Gas per swap, quote. */
  gas: number;
  /** sqrtPriceLimit of every swap as a fraction of the oracle price away from it; Infinity for none. */
  priceLimit: number;
  sandwich: SandwichParams | null;
  /** Label for reports, e.g. "uniswap-v3 pool (float)". */
  label?: string;
}

export const DEFAULT_POOL_VENUE: PoolVenueParams = { asset: 0, gas: 0, priceLimit: Infinity, sandwich: null };

export class PoolVenue implements Venue {
  readonly kind: string;
  readonly params: PoolVenueParams;
  readonly pool: SimPool;
  readonly flow: BlockFlow;
  private readonly assets: number;
  private readonly trade0 = { amountIn: 0, amountOut: 0, fee: 0, filled: true };

  constructor(flow: BlockFlow, params: Partial<PoolVenueParams> = {}, assets = 1) {
    this.params = { ...DEFAULT_POOL_VENUE, ...params };
    const p = this.params;
    if (!(p.gas >= 0)) throw new RangeError(`gas must be a non-negative quote amount, got ${p.gas}`);
    if (!(p.priceLimit > 0)) throw new RangeError(`priceLimit must be a positive fraction, got ${p.priceLimit}`);
    this.flow = flow;
    this.pool = flow.pool;
    this.assets = assets;
    this.kind = p.label ?? `${this.pool.kind} pool (${this.pool.exact ? 'exact' : 'float'})`;
  }

  get stats() {
    return this.flow.stats;
  }

  reset(prices: Float64Array, row: number, now: number): void {
    this.flow.reset(prices, row, now);
  }

  update(prices: Float64Array, row: number, now: number): void {
    this.flow.advance(prices, row, now);
  }

  /** Marginal price limit of a swap in a direction, NaN for none. */
  private limitFor(buy: boolean, mid: number): number {
    const f = this.params.priceLimit;
    return f === Infinity ? NaN : buy ? mid * (1 + f) : mid * (1 - f);
  }

  /** Executes (commit) or quotes the victim-side swap of `units` base. */
  private swap(units: number, lim: number, commit: boolean): SwapOutcome {
    const pool = this.pool;
    if (units > 0) return commit ? pool.swapExactOut(false, units, lim) : pool.quoteExactOut(false, units, lim);
    return commit ? pool.swapExactIn(true, -units, lim) : pool.quoteExactIn(true, -units, lim);
  }

  /** All-in average price of a swap outcome, quote per base. */
  private static allIn(o: SwapOutcome): number {
    return o.zeroForOne ? o.amountOut / o.amountIn : o.amountIn / o.amountOut;
  }

  private passes(o: SwapOutcome, buy: boolean, limitPrice: number): boolean {
    if (!(o.amountIn > 0 && o.amountOut > 0)) return false;
    const avg = PoolVenue.allIn(o);
    return buy ? avg <= limitPrice : avg >= limitPrice;
  }

  trade(asset: number, prices: Float64Array, row: number, fill: Fill): void {
    const mid = prices[row * this.assets + asset];
    const units = fill.requested, limitPrice = fill.limit, now = fill.time;
    fill.clear(mid);
    if (units === 0) return;
    if (asset !== this.params.asset) {
      fill.status = FillStatus.RefusedVenue;
      return;
    }
    const buy = units > 0;
    const lim = this.limitFor(buy, mid);
    this.flow.oracle.write(now, this.pool.tick());
    try {
      const q = this.swap(units, lim, false);
      if (!this.passes(q, buy, limitPrice)) {
        fill.status = q.amountIn > 0 ? FillStatus.RefusedSlippage : FillStatus.RefusedVenue;
        return;
      }
      const attack = this.params.sandwich !== null ? this.planSandwich(units, lim, limitPrice, mid) : 0;
      if (attack > 0) this.attackerSwap(buy, attack, mid, now, true);
      const o = this.swap(units, lim, true);
      this.book(o, buy, mid, fill);
      if (this.flow.listener !== null) this.flow.listener.onSwap(SwapSource.Trader, o, mid, now);
      if (attack > 0) this.attackerSwap(buy, attack, mid, now, false);
    } catch (e) {
      if (!(e instanceof ChainMathError)) throw e;
      fill.clear(mid);
      fill.status = FillStatus.RefusedVenue;
    }
  }

  /** Writes the executed swap into the fill (see the header for the conventions). */
  private book(o: SwapOutcome, buy: boolean, mid: number, fill: Fill): void {
    const st = this.flow.stats;
    if (buy) {
      fill.units = o.amountOut;
      fill.fee = o.fee;
      fill.price = (o.amountIn - o.fee) / o.amountOut;
      st.traderVolume += o.amountIn;
      st.traderFees += o.fee;
    } else {
      fill.units = -o.amountIn;
      fill.fee = o.fee * mid;
      fill.price = (o.amountOut + fill.fee) / o.amountIn;
      st.traderVolume += o.amountOut;
      st.traderFees += fill.fee;
    }
    st.traderTrades++;
    fill.impact = (fill.price - mid) * fill.units;
    fill.gas = this.params.gas;
    fill.status = o.filled ? FillStatus.Filled : FillStatus.Partial;
  }

  /**
   * The attacker's front-run (open) or back-run (close) of `size` base units, in the victim's
   * direction `buy`: open buys (or sells) `size`, close sells (or buys back) exactly `size`.
   */
  private attackerSwap(buy: boolean, size: number, mid: number, now: number, open: boolean): SwapOutcome {
    const pool = this.pool;
    const o = buy === open ? pool.swapExactOut(false, size, NaN) : pool.swapExactIn(true, size, NaN);
    if (open) {
      const t = this.trade0;
      t.amountIn = o.amountIn;
      t.amountOut = o.amountOut;
    } else {
      const t = this.trade0;
      // Quote in and out of the round trip: buy-then-sell pays quote first, sell-then-buy last.
      const profit = buy ? o.amountOut - t.amountIn : t.amountOut - o.amountIn;
      const st = this.flow.stats;
      st.sandwiches++;
      st.sandwichProfit += profit - 2 * (this.params.sandwich as SandwichParams).gas;
    }
    if (this.flow.listener !== null) this.flow.listener.onSwap(SwapSource.Sandwich, o, mid, now);
    return o;
  }

  /**
   * Size of the most profitable front-run the victim's guards allow, 0 for none. Feasibility is
   * monotone in the size, so bisection finds the largest size after which the victim's swap still
   * fills in full within `limitPrice`; the attack is made only if its round trip, simulated on a
   * snapshot of the pool, beats the attacker's gas and minimum profit.
   */
  private planSandwich(units: number, lim: number, limitPrice: number, mid: number): number {
    const sp = this.params.sandwich as SandwichParams;
    const pool = this.pool;
    const buy = units > 0;
    const snap = pool.snapshot();
    const maxSize = sp.capital / mid;
    const feasible = (size: number): boolean => {
      pool.restore(snap);
      try {
        const f = buy ? pool.swapExactOut(false, size, NaN) : pool.swapExactIn(true, size, NaN);
        // The front-run must fill and cost no more than the attacker's capital.
        if (!f.filled || (buy && f.amountIn > sp.capital)) return false;
        const v = this.swap(units, lim, false);
        return v.filled && this.passes(v, buy, limitPrice);
      } catch (e) {
        if (e instanceof ChainMathError) return false;
        throw e;
      }
    };
    let lo = 0, hi = maxSize;
    if (feasible(hi)) lo = hi;
    else {
      for (let i = 0; i < 40 && hi - lo > 1e-9 * maxSize; i++) {
        const m = 0.5 * (lo + hi);
        if (feasible(m)) lo = m;
        else hi = m;
      }
    }
    let profit = -Infinity;
    if (lo > 0) {
      pool.restore(snap);
      try {
        const open = buy ? pool.swapExactOut(false, lo, NaN) : pool.swapExactIn(true, lo, NaN);
        const paid = buy ? open.amountIn : 0, got = buy ? 0 : open.amountOut;
        this.swap(units, lim, true);
        const close = buy ? pool.swapExactIn(true, lo, NaN) : pool.swapExactOut(false, lo, NaN);
        profit = (buy ? close.amountOut - paid : got - close.amountIn) - 2 * sp.gas;
      } catch (e) {
        if (!(e instanceof ChainMathError)) throw e;
      }
    }
    pool.restore(snap);
    return profit > sp.minProfit ? lo : 0;
  }
}
