/**
 * Float64 fast path of the v3 pool for Monte Carlo: the same state fields and method names as
 * V3Pool (sqrtPriceX96, tick, liquidity, feeGrowthGlobal0/1X128, swap/quote/mint/burn/collect,
 * the same result fields), with numbers instead of bigints and no integer rounding.
 *
 * Not allocating per swap: swap() and quote() write into one result object owned by the pool
 * (`pool.result`, overwritten by the next call: copy what you keep); initialized ticks live in
 * sorted typed arrays searched by bisection. mint/burn may allocate (positions, array growth).
 *
 * Differences from V3Pool, by design:
 * - no rounding: amounts are real numbers (the exact pool floors outputs and ceils inputs, a few
 *   wei per step);
 * - steps go straight to the next initialized tick instead of stopping at bitmap word edges (the
 *   edges only matter for the exact pool's per-step rounding);
 * - the tick after a partial step is floor(ln(price) / ln(1.0001)), clamped so that it never passes
 *   an initialized tick that was not crossed (float error at a boundary cannot desynchronize the
 *   active liquidity);
 * - active liquidity is a float sum: positions smaller than ~1e-14 of the largest one vanish in
 *   it (see liquidityScale), so the fast path is for books of comparable positions;
 * - step amounts use cancellation-free forms (e.g. out = L a s^2 / (L + a s) rather than
 *   L (s - s')), so relative error stays near 1e-15 per step even for tiny trades.
 * float-pool.test.ts measures the agreement with V3Pool on random swaps.
 */
import { ChainMathError, VenueError } from '../../core/errors.js';
import type { V3Pool } from './pool.js';
import { MAX_SQRT_RATIO, MAX_TICK, MIN_SQRT_RATIO, MIN_TICK } from './tick-math.js';

export const Q96_FLOAT = 2 ** 96;
export const Q128_FLOAT = 2 ** 128;
const HALF_LN_1_0001 = 0.5 * Math.log1p(0.0001);
const MIN_SQRT = Number(MIN_SQRT_RATIO) / Q96_FLOAT;
const MAX_SQRT = Number(MAX_SQRT_RATIO) / Q96_FLOAT;
/**
 * Default limits, as the exact pool's MIN_SQRT_RATIO + 1 and MAX_SQRT_RATIO - 1 (unscaled). At the
 * top the unit step is below float resolution, so the largest double under MAX_SQRT is used.
 */
const DEFAULT_LOW = Number(MIN_SQRT_RATIO + 1n) / Q96_FLOAT;
const DEFAULT_HIGH = MAX_SQRT * (1 - Number.EPSILON);

/** sqrt(1.0001^tick), unscaled. */
export function sqrtPriceAtTickFloat(tick: number): number {
  return Math.exp(tick * HALF_LN_1_0001);
}

/** floor(log_1.0001(sqrtPrice^2)): the tick whose interval holds the price (float; may be off by one exactly at a boundary). */
export function tickAtSqrtPriceFloat(sqrtPrice: number): number {
  const t = Math.floor(Math.log(sqrtPrice) / HALF_LN_1_0001);
  return t < MIN_TICK ? MIN_TICK : t > MAX_TICK - 1 ? MAX_TICK - 1 : t;
}

/** Result of a float swap, the same fields as V3SwapResult. Reused: overwritten by the next swap or quote. */
export class FloatSwapResult {
  amount0 = 0;
  amount1 = 0;
  amountIn = 0;
  amountOut = 0;
  feeAmount = 0;
  protocolFee = 0;
  sqrtPriceX96 = 0;
  tick = 0;
  liquidity = 0;
  amountSpecifiedRemaining = 0;
  filled = true;
  stop: 'filled' | 'priceLimit' | 'liquidityExhausted' = 'filled';
  steps = 0;
  ticksCrossed = 0;
}

export interface FloatPosition {
  liquidity: number;
  feeGrowthInside0LastX128: number;
  feeGrowthInside1LastX128: number;
  tokensOwed0: number;
  tokensOwed1: number;
}

export class FloatV3Pool {
  readonly fee: number;
  readonly tickSpacing: number;
  /** Unscaled sqrt price, sqrt(token1 / token0). sqrtPriceX96 is this times 2^96. */
  sqrtPrice = 0;
  tick = 0;
  liquidity = 0;
  feeProtocol = 0;
  feeGrowthGlobal0X128 = 0;
  feeGrowthGlobal1X128 = 0;
  protocolFees0 = 0;
  protocolFees1 = 0;
  balance0 = 0;
  balance1 = 0;
  unlocked = false;

  /** Initialized ticks, ascending, in [0, tickCount). */
  tickCount = 0;
  tickIndex = new Int32Array(16);
  liquidityNet = new Float64Array(16);
  liquidityGross = new Float64Array(16);
  feeGrowthOutside0X128 = new Float64Array(16);
  feeGrowthOutside1X128 = new Float64Array(16);

  /**
   * Largest liquidityGross ever seen on a tick. Active liquidity is a running float sum of
   * liquidityNet; after a crossing, a remainder below 64 ulps of this scale is rounding noise
   * (positions that small are lost in the sum anyway) and is snapped to zero, so an empty range is
   * reported as empty instead of holding a phantom of 1e-16 of the largest position.
   */
  liquidityScale = 0;
  readonly positions = new Map<string, FloatPosition>();
  /** The reused result of the last swap or quote. */
  readonly result = new FloatSwapResult();

  private readonly feeRate: number;

  constructor(config: { fee: number; tickSpacing?: number; sqrtPriceX96?: number }) {
    const spacing = config.tickSpacing ?? ({ 100: 1, 500: 10, 3000: 60, 10000: 200 } as Record<number, number>)[config.fee];
    if (spacing === undefined) throw new ChainMathError('', `fee ${config.fee} is not a factory tier; pass tickSpacing`);
    this.fee = config.fee;
    this.tickSpacing = spacing;
    this.feeRate = config.fee / 1e6;
    if (config.sqrtPriceX96 !== undefined) this.initialize(config.sqrtPriceX96);
  }

  get sqrtPriceX96(): number {
    return this.sqrtPrice * Q96_FLOAT;
  }

  /** Price of token0 in token1 (raw units). */
  get price(): number {
    return this.sqrtPrice * this.sqrtPrice;
  }

  initialize(sqrtPriceX96: number): void {
    if (this.sqrtPrice !== 0) throw new ChainMathError('AI', 'pool is already initialized');
    const s = sqrtPriceX96 / Q96_FLOAT;
    if (!(s >= MIN_SQRT && s < MAX_SQRT)) throw new ChainMathError('R', `sqrtPriceX96 ${sqrtPriceX96} is outside [MIN_SQRT_RATIO, MAX_SQRT_RATIO)`);
    this.sqrtPrice = s;
    this.tick = tickAtSqrtPriceFloat(s);
    this.unlocked = true;
  }

  /** A float copy of an exact pool: price, tick, liquidity, ticks, positions, fee growth and balances. */
  static fromExact(pool: V3Pool): FloatV3Pool {
    const f = new FloatV3Pool({ fee: pool.fee, tickSpacing: pool.tickSpacing });
    f.sqrtPrice = Number(pool.sqrtPriceX96) / Q96_FLOAT;
    f.tick = pool.tick;
    f.unlocked = pool.unlocked;
    f.liquidity = Number(pool.liquidity);
    f.feeProtocol = pool.feeProtocol;
    f.feeGrowthGlobal0X128 = Number(pool.feeGrowthGlobal0X128);
    f.feeGrowthGlobal1X128 = Number(pool.feeGrowthGlobal1X128);
    f.protocolFees0 = Number(pool.protocolFees.token0);
    f.protocolFees1 = Number(pool.protocolFees.token1);
    f.balance0 = Number(pool.balance0);
    f.balance1 = Number(pool.balance1);
    const ticks = [...pool.ticks.entries()].filter(([, t]) => t.liquidityGross > 0n).sort((a, b) => a[0] - b[0]);
    f.ensureCapacity(ticks.length);
    ticks.forEach(([index, t], i) => {
      f.tickIndex[i] = index;
      f.liquidityNet[i] = Number(t.liquidityNet);
      f.liquidityGross[i] = Number(t.liquidityGross);
      f.feeGrowthOutside0X128[i] = Number(t.feeGrowthOutside0X128);
      f.feeGrowthOutside1X128[i] = Number(t.feeGrowthOutside1X128);
      if (f.liquidityGross[i] > f.liquidityScale) f.liquidityScale = f.liquidityGross[i];
    });
    f.tickCount = ticks.length;
    for (const [key, p] of pool.positions) {
      f.positions.set(key, {
        liquidity: Number(p.liquidity),
        feeGrowthInside0LastX128: Number(p.feeGrowthInside0LastX128),
        feeGrowthInside1LastX128: Number(p.feeGrowthInside1LastX128),
        tokensOwed0: Number(p.tokensOwed0),
        tokensOwed1: Number(p.tokensOwed1),
      });
    }
    return f;
  }

  // ---------------------------------------------------------------------------------------------
  // Tick storage

  /** Index of the first initialized tick > t (bisection; tickCount when none). */
  private upperBound(t: number): number {
    let lo = 0, hi = this.tickCount;
    const idx = this.tickIndex;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (idx[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private findTick(t: number): number {
    const i = this.upperBound(t) - 1;
    return i >= 0 && this.tickIndex[i] === t ? i : -1;
  }

  private ensureCapacity(n: number): void {
    if (n <= this.tickIndex.length) return;
    let cap = this.tickIndex.length;
    while (cap < n) cap *= 2;
    const grow = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.tickIndex = grow(this.tickIndex, (k) => new Int32Array(k));
    this.liquidityNet = grow(this.liquidityNet, (k) => new Float64Array(k));
    this.liquidityGross = grow(this.liquidityGross, (k) => new Float64Array(k));
    this.feeGrowthOutside0X128 = grow(this.feeGrowthOutside0X128, (k) => new Float64Array(k));
    this.feeGrowthOutside1X128 = grow(this.feeGrowthOutside1X128, (k) => new Float64Array(k));
  }

  /** Tick.update: returns the slot of the tick (inserted if new). */
  private updateTick(t: number, delta: number, upper: boolean): number {
    let i = this.findTick(t);
    if (i < 0) {
      this.ensureCapacity(this.tickCount + 1);
      i = this.upperBound(t);
      for (let k = this.tickCount; k > i; k--) {
        this.tickIndex[k] = this.tickIndex[k - 1];
        this.liquidityNet[k] = this.liquidityNet[k - 1];
        this.liquidityGross[k] = this.liquidityGross[k - 1];
        this.feeGrowthOutside0X128[k] = this.feeGrowthOutside0X128[k - 1];
        this.feeGrowthOutside1X128[k] = this.feeGrowthOutside1X128[k - 1];
      }
      this.tickCount++;
      this.tickIndex[i] = t;
      this.liquidityNet[i] = 0;
      this.liquidityGross[i] = 0;
      // By convention all growth so far happened below a tick at or below the current tick.
      const below = t <= this.tick;
      this.feeGrowthOutside0X128[i] = below ? this.feeGrowthGlobal0X128 : 0;
      this.feeGrowthOutside1X128[i] = below ? this.feeGrowthGlobal1X128 : 0;
    }
    this.liquidityGross[i] += delta;
    this.liquidityNet[i] += upper ? -delta : delta;
    if (this.liquidityGross[i] > this.liquidityScale) this.liquidityScale = this.liquidityGross[i];
    return i;
  }

  private removeTickIfEmpty(t: number): void {
    const i = this.findTick(t);
    if (i < 0 || this.liquidityGross[i] > 0) return;
    for (let k = i; k < this.tickCount - 1; k++) {
      this.tickIndex[k] = this.tickIndex[k + 1];
      this.liquidityNet[k] = this.liquidityNet[k + 1];
      this.liquidityGross[k] = this.liquidityGross[k + 1];
      this.feeGrowthOutside0X128[k] = this.feeGrowthOutside0X128[k + 1];
      this.feeGrowthOutside1X128[k] = this.feeGrowthOutside1X128[k + 1];
    }
    this.tickCount--;
  }

  // ---------------------------------------------------------------------------------------------
  // Swap

  swap(zeroForOne: boolean, amountSpecified: number, sqrtPriceLimitX96?: number, requireFill = false): FloatSwapResult {
    return this.run(zeroForOne, amountSpecified, sqrtPriceLimitX96, requireFill, true);
  }

  quote(zeroForOne: boolean, amountSpecified: number, sqrtPriceLimitX96?: number): FloatSwapResult {
    return this.run(zeroForOne, amountSpecified, sqrtPriceLimitX96, false, false);
  }

  private run(zeroForOne: boolean, amountSpecified: number, limitX96: number | undefined, requireFill: boolean, commit: boolean): FloatSwapResult {
    if (amountSpecified === 0 || amountSpecified !== amountSpecified || amountSpecified === -Infinity) throw new ChainMathError('AS', `amountSpecified is ${amountSpecified}`);
    if (!this.unlocked) throw new ChainMathError('LOK', 'pool is locked (not initialized)');
    const sStart = this.sqrtPrice;
    const defaultLimit = limitX96 === undefined;
    const limit = defaultLimit ? (zeroForOne ? DEFAULT_LOW : DEFAULT_HIGH) : limitX96 / Q96_FLOAT;
    if (zeroForOne ? !(limit < sStart && limit > MIN_SQRT) : !(limit > sStart && limit < MAX_SQRT)) {
      throw new ChainMathError('SPL', `sqrtPriceLimitX96 ${limit * Q96_FLOAT} is on the wrong side of the price or outside the curve`);
    }

    const gamma = 1 - this.feeRate;
    const feeRate = this.feeRate;
    const protocolDen = zeroForOne ? this.feeProtocol % 16 : this.feeProtocol >> 4;
    const exactIn = amountSpecified > 0;
    let remaining = amountSpecified;
    let calculated = 0;
    let s = sStart;
    let tick = this.tick;
    let L = this.liquidity;
    let feeGrowth = zeroForOne ? this.feeGrowthGlobal0X128 : this.feeGrowthGlobal1X128;
    const otherGrowth = zeroForOne ? this.feeGrowthGlobal1X128 : this.feeGrowthGlobal0X128;
    let feeTotal = 0, protocolFee = 0, steps = 0, crossed = 0;
    // An infinite exact input swaps to the price limit (what an arbitrageur does); the amount used
    // is then summed per step, since Infinity - remaining is not a number.
    const toLimit = amountSpecified === Infinity;
    let spent = 0;
    // Next initialized tick: below or at the tick when moving down, above it when moving up.
    let next = zeroForOne ? this.upperBound(tick) - 1 : this.upperBound(tick);

    while (remaining !== 0 && s !== limit) {
      steps++;
      const stepStart = s;
      const hasTick = zeroForOne ? next >= 0 : next < this.tickCount;
      const tickNext = hasTick ? this.tickIndex[next] : zeroForOne ? MIN_TICK : MAX_TICK;
      const sTick = sqrtPriceAtTickFloat(tickNext);
      const target = zeroForOne ? (sTick < limit ? limit : sTick) : sTick > limit ? limit : sTick;

      let sNext: number, amountIn: number, amountOut: number, feeAmount: number;
      let reached: boolean;
      if (zeroForOne) {
        if (exactIn) {
          const budget = remaining * gamma;
          const dS = s - target;
          const need = (L * dS) / (s * target);
          if (budget >= need) {
            reached = true;
            sNext = target;
            amountIn = need;
            amountOut = L * dS;
            feeAmount = (amountIn * feeRate) / gamma;
          } else {
            reached = false;
            const den = L + budget * s;
            sNext = (L * s) / den;
            amountIn = budget;
            amountOut = (L * budget * s * s) / den;
            feeAmount = remaining - budget;
          }
        } else {
          const want = -remaining;
          const dS = s - target;
          const avail = L * dS;
          if (want >= avail) {
            reached = true;
            sNext = target;
            amountOut = avail;
            amountIn = (L * dS) / (s * target);
          } else {
            reached = false;
            sNext = s - want / L;
            amountOut = want;
            amountIn = want / (s * sNext);
          }
          feeAmount = (amountIn * feeRate) / gamma;
        }
      } else if (exactIn) {
        const budget = remaining * gamma;
        const dS = target - s;
        const need = L * dS;
        if (budget >= need) {
          reached = true;
          sNext = target;
          amountIn = need;
          amountOut = (L * dS) / (s * target);
          feeAmount = (amountIn * feeRate) / gamma;
        } else {
          reached = false;
          sNext = s + budget / L;
          amountIn = budget;
          amountOut = budget / (s * sNext);
          feeAmount = remaining - budget;
        }
      } else {
        const want = -remaining;
        const dS = target - s;
        const avail = (L * dS) / (s * target);
        if (want >= avail) {
          reached = true;
          sNext = target;
          amountOut = avail;
          amountIn = L * dS;
        } else {
          reached = false;
          const den = L - want * s;
          sNext = (L * s) / den;
          amountOut = want;
          amountIn = (L * want * s * s) / den;
        }
        feeAmount = (amountIn * feeRate) / gamma;
      }

      if (exactIn) {
        remaining = reached ? remaining - amountIn - feeAmount : 0;
        spent += amountIn + feeAmount;
        if (remaining < 0) remaining = 0;
        calculated -= amountOut;
      } else {
        // A step short of its target serves the whole remaining output.
        remaining = reached ? remaining + amountOut : 0;
        calculated += amountIn + feeAmount;
      }
      feeTotal += feeAmount;
      if (protocolDen > 0) {
        const delta = feeAmount / protocolDen;
        feeAmount -= delta;
        protocolFee += delta;
      }
      if (L > 0) feeGrowth += (feeAmount * Q128_FLOAT) / L;

      s = sNext;
      if (reached && target === sTick) {
        if (hasTick) {
          crossed++;
          if (commit) {
            this.feeGrowthOutside0X128[next] = (zeroForOne ? feeGrowth : otherGrowth) - this.feeGrowthOutside0X128[next];
            this.feeGrowthOutside1X128[next] = (zeroForOne ? otherGrowth : feeGrowth) - this.feeGrowthOutside1X128[next];
          }
          const net = this.liquidityNet[next];
          L = zeroForOne ? L - net : L + net;
          if (L < 64 * Number.EPSILON * this.liquidityScale) L = 0;
        }
        tick = zeroForOne ? tickNext - 1 : tickNext;
        next = zeroForOne ? next - 1 : next + 1;
      } else if (s !== stepStart) {
        tick = tickAtSqrtPriceFloat(s);
        // Never past an initialized tick that was not crossed.
        if (zeroForOne) {
          if (hasTick && tick < tickNext) tick = tickNext;
        } else if (hasTick && tick >= tickNext) tick = tickNext - 1;
      }
    }

    const used = toLimit ? spent : amountSpecified - remaining;
    const amount0 = zeroForOne === exactIn ? used : calculated;
    const amount1 = zeroForOne === exactIn ? calculated : used;
    const r = this.result;
    r.amount0 = amount0;
    r.amount1 = amount1;
    r.amountIn = zeroForOne ? amount0 : amount1;
    r.amountOut = -(zeroForOne ? amount1 : amount0);
    r.feeAmount = feeTotal;
    r.protocolFee = protocolFee;
    r.sqrtPriceX96 = s * Q96_FLOAT;
    r.tick = tick;
    r.liquidity = L;
    r.amountSpecifiedRemaining = remaining;
    r.filled = remaining === 0;
    r.stop = r.filled ? 'filled' : defaultLimit ? 'liquidityExhausted' : 'priceLimit';
    r.steps = steps;
    r.ticksCrossed = crossed;
    if (!r.filled && requireFill) throw new VenueError(`float v3 swap not filled (${r.stop}): remaining ${remaining}`);

    if (commit) {
      this.sqrtPrice = s;
      this.tick = tick;
      this.liquidity = L;
      if (zeroForOne) {
        this.feeGrowthGlobal0X128 = feeGrowth;
        this.protocolFees0 += protocolFee;
      } else {
        this.feeGrowthGlobal1X128 = feeGrowth;
        this.protocolFees1 += protocolFee;
      }
      this.balance0 += amount0;
      this.balance1 += amount1;
    }
    return r;
  }

  // ---------------------------------------------------------------------------------------------
  // Liquidity

  setFeeProtocol(feeProtocol0: number, feeProtocol1: number): void {
    const ok = (f: number) => f === 0 || (f >= 4 && f <= 10);
    if (!(ok(feeProtocol0) && ok(feeProtocol1))) throw new ChainMathError('', 'fee protocol denominators must each be 0 or 4..10');
    this.feeProtocol = feeProtocol0 + (feeProtocol1 << 4);
  }

  /** Fee growth inside a range (X128 units, float). */
  feeGrowthInside(tickLower: number, tickUpper: number): [number, number] {
    const li = this.findTick(tickLower), ui = this.findTick(tickUpper);
    const lo0 = li >= 0 ? this.feeGrowthOutside0X128[li] : 0, lo1 = li >= 0 ? this.feeGrowthOutside1X128[li] : 0;
    const up0 = ui >= 0 ? this.feeGrowthOutside0X128[ui] : 0, up1 = ui >= 0 ? this.feeGrowthOutside1X128[ui] : 0;
    const g0 = this.feeGrowthGlobal0X128, g1 = this.feeGrowthGlobal1X128;
    const below0 = this.tick >= tickLower ? lo0 : g0 - lo0, below1 = this.tick >= tickLower ? lo1 : g1 - lo1;
    const above0 = this.tick < tickUpper ? up0 : g0 - up0, above1 = this.tick < tickUpper ? up1 : g1 - up1;
    return [g0 - below0 - above0, g1 - below1 - above1];
  }

  /** Token amounts for `liquidity` on a range at the current price (real numbers, no rounding). */
  amountsForLiquidity(tickLower: number, tickUpper: number, liquidity: number): { amount0: number; amount1: number } {
    const sa = sqrtPriceAtTickFloat(tickLower), sb = sqrtPriceAtTickFloat(tickUpper);
    if (this.tick < tickLower) return { amount0: (liquidity * (sb - sa)) / (sa * sb), amount1: 0 };
    if (this.tick < tickUpper) {
      const s = this.sqrtPrice;
      return { amount0: (liquidity * (sb - s)) / (s * sb), amount1: liquidity * (s - sa) };
    }
    return { amount0: 0, amount1: liquidity * (sb - sa) };
  }

  private modify(owner: string, tickLower: number, tickUpper: number, delta: number): { amount0: number; amount1: number } {
    if (!this.unlocked) throw new ChainMathError('LOK', 'pool is locked (not initialized)');
    if (!(tickLower < tickUpper)) throw new ChainMathError('TLU', `tickLower ${tickLower} must be below tickUpper ${tickUpper}`);
    if (!(tickLower >= MIN_TICK)) throw new ChainMathError('TLM', `tickLower ${tickLower} is below MIN_TICK`);
    if (!(tickUpper <= MAX_TICK)) throw new ChainMathError('TUM', `tickUpper ${tickUpper} is above MAX_TICK`);
    if (tickLower % this.tickSpacing !== 0 || tickUpper % this.tickSpacing !== 0) throw new ChainMathError('', 'ticks must be multiples of the spacing');
    const key = `${owner}|${tickLower}|${tickUpper}`;
    let pos = this.positions.get(key);
    if (!pos) {
      if (delta <= 0) throw new ChainMathError('NP', 'no such position');
      pos = { liquidity: 0, feeGrowthInside0LastX128: 0, feeGrowthInside1LastX128: 0, tokensOwed0: 0, tokensOwed1: 0 };
      this.positions.set(key, pos);
    }
    if (delta === 0 && pos.liquidity <= 0) throw new ChainMathError('NP', 'cannot poke a position with no liquidity');
    if (pos.liquidity + delta < 0) throw new ChainMathError('LS', `position has ${pos.liquidity}, cannot remove ${-delta}`);
    if (delta !== 0) {
      this.updateTick(tickLower, delta, false);
      this.updateTick(tickUpper, delta, true);
    }
    const [in0, in1] = this.feeGrowthInside(tickLower, tickUpper);
    pos.tokensOwed0 += (pos.liquidity * (in0 - pos.feeGrowthInside0LastX128)) / Q128_FLOAT;
    pos.tokensOwed1 += (pos.liquidity * (in1 - pos.feeGrowthInside1LastX128)) / Q128_FLOAT;
    pos.feeGrowthInside0LastX128 = in0;
    pos.feeGrowthInside1LastX128 = in1;
    pos.liquidity += delta;
    if (delta < 0) {
      this.removeTickIfEmpty(tickLower);
      this.removeTickIfEmpty(tickUpper);
    }
    const magnitude = delta < 0 ? -delta : delta;
    const a = this.amountsForLiquidity(tickLower, tickUpper, magnitude);
    if (this.tick >= tickLower && this.tick < tickUpper) this.liquidity += delta;
    return delta < 0 ? { amount0: -a.amount0, amount1: -a.amount1 } : a;
  }

  /** Adds liquidity; returns the tokens paid in. */
  mint(owner: string, tickLower: number, tickUpper: number, amount: number): { amount0: number; amount1: number } {
    if (!(amount > 0)) throw new ChainMathError('', 'mint amount must be positive');
    const r = this.modify(owner, tickLower, tickUpper, amount);
    this.balance0 += r.amount0;
    this.balance1 += r.amount1;
    return r;
  }

  /** Removes liquidity; the tokens are credited to tokensOwed (collect pays them). */
  burn(owner: string, tickLower: number, tickUpper: number, amount: number): { amount0: number; amount1: number } {
    const r = this.modify(owner, tickLower, tickUpper, -amount);
    const pos = this.positions.get(`${owner}|${tickLower}|${tickUpper}`)!;
    pos.tokensOwed0 -= r.amount0;
    pos.tokensOwed1 -= r.amount1;
    return { amount0: -r.amount0, amount1: -r.amount1 };
  }

  /** Pays out up to the requested tokensOwed (all by default). */
  collect(owner: string, tickLower: number, tickUpper: number, amount0Requested = Infinity, amount1Requested = Infinity): { amount0: number; amount1: number } {
    const pos = this.positions.get(`${owner}|${tickLower}|${tickUpper}`);
    if (!pos) return { amount0: 0, amount1: 0 };
    const a0 = Math.min(amount0Requested, pos.tokensOwed0), a1 = Math.min(amount1Requested, pos.tokensOwed1);
    pos.tokensOwed0 -= a0;
    pos.tokensOwed1 -= a1;
    this.balance0 -= a0;
    this.balance1 -= a1;
    return { amount0: a0, amount1: a1 };
  }

  /** Tokens the position could collect now (owed plus fees since its last update). */
  owed(owner: string, tickLower: number, tickUpper: number): { amount0: number; amount1: number } {
    const pos = this.positions.get(`${owner}|${tickLower}|${tickUpper}`);
    if (!pos) return { amount0: 0, amount1: 0 };
    const [in0, in1] = this.feeGrowthInside(tickLower, tickUpper);
    return {
      amount0: pos.tokensOwed0 + (pos.liquidity * (in0 - pos.feeGrowthInside0LastX128)) / Q128_FLOAT,
      amount1: pos.tokensOwed1 + (pos.liquidity * (in1 - pos.feeGrowthInside1LastX128)) / Q128_FLOAT,
    };
  }
}
