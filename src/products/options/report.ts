/**
 * Report sections of an options run: the cost-risk frontier of the compared policies (mean cost
 * against the standard deviation of the hedged P&L, on the same paths), the P&L distribution with
 * VaR and expected shortfall and Hull's performance measure, the P&L attribution, costs by kind,
 * the delta left open (and the part a venue or a gate would not hedge), and the traced path's
 * residual delta with its trades.
 */
import { fanChartOf } from '../../app/fan.js';
import type { RunResults, VariantResult } from '../../app/results.js';
import type { MetricSummary } from '../../engine/metric-accumulator.js';
import { paretoFrontier } from '../../report/charts.js';
import type { Block, ChartSpec, Section, TableBlock } from '../../report/report-model.js';

const COST_KEYS = ['costFee', 'costGas', 'costImpact', 'costFunding'] as const;
const ATTRIBUTION_KEYS = ['attrDelta', 'attrGamma', 'attrTheta', 'attrVega', 'attrCosts', 'attrIncome', 'attrEdge', 'attrResidual'] as const;

const get = (v: VariantResult, key: string): MetricSummary | undefined => v.summaries.find((s) => s.key === key);

/** Indices of the variants on the lower-left frontier of (mean cost, sd of P&L). */
export function frontierVariants(r: RunResults): number[] {
  const pts = r.variants.map((v) => ({ x: get(v, 'costTotal')?.mean ?? NaN, y: get(v, 'pnl')?.sd ?? NaN }));
  return paretoFrontier(pts);
}

function frontierChart(r: RunResults): ChartSpec {
  return {
    type: 'scatter',
    title: 'Cost-risk frontier of the hedging policies',
    caption:
      'Each policy as a point: mean cost per path (fees, gas, impact and funding) against the standard deviation of the hedged P&L, both with 95% intervals, every policy on the same paths. Lower-left is better; the dashed staircase joins the policies no other beats on both, and a policy above or right of it is dominated.',
    x: { label: 'Mean cost per path', unit: 'quote' },
    y: { label: 'SD of hedged P&L', unit: 'quote' },
    frontier: true,
    labels: true,
    points: r.variants.map((v) => {
      const c = get(v, 'costTotal'), p = get(v, 'pnl');
      return { name: v.name, x: c?.mean ?? NaN, y: p?.sd ?? NaN, xCi: c?.meanCi, yCi: p?.sdCi };
    }),
  };
}

function frontierText(r: RunResults): Block {
  const on = new Set(frontierVariants(r));
  const names = (f: (i: number) => boolean) => r.variants.filter((_, i) => f(i)).map((v) => v.name);
  const dominated = r.variants
    .map((v, i) => {
      if (on.has(i)) return null;
      const c = get(v, 'costTotal')?.mean ?? NaN, s = get(v, 'pnl')?.sd ?? NaN;
      const by = r.variants.filter((w, k) => k !== i && (get(w, 'costTotal')?.mean ?? NaN) <= c && (get(w, 'pnl')?.sd ?? NaN) <= s).map((w) => w.name);
      return by.length ? `${v.name} (beaten by ${by.join(', ')})` : null;
    })
    .filter((x): x is string => x !== null);
  return {
    kind: 'text',
    paragraphs: [
      `On the frontier: ${names((i) => on.has(i)).join(', ') || 'none'}.`,
      dominated.length ? `Dominated: ${dominated.join('; ')}.` : 'No policy is dominated: each buys less risk with more cost.',
      'Read the intervals before the points: two policies whose boxes overlap are not told apart by this many paths.',
    ],
  };
}

function distributionTable(r: RunResults): TableBlock {
  const mc = r.mode === 'monte-carlo';
  return {
    kind: 'table',
    caption: mc
      ? 'Hedged P&L over all paths: mean, standard deviation, value at risk (the loss not exceeded on 95% or 99% of paths, -p5 and -p1) and expected shortfall (the mean loss over the worst 5%), from the streaming quantile sketch (0.5% relative accuracy). Hull\'s measure is the standard deviation of the PV of the hedge cost over the options\' model value at the start (0 for a perfect hedge).'
      : 'Hedged P&L of the backtest.',
    columns: [
      { key: 'variant', label: 'Policy', align: 'left' },
      { key: 'mean', label: 'Mean P&L', unit: 'quote' },
      { key: 'sd', label: 'SD', unit: 'quote' },
      { key: 'var95', label: 'VaR 95%', unit: 'quote' },
      { key: 'es95', label: 'ES 95%', unit: 'quote' },
      { key: 'var99', label: 'VaR 99%', unit: 'quote' },
      { key: 'hull', label: 'Hull measure', unit: 'ratio' },
      { key: 'error', label: 'SD of hedging error', unit: 'quote' },
    ],
    rows: r.variants.map((v) => {
      const p = get(v, 'pnl'), h = get(v, 'hullRatio'), e = get(v, 'hedgeError');
      const ci = (s: MetricSummary | undefined, which: 'mean' | 'sd'): number | [number, number, number] | null => {
        if (!s || s.n === 0) return null;
        if (!mc) return which === 'mean' ? s.mean : null;
        return which === 'mean' ? [s.mean, s.meanCi[0], s.meanCi[1]] : Number.isFinite(s.sdCi[0]) ? [s.sd, s.sdCi[0], s.sdCi[1]] : s.sd;
      };
      return {
        variant: v.name,
        mean: ci(p, 'mean'),
        sd: ci(p, 'sd'),
        var95: mc && p ? -(p.percentiles.p5 ?? NaN) : null,
        es95: mc && p ? -p.lowerTail5 : null,
        var99: mc && p ? -(p.percentiles.p1 ?? NaN) : null,
        hull: mc && h && h.n > 1 ? [h.sd, h.sdCi[0], h.sdCi[1]] : null,
        error: ci(e, 'sd'),
      };
    }),
  };
}

function histogram(v: VariantResult): ChartSpec | null {
  const h = v.histograms?.pnl, s = get(v, 'pnl');
  if (!h || !s || h.bins.length === 0) return null;
  return {
    type: 'histogram',
    title: `${v.name}: hedged P&L`,
    caption: `P&L per path at the end, in quote.${h.below + h.above > 0 ? ` (${h.below + h.above} paths beyond the 0.5-99.5% range are not drawn.)` : ''}`,
    x: { label: 'P&L', unit: 'quote' },
    bins: h.bins,
    markers: [
      { name: 'Mean', value: s.mean },
      { name: 'VaR 95% (p5)', value: s.percentiles.p5 ?? NaN },
      { name: 'ES 95%', value: s.lowerTail5 },
    ],
  };
}

function barOf(r: RunResults, keys: readonly string[], title: string, caption: string, unit = 'quote'): ChartSpec | null {
  const mc = r.mode === 'monte-carlo';
  const defs = r.variants[0].defs.filter((d) => keys.includes(d.key));
  const used = defs.filter((d) => r.variants.some((v) => { const m = get(v, d.key)?.mean; return m !== undefined && Number.isFinite(m) && Math.abs(m) > 0; }));
  if (used.length === 0) return null;
  return {
    type: 'bar',
    title,
    caption,
    categories: used.map((d) => d.label.replace(/^P&L: /, '')),
    y: { label: 'Per path', unit },
    series: r.variants.map((v) => {
      const ss = used.map((d) => get(v, d.key) as MetricSummary);
      return { name: v.name, values: ss.map((s) => s.mean), errors: mc ? ss.map((s) => s.meanCi) : undefined };
    }),
  };
}

function openDeltaTable(r: RunResults): TableBlock {
  const mc = r.mode === 'monte-carlo';
  const keys = ['rmsOpenDelta', 'maxOpenDelta', 'openDeltaTime', 'shortfallDeltaTime', 'shortfallTime', 'maxShortfall', 'refusals', 'partialFills', 'gated'];
  const defs = r.variants[0].defs;
  return {
    kind: 'table',
    caption: 'Delta left open after hedging. "Unhedged" is the part the policy asked to hedge and did not get: refused or partly filled trades, TWAPs in progress. Caps, gates and bands leave delta open by design and show in the open-delta rows only.',
    columns: [{ key: 'metric', label: 'Metric', align: 'left' }, { key: 'unit', label: 'Unit', align: 'left' }, ...r.variants.map((v, i) => ({ key: `v${i}`, label: v.name }))],
    rows: keys
      .map((k) => defs.find((d) => d.key === k))
      .filter((d): d is NonNullable<typeof d> => !!d)
      .map((d) => {
        const row: TableBlock['rows'][number] = { metric: d.label, unit: d.unit };
        r.variants.forEach((v, i) => {
          const s = get(v, d.key);
          row[`v${i}`] = !s || s.n === 0 ? null : mc ? [s.mean, s.meanCi[0], s.meanCi[1]] : s.mean;
        });
        return row;
      }),
  };
}

function deltaChart(v: VariantResult, mc: boolean): ChartSpec | null {
  const t = v.sample.trace;
  const keys = t.source.columns.map((c) => c.key);
  if (!keys.includes('netDelta')) return null; // several underlyings: the CSV has each
  const lower = t.column('bandLower'), upper = t.column('bandUpper'), hedge = t.column('hedge');
  const hasBand = lower.some((x) => Number.isFinite(x));
  const series: { name: string; values: ArrayLike<number>; dashed?: boolean; step?: boolean; axis?: 'left' | 'right' }[] = [
    { name: 'Hedge', values: hedge, step: true },
    { name: 'Delta hedge (-options delta)', values: Float64Array.from(t.column('optionDelta'), (x) => -x), dashed: true },
    { name: 'Net delta', values: t.column('netDelta') },
  ];
  if (hasBand) series.push({ name: 'Band lower edge', values: lower, dashed: true }, { name: 'Band upper edge', values: upper, dashed: true });
  return {
    type: 'line',
    title: `${v.name}: hedge and residual delta${mc ? ' (path 0)' : ''}`,
    caption: 'The hedge held, the delta-neutral hedge, and the net delta left after each step\'s trades, in units of the underlying; markers are trades. A cost-aware policy keeps the hedge between its band edges.',
    x: { label: 'Date', time: true, values: t.times.subarray(0, t.lastRow + 1) },
    y: { label: 'Units of underlying', unit: 'units' },
    series,
    markers: [{ name: 'Trades', points: t.trades.filter((x) => x.units !== 0 && x.leg === 0).map((x) => [x.time, hedge[rowOf(t.times, x.time, t.lastRow)]] as [number, number]), symbol: 'triangle' }],
  };
}

/** Row of the trace at time `time` (trades happen at row times). */
function rowOf(times: Float64Array, time: number, last: number): number {
  let lo = 0, hi = last;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function pnlChart(v: VariantResult, mc: boolean): ChartSpec {
  const t = v.sample.trace;
  return {
    type: 'line',
    title: `${v.name}: P&L over time${mc ? ' (path 0)' : ''}`,
    caption: 'P&L so far (options at model value) and trading costs paid, in quote; the underlying on the right axis.',
    x: { label: 'Date', time: true, values: t.times.subarray(0, t.lastRow + 1) },
    y: { label: 'Quote', unit: 'quote' },
    y2: { label: 'Underlying price', unit: 'quote per base' },
    series: [
      { name: 'P&L so far', values: t.column('pnl') },
      { name: 'Trading costs', values: t.column('tradingCost'), dashed: true },
      ...(t.source.columns.some((c) => c.key === 'price') ? [{ name: 'Underlying', values: t.column('price'), axis: 'right' as const, dashed: true }] : []),
    ],
  };
}

function greeksChart(v: VariantResult, mc: boolean): ChartSpec {
  const t = v.sample.trace;
  return {
    type: 'line',
    title: `${v.name}: Greeks of the book${mc ? ' (path 0)' : ''}`,
    caption: 'Gamma as the P&L of a 1% move, theta per day and vega per vol point, in quote, summed over every option held (overlays included); the net delta of the book, hedges included, on the right axis.',
    x: { label: 'Date', time: true, values: t.times.subarray(0, t.lastRow + 1) },
    y: { label: 'Quote', unit: 'quote' },
    y2: { label: 'Net delta', unit: 'quote' },
    series: [
      { name: 'Gamma P&L of a 1% move', values: t.column('gammaPerPercent') },
      { name: 'Theta per day', values: t.column('thetaPerDay') },
      { name: 'Vega per vol point', values: t.column('vegaPerVolPoint'), dashed: true },
      { name: 'Net delta', values: t.column('deltaNotional'), axis: 'right', dashed: true },
    ],
  };
}

function fanChart(v: VariantResult): ChartSpec | null {
  return v.fan ? fanChartOf(v.fan, `${v.name}: P&L across all paths`, 'Median P&L so far with the 25-75% and 5-95% ranges of all paths at each date (options at model value).') : null;
}

export function optionsReportSections(r: RunResults): Section[] {
  const mc = r.mode === 'monte-carlo';
  const sections: Section[] = [];
  if (mc && r.variants.length > 1) {
    sections.push({
      title: 'Cost-risk frontier',
      intro: 'Which hedging policies are worth their cost: every policy on the same paths, so the comparison is sharp.',
      blocks: [{ kind: 'chart', chart: frontierChart(r) }, frontierText(r)],
    });
  }
  const dist: Block[] = [distributionTable(r)];
  if (mc) for (const v of r.variants) {
    const h = histogram(v);
    if (h) dist.push({ kind: 'chart', chart: h });
  }
  sections.push({ title: 'Hedged P&L', intro: 'What the book made or lost after hedging, and how widely it varies.', blocks: dist });
  const attr = barOf(r, ATTRIBUTION_KEYS, 'P&L attribution', 'Mean P&L per path by source: open delta, gamma slippage (realised against implied variance), carry theta, vega, costs, interest and carry income, trade edge (premium over model value), and what the Taylor terms leave unexplained.');
  if (attr) sections.push({ title: 'Where the P&L comes from', blocks: [{ kind: 'chart', chart: attr }] });
  const costs = barOf(r, COST_KEYS, 'Costs by kind', mc ? 'Mean cost per path by kind, in quote, with 95% intervals.' : 'Costs by kind over the backtest, in quote.');
  if (costs) sections.push({ title: 'Costs', blocks: [{ kind: 'chart', chart: costs }] });
  sections.push({ title: 'Delta left open', intro: 'How much delta stayed unhedged, and for how long.', blocks: [openDeltaTable(r)] });
  const pathBlocks: Block[] = [];
  for (const v of r.variants) {
    const fan = fanChart(v);
    if (fan) pathBlocks.push({ kind: 'chart', chart: fan });
    const d = deltaChart(v, mc);
    if (d) pathBlocks.push({ kind: 'chart', chart: d });
    pathBlocks.push({ kind: 'chart', chart: pnlChart(v, mc) });
    pathBlocks.push({ kind: 'chart', chart: greeksChart(v, mc) });
  }
  sections.push({ title: mc ? 'A sample path' : 'The backtest', intro: mc ? 'Path 0 of the run, traced step by step, for every policy.' : undefined, blocks: pathBlocks });
  return sections;
}
