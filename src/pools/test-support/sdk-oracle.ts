/**
 * Test-only bridge to the Uniswap v3 SDK, used as an independent oracle for the bigint pool.
 * Imported only from *.test.ts files; production code never depends on the SDK.
 */
import { CurrencyAmount, Token } from '@uniswap/sdk-core';
import { Pool, Tick } from '@uniswap/v3-sdk';
import JSBIModule from 'jsbi';
import type { V3Pool } from '../v3/pool.js';

// All-digit addresses pass the checksum; the lower one is token0.
export const TOKEN0 = new Token(1, '0x0000000000000000000000000000000000000001', 18, 'T0');
export const TOKEN1 = new Token(1, '0x0000000000000000000000000000000000000002', 18, 'T1');

/** The SDK's JSBI value type, named through the SDK (jsbi's CommonJS typings do not resolve as a default import under NodeNext). */
export type Jsbi = Pool['sqrtRatioX96'];
const JSBI = JSBIModule as unknown as { BigInt(x: string | number): Jsbi };

export const jsbi = (x: bigint): Jsbi => JSBI.BigInt(x.toString());
export const big = (x: { toString(): string }): bigint => BigInt(x.toString());

/** An SDK pool with the same price, tick, active liquidity and initialized ticks as ours. */
export function sdkPoolFrom(pool: V3Pool): Pool {
  const ticks = pool.initializedTicks().map(
    (t) => new Tick({ index: t.index, liquidityGross: jsbi(t.liquidityGross), liquidityNet: jsbi(t.liquidityNet) }),
  );
  return new Pool(TOKEN0, TOKEN1, pool.fee, jsbi(pool.sqrtPriceX96), jsbi(pool.liquidity), pool.tick, ticks);
}

export interface SdkSwap {
  /** Output for exact input, input for exact output. */
  amount: bigint;
  sqrtPriceX96: bigint;
  tick: number;
  liquidity: bigint;
  next: Pool;
}

/** Runs an exact-input (amount > 0) or exact-output (amount < 0) swap through the SDK. */
export async function sdkSwap(pool: Pool, zeroForOne: boolean, amountSpecified: bigint, limit?: bigint): Promise<SdkSwap> {
  const lim = limit === undefined ? undefined : jsbi(limit);
  if (amountSpecified > 0n) {
    const [out, next] = await pool.getOutputAmount(CurrencyAmount.fromRawAmount(zeroForOne ? TOKEN0 : TOKEN1, jsbi(amountSpecified)), lim);
    return { amount: big(out.quotient), sqrtPriceX96: big(next.sqrtRatioX96), tick: next.tickCurrent, liquidity: big(next.liquidity), next };
  }
  const [inp, next] = await pool.getInputAmount(CurrencyAmount.fromRawAmount(zeroForOne ? TOKEN1 : TOKEN0, jsbi(-amountSpecified)), lim);
  return { amount: big(inp.quotient), sqrtPriceX96: big(next.sqrtRatioX96), tick: next.tickCurrent, liquidity: big(next.liquidity), next };
}
