/**
 * The options config families: configs resolve, build and run through runConfig; every bad field is
 * a ConfigError naming it; the `hedge` benchmark workload agrees with the C reference.
 */
import { describe, expect, it } from 'vitest';
import { runConfig } from '../../app/run.js';
import { WORKLOADS } from '../../bench/workloads.js';
import { ConfigError } from '../../core/errors.js';
import { buildVariant, resolveConfig } from '../config.js';

const base = {
  name: 'test',
  market: { model: 'gbm', name: 'ETH', s0: 2000, mu: 0, sigma: 0.8 },
  time: { start: '2024-01-05T00:00:00Z', step: '1h', horizon: '7d' },
  monteCarlo: { paths: 64, seed: 3 },
  product: { type: 'options-book', volatility: { flat: 0.8 }, options: [{ type: 'call', side: 'short', quantity: 10, moneyness: 1, expiry: '7d' }] },
  policy: { schedule: { every: '4h' } },
  venue: { type: 'cost-model', feeBps: 10 },
};

const resolve = (over: Record<string, unknown>) => resolveConfig({ ...base, ...over }, 'test', '.');
const build = (over: Record<string, unknown>) => {
  const c = resolve(over);
  return buildVariant(c, c.variants[0]);
};
const errorOf = (f: () => unknown): ConfigError => {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
};

describe('options config: errors name the field', () => {
  it.each([
    ['an unknown option field', { product: { ...base.product, options: [{ type: 'call', side: 'short', strke: 100, expiry: '7d' }] } }, /product\.options\[0\].*unknown field "strke"; allowed: type, side, quantity, strike, moneyness/],
    ['a bad option type', { product: { ...base.product, options: [{ type: 'cal', side: 'short', strike: 100, expiry: '7d' }] } }, /product\.options\[0\]\.type/],
    ['a negative quantity', { product: { ...base.product, options: [{ type: 'call', side: 'short', quantity: -1, strike: 100, expiry: '7d' }] } }, /product\.options\[0\]\.quantity/],
    ['a typo in the policy', { policy: { deltaBand: { unit: 2 } } }, /policy\.deltaBand.*unknown field "unit"; allowed: units, fractionOfNotional/],
    ['a bad duration', { policy: { interval: '4 hours' } }, /policy\.interval/],
    ['an unknown venue type', { venue: { type: 'perps' } }, /venue\.type/],
    ['a perp depth buffer below 1', { venue: { type: 'perp', depthBuffer: 0.5 } }, /venue\.depthBuffer/],
    ['a vault target delta of 1', { product: { type: 'options-vault', strategy: 'covered-call', collateral: 10, strikeStep: 100, targetDelta: 1, volatility: { flat: 0.8 } } }, /product\.targetDelta/],
  ])('%s', (_what, over, field) => {
    expect(errorOf(() => resolve(over)).message).toMatch(field);
  });

  it.each([
    ['strike and moneyness together', { product: { ...base.product, options: [{ type: 'call', side: 'short', strike: 100, moneyness: 1, expiry: '7d' }] } }, /product\.options\[0\]: give strike .* or moneyness/],
    ['no expiry', { product: { ...base.product, options: [{ type: 'call', side: 'short', strike: 100 }] } }, /product\.options\[0\]: give expiry/],
    ['an expiry before the start', { product: { ...base.product, options: [{ type: 'call', side: 'short', strike: 100, expiresAt: '2023-01-01T00:00:00Z' }] } }, /product\.options\[0\]\.expiresAt/],
    ['an unknown underlying', { product: { ...base.product, options: [{ type: 'call', side: 'short', strike: 100, expiry: '7d', underlying: 'BTC' }] } }, /product\.options\[0\]\.underlying: "BTC" is not an asset of the market; it has "ETH"/],
    ['a policy without triggers', { policy: {} }, /policy: set at least one trigger/],
    ['a threshold without a delay', { policy: { interval: '1h', deltaThreshold: 10 } }, /policy\.deltaThreshold: only overrides interactionDelay/],
    ['an option hedge without a limit', { policy: { interval: '1h', optionHedge: { greek: 'vega' } } }, /policy\.limits\.vega/],
    ['Leland without an interval to assume', { policy: { deltaBand: { units: 1 }, lelandVolatility: { roundTripCostBps: 20 } } }, /policy\.lelandVolatility\.interval/],
    ['Lyra boards with too few skews', { product: { ...base.product, volatility: { lyra: { boards: [{ expiry: '14d', baseIv: 0.8, moneyness: [0.9, 1, 1.1], skews: [1.1, 1] }] } } } }, /product\.volatility\.lyra\.boards\[0\]\.skews: needs one skew per strike/],
    ['an SVI slice with negative variance', { product: { ...base.product, volatility: { svi: [{ tenor: '30d', a: -1, b: 0.1, rho: 0, m: 0, sigma: 0.1 }] } } }, /product\.volatility\.svi/],
    ['a Leland holder that cannot hedge', { product: { ...base.product, options: [{ type: 'call', side: 'long', strike: 2000, expiry: '7d' }] }, policy: { interval: '1h', lelandVolatility: { roundTripCostBps: 200 } } }, /product\.options\[0\]: for a long option .* Leland number/],
  ])('%s', (_what, over, message) => {
    expect(errorOf(() => build(over)).message).toMatch(message);
  });
});

describe('options configs build and run', () => {
  it('a book on two correlated underlyings hedges each leg; a perp venue carries funding', async () => {
    const c = resolveConfig(
      {
        ...base,
        market: { model: 'correlated-gbm', assets: [{ name: 'ETH', s0: 2000, sigma: 0.8 }, { name: 'BTC', s0: 40_000, sigma: 0.6 }], correlation: [[1, 0.7], [0.7, 1]] },
        product: {
          type: 'options-book',
          volatility: { flat: 0.8 },
          underlyings: { BTC: { volatility: { flat: 0.6 } } },
          options: [
            { type: 'call', side: 'short', quantity: 10, moneyness: 1.05, expiry: '7d', underlying: 'ETH' },
            { type: 'put', side: 'long', quantity: 2, moneyness: 0.95, expiry: '5d', underlying: 'BTC' },
          ],
        },
        venue: { type: 'perp', feeBps: 5, fundingRate: 0.1 },
      },
      'test',
      '.',
    );
    const r = await runConfig(c, { fan: false });
    const v = r.variants[0];
    const m = (k: string) => v.summaries.find((s) => s.key === k)!;
    expect(m('rebalances').mean).toBeGreaterThan(40); // two legs, every 4h for a week
    expect(m('costFunding').mean).not.toBe(0);
    expect(v.sample.trace.source.columns.map((x) => x.key)).toContain('hedge_BTC');
    // The ETH leg is short calls: long hedge, paying 10%/yr funding as a long.
    expect(v.sample.trace.column('hedge_ETH')[0]).toBeGreaterThan(0);
    expect(v.sample.trace.column('hedge_BTC')[0]).toBeGreaterThan(0); // long puts: long hedge
  });

  it('a covered-call vault rolls weekly on Fridays at 08:00 UTC and writes the target-delta strike', async () => {
    const c = resolveConfig(
      {
        ...base,
        time: { start: '2024-01-01T00:00:00Z', step: '1h', horizon: '28d' },
        product: { type: 'options-vault', strategy: 'covered-call', collateral: 10, strikeStep: 100, targetDelta: 0.1, volatility: { flat: 0.8 } },
        policy: { unhedged: true },
      },
      'test',
      '.',
    );
    const r = await runConfig(c, { fan: false });
    const m = (k: string) => r.variants[0].summaries.find((s) => s.key === k)!;
    expect(m('rounds').mean).toBe(5); // Jan 1 2024 (a Monday) to Jan 29: written at the start and on Fridays 5, 12, 19 and 26
    expect(m('rebalances').mean).toBe(0);
    expect(m('premiumCollected').mean).toBeGreaterThan(0);
  });

  it('an options AMM sells to traders, collects fees and hedges', async () => {
    const c = resolveConfig(
      {
        ...base,
        time: { start: '2024-01-01T00:00:00Z', step: '1h', horizon: '14d' },
        product: {
          type: 'options-amm',
          capital: 1e6,
          volatility: { flat: 0.8 },
          boards: { tenors: ['7d', '28d'], moneyness: [0.8, 0.9, 1, 1.1, 1.2], skews: [1.15, 1.05, 1, 0.98, 1.0], baseIv: 0.8 },
          traders: { arrivalsPerDay: 24, meanSize: 5 },
        },
        policy: { deltaBand: { units: 5 } },
      },
      'test',
      '.',
    );
    const r = await runConfig(c, { fan: false });
    const m = (k: string) => r.variants[0].summaries.find((s) => s.key === k)!;
    expect(m('traderTrades').mean).toBeGreaterThan(200);
    expect(m('feesCollected').mean).toBeGreaterThan(0);
    expect(m('callShareTraded').mean).toBeGreaterThan(0.55);
    expect(m('rebalances').mean).toBeGreaterThan(1);
  });

  it('AMM trader flow and hedges give the same statistics on 1 and 2 threads (flow seeded per path)', async () => {
    const raw = {
      ...base,
      time: { start: '2024-01-01T00:00:00Z', step: '4h', horizon: '7d' },
      monteCarlo: { paths: 48, seed: 9, blockSize: 8 },
      product: { type: 'options-amm', capital: 1e6, volatility: { flat: 0.8 }, boards: { tenors: ['7d'], moneyness: [0.9, 1, 1.1], skews: [1.05, 1, 1] , baseIv: 0.8 }, traders: { arrivalsPerDay: 30, meanSize: 5 } },
      policy: { costAware: { riskAversion: 0.001 } },
    };
    const one = await runConfig(resolveConfig(raw, 'test', '.'), { fan: false, threads: 1 });
    const two = await runConfig(resolveConfig(raw, 'test', '.'), { fan: false, threads: 2 });
    expect(two.threads).toBe(2);
    for (const key of ['pnl', 'traderTrades', 'feesCollected', 'rebalances']) {
      const a = one.variants[0].summaries.find((x) => x.key === key)!, b = two.variants[0].summaries.find((x) => x.key === key)!;
      expect(b.mean).toBe(a.mean);
      expect(b.sd).toBe(a.sd);
    }
  });

  it('the hedging example loads, and every policy in it builds', () => {
    const c = resolveConfig({ ...base, compare: [{ name: 'ww', policy: { costAware: { riskAversion: 0.001 } } }, { name: 'zak', policy: { costAware: { model: 'zakamouline' } } }, { name: 'leland', policy: { interval: '1h', lelandVolatility: {} } }, { name: 'lyra', policy: { interval: '1h', hedgeCap: 5, interactionDelay: '1d', deltaThreshold: 2 }, execution: { maxTradeSize: 2 } }] }, 'test', '.');
    for (const v of c.variants) expect(() => buildVariant(c, v)).not.toThrow();
  });
});

describe('keel bench hedge', () => {
  // Reference (../shared/bench/reference.c, hedge 20000 paths, seed 1): premium 2.287151,
  // meanPnl 0.000047, sdPnl 0.075600; the Kamal-Derman estimate sqrt(pi/4) vega sigma / sqrt(720) = 0.0756.
  // With 20,000 paths the sd's Monte Carlo standard error is about 0.0005 (0.6%), the mean's 0.00053.
  it('agrees with reference.c within Monte Carlo error', async () => {
    const w = WORKLOADS.hedge;
    const r = await runConfig(resolveConfig(w.config(20_000, 1), 'workload hedge', '.'), { fan: false });
    const s = w.statistics(r);
    expect(s.premium).toBeCloseTo(2.287151, 6);
    const sd = r.variants[0].summaries.find((x) => x.key === 'pnl')!;
    expect(sd.sdCi[1] - sd.sdCi[0]).toBeLessThan(0.0025);
    expect(Math.abs(s.sdPnl - 0.0756)).toBeLessThan(0.0016); // 3 standard errors
    expect(Math.abs(s.meanPnl - 0.000047)).toBeLessThan(4 * 0.00054);
    expect(r.pathSteps).toBe(20_000 * 720);
  });
});
