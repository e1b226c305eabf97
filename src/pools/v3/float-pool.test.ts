/**
 * The Float64 v3 pool against the exact bigint pool. Per swap, the float pool is rebuilt from the
 * exact pool's state (so one disagreement cannot contaminate the next comparison), then both swap;
 * a separate test runs long sequences without resynchronizing and measures the drift.
 */
import { describe, expect, it } from 'vitest';
import { ChainMathError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { TIERS, randomAmount, randomCase, sqrtInsideTick } from '../test-support/v3-fuzz.js';
import { FloatV3Pool, Q96_FLOAT, sqrtPriceAtTickFloat, tickAtSqrtPriceFloat } from './float-pool.js';
import { mintAmounts } from './liquidity-amounts.js';
import { V3Pool } from './pool.js';
import { MAX_SQRT_RATIO, MIN_SQRT_RATIO, getSqrtRatioAtTick } from './tick-math.js';

const E18 = 10n ** 18n;
const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));

describe('float tick math', () => {
  it('sqrt price at a tick is within 1e-14 of TickMath across the whole range (or TickMath\'s own integer step near MIN)', () => {
    for (let t = -887272; t <= 887272; t += 7919) {
      const exact = getSqrtRatioAtTick(t);
      // Near MIN_TICK sqrtPriceX96 is ~4e9, so TickMath itself is quantized at 1 / sqrtPriceX96.
      expect(rel(sqrtPriceAtTickFloat(t), Number(exact) / Q96_FLOAT)).toBeLessThan(Math.max(1e-14, 1.01 / Number(exact)));
    }
  });

  it('the tick of a price inside a tick interval is that tick', () => {
    const rng = new Rng(61);
    for (let k = 0; k < 2000; k++) {
      const t = rng.nextBelow(1_700_000) - 850_000;
      const s = (sqrtPriceAtTickFloat(t) + sqrtPriceAtTickFloat(t + 1)) / 2;
      expect(tickAtSqrtPriceFloat(s)).toBe(t);
    }
  });
});

describe('FloatV3Pool vs V3Pool', () => {
  it('reproduces the v3-core snapshot case (1e18 token0 into 2e18 full-range liquidity) to 1e-13', () => {
    const exact = new V3Pool({ fee: 3000, sqrtPriceX96: 1n << 96n });
    exact.mint('lp', -887220, 887220, 2n * E18);
    const fast = FloatV3Pool.fromExact(exact);
    const r = fast.swap(true, 1e18);
    expect(rel(r.amount1, Number(-665331998665331998n))).toBeLessThan(1e-13);
    expect(r.tick).toBe(-8090);
    expect(rel(fast.feeGrowthGlobal0X128, Number(510423550381407695195061911147652317n))).toBeLessThan(1e-13);
    expect(rel(r.sqrtPriceX96, Number(52871646656165724119815782674n))).toBeLessThan(1e-13);
  });

  it('flags liquidity running out like the exact pool (0.05% pool, liquidity only on [-10, 10])', () => {
    const exact = new V3Pool({ fee: 500, sqrtPriceX96: 1n << 96n });
    exact.mint('lp', -10, 10, 2n * E18);
    const fast = FloatV3Pool.fromExact(exact);
    const r = fast.swap(true, 1e18);
    expect(r.filled).toBe(false);
    expect(r.stop).toBe('liquidityExhausted');
    expect(rel(r.amount0, 1000700370186095)).toBeLessThan(1e-12);
    expect(rel(r.amount1, -999700069986002)).toBeLessThan(1e-12);
    expect(() => FloatV3Pool.fromExact(exact).swap(true, 1e18, undefined, true)).toThrow(/not filled/);
  });

  it('3,000 random swaps (resynchronized each time): amounts within 1e-9 relative (measured 1.1e-12), sqrt price and liquidity within 1e-11 (measured 1.2e-12, 3.9e-13), same tick', () => {
    // Realistic books: a full-range position plus 0-4 ranges of comparable size, prices within
    // tick +-200,000, trades from 1e-6 to ~3x the virtual reserve of the input token.
    const rng = new Rng(62);
    let worstAmount = 0, worstPrice = 0, worstL = 0, tickOff = 0, swaps = 0, crossings = 0;
    for (let c = 0; c < 600; c++) {
      const tier = TIERS[rng.nextBelow(TIERS.length)];
      const sp = tier.spacing;
      const pool = new V3Pool({ fee: tier.fee, tickSpacing: sp, sqrtPriceX96: sqrtInsideTick(rng, rng.nextBelow(400_001) - 200_000) });
      pool.mint('full', Math.ceil(-887272 / sp) * sp, Math.floor(887272 / sp) * sp, randomAmount(rng, 18, 21));
      for (let i = rng.nextBelow(5); i > 0; i--) {
        const lower = Math.floor((pool.tick + rng.nextBelow(20_001) - 10_000) / sp) * sp;
        pool.mint(`lp${i}`, lower, lower + sp * (1 + rng.nextBelow(Math.ceil(5000 / sp))), randomAmount(rng, 18, 21));
      }
      for (let k = 0; k < 5; k++) {
        const fast = FloatV3Pool.fromExact(pool);
        const zeroForOne = rng.nextFloat() < 0.5;
        const exactIn = rng.nextFloat() < 0.5;
        const s = Number(pool.sqrtPriceX96) / Q96_FLOAT;
        const L = Number(pool.liquidity);
        // Sized on the virtual reserve of the token the trade is specified in; an exact output
        // stays below half of what the pool holds of that token, so the curve never runs dry.
        const reserve = zeroForOne === exactIn ? L / s : L * s;
        let size = reserve * 10 ** (-6 + 6.5 * rng.nextFloat());
        if (!exactIn) size = Math.min(size, 0.5 * Number(zeroForOne ? pool.balance1 : pool.balance0));
        const amount = BigInt(Math.floor(size)) * (exactIn ? 1n : -1n);
        if (amount === 0n) continue;
        const e = pool.swap(zeroForOne, amount);
        const f = fast.swap(zeroForOne, Number(amount));
        swaps++;
        crossings += e.ticksCrossed;
        const ea = Number(exactIn ? e.amountOut : e.amountIn);
        const fa = exactIn ? f.amountOut : f.amountIn;
        // The exact pool rounds each step to whole wei: judge amounts above 1e12 wei per step.
        if (Number(e.amountIn) > 1e12 * e.steps && Number(e.amountOut) > 1e12 * e.steps) worstAmount = Math.max(worstAmount, rel(ea, fa));
        worstPrice = Math.max(worstPrice, rel(Number(e.sqrtPriceX96), f.sqrtPriceX96));
        worstL = Math.max(worstL, rel(Number(e.liquidity), f.liquidity));
        if (e.tick !== f.tick) tickOff++;
        expect(f.filled).toBe(e.filled);
      }
    }
    expect(swaps).toBeGreaterThan(2500);
    expect(crossings).toBeGreaterThan(300);
    expect(worstAmount).toBeLessThan(1e-9);
    expect(worstPrice).toBeLessThan(1e-11);
    expect(worstL).toBeLessThan(1e-11);
    // A tick may differ only when the price sits within float error of a boundary (none measured).
    expect(tickOff).toBeLessThanOrEqual(2);
  });

  it('fill status and stop reason match the exact pool when liquidity runs out (600 swaps)', () => {
    const rng = new Rng(65);
    for (let c = 0; c < 200; c++) {
      const { pool } = randomCase(rng, 'exhaust', [8, 12]);
      for (let k = 0; k < 3; k++) {
        const fast = FloatV3Pool.fromExact(pool);
        let zeroForOne = rng.nextFloat() < 0.5;
        if (zeroForOne && Number(pool.sqrtPriceX96) <= Number(MIN_SQRT_RATIO) * (1 + 1e-9)) zeroForOne = false;
        if (!zeroForOne && Number(pool.sqrtPriceX96) >= Number(MAX_SQRT_RATIO) * (1 - 1e-12)) zeroForOne = true;
        const amount = randomAmount(rng, 12, 30) * (rng.nextFloat() < 0.5 ? 1n : -1n);
        const e = pool.swap(zeroForOne, amount);
        const f = fast.swap(zeroForOne, Number(amount));
        expect([f.filled, f.stop]).toEqual([e.filled, e.stop]);
      }
    }
  });

  it('long sequences without resynchronizing stay within 1e-9 (price) after 200 swaps', () => {
    const rng = new Rng(63);
    let worst = 0;
    for (let c = 0; c < 20; c++) {
      const exact = new V3Pool({ fee: [500, 3000][c % 2], sqrtPriceX96: getSqrtRatioAtTick(rng.nextBelow(2001) - 1000) });
      const s = exact.tickSpacing;
      exact.mint('full', Math.ceil(-887272 / s) * s, Math.floor(887272 / s) * s, 10n ** 20n);
      for (let i = 0; i < 4; i++) {
        const lower = (rng.nextBelow(401) - 200) * s;
        exact.mint(`lp${i}`, lower, lower + s * (1 + rng.nextBelow(100)), randomAmount(rng, 19, 21));
      }
      const fast = FloatV3Pool.fromExact(exact);
      for (let k = 0; k < 200; k++) {
        const z = exact.tick > 0 ? rng.nextFloat() < 0.7 : rng.nextFloat() < 0.3;
        const amount = randomAmount(rng, 15, 19) * (rng.nextFloat() < 0.5 ? 1n : -1n);
        exact.swap(z, amount);
        fast.swap(z, Number(amount));
        worst = Math.max(worst, rel(Number(exact.sqrtPriceX96), fast.sqrtPriceX96));
      }
      // Fees owed to each position agree too.
      for (let i = 0; i < 4; i++) {
        for (const [key, p] of exact.positions) {
          const [owner, lo, hi] = key.split('|');
          const eo = exact.owed(owner, Number(lo), Number(hi));
          const fo = fast.owed(owner, Number(lo), Number(hi));
          if (p.liquidity > 0n && eo.amount0 > 10n ** 9n) expect(rel(Number(eo.amount0), fo.amount0)).toBeLessThan(1e-6);
          if (p.liquidity > 0n && eo.amount1 > 10n ** 9n) expect(rel(Number(eo.amount1), fo.amount1)).toBeLessThan(1e-6);
        }
      }
    }
    expect(worst).toBeLessThan(1e-9);
  });

  it('mint amounts match the exact pool (which rounds up) to 1e-12 relative', () => {
    const rng = new Rng(64);
    for (let k = 0; k < 300; k++) {
      const t = rng.nextBelow(200_001) - 100_000;
      const exact = new V3Pool({ fee: 3000, sqrtPriceX96: getSqrtRatioAtTick(t) + 12345n });
      const fast = FloatV3Pool.fromExact(exact);
      const lower = Math.floor((t + rng.nextBelow(20_001) - 10_000) / 60) * 60;
      const upper = lower + 60 * (1 + rng.nextBelow(300));
      const l = randomAmount(rng, 16, 24);
      const want = mintAmounts(exact.sqrtPriceX96, exact.tick, lower, upper, l);
      const got = fast.mint('lp', lower, upper, Number(l));
      if (want.amount0 > 10n ** 6n) expect(rel(Number(want.amount0), got.amount0)).toBeLessThan(1e-12);
      if (want.amount1 > 10n ** 6n) expect(rel(Number(want.amount1), got.amount1)).toBeLessThan(1e-12);
    }
  });

  it('reuses one result object (no allocation per swap) and keeps the same reverts', () => {
    const exact = new V3Pool({ fee: 3000, sqrtPriceX96: 1n << 96n });
    exact.mint('lp', -887220, 887220, 10n ** 24n);
    const fast = FloatV3Pool.fromExact(exact);
    const first = fast.swap(true, 1e18);
    const second = fast.swap(false, 1e18);
    expect(second).toBe(first);
    expect(fast.quote(true, 1e15)).toBe(first);
    const reason = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof ChainMathError ? e.reason : 'other';
      }
      return 'none';
    };
    expect(reason(() => fast.swap(true, 0))).toBe('AS');
    expect(reason(() => fast.swap(true, 1, fast.sqrtPriceX96 * 1.01))).toBe('SPL');
    expect(reason(() => new FloatV3Pool({ fee: 3000 }).swap(true, 1))).toBe('LOK');
    expect(reason(() => fast.burn('nobody', -60, 60, 1))).toBe('NP');
  });
});
