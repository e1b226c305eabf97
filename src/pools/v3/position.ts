/**
 * A liquidity position's bookkeeping, a port of v3-core `Position.sol`.
 *
 * A position stores its liquidity and the fee growth inside its range at its last update; on each
 * update the fees earned since then, L * (inside - last) / 2^128 ROUNDED DOWN, are added to
 * tokensOwed. The casts to uint128 and the `+=` on tokensOwed are unchecked in the contract
 * (overflow is accepted: the owner must collect before 2^128), reproduced by wrapping.
 */
import { ChainMathError } from '../../core/errors.js';
import { Q128, mulDiv, wrap128, wrap256 } from './full-math.js';
import { addDelta } from './liquidity-math.js';

export interface PositionInfo {
  liquidity: bigint;
  feeGrowthInside0LastX128: bigint;
  feeGrowthInside1LastX128: bigint;
  /** Tokens the owner can collect: fees earned plus principal returned by burns. */
  tokensOwed0: bigint;
  tokensOwed1: bigint;
}

export function emptyPosition(): PositionInfo {
  return { liquidity: 0n, feeGrowthInside0LastX128: 0n, feeGrowthInside1LastX128: 0n, tokensOwed0: 0n, tokensOwed1: 0n };
}

/** Key of a position in the pool's map: owner and range, as the contract hashes them. */
export function positionKey(owner: string, tickLower: number, tickUpper: number): string {
  return `${owner}|${tickLower}|${tickUpper}`;
}

/** Fees accrued since the last update, per token, ROUNDED DOWN (the uint128 truncation included). */
export function feesSince(position: PositionInfo, feeGrowthInside0X128: bigint, feeGrowthInside1X128: bigint): [bigint, bigint] {
  return [
    wrap128(mulDiv(wrap256(feeGrowthInside0X128 - position.feeGrowthInside0LastX128), position.liquidity, Q128)),
    wrap128(mulDiv(wrap256(feeGrowthInside1X128 - position.feeGrowthInside1LastX128), position.liquidity, Q128)),
  ];
}

/**
 * Applies a liquidity change and credits accrued fees (Position.update). A zero change ("poke")
 * on a position without liquidity reverts 'NP'.
 */
export function updatePosition(position: PositionInfo, liquidityDelta: bigint, feeGrowthInside0X128: bigint, feeGrowthInside1X128: bigint): void {
  let liquidityNext: bigint;
  if (liquidityDelta === 0n) {
    if (!(position.liquidity > 0n)) throw new ChainMathError('NP', 'cannot poke a position with no liquidity');
    liquidityNext = position.liquidity;
  } else {
    liquidityNext = addDelta(position.liquidity, liquidityDelta);
  }
  const [owed0, owed1] = feesSince(position, feeGrowthInside0X128, feeGrowthInside1X128);
  if (liquidityDelta !== 0n) position.liquidity = liquidityNext;
  position.feeGrowthInside0LastX128 = feeGrowthInside0X128;
  position.feeGrowthInside1LastX128 = feeGrowthInside1X128;
  if (owed0 > 0n || owed1 > 0n) {
    position.tokensOwed0 = wrap128(position.tokensOwed0 + owed0);
    position.tokensOwed1 = wrap128(position.tokensOwed1 + owed1);
  }
}
