/**
 * Full-range pools behind the SimPool interface: constant product (Uniswap v2) and Balancer
 * weighted pools, as Float64 (`FloatReservePool`) or on the exact ports (`ExactV2SimPool` on
 * CpmmPool, `ExactWeightedSimPool` on WeightedPool). Constant product is the weighted pool with
 * weights 1/2, so one set of formulas serves both.
 *
 * The fee is taken from the input and stays in the reserves, so it belongs to the shares'
 * principal (feesInPrincipal); an LP's fee income is its share of each swap's fee.
 *
 * With weights w0 (token0) and w1 = 1 - w0, balances b0, b1 and g = 1 - fee, a swap moves along the
 * invariant b0^w0 b1^w1 with the input counted at g. Writing T for the price reached on that curve,
 * the input that reaches it has a closed form:
 *   buying token0 with token1:  a = ((T (w1 / w0) b0)^w0 b1^w1 - b1) / g
 *   selling token0 for token1:  a = (((w0 / w1) b1 / T)^w1 b0^w0 - b0) / g
 * Price limits use this formula with T the limit: they bound the price on the fee-free curve,
 * which sits below the pool's quoted spot by the fee kept in the balance (about the fee times the
 * trade's share of the reserves). An arbitrageur facing M trades until the next unit costs M:
 * the quoted spot (actual balances) over g equals M when buying, times g equals M when selling;
 * the closed form with T = M g (or M / g) starts a few Newton steps that account for the fee in
 * the balance, so the arbitrage is optimal to float precision.
 */
import { ChainMathError } from '../../core/errors.js';
import { CpmmPool, v2FeeFromBps, type V2Fee } from '../cpmm.js';
import { inGivenOutFloat, outGivenInFloat } from '../weighted-math.js';
import { WeightedPool } from '../weighted-pool.js';
import { SwapOutcome, tickOfPrice, type LiquidityMove, type SimPool } from './sim-pool.js';

export interface ReserveSimConfig {
  kind: 'v2' | 'weighted';
  /** Fee as a fraction of the input (0.003 = 30 bps). */
  fee: number;
  /** Value weight of token0 (0.5 for v2). */
  weight0: number;
  /** Value of the other LPs' liquidity at the starting price, quote. */
  tvl: number;
  /** Token decimals for the exact pools; default 18 and 18. */
  decimals0?: number;
  decimals1?: number;
}

const NO_MOVE: LiquidityMove = Object.freeze({ liquidity: 0, amount0: 0, amount1: 0, fees0: 0, fees1: 0 });

abstract class ReserveSimBase {
  readonly kind: 'v2' | 'weighted';
  readonly tickSpacing = 1;
  readonly feesInPrincipal = true;
  readonly out = new SwapOutcome();
  readonly feeRate: number;
  readonly weight0: number;
  protected readonly w1: number;
  protected readonly g: number;

  constructor(readonly config: ReserveSimConfig) {
    if (!(config.fee >= 0 && config.fee < 1)) throw new ChainMathError('', `fee ${config.fee} must be a fraction in [0, 1)`);
    if (!(config.weight0 > 0 && config.weight0 < 1)) throw new ChainMathError('', `weight ${config.weight0} must be in (0, 1)`);
    this.kind = config.kind;
    this.feeRate = config.fee;
    this.weight0 = config.weight0;
    this.w1 = 1 - config.weight0;
    this.g = 1 - config.fee;
  }

  /** Balances in whole tokens. */
  abstract b0(): number;
  abstract b1(): number;

  price(): number {
    return (this.b1() / this.w1) / (this.b0() / this.weight0);
  }

  tick(): number {
    return tickOfPrice(this.price());
  }

  tickAtPrice(price: number): number {
    return tickOfPrice(price);
  }

  priceAtTick(tick: number): number {
    return Math.exp(tick * Math.log1p(0.0001));
  }

  /** Input that moves the fee-free curve price to T (see the header), <= 0 when T is on the other side. */
  protected inputToPrice(zeroForOne: boolean, t: number): number {
    const b0 = this.b0(), b1 = this.b1(), w0 = this.weight0, w1 = this.w1;
    if (zeroForOne) return (Math.pow(((w0 / w1) * b1) / t, w1) * Math.pow(b0, w0) - b0) / this.g;
    return (Math.pow(t * (w1 / w0) * b0, w0) * Math.pow(b1, w1) - b1) / this.g;
  }

  protected outFloat(zeroForOne: boolean, amountIn: number): number {
    return zeroForOne
      ? outGivenInFloat(this.b0(), this.weight0, this.b1(), this.w1, amountIn, this.feeRate)
      : outGivenInFloat(this.b1(), this.w1, this.b0(), this.weight0, amountIn, this.feeRate);
  }

  protected inFloat(zeroForOne: boolean, amountOut: number): number {
    const bOut = zeroForOne ? this.b1() : this.b0();
    if (!(amountOut < bOut)) return Infinity;
    return zeroForOne
      ? inGivenOutFloat(this.b0(), this.weight0, this.b1(), this.w1, amountOut, this.feeRate)
      : inGivenOutFloat(this.b1(), this.w1, this.b0(), this.weight0, amountOut, this.feeRate);
  }

  /** Marginal price the balances would have after a swap of (amountIn, amountOut) in a direction. */
  protected priceWith(zeroForOne: boolean, amountIn: number, amountOut: number): number {
    const b0 = this.b0() + (zeroForOne ? amountIn : -amountOut);
    const b1 = this.b1() + (zeroForOne ? -amountOut : amountIn);
    return (b1 / this.w1) / (b0 / this.weight0);
  }

  /** Executes (or quotes) an exact input of `amountIn`, already capped; fills `out`. */
  protected abstract execIn(zeroForOne: boolean, amountIn: number, commit: boolean): void;
  /** Executes (or quotes) an exact output; fills `out`. */
  protected abstract execOut(zeroForOne: boolean, amountOut: number, commit: boolean): void;

  private runIn(zeroForOne: boolean, amountIn: number, priceLimit: number, commit: boolean): SwapOutcome {
    const o = this.out;
    o.clear(zeroForOne);
    if (!(amountIn > 0)) return o;
    let a = amountIn;
    let capped = false;
    if (priceLimit === priceLimit) {
      const cap = this.inputToPrice(zeroForOne, priceLimit);
      if (!(cap > 0)) {
        o.filled = false;
        return o;
      }
      if (cap < a) {
        a = cap;
        capped = true;
      }
    }
    this.execIn(zeroForOne, a, commit);
    o.zeroForOne = zeroForOne;
    o.filled = !capped;
    this.after(commit);
    return o;
  }

  private runOut(zeroForOne: boolean, amountOut: number, priceLimit: number, commit: boolean): SwapOutcome {
    const o = this.out;
    o.clear(zeroForOne);
    if (!(amountOut > 0)) return o;
    if (priceLimit === priceLimit) {
      const cap = this.inputToPrice(zeroForOne, priceLimit);
      if (!(cap > 0)) {
        o.filled = false;
        return o;
      }
      if (this.inFloat(zeroForOne, amountOut) > cap) {
        // The limit binds: fill as an exact input of what reaches it.
        this.execIn(zeroForOne, cap, commit);
        o.zeroForOne = zeroForOne;
        o.filled = false;
        this.after(commit);
        return o;
      }
    }
    if (this.inFloat(zeroForOne, amountOut) === Infinity) {
      o.filled = false;
      return o;
    }
    this.execOut(zeroForOne, amountOut, commit);
    o.zeroForOne = zeroForOne;
    o.filled = true;
    this.after(commit);
    return o;
  }

  /** Sets out.priceAfter: the pool's price after a committed swap, or the price a quote would leave. */
  private after(commit: boolean): void {
    const o = this.out;
    o.priceAfter = commit ? this.price() : this.priceWith(o.zeroForOne, o.amountIn, o.amountOut);
  }

  swapExactIn(zeroForOne: boolean, amountIn: number, priceLimit: number): SwapOutcome {
    return this.runIn(zeroForOne, amountIn, priceLimit, true);
  }

  swapExactOut(zeroForOne: boolean, amountOut: number, priceLimit: number): SwapOutcome {
    return this.runOut(zeroForOne, amountOut, priceLimit, true);
  }

  quoteExactIn(zeroForOne: boolean, amountIn: number, priceLimit: number): SwapOutcome {
    return this.runIn(zeroForOne, amountIn, priceLimit, false);
  }

  quoteExactOut(zeroForOne: boolean, amountOut: number, priceLimit: number): SwapOutcome {
    return this.runOut(zeroForOne, amountOut, priceLimit, false);
  }

  /**
   * Input after which the pool's quoted spot (actual balances, the fee kept in them) is `t`:
   * the closed form on the fee-free curve, then Newton steps on ln(spot) in ln(input), since the
   * fee left in the balance raises the spot by about fee x input / balance above the curve's.
   */
  private arbInput(zeroForOne: boolean, t: number): number {
    let a = this.inputToPrice(zeroForOne, t);
    if (!(a > 0) || this.feeRate === 0) return a;
    const b0 = this.b0(), b1 = this.b1(), w0 = this.weight0, w1 = this.w1, g = this.g;
    const goal = Math.log(t);
    for (let k = 0; k < 4; k++) {
      const out = this.outFloat(zeroForOne, a);
      // ln(spot) after the trade and its derivative in the input (d out / d a from the invariant).
      const f = (zeroForOne ? Math.log(((b1 - out) / w1) / ((b0 + a) / w0)) : Math.log(((b1 + a) / w1) / ((b0 - out) / w0))) - goal;
      const d = zeroForOne ? -((w0 / w1) * g) / (b0 + a * g) - 1 / (b0 + a) : 1 / (b1 + a) + ((w1 / w0) * g) / (b1 + a * g);
      const next = a - f / d;
      if (!(next > 0)) break;
      const done = Math.abs(next - a) <= 1e-14 * a;
      a = next;
      if (done) break;
    }
    return a;
  }

  private arb(m: number, commit: boolean): SwapOutcome {
    const o = this.out;
    const buy = this.arbInput(false, m * this.g);
    if (buy > 0) {
      o.clear(false);
      this.execIn(false, buy, commit);
    } else {
      const sell = this.arbInput(true, m / this.g);
      o.clear(true);
      if (sell > 0) this.execIn(true, sell, commit);
    }
    this.after(commit);
    return o;
  }

  arbitrage(externalPrice: number): SwapOutcome {
    return this.arb(externalPrice, true);
  }

  quoteArbitrage(externalPrice: number): SwapOutcome {
    return this.arb(externalPrice, false);
  }

  owedFees(_owner: string, _tickLower: number, _tickUpper: number, out: Float64Array): void {
    out[0] = 0;
    out[1] = 0;
  }

  abstract totalShares(): number;

  principal(_tickLower: number, _tickUpper: number, shares: number, out: Float64Array): void {
    const total = this.totalShares();
    const f = total > 0 ? shares / total : 0;
    out[0] = f * this.b0();
    out[1] = f * this.b1();
  }

  /** Value V of the shares at `price` ~ p^w0, so p^2 |x'(p)| = w0 w1 V. */
  curvature(_tickLower: number, _tickUpper: number, shares: number, price: number): number {
    const total = this.totalShares();
    if (!(total > 0)) return 0;
    const f = shares / total;
    return this.weight0 * this.w1 * f * (this.b0() * price + this.b1());
  }

  tvl(price: number): number {
    return this.b0() * price + this.b1();
  }

  /** Amounts a proportional deposit takes from at most amount0/amount1, whole tokens. */
  protected proportional(amount0: number, amount1: number): [number, number] {
    const b0 = this.b0(), b1 = this.b1();
    const f = Math.min(amount0 / b0, amount1 / b1) * (1 - 1e-12);
    return [f * b0, f * b1];
  }
}

/** Float64 constant product or weighted pool, whole tokens, shares in whole-token units. */
export class FloatReservePool extends ReserveSimBase implements SimPool {
  readonly exact = false;
  balance0 = 0;
  balance1 = 0;
  shares = 0;
  readonly owners = new Map<string, number>();

  constructor(config: ReserveSimConfig, price = 1) {
    super(config);
    this.reset(price);
  }

  b0(): number {
    return this.balance0;
  }

  b1(): number {
    return this.balance1;
  }

  reset(price: number): void {
    // Value split w0 : w1 at the starting price.
    this.balance0 = (this.config.tvl * this.weight0) / price;
    this.balance1 = this.config.tvl * this.w1;
    this.owners.clear();
    this.shares = this.config.tvl;
    this.owners.set('background-0', this.shares);
  }

  protected execIn(zeroForOne: boolean, amountIn: number, commit: boolean): void {
    const o = this.out;
    const out = this.outFloat(zeroForOne, amountIn);
    o.amountIn = amountIn;
    o.amountOut = out;
    o.fee = amountIn * this.feeRate;
    if (commit) this.apply(zeroForOne, amountIn, out);
  }

  protected execOut(zeroForOne: boolean, amountOut: number, commit: boolean): void {
    const o = this.out;
    const a = this.inFloat(zeroForOne, amountOut);
    o.amountIn = a;
    o.amountOut = amountOut;
    o.fee = a * this.feeRate;
    if (commit) this.apply(zeroForOne, a, amountOut);
  }

  private apply(zeroForOne: boolean, amountIn: number, amountOut: number): void {
    if (zeroForOne) {
      this.balance0 += amountIn;
      this.balance1 -= amountOut;
    } else {
      this.balance1 += amountIn;
      this.balance0 -= amountOut;
    }
  }

  snapshot(): unknown {
    return [this.balance0, this.balance1];
  }

  restore(snapshot: unknown): void {
    const [a, b] = snapshot as [number, number];
    this.balance0 = a;
    this.balance1 = b;
  }

  totalShares(): number {
    return this.shares;
  }

  deposit(owner: string, _tickLower: number, _tickUpper: number, amount0: number, amount1: number): LiquidityMove {
    const [a0, a1] = this.proportional(amount0, amount1);
    if (!(a0 > 0 && a1 > 0)) return { ...NO_MOVE };
    const minted = (this.shares * a0) / this.balance0;
    this.balance0 += a0;
    this.balance1 += a1;
    this.shares += minted;
    this.owners.set(owner, (this.owners.get(owner) ?? 0) + minted);
    return { liquidity: minted, amount0: a0, amount1: a1, fees0: 0, fees1: 0 };
  }

  withdraw(owner: string): LiquidityMove {
    const s = this.owners.get(owner) ?? 0;
    if (!(s > 0)) return { ...NO_MOVE };
    const f = s / this.shares;
    const a0 = f * this.balance0, a1 = f * this.balance1;
    this.balance0 -= a0;
    this.balance1 -= a1;
    this.shares -= s;
    this.owners.delete(owner);
    return { liquidity: s, amount0: a0, amount1: a1, fees0: 0, fees1: 0 };
  }
}

/** Uniswap v2 pair (CpmmPool) with the tokens' decimals; shares are the pair's LP tokens. */
export class ExactV2SimPool extends ReserveSimBase implements SimPool {
  readonly exact = true;
  pool: CpmmPool;
  private readonly v2fee: V2Fee;
  private readonly scale0: number;
  private readonly scale1: number;
  private readonly shareScale: number;

  constructor(config: ReserveSimConfig, price = 1) {
    super({ ...config, weight0: 0.5 });
    this.v2fee = v2FeeFromBps(Math.round(config.fee * 1e6) / 100);
    this.scale0 = 10 ** (config.decimals0 ?? 18);
    this.scale1 = 10 ** (config.decimals1 ?? 18);
    this.shareScale = Math.sqrt(this.scale0 * this.scale1);
    this.pool = new CpmmPool(this.v2fee);
    this.reset(price);
  }

  private raw(x: number, scale: number): bigint {
    return x > 0 ? BigInt(Math.floor(x * scale)) : 0n;
  }

  b0(): number {
    return Number(this.pool.reserve0) / this.scale0;
  }

  b1(): number {
    return Number(this.pool.reserve1) / this.scale1;
  }

  reset(price: number): void {
    const tvl = this.config.tvl;
    this.pool = CpmmPool.withReserves(this.raw(tvl / 2 / price, this.scale0), this.raw(tvl / 2, this.scale1), this.v2fee, 'background-0');
  }

  private record(zeroForOne: boolean, amountIn: bigint, amountOut: bigint): void {
    const o = this.out;
    const sIn = zeroForOne ? this.scale0 : this.scale1, sOut = zeroForOne ? this.scale1 : this.scale0;
    o.amountIn = Number(amountIn) / sIn;
    o.amountOut = Number(amountOut) / sOut;
    o.fee = o.amountIn * this.feeRate;
  }

  protected execIn(zeroForOne: boolean, amountIn: number, commit: boolean): void {
    const a = this.raw(amountIn, zeroForOne ? this.scale0 : this.scale1);
    if (a <= 0n) return;
    if (commit) {
      const r = this.pool.swapExactIn(zeroForOne, a);
      this.record(zeroForOne, r.amountIn, r.amountOut);
    } else this.record(zeroForOne, a, this.pool.quoteExactIn(zeroForOne, a));
  }

  protected execOut(zeroForOne: boolean, amountOut: number, commit: boolean): void {
    const a = this.raw(amountOut, zeroForOne ? this.scale1 : this.scale0);
    if (a <= 0n) return;
    if (commit) {
      const r = this.pool.swapExactOut(zeroForOne, a);
      this.record(zeroForOne, r.amountIn, r.amountOut);
    } else this.record(zeroForOne, this.pool.quoteExactOut(zeroForOne, a), a);
  }

  snapshot(): unknown {
    return this.pool.clone();
  }

  restore(snapshot: unknown): void {
    this.pool = (snapshot as CpmmPool).clone();
  }

  totalShares(): number {
    return Number(this.pool.totalSupply) / this.shareScale;
  }

  deposit(owner: string, _tickLower: number, _tickUpper: number, amount0: number, amount1: number): LiquidityMove {
    const [a0, a1] = this.proportional(amount0, amount1);
    const r0 = this.raw(a0, this.scale0), r1 = this.raw(a1, this.scale1);
    if (r0 <= 0n || r1 <= 0n) return { ...NO_MOVE };
    const minted = this.pool.mint(owner, r0, r1);
    return { liquidity: Number(minted) / this.shareScale, amount0: Number(r0) / this.scale0, amount1: Number(r1) / this.scale1, fees0: 0, fees1: 0 };
  }

  withdraw(owner: string): LiquidityMove {
    const s = this.pool.shares.get(owner) ?? 0n;
    if (s <= 0n) return { ...NO_MOVE };
    const r = this.pool.burn(owner, s);
    return { liquidity: Number(s) / this.shareScale, amount0: Number(r.amount0) / this.scale0, amount1: Number(r.amount1) / this.scale1, fees0: 0, fees1: 0 };
  }
}

/**
 * Balancer weighted pool (two tokens) on its 18-decimal fixed-point math. WeightedPool models
 * swaps only, so joins and exits are proportional deposits and withdrawals with the shares kept
 * here (a proportional join charges no fee in Balancer either). Arbitrage larger than Balancer's
 * 30%-of-balance limit is cut to the limit.
 */
export class ExactWeightedSimPool extends ReserveSimBase implements SimPool {
  readonly exact = true;
  pool: WeightedPool;
  private readonly scale0: number;
  private readonly scale1: number;
  private shares = 0;
  private readonly owners = new Map<string, number>();

  constructor(config: ReserveSimConfig, price = 1) {
    super(config);
    this.scale0 = 10 ** (config.decimals0 ?? 18);
    this.scale1 = 10 ** (config.decimals1 ?? 18);
    this.pool = this.make(price);
    this.reset(price);
  }

  private make(price: number): WeightedPool {
    const tvl = this.config.tvl;
    return WeightedPool.fromFractions({
      balances: [this.raw((tvl * this.weight0) / price, this.scale0), this.raw(tvl * this.w1, this.scale1)],
      weights: [this.weight0, this.w1],
      fee: this.feeRate,
      decimals: [Math.round(Math.log10(this.scale0)), Math.round(Math.log10(this.scale1))],
    });
  }

  private raw(x: number, scale: number): bigint {
    return x > 0 ? BigInt(Math.floor(x * scale)) : 0n;
  }

  b0(): number {
    return Number(this.pool.balances[0]) / this.scale0;
  }

  b1(): number {
    return Number(this.pool.balances[1]) / this.scale1;
  }

  reset(price: number): void {
    this.pool = this.make(price);
    this.owners.clear();
    this.shares = this.config.tvl;
    this.owners.set('background-0', this.shares);
  }

  private record(zeroForOne: boolean, amountIn: bigint, amountOut: bigint, fee: bigint): void {
    const o = this.out;
    const sIn = zeroForOne ? this.scale0 : this.scale1, sOut = zeroForOne ? this.scale1 : this.scale0;
    o.amountIn = Number(amountIn) / sIn;
    o.amountOut = Number(amountOut) / sOut;
    o.fee = Number(fee) / sIn;
  }

  protected execIn(zeroForOne: boolean, amountIn: number, commit: boolean): void {
    const i = zeroForOne ? 0 : 1, j = 1 - i;
    const bal = this.pool.balances[i];
    let a = this.raw(amountIn, zeroForOne ? this.scale0 : this.scale1);
    const max = (bal * 3n) / 10n;
    if (a > max) a = max;
    if (a <= 0n) return;
    const r = commit ? this.pool.swapGivenIn(i, j, a) : this.pool.quoteGivenIn(i, j, a);
    this.record(zeroForOne, r.amountIn, r.amountOut, r.feeAmount);
  }

  protected execOut(zeroForOne: boolean, amountOut: number, commit: boolean): void {
    const i = zeroForOne ? 0 : 1, j = 1 - i;
    const a = this.raw(amountOut, zeroForOne ? this.scale1 : this.scale0);
    if (a <= 0n) return;
    const r = commit ? this.pool.swapGivenOut(i, j, a) : this.pool.quoteGivenOut(i, j, a);
    this.record(zeroForOne, r.amountIn, r.amountOut, r.feeAmount);
  }

  snapshot(): unknown {
    return [...this.pool.balances];
  }

  restore(snapshot: unknown): void {
    const b = snapshot as bigint[];
    this.pool.balances[0] = b[0];
    this.pool.balances[1] = b[1];
  }

  totalShares(): number {
    return this.shares;
  }

  deposit(owner: string, _tickLower: number, _tickUpper: number, amount0: number, amount1: number): LiquidityMove {
    const [a0, a1] = this.proportional(amount0, amount1);
    const r0 = this.raw(a0, this.scale0), r1 = this.raw(a1, this.scale1);
    if (r0 <= 0n || r1 <= 0n) return { ...NO_MOVE };
    const minted = (this.shares * Number(r0)) / Number(this.pool.balances[0]);
    this.pool.balances[0] += r0;
    this.pool.balances[1] += r1;
    this.shares += minted;
    this.owners.set(owner, (this.owners.get(owner) ?? 0) + minted);
    return { liquidity: minted, amount0: Number(r0) / this.scale0, amount1: Number(r1) / this.scale1, fees0: 0, fees1: 0 };
  }

  withdraw(owner: string): LiquidityMove {
    const s = this.owners.get(owner) ?? 0;
    if (!(s > 0)) return { ...NO_MOVE };
    // Exit rounds down in the pool's favour, as Balancer's exits do.
    const num = BigInt(Math.floor((s / this.shares) * 1e18));
    const r0 = (this.pool.balances[0] * num) / 10n ** 18n, r1 = (this.pool.balances[1] * num) / 10n ** 18n;
    this.pool.balances[0] -= r0;
    this.pool.balances[1] -= r1;
    this.shares -= s;
    this.owners.delete(owner);
    return { liquidity: s, amount0: Number(r0) / this.scale0, amount1: Number(r1) / this.scale1, fees0: 0, fees1: 0 };
  }
}
