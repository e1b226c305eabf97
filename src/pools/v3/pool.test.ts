/**
 * The bigint v3 pool: the v3-core swap snapshot cases, the SDK's own unit cases, the contract's
 * reverts, and properties (conservation of tokens, unprofitable round trips, fee growth that adds
 * up across adjacent ranges, all-or-nothing reverts).
 */
import { describe, expect, it } from 'vitest';
import { ChainMathError, VenueError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { randomAmount } from '../test-support/v3-fuzz.js';
import { MAX_UINT128, Q128 } from './full-math.js';
import { getAmountsForLiquidity, mintAmounts } from './liquidity-amounts.js';
import { V3Pool } from './pool.js';
import { MAX_SQRT_RATIO, MIN_SQRT_RATIO, getSqrtRatioAtTick, getTickAtSqrtRatio } from './tick-math.js';

const E18 = 10n ** 18n;
const Q96 = 1n << 96n;

function reasonOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof ChainMathError) return e.reason;
    throw e;
  }
  return 'no revert';
}

/** A pool at price 1 (sqrt = 2^96, tick 0) with the given positions. */
function poolAt1(fee: number, ranges: [number, number, bigint][]): V3Pool {
  const pool = new V3Pool({ fee, sqrtPriceX96: Q96 });
  for (const [lower, upper, l] of ranges) pool.mint('lp', lower, upper, l);
  return pool;
}

// Full usable ranges: MIN_TICK/MAX_TICK rounded inward to the spacing.
const FULL_60: [number, number] = [-887220, 887220];
const FULL_200: [number, number] = [-887200, 887200];

describe('v3-core swap snapshot cases (UniswapV3Pool.swaps.spec), restated', () => {
  it('0.3% pool, 2e18 liquidity over the full range: 1e18 token0 in', () => {
    const pool = poolAt1(3000, [[...FULL_60, 2n * E18]]);
    const r = pool.swap(true, E18);
    expect(r.amount0).toBe(E18);
    expect(r.amount1).toBe(-665331998665331998n);
    expect(r.tick).toBe(-8090);
    expect(pool.feeGrowthGlobal0X128).toBe(510423550381407695195061911147652317n);
    expect(pool.feeGrowthGlobal1X128).toBe(0n);
    expect(pool.sqrtPriceX96).toBe(52871646656165724119815782674n);
    expect(r.filled).toBe(true);
    expect(r.stop).toBe('filled');
  });

  it('same pool: exactly 1e18 token1 out costs 2006018054162487463 token0', () => {
    const r = poolAt1(3000, [[...FULL_60, 2n * E18]]).swap(true, -E18);
    expect(r.amount0).toBe(2006018054162487463n);
    expect(r.amount1).toBe(-E18);
    expect(r.tick).toBe(-13864);
  });

  const threeRanges = (): V3Pool => poolAt1(3000, [[...FULL_60, 2n * E18], [FULL_60[0], -60, 2n * E18], [60, FULL_60[1], 2n * E18]]);

  it('with 2e18 more on each side of [-60, 60]: 1e18 token0 in gives 795933705287758544 out', () => {
    const r = threeRanges().swap(true, E18);
    expect(r.amount1).toBe(-795933705287758544n);
    expect(r.tick).toBe(-4476);
    expect(r.ticksCrossed).toBe(1);
  });

  it('same pool: exactly 1e18 token1 out needs 1342022152495072924 in', () => {
    const r = threeRanges().swap(true, -E18);
    expect(r.amount0).toBe(1342022152495072924n);
    expect(r.tick).toBe(-5794);
  });

  it('same pool, other direction: 1e18 token1 in gives the mirror image (tick 4475)', () => {
    const r = threeRanges().swap(false, E18);
    expect(r.amount0).toBe(-795933705287758544n);
    expect(r.tick).toBe(4475);
  });

  it('1% pool, 2e18 over the full range: 1e18 token0 in gives 662207357859531772 out', () => {
    const r = poolAt1(10000, [[...FULL_200, 2n * E18]]).swap(true, E18);
    expect(r.amount1).toBe(-662207357859531772n);
    expect(r.tick).toBe(-8043);
  });

  it('0.05% pool with liquidity only on [-10, 10]: the swap runs the curve dry, and we say so', () => {
    const pool = poolAt1(500, [[-10, 10, 2n * E18]]);
    const r = pool.swap(true, E18);
    expect(r.amount0).toBe(1000700370186095n);
    expect(r.amount1).toBe(-999700069986002n);
    expect(r.sqrtPriceX96).toBe(MIN_SQRT_RATIO + 1n);
    expect(r.filled).toBe(false);
    expect(r.stop).toBe('liquidityExhausted');
    expect(r.amountSpecifiedRemaining).toBe(E18 - 1000700370186095n);
    expect(r.liquidity).toBe(0n);
    // The same request with requireFill is refused instead of half-filled.
    expect(() => poolAt1(500, [[-10, 10, 2n * E18]]).swap(true, E18, undefined, { requireFill: true })).toThrow(VenueError);
  });
});

describe('SDK unit cases, restated', () => {
  it('0.05% pool, 1e18 over [-887270, 887270] at price 1: 100 in gives 98 out, and 98 out needs 100 in', () => {
    const pool = poolAt1(500, [[-887270, 887270, E18]]);
    expect(pool.quote(true, 100n).amountOut).toBe(98n);
    expect(pool.quote(false, 100n).amountOut).toBe(98n);
    expect(pool.quote(true, -98n).amountIn).toBe(100n);
    expect(pool.quote(false, -98n).amountIn).toBe(100n);
  });

  it('DAI/USDC at 1e-12 (tick -276325): 1e20 liquidity on [-276340, -276300] is worth ...396 DAI and 79831926242 USDC; mint takes one more of each', () => {
    const sqrt = 79228162514264337593543n;
    const tick = getTickAtSqrtRatio(sqrt);
    expect(tick).toBe(-276325);
    expect(getAmountsForLiquidity(sqrt, tick, -276340, -276300, 10n ** 20n)).toEqual({ amount0: 120054069145287995769396n, amount1: 79831926242n });
    expect(mintAmounts(sqrt, tick, -276340, -276300, 10n ** 20n)).toEqual({ amount0: 120054069145287995769397n, amount1: 79831926243n });
    const pool = new V3Pool({ fee: 500, sqrtPriceX96: sqrt });
    expect(pool.mint('lp', -276340, -276300, 10n ** 20n)).toEqual({ amount0: 120054069145287995769397n, amount1: 79831926243n });
  });
});

describe("the contract's reverts", () => {
  it("'LOK' before initialization, 'AI' on a second initialization, 'R' for an out-of-range price", () => {
    const pool = new V3Pool({ fee: 3000 });
    expect(reasonOf(() => pool.swap(true, 1n))).toBe('LOK');
    expect(reasonOf(() => pool.mint('lp', -60, 60, 1n))).toBe('LOK');
    expect(reasonOf(() => pool.initialize(MAX_SQRT_RATIO))).toBe('R');
    pool.initialize(Q96);
    expect(reasonOf(() => pool.initialize(Q96))).toBe('AI');
  });

  it("'AS' for a zero amount and 'SPL' for a limit on the wrong side or at the end of the curve", () => {
    const pool = poolAt1(3000, [[...FULL_60, E18]]);
    expect(reasonOf(() => pool.swap(true, 0n))).toBe('AS');
    expect(reasonOf(() => pool.swap(true, 1n, Q96))).toBe('SPL'); // not below the price
    expect(reasonOf(() => pool.swap(true, 1n, MIN_SQRT_RATIO))).toBe('SPL'); // must be strictly above MIN
    expect(reasonOf(() => pool.swap(false, 1n, Q96 - 1n))).toBe('SPL');
    expect(reasonOf(() => pool.swap(false, 1n, MAX_SQRT_RATIO))).toBe('SPL');
    expect(reasonOf(() => pool.swap(true, 1n, MIN_SQRT_RATIO + 1n))).toBe('no revert');
  });

  it("'TLU', 'TLM', 'TUM' for bad ranges, 'LO' above the per-tick cap, a reason-less revert off the spacing", () => {
    const pool = poolAt1(3000, []);
    expect(reasonOf(() => pool.mint('lp', 60, 60, 1n))).toBe('TLU');
    expect(reasonOf(() => pool.mint('lp', -887280, 60, 1n))).toBe('TLM');
    expect(reasonOf(() => pool.mint('lp', -60, 887280, 1n))).toBe('TUM');
    expect(reasonOf(() => pool.mint('lp', -60, 60, pool.maxLiquidityPerTick + 1n))).toBe('LO');
    expect(reasonOf(() => pool.mint('lp', -59, 60, 1n))).toBe('');
    expect(reasonOf(() => pool.mint('lp', -60, 60, 0n))).toBe('');
    // None of the failed calls left anything behind.
    expect(pool.ticks.size).toBe(0);
    expect(pool.tickBitmap.words.size).toBe(0);
    expect(pool.positions.size).toBe(0);
    expect(pool.liquidity).toBe(0n);
  });

  it("'NP' to poke an empty position and 'LS' to burn more than the position holds, leaving state unchanged", () => {
    const pool = poolAt1(3000, [[-60, 60, 1000n]]);
    expect(reasonOf(() => pool.burn('other', -60, 60, 0n))).toBe('NP');
    const before = JSON.stringify([...pool.ticks], (_, v) => (typeof v === 'bigint' ? v.toString() : v));
    expect(reasonOf(() => pool.burn('lp', -60, 60, 1001n))).toBe('LS');
    expect(JSON.stringify([...pool.ticks], (_, v) => (typeof v === 'bigint' ? v.toString() : v))).toBe(before);
    expect(pool.liquidity).toBe(1000n);
    expect(pool.getPosition('lp', -60, 60)!.liquidity).toBe(1000n);
  });

  it('the per-tick cap for spacing 60 is type(uint128).max / 29,575 usable ticks', () => {
    expect(new V3Pool({ fee: 3000 }).maxLiquidityPerTick).toBe(MAX_UINT128 / 29575n);
  });
});

describe('mint, burn, collect and fees', () => {
  it('a position below, around and above the price holds token1 only, both, token0 only', () => {
    const pool = poolAt1(3000, []);
    expect(pool.mint('a', -240, -60, E18).amount0).toBe(0n);
    const both = pool.mint('b', -60, 60, E18);
    expect(both.amount0 > 0n && both.amount1 > 0n).toBe(true);
    expect(pool.mint('c', 60, 240, E18).amount1).toBe(0n);
    expect(pool.liquidity).toBe(E18); // only 'b' is active
  });

  it('mint then burn with no swap in between returns at most what was paid, at most 1 wei less', () => {
    const rng = new Rng(21);
    for (let k = 0; k < 100; k++) {
      const pool = new V3Pool({ fee: 500, sqrtPriceX96: getSqrtRatioAtTick(rng.nextBelow(20001) - 10000) });
      const lower = (rng.nextBelow(2001) - 1000) * 10;
      const upper = lower + 10 * (1 + rng.nextBelow(500));
      const l = randomAmount(rng, 1, 24);
      const paid = pool.mint('lp', lower, upper, l);
      const back = pool.burn('lp', lower, upper, l);
      expect(paid.amount0 - back.amount0).toBeGreaterThanOrEqual(0n);
      expect(paid.amount0 - back.amount0).toBeLessThanOrEqual(1n);
      expect(paid.amount1 - back.amount1).toBeGreaterThanOrEqual(0n);
      expect(paid.amount1 - back.amount1).toBeLessThanOrEqual(1n);
      expect(pool.collect('lp', lower, upper)).toEqual(back);
      expect(pool.ticks.size).toBe(0); // both ticks cleared
    }
  });

  it('fees accrue to the in-range position in proportion to liquidity; collect pays tokensOwed', () => {
    const pool = poolAt1(3000, [[-600, 600, 3n * E18]]);
    pool.mint('small', -600, 600, E18);
    pool.swap(true, 10n ** 16n);
    pool.swap(false, 10n ** 16n);
    const big = pool.owed('lp', -600, 600), small = pool.owed('small', -600, 600);
    // 3:1 liquidity, so 3:1 fees, to within a wei of rounding.
    expect(big.amount0 - 3n * small.amount0).toBeLessThanOrEqual(3n);
    expect(big.amount0 > 0n && big.amount1 > 0n).toBe(true);
    // owed() is a view: collect() alone pays nothing until the position is poked...
    expect(pool.collect('small', -600, 600)).toEqual({ amount0: 0n, amount1: 0n });
    // ... and collectAll pokes first.
    expect(pool.collectAll('small', -600, 600)).toEqual(small);
  });

  it('protocol fee takes 1/feeProtocol of each step fee and collectProtocol leaves 1 wei', () => {
    const pool = poolAt1(3000, [[...FULL_60, 2n * E18]]);
    expect(reasonOf(() => pool.setFeeProtocol(3, 0))).toBe('');
    pool.setFeeProtocol(4, 5);
    const r = pool.swap(true, E18);
    expect(r.protocolFee).toBe(r.feeAmount / 4n);
    expect(pool.protocolFees.token0).toBe(r.protocolFee);
    const paid = pool.collectProtocol();
    expect(paid.amount0).toBe(r.protocolFee - 1n);
    expect(pool.protocolFees.token0).toBe(1n);
  });
});

describe('properties', () => {
  it('conservation: after random mints, swaps, burns and collects, the pool never owes more than it holds, and dust is tiny', () => {
    const rng = new Rng(31);
    for (let trial = 0; trial < 20; trial++) {
      const pool = new V3Pool({ fee: [500, 3000, 10000][trial % 3], sqrtPriceX96: getSqrtRatioAtTick(rng.nextBelow(2001) - 1000) });
      const s = pool.tickSpacing;
      const owners: { owner: string; lower: number; upper: number; l: bigint }[] = [];
      let feesCharged0 = 0n, feesCharged1 = 0n, operations = 0;
      for (let i = 0; i < 4; i++) {
        const lower = (rng.nextBelow(201) - 150) * s;
        const upper = lower + s * (1 + rng.nextBelow(200));
        const l = randomAmount(rng, 15, 21);
        pool.mint(`lp${i}`, lower, upper, l);
        owners.push({ owner: `lp${i}`, lower, upper, l });
      }
      for (let k = 0; k < 40; k++) {
        const zeroForOne = rng.nextFloat() < 0.5;
        const amount = randomAmount(rng, 10, 19) * (rng.nextFloat() < 0.5 ? 1n : -1n);
        if ((zeroForOne && pool.sqrtPriceX96 <= MIN_SQRT_RATIO + 1n) || (!zeroForOne && pool.sqrtPriceX96 >= MAX_SQRT_RATIO - 1n)) continue;
        const r = pool.swap(zeroForOne, amount);
        if (zeroForOne) feesCharged0 += r.feeAmount;
        else feesCharged1 += r.feeAmount;
        operations += r.steps;
        expect(pool.balance0).toBeGreaterThanOrEqual(0n);
        expect(pool.balance1).toBeGreaterThanOrEqual(0n);
      }
      // Everyone leaves; the pool must be able to pay all of them.
      let fees0 = 0n, fees1 = 0n;
      for (const o of owners) {
        const [inside0, inside1] = pool.feeGrowthInside(o.lower, o.upper);
        const pos = pool.getPosition(o.owner, o.lower, o.upper)!;
        fees0 += (((inside0 - pos.feeGrowthInside0LastX128) & ((1n << 256n) - 1n)) * pos.liquidity) / Q128;
        fees1 += (((inside1 - pos.feeGrowthInside1LastX128) & ((1n << 256n) - 1n)) * pos.liquidity) / Q128;
        pool.burn(o.owner, o.lower, o.upper, o.l);
        pool.collect(o.owner, o.lower, o.upper);
        expect(pool.balance0).toBeGreaterThanOrEqual(0n);
        expect(pool.balance1).toBeGreaterThanOrEqual(0n);
      }
      // Fees credited to LPs never exceed fees charged, and lose less than a wei per position.
      expect(fees0).toBeLessThanOrEqual(feesCharged0);
      expect(fees1).toBeLessThanOrEqual(feesCharged1);
      expect(feesCharged0 - fees0).toBeLessThanOrEqual(BigInt(owners.length));
      expect(feesCharged1 - fees1).toBeLessThanOrEqual(BigInt(owners.length));
      // Rounding dust left behind: at most a few wei per step and per position.
      expect(pool.balance0).toBeLessThanOrEqual(BigInt(4 * operations + 4 * owners.length + 4));
      expect(pool.balance1).toBeLessThanOrEqual(BigInt(4 * operations + 4 * owners.length + 4));
      expect(pool.liquidity).toBe(0n);
      expect(pool.ticks.size).toBe(0);
    }
  });

  it('a round trip (x in, then all of the output back) never returns more than x', () => {
    const rng = new Rng(32);
    for (let k = 0; k < 300; k++) {
      const fee = [100, 500, 3000, 10000][k % 4];
      const pool = new V3Pool({ fee, sqrtPriceX96: getSqrtRatioAtTick(rng.nextBelow(20001) - 10000) });
      const s = pool.tickSpacing;
      pool.mint('lp', Math.ceil(-887272 / s) * s, Math.floor(887272 / s) * s, randomAmount(rng, 8, 22));
      pool.mint('lp', -10 * s, 10 * s, randomAmount(rng, 8, 22));
      const zeroForOne = rng.nextFloat() < 0.5;
      const x = randomAmount(rng, 1, 20);
      const there = pool.swap(zeroForOne, x);
      if (there.amountOut === 0n) continue;
      const back = pool.swap(!zeroForOne, there.amountOut);
      expect(back.amountOut).toBeLessThanOrEqual(there.amountIn);
      if (fee > 0 && there.amountIn > 1000n) expect(back.amountOut).toBeLessThan(there.amountIn);
    }
  });

  it('fee growth inside [a, c] equals inside [a, b] plus inside [b, c], and the fees add up the same way', () => {
    const rng = new Rng(33);
    let bothEarned = 0;
    for (let trial = 0; trial < 30; trial++) {
      const pool = new V3Pool({ fee: 3000, sqrtPriceX96: Q96 });
      const a = -60 * (1 + rng.nextBelow(50)), c = 60 * (1 + rng.nextBelow(50));
      const b = a + 60 * (1 + rng.nextBelow((c - a) / 60 - 1));
      const l = randomAmount(rng, 17, 18);
      pool.mint('full', ...FULL_60, E18);
      pool.mint('ab', a, b, l);
      pool.mint('bc', b, c, l);
      pool.mint('ac', a, c, l);
      // Swaps large enough to cross a, b and c back and forth.
      for (let k = 0; k < 20; k++) pool.swap(pool.tick > (a + c) / 2, randomAmount(rng, 16, 18));
      const [ab0, ab1] = pool.feeGrowthInside(a, b), [bc0, bc1] = pool.feeGrowthInside(b, c), [ac0, ac1] = pool.feeGrowthInside(a, c);
      const M = (1n << 256n) - 1n;
      if (ab0 + ab1 > 0n && bc0 + bc1 > 0n) bothEarned++;
      expect((ab0 + bc0) & M).toBe(ac0);
      expect((ab1 + bc1) & M).toBe(ac1);
      const fab = pool.owed('ab', a, b), fbc = pool.owed('bc', b, c), fac = pool.owed('ac', a, c);
      // Same liquidity: [a, c] earns what [a, b] and [b, c] earn together, up to 1 wei of flooring.
      expect(fac.amount0 - fab.amount0 - fbc.amount0).toBeGreaterThanOrEqual(0n);
      expect(fac.amount0 - fab.amount0 - fbc.amount0).toBeLessThanOrEqual(1n);
      expect(fac.amount1 - fab.amount1 - fbc.amount1).toBeGreaterThanOrEqual(0n);
      expect(fac.amount1 - fab.amount1 - fbc.amount1).toBeLessThanOrEqual(1n);
    }
    // The price really moved across b in most trials, so both halves earned fees.
    expect(bothEarned).toBeGreaterThan(15);
  });

  it('quote() equals swap() and leaves the pool untouched; clone() is independent', () => {
    const pool = poolAt1(3000, [[...FULL_60, 2n * E18], [-600, 600, E18]]);
    const copy = pool.clone();
    const q = pool.quote(true, 5n * E18 / 10n);
    expect(pool.sqrtPriceX96).toBe(Q96);
    const r = pool.swap(true, 5n * E18 / 10n);
    expect(r).toEqual(q);
    expect(copy.sqrtPriceX96).toBe(Q96);
    expect(copy.swap(true, 5n * E18 / 10n)).toEqual(q);
    expect(copy.ticks.get(-600)!.feeGrowthOutside0X128).toBe(pool.ticks.get(-600)!.feeGrowthOutside0X128);
  });
});
