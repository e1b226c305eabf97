/** LiquidityMath.addDelta of v3-core: uint128 plus int128 with the contract's 'LS'/'LA' reverts. */
import { ChainMathError } from '../../core/errors.js';
import { MAX_UINT128 } from './full-math.js';

/** x + y for liquidity x (uint128) and a signed delta y; reverts 'LS' on underflow, 'LA' on overflow. */
export function addDelta(x: bigint, y: bigint): bigint {
  if (y < 0n) {
    if (-y > x) throw new ChainMathError('LS', `liquidity ${x} minus ${-y} underflows`);
    return x + y;
  }
  const z = x + y;
  if (z > MAX_UINT128) throw new ChainMathError('LA', `liquidity ${x} plus ${y} overflows uint128`);
  return z;
}
