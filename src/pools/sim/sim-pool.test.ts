/**
 * The pools behind the SimPool interface: exact and float agree, arbitrage stops where the fee
 * makes the next unit unprofitable, price limits bind, deposits and withdrawals conserve tokens,
 * snapshots restore, and every token paid into an exact pool comes out to someone.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { FloatCpmmPool } from '../cpmm-float.js';
import { ExactV2SimPool, ExactWeightedSimPool, FloatReservePool } from './reserve-sim-pool.js';
import type { SimPool } from './sim-pool.js';
import { ExactV3SimPool, FloatV3SimPool } from './v3-sim-pool.js';

const V3 = { feePips: 3000, background: [{ tvl: 1e7 }, { tvl: 5e6, halfWidth: 0.1 }] };
const RESERVE = { kind: 'v2' as const, fee: 0.003, weight0: 0.5, tvl: 1e7 };
const WEIGHTED = { kind: 'weighted' as const, fee: 0.003, weight0: 0.8, tvl: 1e7 };

function pools(price: number): [string, SimPool][] {
  return [
    ['v3 float', new FloatV3SimPool(V3, price)],
    ['v3 exact', new ExactV3SimPool(V3, price)],
    ['v2 float', new FloatReservePool(RESERVE, price)],
    ['v2 exact', new ExactV2SimPool(RESERVE, price)],
    ['weighted float', new FloatReservePool(WEIGHTED, price)],
    ['weighted exact', new ExactWeightedSimPool(WEIGHTED, price)],
  ];
}

describe('SimPool adapters', () => {
  it('start at the given price with the background value', () => {
    for (const [name, p] of pools(2000)) {
      expect(Math.abs(p.price() / 2000 - 1), name).toBeLessThan(1e-12);
      // v3: 1e7 full range + 5e6 in +-10%; reserve pools: 1e7 (exact pools round down by wei).
      expect(Math.abs(p.tvl(2000) / (p.kind === 'v3' ? 1.5e7 : 1e7) - 1), name).toBeLessThan(1e-9);
    }
  });

  it('float and exact agree on swaps (v3 within 1e-9, v2 within 1e-12, weighted within 1e-10)', () => {
    const rng = new Rng(11);
    const pairs: [SimPool, SimPool, number][] = [
      [new FloatV3SimPool(V3, 2000), new ExactV3SimPool(V3, 2000), 1e-9],
      [new FloatReservePool(RESERVE, 2000), new ExactV2SimPool(RESERVE, 2000), 1e-12],
      [new FloatReservePool(WEIGHTED, 2000), new ExactWeightedSimPool(WEIGHTED, 2000), 1e-10],
    ];
    for (const [f, e, tol] of pairs) {
      for (let i = 0; i < 200; i++) {
        const z = rng.nextFloat() < 0.5;
        const amount = z ? 1 + rng.nextFloat() * 100 : 1000 + rng.nextFloat() * 2e5;
        const exactOut = rng.nextFloat() < 0.3;
        const a = exactOut ? f.swapExactOut(z, amount / (z ? 1 : 2000) * (z ? 1000 : 1), NaN) : f.swapExactIn(z, amount, NaN);
        const ai = a.amountIn, ao = a.amountOut;
        const b = exactOut ? e.swapExactOut(z, amount / (z ? 1 : 2000) * (z ? 1000 : 1), NaN) : e.swapExactIn(z, amount, NaN);
        expect(Math.abs(ai / b.amountIn - 1)).toBeLessThan(tol * 10);
        expect(Math.abs(ao / b.amountOut - 1)).toBeLessThan(tol * 10);
        expect(Math.abs(f.price() / e.price() - 1)).toBeLessThan(tol * 10);
      }
    }
  });

  it('arbitrage stops where buying costs M (price M (1 - f)) or selling pays M (price M / (1 - f))', () => {
    for (const [name, p] of pools(2000)) {
      const g = 1 - p.feeRate;
      // External price up 5%: the arbitrageur buys token0 until its marginal cost P / g reaches M.
      let o = p.arbitrage(2100);
      expect(o.zeroForOne, name).toBe(false);
      expect(o.amountIn, name).toBeGreaterThan(0);
      const tol = p.kind === 'v3' ? 1e-9 : 4e-3;
      expect(Math.abs(p.price() / (2100 * g) - 1), name).toBeLessThan(tol);
      // Profitable, and nothing left to take.
      expect(o.amountOut * 2100 - o.amountIn, name).toBeGreaterThan(0);
      expect(p.arbitrage(2100).amountIn, name).toBeLessThan(p.kind === 'v3' || !p.exact ? 1e-9 : 1e-3);
      // Inside the fee band nothing trades.
      expect(p.arbitrage(p.price() / Math.sqrt(g)).amountIn, name).toBe(0);
      // Down 10%: sells token0 until P g = M.
      o = p.arbitrage(1800);
      expect(o.zeroForOne, name).toBe(true);
      expect(Math.abs((p.price() * g) / 1800 - 1), name).toBeLessThan(tol);
    }
  });

  it('v2 arbitrage agrees with FloatCpmmPool.arbitrageTo, which ignores the fee kept in the reserves (relative gap ~ fee x trade / reserve)', () => {
    for (const m of [2020, 1980, 2100, 1900]) {
      const a = new FloatReservePool(RESERVE, 2000);
      const b = new FloatCpmmPool(1e7 / 2 / 2000, 1e7 / 2, 0.003);
      const o = a.arbitrage(m);
      const base = b.arbitrageTo(m);
      const got = o.zeroForOne ? -o.amountIn : o.amountOut;
      // The prices they leave differ by about fee x (trade / reserve) ~ 0.003 x the move.
      const move = Math.abs(m / 2000 - 1);
      expect(Math.abs(a.price() / b.price - 1)).toBeLessThan(0.003 * move);
      expect(Math.abs(got / base - 1)).toBeLessThan(0.01);
    }
  });

  it('a reserve pool arbitrage leaves no marginal profit: the quoted spot with fee equals M (weighted 80/20 and v2)', () => {
    for (const cfg of [WEIGHTED, RESERVE]) {
      for (const m of [2300, 1700]) {
        const p = new FloatReservePool(cfg, 2000);
        p.arbitrage(m);
        const g = 1 - cfg.fee;
        // Balancer's spot with fee: (B_in / w_in) / (B_out / w_out) / (1 - fee), on the balances with the fee kept.
        const marginal = m > 2000 ? p.price() / g : p.price() * g;
        expect(Math.abs(marginal / m - 1)).toBeLessThan(1e-12);
        // A further small trade in the same direction loses money at M.
        const q = m > 2000 ? p.quoteExactIn(false, 10, NaN) : p.quoteExactIn(true, 0.005, NaN);
        const profit = m > 2000 ? q.amountOut * m - q.amountIn : q.amountOut - q.amountIn * m;
        expect(profit).toBeLessThan(0);
      }
    }
  });

  it('price limits stop a swap (partial fill) at the limit', () => {
    for (const [name, p] of pools(2000)) {
      const o = p.swapExactIn(false, 1e7, 2020);
      expect(o.filled, name).toBe(false);
      const tol = p.kind === 'v3' ? 1e-9 : 4e-3;
      expect(Math.abs(p.price() / 2020 - 1), name).toBeLessThan(tol);
      // A limit already passed trades nothing.
      expect(p.swapExactIn(false, 10, 1990).amountIn, name).toBe(0);
    }
  });

  it('quotes leave the pool as it was and predict the swap', () => {
    for (const [name, p] of pools(2000)) {
      const before = p.price();
      const q = p.quoteExactOut(false, 50, NaN);
      const qIn = q.amountIn, qAfter = q.priceAfter;
      expect(p.price(), name).toBe(before);
      const s = p.swapExactOut(false, 50, NaN);
      expect(s.amountIn, name).toBeCloseTo(qIn, 9);
      expect(p.price() / qAfter - 1, name).toBeLessThan(1e-9);
    }
  });

  it('snapshot and restore undo swaps', () => {
    for (const [name, p] of pools(2000)) {
      const snap = p.snapshot();
      const before = p.price();
      p.swapExactIn(true, 100, NaN);
      p.swapExactIn(false, 5e5, NaN);
      p.restore(snap);
      expect(p.price(), name).toBe(before);
      const again = p.swapExactIn(true, 100, NaN).amountOut;
      p.restore(snap);
      expect(p.swapExactIn(true, 100, NaN).amountOut, name).toBe(again);
    }
  });

  it('deposits take at most what is offered and withdrawals return principal plus fees', () => {
    for (const [name, p] of pools(2000)) {
      const lo = p.kind === 'v3' ? p.tickAtPrice(1800) - (p.tickAtPrice(1800) % 60) - 60 : 0;
      const hi = p.kind === 'v3' ? p.tickAtPrice(2200) - (p.tickAtPrice(2200) % 60) + 60 : 0;
      const d = p.deposit('me', lo, hi, 100, 300_000);
      expect(d.liquidity, name).toBeGreaterThan(0);
      expect(d.amount0, name).toBeLessThanOrEqual(100 * (1 + 1e-12));
      expect(d.amount1, name).toBeLessThanOrEqual(300_000 * (1 + 1e-12));
      const pr = new Float64Array(2);
      p.principal(lo, hi, d.liquidity, pr);
      expect(pr[0] / d.amount0 - 1, name).toBeLessThan(1e-9);
      // Swaps back and forth earn fees; withdrawing gives principal at the new price plus fees.
      p.swapExactIn(false, 2e5, NaN);
      p.swapExactIn(true, 100, NaN);
      p.principal(lo, hi, d.liquidity, pr);
      const w = p.withdraw('me', lo, hi);
      expect(Math.abs(w.amount0 - pr[0]), name).toBeLessThan(1e-9 * (pr[0] + 1));
      expect(Math.abs(w.amount1 - pr[1]), name).toBeLessThan(1e-9 * (pr[1] + 1));
      if (p.kind === 'v3') expect(w.fees0 + w.fees1, name).toBeGreaterThan(0);
      expect(p.withdraw('me', lo, hi).liquidity, name).toBe(0);
    }
  });

  it('conserves tokens in an exact v3 pool: deposits plus what traders paid in net equal what the LPs take out, plus dust', () => {
    const sim = new ExactV3SimPool({ feePips: 3000, background: [{ tvl: 1e6 }] }, 2000);
    const pool = sim.pool;
    const [blo, bhi] = [-887220, 887220];
    const lo = sim.tickAtPrice(1900) - (sim.tickAtPrice(1900) % 60), hi = sim.tickAtPrice(2100) - (sim.tickAtPrice(2100) % 60);
    const mint = pool.mint('me', lo, hi, 10n ** 22n);
    let in0 = pool.balance0, in1 = pool.balance1; // background and LP deposits
    expect(mint.amount0 > 0n && mint.amount1 > 0n).toBe(true);
    const rng = new Rng(5);
    for (let i = 0; i < 300; i++) {
      const z = rng.nextFloat() < 0.5;
      const r = pool.swap(z, BigInt(Math.floor(rng.nextFloat() * (z ? 2e19 : 4e22))));
      in0 += r.amount0;
      in1 += r.amount1;
    }
    let out0 = 0n, out1 = 0n;
    for (const [owner, l, h] of [['me', lo, hi], ['background-0', blo, bhi]] as const) {
      pool.burn(owner, l, h, pool.getPosition(owner, l, h)!.liquidity);
      const c = pool.collect(owner, l, h);
      out0 += c.amount0;
      out1 += c.amount1;
    }
    // Every token is accounted for: in = out + what stays in the pool, and what stays is rounding dust.
    expect(in0).toBe(out0 + pool.balance0);
    expect(in1).toBe(out1 + pool.balance1);
    expect(pool.balance0 >= 0n && pool.balance0 < 1000n).toBe(true);
    expect(pool.balance1 >= 0n && pool.balance1 < 1000n).toBe(true);
  });
});
