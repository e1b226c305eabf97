import { describe, expect, it } from 'vitest';
import { ChainMathError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { CpmmPool, MINIMUM_LIQUIDITY, UNISWAP_V2_FEE, getAmountIn, getAmountOut, getAmountsIn, getAmountsOut, v2FeeFromBps } from './cpmm.js';
import { FloatCpmmPool } from './cpmm-float.js';
import { randomAmount } from './test-support/v3-fuzz.js';

const E18 = 10n ** 18n;

function reasonOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof ChainMathError) return e.reason;
    throw e;
  }
  return 'no revert';
}

describe('UniswapV2Library vectors, restated', () => {
  it('1e18 in against 1000e18/1000e18 reserves pays 996006981039903216', () => {
    expect(getAmountOut(E18, 1000n * E18, 1000n * E18)).toBe(996006981039903216n);
  });

  it('1e18 out of the same reserves costs 1004013040121365097', () => {
    expect(getAmountIn(E18, 1000n * E18, 1000n * E18)).toBe(1004013040121365097n);
  });

  it('reverts with the library messages on empty inputs and reserves, and on draining the reserve', () => {
    expect(reasonOf(() => getAmountOut(0n, 1n, 1n))).toBe('UniswapV2Library: INSUFFICIENT_INPUT_AMOUNT');
    expect(reasonOf(() => getAmountOut(1n, 0n, 1n))).toBe('UniswapV2Library: INSUFFICIENT_LIQUIDITY');
    expect(reasonOf(() => getAmountIn(0n, 1n, 1n))).toBe('UniswapV2Library: INSUFFICIENT_OUTPUT_AMOUNT');
    expect(reasonOf(() => getAmountIn(11n, 10n, 10n))).toBe('ds-math-sub-underflow');
    expect(reasonOf(() => getAmountIn(10n, 10n, 10n))).toBe('');
  });

  it('a fork fee is a different fraction: 25 bps is 9975/10000 and pays more than 30 bps', () => {
    const f = v2FeeFromBps(25);
    expect(Number(f.numerator) / Number(f.denominator)).toBe(0.9975);
    expect(v2FeeFromBps(30)).toEqual({ numerator: 997000n, denominator: 1000000n });
    expect(getAmountOut(E18, 1000n * E18, 1000n * E18, v2FeeFromBps(30))).toBe(996006981039903216n);
    expect(getAmountOut(E18, 1000n * E18, 1000n * E18, f)).toBeGreaterThan(996006981039903216n);
  });

  it('multi-hop amounts chain the single-hop formulas both ways', () => {
    const hops = [[1000n * E18, 2000n * E18], [500n * E18, 700n * E18]] as const;
    const out = getAmountsOut(E18, hops);
    expect(out[1]).toBe(getAmountOut(E18, hops[0][0], hops[0][1]));
    expect(out[2]).toBe(getAmountOut(out[1], hops[1][0], hops[1][1]));
    const inn = getAmountsIn(out[2], hops);
    expect(inn[2]).toBe(out[2]);
    expect(inn[0]).toBeGreaterThanOrEqual(E18 - 2n); // rounding up at each hop asks for about what was put in
    expect(inn[0]).toBeLessThanOrEqual(E18 + 2n);
  });
});

describe('v2 properties', () => {
  const rng = new Rng(41);

  it('output is monotone (non-decreasing) in input and concave', () => {
    for (let k = 0; k < 200; k++) {
      const r0 = randomAmount(rng, 4, 30), r1 = randomAmount(rng, 4, 30);
      let prev = -1n;
      let a = 1n + randomAmount(rng, 1, 4);
      for (let i = 0; i < 30; i++) {
        const out = getAmountOut(a, r0, r1);
        expect(out).toBeGreaterThanOrEqual(prev);
        expect(out).toBeLessThan(r1);
        prev = out;
        a = a * 3n + randomAmount(rng, 1, 3);
      }
    }
  });

  it('getAmountIn(out) is the least input that buys `out` (one unit over when the division is exact)', () => {
    for (let k = 0; k < 500; k++) {
      const r0 = randomAmount(rng, 3, 25), r1 = randomAmount(rng, 3, 25);
      const out = 1n + randomAmount(rng, 1, 25) % (r1 - 1n);
      if (out >= r1) continue;
      const need = getAmountIn(out, r0, r1);
      expect(getAmountOut(need, r0, r1)).toBeGreaterThanOrEqual(out);
      if (need > 2n) expect(getAmountOut(need - 2n, r0, r1)).toBeLessThan(out);
    }
  });

  it('a round trip through the pair never profits', () => {
    for (let k = 0; k < 300; k++) {
      const pool = CpmmPool.withReserves(randomAmount(rng, 5, 28), randomAmount(rng, 5, 28));
      const x = randomAmount(rng, 1, 27);
      let y: bigint;
      try {
        y = pool.swapExactIn(true, x).amountOut;
      } catch {
        continue; // output rounds to zero or overflows uint112
      }
      if (y === 0n) continue;
      const back = pool.quoteExactIn(false, y);
      expect(back).toBeLessThan(x);
    }
  });

  it("the pair's K check accepts the router's amounts and rejects one more unit out", () => {
    for (let k = 0; k < 200; k++) {
      const pool = CpmmPool.withReserves(randomAmount(rng, 8, 25), randomAmount(rng, 8, 25));
      const a = randomAmount(rng, 1, 24);
      const out = pool.quoteExactIn(true, a);
      if (out === 0n || out + 1n >= pool.reserve1) continue;
      expect(reasonOf(() => pool.clone().swap(0n, out + 1n, a, 0n))).toBe('UniswapV2: K');
      expect(reasonOf(() => pool.clone().swap(0n, out, a, 0n))).toBe('no revert');
    }
  });

  it('reserves stay within uint112 and the invariant grows with every fee-paying swap', () => {
    const pool = CpmmPool.withReserves(10n ** 24n, 3n * 10n ** 27n);
    let k = pool.reserve0 * pool.reserve1;
    for (let i = 0; i < 100; i++) {
      if (rng.nextFloat() < 0.5) pool.swapExactIn(rng.nextFloat() < 0.5, randomAmount(rng, 10, 23));
      else pool.swapExactOut(rng.nextFloat() < 0.5, randomAmount(rng, 10, 22));
      const k2 = pool.reserve0 * pool.reserve1;
      expect(k2).toBeGreaterThan(k);
      k = k2;
    }
    expect(reasonOf(() => pool.swapExactIn(true, 1n << 112n))).toBe('UniswapV2: OVERFLOW');
  });

  it('mint locks MINIMUM_LIQUIDITY, later deposits get the smaller proportional share, burn pays pro rata', () => {
    const pool = CpmmPool.withReserves(4n * E18, E18, UNISWAP_V2_FEE, 'alice');
    expect(pool.totalSupply).toBe(2n * E18);
    expect(pool.shares.get('alice')).toBe(2n * E18 - MINIMUM_LIQUIDITY);
    // Bob deposits off-ratio: the excess token1 is donated.
    const bob = pool.mint('bob', 4n * E18, 2n * E18);
    expect(bob).toBe(2n * E18);
    const paid = pool.burn('bob', bob);
    expect(paid.amount0).toBe((bob * 8n * E18) / (4n * E18));
    expect(paid.amount1).toBeGreaterThan(E18); // got part of the donation back
    expect(reasonOf(() => pool.burn('bob', 1n))).toBe('ds-math-sub-underflow');
    expect(reasonOf(() => CpmmPool.withReserves(10n, 10n))).toBe('ds-math-sub-underflow');
    expect(reasonOf(() => CpmmPool.withReserves(1000n, 1000n))).toBe('UniswapV2: INSUFFICIENT_LIQUIDITY_MINTED');
    expect(reasonOf(() => pool.mint('carol', 1n, 0n))).toBe('UniswapV2: INSUFFICIENT_LIQUIDITY_MINTED');
  });
});

describe('FloatCpmmPool (Monte Carlo fast path)', () => {
  const rng = new Rng(42);

  it('tracks the exact pool over 2,000 random swaps to 1e-12 relative (measured: 2e-15)', () => {
    let worst = 0;
    for (let trial = 0; trial < 20; trial++) {
      const exact = CpmmPool.withReserves(randomAmount(rng, 22, 26), randomAmount(rng, 22, 26));
      const fast = FloatCpmmPool.fromExact(exact);
      for (let k = 0; k < 100; k++) {
        const z = rng.nextFloat() < 0.5;
        const reserveIn = z ? exact.reserve0 : exact.reserve1;
        const amount = reserveIn / BigInt(10 + rng.nextBelow(10_000));
        if (rng.nextFloat() < 0.5) {
          const a = exact.swapExactIn(z, amount).amountOut;
          const b = fast.swapExactIn(z, Number(amount));
          worst = Math.max(worst, Math.abs(b / Number(a) - 1));
        } else {
          const out = (z ? exact.reserve1 : exact.reserve0) / BigInt(10 + rng.nextBelow(10_000));
          const a = exact.swapExactOut(z, out).amountIn;
          const b = fast.swapExactOut(z, Number(out));
          worst = Math.max(worst, Math.abs(b / Number(a) - 1));
        }
        worst = Math.max(worst, Math.abs(fast.reserve0 / Number(exact.reserve0) - 1), Math.abs(fast.reserve1 / Number(exact.reserve1) - 1));
      }
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('reproduces the v2 vector to float precision', () => {
    const p = new FloatCpmmPool(1000, 1000, 0.003);
    expect(p.quoteExactIn(true, 1)).toBeCloseTo(0.996006981039903, 15);
    expect(p.quoteExactOut(true, 1)).toBeCloseTo(1.004013040121365, 14);
    expect(p.quoteExactOut(true, 1000)).toBe(Infinity);
  });

  it('arbitrageTo takes the profit-maximizing one-shot trade (beats nearby sizes, leaves nothing to arbitrage)', () => {
    for (let k = 0; k < 200; k++) {
      const fee = [0.0005, 0.003, 0.01][k % 3];
      const p0 = 1 + 3 * rng.nextFloat();
      const market = p0 * Math.exp(0.2 * (rng.nextFloat() - 0.5));
      const pool = new FloatCpmmPool(1000, 1000 * p0, fee);
      const probe = new FloatCpmmPool(pool.reserve0, pool.reserve1, fee);
      const moved = pool.arbitrageTo(market);
      const profit = pool.lastArbProfit;
      if (moved === 0) {
        // Inside the no-trade band [p (1 - fee), p / (1 - fee)].
        expect(market).toBeGreaterThanOrEqual(p0 * (1 - fee) * (1 - 1e-12));
        expect(market).toBeLessThanOrEqual((p0 / (1 - fee)) * (1 + 1e-12));
        continue;
      }
      expect(profit).toBeGreaterThan(0);
      // The fee stays in the reserves, so after the one-shot optimum the pool's quote has moved
      // just past the market: a second arbitrage finds nothing to do.
      const again = new FloatCpmmPool(pool.reserve0, pool.reserve1, fee);
      expect(again.arbitrageTo(market)).toBe(0);
      // Brute force: 1% more or less of the input earns less.
      for (const scale of [0.99, 1.01]) {
        const q = new FloatCpmmPool(probe.reserve0, probe.reserve1, fee);
        let alt: number;
        if (moved > 0) {
          const dy = (probe.quoteExactOut(false, moved) * scale);
          alt = q.swapExactIn(false, dy) * market - dy;
        } else {
          const dx = -moved * scale;
          alt = q.swapExactIn(true, dx) - dx * market;
        }
        expect(alt).toBeLessThanOrEqual(profit * (1 + 1e-12));
      }
    }
  });
});
