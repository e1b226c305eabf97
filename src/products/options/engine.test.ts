/**
 * Options books through the engine's ordinary loop (runBacktest and BlockRunner over runPath): Hull's
 * weekly hedging tables replayed as backtests, Hull's hedge-performance table and the Kamal-Derman
 * rule by Monte Carlo, the Whalley-Wilmott band trading to its nearest edge, put-call parity of a
 * book, and Lyra's cap and delay gate. Reference figures are restated here from
 * options-hedging.md (section c); nothing is read from disk.
 */
import { describe, expect, it } from 'vitest';
import { SECONDS_PER_YEAR } from '../../core/units.js';
import { runBacktest } from '../../engine/backtest.js';
import { BlockMerger, BlockRunner, blockCount, type MonteCarloPlan } from '../../engine/monte-carlo.js';
import { CostModelVenue } from '../../execution/cost-model-venue.js';
import { Gbm } from '../../market/gbm.js';
import { pathFromPrices } from '../../market/market-path.js';
import { bsDelta, bsPrice, bsVega } from '../../pricing/black-scholes.js';
import { kamalDermanHedgeErrorStd } from '../../pricing/hedging-pnl.js';
import { FlatVolSurface } from '../../pricing/vol-surface.js';
import { createHedgeBand, tradeToNearestEdge } from '../../policies/hedging/band.js';
import { whalleyWilmottBand } from '../../policies/hedging/whalley-wilmott.js';
import { OptionsBook, type SlotParams } from './book.js';
import type { HedgePolicyParams } from './policy.js';
import { createOptionsSimulation, type OptionsSpec } from './simulation.js';

const WEEK = SECONDS_PER_YEAR / 52; // Hull counts time in 52-week years
const HOUR = 3600;

function book(slots: SlotParams[], o: { sigma: number; rate?: number; carry?: number; assets?: number }): OptionsBook {
  return new OptionsBook({
    assets: o.assets ?? 1,
    rate: o.rate ?? 0,
    initialCash: 0,
    unwindAtExpiry: true,
    underlyings: [{ name: 'X', asset: 0, surface: new FlatVolSurface(o.sigma), carryYield: o.carry ?? 0, instrument: 'spot', fundingRate: 0, holdings: 0 }],
    slots,
  });
}

function sim(b: OptionsBook, policy: HedgePolicyParams, extra: Partial<OptionsSpec> = {}) {
  return createOptionsSimulation({ name: 't', book: b, policy, venue: new CostModelVenue({}), ...extra });
}

/** Monte Carlo of one simulation through BlockRunner; returns the merged accumulator. */
function monteCarlo(s: ReturnType<typeof sim>, plan: MonteCarloPlan) {
  const runner = new BlockRunner(plan, [s]);
  const merger = new BlockMerger([s.metrics.defs]);
  for (let b = 0; b < blockCount(plan); b++) merger.add(runner.runBlock(b, plan.seed));
  merger.addSketches(runner.sketches);
  return merger.totals[0];
}

describe('Hull Tables 19.2 and 19.3 replayed as backtests', () => {
  // 100,000 calls written, S0 49, K 50, r 5%, sigma 20%, 20 weeks, rebalanced weekly with delta
  // rounded to 3 decimals (a lot of 100 shares), interest r/52 a week on the cumulative cost.
  const K = 50, N = 100_000;
  const run = (prices: number[]) => {
    const b = book([{ underlying: 0, isCall: true, strike: K, expiry: 20 * WEEK, quantity: -N }], { sigma: 0.2, rate: 0.05 });
    const s = sim(b, { interval: WEEK, lotSize: 100 }, { attribution: false });
    return runBacktest(s, s.trace, pathFromPrices(prices, WEEK, 0));
  };

  it('in the money: delta path 0.522, 0.458, 0.400, 0.596 ... 1.000, week-9 cost 4,000.7k, net cost 263.3k (+-0.5k)', () => {
    const r = run([49, 48.12, 47.37, 50.25, 51.75, 53.12, 53.0, 51.87, 51.38, 53.0, 49.88, 48.5, 49.88, 50.37, 52.13, 51.88, 52.87, 54.87, 54.62, 55.87, 57.25]);
    const hedge = r.trace.column('hedge');
    // Shares held after each week's rebalance: 100,000 x Hull's rounded delta (row 20: settled and sold).
    const deltas = [0.522, 0.458, 0.4, 0.596, 0.693, 0.774, 0.771, 0.706, 0.674, 0.787, 0.55, 0.413, 0.542, 0.591, 0.768, 0.759, 0.865, 0.978, 0.99, 1];
    deltas.forEach((d, w) => expect(hedge[w]).toBeCloseTo(d * N, 6));
    expect(hedge[20]).toBe(0);
    const cost = r.trace.column('hedgeCost');
    expect(Math.abs(cost[9] / 1000 - 4000.7)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(cost[20] / 1000 - 263.3)).toBeLessThanOrEqual(0.5);
    expect(r.trace.trades).toHaveLength(21); // one trade a week, the last one selling the hedge at expiry
  });

  it('out of the money: net cost 256.3k exactly computed, 256.6k as Hull prints it (+-0.5k)', () => {
    const r = run([49, 49.75, 52.0, 50.0, 48.38, 48.25, 48.75, 49.63, 48.25, 48.25, 51.12, 51.5, 49.88, 49.88, 48.75, 47.5, 48.0, 46.25, 48.13, 46.63, 48.12]);
    const hedge = r.trace.column('hedge');
    expect(hedge[19]).toBeCloseTo(700, 6); // delta 0.007 in week 19
    const net = r.trace.column('hedgeCost')[20] / 1000;
    expect(Math.abs(net - 256.6)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(net - 256.3)).toBeLessThanOrEqual(0.05);
    // Sold at the Black-Scholes price and hedged: P&L = premium grown at r - cost = 240.05k x (1 + r/52)^20 - 256.3k.
    const premium = N * bsPrice(true, 49, K, 20 / 52, 0.05, 0, 0.2);
    expect(premium / 1000).toBeCloseTo(240.053, 3);
    expect(r.metrics.pnl).toBeCloseTo(premium * (1 + 0.05 / 52) ** 20 - net * 1000, 6);
  });
});

describe('Hull Table 19.4: sd of the PV hedge cost over the BS price, by Monte Carlo through the engine', () => {
  // S0 49, K 50, r 5%, sigma 20%, mu 13%, 20 weeks, rebalanced every `weeks` weeks (the market
  // steps at the rebalance interval). Hull prints 0.42, 0.38, 0.28 (5, 4, 2 weeks); exact GBM gives
  // 0.416, 0.374, 0.268.
  const ratio = (weeks: number, paths: number, seed: number) => {
    const b = book([{ underlying: 0, isCall: true, strike: 50, expiry: 20 * WEEK, quantity: -1 }], { sigma: 0.2, rate: 0.05 });
    const s = sim(b, { interval: weeks * WEEK }, { attribution: false });
    const acc = monteCarlo(s, { model: new Gbm({ s0: 49, mu: 0.13, sigma: 0.2 }), steps: Math.round(20 / weeks), stepSeconds: weeks * WEEK, start: 0, paths, seed, blockSize: 256 });
    return acc.summary('hullRatio');
  };

  // 40,000 paths: the sd estimate's 95% interval is about +-0.004 (from the sample kurtosis).
  it.each([[5, 0.42], [4, 0.38], [2, 0.28]])('every %d weeks: within 0.015 of Hull\'s %d', (weeks, hull) => {
    const s = ratio(weeks, 40_000, 19 + weeks);
    expect(s.sdCi[1] - s.sdCi[0]).toBeLessThan(0.012);
    expect(Math.abs(s.sd - hull)).toBeLessThanOrEqual(0.015);
    // The cost averages the BS price (ratio 1), up to the small bias of discrete hedging with mu != r.
    expect(Math.abs(s.mean - 1)).toBeLessThan(0.012);
  });

  it('finer steps follow the 1/sqrt(N) law: four times the rebalances halve the sd (exact MC: 0.192 -> 0.098)', () => {
    const weekly = ratio(1, 16_000, 7).sd, quarter = ratio(0.25, 16_000, 8).sd;
    expect(weekly).toBeGreaterThan(0.18);
    expect(weekly).toBeLessThan(0.205);
    expect(quarter / weekly).toBeGreaterThan(0.46);
    expect(quarter / weekly).toBeLessThan(0.55);
  });
});

describe('Kamal-Derman rule through the engine', () => {
  // S = K = 100, T = 1, sigma 20%, r = 0: vega 39.695, price 7.9656; the rule gives 7.036 / sqrt(N).
  // Reference MC: N = 12 -> 1.936, 52 -> 0.952, 252 -> 0.439, 1008 -> 0.220. MC/rule must lie in [0.93, 1.02].
  it('constants: vega 39.695, price 7.9656, rule 7.036 / sqrt(N)', () => {
    expect(bsVega(100, 100, 1, 0, 0, 0.2)).toBeCloseTo(39.695, 3);
    expect(bsPrice(true, 100, 100, 1, 0, 0, 0.2)).toBeCloseTo(7.9656, 4);
    expect(kamalDermanHedgeErrorStd(0.2, bsVega(100, 100, 1, 0, 0, 0.2), 1)).toBeCloseTo(7.036, 3);
  });

  // Paths per N keep the relative standard error of the sd near 1% (its 95% interval is asserted).
  it.each([[12, 40_000], [52, 16_000], [252, 8_000], [1008, 6_000]])('N = %d rebalances (%d paths): MC sd / rule in [0.93, 1.02], mean ~ 0', (n, paths) => {
    const b = book([{ underlying: 0, isCall: true, strike: 100, expiry: SECONDS_PER_YEAR, quantity: -1 }], { sigma: 0.2 });
    const s = sim(b, { interval: SECONDS_PER_YEAR / n }, { attribution: false });
    const acc = monteCarlo(s, { model: new Gbm({ s0: 100, mu: 0, sigma: 0.2 }), steps: n, stepSeconds: SECONDS_PER_YEAR / n, start: 0, paths, seed: n, blockSize: 256 });
    const pnl = acc.summary('pnl');
    const rule = 7.036 / Math.sqrt(n);
    expect((pnl.sdCi[1] - pnl.sdCi[0]) / pnl.sd).toBeLessThan(0.06);
    expect(pnl.sd / rule).toBeGreaterThanOrEqual(0.93);
    expect(pnl.sd / rule).toBeLessThanOrEqual(1.02);
    expect(Math.abs(pnl.mean)).toBeLessThan(4 * pnl.sd / Math.sqrt(paths));
    // A hedge at every step but where delta is pinned at 0 or 1 near expiry, and the unwind at expiry.
    const rebalances = acc.summary('rebalances').mean;
    expect(rebalances).toBeLessThanOrEqual(n + 1);
    expect(rebalances).toBeGreaterThan(0.95 * n);
  });
});

describe('Whalley-Wilmott band through the engine', () => {
  it('trades only when the hedge leaves the band, and then only to the nearest edge', () => {
    // Short one call K 1, 0.1 years, 20% vol, r 0; cost 1e-5, risk aversion 1 (the pfhedge case),
    // spot walking across log-moneyness -0.05 .. 0.05 and back, hourly.
    const logM = [0, -0.05, -0.01, 0, 0.01, 0.05, 0.02, 0.021, -0.03, 0.0];
    const prices = logM.map(Math.exp);
    const T = 0.1 * SECONDS_PER_YEAR;
    const b = book([{ underlying: 0, isCall: true, strike: 1, expiry: T, quantity: -1 }], { sigma: 0.2 });
    const s = sim(b, { costAware: { model: 'whalley-wilmott', riskAversion: 1, cost: 1e-5 } }, { attribution: false });
    const r = runBacktest(s, s.trace, pathFromPrices(prices, HOUR, 0));
    const hedge = r.trace.column('hedge');
    const band = createHedgeBand();
    let h = 0, trades = 0;
    prices.forEach((S, row) => {
      whalleyWilmottBand(true, S, 1, (T - row * HOUR) / SECONDS_PER_YEAR, 0, 0, 0.2, 1e-5, 1, band);
      const next = tradeToNearestEdge(h, band.center, band.halfWidth);
      if (next !== h) trades++;
      h = next;
      expect(hedge[row]).toBeCloseTo(h, 10);
      expect(r.trace.column('bandLower')[row]).toBeCloseTo(band.lower, 10);
      expect(r.trace.column('bandUpper')[row]).toBeCloseTo(band.upper, 10);
    });
    expect(r.trace.trades).toHaveLength(trades);
    expect(trades).toBeGreaterThan(2);
    expect(trades).toBeLessThan(prices.length); // some steps stay inside the band
    // Every trade ends on an edge of that step's band.
    for (const t of r.trace.trades) {
      const row = Math.round(t.time / HOUR);
      const lo = r.trace.column('bandLower')[row], hi = r.trace.column('bandUpper')[row];
      expect(Math.min(Math.abs(hedge[row] - lo), Math.abs(hedge[row] - hi))).toBeLessThan(1e-12);
    }
  });
});

describe('put-call parity of a book', () => {
  it('long call + short put at one strike is a forward: delta e^{-q tau}, value S e^{-q tau} - K e^{-r tau}, one hedge trade', () => {
    const r0 = 0.05, q = 0.02, K = 100, T = 0.5 * SECONDS_PER_YEAR;
    const b = book(
      [
        { underlying: 0, isCall: true, strike: K, expiry: T, quantity: 1 },
        { underlying: 0, isCall: false, strike: K, expiry: T, quantity: -1 },
      ],
      { sigma: 0.3, rate: r0, carry: q },
    );
    const s = sim(b, { deltaBand: { units: 0.01 } });
    const prices = [100, 104, 97, 110, 90, 101];
    const r = runBacktest(s, s.trace, pathFromPrices(prices, 7 * 86_400, 0));
    prices.forEach((S, row) => {
      const tau = (T - row * 7 * 86_400) / SECONDS_PER_YEAR;
      expect(r.trace.column('optionDelta')[row]).toBeCloseTo(Math.exp(-q * tau), 12);
      expect(r.trace.column('optionValue')[row]).toBeCloseTo(S * Math.exp(-q * tau) - K * Math.exp(-r0 * tau), 10);
      // Same figure from the two Black-Scholes prices.
      expect(bsPrice(true, S, K, tau, r0, q, 0.3) - bsPrice(false, S, K, tau, r0, q, 0.3)).toBeCloseTo(S * Math.exp(-q * tau) - K * Math.exp(-r0 * tau), 10);
    });
    expect(r.trace.trades).toHaveLength(1); // the start hedge; delta drifts by less than the band
    expect(r.trace.column('hedge')[0]).toBeCloseTo(-Math.exp(-q * 0.5), 12);
    // Gamma is zero, so the attribution has no gamma slippage and the static hedge explains the P&L.
    expect(Math.abs(r.metrics.attrGamma)).toBeLessThan(1e-9);
  });
});

describe('Lyra gates through the engine', () => {
  it('hedge cap 100: a target of +150 hedges to +100 (Lyra hedgeCap)', () => {
    // 150 deep in-the-money short calls: option delta -150, delta-neutral hedge +150 units.
    const b = book([{ underlying: 0, isCall: true, strike: 1, expiry: 30 * 86_400, quantity: -150 }], { sigma: 0.2 });
    const s = sim(b, { interval: HOUR, hedgeCap: 100 });
    const r = runBacktest(s, s.trace, pathFromPrices([100, 101, 99], HOUR, 0));
    expect(b.neutralHedge(0)).toBeCloseTo(150, 9);
    expect(r.trace.trades[0].target).toBe(100);
    expect(r.trace.column('hedge')[0]).toBe(100);
    expect(r.trace.column('netDelta')[0]).toBeCloseTo(-50, 9);
    expect(r.trace.trades).toHaveLength(1); // later targets are capped at the same 100
  });

  it('interaction delay 1d overridden by delta threshold 10: a gap below 10 within the delay is refused, a gap of 10 or more passes', () => {
    // 100 short at-the-money calls, 50% vol, 30 days: gamma ~ 2.8 units per unit of spot.
    const b = book([{ underlying: 0, isCall: true, strike: 100, expiry: 30 * 86_400, quantity: -100 }], { sigma: 0.5 });
    const s = sim(b, { interval: HOUR, interactionDelay: 86_400, deltaThreshold: 10 });
    // Hour 1: +1 (gap ~2.8, refused); hour 2: +6 (gap ~16, passes); hours 3..24: small moves, refused;
    // hour 26: the delay since the hour-2 hedge has passed, so a small gap is hedged.
    const prices = [100, 101, 106, ...Array(22).fill(106.5), 107, 107.5];
    const r = runBacktest(s, s.trace, pathFromPrices(prices, HOUR, 0));
    const times = r.trace.trades.map((t) => t.time / HOUR);
    expect(times).toEqual([0, 2, 26]);
    const gaps = r.trace.trades.map((t) => Math.abs(t.units));
    expect(gaps[1]).toBeGreaterThanOrEqual(10);
    expect(gaps[2]).toBeLessThan(10);
    expect(r.metrics.gated).toBeGreaterThan(20);
  });

  it('an expiry bypasses the gate: the hedge of an expired option is unwound at once', () => {
    const b = book([{ underlying: 0, isCall: true, strike: 100, expiry: 5 * HOUR, quantity: -10 }], { sigma: 0.5 });
    const s = sim(b, { interval: HOUR, interactionDelay: 86_400, deltaThreshold: 1e9 });
    const r = runBacktest(s, s.trace, pathFromPrices([100, 100, 100, 100, 100, 95, 95], HOUR, 0));
    expect(r.trace.trades.map((t) => [t.time / HOUR, t.trigger])).toEqual([[0, 'start'], [5, 'expiry']]);
    expect(r.trace.column('hedge')[5]).toBe(0);
    expect(r.lastRow).toBe(6); // nothing left after the unwind: the next step ends the path
  });
});

describe('triggers', () => {
  const shortCalls = (n: number) => book([{ underlying: 0, isCall: true, strike: 100, expiry: 30 * 86_400, quantity: -n }], { sigma: 0.5 });

  it('delta band relative to notional: 100 options with a 5% band rehedge when |net delta| exceeds 5 units', () => {
    const b = shortCalls(100);
    const s = sim(b, { deltaBand: { fractionOfNotional: 0.05 } });
    const prices = [100, 101, 102, 103, 104, 105, 106, 107, 108];
    const r = runBacktest(s, s.trace, pathFromPrices(prices, HOUR, 0));
    const net = r.trace.column('netDelta');
    // After every step the net delta is inside the band; a trade happened exactly where the drift crossed it.
    let hedge = r.trace.column('hedge')[0];
    prices.forEach((S, row) => {
      if (row === 0) return;
      const drift = -100 * bsDelta(true, S, 100, (30 * 86_400 - row * HOUR) / SECONDS_PER_YEAR, 0, 0, 0.5) + hedge;
      const traded = r.trace.trades.some((t) => t.time === row * HOUR);
      expect(traded).toBe(Math.abs(drift) > 5);
      if (traded) hedge = r.trace.column('hedge')[row];
      expect(Math.abs(net[row])).toBeLessThanOrEqual(5 + 1e-9);
    });
    expect(r.trace.trades.length).toBeGreaterThan(1);
    expect(r.trace.trades.slice(1).every((t) => t.trigger === 'delta-band')).toBe(true);
  });

  it('price move: rehedge only when the underlying moved 2% since the last hedge trade', () => {
    const b = shortCalls(10);
    const s = sim(b, { priceMove: 0.02 });
    const r = runBacktest(s, s.trace, pathFromPrices([100, 101, 101.9, 102.1, 100.5, 100.2, 99.9], HOUR, 0));
    expect(r.trace.trades.map((t) => [t.time / HOUR, t.trigger])).toEqual([[0, 'start'], [3, 'price-move'], [6, 'price-move']]);
  });

  it('maximum order size (Lyra maxOrderCap): a hedge of about 100 units goes in chunks of 30, the rest reported as unhedged meanwhile', () => {
    const b = book([{ underlying: 0, isCall: true, strike: 1, expiry: 30 * 86_400, quantity: -100 }], { sigma: 0.2 });
    const s = sim(b, { interval: HOUR }, { execution: { normal: { maxTradeUnits: 30, cooldown: 0, slippage: Infinity } } });
    const r = runBacktest(s, s.trace, pathFromPrices([100, 100, 100, 100, 100], HOUR, 0));
    expect(r.trace.trades.slice(0, 4).map((t) => Number(t.units.toFixed(6)))).toEqual([30, 30, 30, 10]);
    expect(r.metrics.shortfallTime).toBeCloseTo(3 / 24, 9); // 70, 40 and 10 units short over the first three hours
    expect(r.metrics.shortfallDeltaTime).toBeCloseTo(((70 + 40 + 10) * 100) / 24, 3);
  });
});

describe('P&L attribution', () => {
  it('a hedged short call: open delta ~0, gamma slippage explains the P&L, the residual is third order', () => {
    const b = book([{ underlying: 0, isCall: true, strike: 100, expiry: 30 * 86_400, quantity: -1 }], { sigma: 0.2 });
    const s = sim(b, { interval: HOUR });
    const acc = monteCarlo(s, { model: new Gbm({ s0: 100, mu: 0, sigma: 0.25 }), steps: 720, stepSeconds: HOUR, start: 0, paths: 512, seed: 4, blockSize: 256 });
    const m = (k: string) => acc.summary(k);
    expect(Math.abs(m('attrDelta').mean)).toBeLessThan(1e-9); // hedged to the model delta every step
    expect(m('attrGamma').mean).toBeLessThan(-0.2); // sold at 20% in a 25% market: about -0.5 x vega x (0.25^2 - 0.2^2) / (2 x 0.2)
    expect(Math.abs(m('attrTheta').mean)).toBeLessThan(1e-9); // r = q = 0
    expect(m('attrResidual').sd).toBeLessThan(0.1 * m('pnl').sd);
    expect(m('attrResidual').sd).toBeLessThan(0.02);
  });
});

describe('Black-Scholes hedging in the engine against the closed forms', () => {
  it('the book hedges to the Black-Scholes delta of every option, calls and puts, with rates and carry', () => {
    const slots: SlotParams[] = [
      { underlying: 0, isCall: true, strike: 95, expiry: 40 * 86_400, quantity: -3 },
      { underlying: 0, isCall: false, strike: 105, expiry: 20 * 86_400, quantity: 2 },
      { underlying: 0, isCall: false, strike: 80, expiry: 60 * 86_400, quantity: -1.5 },
    ];
    const b = book(slots, { sigma: 0.6, rate: 0.04, carry: 0.01 });
    const s = sim(b, { interval: 86_400 });
    const prices = [100, 92, 108, 101];
    const r = runBacktest(s, s.trace, pathFromPrices(prices, 86_400, 0));
    prices.forEach((S, row) => {
      const want = slots.reduce((a, o) => a + o.quantity * bsDelta(o.isCall, S, o.strike, (o.expiry - row * 86_400) / SECONDS_PER_YEAR, 0.04, 0.01, 0.6), 0);
      expect(r.trace.column('optionDelta')[row]).toBeCloseTo(want, 11);
      expect(r.trace.column('hedge')[row]).toBeCloseTo(-want, 11);
    });
  });
});
