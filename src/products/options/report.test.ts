/**
 * The options report as data: the cost-risk frontier has one point per policy with intervals and
 * names the dominated ones; the P&L table's VaR, ES and Hull measure come from the run's statistics.
 */
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../app/report-builder.js';
import { runConfig } from '../../app/run.js';
import { resolveConfig } from '../../config/config.js';
import type { ScatterChart, TableBlock, TextBlock } from '../../report/report-model.js';
import { frontierVariants } from './report.js';

describe('options report', () => {
  it('draws the cost-risk frontier of the compared policies and the P&L risk table', async () => {
    const config = resolveConfig(
      {
        name: 'frontier',
        baseName: 'hourly',
        market: { model: 'gbm', s0: 100, mu: 0, sigma: 0.6 },
        time: { start: '2024-01-01T00:00:00Z', step: '1h', horizon: '7d' },
        monteCarlo: { paths: 400, seed: 2 },
        product: { type: 'options-book', volatility: { flat: 0.6 }, options: [{ type: 'call', side: 'short', quantity: 10, moneyness: 1, expiry: '7d' }] },
        policy: { schedule: { every: '1h' } },
        venue: { type: 'cost-model', feeBps: 20 },
        compare: [
          { name: 'daily', policy: { schedule: { daily: '00:00' } } },
          { name: 'WW', policy: { costAware: { riskAversion: 0.1 } } },
          { name: 'hourly in whole units', policy: { schedule: { every: '1h' }, lotSize: 1 } },
          // Hedges once at the start and never again: the cheapest point, always on the frontier.
          { name: 'static', policy: { priceMove: 10 } },
          // The hourly hedges with a gas cost on every trade: the same risk at a far higher cost.
          { name: 'hourly with gas', policy: { schedule: { every: '1h' } }, venue: { type: 'cost-model', feeBps: 20, gas: 1 } },
        ],
      },
      'test',
      '.',
    );
    const r = await runConfig(config, { fan: false });
    const report = buildReport(r);
    const frontier = report.sections.find((s) => s.title === 'Cost-risk frontier');
    expect(frontier).toBeDefined();
    const chart = (frontier!.blocks[0] as { chart: ScatterChart }).chart;
    expect(chart.type).toBe('scatter');
    expect(chart.frontier).toBe(true);
    expect(chart.points.map((p) => p.name)).toEqual(['hourly', 'daily', 'WW', 'hourly in whole units', 'static', 'hourly with gas']);
    r.variants.forEach((v, i) => {
      const cost = v.summaries.find((s) => s.key === 'costTotal')!, pnl = v.summaries.find((s) => s.key === 'pnl')!;
      expect(chart.points[i]).toMatchObject({ x: cost.mean, y: pnl.sd, xCi: cost.meanCi, yCi: pnl.sdCi });
    });
    const on = frontierVariants(r).map((i) => r.variants[i].name);
    expect(on).toContain('WW');
    expect(on).toContain('hourly');
    expect(on).toContain('static');
    expect(on).not.toContain('hourly with gas');
    const text = (frontier!.blocks[1] as TextBlock).paragraphs.join(' ');
    const listed = /On the frontier: ([^.]*)\./.exec(text)![1].split(', ');
    expect(new Set(listed)).toEqual(new Set(on));
    // A policy off the frontier is named with the policies that beat it on both axes.
    expect(text).toMatch(/hourly with gas \(beaten by [^)]*hourly[^)]*\)/);
    const risk = report.sections.find((s) => s.title === 'Hedged P&L')!.blocks[0] as TableBlock;
    const ww = r.variants[2], row = risk.rows[2];
    const pnl = ww.summaries.find((s) => s.key === 'pnl')!, hull = ww.summaries.find((s) => s.key === 'hullRatio')!;
    expect(row.var95).toBe(-(pnl.percentiles.p5 as number));
    expect(row.es95).toBe(-pnl.lowerTail5);
    expect(row.hull).toEqual([hull.sd, hull.sdCi[0], hull.sdCi[1]]);
    expect(report.sections.map((s) => s.title)).toEqual(expect.arrayContaining(['Where the P&L comes from', 'Costs', 'Delta left open', 'A sample path']));
  });
});
