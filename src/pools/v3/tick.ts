/**
 * Per-tick state, a port of v3-core `Tick.sol` without the oracle fields (tickCumulativeOutside,
 * secondsPerLiquidityOutsideX128, secondsOutside), which no swap, mint or fee amount depends on.
 *
 * "Outside" fee growth is the fee per unit of liquidity earned on the side of the tick away from
 * the current price. It is flipped (global - outside) whenever the price crosses the tick, which is
 * what lets a position's fees be computed from its two ticks alone. All fee growth arithmetic is
 * modulo 2^256, unchecked as in the contract: only differences are meaningful.
 */
import { ChainMathError } from '../../core/errors.js';
import { MAX_UINT128, toInt128, wrap256 } from './full-math.js';
import { addDelta } from './liquidity-math.js';
import { MAX_TICK, MIN_TICK } from './tick-math.js';

export interface TickInfo {
  /** Total liquidity of positions that use this tick as a bound. */
  liquidityGross: bigint;
  /** Liquidity added when the price crosses this tick upward (removed downward). */
  liquidityNet: bigint;
  feeGrowthOutside0X128: bigint;
  feeGrowthOutside1X128: bigint;
  initialized: boolean;
}

export function emptyTick(): TickInfo {
  return { liquidityGross: 0n, liquidityNet: 0n, feeGrowthOutside0X128: 0n, feeGrowthOutside1X128: 0n, initialized: false };
}

const EMPTY: Readonly<TickInfo> = Object.freeze(emptyTick());

/**
 * Maximum liquidity referencing one tick, so that the sum over all usable ticks fits in uint128
 * (Tick.tickSpacingToMaxLiquidityPerTick). Integer division truncates toward zero as in Solidity.
 */
export function tickSpacingToMaxLiquidityPerTick(tickSpacing: number): bigint {
  const minTick = Math.trunc(MIN_TICK / tickSpacing) * tickSpacing;
  const maxTick = Math.trunc(MAX_TICK / tickSpacing) * tickSpacing;
  const numTicks = BigInt((maxTick - minTick) / tickSpacing + 1);
  return MAX_UINT128 / numTicks;
}

/**
 * Fee growth per unit of liquidity inside [tickLower, tickUpper] (Tick.getFeeGrowthInside):
 * global minus growth below the lower tick minus growth above the upper tick, modulo 2^256.
 */
export function getFeeGrowthInside(
  ticks: ReadonlyMap<number, TickInfo>,
  tickLower: number,
  tickUpper: number,
  tickCurrent: number,
  feeGrowthGlobal0X128: bigint,
  feeGrowthGlobal1X128: bigint,
): [bigint, bigint] {
  const lower = ticks.get(tickLower) ?? EMPTY;
  const upper = ticks.get(tickUpper) ?? EMPTY;
  let below0: bigint, below1: bigint, above0: bigint, above1: bigint;
  if (tickCurrent >= tickLower) {
    below0 = lower.feeGrowthOutside0X128;
    below1 = lower.feeGrowthOutside1X128;
  } else {
    below0 = wrap256(feeGrowthGlobal0X128 - lower.feeGrowthOutside0X128);
    below1 = wrap256(feeGrowthGlobal1X128 - lower.feeGrowthOutside1X128);
  }
  if (tickCurrent < tickUpper) {
    above0 = upper.feeGrowthOutside0X128;
    above1 = upper.feeGrowthOutside1X128;
  } else {
    above0 = wrap256(feeGrowthGlobal0X128 - upper.feeGrowthOutside0X128);
    above1 = wrap256(feeGrowthGlobal1X128 - upper.feeGrowthOutside1X128);
  }
  return [wrap256(feeGrowthGlobal0X128 - below0 - above0), wrap256(feeGrowthGlobal1X128 - below1 - above1)];
}

/**
 * Adds a signed liquidity change to a tick (Tick.update) and returns whether the tick flipped
 * between initialized and uninitialized. A newly initialized tick at or below the current tick
 * takes all growth so far as "outside" (by convention all growth happened below it). Reverts 'LO'
 * above `maxLiquidity`, 'LS'/'LA' from addDelta, and reason-less when liquidityNet leaves int128.
 */
export function updateTick(
  ticks: Map<number, TickInfo>,
  tick: number,
  tickCurrent: number,
  liquidityDelta: bigint,
  feeGrowthGlobal0X128: bigint,
  feeGrowthGlobal1X128: bigint,
  upper: boolean,
  maxLiquidity: bigint,
): boolean {
  let info = ticks.get(tick);
  if (!info) {
    info = emptyTick();
    ticks.set(tick, info);
  }
  const grossBefore = info.liquidityGross;
  const grossAfter = addDelta(grossBefore, liquidityDelta);
  if (grossAfter > maxLiquidity) throw new ChainMathError('LO', `liquidity ${grossAfter} at tick ${tick} exceeds the per-tick maximum ${maxLiquidity}`);
  const flipped = (grossAfter === 0n) !== (grossBefore === 0n);
  if (grossBefore === 0n) {
    if (tick <= tickCurrent) {
      info.feeGrowthOutside0X128 = feeGrowthGlobal0X128;
      info.feeGrowthOutside1X128 = feeGrowthGlobal1X128;
    }
    info.initialized = true;
  }
  info.liquidityGross = grossAfter;
  info.liquidityNet = toInt128(upper ? info.liquidityNet - liquidityDelta : info.liquidityNet + liquidityDelta);
  return flipped;
}

/** Deletes a tick whose liquidity went to zero (Tick.clear). */
export function clearTick(ticks: Map<number, TickInfo>, tick: number): void {
  ticks.delete(tick);
}

/**
 * Crossing a tick flips its outside fee growth to the other side (Tick.cross) and returns its
 * liquidityNet for the caller to apply (negated when moving down).
 */
export function crossTick(ticks: Map<number, TickInfo>, tick: number, feeGrowthGlobal0X128: bigint, feeGrowthGlobal1X128: bigint): bigint {
  let info = ticks.get(tick);
  if (!info) {
    info = emptyTick();
    ticks.set(tick, info);
  }
  info.feeGrowthOutside0X128 = wrap256(feeGrowthGlobal0X128 - info.feeGrowthOutside0X128);
  info.feeGrowthOutside1X128 = wrap256(feeGrowthGlobal1X128 - info.feeGrowthOutside1X128);
  return info.liquidityNet;
}
