/**
 * Monte Carlo through the ordinary run path (config -> simulations -> BlockRunner / worker pool).
 */
import { describe, expect, it } from 'vitest';
import { WORKLOADS } from '../bench/workloads.js';
import { resolveConfig } from '../config/config.js';
import { runConfig } from './run.js';
import type { RunResults } from './results.js';

const stat = (r: RunResults, key: string, variant = 0) => r.variants[variant].summaries.find((s) => s.key === key)!;

describe('the lt benchmark workload', () => {
  it('agrees with the plain C reference within Monte Carlo error', async () => {
    // The C reference kernel with 20,000 paths (seed 7) gives: mean log NAV -2.9526, sd 2.4002,
    // 395.23 rebalances per path, mean costs 0.07487 of NAV, no wipe-outs.
    const paths = 600;
    const r = await runConfig(resolveConfig(WORKLOADS.lt.config(paths, 5), 'lt', '.'), { fan: false });
    const s = WORKLOADS.lt.statistics(r);
    const logNav = stat(r, 'logNav');
    const se = Math.hypot(logNav.sd / Math.sqrt(paths), 2.4 / Math.sqrt(20_000));
    expect(Math.abs(s.meanLogNav - -2.9526)).toBeLessThan(4 * se);
    // sd of a sample sd ~ sd / sqrt(2n) for near-normal data.
    expect(Math.abs(s.sdLogNav - 2.4002)).toBeLessThan(4 * Math.hypot(2.4 / Math.sqrt(2 * paths), 2.4 / Math.sqrt(40_000)));
    const reb = stat(r, 'rebalances');
    expect(Math.abs(s.meanRebalances - 395.23)).toBeLessThan(4 * Math.hypot(reb.sd / Math.sqrt(paths), 0.05));
    const costs = stat(r, 'tradingCost');
    expect(Math.abs(s.meanCosts - 0.07487)).toBeLessThan(4 * Math.hypot(costs.sd / Math.sqrt(paths), costs.sd / Math.sqrt(20_000)));
    expect(s.wipedOut).toBe(0);
  });
});

describe('determinism', () => {
  const config = () =>
    resolveConfig(
      {
        market: { model: 'gbm', s0: 100, sigma: 0.9 },
        time: { step: '1h', horizon: '20d' },
        monteCarlo: { paths: 700, seed: 42, blockSize: 64 },
        product: { type: 'leveraged-token', target: -2 },
        policy: { band: { min: 1.6, max: 2.4, recenteringSpeed: 0.5 }, schedule: { daily: '00:00' } },
        venue: { type: 'cost-model', feeBps: 10 },
        compare: [{ name: 'daily only', policy: { schedule: { daily: '00:00' } } }],
      },
      'det',
      '.',
    );

  it('gives the same statistics, bit for bit, on one thread and on two', async () => {
    const one = await runConfig(config(), { threads: 1 });
    const two = await runConfig(config(), { threads: 2 });
    expect(two.threads).toBe(2);
    for (let v = 0; v < 2; v++) {
      expect(two.variants[v].summaries).toEqual(one.variants[v].summaries);
      expect(two.variants[v].fan).toEqual(one.variants[v].fan);
    }
    expect(two.variants[1].paired).toEqual(one.variants[1].paired);
  }, 60_000);

  it('the same seed repeats the run; another seed does not', async () => {
    const a = await runConfig(config(), { threads: 1, paths: 128 });
    const b = await runConfig(config(), { threads: 1, paths: 128 });
    const c = await runConfig(config(), { threads: 1, paths: 128, seed: 43 });
    expect(b.variants[0].summaries).toEqual(a.variants[0].summaries);
    expect(c.variants[0].summaries[0].mean).not.toBe(a.variants[0].summaries[0].mean);
  });

  it('paired differences are far tighter than the difference of two separate intervals', async () => {
    const r = await runConfig(config(), { threads: 1, paths: 400 });
    const d = r.variants[1].paired!.find((s) => s.key === 'logNav')!;
    const a = stat(r, 'logNav', 0), b = stat(r, 'logNav', 1);
    expect(d.mean).toBeCloseTo(b.mean - a.mean, 10);
    const pairedWidth = d.meanCi[1] - d.meanCi[0];
    const separateWidth = Math.hypot(a.meanCi[1] - a.meanCi[0], b.meanCi[1] - b.meanCi[0]);
    expect(pairedWidth).toBeLessThan(separateWidth / 5);
  });

  it('fan-chart percentiles are ordered at every date', async () => {
    const r = await runConfig(config(), { threads: 1, paths: 200 });
    const f = r.variants[0].fan!;
    for (let i = 0; i < f.times.length; i++) {
      expect(f.value.p5[i]).toBeLessThanOrEqual(f.value.p25[i]);
      expect(f.value.p25[i]).toBeLessThanOrEqual(f.value.p50[i]);
      expect(f.value.p50[i]).toBeLessThanOrEqual(f.value.p75[i]);
      expect(f.value.p75[i]).toBeLessThanOrEqual(f.value.p95[i]);
    }
    expect(f.value.p50[0]).toBeCloseTo(100, 0); // every path starts at NAV 100 (within the sketch's 0.5%)
  });
});

describe('leveraged tokens against the continuous closed form', () => {
  const run = (target: number, sigma: number, paths: number, step = '5m', horizon = '30d') =>
    runConfig(
      resolveConfig(
        {
          market: { model: 'gbm', s0: 1, sigma },
          time: { step, horizon },
          monteCarlo: { paths, seed: 9 },
          product: { type: 'leveraged-token', target, initialNav: 1 },
          policy: { schedule: { every: step } },
        },
        'cf',
        '.',
      ),
      { fan: false },
    );

  it('rebalanced every 5 minutes without costs, the token tracks the closed form path by path', async () => {
    const r = await run(3, 0.8, 200);
    const d = stat(r, 'decayVsContinuous');
    // Per-path gap between the discrete token and the closed form on the realised variance:
    // of order beta^3 sigma^3 dt^(1/2) T, a few 1e-4 here; the mean is ~0 within its error.
    expect(Math.abs(d.mean)).toBeLessThan((4 * d.sd) / Math.sqrt(d.n) + 1e-4);
    expect(d.sd).toBeLessThan(2e-3);
    // And the mean log NAV is -beta^2 sigma^2 T / 2 (mu = 0), within Monte Carlo error.
    const logNav = stat(r, 'logNav');
    const T = 30 / 365;
    expect(Math.abs(logNav.mean - (-9 * 0.64 * T) / 2)).toBeLessThan((4 * logNav.sd) / Math.sqrt(logNav.n));
    const sdTheory = 3 * 0.8 * Math.sqrt(T);
    expect(Math.abs(logNav.sd - sdTheory)).toBeLessThan((4 * sdTheory) / Math.sqrt(2 * logNav.n)); // se of a sample sd
  });

  it('decay grows with volatility and with leverage, for longs and shorts', async () => {
    const decay = async (b: number, s: number) => stat(await run(b, s, 300, '1h', '90d'), 'volatilityDecay').mean;
    const low2 = await decay(2, 0.4), high2 = await decay(2, 0.8), high3 = await decay(3, 0.8), short2 = await decay(-2, 0.8);
    // -(b^2 - b)/2 x realised variance: quadruples with volatility, grows with |b|, and is worse
    // for a short than a long of the same size (b^2 - b is 6 for -2x, 2 for 2x).
    expect(high2 / low2).toBeCloseTo(4, 1);
    expect(high3).toBeLessThan(high2);
    expect(short2 / high2).toBeCloseTo(3, 10); // same paths, so exactly (4 + 2) / (4 - 2)
    expect(short2).toBeCloseTo(high3, 10); // -2x and 3x share b^2 - b = 6
    expect(high2).toBeLessThan(0);
  });
});
