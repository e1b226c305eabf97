/**
 * Uniswap v3 pools behind the SimPool interface: `FloatV3SimPool` (FloatV3Pool, whole-token units,
 * for Monte Carlo) and `ExactV3SimPool` (V3Pool on bigint with the tokens' decimals, for backtests
 * and validation). Both place the same background liquidity at reset and answer in whole tokens.
 *
 * Arbitrage in v3 has a closed form because the fee is charged on the input and never enters the
 * price: buying token0 costs P / (1 - f) at the margin, selling it pays P (1 - f), so an
 * arbitrageur facing an external price M swaps until P = M (1 - f) (buying) or P = M / (1 - f)
 * (selling), an exact input "to the price limit".
 */
import { ChainMathError } from '../../core/errors.js';
import { getLiquidityForAmounts } from '../v3/liquidity-amounts.js';
import { FloatV3Pool, Q96_FLOAT, sqrtPriceAtTickFloat } from '../v3/float-pool.js';
import { FEE_TICK_SPACING, V3Pool, type V3SwapResult } from '../v3/pool.js';
import { MAX_SQRT_RATIO, MIN_SQRT_RATIO, getSqrtRatioAtTick } from '../v3/tick-math.js';
import { fullRange } from '../v3/tick-utils.js';
import { LN_TICK, SwapOutcome, type BackgroundLiquidity, type LiquidityMove, type SimPool } from './sim-pool.js';

export interface V3SimConfig {
  /** Fee in hundredths of a basis point (3000 = 0.30%). */
  feePips: number;
  /** Tick spacing; defaults to the factory's spacing for the fee tier. */
  tickSpacing?: number;
  background: readonly BackgroundLiquidity[];
  /** Token decimals for the exact pool (raw units = whole tokens x 10^decimals); default 18 and 18. */
  decimals0?: number;
  decimals1?: number;
}

const MIN_SQRT_WHOLE = Number(MIN_SQRT_RATIO) / Q96_FLOAT;
const MAX_SQRT_WHOLE = Number(MAX_SQRT_RATIO) / Q96_FLOAT;

function spacingOf(c: V3SimConfig): number {
  const s = c.tickSpacing ?? FEE_TICK_SPACING[c.feePips];
  if (s === undefined) throw new ChainMathError('', `fee ${c.feePips} (hundredths of a bip) is not a factory tier (100, 500, 3000, 10000); give tickSpacing`);
  return s;
}

/** Ticks of a background range around `tick`, on the spacing grid, at least one spacing wide. */
export function rangeAround(tick: number, halfWidth: number | undefined, spacing: number): [number, number] {
  if (halfWidth === undefined) return fullRange(spacing);
  const half = Math.log1p(halfWidth) / LN_TICK;
  const [minT, maxT] = fullRange(spacing);
  let lower = Math.floor((tick - half) / spacing) * spacing;
  let upper = Math.ceil((tick + half) / spacing) * spacing;
  if (upper <= lower) upper = lower + spacing;
  lower = Math.max(lower, minT);
  upper = Math.min(upper, maxT);
  return [lower, upper];
}

/** Value in token1 of one unit of liquidity on [sa^2, sb^2] at sqrt price s (whole tokens). */
export function valuePerLiquidity(s: number, sa: number, sb: number): number {
  const c = s < sa ? sa : s > sb ? sb : s;
  return (1 / c - 1 / sb) * s * s + (c - sa);
}

/** Principal of liquidity L on [sa^2, sb^2] at sqrt price s, into out (whole tokens). */
function rangePrincipal(L: number, s: number, sa: number, sb: number, out: Float64Array): void {
  const c = s < sa ? sa : s > sb ? sb : s;
  out[0] = L * (1 / c - 1 / sb);
  out[1] = L * (c - sa);
}

abstract class V3SimBase {
  readonly kind = 'v3' as const;
  readonly weight0 = NaN;
  readonly feesInPrincipal = false;
  readonly out = new SwapOutcome();
  readonly feeRate: number;
  readonly tickSpacing: number;
  readonly feePips: number;

  constructor(readonly config: V3SimConfig) {
    if (!Number.isInteger(config.feePips) || config.feePips < 0 || config.feePips >= 1_000_000) throw new ChainMathError('', `fee ${config.feePips} must be an integer number of hundredths of a bip below 1e6`);
    this.feePips = config.feePips;
    this.feeRate = config.feePips / 1e6;
    this.tickSpacing = spacingOf(config);
  }

  /** Whole-token sqrt price. */
  abstract sqrtPrice(): number;

  price(): number {
    const s = this.sqrtPrice();
    return s * s;
  }

  curvature(tickLower: number, tickUpper: number, liquidity: number, price: number): number {
    // x(p) = L (1/sqrt(p) - 1/sqrt(pb)) inside the range: p^2 |x'(p)| = L sqrt(p) / 2; 0 outside.
    if (price <= this.priceAtTick(tickLower) || price >= this.priceAtTick(tickUpper)) return 0;
    return 0.5 * liquidity * Math.sqrt(price);
  }

  totalShares(): number {
    return NaN;
  }

  abstract priceAtTick(tick: number): number;

  /** A swap toward a price limit with an input that never runs out before the limit. */
  protected abstract swapToLimit(zeroForOne: boolean, limit: number, commit: boolean): SwapOutcome;

  arbitrage(externalPrice: number): SwapOutcome {
    return this.arb(externalPrice, true);
  }

  quoteArbitrage(externalPrice: number): SwapOutcome {
    return this.arb(externalPrice, false);
  }

  /** The arbitrageur's trade to the fee band's edge nearest the external price, or nothing when no trade pays. */
  private arb(m: number, commit: boolean): SwapOutcome {
    const target = this.arbTarget(m);
    if (target !== target) {
      this.out.clear(false);
      this.out.priceAfter = this.price();
      return this.out;
    }
    const o = this.swapToLimit(target < this.price(), target, commit);
    o.filled = true;
    return o;
  }

  /** Arbitrage target: the marginal price (fee-free) the pool should reach, or NaN when no trade pays. */
  protected arbTarget(m: number): number {
    const p = this.price();
    const g = 1 - this.feeRate;
    if (p < m * g) return m * g;
    if (p * g > m) return m / g;
    return NaN;
  }
}

/** Float fast path, whole-token units (raw price = price). */
export class FloatV3SimPool extends V3SimBase implements SimPool {
  readonly exact = false;
  pool: FloatV3Pool;

  constructor(config: V3SimConfig, price = 1) {
    super(config);
    this.pool = new FloatV3Pool({ fee: config.feePips, tickSpacing: this.tickSpacing });
    this.reset(price);
  }

  reset(price: number): void {
    const pool = new FloatV3Pool({ fee: this.feePips, tickSpacing: this.tickSpacing });
    pool.initialize(Math.sqrt(price) * Q96_FLOAT);
    this.pool = pool;
    const s = pool.sqrtPrice;
    this.config.background.forEach((b, i) => {
      const [lo, hi] = rangeAround(pool.tick, b.halfWidth, this.tickSpacing);
      const L = b.tvl / valuePerLiquidity(s, sqrtPriceAtTickFloat(lo), sqrtPriceAtTickFloat(hi));
      if (L > 0) pool.mint(`background-${i}`, lo, hi, L);
    });
  }

  sqrtPrice(): number {
    return this.pool.sqrtPrice;
  }

  tick(): number {
    return this.pool.tick;
  }

  tickAtPrice(price: number): number {
    return Math.floor(Math.log(price) / LN_TICK);
  }

  priceAtTick(tick: number): number {
    const s = sqrtPriceAtTickFloat(tick);
    return s * s;
  }

  /** sqrtPriceLimitX96 for a price limit, undefined for none, NaN when the limit is already passed. */
  private limitX96(zeroForOne: boolean, priceLimit: number): number | undefined {
    if (priceLimit !== priceLimit) return undefined;
    const s = Math.sqrt(priceLimit);
    const cur = this.pool.sqrtPrice;
    if (zeroForOne ? !(s < cur) : !(s > cur)) return NaN;
    if (s <= MIN_SQRT_WHOLE || s >= MAX_SQRT_WHOLE) return undefined;
    return s * Q96_FLOAT;
  }

  private run(zeroForOne: boolean, amountSpecified: number, priceLimit: number, commit: boolean): SwapOutcome {
    const o = this.out;
    o.clear(zeroForOne);
    const lim = this.limitX96(zeroForOne, priceLimit);
    if (lim !== lim || !(amountSpecified !== 0)) {
      o.filled = amountSpecified === 0;
      o.priceAfter = this.price();
      return o;
    }
    const r = commit ? this.pool.swap(zeroForOne, amountSpecified, lim) : this.pool.quote(zeroForOne, amountSpecified, lim);
    o.amountIn = r.amountIn;
    o.amountOut = r.amountOut;
    o.fee = r.feeAmount;
    o.filled = r.filled;
    const sa = r.sqrtPriceX96 / Q96_FLOAT;
    o.priceAfter = sa * sa;
    return o;
  }

  swapExactIn(zeroForOne: boolean, amountIn: number, priceLimit: number): SwapOutcome {
    return this.run(zeroForOne, amountIn, priceLimit, true);
  }

  swapExactOut(zeroForOne: boolean, amountOut: number, priceLimit: number): SwapOutcome {
    return this.run(zeroForOne, -amountOut, priceLimit, true);
  }

  quoteExactIn(zeroForOne: boolean, amountIn: number, priceLimit: number): SwapOutcome {
    return this.run(zeroForOne, amountIn, priceLimit, false);
  }

  quoteExactOut(zeroForOne: boolean, amountOut: number, priceLimit: number): SwapOutcome {
    return this.run(zeroForOne, -amountOut, priceLimit, false);
  }

  /** Swaps toward `limit` with an unbounded input (the arbitrageur's trade). */
  protected swapToLimit(zeroForOne: boolean, limit: number, commit: boolean): SwapOutcome {
    return this.run(zeroForOne, Infinity, limit, commit);
  }

  snapshot(): unknown {
    const p = this.pool;
    const n = p.tickCount;
    return {
      s: p.sqrtPrice, t: p.tick, L: p.liquidity, g0: p.feeGrowthGlobal0X128, g1: p.feeGrowthGlobal1X128,
      pf0: p.protocolFees0, pf1: p.protocolFees1, b0: p.balance0, b1: p.balance1, n,
      o0: p.feeGrowthOutside0X128.slice(0, n), o1: p.feeGrowthOutside1X128.slice(0, n),
    };
  }

  restore(snapshot: unknown): void {
    const x = snapshot as { s: number; t: number; L: number; g0: number; g1: number; pf0: number; pf1: number; b0: number; b1: number; n: number; o0: Float64Array; o1: Float64Array };
    const p = this.pool;
    if (p.tickCount !== x.n) throw new ChainMathError('', 'cannot restore a snapshot across a change of the tick set');
    p.sqrtPrice = x.s;
    p.tick = x.t;
    p.liquidity = x.L;
    p.feeGrowthGlobal0X128 = x.g0;
    p.feeGrowthGlobal1X128 = x.g1;
    p.protocolFees0 = x.pf0;
    p.protocolFees1 = x.pf1;
    p.balance0 = x.b0;
    p.balance1 = x.b1;
    p.feeGrowthOutside0X128.set(x.o0);
    p.feeGrowthOutside1X128.set(x.o1);
  }

  deposit(owner: string, tickLower: number, tickUpper: number, amount0: number, amount1: number): LiquidityMove {
    const sa = sqrtPriceAtTickFloat(tickLower), sb = sqrtPriceAtTickFloat(tickUpper);
    const s = this.pool.sqrtPrice;
    let L: number;
    if (s <= sa) L = (amount0 * sa * sb) / (sb - sa);
    else if (s >= sb) L = amount1 / (sb - sa);
    else L = Math.min((amount0 * s * sb) / (sb - s), amount1 / (s - sa));
    // Float noise must not spend more than was offered.
    L *= 1 - 1e-12;
    if (!(L > 0)) return { liquidity: 0, amount0: 0, amount1: 0, fees0: 0, fees1: 0 };
    const r = this.pool.mint(owner, tickLower, tickUpper, L);
    return { liquidity: L, amount0: r.amount0, amount1: r.amount1, fees0: 0, fees1: 0 };
  }

  withdraw(owner: string, tickLower: number, tickUpper: number): LiquidityMove {
    const pos = this.pool.positions.get(`${owner}|${tickLower}|${tickUpper}`);
    if (!pos) return { liquidity: 0, amount0: 0, amount1: 0, fees0: 0, fees1: 0 };
    const L = pos.liquidity;
    let a0 = 0, a1 = 0;
    if (L > 0) {
      const b = this.pool.burn(owner, tickLower, tickUpper, L);
      a0 = b.amount0;
      a1 = b.amount1;
    }
    const c = this.pool.collect(owner, tickLower, tickUpper);
    this.pool.positions.delete(`${owner}|${tickLower}|${tickUpper}`);
    return { liquidity: L, amount0: a0, amount1: a1, fees0: c.amount0 - a0, fees1: c.amount1 - a1 };
  }

  owedFees(owner: string, tickLower: number, tickUpper: number, out: Float64Array): void {
    const o = this.pool.owed(owner, tickLower, tickUpper);
    out[0] = o.amount0;
    out[1] = o.amount1;
  }

  principal(tickLower: number, tickUpper: number, liquidity: number, out: Float64Array): void {
    rangePrincipal(liquidity, this.pool.sqrtPrice, sqrtPriceAtTickFloat(tickLower), sqrtPriceAtTickFloat(tickUpper), out);
  }

  tvl(price: number): number {
    return this.pool.balance0 * price + this.pool.balance1;
  }
}

const HUGE_INPUT = 1n << 200n;

/** The bigint pool, with token decimals: raw = whole x 10^decimals. */
export class ExactV3SimPool extends V3SimBase implements SimPool {
  readonly exact = true;
  pool: V3Pool;
  readonly scale0: number;
  readonly scale1: number;
  /** sqrt(scale0 scale1): raw liquidity per whole-token liquidity. */
  private readonly liquidityScale: number;
  /** sqrt(scale0 / scale1): whole-token sqrt price per raw sqrt price. */
  private readonly sqrtScale: number;

  constructor(config: V3SimConfig, price = 1) {
    super(config);
    const d0 = config.decimals0 ?? 18, d1 = config.decimals1 ?? 18;
    if (!Number.isInteger(d0) || !Number.isInteger(d1) || d0 < 0 || d1 < 0 || d0 > 30 || d1 > 30) throw new ChainMathError('', `token decimals must be integers in [0, 30], got ${d0} and ${d1}`);
    this.scale0 = 10 ** d0;
    this.scale1 = 10 ** d1;
    this.liquidityScale = Math.sqrt(this.scale0 * this.scale1);
    this.sqrtScale = Math.sqrt(this.scale0 / this.scale1);
    this.pool = new V3Pool({ fee: config.feePips, tickSpacing: this.tickSpacing });
    this.reset(price);
  }

  private raw0(x: number): bigint {
    return x > 0 ? BigInt(Math.floor(x * this.scale0)) : 0n;
  }

  private raw1(x: number): bigint {
    return x > 0 ? BigInt(Math.floor(x * this.scale1)) : 0n;
  }

  /** sqrtPriceX96 of a whole-token price, clamped inside the curve. */
  sqrtX96OfPrice(price: number): bigint {
    const x = BigInt(Math.floor((Math.sqrt(price) / this.sqrtScale) * Q96_FLOAT));
    return x <= MIN_SQRT_RATIO ? MIN_SQRT_RATIO + 1n : x >= MAX_SQRT_RATIO ? MAX_SQRT_RATIO - 1n : x;
  }

  reset(price: number): void {
    const pool = new V3Pool({ fee: this.feePips, tickSpacing: this.tickSpacing, sqrtPriceX96: this.sqrtX96OfPrice(price) });
    this.pool = pool;
    const s = this.sqrtPrice();
    this.config.background.forEach((b, i) => {
      const [lo, hi] = rangeAround(pool.tick, b.halfWidth, this.tickSpacing);
      const L = b.tvl / valuePerLiquidity(s, Math.sqrt(this.priceAtTick(lo)), Math.sqrt(this.priceAtTick(hi)));
      const raw = BigInt(Math.floor(L * this.liquidityScale));
      if (raw > 0n) pool.mint(`background-${i}`, lo, hi, raw);
    });
  }

  sqrtPrice(): number {
    return (Number(this.pool.sqrtPriceX96) / Q96_FLOAT) * this.sqrtScale;
  }

  tick(): number {
    return this.pool.tick;
  }

  tickAtPrice(price: number): number {
    return Math.floor(Math.log((price * this.scale1) / this.scale0) / LN_TICK);
  }

  priceAtTick(tick: number): number {
    const s = (Number(getSqrtRatioAtTick(tick)) / Q96_FLOAT) * this.sqrtScale;
    return s * s;
  }

  private limitX96(zeroForOne: boolean, priceLimit: number): bigint | undefined | null {
    if (priceLimit !== priceLimit) return undefined;
    const lim = this.sqrtX96OfPrice(priceLimit);
    const cur = this.pool.sqrtPriceX96;
    if (zeroForOne ? !(lim < cur) : !(lim > cur)) return null;
    return lim;
  }

  private fill(zeroForOne: boolean, r: V3SwapResult): SwapOutcome {
    const o = this.out;
    const sIn = zeroForOne ? this.scale0 : this.scale1, sOut = zeroForOne ? this.scale1 : this.scale0;
    o.amountIn = Number(r.amountIn) / sIn;
    o.amountOut = Number(r.amountOut) / sOut;
    o.fee = Number(r.feeAmount) / sIn;
    o.filled = r.filled;
    const sa = (Number(r.sqrtPriceX96) / Q96_FLOAT) * this.sqrtScale;
    o.priceAfter = sa * sa;
    return o;
  }

  private run(zeroForOne: boolean, amountSpecified: bigint, priceLimit: number, commit: boolean): SwapOutcome {
    const o = this.out;
    o.clear(zeroForOne);
    const lim = this.limitX96(zeroForOne, priceLimit);
    if (lim === null || amountSpecified === 0n) {
      o.filled = amountSpecified === 0n;
      o.priceAfter = this.price();
      return o;
    }
    const r = commit ? this.pool.swap(zeroForOne, amountSpecified, lim) : this.pool.quote(zeroForOne, amountSpecified, lim);
    return this.fill(zeroForOne, r);
  }

  swapExactIn(zeroForOne: boolean, amountIn: number, priceLimit: number): SwapOutcome {
    return this.run(zeroForOne, zeroForOne ? this.raw0(amountIn) : this.raw1(amountIn), priceLimit, true);
  }

  swapExactOut(zeroForOne: boolean, amountOut: number, priceLimit: number): SwapOutcome {
    return this.run(zeroForOne, -(zeroForOne ? this.raw1(amountOut) : this.raw0(amountOut)), priceLimit, true);
  }

  quoteExactIn(zeroForOne: boolean, amountIn: number, priceLimit: number): SwapOutcome {
    return this.run(zeroForOne, zeroForOne ? this.raw0(amountIn) : this.raw1(amountIn), priceLimit, false);
  }

  quoteExactOut(zeroForOne: boolean, amountOut: number, priceLimit: number): SwapOutcome {
    return this.run(zeroForOne, -(zeroForOne ? this.raw1(amountOut) : this.raw0(amountOut)), priceLimit, false);
  }

  /** Swaps toward `limit` with an input larger than any pool holds (the arbitrageur's trade). */
  protected swapToLimit(zeroForOne: boolean, limit: number, commit: boolean): SwapOutcome {
    return this.run(zeroForOne, HUGE_INPUT, limit, commit);
  }

  snapshot(): unknown {
    return this.pool.clone();
  }

  restore(snapshot: unknown): void {
    this.pool = (snapshot as V3Pool).clone();
  }

  deposit(owner: string, tickLower: number, tickUpper: number, amount0: number, amount1: number): LiquidityMove {
    const sa = getSqrtRatioAtTick(tickLower), sb = getSqrtRatioAtTick(tickUpper);
    const L = getLiquidityForAmounts(this.pool.sqrtPriceX96, sa, sb, this.raw0(amount0), this.raw1(amount1));
    if (L <= 0n) return { liquidity: 0, amount0: 0, amount1: 0, fees0: 0, fees1: 0 };
    const r = this.pool.mint(owner, tickLower, tickUpper, L);
    return { liquidity: Number(L) / this.liquidityScale, amount0: Number(r.amount0) / this.scale0, amount1: Number(r.amount1) / this.scale1, fees0: 0, fees1: 0 };
  }

  withdraw(owner: string, tickLower: number, tickUpper: number): LiquidityMove {
    const pos = this.pool.getPosition(owner, tickLower, tickUpper);
    if (!pos) return { liquidity: 0, amount0: 0, amount1: 0, fees0: 0, fees1: 0 };
    const L = pos.liquidity;
    let a0 = 0n, a1 = 0n;
    if (L > 0n) {
      const b = this.pool.burn(owner, tickLower, tickUpper, L);
      a0 = b.amount0;
      a1 = b.amount1;
    }
    const c = this.pool.collect(owner, tickLower, tickUpper);
    return {
      liquidity: Number(L) / this.liquidityScale,
      amount0: Number(a0) / this.scale0,
      amount1: Number(a1) / this.scale1,
      fees0: Number(c.amount0 - a0) / this.scale0,
      fees1: Number(c.amount1 - a1) / this.scale1,
    };
  }

  owedFees(owner: string, tickLower: number, tickUpper: number, out: Float64Array): void {
    const o = this.pool.owed(owner, tickLower, tickUpper);
    out[0] = Number(o.amount0) / this.scale0;
    out[1] = Number(o.amount1) / this.scale1;
  }

  principal(tickLower: number, tickUpper: number, liquidity: number, out: Float64Array): void {
    const sa = (Number(getSqrtRatioAtTick(tickLower)) / Q96_FLOAT) * this.sqrtScale;
    const sb = (Number(getSqrtRatioAtTick(tickUpper)) / Q96_FLOAT) * this.sqrtScale;
    rangePrincipal(liquidity, this.sqrtPrice(), sa, sb, out);
  }

  tvl(price: number): number {
    return (Number(this.pool.balance0) / this.scale0) * price + Number(this.pool.balance1) / this.scale1;
  }
}
