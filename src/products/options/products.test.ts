/**
 * The option products beyond a static book, and the policy features that change what a book holds,
 * through the engine: vault rounds (schedule, strike by target delta, payoffs in units), the Lyra-style
 * AMM's pricing rules and trader flow, a perp venue that cannot fill (shortfall reported) and its
 * funding, Leland and Zakamouline hedge ratios, and the vega overlay.
 */
import { describe, expect, it } from 'vitest';
import { weekly } from '../../clock/schedule.js';
import { SECONDS_PER_YEAR } from '../../core/units.js';
import { runBacktest } from '../../engine/backtest.js';
import { CostModelVenue } from '../../execution/cost-model-venue.js';
import { PerpVenue } from '../../execution/perp-venue.js';
import { pathFromPrices } from '../../market/market-path.js';
import { bsDelta, bsPrice, bsVega } from '../../pricing/black-scholes.js';
import { LyraVolSurface } from '../../pricing/lyra-surface.js';
import { SviSurface, sviTotalVariance } from '../../pricing/svi.js';
import { FlatVolSurface } from '../../pricing/vol-surface.js';
import { lelandVol } from '../../policies/hedging/leland.js';
import { createHedgeBand } from '../../policies/hedging/band.js';
import { zakamoulineBand } from '../../policies/hedging/zakamouline.js';
import { OptionsAmm } from './amm.js';
import { OptionsBook, type OptionsBookParams, type UnderlyingParams } from './book.js';
import { createOptionsSimulation } from './simulation.js';
import { selectStrikeByDelta } from './strike-selection.js';
import { OptionsVault } from './vault.js';

const HOUR = 3600, DAY = 86_400;
const JAN1 = Date.UTC(2024, 0, 1) / 1000; // a Monday

const underlying = (sigma: number, o: Partial<UnderlyingParams> = {}): UnderlyingParams => ({ name: 'ETH', asset: 0, surface: new FlatVolSurface(sigma), carryYield: 0, instrument: 'spot', fundingRate: 0, holdings: 0, ...o });
const bookParams = (o: Partial<OptionsBookParams>): OptionsBookParams => ({ assets: 1, rate: 0, initialCash: 0, unwindAtExpiry: true, underlyings: [underlying(0.8)], slots: [], ...o });

describe('covered-call vault', () => {
  const roll = weekly('fri', '08:00');
  const make = (strategy: 'covered-call' | 'put-selling', collateral: number) =>
    new OptionsVault({ book: bookParams({ unwindAtExpiry: false }), strategy, collateral, roll, targetDelta: 0.1, strikeStep: 100, premiumDiscount: 0.2 });

  it('writes one call per unit held at the target-delta strike expiring Friday 08:00 UTC, paid in units; an in-the-money round costs payoff / S units', () => {
    const v = make('covered-call', 10);
    const s = createOptionsSimulation({ name: 'v', book: v, policy: { unhedged: true }, venue: new CostModelVenue({}) });
    // Monday 00:00 to the Friday roll (hour 104) at 2000, then 2600 at the roll: far above a 10-delta strike.
    const prices = [...Array(104).fill(2000), 2600, 2600];
    const r = runBacktest(s, s.trace, pathFromPrices(prices, HOUR, JAN1));
    const friday = JAN1 + 4 * DAY + 8 * HOUR;
    const first = selectStrikeByDelta(true, 2000, 100, 0.1, (friday - JAN1) / SECONDS_PER_YEAR, 0, 0, 0.8);
    const model = bsPrice(true, 2000, first.strike, (friday - JAN1) / SECONDS_PER_YEAR, 0, 0, 0.8);
    // Round 1: 10 calls; premium at 80% of model, received in units at 2000.
    const held1 = 10 + (10 * model * 0.8) / 2000;
    // Round 2 at the roll: the calls pay (2600 - K) each, given up as units at 2600, then calls on all units held.
    const held2 = held1 - (10 * (2600 - first.strike)) / 2600;
    const second = selectStrikeByDelta(true, 2600, 100, 0.1, 7 * DAY / SECONDS_PER_YEAR, 0, 0, 0.8);
    expect(v.slots()[0]).toMatchObject({ isCall: true, strike: second.strike, expiry: friday + 7 * DAY, active: true });
    expect(v.slots()[0].quantity).toBeCloseTo(-held2, 10);
    const premium2 = held2 * bsPrice(true, 2600, second.strike, 7 * DAY / SECONDS_PER_YEAR, 0, 0, 0.8) * 0.8;
    expect(v.holdings[0]).toBeCloseTo(held2 + premium2 / 2600, 10);
    expect(v.cash).toBe(0); // everything in units
    expect(r.metrics.rounds).toBe(2);
    expect(r.metrics.roundsInTheMoney).toBe(1);
    expect(r.metrics.payoffsPaid).toBeCloseTo(10 * (2600 - first.strike), 8);
    expect(r.metrics.attrEdge).toBeCloseTo(-0.2 * (10 * model + held2 * bsPrice(true, 2600, second.strike, 7 * DAY / SECONDS_PER_YEAR, 0, 0, 0.8)), 8);
  });

  it('a put-selling vault writes cash / K puts and pays in quote', () => {
    const v = make('put-selling', 100_000);
    const s = createOptionsSimulation({ name: 'v', book: v, policy: { unhedged: true }, venue: new CostModelVenue({}) });
    runBacktest(s, s.trace, pathFromPrices([2000, 2000], HOUR, JAN1));
    const put = selectStrikeByDelta(false, 2000, 100, 0.1, (4 * DAY + 8 * HOUR) / SECONDS_PER_YEAR, 0, 0, 0.8);
    expect(v.slots()[0].strike).toBe(put.strike);
    expect(v.slots()[0].quantity).toBeCloseTo(-100_000 / put.strike, 10);
  });
});

describe('Lyra-style options AMM', () => {
  const amm = () =>
    new OptionsAmm({
      book: bookParams({ initialCash: 1e6, unwindAtExpiry: false }),
      tenorsSeconds: [28 * DAY],
      moneyness: [0.8, 0.9, 1, 1.1, 1.2],
      skews: [1.2, 1.05, 1, 0.98, 1.0],
      baseIv: 0.8,
      relist: true,
      standardSize: 30,
      skewAdjustmentFactor: 1.25,
      optionPriceFeeCoefficient: 0.01,
      spotPriceFeeCoefficient: 0.001,
      feePointA: 42 * DAY,
      feePointB: 84 * DAY,
      minDelta: 0.1,
      ivHalfLife: Infinity,
      arrivalsPerDay: 24,
      callShare: 0.7,
      buyShare: 0.8,
      meanSize: 5,
      seed: 1,
    });

  it('a buy of one standard size moves base IV by 0.01 and the skew by 0.0125, priced at the new vol plus Lyra fees', () => {
    const a = amm();
    a.reset(Float64Array.of(2000), 0, 0);
    const cash0 = a.cash;
    expect(a.trade(0, 2, true, 30, 2000, 0)).toBe(true);
    expect(a.boardBaseIv[0]).toBeCloseTo(0.81, 15);
    expect(a.boardSkew[2]).toBeCloseTo(1.0125, 15);
    const tau = 28 / 365;
    const premium = bsPrice(true, 2000, 2000, tau, 0, 0, 0.81 * 1.0125);
    const fee = 1 * (0.01 * premium + 0.001 * 2000) * 30; // time weight 1 below 42 days
    expect(a.cash - cash0).toBeCloseTo(30 * premium + fee, 8);
    expect(a.quantity[a.slotOf(0, 2, true)]).toBe(-30);
    expect(a.tradeEdge).toBeCloseTo(fee, 10);
    // Other strikes on the board move with base IV only.
    expect(a.sigma[a.slotOf(0, 4, true)]).toBeCloseTo(0.81 * 1.0, 15);
    // A trader selling moves it back down.
    a.trade(0, 2, true, -30, 2000, 0);
    expect(a.boardBaseIv[0]).toBeCloseTo(0.8, 15);
  });

  it('between trades base IV and skew decay to the listed values with the configured half-life', () => {
    const a = new OptionsAmm({ ...amm().amm, ivHalfLife: DAY });
    a.reset(Float64Array.of(2000), 0, 0);
    a.trade(0, 2, true, 60, 2000, 0); // +0.02 base IV, +0.025 skew
    a.trade(0, 2, true, 0.000001, 2000, DAY); // a day later: half of the impact is gone before this tiny trade
    expect(a.boardBaseIv[0]).toBeCloseTo(0.8 + 0.01, 6);
    expect(a.boardSkew[2]).toBeCloseTo(1 + 0.0125, 6);
  });

  it('refuses options outside the delta cutoff (|delta| < 0.1)', () => {
    const a = amm();
    a.reset(Float64Array.of(2000), 0, 0);
    // A call struck 20% out of the money with 4 weeks at 80% vol has delta ~0.19: allowed; a put at 0.8x ~ -0.17: allowed.
    expect(Math.abs(bsDelta(true, 2000, 2400, 28 / 365, 0, 0, 0.8))).toBeGreaterThan(0.1);
    // With the spot far away both wings fail the cutoff.
    expect(a.trade(0, 4, true, 1, 1200, 0)).toBe(false);
    expect(a.trade(0, 0, false, 1, 3200, 0)).toBe(false);
  });

  it('trader flow is a function of the path: the same prices give the same trades in every run', () => {
    const prices = Array.from({ length: 200 }, (_, i) => 2000 * Math.exp(0.01 * Math.sin(i / 7)));
    const run = () => {
      const a = amm();
      const s = createOptionsSimulation({ name: 'a', book: a, policy: { deltaBand: { units: 10 } }, venue: new CostModelVenue({ fee: 0.0005 }) });
      return runBacktest(s, s.trace, pathFromPrices(prices, HOUR, JAN1)).metrics;
    };
    const m1 = run(), m2 = run();
    expect(m1.traderTrades).toBeGreaterThan(100);
    expect(m2.traderTrades).toBe(m1.traderTrades);
    expect(m2.pnl).toBe(m1.pnl);
    expect(m1.feesCollected).toBeGreaterThan(0);
  });
});

describe('a perp venue that cannot fill leaves the book partly hedged, and says so', () => {
  it('open-interest cap: the hedge stops at the cap; the unhedged delta and its duration are reported', () => {
    // 100 short calls deep in the money: the delta-neutral hedge is ~100 long units; the perp takes 60.
    const b = new OptionsBook(bookParams({ underlyings: [underlying(0.5, { instrument: 'perp', fundingRate: 0.1 })], slots: [{ underlying: 0, isCall: true, strike: 1000, expiry: 30 * DAY, quantity: -100 }] }));
    const venue = new PerpVenue({ maxOpenInterest: 60, onLimit: 'partial', fundingRate: 0.1 });
    const s = createOptionsSimulation({ name: 'p', book: b, policy: { interval: HOUR }, venue });
    const r = runBacktest(s, s.trace, pathFromPrices(Array(25).fill(2000), HOUR, 0));
    expect(r.trace.column('hedge')[0]).toBe(60);
    expect(r.trace.trades[0].status).toBe('partial');
    const want = 100 * bsDelta(true, 2000, 1000, 30 / 365, 0, 0, 0.5); // ~ +100
    expect(r.metrics.maxShortfall / ((want - 60) * 2000)).toBeCloseTo(1, 6);
    expect(r.metrics.shortfallTime).toBeCloseTo(1, 9); // the whole day, 24 hourly steps
    expect(r.metrics.shortfallDeltaTime).toBeGreaterThan(0.99 * (want - 60) * 2000);
    expect(r.metrics.refusals).toBeGreaterThan(20); // every hourly retry at the cap is refused
    // Funding: 60 units long at 2000, 10%/yr, one day.
    expect(r.metrics.costFunding).toBeCloseTo((60 * 2000 * 0.1) / 365, 8);
  });

  it('funding above the maximum: no hedge at all until funding falls', () => {
    const b = new OptionsBook(bookParams({ underlyings: [underlying(0.5, { instrument: 'perp' })], slots: [{ underlying: 0, isCall: false, strike: 2000, expiry: 30 * DAY, quantity: -10 }] }));
    const venue = new PerpVenue({ maxFundingRate: 0.2 });
    const s = createOptionsSimulation({ name: 'p', book: b, policy: { interval: HOUR }, venue });
    const path = { ...pathFromPrices([2000, 2000, 2000, 2000], HOUR, 0), funding: Float64Array.of(-0.5, -0.5, 0.05, 0.05) };
    b.useFundingSeries(path.funding);
    venue.useFundingSeries(path.funding);
    const r = runBacktest(s, s.trace, path);
    expect(r.trace.trades.slice(0, 3).map((t) => t.status)).toEqual(['refused-venue', 'refused-venue', 'filled']);
    // Unhedged from the start to the fill at hour 2 (the executor retried the row-0 target while the
    // policy nudged its own by the hour's theta drift, a 0.03% gap that counts for one more hour).
    const hedge = 10 * -bsDelta(false, 2000, 2000, 30 / 365, 0, 0, 0.5);
    expect(r.metrics.shortfallDeltaTime / ((hedge * 2000 * 2) / 24)).toBeCloseTo(1, 3);
    expect(r.metrics.shortfallTime).toBeGreaterThanOrEqual(2 / 24 - 1e-12);
    expect(r.metrics.shortfallTime).toBeLessThanOrEqual(3 / 24 + 1e-12);
  });
});

describe('hedge ratios of the cost-aware policies', () => {
  it('Leland: a written call is hedged at sigma sqrt(1 + Le), Le = sqrt(2/pi) k / (sigma sqrt dt)', () => {
    const b = new OptionsBook(bookParams({ underlyings: [underlying(0.2)], slots: [{ underlying: 0, isCall: true, strike: 100, expiry: 0.25 * SECONDS_PER_YEAR, quantity: -1 }] }));
    const s = createOptionsSimulation({ name: 'l', book: b, policy: { interval: 7 * DAY }, leland: { roundTripCost: 0.01, intervalYears: 1 / 52 }, venue: new CostModelVenue({}) });
    const r = runBacktest(s, s.trace, pathFromPrices([100, 103], 7 * DAY, 0));
    const sigmaL = lelandVol(0.2, 0.01, 1 / 52, 'writer');
    expect(sigmaL).toBeCloseTo(0.22695, 5);
    expect(r.trace.column('hedge')[0]).toBeCloseTo(bsDelta(true, 100, 100, 0.25, 0, 0, sigmaL), 10);
    expect(r.trace.column('hedge')[1]).toBeCloseTo(bsDelta(true, 103, 100, 0.25 - 7 / 365, 0, 0, sigmaL), 10);
  });

  it('Zakamouline: the band of a short call is Delta(sigma_m) +- (H0 + H1), the hedge moved to its nearest edge', () => {
    const b = new OptionsBook(bookParams({ underlyings: [underlying(0.2)], slots: [{ underlying: 0, isCall: true, strike: 100, expiry: 0.25 * SECONDS_PER_YEAR, quantity: -1 }] }));
    const s = createOptionsSimulation({ name: 'z', book: b, policy: { costAware: { model: 'zakamouline', riskAversion: 1, cost: 0.001 } }, venue: new CostModelVenue({}) });
    const r = runBacktest(s, s.trace, pathFromPrices([100, 101], HOUR, 0));
    const band = zakamoulineBand(true, false, 100, 100, 0.25, 0, 0, 0.2, 0.001, 1, createHedgeBand());
    // The reference case: centre 0.5207, half-width 0.0377.
    expect(band.center).toBeCloseTo(0.5207, 4);
    expect(r.trace.column('bandLower')[0]).toBeCloseTo(band.lower, 9);
    expect(r.trace.column('bandUpper')[0]).toBeCloseTo(band.upper, 9);
    expect(r.trace.column('hedge')[0]).toBeCloseTo(band.lower, 9); // from 0 up to the lower edge
  });
});

describe('vega limit hedged with an option overlay', () => {
  it('buys the overlay option to bring net vega back to zero, then delta-hedges what it added at the next step', () => {
    const b = new OptionsBook(
      bookParams({
        underlyings: [underlying(0.8)],
        slots: [{ underlying: 0, isCall: true, strike: 2000, expiry: 30 * DAY, quantity: -100 }],
        overlays: [{ underlying: 0, isCall: true, moneyness: 1, tenorSeconds: 90 * DAY }],
      }),
    );
    const vega30 = bsVega(2000, 2000, 30 / 365, 0, 0, 0.8);
    const s = createOptionsSimulation({ name: 'o', book: b, policy: { interval: HOUR, limits: { vega: 10 * vega30 }, optionHedge: { greek: 'vega', resetTo: 0 } }, optionQuote: { halfSpread: 0.01, fee: 0.001 }, venue: new CostModelVenue({}) });
    const r = runBacktest(s, s.trace, pathFromPrices([2000, 2000, 2000, 2000], HOUR, 0));
    const overlay = r.trace.trades.filter((t) => t.leg === 1);
    expect(overlay).toHaveLength(1);
    expect(overlay[0].time).toBe(0); // at the start, with the first delta hedge
    const tau30 = 30 / 365, tau90 = 90 / 365;
    expect(overlay[0].units).toBeCloseTo((100 * bsVega(2000, 2000, tau30, 0, 0, 0.8)) / bsVega(2000, 2000, tau90, 0, 0, 0.8), 6);
    // Priced at model x (1 + half-spread), fee on the premium.
    const model = bsPrice(true, 2000, 2000, tau90, 0, 0, 0.8);
    expect(overlay[0].price).toBeCloseTo(model * 1.01, 8);
    expect(overlay[0].fee).toBeCloseTo(0.001 * overlay[0].units * model * 1.01, 8);
    // Three hours later the two vegas have drifted apart by a fraction of a percent: still far inside the limit.
    expect(Math.abs(b.optionVega[0])).toBeLessThan(0.01 * 100 * vega30);
    expect(r.metrics.optionTrades).toBe(1);
    // The delta the overlay added is hedged at the next step: the hedge falls by about 58 calls' delta.
    expect(r.trace.trades[2].units).toBeCloseTo(-overlay[0].units * bsDelta(true, 2000, 2000, (90 * DAY - HOUR) / SECONDS_PER_YEAR, 0, 0, 0.8), 0);
  });
});

describe('books priced on a vol surface', () => {
  it('Lyra boards: an option on a listed strike of a board is priced and hedged at baseIv x skew as time passes', () => {
    // Two boards; the option expires with the second, so its vol is that board's at every step (the
    // surface's clock must follow the engine's, or an 11-day option would interpolate between boards).
    const surface = new LyraVolSurface(
      [
        { expirySeconds: 7 * DAY, baseIv: 1.0, strikes: [1800, 2000, 2200], skews: [1.1, 1, 0.95] },
        { expirySeconds: 14 * DAY, baseIv: 0.8, strikes: [1800, 2000, 2200], skews: [1.1, 1, 0.95] },
      ],
      { standardSize: 30, skewAdjustmentFactor: 1.25 },
      0,
    );
    const b = new OptionsBook(bookParams({ underlyings: [underlying(0.8, { surface })], slots: [{ underlying: 0, isCall: true, strike: 2200, expiry: 14 * DAY, quantity: -1 }] }));
    const s = createOptionsSimulation({ name: 'l', book: b, policy: { interval: DAY }, venue: new CostModelVenue({}) });
    const r = runBacktest(s, s.trace, pathFromPrices([2000, 2100, 1950, 2050], DAY, 0));
    expect(b.sigma[0]).toBeCloseTo(0.76, 14); // still 0.8 x 0.95 three days later
    [2000, 2100, 1950, 2050].forEach((S, d) => expect(r.trace.column('hedge')[d]).toBeCloseTo(bsDelta(true, S, 2200, (14 - d) / 365, 0, 0, 0.76), 10));
    expect(r.trace.column('optionValue')[3]).toBeCloseTo(-bsPrice(true, 2050, 2200, 11 / 365, 0, 0, 0.76), 8);
  });

  it('SVI: the vol of a slot is sqrt(w(k) / T) at the slice tenor, re-read every step as moneyness moves', () => {
    const slice = { expiryYears: 30 / 365, a: 0.004, b: 0.05, rho: -0.4, m: 0, sigma: 0.1 };
    const b = new OptionsBook(bookParams({ underlyings: [underlying(0.8, { surface: new SviSurface([slice]) })], slots: [{ underlying: 0, isCall: false, strike: 1900, expiry: 30 * DAY, quantity: 5 }] }));
    const s = createOptionsSimulation({ name: 's', book: b, policy: { interval: HOUR }, venue: new CostModelVenue({}) });
    runBacktest(s, s.trace, pathFromPrices([2000, 1980], HOUR, 0));
    const k = Math.log(1900 / 1980);
    // One slice: the surface is flat in T at each k (sticky tenor), so the vol is that of the 30-day slice.
    expect(b.sigma[0]).toBeCloseTo(Math.sqrt(sviTotalVariance(k, 0.004, 0.05, -0.4, 0, 0.1) / (30 / 365)), 12);
  });
});
