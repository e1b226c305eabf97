/**
 * A Uniswap v3 pool on bigint, mirroring v3-core `UniswapV3Pool.sol` function by function: slot0
 * (sqrtPriceX96, tick, feeProtocol), in-range liquidity, global fee growth, ticks, tick bitmap,
 * positions, swap, mint, burn, collect, setFeeProtocol and collectProtocol.
 *
 * Left out, none of which changes an amount: the price oracle (observations, tick and
 * seconds-per-liquidity accumulators and the oracle fields of ticks), `flash`, the callbacks and
 * events. Token transfers are modelled as the pool's balances `balance0`/`balance1`: mint receives
 * what the contract would demand in its callback, swap receives the input and pays the output,
 * collect and collectProtocol pay out. The contract's post-callback balance checks ('M0', 'M1',
 * 'IIA') therefore always pass and are not modelled.
 *
 * A revert on chain undoes the whole call; here every mutating call either completes or throws
 * with the pool unchanged (swap applies tick crossings after its loop succeeds; mint and burn
 * restore what they touched).
 *
 * Partial fills: the contract does not revert when a swap runs out of liquidity or reaches its
 * price limit; it fills what it can. Every swap result states `filled`, the unfilled
 * `amountSpecifiedRemaining`, and `stop`, which is 'liquidityExhausted' when the price went all the
 * way to the end of the curve (MIN_SQRT_RATIO + 1 or MAX_SQRT_RATIO - 1) without filling; pass
 * `{ requireFill: true }` to get a VenueError instead (what SwapRouter does for exact output).
 */
import { ChainMathError, VenueError } from '../../core/errors.js';
import {
  MAX_INT256,
  MAX_UINT128,
  MIN_INT256,
  Q128,
  mulDiv,
  revert,
  toInt128,
  toInt256,
  wrap128,
  wrap256,
} from './full-math.js';
import { addDelta } from './liquidity-math.js';
import { type PositionInfo, emptyPosition, feesSince, positionKey, updatePosition } from './position.js';
import { getAmount0DeltaSigned, getAmount1DeltaSigned } from './sqrt-price-math.js';
import { computeSwapStep } from './swap-math.js';
import {
  type TickInfo,
  clearTick,
  crossTick,
  getFeeGrowthInside,
  tickSpacingToMaxLiquidityPerTick,
  updateTick,
} from './tick.js';
import { TickBitmap } from './tick-bitmap.js';
import { MAX_SQRT_RATIO, MAX_TICK, MIN_SQRT_RATIO, MIN_TICK, getSqrtRatioAtTick, getTickAtSqrtRatio } from './tick-math.js';

/** Fee tiers enabled by the Uniswap v3 factory and their tick spacings (fees in hundredths of a bip). */
export const FEE_TICK_SPACING: Readonly<Record<number, number>> = Object.freeze({ 100: 1, 500: 10, 3000: 60, 10000: 200 });

/** Default price limits when the caller gives none: one unit inside the ends of the curve (as the SDK and router use). */
export const DEFAULT_LIMIT_ZERO_FOR_ONE = MIN_SQRT_RATIO + 1n;
export const DEFAULT_LIMIT_ONE_FOR_ZERO = MAX_SQRT_RATIO - 1n;

export type SwapStop = 'filled' | 'priceLimit' | 'liquidityExhausted';

export interface V3SwapResult {
  /** The contract's return values, from the pool's side: positive = the pool received this token. */
  amount0: bigint;
  amount1: bigint;
  /** Unsigned input (fee included) and output of the trader. */
  amountIn: bigint;
  amountOut: bigint;
  /** Fee charged in the input token, LP part plus protocol part. */
  feeAmount: bigint;
  /** Part of `feeAmount` set aside as protocol fee (0 unless setFeeProtocol was called). */
  protocolFee: bigint;
  /** State after the swap. */
  sqrtPriceX96: bigint;
  tick: number;
  liquidity: bigint;
  /** Unfilled part of amountSpecified, in the contract's sign convention (0 when filled). */
  amountSpecifiedRemaining: bigint;
  filled: boolean;
  stop: SwapStop;
  /** Swap loop iterations and initialized ticks crossed (for cost and diagnostics). */
  steps: number;
  ticksCrossed: number;
}

export interface SwapOptions {
  /** Throw a VenueError instead of returning a partial fill. */
  requireFill?: boolean;
}

export interface V3PoolConfig {
  /** Fee in hundredths of a basis point (3000 = 0.30%). */
  fee: number;
  /** Defaults to the factory's spacing for the fee tier; required for other fees (forks). */
  tickSpacing?: number;
  /** Initializes the pool at this price when given. */
  sqrtPriceX96?: bigint;
}

export interface TickSnapshot {
  index: number;
  liquidityGross: bigint;
  liquidityNet: bigint;
}

interface Crossing {
  tick: number;
  feeGrowthGlobal0X128: bigint;
  feeGrowthGlobal1X128: bigint;
}

function checkInt256(x: bigint, where: string): bigint {
  if (x > MAX_INT256 || x < MIN_INT256) revert(`${where}: int256 overflow`);
  return x;
}

export class V3Pool {
  readonly fee: number;
  readonly tickSpacing: number;
  readonly maxLiquidityPerTick: bigint;

  // slot0
  sqrtPriceX96 = 0n;
  tick = 0;
  /** Protocol fee denominators packed as the contract does: token0 in the low 4 bits, token1 in the high 4. */
  feeProtocol = 0;
  /** False until initialize(): the contract's `unlocked` flag, which rejects calls with 'LOK' before initialization. */
  unlocked = false;

  feeGrowthGlobal0X128 = 0n;
  feeGrowthGlobal1X128 = 0n;
  protocolFees = { token0: 0n, token1: 0n };
  /** Liquidity of positions whose range contains the current tick. */
  liquidity = 0n;

  readonly ticks = new Map<number, TickInfo>();
  readonly tickBitmap = new TickBitmap();
  readonly positions = new Map<string, PositionInfo>();

  /** Token balances held by the pool (principal, uncollected fees and protocol fees). */
  balance0 = 0n;
  balance1 = 0n;

  constructor(config: V3PoolConfig) {
    const { fee } = config;
    if (!Number.isInteger(fee) || fee < 0 || fee >= 1_000_000) throw new ChainMathError('', `fee ${fee} must be an integer in [0, 1e6)`);
    const spacing = config.tickSpacing ?? FEE_TICK_SPACING[fee];
    if (spacing === undefined) throw new ChainMathError('', `fee ${fee} is not a factory tier (100, 500, 3000, 10000); pass tickSpacing`);
    // UniswapV3Factory.enableFeeAmount: 0 < tickSpacing < 16384.
    if (!Number.isInteger(spacing) || spacing <= 0 || spacing >= 16384) throw new ChainMathError('', `tickSpacing ${spacing} must be an integer in (0, 16384)`);
    this.fee = fee;
    this.tickSpacing = spacing;
    this.maxLiquidityPerTick = tickSpacingToMaxLiquidityPerTick(spacing);
    if (config.sqrtPriceX96 !== undefined) this.initialize(config.sqrtPriceX96);
  }

  /** UniswapV3Pool.initialize: sets the starting price once ('AI' on a second call, 'R' outside the price range). */
  initialize(sqrtPriceX96: bigint): void {
    if (this.sqrtPriceX96 !== 0n) throw new ChainMathError('AI', 'pool is already initialized');
    const tick = getTickAtSqrtRatio(sqrtPriceX96);
    this.sqrtPriceX96 = sqrtPriceX96;
    this.tick = tick;
    this.unlocked = true;
  }

  private lock(): void {
    if (!this.unlocked) throw new ChainMathError('LOK', 'pool is locked (not initialized)');
  }

  // ---------------------------------------------------------------------------------------------
  // Swaps

  /**
   * UniswapV3Pool.swap. `amountSpecified` > 0 is an exact input, < 0 an exact output (of the other
   * token). `sqrtPriceLimitX96` defaults to the end of the curve in the swap direction. Reverts
   * 'AS' for a zero amount, 'SPL' for a limit on the wrong side of the price or outside
   * (MIN_SQRT_RATIO, MAX_SQRT_RATIO), 'LOK' before initialization.
   */
  swap(zeroForOne: boolean, amountSpecified: bigint, sqrtPriceLimitX96?: bigint, options: SwapOptions = {}): V3SwapResult {
    return this.runSwap(zeroForOne, amountSpecified, sqrtPriceLimitX96, options, true);
  }

  /** The result swap() would give, without changing the pool (what QuoterV2 returns, plus the partial-fill report). */
  quote(zeroForOne: boolean, amountSpecified: bigint, sqrtPriceLimitX96?: bigint, options: SwapOptions = {}): V3SwapResult {
    return this.runSwap(zeroForOne, amountSpecified, sqrtPriceLimitX96, options, false);
  }

  /** Exact input of `amountIn` of token0 (zeroForOne) or token1. */
  exactInput(zeroForOne: boolean, amountIn: bigint, sqrtPriceLimitX96?: bigint, options?: SwapOptions): V3SwapResult {
    if (amountIn <= 0n) throw new ChainMathError('AS', `exact input must be positive, got ${amountIn}`);
    return this.swap(zeroForOne, amountIn, sqrtPriceLimitX96, options);
  }

  /** Exact output of `amountOut` of token1 (zeroForOne) or token0. */
  exactOutput(zeroForOne: boolean, amountOut: bigint, sqrtPriceLimitX96?: bigint, options?: SwapOptions): V3SwapResult {
    if (amountOut <= 0n) throw new ChainMathError('AS', `exact output must be positive, got ${amountOut}`);
    return this.swap(zeroForOne, -amountOut, sqrtPriceLimitX96, options);
  }

  private runSwap(zeroForOne: boolean, amountSpecified: bigint, limitArg: bigint | undefined, options: SwapOptions, commit: boolean): V3SwapResult {
    if (amountSpecified === 0n) throw new ChainMathError('AS', 'amountSpecified is zero');
    this.lock();
    const sqrtPriceStart = this.sqrtPriceX96;
    const tickStart = this.tick;
    const limit = limitArg ?? (zeroForOne ? DEFAULT_LIMIT_ZERO_FOR_ONE : DEFAULT_LIMIT_ONE_FOR_ZERO);
    const limitOk = zeroForOne
      ? limit < sqrtPriceStart && limit > MIN_SQRT_RATIO
      : limit > sqrtPriceStart && limit < MAX_SQRT_RATIO;
    if (!limitOk) {
      throw new ChainMathError('SPL', `sqrtPriceLimitX96 ${limit} must be ${zeroForOne ? 'below' : 'above'} the price ${sqrtPriceStart} and inside (MIN_SQRT_RATIO, MAX_SQRT_RATIO)`);
    }

    const feeProtocol = BigInt(zeroForOne ? this.feeProtocol % 16 : this.feeProtocol >> 4);
    const exactInput = amountSpecified > 0n;
    const spacing = this.tickSpacing;
    const fee0Global = this.feeGrowthGlobal0X128;
    const fee1Global = this.feeGrowthGlobal1X128;

    let remaining = amountSpecified;
    let calculated = 0n;
    let sqrtPrice = sqrtPriceStart;
    let tick = tickStart;
    let feeGrowthGlobal = zeroForOne ? fee0Global : fee1Global;
    let protocolFee = 0n;
    let liquidity = this.liquidity;
    let feeTotal = 0n;
    let steps = 0;
    const crossings: Crossing[] = [];

    while (remaining !== 0n && sqrtPrice !== limit) {
      steps++;
      const stepStart = sqrtPrice;
      const found = this.tickBitmap.nextInitializedTickWithinOneWord(tick, spacing, zeroForOne);
      let tickNext = found.next;
      // The bitmap knows nothing of the tick bounds; clamp as the contract does.
      if (tickNext < MIN_TICK) tickNext = MIN_TICK;
      else if (tickNext > MAX_TICK) tickNext = MAX_TICK;
      const sqrtPriceNext = getSqrtRatioAtTick(tickNext);
      const target = (zeroForOne ? sqrtPriceNext < limit : sqrtPriceNext > limit) ? limit : sqrtPriceNext;
      const step = computeSwapStep(sqrtPrice, target, liquidity, remaining, this.fee);
      sqrtPrice = step.sqrtRatioNextX96;

      if (exactInput) {
        remaining -= toInt256(step.amountIn + step.feeAmount);
        calculated = checkInt256(calculated - toInt256(step.amountOut), 'swap: amountCalculated');
      } else {
        remaining += toInt256(step.amountOut);
        calculated = checkInt256(calculated + toInt256(step.amountIn + step.feeAmount), 'swap: amountCalculated');
      }
      feeTotal += step.feeAmount;

      let lpFee = step.feeAmount;
      if (feeProtocol > 0n) {
        const delta = lpFee / feeProtocol;
        lpFee -= delta;
        protocolFee = wrap128(protocolFee + delta);
      }
      // Fee growth ROUNDS DOWN: the fraction of a wei per liquidity unit stays in the pool.
      if (liquidity > 0n) feeGrowthGlobal = wrap256(feeGrowthGlobal + mulDiv(lpFee, Q128, liquidity));

      if (sqrtPrice === sqrtPriceNext) {
        if (found.initialized) {
          const g0 = zeroForOne ? feeGrowthGlobal : fee0Global;
          const g1 = zeroForOne ? fee1Global : feeGrowthGlobal;
          crossings.push({ tick: tickNext, feeGrowthGlobal0X128: g0, feeGrowthGlobal1X128: g1 });
          const info = this.ticks.get(tickNext);
          let liquidityNet = info ? info.liquidityNet : 0n;
          if (zeroForOne) liquidityNet = -liquidityNet;
          liquidity = addDelta(liquidity, liquidityNet);
        }
        tick = zeroForOne ? tickNext - 1 : tickNext;
      } else if (sqrtPrice !== stepStart) {
        // Not on a tick boundary: recompute the tick, unless the price did not move (we may sit on
        // a lower boundary already crossed, where the tick is tickNext - 1).
        tick = getTickAtSqrtRatio(sqrtPrice);
      }
    }

    const [amount0, amount1] = zeroForOne === exactInput
      ? [amountSpecified - remaining, calculated]
      : [calculated, amountSpecified - remaining];
    const filled = remaining === 0n;
    const stop: SwapStop = filled
      ? 'filled'
      : limit === DEFAULT_LIMIT_ZERO_FOR_ONE || limit === DEFAULT_LIMIT_ONE_FOR_ZERO
        ? 'liquidityExhausted'
        : 'priceLimit';
    const amountIn = zeroForOne ? amount0 : amount1;
    const amountOut = -(zeroForOne ? amount1 : amount0);

    if (!filled && options.requireFill) {
      throw new VenueError(
        `v3 swap not filled (${stop}): ${exactInput ? 'input' : 'output'} ${exactInput ? amountSpecified : -amountSpecified}, ` +
          `unfilled ${exactInput ? remaining : -remaining}, price stopped at ${sqrtPrice}`,
      );
    }

    if (commit) {
      // Tick crossings are applied after the loop so that a revert inside it leaves the pool
      // untouched; each tick is crossed at most once per swap, so the order does not matter.
      for (const c of crossings) crossTick(this.ticks, c.tick, c.feeGrowthGlobal0X128, c.feeGrowthGlobal1X128);
      this.sqrtPriceX96 = sqrtPrice;
      this.tick = tick;
      this.liquidity = liquidity;
      if (zeroForOne) {
        this.feeGrowthGlobal0X128 = feeGrowthGlobal;
        if (protocolFee > 0n) this.protocolFees.token0 = wrap128(this.protocolFees.token0 + protocolFee);
      } else {
        this.feeGrowthGlobal1X128 = feeGrowthGlobal;
        if (protocolFee > 0n) this.protocolFees.token1 = wrap128(this.protocolFees.token1 + protocolFee);
      }
      this.balance0 += amount0;
      this.balance1 += amount1;
    }

    return {
      amount0,
      amount1,
      amountIn,
      amountOut,
      feeAmount: feeTotal,
      protocolFee,
      sqrtPriceX96: sqrtPrice,
      tick,
      liquidity,
      amountSpecifiedRemaining: remaining,
      filled,
      stop,
      steps,
      ticksCrossed: crossings.length,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Liquidity

  /**
   * UniswapV3Pool.mint: adds `amount` of liquidity to the owner's position on [tickLower,
   * tickUpper] and returns the tokens the pool takes, ROUNDED UP. Reverts: reason-less for a zero
   * amount, 'TLU'/'TLM'/'TUM' for bad ticks, 'LO' above the per-tick maximum, reason-less for a
   * tick that is not a multiple of the spacing.
   */
  mint(owner: string, tickLower: number, tickUpper: number, amount: bigint): { amount0: bigint; amount1: bigint } {
    this.lock();
    if (!(amount > 0n)) revert('UniswapV3Pool.mint: amount must be positive');
    const [amount0, amount1] = this.modifyPosition(owner, tickLower, tickUpper, toInt128(amount));
    this.balance0 += amount0;
    this.balance1 += amount1;
    return { amount0, amount1 };
  }

  /**
   * UniswapV3Pool.burn: removes liquidity and credits the tokens it represents, ROUNDED DOWN, to the
   * position's tokensOwed (collect() pays them). A zero amount "pokes" the position, crediting its
   * fees ('NP' when it has no liquidity).
   */
  burn(owner: string, tickLower: number, tickUpper: number, amount: bigint): { amount0: bigint; amount1: bigint } {
    this.lock();
    const [delta0, delta1] = this.modifyPosition(owner, tickLower, tickUpper, -toInt128(amount));
    const amount0 = -delta0;
    const amount1 = -delta1;
    if (amount0 > 0n || amount1 > 0n) {
      const position = this.positions.get(positionKey(owner, tickLower, tickUpper))!;
      position.tokensOwed0 = wrap128(position.tokensOwed0 + amount0);
      position.tokensOwed1 = wrap128(position.tokensOwed1 + amount1);
    }
    return { amount0, amount1 };
  }

  /**
   * UniswapV3Pool.collect: pays out up to the requested amounts of tokensOwed. It does not compute
   * fees earned since the last update; call burn(owner, lower, upper, 0n) first, or use
   * collectAll().
   */
  collect(owner: string, tickLower: number, tickUpper: number, amount0Requested = MAX_UINT128, amount1Requested = MAX_UINT128): { amount0: bigint; amount1: bigint } {
    this.lock();
    const position = this.positions.get(positionKey(owner, tickLower, tickUpper));
    if (!position) return { amount0: 0n, amount1: 0n };
    const amount0 = amount0Requested > position.tokensOwed0 ? position.tokensOwed0 : amount0Requested;
    const amount1 = amount1Requested > position.tokensOwed1 ? position.tokensOwed1 : amount1Requested;
    position.tokensOwed0 -= amount0;
    position.tokensOwed1 -= amount1;
    this.balance0 -= amount0;
    this.balance1 -= amount1;
    return { amount0, amount1 };
  }

  /** Pokes the position (if it has liquidity) to credit fees, then collects everything owed. */
  collectAll(owner: string, tickLower: number, tickUpper: number): { amount0: bigint; amount1: bigint } {
    const position = this.positions.get(positionKey(owner, tickLower, tickUpper));
    if (position && position.liquidity > 0n) this.burn(owner, tickLower, tickUpper, 0n);
    return this.collect(owner, tickLower, tickUpper);
  }

  private modifyPosition(owner: string, tickLower: number, tickUpper: number, liquidityDelta: bigint): [bigint, bigint] {
    if (!(tickLower < tickUpper)) throw new ChainMathError('TLU', `tickLower ${tickLower} must be below tickUpper ${tickUpper}`);
    if (!(tickLower >= MIN_TICK)) throw new ChainMathError('TLM', `tickLower ${tickLower} is below MIN_TICK`);
    if (!(tickUpper <= MAX_TICK)) throw new ChainMathError('TUM', `tickUpper ${tickUpper} is above MAX_TICK`);
    const key = positionKey(owner, tickLower, tickUpper);

    // Everything a revert must restore.
    const savedLower = this.ticks.get(tickLower);
    const savedUpper = this.ticks.get(tickUpper);
    const savedPosition = this.positions.get(key);
    const lowerCopy = savedLower && { ...savedLower };
    const upperCopy = savedUpper && { ...savedUpper };
    const positionCopy = savedPosition && { ...savedPosition };
    const savedLiquidity = this.liquidity;
    const flips: number[] = [];
    try {
      this.updatePositionState(key, tickLower, tickUpper, liquidityDelta, flips);
      let amount0 = 0n, amount1 = 0n;
      if (liquidityDelta !== 0n) {
        const sqrtLower = getSqrtRatioAtTick(tickLower);
        const sqrtUpper = getSqrtRatioAtTick(tickUpper);
        if (this.tick < tickLower) {
          // Range above the price: all token0.
          amount0 = getAmount0DeltaSigned(sqrtLower, sqrtUpper, liquidityDelta);
        } else if (this.tick < tickUpper) {
          amount0 = getAmount0DeltaSigned(this.sqrtPriceX96, sqrtUpper, liquidityDelta);
          amount1 = getAmount1DeltaSigned(sqrtLower, this.sqrtPriceX96, liquidityDelta);
          this.liquidity = addDelta(this.liquidity, liquidityDelta);
        } else {
          // Range below the price: all token1.
          amount1 = getAmount1DeltaSigned(sqrtLower, sqrtUpper, liquidityDelta);
        }
      }
      return [amount0, amount1];
    } catch (e) {
      for (const t of flips) this.tickBitmap.flipTick(t, this.tickSpacing);
      if (lowerCopy) this.ticks.set(tickLower, lowerCopy); else this.ticks.delete(tickLower);
      if (upperCopy) this.ticks.set(tickUpper, upperCopy); else this.ticks.delete(tickUpper);
      if (positionCopy && savedPosition) Object.assign(savedPosition, positionCopy); else this.positions.delete(key);
      this.liquidity = savedLiquidity;
      throw e;
    }
  }

  /** UniswapV3Pool._updatePosition: ticks, bitmap, then the position's fee checkpoint. */
  private updatePositionState(key: string, tickLower: number, tickUpper: number, liquidityDelta: bigint, flips: number[]): void {
    let position = this.positions.get(key);
    if (!position) {
      position = emptyPosition();
      this.positions.set(key, position);
    }
    const g0 = this.feeGrowthGlobal0X128;
    const g1 = this.feeGrowthGlobal1X128;
    let flippedLower = false, flippedUpper = false;
    if (liquidityDelta !== 0n) {
      flippedLower = updateTick(this.ticks, tickLower, this.tick, liquidityDelta, g0, g1, false, this.maxLiquidityPerTick);
      flippedUpper = updateTick(this.ticks, tickUpper, this.tick, liquidityDelta, g0, g1, true, this.maxLiquidityPerTick);
      if (flippedLower) {
        this.tickBitmap.flipTick(tickLower, this.tickSpacing);
        flips.push(tickLower);
      }
      if (flippedUpper) {
        this.tickBitmap.flipTick(tickUpper, this.tickSpacing);
        flips.push(tickUpper);
      }
    }
    const [inside0, inside1] = getFeeGrowthInside(this.ticks, tickLower, tickUpper, this.tick, g0, g1);
    updatePosition(position, liquidityDelta, inside0, inside1);
    if (liquidityDelta < 0n) {
      if (flippedLower) clearTick(this.ticks, tickLower);
      if (flippedUpper) clearTick(this.ticks, tickUpper);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Protocol fee

  /** UniswapV3Pool.setFeeProtocol: each denominator is 0 (off) or 4..10 (1/4 .. 1/10 of the LP fee). */
  setFeeProtocol(feeProtocol0: number, feeProtocol1: number): void {
    this.lock();
    const ok = (f: number) => f === 0 || (f >= 4 && f <= 10);
    if (!(ok(feeProtocol0) && ok(feeProtocol1))) revert(`UniswapV3Pool.setFeeProtocol: ${feeProtocol0}, ${feeProtocol1} must each be 0 or 4..10`);
    this.feeProtocol = feeProtocol0 + (feeProtocol1 << 4);
  }

  /** UniswapV3Pool.collectProtocol: pays protocol fees, leaving 1 wei in a slot it would empty (the contract's gas saving). */
  collectProtocol(amount0Requested = MAX_UINT128, amount1Requested = MAX_UINT128): { amount0: bigint; amount1: bigint } {
    this.lock();
    let amount0 = amount0Requested > this.protocolFees.token0 ? this.protocolFees.token0 : amount0Requested;
    let amount1 = amount1Requested > this.protocolFees.token1 ? this.protocolFees.token1 : amount1Requested;
    if (amount0 > 0n) {
      if (amount0 === this.protocolFees.token0) amount0--;
      this.protocolFees.token0 -= amount0;
      this.balance0 -= amount0;
    }
    if (amount1 > 0n) {
      if (amount1 === this.protocolFees.token1) amount1--;
      this.protocolFees.token1 -= amount1;
      this.balance1 -= amount1;
    }
    return { amount0, amount1 };
  }

  // ---------------------------------------------------------------------------------------------
  // Views

  getPosition(owner: string, tickLower: number, tickUpper: number): PositionInfo | undefined {
    return this.positions.get(positionKey(owner, tickLower, tickUpper));
  }

  /** Fee growth per unit of liquidity inside a range now (Q128, modulo 2^256). */
  feeGrowthInside(tickLower: number, tickUpper: number): [bigint, bigint] {
    return getFeeGrowthInside(this.ticks, tickLower, tickUpper, this.tick, this.feeGrowthGlobal0X128, this.feeGrowthGlobal1X128);
  }

  /** Tokens the position could collect now (tokensOwed plus fees not yet credited), without changing state. */
  owed(owner: string, tickLower: number, tickUpper: number): { amount0: bigint; amount1: bigint } {
    const position = this.getPosition(owner, tickLower, tickUpper);
    if (!position) return { amount0: 0n, amount1: 0n };
    const [inside0, inside1] = this.feeGrowthInside(tickLower, tickUpper);
    const [f0, f1] = feesSince(position, inside0, inside1);
    return { amount0: position.tokensOwed0 + f0, amount1: position.tokensOwed1 + f1 };
  }

  /** Initialized ticks in ascending order, e.g. to build an SDK pool or a float pool. */
  initializedTicks(): TickSnapshot[] {
    return [...this.ticks.entries()]
      .filter(([, t]) => t.liquidityGross > 0n)
      .map(([index, t]) => ({ index, liquidityGross: t.liquidityGross, liquidityNet: t.liquidityNet }))
      .sort((a, b) => a.index - b.index);
  }

  /** Deep copy (for what-if quotes that must not touch the original). */
  clone(): V3Pool {
    const copy = new V3Pool({ fee: this.fee, tickSpacing: this.tickSpacing });
    copy.sqrtPriceX96 = this.sqrtPriceX96;
    copy.tick = this.tick;
    copy.feeProtocol = this.feeProtocol;
    copy.unlocked = this.unlocked;
    copy.feeGrowthGlobal0X128 = this.feeGrowthGlobal0X128;
    copy.feeGrowthGlobal1X128 = this.feeGrowthGlobal1X128;
    copy.protocolFees = { ...this.protocolFees };
    copy.liquidity = this.liquidity;
    for (const [k, v] of this.ticks) copy.ticks.set(k, { ...v });
    for (const [k, v] of this.tickBitmap.words) copy.tickBitmap.words.set(k, v);
    for (const [k, v] of this.positions) copy.positions.set(k, { ...v });
    copy.balance0 = this.balance0;
    copy.balance1 = this.balance1;
    return copy;
  }
}
