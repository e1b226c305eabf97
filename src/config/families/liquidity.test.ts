/**
 * The lp-position config family: the examples load, mistakes are ConfigErrors naming the field,
 * runs on models and on history give the metrics, reports render with the family's sections, and
 * the pool flow gives the same numbers on any number of threads.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../app/report-builder.js';
import { runConfig } from '../../app/run.js';
import { ConfigError } from '../../core/errors.js';
import { renderHtml } from '../../report/html.js';
import { buildVariant, loadConfig, resolveConfig } from '../config.js';

const examples = join(import.meta.dirname, '..', '..', '..', 'examples');

function lpConfig(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'lp test',
    market: { model: 'gbm', s0: 2000, sigma: 0.8 },
    time: { start: '2025-01-01T00:00:00Z', step: '1h', horizon: '2d', blockTime: '12s' },
    monteCarlo: { paths: 16, seed: 3, blockSize: 8 },
    product: { type: 'lp-position', initialValue: 1e6, rebalanceGas: 10 },
    policy: { type: 'recenter', halfWidthPct: 5 },
    venue: { type: 'uniswap-v3', feeBps: 30, liquidity: [{ tvl: 5e7 }], flow: { noise: { tradesPerHour: 30, medianNotional: 5000 } } },
    ...overrides,
  };
}

const resolve = (raw: Record<string, unknown>) => resolveConfig(raw, 'test', '.');

function configError(raw: Record<string, unknown>, build = false): ConfigError {
  try {
    const c = resolve(raw);
    if (build) for (const v of c.variants) buildVariant(c, v);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('lp-position configs', () => {
  it.each(['lp-eth-range-widths.yaml', 'lp-sp500-history.yaml', 'lp-sandwich-guards.yaml', 'lp-width-sweep.yaml', 'eth3x-pool-venue.yaml'])('example %s loads and builds', (file) => {
    const c = loadConfig(join(examples, file));
    for (const v of c.variants) expect(buildVariant(c, v).sim.venue.kind).toBeTruthy();
  });

  it('names the field of each mistake', () => {
    expect(configError(lpConfig({ venue: { type: 'cost-model' } }), true).field).toBe('venue.type');
    expect(configError(lpConfig({ venue: { type: 'uniswap-v2' } }), true).field).toBe('policy.type');
    expect(configError(lpConfig({ policy: { type: 'recenter' } })).field).toContain('policy');
    expect(configError(lpConfig({ policy: { type: 'passive', halfWidthPct: 5, range: { lower: 1, upper: 2 } } }), true).field).toBe('policy.range');
    expect(configError(lpConfig({ policy: { type: 'charm', baseThreshold: 3610 } }), true).field).toBe('policy.baseThreshold');
    expect(configError(lpConfig({ policy: { type: 'recenter', halfWidthPct: 5, twapGuard: { maxDeviationTicks: 100, duration: '2h' } } }), true).field).toBe('policy.twapGuard.duration');
    expect(configError(lpConfig({ venue: { type: 'uniswap-v3', feeBps: 7 } }), true).field).toBe('venue.tickSpacing');
    expect(configError(lpConfig({ venue: { type: 'uniswap-v3', liquidity: [{ tvl: 1e6, width: 5 }] } })).field).toContain('venue');
    expect(configError(lpConfig({ policy: { type: 'recenter', halfWidthPct: 5, outOfRange: false } }), true).field).toBe('policy');
  });

  it('runs a comparison on common random numbers and order flow, and the report has the family\'s sections', async () => {
    const raw = lpConfig({
      compare: [
        { name: 'wide', policy: { type: 'recenter', halfWidthPct: 20 } },
        { name: 'charm', policy: { type: 'charm', baseThreshold: 1200, limitThreshold: 600, period: '6h' } },
      ],
    });
    const r = await runConfig(resolve(raw), { threads: 1 });
    expect(r.variants.length).toBe(3);
    const get = (i: number, k: string) => r.variants[i].summaries.find((s) => s.key === k)!;
    // Same paths and flow: the pool-wide noise volume is identical across variants.
    expect(get(1, 'poolNoiseVolume').mean).toBe(get(0, 'poolNoiseVolume').mean);
    expect(get(0, 'fees').mean).toBeGreaterThan(get(1, 'fees').mean);
    expect(get(0, 'lvr').mean).toBeGreaterThan(get(1, 'lvr').mean);
    expect(Math.abs(get(0, 'residual').mean)).toBeLessThan(1e-6);
    const report = buildReport(r);
    const titles = report.sections.map((s) => s.title);
    expect(titles).toContain('Fees, LVR and net P&L over time');
    expect(titles).toContain('Break-even fee per range (closed form)');
    const across = report.sections.find((s) => s.title === 'Across variants and range widths')!;
    expect(across.blocks.some((b) => b.kind === 'chart' && b.chart.type === 'scatter')).toBe(true);
    const html = renderHtml(report);
    expect(html).toContain('Net P&amp;L against range width');
  });

  it('gives the same numbers on two threads as on one (the flow is seeded from each path)', async () => {
    const raw = lpConfig();
    const one = await runConfig(resolve(raw), { threads: 1, fan: false });
    const two = await runConfig(resolve(raw), { threads: 2, fan: false });
    expect(two.threads).toBe(2);
    for (const k of ['netPnl', 'fees', 'lvr', 'poolNoiseVolume']) {
      expect(two.variants[0].summaries.find((s) => s.key === k)!.mean).toBe(one.variants[0].summaries.find((s) => s.key === k)!.mean);
    }
  });

  it('backtests on history with the exact pool', async () => {
    const raw = lpConfig({
      market: { history: { dataset: 'sp500' }, from: '2009-01-01', to: '2009-06-30' },
      venue: { type: 'uniswap-v3', math: 'exact', feeBps: 30, liquidity: [{ tvl: 5e7 }], flow: { blocksPerStep: 12 } },
    });
    const r = await runConfig(resolve(raw));
    expect(r.mode).toBe('backtest');
    const m = Object.fromEntries(r.variants[0].summaries.map((s) => [s.key, s.mean]));
    expect(m.rebalances).toBeGreaterThan(0);
    expect(m.lvr).toBeGreaterThan(0);
    expect(Math.abs(m.residual)).toBeLessThan(1e-4);
    expect(renderHtml(buildReport(r))).toContain('Price and range');
  });
});
