/**
 * Uniswap v2 constant-product pool on bigint, with the contracts' integer rules:
 * `UniswapV2Library.getAmountOut/getAmountIn` (the router's quotes) and `UniswapV2Pair`
 * mint/burn/swap with its 'K' check, its uint112 reserve bound and its MINIMUM_LIQUIDITY lock.
 *
 * The fee is a fraction numerator/denominator of the input that counts toward the invariant:
 * Uniswap v2 keeps 997/1000 (0.30%); forks change it (PancakeSwap v2 9975/10000, SushiSwap 997/1000).
 * The pair's K check uses the same fraction, written as balance * denominator - amountIn *
 * (denominator - numerator), which for 997/1000 is the contract's `balance * 1000 - amountIn * 3`.
 *
 * Left out: the protocol fee switch (`feeTo`, 1/6 of the fee growth of sqrt(k) minted to the
 * protocol, off on mainnet v2 since launch), the price accumulators, flash swaps, skim/sync.
 *
 * Rounding: the output rounds DOWN; the input for an exact output is floor(...) + 1, which
 * overpays by one unit when the division is exact (the library's known conservative rounding).
 */
import { ChainMathError } from '../core/errors.js';
import { sqrtBigint } from './v3/liquidity-amounts.js';

export interface V2Fee {
  /** Share of the input that counts, numerator over denominator: 997n / 1000n for Uniswap v2. */
  numerator: bigint;
  denominator: bigint;
}

export const UNISWAP_V2_FEE: Readonly<V2Fee> = Object.freeze({ numerator: 997n, denominator: 1000n });

/** A v2 fee from a fee fraction in basis points of the input (30 -> 997/1000, 25 -> 9975/10000). */
export function v2FeeFromBps(feeBps: number): V2Fee {
  if (!(feeBps >= 0 && feeBps < 10_000) || !Number.isInteger(feeBps * 100)) {
    throw new ChainMathError('', `v2 fee ${feeBps} bps must be in [0, 10000) with at most two decimals`);
  }
  const denominator = 1_000_000n;
  return { numerator: denominator - BigInt(Math.round(feeBps * 100)), denominator };
}

const MAX_UINT112 = (1n << 112n) - 1n;
export const MINIMUM_LIQUIDITY = 1000n;

function check(ok: boolean, reason: string, message?: string): asserts ok {
  if (!ok) throw new ChainMathError(reason, message ?? reason);
}

/**
 * Output for an exact input (UniswapV2Library.getAmountOut):
 * floor(in * num * reserveOut / (reserveIn * den + in * num)). Rounds DOWN.
 */
export function getAmountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint, fee: V2Fee = UNISWAP_V2_FEE): bigint {
  check(amountIn > 0n, 'UniswapV2Library: INSUFFICIENT_INPUT_AMOUNT');
  check(reserveIn > 0n && reserveOut > 0n, 'UniswapV2Library: INSUFFICIENT_LIQUIDITY');
  const amountInWithFee = amountIn * fee.numerator;
  return (amountInWithFee * reserveOut) / (reserveIn * fee.denominator + amountInWithFee);
}

/**
 * Input for an exact output (UniswapV2Library.getAmountIn):
 * floor(reserveIn * out * den / ((reserveOut - out) * num)) + 1. Rounds UP (by one even when exact).
 * Asking for the whole reserve or more reverts as the library does (SafeMath underflow, then a
 * division by zero).
 */
export function getAmountIn(amountOut: bigint, reserveIn: bigint, reserveOut: bigint, fee: V2Fee = UNISWAP_V2_FEE): bigint {
  check(amountOut > 0n, 'UniswapV2Library: INSUFFICIENT_OUTPUT_AMOUNT');
  check(reserveIn > 0n && reserveOut > 0n, 'UniswapV2Library: INSUFFICIENT_LIQUIDITY');
  check(amountOut <= reserveOut, 'ds-math-sub-underflow', `output ${amountOut} exceeds the reserve ${reserveOut}`);
  check(amountOut < reserveOut, '', `output ${amountOut} equals the whole reserve (division by zero; the contract reverts without a reason)`);
  const numerator = reserveIn * amountOut * fee.denominator;
  const denominator = (reserveOut - amountOut) * fee.numerator;
  return numerator / denominator + 1n;
}

/** Outputs along a path of pools given as [reserveIn, reserveOut] pairs (UniswapV2Library.getAmountsOut). */
export function getAmountsOut(amountIn: bigint, hops: readonly (readonly [bigint, bigint])[], fee: V2Fee = UNISWAP_V2_FEE): bigint[] {
  const amounts = [amountIn];
  for (const [rIn, rOut] of hops) amounts.push(getAmountOut(amounts[amounts.length - 1], rIn, rOut, fee));
  return amounts;
}

/** Inputs along a path, computed backwards from the final output (UniswapV2Library.getAmountsIn). */
export function getAmountsIn(amountOut: bigint, hops: readonly (readonly [bigint, bigint])[], fee: V2Fee = UNISWAP_V2_FEE): bigint[] {
  const amounts = [amountOut];
  for (let i = hops.length - 1; i >= 0; i--) amounts.unshift(getAmountIn(amounts[0], hops[i][0], hops[i][1], fee));
  return amounts;
}

export interface CpmmSwapResult {
  amountIn: bigint;
  amountOut: bigint;
  reserve0: bigint;
  reserve1: bigint;
}

/**
 * A Uniswap v2 pair: reserves, LP share supply and balances. Token transfers are implicit: mint
 * takes the amounts given, burn and swap pay out, so the reserves always equal the pool's balances.
 */
export class CpmmPool {
  reserve0 = 0n;
  reserve1 = 0n;
  totalSupply = 0n;
  readonly shares = new Map<string, bigint>();

  constructor(readonly fee: V2Fee = UNISWAP_V2_FEE) {
    check(fee.denominator > 0n && fee.numerator > 0n && fee.numerator <= fee.denominator, '', 'fee must satisfy 0 < numerator <= denominator');
  }

  /** A pool seeded by one provider, as `new pair + mint` (MINIMUM_LIQUIDITY shares are locked at address zero). */
  static withReserves(reserve0: bigint, reserve1: bigint, fee: V2Fee = UNISWAP_V2_FEE, owner = 'lp'): CpmmPool {
    const pool = new CpmmPool(fee);
    pool.mint(owner, reserve0, reserve1);
    return pool;
  }

  /** Spot price of token0 in token1 (reserve1 / reserve0), as a float, without the fee. */
  get price(): number {
    return Number(this.reserve1) / Number(this.reserve0);
  }

  private update(balance0: bigint, balance1: bigint): void {
    check(balance0 <= MAX_UINT112 && balance1 <= MAX_UINT112, 'UniswapV2: OVERFLOW');
    this.reserve0 = balance0;
    this.reserve1 = balance1;
  }

  /**
   * UniswapV2Pair.mint after `amount0`/`amount1` were transferred in: the first deposit gets
   * sqrt(amount0 * amount1) - MINIMUM_LIQUIDITY shares (the rest locked forever); later ones the
   * smaller of the two proportional shares, ROUNDED DOWN (a deposit off the pool ratio donates the
   * excess).
   */
  mint(owner: string, amount0: bigint, amount1: bigint): bigint {
    let liquidity: bigint;
    const first = this.totalSupply === 0n;
    if (first) {
      const root = sqrtBigint(amount0 * amount1);
      // SafeMath.sub reverts below MINIMUM_LIQUIDITY; exactly MINIMUM_LIQUIDITY mints zero.
      check(root >= MINIMUM_LIQUIDITY, 'ds-math-sub-underflow', `first deposit sqrt(${amount0} * ${amount1}) is below MINIMUM_LIQUIDITY`);
      liquidity = root - MINIMUM_LIQUIDITY;
    } else {
      const l0 = (amount0 * this.totalSupply) / this.reserve0;
      const l1 = (amount1 * this.totalSupply) / this.reserve1;
      liquidity = l0 < l1 ? l0 : l1;
    }
    check(liquidity > 0n, 'UniswapV2: INSUFFICIENT_LIQUIDITY_MINTED');
    this.update(this.reserve0 + amount0, this.reserve1 + amount1);
    if (first) this.addShares('0x0000000000000000000000000000000000000000', MINIMUM_LIQUIDITY);
    this.addShares(owner, liquidity);
    return liquidity;
  }

  /** UniswapV2Pair.burn: pays liquidity / totalSupply of each reserve, ROUNDED DOWN. */
  burn(owner: string, liquidity: bigint): { amount0: bigint; amount1: bigint } {
    const held = this.shares.get(owner) ?? 0n;
    check(liquidity <= held, 'ds-math-sub-underflow', `${owner} holds ${held} shares, cannot burn ${liquidity}`);
    const amount0 = (liquidity * this.reserve0) / this.totalSupply;
    const amount1 = (liquidity * this.reserve1) / this.totalSupply;
    check(amount0 > 0n && amount1 > 0n, 'UniswapV2: INSUFFICIENT_LIQUIDITY_BURNED');
    this.addShares(owner, -liquidity);
    this.update(this.reserve0 - amount0, this.reserve1 - amount1);
    return { amount0, amount1 };
  }

  private addShares(owner: string, delta: bigint): void {
    this.shares.set(owner, (this.shares.get(owner) ?? 0n) + delta);
    this.totalSupply += delta;
  }

  /**
   * UniswapV2Pair.swap: pays the requested outputs given the inputs sent, and enforces the fee-
   * adjusted invariant (balance0 * den - in0 * (den - num)) * (balance1 * den - in1 * (den - num))
   * >= reserve0 * reserve1 * den^2 ('UniswapV2: K'). This is the low-level call a router or an
   * arbitrageur makes; swapExactIn/swapExactOut are the router paths.
   */
  swap(amount0Out: bigint, amount1Out: bigint, amount0In: bigint, amount1In: bigint): void {
    check(amount0Out > 0n || amount1Out > 0n, 'UniswapV2: INSUFFICIENT_OUTPUT_AMOUNT');
    check(amount0Out < this.reserve0 && amount1Out < this.reserve1, 'UniswapV2: INSUFFICIENT_LIQUIDITY');
    check(amount0In > 0n || amount1In > 0n, 'UniswapV2: INSUFFICIENT_INPUT_AMOUNT');
    const balance0 = this.reserve0 + amount0In - amount0Out;
    const balance1 = this.reserve1 + amount1In - amount1Out;
    const { numerator: num, denominator: den } = this.fee;
    const adjusted0 = balance0 * den - amount0In * (den - num);
    const adjusted1 = balance1 * den - amount1In * (den - num);
    check(adjusted0 * adjusted1 >= this.reserve0 * this.reserve1 * den * den, 'UniswapV2: K');
    this.update(balance0, balance1);
  }

  /** Router exact input: token0 in (zeroForOne) or token1 in; pays getAmountOut. */
  swapExactIn(zeroForOne: boolean, amountIn: bigint): CpmmSwapResult {
    const amountOut = this.quoteExactIn(zeroForOne, amountIn);
    if (zeroForOne) this.swap(0n, amountOut, amountIn, 0n);
    else this.swap(amountOut, 0n, 0n, amountIn);
    return { amountIn, amountOut, reserve0: this.reserve0, reserve1: this.reserve1 };
  }

  /** Router exact output: receive `amountOut` of token1 (zeroForOne) or token0; pays getAmountIn. */
  swapExactOut(zeroForOne: boolean, amountOut: bigint): CpmmSwapResult {
    const amountIn = this.quoteExactOut(zeroForOne, amountOut);
    if (zeroForOne) this.swap(0n, amountOut, amountIn, 0n);
    else this.swap(amountOut, 0n, 0n, amountIn);
    return { amountIn, amountOut, reserve0: this.reserve0, reserve1: this.reserve1 };
  }

  quoteExactIn(zeroForOne: boolean, amountIn: bigint): bigint {
    return zeroForOne ? getAmountOut(amountIn, this.reserve0, this.reserve1, this.fee) : getAmountOut(amountIn, this.reserve1, this.reserve0, this.fee);
  }

  quoteExactOut(zeroForOne: boolean, amountOut: bigint): bigint {
    return zeroForOne ? getAmountIn(amountOut, this.reserve0, this.reserve1, this.fee) : getAmountIn(amountOut, this.reserve1, this.reserve0, this.fee);
  }

  clone(): CpmmPool {
    const copy = new CpmmPool(this.fee);
    copy.reserve0 = this.reserve0;
    copy.reserve1 = this.reserve1;
    copy.totalSupply = this.totalSupply;
    for (const [k, v] of this.shares) copy.shares.set(k, v);
    return copy;
  }
}
