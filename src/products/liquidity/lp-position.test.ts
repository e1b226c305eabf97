/**
 * The LP position through the engine: fees from fee growth against the fees swaps paid, token
 * conservation, the P&L identity, re-centring triggers, Charm's ranges, the TWAP guard, refused
 * swaps reverting a rebalance, and what guards save against a sandwiching trader.
 */
import { describe, expect, it } from 'vitest';
import { NormalSampler } from '../../core/normal.js';
import { Rng } from '../../core/rng.js';
import { SECONDS_PER_YEAR } from '../../core/units.js';
import { runBacktest } from '../../engine/backtest.js';
import type { ExecutorParams } from '../../execution/executor.js';
import { PoolVenue, type PoolVenueParams } from '../../execution/pool-venue.js';
import { Gbm } from '../../market/gbm.js';
import { pathFromPrices, uniformGrid, type MarketPath } from '../../market/market-path.js';
import { BlockFlow, type FlowParams } from '../../pools/sim/block-flow.js';
import type { SimPool, SwapOutcome } from '../../pools/sim/sim-pool.js';
import { ExactV3SimPool, FloatV3SimPool } from '../../pools/sim/v3-sim-pool.js';
import { LpTrigger, type LpPolicyKind, type LpPolicyParams } from './policy.js';
import { createLpSimulation, type LpSimulation } from './simulation.js';

interface Setup {
  flow?: Partial<FlowParams>;
  venue?: Partial<PoolVenueParams>;
  execution?: Partial<ExecutorParams>;
  stepSeconds: number;
  rebalanceGas?: number;
}

function lpSim(pool: SimPool, policy: Partial<LpPolicyParams> & { kind: LpPolicyKind }, s: Setup): LpSimulation {
  const flow = new BlockFlow(pool, { blockTime: 12, bridgeVol: 0, ...s.flow }, 0, 1, { stepSeconds: s.stepSeconds });
  return createLpSimulation({ name: 'lp', product: { initialValue: 1e6, rebalanceGas: s.rebalanceGas ?? 0 }, policy, venue: new PoolVenue(flow, s.venue), execution: s.execution });
}

function gbmPath(sigma: number, steps: number, stepSeconds: number, seed: number, s0 = 2000): MarketPath {
  const prices = new Float64Array(steps + 1);
  new Gbm({ s0, mu: 0, sigma }).generate(new NormalSampler(new Rng(seed)), prices, steps, stepSeconds / SECONDS_PER_YEAR);
  return { assets: 1, names: ['ETH'], steps, times: uniformGrid(steps, 1.7e9, stepSeconds), prices };
}

/** Sums the fee paid by every swap, per input token, while passing swaps on to the position. */
function feeTap(sim: LpSimulation): { fee0: number; fee1: number; swaps: number } {
  const tap = { fee0: 0, fee1: 0, swaps: 0 };
  const lp = sim.product;
  const flow = sim.venue.flow;
  flow.listener = {
    onSwap(source: number, out: SwapOutcome, m: number, time: number) {
      tap.swaps++;
      if (out.zeroForOne) tap.fee0 += out.fee;
      else tap.fee1 += out.fee;
      lp.onSwap(source, out, m, time);
    },
  };
  return tap;
}

const noise = { rate: 0.05, medianNotional: 20_000, sizeSigma: 1, buyProbability: 0.5 };

describe('fees from fee growth', () => {
  it('equal the fees swaps paid, times the position\'s share of the in-range liquidity (exact pool)', () => {
    // Noise traders and arbitrageurs on a flat external price: every swap stays inside the +-50%
    // range, so the position's share of each fee is L_lp / (L_lp + L_background).
    const pool = new ExactV3SimPool({ feePips: 3000, background: [{ tvl: 4e6 }] }, 2000);
    const sim = lpSim(pool, { kind: 'passive', halfWidth: 0.5 }, { flow: { noise }, stepSeconds: 3600 });
    const tap = feeTap(sim);
    const path = pathFromPrices(new Array(25).fill(2000), 3600);
    const { metrics } = runBacktest(sim, sim.trace, path);
    const lp = sim.product;
    const v3 = pool.pool;
    const lpL = v3.getPosition('lp-0', lp.lower[0], lp.upper[0])!.liquidity;
    const bgL = [...v3.positions.entries()].find(([k]) => k.startsWith('background-0'))![1].liquidity;
    const share = Number(lpL) / Number(lpL + bgL);
    expect(tap.swaps).toBeGreaterThan(3000);
    expect(lp.inRange).toBe(true);
    expect(lp.feeTokens0 / (tap.fee0 * share) - 1).toBeCloseTo(0, 10);
    expect(lp.feeTokens1 / (tap.fee1 * share) - 1).toBeCloseTo(0, 10);
    // What the pool owes the position is what it booked, and it is valued in the fees metric.
    const owed = v3.owed('lp-0', lp.lower[0], lp.upper[0]);
    expect(Number(owed.amount0) / 1e18).toBeCloseTo(lp.feeTokens0, 12);
    expect(metrics.fees).toBeCloseTo(lp.feeTokens0 * 2000 + lp.feeTokens1, 4);
    expect(metrics.feesFromNoise + metrics.feesFromArbitrage).toBeCloseTo(metrics.fees, 6);
  });

  it('are all the fees swaps paid, summed over every position, when ranges are crossed (exact, to the wei per swap)', () => {
    // A narrow position that the price leaves and re-enters, over full-range background liquidity.
    const pool = new ExactV3SimPool({ feePips: 3000, background: [{ tvl: 2e6 }] }, 2000);
    const sim = lpSim(pool, { kind: 'passive', halfWidth: 0.005 }, { flow: { noise: { ...noise, medianNotional: 50_000 } }, stepSeconds: 3600 });
    const tap = feeTap(sim);
    runBacktest(sim, sim.trace, gbmPath(0.8, 24, 3600, 4));
    const lp = sim.product;
    const v3 = pool.pool;
    let owed0 = 0n, owed1 = 0n;
    for (const key of v3.positions.keys()) {
      const [owner, lo, hi] = key.split('|');
      const o = v3.owed(owner, Number(lo), Number(hi));
      owed0 += o.amount0;
      owed1 += o.amount1;
    }
    // Fee growth rounds down once per swap step: the pool keeps at most a few wei per swap.
    const dust = (tap.swaps * 10) / 1e18;
    expect(tap.fee0 - Number(owed0) / 1e18).toBeGreaterThanOrEqual(-1e-12 * tap.fee0);
    expect(tap.fee0 - Number(owed0) / 1e18).toBeLessThan(dust + 1e-12 * tap.fee0);
    expect(Math.abs(tap.fee1 - Number(owed1) / 1e18)).toBeLessThan(dust + 1e-12 * tap.fee1);
    // The narrow position earned less than its share when in range would give over every swap.
    expect(lp.feeTokens0).toBeGreaterThan(0);
    expect(lp.feeTokens0).toBeLessThan(tap.fee0);
  });
});

describe('conservation and the P&L identity', () => {
  it.each([
    ['float', false],
    ['exact', true],
  ])('%s pool: value - start = hedge + fees - LVR + noise P&L - costs, and every token is accounted for', (_name, exact) => {
    const cfg = { feePips: 3000, background: [{ tvl: 2e7 }, { tvl: 1e7, halfWidth: 0.1 }] };
    const pool = exact ? new ExactV3SimPool(cfg, 2000) : new FloatV3SimPool(cfg, 2000);
    const sim = lpSim(pool, { kind: 'recenter', halfWidth: 0.03, outOfRange: true }, {
      flow: { noise, bridgeVol: 0.8, blocksPerStep: exact ? 20 : undefined },
      venue: { gas: 3 },
      rebalanceGas: 12,
      stepSeconds: 3600,
    });
    const tap = { in0: 0, in1: 0 };
    const lp = sim.product;
    sim.venue.flow.listener = {
      onSwap(source: number, out: SwapOutcome, m: number, time: number) {
        // Token flows into the pool from every trader (arbitrageurs, noise, the position's own swaps).
        if (out.zeroForOne) {
          tap.in0 += out.amountIn;
          tap.in1 -= out.amountOut;
        } else {
          tap.in1 += out.amountIn;
          tap.in0 -= out.amountOut;
        }
        lp.onSwap(source, out, m, time);
      },
    };
    const { metrics } = runBacktest(sim, sim.trace, gbmPath(0.8, 48, 3600, 9));
    expect(metrics.rebalances).toBeGreaterThan(2);
    expect(metrics.swaps).toBeGreaterThan(2);
    expect(Math.abs(metrics.residual)).toBeLessThan(1e-8 * metrics.finalValue);
    expect(metrics.netPnl).toBeCloseTo(metrics.fees - metrics.lvr + metrics.noisePnl - metrics.rebalanceCost, 6);
    // Tokens: the pool holds what LPs put in plus what traders paid in net; the position's own
    // tokens (ranges + idle) are the start plus its fees, trades and swaps.
    const m = lp.price;
    let lp0 = lp.idle0, lp1 = lp.idle1;
    for (let i = 0; i < lp.count; i++) {
      const w = pool.withdraw(`lp-${i}`, lp.lower[i], lp.upper[i]);
      lp0 += w.amount0 + w.fees0;
      lp1 += w.amount1 + w.fees1;
    }
    // What the position holds, valued at the market, is its reported value.
    expect(Math.abs((lp0 * m + lp1) / metrics.finalValue - 1)).toBeLessThan(1e-9);
    // Traders' net payments moved the pool's balances; after every LP leaves, only rounding dust stays.
    expect(tap.in0 !== 0 || tap.in1 !== 0).toBe(true);
    if (exact) {
      const v3 = (pool as ExactV3SimPool).pool;
      for (const key of [...v3.positions.keys()]) {
        const [owner, lo, hi] = key.split('|');
        const p = v3.positions.get(key)!;
        if (p.liquidity > 0n) v3.burn(owner, Number(lo), Number(hi), p.liquidity);
        v3.collect(owner, Number(lo), Number(hi));
      }
      expect(v3.balance0 >= 0n && v3.balance0 < 10n ** 6n).toBe(true);
      expect(v3.balance1 >= 0n && v3.balance1 < 10n ** 6n).toBe(true);
    }
  });
});

describe('re-centring policies', () => {
  const pool = () => new FloatV3SimPool({ feePips: 100, tickSpacing: 1, background: [{ tvl: 1e8 }] }, 1);

  it('re-centre when the price leaves the range: at that step, around the new price', () => {
    const sim = lpSim(pool(), { kind: 'recenter', halfWidth: 0.05, outOfRange: true }, { stepSeconds: 600 });
    const r = runBacktest(sim, sim.trace, pathFromPrices([1, 1, 1.02, 1.04, 1.06, 1.07], 600));
    const lp = sim.product;
    expect(sim.policy.fired[LpTrigger.OutOfRange]).toBe(1);
    expect(r.trace.trades.length).toBe(1);
    expect(r.trace.trades[0].time).toBe(4 * 600);
    expect(r.trace.trades[0].trigger).toBe('out-of-range');
    // New range [p / 1.05, 1.05 p] around the pool's price at the rebalance (1.06 less the fee band).
    const lo = lp.pool.priceAtTick(lp.lower[0]), hi = lp.pool.priceAtTick(lp.upper[0]);
    expect(lo).toBeCloseTo(1.06 / 1.05, 3);
    expect(hi).toBeCloseTo(1.06 * 1.05, 3);
    expect(lp.inRange).toBe(true);
    // Every step ended in range (the re-centre happens within the step); held passive, the
    // range would have been left for the last two steps.
    expect(r.metrics.timeInRange).toBe(1);
    const passive = lpSim(pool(), { kind: 'passive', halfWidth: 0.05 }, { stepSeconds: 600 });
    expect(runBacktest(passive, passive.trace, pathFromPrices([1, 1, 1.02, 1.04, 1.06, 1.07], 600)).metrics.timeInRange).toBeCloseTo(3 / 5, 12);
  });

  it('re-centre on a period', () => {
    const sim = lpSim(pool(), { kind: 'recenter', halfWidth: 0.05, outOfRange: false, period: 1800 }, { stepSeconds: 600 });
    runBacktest(sim, sim.trace, pathFromPrices([1, 1.001, 1.002, 1.003, 1.004, 1.005, 1.006, 1.007, 1.008, 1.009], 600));
    expect(sim.policy.fired[LpTrigger.Period]).toBe(3);
    expect(sim.product.rebalances).toBe(3);
  });

  it('re-centre on a tick move from the range\'s centre', () => {
    // 0.5% per step: 50 ticks a step, so a 120-tick move fires every third step.
    const prices = Array.from({ length: 10 }, (_, i) => 1.005 ** i);
    const sim = lpSim(pool(), { kind: 'recenter', halfWidth: 0.1, outOfRange: false, tickMove: 120 }, { stepSeconds: 600 });
    const r = runBacktest(sim, sim.trace, pathFromPrices(prices, 600));
    expect(sim.policy.fired[LpTrigger.TickMove]).toBe(3);
    expect(r.trace.trades.map((t) => t.time / 600)).toEqual([3, 6, 9]);
  });

  it('Charm: base and limit ranges from the floored tick, never a swap', () => {
    const sim = lpSim(new FloatV3SimPool({ feePips: 3000, background: [{ tvl: 1e8 }] }, 1), { kind: 'charm', baseThreshold: 600, limitThreshold: 300, period: 3600, minTickMove: 0 }, { stepSeconds: 600 });
    const prices = Array.from({ length: 13 }, (_, i) => 1.004 ** i);
    const r = runBacktest(sim, sim.trace, pathFromPrices(prices, 600));
    const lp = sim.product;
    expect(sim.policy.fired[LpTrigger.Charm]).toBe(2);
    expect(r.metrics.swaps).toBe(0);
    expect(r.trace.trades.length).toBe(0);
    // After a rise the position holds too much token1 for the base range: the rest sits on the bid.
    const x = Math.floor(lp.pool.tick() / 60) * 60;
    expect(lp.count).toBe(2);
    expect([lp.lower[0], lp.upper[0]]).toEqual([x - 600, x + 60 + 600]);
    expect([lp.lower[1], lp.upper[1]]).toEqual([x - 300, x]);
    expect(lp.idle1).toBeLessThan(1e-6 * lp.value);
  });
});

describe('guards', () => {
  /** Flat at 1 for an hour of 5-minute steps, then a 12% jump in one step, then flat. */
  const jump = pathFromPrices([...new Array(13).fill(1), ...new Array(12).fill(1.12)], 300);
  const pool = () => new FloatV3SimPool({ feePips: 500, background: [{ tvl: 1e8 }] }, 1);

  it('a rebalance is refused while the pool\'s tick is far from its TWAP, and goes through once the TWAP catches up', () => {
    const guarded = lpSim(pool(), { kind: 'recenter', halfWidth: 0.05, outOfRange: true, maxTwapDeviation: 100, twapDuration: 1800 }, { stepSeconds: 300 });
    const g = runBacktest(guarded, guarded.trace, jump);
    const free = lpSim(pool(), { kind: 'recenter', halfWidth: 0.05, outOfRange: true }, { stepSeconds: 300 });
    const f = runBacktest(free, free.trace, jump);
    // Without the guard it re-centres at the jump (row 13); with it, it waits about 30 minutes.
    expect(f.trace.trades[0].time).toBe(13 * 300);
    expect(g.metrics.refusedTwap).toBeGreaterThanOrEqual(5);
    expect(g.trace.trades[0].time).toBeGreaterThanOrEqual(17 * 300);
    expect(g.trace.trades[0].time).toBeLessThanOrEqual(20 * 300);
    expect(g.metrics.rebalances).toBe(1);
  });

  it('a swap refused by its minimum output reverts the rebalance: the old range is back, nothing is charged', () => {
    // A 3 bps slippage guard cannot pass a 5 bps pool fee.
    const sim = lpSim(pool(), { kind: 'recenter', halfWidth: 0.05, outOfRange: true }, { stepSeconds: 300, execution: { normal: { maxTradeUnits: Infinity, cooldown: 0, slippage: 0.0003 } }, rebalanceGas: 7 });
    const r = runBacktest(sim, sim.trace, jump);
    const lp = sim.product;
    expect(r.metrics.refusedSwaps).toBeGreaterThan(3);
    expect(r.metrics.rebalances).toBe(0);
    expect(r.metrics.gas).toBe(0);
    expect(lp.count).toBe(1);
    expect(lp.pool.priceAtTick(lp.upper[0])).toBeCloseTo(1.05, 3);
    expect(Math.abs(r.metrics.residual)).toBeLessThan(1e-6);
  });

  it('guards save the position from a sandwiching trader on its rebalancing swaps', () => {
    // A +-2% range re-centred over two days of 100% volatility in a 5 bps pool; an attacker with 5M.
    const path = gbmPath(1, 192, 900, 21, 1);
    const run = (venue: Partial<PoolVenueParams>, slippage: number) => {
      const sim = lpSim(new FloatV3SimPool({ feePips: 500, background: [{ tvl: 5e6 }] }, 1), { kind: 'recenter', halfWidth: 0.02, outOfRange: true }, {
        stepSeconds: 900,
        venue,
        execution: { normal: { maxTradeUnits: Infinity, cooldown: 0, slippage } },
      });
      return runBacktest(sim, sim.trace, path).metrics;
    };
    const attacker = { capital: 5e6, minProfit: 0, gas: 2 };
    const clean = run({}, Infinity);
    const open = run({ sandwich: attacker }, Infinity);
    const guarded = run({ sandwich: attacker, priceLimit: 0.005 }, 0.003);
    expect(clean.swaps).toBeGreaterThan(3);
    expect(open.sandwiches).toBeGreaterThan(0);
    expect(open.sandwichProfit).toBeGreaterThan(0);
    // The attacker's profit comes out of the position's execution.
    expect(open.swapImpact - clean.swapImpact).toBeGreaterThan(0.5 * open.sandwichProfit);
    expect(guarded.sandwichProfit).toBeLessThan(0.2 * open.sandwichProfit);
    expect(guarded.swapImpact).toBeLessThan(open.swapImpact);
    expect(guarded.netPnl).toBeGreaterThan(open.netPnl);
  });
});
