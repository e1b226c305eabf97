/**
 * A liquidity provider's position in a simulated pool: up to three ranges (a Uniswap v3 base
 * range plus Charm's bid or ask limit range), or pool shares of a full-range pool (Uniswap v2,
 * Balancer), plus idle tokens between rebalances.
 *
 * Accounting, in quote at the external (market) price M. The LP is told about every swap in the
 * pool (PoolListener) and books its side of it:
 *   markout  -(dx M + dy) for the change (dx, dy) of its principal: what it lost on the trade
 *            against a rebalancing portfolio that trades the same amounts at M. Against
 *            arbitrageurs this is the realised loss-versus-rebalancing (LVR); against noise
 *            traders it is usually a gain (`noisePnl`);
 *   fees     the change in fees owed from the pool's fee growth (v3), or the share of the swap's
 *            fee that stays in the reserves (v2, weighted), valued at M when earned;
 *   hedge    X (M' - M) between events, X being every base token held: what the rebalancing
 *            portfolio earns. So value_T - value_0 = hedge + fees - markouts - costs exactly, up to
 *            the rounding of exact pools (tested), and the LP's P&L against the hedge is
 *            net = fees - LVR + noise P&L - other markouts - rebalancing costs - gas.
 * The closed form of LVR accrues per step as (1/2) (ln M_t/M_{t-1})^2 p^2 |x'(p)| at the step's
 * starting price, the realised-variance version of (sigma^2/2) p^2 |x'(p)| dt (sigma^2 / 8 of the
 * value for constant product, sigma^2 w (1 - w) / 2 for weighted, sigma^2 L sqrt(p) / 4 in a v3
 * range); on the same path it removes most of the noise of realised variance from the comparison.
 *
 * Rebalancing (the policy decides, this product acts): `rebalance(plan)` withdraws every range
 * (a burn is not a trade), and when the plan wants a swap to the new ranges' token ratio it leaves
 * the swap to the executor, which trades through the pool venue; `applyFill` then mints the plan.
 * A swap the venue refuses (guards) reverts the rebalance: the old ranges are minted back, as the
 * whole transaction would revert on chain. Without a swap the plan is minted at once. The swap is
 * one transaction: a partial fill (price limit) or an execution.maxTradeSize cap mints what the
 * tokens allow and leaves the rest idle until the next rebalance.
 */
import { ConfigError } from '../../core/errors.js';
import type { Product } from '../../engine/product.js';
import type { Fill } from '../../execution/fill.js';
import type { PoolListener } from '../../pools/sim/block-flow.js';
import { SwapSource, type SimPool, type SwapOutcome } from '../../pools/sim/sim-pool.js';
import type { TickOracle } from '../../pools/sim/tick-oracle.js';

/** Role of a planned range: the base order, or Charm's limit order on whichever side can hold the leftover. */
export const RangeRole = { Base: 0, Bid: 1, Ask: 2 } as const;

export interface RangePlan {
  /** Ranges in minting order: [lower, upper, role]. Full-range pools ignore the ticks. */
  ranges: [number, number, number][];
  /** Swap idle tokens to the base range's ratio through the venue before minting. */
  swap: boolean;
}

export interface LpParams {
  /** Value put in the pool at the start of each path, quote. */
  initialValue: number;
  /** Gas of a rebalance's own transactions (burn, collect, mint), quote; swaps pay the venue's gas. */
  rebalanceGas: number;
  /** Rebalance swaps smaller than this many base units are skipped. */
  minSwapUnits: number;
  /** Price column of the pool's base token, and the number of columns. */
  asset: number;
  assets: number;
}

export const MAX_RANGES = 3;

export class LpPosition implements Product, PoolListener {
  readonly legs = 1;
  readonly params: LpParams;
  readonly assets: number;
  readonly asset: number;
  readonly pool: SimPool;
  /** The pool's TWAP oracle (set by the simulation from the venue's flow). */
  oracle: TickOracle | null = null;
  /**
   * The executor that makes this product's swaps (set by the simulation). A refused or partial
   * swap leaves it active for one more step, during which no new rebalance may start.
   */
  executor: { busy: number } | null = null;

  // Ranges in the pool now.
  count = 0;
  readonly lower = new Int32Array(MAX_RANGES);
  readonly upper = new Int32Array(MAX_RANGES);
  readonly liquidity = new Float64Array(MAX_RANGES);
  /** Tokens held outside the pool, whole tokens. */
  idle0 = 0;
  idle1 = 0;

  // A rebalance waiting for its swap, and the ranges to restore if the swap is refused.
  pending = false;
  private plan: RangePlan | null = null;
  private targetUnits = 0;
  private saved: [number, number][] = [];

  // Market and valuation.
  price = 0;
  value = 0;
  /** Initial tokens (the holding benchmark). */
  hold0 = 0;
  hold1 = 0;
  value0 = 0;

  // Accounting, quote (see the header).
  fees = 0;
  feesArb = 0;
  feesNoise = 0;
  feesOther = 0;
  /** Fee tokens earned, whole tokens (for IL ex fees). */
  feeTokens0 = 0;
  feeTokens1 = 0;
  lvr = 0;
  noisePnl = 0;
  otherMarkout = 0;
  lvrClosedForm = 0;
  hedgePnl = 0;
  /** Sum of squared log returns of the external price over the path's steps. */
  qv = 0;
  costFee = 0;
  costImpact = 0;
  costGas = 0;
  swaps = 0;
  rebalances = 0;
  refusals = 0;
  /** Base held at the last event and that event's price, for the hedge. */
  private lastEventPrice = 0;
  // Principal and fees owed at the last event, whole tokens.
  private prin0 = 0;
  private prin1 = 0;
  private owed0 = 0;
  private owed1 = 0;
  private readonly tmp = new Float64Array(2);
  /**
   * p^2 |x'(p)| of the ranges at the last row's price, quote: the LVR weight of the next step, whose
   * instantaneous LVR rate is (sigma^2 / 2) x lvrWeight per year.
   */
  lvrWeight = 0;
  /** True when the pool's tick is in the base range. */
  inRange = false;

  constructor(pool: SimPool, params: Partial<LpParams> = {}) {
    this.params = { initialValue: 1_000_000, rebalanceGas: 0, minSwapUnits: 0, asset: 0, assets: 1, ...params };
    const p = this.params;
    if (!(p.initialValue > 0)) throw new ConfigError('product.initialValue', `must be a positive quote amount, got ${p.initialValue}`);
    if (!(p.rebalanceGas >= 0)) throw new ConfigError('product.rebalanceGas', `must be a non-negative quote amount, got ${p.rebalanceGas}`);
    if (!(p.minSwapUnits >= 0)) throw new ConfigError('product.minSwap', `must be non-negative base units, got ${p.minSwapUnits}`);
    this.pool = pool;
    this.assets = p.assets;
    this.asset = p.asset;
  }

  legAsset(): number {
    return this.asset;
  }

  /** True while a rebalance waits for its swap or the executor is still winding one down. */
  busy(): boolean {
    return this.pending || (this.executor !== null && this.executor.busy > 0);
  }

  private owner(i: number): string {
    return `lp-${i}`;
  }

  /** Clears the state at the start of a path; the policy opens the first ranges (`open`). */
  reset(prices: Float64Array, row: number, _now: number): void {
    const m = prices[row * this.assets + this.asset];
    this.price = this.lastEventPrice = m;
    this.count = 0;
    this.idle0 = this.idle1 = 0;
    this.pending = false;
    this.plan = null;
    this.fees = this.feesArb = this.feesNoise = this.feesOther = 0;
    this.feeTokens0 = this.feeTokens1 = 0;
    this.lvr = this.noisePnl = this.otherMarkout = this.lvrClosedForm = this.hedgePnl = this.qv = 0;
    this.costFee = this.costImpact = this.costGas = 0;
    this.swaps = this.rebalances = this.refusals = 0;
    this.prin0 = this.prin1 = this.owed0 = this.owed1 = 0;
    this.value = this.value0 = this.params.initialValue;
  }

  /**
   * Opens the first ranges with `initialValue` of tokens split as they need at the pool's price
   * (the LP arrives holding them; no swap), and records them as the holding benchmark.
   */
  open(plan: RangePlan): void {
    const pool = this.pool;
    const p = pool.price();
    const [lo, hi] = plan.ranges[0];
    const share = this.baseShare(lo, hi, p);
    const v = this.params.initialValue;
    this.idle0 = this.hold0 = (share * v) / p;
    this.idle1 = this.hold1 = (1 - share) * v;
    this.mint(plan);
    this.refresh();
    this.value0 = this.markValue(this.price);
    this.value = this.value0;
  }

  /** Share of value in token0 that a position on [lo, hi] holds at price p. */
  baseShare(lo: number, hi: number, p: number): number {
    const pool = this.pool;
    if (pool.kind !== 'v3') return pool.weight0;
    const sa = Math.sqrt(pool.priceAtTick(lo)), sb = Math.sqrt(pool.priceAtTick(hi)), s = Math.sqrt(p);
    if (s <= sa) return 1;
    if (s >= sb) return 0;
    const x = (1 / s - 1 / sb) * p, y = s - sa;
    return x / (x + y);
  }

  /** Caches, step weight and in-range flag after the LP's own changes to its ranges. */
  private refresh(): void {
    this.refreshHoldings();
    this.stepEnd();
    this.value = this.markValue(this.price);
  }

  /** Principal and owed fees of every range now, into the caches. */
  private refreshHoldings(): void {
    let x = 0, y = 0, f0 = 0, f1 = 0;
    const pool = this.pool, t = this.tmp;
    for (let i = 0; i < this.count; i++) {
      pool.principal(this.lower[i], this.upper[i], this.liquidity[i], t);
      x += t[0];
      y += t[1];
      pool.owedFees(this.owner(i), this.lower[i], this.upper[i], t);
      f0 += t[0];
      f1 += t[1];
    }
    this.prin0 = x;
    this.prin1 = y;
    this.owed0 = f0;
    this.owed1 = f1;
  }

  private curvature(price: number): number {
    let c = 0;
    for (let i = 0; i < this.count; i++) c += this.pool.curvature(this.lower[i], this.upper[i], this.liquidity[i], price);
    return c;
  }

  /** Base tokens held: principal, fees owed and idle. */
  baseHeld(): number {
    return this.prin0 + this.owed0 + this.idle0;
  }

  private markValue(m: number): number {
    return (this.prin0 + this.owed0 + this.idle0) * m + this.prin1 + this.owed1 + this.idle1;
  }

  /** Books the LP's side of a swap in the pool (see the header). */
  onSwap(source: number, out: SwapOutcome, m: number, _time: number): void {
    this.hedgePnl += this.baseHeld() * (m - this.lastEventPrice);
    this.lastEventPrice = m;
    if (this.count === 0) return;
    const x0 = this.prin0, y0 = this.prin1, f0 = this.owed0, f1 = this.owed1;
    this.refreshHoldings();
    let dx = this.prin0 - x0, dy = this.prin1 - y0;
    let df0 = this.owed0 - f0, df1 = this.owed1 - f1;
    if (this.pool.feesInPrincipal) {
      // The fee stays in the reserves: the LP's share of it is fee income, the rest of its change is the trade.
      const share = this.liquidity[0] / this.pool.totalShares();
      const fee = share * out.fee;
      if (out.zeroForOne) {
        df0 += fee;
        dx -= fee;
      } else {
        df1 += fee;
        dy -= fee;
      }
    }
    const markout = -(dx * m + dy);
    const feeValue = df0 * m + df1;
    this.fees += feeValue;
    this.feeTokens0 += df0;
    this.feeTokens1 += df1;
    if (source === SwapSource.Arbitrage) {
      this.lvr += markout;
      this.feesArb += feeValue;
    } else if (source === SwapSource.Noise) {
      this.noisePnl -= markout;
      this.feesNoise += feeValue;
    } else {
      this.otherMarkout += markout;
      this.feesOther += feeValue;
    }
  }

  /**
   * Per step: the hedge to the row's price, the closed-form LVR of the step at its starting
   * weight, the value. Small so the engine loop can inline it.
   */
  mark(prices: Float64Array, row: number, _now: number): boolean {
    const m = prices[row * this.assets + this.asset];
    const r = Math.log(m / this.price);
    this.qv += r * r;
    this.lvrClosedForm += 0.5 * r * r * this.lvrWeight;
    this.hedgePnl += this.baseHeld() * (m - this.lastEventPrice);
    this.lastEventPrice = m;
    this.price = m;
    this.value = this.markValue(m);
    this.stepEnd();
    return true;
  }

  /** Weight and in-range flag at the row's price for the next step. */
  private stepEnd(): void {
    this.lvrWeight = this.curvature(this.price);
    const tick = this.pool.tick();
    this.inRange = this.count > 0 && tick >= this.lower[0] && tick < this.upper[0];
  }

  /** Withdraws every range into idle tokens (fees collected with them). */
  private withdrawAll(): void {
    const pool = this.pool;
    for (let i = 0; i < this.count; i++) {
      const mv = pool.withdraw(this.owner(i), this.lower[i], this.upper[i]);
      this.idle0 += mv.amount0 + mv.fees0;
      this.idle1 += mv.amount1 + mv.fees1;
    }
    this.count = 0;
    this.prin0 = this.prin1 = this.owed0 = this.owed1 = 0;
  }

  /** Mints the plan's ranges from idle tokens: the base range takes all it can, a limit order the rest. */
  private mint(plan: RangePlan): void {
    const pool = this.pool;
    for (const [lo, hi, role] of plan.ranges) {
      if (this.count >= MAX_RANGES) break;
      if (role === RangeRole.Ask && plan.ranges.some((r) => r[2] === RangeRole.Bid) && this.bidHolds(plan)) continue;
      if (role === RangeRole.Bid && !this.bidHolds(plan)) continue;
      const mv = pool.deposit(this.owner(this.count), lo, hi, this.idle0, this.idle1);
      if (!(mv.liquidity > 0)) continue;
      this.idle0 -= mv.amount0;
      this.idle1 -= mv.amount1;
      this.lower[this.count] = lo;
      this.upper[this.count] = hi;
      this.liquidity[this.count] = mv.liquidity;
      this.count++;
    }
  }

  /** Charm: place the limit order on the bid (token1) when it holds more liquidity than the ask (token0). */
  private bidHolds(plan: RangePlan): boolean {
    const bid = plan.ranges.find((r) => r[2] === RangeRole.Bid);
    const ask = plan.ranges.find((r) => r[2] === RangeRole.Ask);
    if (!bid) return false;
    if (!ask) return true;
    const pool = this.pool;
    const lb = this.idle1 / (Math.sqrt(pool.priceAtTick(bid[1])) - Math.sqrt(pool.priceAtTick(bid[0])));
    const sa = Math.sqrt(pool.priceAtTick(ask[0])), sb = Math.sqrt(pool.priceAtTick(ask[1]));
    const la = (this.idle0 * sa * sb) / (sb - sa);
    return lb >= la;
  }

  /**
   * Starts a rebalance to `plan`: withdraws, charges the rebalance gas, and either mints at once
   * (no swap needed) or computes the base units to hold before minting and waits for the
   * executor's swap. Returns the target base units (the policy's signal target), or NaN when the
   * rebalance is already complete.
   */
  rebalance(plan: RangePlan): number {
    this.saved = [];
    for (let i = 0; i < this.count; i++) this.saved.push([this.lower[i], this.upper[i]]);
    this.withdrawAll();
    this.idle1 -= this.params.rebalanceGas;
    this.costGas += this.params.rebalanceGas;
    this.rebalances++;
    const need = plan.swap ? this.swapNeeded(plan.ranges[0][0], plan.ranges[0][1]) : 0;
    if (!(Math.abs(need) > this.params.minSwapUnits)) {
      this.mint(plan);
      this.refresh();
      return NaN;
    }
    this.pending = true;
    this.plan = plan;
    this.targetUnits = this.idle0 + need;
    this.refresh();
    return this.targetUnits;
  }

  /**
   * Base units to buy (> 0) or sell so that the idle tokens match the range's ratio at the price
   * the swap itself leaves. Buying more base raises that price and lowers the base share the
   * range needs, so the excess g(d) = (a + d) - share(p'(d)) W(d) / p'(d) increases with d; its
   * root lies between selling all the base and spending all the quote, and bisection on the
   * pool's quotes finds it whatever the swap's impact (a fixed-point iteration diverges when the
   * impact moves the price across the range).
   */
  swapNeeded(lo: number, hi: number): number {
    const pool = this.pool;
    const a = this.idle0, b = this.idle1;
    const excess = (d: number): number => {
      let p = pool.price(), cost = 0;
      if (d > 0) {
        const q = pool.quoteExactOut(false, d, NaN);
        if (!q.filled) return Infinity;
        cost = q.amountIn;
        p = q.priceAfter;
      } else if (d < 0) {
        const q = pool.quoteExactIn(true, -d, NaN);
        cost = -q.amountOut;
        p = q.priceAfter;
      }
      return a + d - (this.baseShare(lo, hi, p) * ((a + d) * p + (b - cost))) / p;
    };
    const e0 = excess(0);
    if (e0 === 0 || !(a > 0 || b > 0)) return 0;
    // Bracket: selling all the base (excess <= 0) or buying with all the quote (excess >= 0).
    let lo_ = e0 > 0 ? -a : 0;
    let hi_ = e0 > 0 ? 0 : b > 0 ? pool.quoteExactIn(false, b, NaN).amountOut : 0;
    for (let k = 0; k < 60 && hi_ - lo_ > 1e-12 * (Math.abs(lo_) + Math.abs(hi_) + 1e-300); k++) {
      const m = 0.5 * (lo_ + hi_);
      if (excess(m) > 0) hi_ = m;
      else lo_ = m;
    }
    // The side that does not overspend: a buy never costs more than the quote held.
    return e0 > 0 ? hi_ : lo_;
  }

  unitsToTarget(_leg: number, target: number): number {
    return this.pending ? target - this.idle0 : 0;
  }

  applyFill(_leg: number, fill: Fill): void {
    if (!this.pending) return;
    this.pending = false;
    const plan = this.plan as RangePlan;
    this.plan = null;
    if (fill.units === 0) {
      // Refused by the guards: the transaction reverts, the old ranges come back, no gas is spent.
      this.refusals++;
      this.rebalances--;
      this.idle1 += this.params.rebalanceGas;
      this.costGas -= this.params.rebalanceGas;
      this.mint({ ranges: this.saved.map(([lo, hi]) => [lo, hi, RangeRole.Base]), swap: false });
      this.refresh();
      return;
    }
    this.idle0 += fill.units;
    this.idle1 -= fill.units * fill.price + fill.fee + fill.gas;
    this.costFee += fill.fee;
    this.costImpact += fill.impact;
    this.costGas += fill.gas;
    this.swaps++;
    this.mint(plan);
    this.refresh();
  }

  /** Base range bounds as prices (NaN when out of the pool). */
  rangePrices(out: Float64Array): void {
    if (this.count === 0) {
      out[0] = out[1] = NaN;
      return;
    }
    out[0] = this.pool.priceAtTick(this.lower[0]);
    out[1] = this.pool.priceAtTick(this.upper[0]);
  }

  /** Impermanent loss ex fees: value less the fee tokens earned (at M), over the holding, minus 1. */
  impermanentLoss(): number {
    const m = this.price;
    const hold = this.hold0 * m + this.hold1;
    return (this.value - (this.feeTokens0 * m + this.feeTokens1)) / hold - 1;
  }

  /** Net P&L against the hedge (see the header). */
  netPnl(): number {
    return this.fees - this.lvr + this.noisePnl - this.otherMarkout - this.costFee - this.costImpact - this.costGas;
  }
}
