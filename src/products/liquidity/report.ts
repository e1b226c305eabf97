/**
 * Report sections of an LP-position run: the price against the position's range, the P&L
 * decomposition over time (fees, realised and closed-form LVR, noise P&L, costs, net), value
 * against holding with impermanent loss, the comparison across range widths with confidence
 * intervals, and the closed-form fee/LVR break-even of each range width at the run's volatility.
 */
import { fanChartOf } from '../../app/fan.js';
import type { RunResults, VariantResult } from '../../app/results.js';
import type { Block, ChartSpec, Section, TableBlock } from '../../report/report-model.js';
import { arbToLvrConstantBlocks, arbToLvrPoisson, logFee, lvrCpmm, lvrRange, lvrWeighted } from '../../pools/analytics.js';

function col(v: VariantResult, key: string): Float64Array {
  return v.sample.trace.column(key);
}

function times(v: VariantResult): Float64Array {
  const t = v.sample.trace;
  return t.times.subarray(0, t.lastRow + 1);
}

function summary(v: VariantResult, key: string) {
  return v.summaries.find((s) => s.key === key);
}

function rangeChart(v: VariantResult, mc: boolean): ChartSpec {
  const t = v.sample.trace;
  return {
    type: 'line',
    title: `${v.name}: price and range${mc ? ' (path 0)' : ''}`,
    caption: 'External price, the pool\'s price (held within the fee band by arbitrage) and the bounds of the base range; markers are the position\'s rebalancing swaps.',
    x: { label: 'Date', time: true, values: times(v) },
    y: { label: 'Price', unit: 'quote per base' },
    series: [
      { name: 'External price', values: col(v, 'price') },
      { name: 'Pool price', values: col(v, 'poolPrice'), dashed: true },
      { name: 'Range lower', values: col(v, 'rangeLower'), step: true, dashed: true },
      { name: 'Range upper', values: col(v, 'rangeUpper'), step: true, dashed: true },
    ],
    markers: [{ name: 'Rebalance swaps', points: t.trades.filter((x) => x.units !== 0).map((x) => [x.time, x.mid] as [number, number]), symbol: 'triangle' }],
  };
}

function pnlChart(v: VariantResult, mc: boolean): ChartSpec {
  const cost = col(v, 'rebalanceCost');
  return {
    type: 'line',
    title: `${v.name}: where the P&L comes from${mc ? ' (path 0)' : ''}`,
    caption: 'Cumulative fees, loss-versus-rebalancing realised against arbitrageurs and its closed form on the path\'s realised variance, P&L against noise traders, rebalancing costs, and the net P&L of the position hedged with the rebalancing portfolio (fees - LVR + noise P&L - costs).',
    x: { label: 'Date', time: true, values: times(v) },
    y: { label: 'Cumulative', unit: 'quote' },
    series: [
      { name: 'Fees', values: col(v, 'fees') },
      { name: 'LVR (realised)', values: col(v, 'lvr') },
      { name: 'LVR (closed form)', values: col(v, 'lvrClosedForm'), dashed: true },
      { name: 'P&L vs noise traders', values: col(v, 'noisePnl'), dashed: true },
      { name: 'Rebalancing costs', values: cost, dashed: true },
      { name: 'Net P&L', values: col(v, 'netPnl'), area: true },
    ],
  };
}

function valueChart(v: VariantResult, mc: boolean): ChartSpec {
  return {
    type: 'line',
    title: `${v.name}: value against holding${mc ? ' (path 0)' : ''}`,
    caption: 'The position\'s value and the value of the tokens it started with, held. Impermanent loss (right axis) excludes the fee tokens earned.',
    x: { label: 'Date', time: true, values: times(v) },
    y: { label: 'Value', unit: 'quote' },
    y2: { label: 'Impermanent loss', unit: 'fraction' },
    series: [
      { name: 'Position', values: col(v, 'value') },
      { name: 'Holding', values: col(v, 'hodlValue'), dashed: true },
      { name: 'Impermanent loss', values: col(v, 'il'), axis: 'right', dashed: true },
    ],
  };
}

function fanChart(v: VariantResult): ChartSpec | null {
  return v.fan ? fanChartOf(v.fan, `${v.name}: position value across all paths`, 'Median value with the 25-75% and 5-95% ranges of all paths at each date.') : null;
}

function histogram(v: VariantResult): ChartSpec | null {
  const h = v.histograms?.netPnl;
  const s = summary(v, 'netPnl');
  if (!h || !s || h.bins.length === 0) return null;
  return {
    type: 'histogram',
    title: `${v.name}: distribution of net P&L`,
    caption: `Net P&L against the hedge over all paths.${h.below + h.above > 0 ? ` (${h.below + h.above} paths beyond the 0.5-99.5% range are not drawn.)` : ''}`,
    x: { label: s.label, unit: s.unit },
    bins: h.bins,
    markers: [
      { name: 'Mean', value: s.mean },
      { name: 'Median', value: s.percentiles.p50 },
    ],
  };
}

const DECOMPOSITION = ['fees', 'lvr', 'noisePnl', 'rebalanceCost', 'netPnl'] as const;

function decompositionChart(r: RunResults): ChartSpec {
  const mc = r.mode === 'monte-carlo';
  const defs = r.variants[0].defs.filter((d) => (DECOMPOSITION as readonly string[]).includes(d.key));
  return {
    type: 'bar',
    title: 'P&L decomposition by variant',
    caption: mc ? 'Mean per path with 95% intervals, every variant on the same paths and the same order flow.' : 'On the historical path.',
    categories: defs.map((d) => d.label),
    y: { label: 'Amount', unit: 'quote' },
    series: r.variants.map((v) => {
      const ss = defs.map((d) => summary(v, d.key)!);
      return { name: v.name, values: ss.map((s) => s.mean), errors: mc ? ss.map((s) => s.meanCi) : undefined };
    }),
  };
}

/** Half-width in percent of each variant's base range, NaN when not a width-parameterised range. */
function widthOf(r: RunResults, name: string): number {
  const policy = r.config.variants.find((x) => x.name === name)?.policy as { type?: string; halfWidthPct?: number; baseThreshold?: number } | undefined;
  if (!policy) return NaN;
  if (policy.type === 'charm' && policy.baseThreshold !== undefined) return (Math.exp(policy.baseThreshold * Math.log1p(0.0001)) - 1) * 100;
  return policy.halfWidthPct ?? NaN;
}

function widthCharts(r: RunResults): ChartSpec[] {
  const mc = r.mode === 'monte-carlo';
  const pts = r.variants.map((v) => ({ v, w: widthOf(r, v.name) })).filter((x) => Number.isFinite(x.w));
  if (pts.length < 2 || new Set(pts.map((x) => x.w)).size < 2) return [];
  const point = (key: string, group: string) =>
    pts.map(({ v, w }) => {
      const s = summary(v, key)!;
      return { name: key === 'netPnl' ? v.name : `${v.name}: ${group}`, group, x: w, y: s.mean, yCi: mc && Number.isFinite(s.meanCi[0]) ? s.meanCi : undefined };
    });
  const x = { label: 'Range half-width', unit: '%', log: true };
  return [
    {
      type: 'scatter',
      title: 'Net P&L against range width',
      caption: `Mean net P&L per path of each variant at its range half-width (Charm: the base threshold as a price factor)${mc ? ', with 95% intervals; every width saw the same paths and order flow' : ''}. Net P&L = fees - LVR + noise P&L - rebalancing costs.`,
      x,
      y: { label: 'Net P&L', unit: 'quote' },
      points: point('netPnl', 'Net P&L'),
      labels: pts.length <= 8,
    },
    {
      type: 'scatter',
      title: 'Fees, LVR and rebalancing costs against range width',
      caption: 'Narrow ranges earn more fees per unit of capital but lose more to arbitrageurs (LVR grows about like 1 / width) and rebalance more often.',
      x,
      y: { label: 'Per path', unit: 'quote' },
      points: [...point('fees', 'Fees'), ...point('lvr', 'LVR'), ...point('rebalanceCost', 'Rebalancing costs')],
      labels: false,
    },
  ];
}

/** Closed-form LVR and break-even per range width, at the run's volatility, pool fee and block time. */
function breakEvenTable(r: RunResults): TableBlock {
  const v0 = r.variants[0];
  const sigma = summary(v0, 'realizedVol')?.mean ?? NaN;
  const venue = r.config.variants[0].venue as { type: string; feeBps?: number; weight?: number };
  const fee = (venue.feeBps ?? 30) / 1e4;
  const blockTime = r.config.market.blockTime;
  const widths = [...new Set([...[1, 2, 5, 10, 25, 50, 100], ...r.variants.map((v) => widthOf(r, v.name)).filter((w) => Number.isFinite(w))])].sort((a, b) => a - b);
  const arbC = arbToLvrConstantBlocks(fee, sigma, blockTime);
  const arbP = arbToLvrPoisson(logFee(fee), sigma, blockTime);
  const row = (label: string, lvrPerYear: number) => ({
    range: label,
    factor: lvrPerYear / (sigma * sigma),
    lvr: lvrPerYear,
    arb: lvrPerYear * arbC,
    arbPoisson: lvrPerYear * arbP,
    turnover: lvrPerYear / fee / 365,
  });
  const rows = venue.type === 'balancer-weighted'
    ? [row(`weighted ${Math.round((venue.weight ?? 0.5) * 100)}/${Math.round((1 - (venue.weight ?? 0.5)) * 100)}`, lvrWeighted(sigma, venue.weight ?? 0.5))]
    : [row('full range (constant product)', lvrCpmm(sigma)), ...(venue.type === 'uniswap-v3' ? widths.map((w) => row(`+-${Number(w.toPrecision(3))}% [p/${(1 + w / 100).toFixed(3)}, p x ${(1 + w / 100).toFixed(3)}]`, lvrRange(sigma, 1, 1 / (1 + w / 100), 1 + w / 100))) : [])];
  return {
    kind: 'table',
    caption: `Closed forms at the centre of each range, at the run's realised volatility ${(sigma * 100).toFixed(1)}%/sqrt(yr), a ${venue.feeBps ?? 30} bps fee and ${blockTime} s blocks. LVR/V = sigma^2 sqrt(p) / (4 (2 sqrt(p) - p/sqrt(pb) - sqrt(pa))) in a range, sigma^2/8 for constant product, sigma^2 w(1-w)/2 for weighted: the fee APR a range needs to break even against LVR. With fees, arbitrageurs take only ARB = LVR / (1 + 1.7164 fee/sigma_b) (constant blocks; 1.4142 for Poisson blocks), the rest of LVR being paid back as their fees. The last column is the daily volume per unit of position value that the fee must see to pay LVR.`,
    columns: [
      { key: 'range', label: 'Range', align: 'left' },
      { key: 'factor', label: 'LVR/V per sigma^2', unit: 'ratio' },
      { key: 'lvr', label: 'Break-even fee APR (= LVR/V)', unit: 'fraction' },
      { key: 'arb', label: 'ARB/V per year, constant blocks', unit: 'fraction' },
      { key: 'arbPoisson', label: 'ARB/V per year, Poisson blocks', unit: 'fraction' },
      { key: 'turnover', label: 'Break-even daily volume / V', unit: 'ratio' },
    ],
    rows,
  };
}

function realisedBreakEven(r: RunResults): TableBlock {
  const mc = r.mode === 'monte-carlo';
  const cell = (v: VariantResult, k: string): number | [number, number, number] | null => {
    const s = summary(v, k);
    if (!s || s.n === 0) return null;
    return mc && Number.isFinite(s.meanCi[0]) ? [s.mean, s.meanCi[0], s.meanCi[1]] : s.mean;
  };
  return {
    kind: 'table',
    caption: 'Realised on the run: fee and LVR rates per year of mean value, the realised LVR against its closed form, and the fee at which each variant would have broken even.',
    columns: [
      { key: 'name', label: 'Variant', align: 'left' },
      { key: 'feeApr', label: 'Fee APR', unit: 'fraction' },
      { key: 'lvrApr', label: 'LVR APR', unit: 'fraction' },
      { key: 'lvrClosedFormApr', label: 'Closed-form LVR APR', unit: 'fraction' },
      { key: 'lvrRatio', label: 'Realised / closed form', unit: 'ratio' },
      { key: 'netApr', label: 'Net APR', unit: 'fraction' },
      { key: 'breakEvenFeeBps', label: 'Break-even fee', unit: 'bps' },
    ],
    rows: r.variants.map((v) => ({
      name: v.name,
      feeApr: cell(v, 'feeApr'),
      lvrApr: cell(v, 'lvrApr'),
      lvrClosedFormApr: cell(v, 'lvrClosedFormApr'),
      lvrRatio: cell(v, 'lvrRatio'),
      netApr: cell(v, 'netApr'),
      breakEvenFeeBps: cell(v, 'breakEvenFeeBps'),
    })),
  };
}

export function lpReportSections(r: RunResults): Section[] {
  const mc = r.mode === 'monte-carlo';
  const sections: Section[] = [];
  const pnl: Block[] = [];
  for (const v of r.variants) pnl.push({ kind: 'chart', chart: pnlChart(v, mc) });
  sections.push({ title: 'Fees, LVR and net P&L over time', intro: 'The LP sells what rises and buys what falls along the pool\'s curve; arbitrageurs take the difference to the market price (LVR), fees pay it back or not.', blocks: pnl });
  const across: Block[] = [{ kind: 'chart', chart: decompositionChart(r) }];
  for (const c of widthCharts(r)) across.push({ kind: 'chart', chart: c });
  across.push(realisedBreakEven(r));
  sections.push({ title: r.variants.length > 1 ? 'Across variants and range widths' : 'P&L decomposition', blocks: across });
  sections.push({ title: 'Break-even fee per range (closed form)', blocks: [breakEvenTable(r)] });
  sections.push({ title: 'Price and range', blocks: r.variants.map((v) => ({ kind: 'chart' as const, chart: rangeChart(v, mc) })) });
  const value: Block[] = [];
  for (const v of r.variants) {
    const f = fanChart(v);
    if (f) value.push({ kind: 'chart', chart: f });
    value.push({ kind: 'chart', chart: valueChart(v, mc) });
  }
  sections.push({ title: 'Value against holding', blocks: value });
  if (mc) {
    const dist: Block[] = [];
    for (const v of r.variants) {
      const h = histogram(v);
      if (h) dist.push({ kind: 'chart', chart: h });
    }
    if (dist.length) sections.push({ title: 'Distribution of net P&L', blocks: dist });
  }
  return sections;
}
