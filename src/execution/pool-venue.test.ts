/**
 * The pool venue: fills are the exact pool's own swaps and move its price, arbitrage restores it,
 * guards refuse or cut swaps, a sandwich attacker takes what the guards allow, a leveraged token
 * can trade through a pool, and the shared venue conformance suite.
 */
import { describe, expect, it } from 'vitest';
import { poolVenueSchema } from '../config/common.js';
import { runBacktest } from '../engine/backtest.js';
import { pathFromPrices } from '../market/market-path.js';
import { BlockFlow } from '../pools/sim/block-flow.js';
import { ExactV3SimPool, FloatV3SimPool } from '../pools/sim/v3-sim-pool.js';
import { createLeveragedTokenSimulation } from '../products/leveraged-token/simulation.js';
import { CostModelVenue } from './cost-model-venue.js';
import { Fill, FillStatus } from './fill.js';
import { tradeOnce } from './venue.js';
import { buildPoolVenue } from './pool-venue-build.js';
import { PoolVenue, type PoolVenueParams } from './pool-venue.js';
import { checkVenueConformance } from './venue-conformance.js';

const ROW = Float64Array.from([2000, 2000, 2000]);

function exactVenue(params: Partial<PoolVenueParams> = {}, feePips = 3000, background = [{ tvl: 2e6 }, { tvl: 2e6, halfWidth: 0.05 }]): PoolVenue {
  const pool = new ExactV3SimPool({ feePips, background }, 2000);
  const v = new PoolVenue(new BlockFlow(pool, { blockTime: 12, blocksPerStep: 1, bridgeVol: 0 }, 0, 1, { stepSeconds: 12 }), params);
  v.reset(ROW, 0, 0);
  return v;
}

describe('PoolVenue', () => {
  it('a buy is the exact pool\'s exact-output swap: units x price + fee is its input to the wei, and the pool price moves', () => {
    const v = exactVenue({ gas: 3 });
    const pool = (v.pool as ExactV3SimPool).pool;
    const twin = pool.clone();
    const expected = twin.exactOutput(false, 5n * 10n ** 18n);
    const fill = new Fill();
    tradeOnce(v, 0, 5, Infinity, ROW, 0, 0, fill);
    expect(fill.status).toBe(FillStatus.Filled);
    expect(fill.units).toBe(5);
    expect(fill.units * fill.price + fill.fee).toBeCloseTo(Number(expected.amountIn) / 1e18, 9);
    expect(fill.fee).toBe(Number(expected.feeAmount) / 1e18);
    expect(fill.gas).toBe(3);
    expect(fill.impact).toBeCloseTo((fill.price - 2000) * 5, 9);
    expect(pool.sqrtPriceX96).toBe(twin.sqrtPriceX96);
    expect(v.pool.price()).toBeGreaterThan(2000);
    // A sell: exact input of base; units x price + fee = -quote received.
    const expectedSell = twin.exactInput(true, 2n * 10n ** 18n);
    tradeOnce(v, 0, -2, 0, ROW, 0, 0, fill);
    expect(fill.units).toBe(-2);
    expect(fill.units * fill.price + fill.fee).toBeCloseTo(-Number(expectedSell.amountOut) / 1e18, 9);
    expect(pool.sqrtPriceX96).toBe(twin.sqrtPriceX96);
  });

  it('the next block\'s arbitrageur brings the price back within the fee band', () => {
    const v = exactVenue();
    const fill = new Fill();
    tradeOnce(v, 0, 40, Infinity, ROW, 0, 0, fill);
    expect(v.pool.price() / 2000).toBeGreaterThan(1.003);
    v.update(ROW, 1, 12);
    expect(v.pool.price()).toBeLessThanOrEqual((2000 / (1 - 0.003)) * (1 + 1e-12));
    expect(v.pool.price()).toBeGreaterThan(2000);
    expect(v.stats.arbTrades).toBe(1);
    expect(v.stats.arbProfit).toBeGreaterThan(0);
  });

  it('refuses a swap whose all-in price breaks the minimum output, and cuts one at its price limit', () => {
    const v = exactVenue({ priceLimit: 0.002 });
    const start = v.pool.price();
    const fill = new Fill();
    // The fee alone is 30 bps: a 20 bps minimum-output guard refuses even a tiny buy, charging nothing.
    tradeOnce(v, 0, 0.01, 2000 * 1.002, ROW, 0, 0, fill);
    expect(fill.status).toBe(FillStatus.RefusedSlippage);
    expect(fill.units).toBe(0);
    expect(fill.gas + fill.fee + fill.impact).toBe(0);
    expect(v.pool.price()).toBe(start);
    // With room in the all-in limit, a big buy stops at the 20 bps price limit: a partial fill.
    tradeOnce(v, 0, 200, Infinity, ROW, 0, 0, fill);
    expect(fill.status).toBe(FillStatus.Partial);
    expect(fill.units).toBeGreaterThan(0);
    expect(fill.units).toBeLessThan(200);
    expect(v.pool.price() / (2000 * 1.002) - 1).toBeLessThan(1e-12);
  });

  it('a sandwich attacker takes what an unguarded swap allows; the guards bound it or leave it nothing', () => {
    // A 5 bps pool and a 50-base buy (100k quote) that moves the price about 0.5%: more than the
    // attacker's two fees, so sandwiching pays. Sandwiching a trade that moves the price less than
    // twice the fee never pays (the attacker's gain is its size times the victim's move).
    const attack = { capital: 2e6, minProfit: 0, gas: 5 };
    const fill = new Fill();
    const buy = (params: Partial<PoolVenueParams>, limit: number) => {
      const v = exactVenue(params, 500);
      tradeOnce(v, 0, 50, limit, ROW, 0, 0, fill);
      return { cost: fill.units * fill.price + fill.fee - fill.units * 2000, units: fill.units, profit: v.stats.sandwichProfit, n: v.stats.sandwiches };
    };
    const clean = buy({}, Infinity);
    const open = buy({ sandwich: attack }, Infinity);
    const guarded = buy({ sandwich: attack }, 2000 * 1.01);
    // Room of 0.15 quote per base (7.5 quote in all) above the clean price: less than the attacker's gas.
    const tight = buy({ sandwich: attack, priceLimit: 0.01 }, 2000 + clean.cost / 50 + 0.15);
    expect(clean.n).toBe(0);
    expect(clean.cost / 1e5).toBeGreaterThan(0.0025);
    // Unguarded: the attacker front-runs as far as its capital goes and the victim pays for it.
    expect(open.n).toBe(1);
    expect(open.profit).toBeGreaterThan(1e4);
    expect(open.cost).toBeGreaterThan(clean.cost + open.profit);
    // A 1% minimum output: the victim still fills, at no worse than 1% all in, and the attacker's
    // take is bounded by the victim's room (1% of the notional less its clean cost).
    expect(guarded.n).toBe(1);
    expect(guarded.units).toBe(50);
    expect(guarded.cost).toBeLessThanOrEqual(1e5 * 0.01 * (1 + 1e-9));
    expect(guarded.profit).toBeGreaterThan(0);
    expect(guarded.profit).toBeLessThan(1e5 * 0.01 - clean.cost);
    // A guard with less room than the attacker's gas: no attack, the clean price.
    expect(tight.n).toBe(0);
    expect(tight.cost).toBeCloseTo(clean.cost, 6);
  });

  it('conforms to the shared venue suite, except that a fill can beat the oracle by at most the fee', () => {
    // Right after arbitrage the pool sits anywhere in its fee band, so a small buy can fill below
    // the oracle by up to the fee before fees (negative impact); fee included it never does.
    const configs = [
      { type: 'uniswap-v3', feeBps: 30, liquidity: [{ tvl: 1e6 }], flow: { blocksPerStep: 1 } },
      { type: 'uniswap-v3', math: 'exact', feeBps: 5, liquidity: [{ tvl: 1e6 }, { tvl: 1e6, halfWidthPct: 5 }], flow: { blocksPerStep: 1, noise: { tradesPerHour: 2000, medianNotional: 500 } } },
      { type: 'uniswap-v2', feeBps: 30, liquidity: [{ tvl: 1e6 }], flow: { blocksPerStep: 1 } },
      { type: 'balancer-weighted', math: 'exact', weight: 0.8, feeBps: 30, liquidity: [{ tvl: 1e6 }], flow: { blocksPerStep: 1 } },
    ];
    for (const c of configs) {
      const v = poolVenueSchema.parse(c);
      const errors = checkVenueConformance(c.type, () => buildPoolVenue(v, 1, { stepSeconds: 12 }));
      for (const e of errors) {
        expect(e).toContain('impact must be >= 0');
        const m = /got units ([\d.e+-]+), price ([\d.e+-]+), mid ([\d.e+-]+), fee ([\d.e+-]+).*?impact ([\d.e+-]+)/.exec(e)!;
        const [units, mid, fee, impact] = [Number(m[1]), Number(m[3]), Number(m[4]), Number(m[5])];
        expect(impact + fee).toBeGreaterThanOrEqual(-1e-12 * Math.abs(units * mid));
        expect(-impact).toBeLessThanOrEqual(fee * (1 + 1e-6));
      }
    }
  });

  it('a leveraged token trading through a v3 pool pays the curve\'s slippage, close to a cost model with the pool\'s depth', () => {
    // A 3x token of 2M NAV rebalancing on a 10% rise: it buys about (9 - 3) x 2M x 10% / 2200 base.
    const prices = [2000, 2200, 2200];
    const path = pathFromPrices(prices, 3600);
    const pool = new FloatV3SimPool({ feePips: 500, background: [{ tvl: 2e8 }] }, 2000);
    const venue = new PoolVenue(new BlockFlow(pool, { blockTime: 12, bridgeVol: 0 }, 0, 1, { stepSeconds: 3600 }));
    const lt = (v: PoolVenue | CostModelVenue) => createLeveragedTokenSimulation({ name: 'lt', product: { target: 3, initialNav: 2e6 }, policy: { band: { min: 2.9, max: 3.1, recenteringSpeed: 1 } }, venue: v });
    const sim = lt(venue);
    const r = runBacktest(sim, sim.trace, path);
    expect(r.trace.trades.length).toBeGreaterThan(0);
    const trade = r.trace.trades[0];
    expect(trade.units).toBeGreaterThan(0);
    // Constant product depth: the pool's quote reserve is half its TVL at the price; linear impact
    // with that depth is the same curve (fee aside), so the two impacts agree to the fee band.
    const model = new CostModelVenue({ fee: 0.0005, impact: 'linear', depth: 1e8 * 1.1 ** 0.5 });
    const cm = lt(model);
    const c = runBacktest(cm, cm.trace, path);
    expect(r.metrics.costImpact).toBeGreaterThan(0);
    expect(Math.abs(r.metrics.costImpact / c.metrics.costImpact - 1)).toBeLessThan(0.2);
    // Both charge 5 bps on about the same notional.
    expect(Math.abs(r.metrics.costFee / c.metrics.costFee - 1)).toBeLessThan(0.02);
    // The pool remembers: its price moved by the token's buy until the next block's arbitrage.
    expect(pool.price()).toBeGreaterThan(2200);
  });
});
