/**
 * Float64 constant-product pool for Monte Carlo: the same shape as CpmmPool (reserves, price,
 * quote/swap exact in/out) without bigint and without allocating per call. It drops the integer
 * rounding (the exact pool's outputs are floor() of these, its exact-output inputs floor() + 1),
 * so it differs from CpmmPool by at most about one unit of the smallest token denomination per
 * swap plus float rounding (relative 1e-15); cpmm.test.ts measures it.
 *
 * `fee` is a fraction of the input (0.003 for Uniswap v2), kept in the reserves as in v2.
 */
import type { CpmmPool } from './cpmm.js';

export class FloatCpmmPool {
  /** Share of the input that counts toward the invariant, 1 - fee. */
  private readonly gamma: number;
  /** Profit of the last arbitrageTo() in token1 at the market price (0 when no trade). */
  lastArbProfit = 0;

  constructor(
    public reserve0: number,
    public reserve1: number,
    readonly fee = 0.003,
  ) {
    if (!(fee >= 0 && fee < 1)) throw new RangeError(`fee must be in [0, 1), got ${fee}`);
    this.gamma = 1 - fee;
  }

  /** A float copy of an exact pool (reserves as numbers, fee = 1 - numerator / denominator). */
  static fromExact(pool: CpmmPool): FloatCpmmPool {
    return new FloatCpmmPool(Number(pool.reserve0), Number(pool.reserve1), 1 - Number(pool.fee.numerator) / Number(pool.fee.denominator));
  }

  /** Token1 per token0, without the fee. */
  get price(): number {
    return this.reserve1 / this.reserve0;
  }

  /** Pool value in token1 at a market price of token0. */
  value(price: number): number {
    return this.reserve0 * price + this.reserve1;
  }

  quoteExactIn(zeroForOne: boolean, amountIn: number): number {
    const rIn = zeroForOne ? this.reserve0 : this.reserve1;
    const rOut = zeroForOne ? this.reserve1 : this.reserve0;
    const effective = amountIn * this.gamma;
    return (effective * rOut) / (rIn + effective);
  }

  /** Input needed for an exact output; Infinity when the output is the whole reserve or more. */
  quoteExactOut(zeroForOne: boolean, amountOut: number): number {
    const rIn = zeroForOne ? this.reserve0 : this.reserve1;
    const rOut = zeroForOne ? this.reserve1 : this.reserve0;
    if (amountOut >= rOut) return Infinity;
    return (rIn * amountOut) / ((rOut - amountOut) * this.gamma);
  }

  /** Swaps an exact input; returns the output. */
  swapExactIn(zeroForOne: boolean, amountIn: number): number {
    const out = this.quoteExactIn(zeroForOne, amountIn);
    this.apply(zeroForOne, amountIn, out);
    return out;
  }

  /** Swaps for an exact output; returns the input (Infinity, and no change, if impossible). */
  swapExactOut(zeroForOne: boolean, amountOut: number): number {
    const amountIn = this.quoteExactOut(zeroForOne, amountOut);
    if (amountIn !== Infinity) this.apply(zeroForOne, amountIn, amountOut);
    return amountIn;
  }

  private apply(zeroForOne: boolean, amountIn: number, amountOut: number): void {
    if (zeroForOne) {
      this.reserve0 += amountIn;
      this.reserve1 -= amountOut;
    } else {
      this.reserve1 += amountIn;
      this.reserve0 -= amountOut;
    }
  }

  /**
   * Trades as a fee-paying arbitrageur would against a market price of token0 (in token1): buys
   * token0 while the pool's marginal ask (price / (1 - fee) and rising) is below the market, or
   * sells it while the marginal bid is above. The marginal price after an input of token1 is
   * (r1 + g dy)^2 / (g r0 r1) with g = 1 - fee, so the optimal input solves it equal to the
   * market: dy = (sqrt(g k M) - r1) / g; symmetrically dx = (sqrt(g k / M) - r0) / g.
   * Returns the token0 the pool paid out (> 0) or took in (< 0); the profit at the market price
   * is left in `lastArbProfit`.
   */
  arbitrageTo(marketPrice: number): number {
    const g = this.gamma;
    const k = this.reserve0 * this.reserve1;
    const dy = (Math.sqrt(g * k * marketPrice) - this.reserve1) / g;
    if (dy > 0) {
      const out = this.swapExactIn(false, dy);
      this.lastArbProfit = out * marketPrice - dy;
      return out;
    }
    const dx = (Math.sqrt((g * k) / marketPrice) - this.reserve0) / g;
    if (dx > 0) {
      const out = this.swapExactIn(true, dx);
      this.lastArbProfit = out - dx * marketPrice;
      return -dx;
    }
    this.lastArbProfit = 0;
    return 0;
  }
}
