/**
 * Report sections of a leveraged-token run: how NAV decays against the continuously rebalanced
 * closed form and a daily reset, what the leverage did, where the costs went, how decay grows
 * with volatility and leverage, and the flow the rules force through the market.
 */
import { fanChartOf } from '../../app/fan.js';
import type { RunResults, VariantResult } from '../../app/results.js';
import type { Block, ChartSpec, Section } from '../../report/report-model.js';
import { continuousNavRatio } from './closed-form.js';
import { rebalanceFlow as flowOf } from './recentering.js';

const COST_KEYS = ['costFee', 'costGas', 'costImpact', 'costFunding', 'costInterest', 'costManagement', 'costKeeper', 'costLiquidation'] as const;

function col(v: VariantResult, key: string): Float64Array {
  return v.sample.trace.column(key);
}

function navChart(v: VariantResult, mc: boolean): ChartSpec {
  const t = v.sample.trace;
  const nav = col(v, 'nav');
  const price = col(v, 'price');
  const nav0 = nav[0];
  return {
    type: 'line',
    title: `${v.name}: NAV against its benchmarks${mc ? ' (path 0)' : ''}`,
    caption: 'The token, the same token rebalanced continuously (closed form on the realised variance, no costs), a token reset to the target every UTC midnight, and the underlying, all scaled to start at the token\'s NAV. The gap to the continuous line is what discreteness and costs cost; the underlying\'s gap is volatility decay plus leverage.',
    x: { label: 'Date', time: true, values: t.times.subarray(0, t.lastRow + 1) },
    y: { label: 'Value', unit: 'quote', log: true },
    series: [
      { name: 'Token NAV', values: nav },
      { name: 'Continuous rebalancing', values: col(v, 'continuousNav'), dashed: true },
      { name: 'Daily reset', values: col(v, 'dailyResetNav'), dashed: true },
      { name: 'Underlying (scaled)', values: Float64Array.from(price, (p) => (p / price[0]) * nav0) },
    ],
  };
}

function leverageChart(v: VariantResult, r: RunResults): ChartSpec {
  const t = v.sample.trace;
  const policy = (r.config.variants.find((x) => x.name === v.name)?.policy ?? {}) as { band?: { min: number; max: number } };
  const product = (r.config.variants.find((x) => x.name === v.name)?.product ?? {}) as { target: number };
  const sign = product.target < 0 ? -1 : 1;
  const lev = col(v, 'leverage');
  return {
    type: 'line',
    title: `${v.name}: leverage and rebalances`,
    caption: 'Leverage as the market moved it (marked before each rebalance) and after each step; markers are trades, at the leverage right after the trade. The shaded area is the band.',
    x: { label: 'Date', time: true, values: t.times.subarray(0, t.lastRow + 1) },
    y: { label: 'Leverage', unit: 'leverage' },
    series: [
      { name: 'Before rebalancing', values: col(v, 'markedLeverage') },
      { name: 'After the step', values: lev, step: true, dashed: true },
    ],
    hlines: [{ name: 'Target', value: product.target, dashed: true }],
    hband: policy.band ? { name: 'Band', from: sign * policy.band.min, to: sign * policy.band.max } : undefined,
    markers: [{ name: 'Trades', points: t.trades.filter((x) => x.units !== 0).map((x) => [x.time, x.levelAfter] as [number, number]), symbol: 'triangle' }],
  };
}

function costChart(r: RunResults): ChartSpec {
  const mc = r.mode === 'monte-carlo';
  const labels = r.variants[0].defs.filter((d) => (COST_KEYS as readonly string[]).includes(d.key));
  const used = labels.filter((d) => r.variants.some((v) => Math.abs(v.summaries.find((s) => s.key === d.key)?.mean ?? 0) > 0));
  return {
    type: 'bar',
    title: 'Costs by kind',
    caption: mc ? 'Mean cost per path by kind, in quote, with 95% intervals.' : 'Costs by kind over the backtest, in quote.',
    categories: used.map((d) => d.label),
    y: { label: 'Cost', unit: 'quote' },
    series: r.variants.map((v) => {
      const ss = used.map((d) => v.summaries.find((s) => s.key === d.key)!);
      return { name: v.name, values: ss.map((s) => s.mean), errors: mc ? ss.map((s) => s.meanCi) : undefined };
    }),
  };
}

function fanChart(v: VariantResult): ChartSpec | null {
  return v.fan ? fanChartOf(v.fan, `${v.name}: NAV across all paths`, 'Median NAV with the 25-75% and 5-95% ranges of all paths at each date. Leveraged tokens are skewed: the mean sits above the median, which decays.', true) : null;
}

function histogramChart(v: VariantResult, key: string, title: string, caption: string): ChartSpec | null {
  const h = v.histograms?.[key];
  const s = v.summaries.find((x) => x.key === key);
  if (!h || !s || h.bins.length === 0) return null;
  return {
    type: 'histogram',
    title: `${v.name}: ${title}`,
    caption: `${caption} ${h.below + h.above > 0 ? `(${h.below + h.above} paths beyond the 0.5-99.5% range are not drawn.)` : ''}`,
    x: { label: s.label, unit: s.unit },
    bins: h.bins,
    markers: [
      { name: 'Mean', value: s.mean },
      { name: 'Median', value: s.percentiles.p50 },
    ],
  };
}

/** Closed-form NAV after one year with the price back where it started, by leverage and volatility. */
function decayHeatmap(r: RunResults): ChartSpec {
  const betas = [-3, -2, -1, 2, 3, 4, 5];
  const vols = [0.2, 0.4, 0.6, 0.8, 1.0, 1.2];
  const target = (r.config.variants[0].product as { target: number }).target;
  if (!betas.includes(target)) betas.push(target);
  betas.sort((a, b) => a - b);
  return {
    type: 'heatmap',
    title: 'Volatility decay at a glance',
    caption: 'What a continuously rebalanced token keeps after one year when the underlying ends where it started: exp(-(b^2 - b)/2 sigma^2). Decay grows with the square of volatility and with leverage, for shorts as well as longs.',
    x: { label: 'Annual volatility', categories: vols.map((s) => `${Math.round(s * 100)}%`) },
    y: { label: 'Leverage', categories: betas.map((b) => `${b}x`) },
    values: betas.map((b) => vols.map((s) => continuousNavRatio(b, 1, s * s))),
    unit: 'fraction',
    better: 'higher',
  };
}

function flowTable(r: RunResults): Block {
  const product = r.config.variants[0].product as { target: number; initialNav: number };
  const b = product.target;
  const moves = [-0.2, -0.1, -0.05, -0.01, 0.01, 0.05, 0.1, 0.2];
  return {
    kind: 'table',
    caption: `Trade a ${b}x token must make after a move of the underlying to restore its leverage: (b^2 - b) x NAV x move, per ${product.initialNav} of NAV. It always trades with the market (buys after rises, sells after falls), so flows pile up at rebalance times.`,
    columns: [
      { key: 'move', label: 'Underlying move', unit: 'fraction' },
      { key: 'flow', label: 'Trade', unit: 'quote' },
      { key: 'share', label: 'Trade / NAV', unit: 'fraction' },
    ],
    rows: moves.map((m) => ({ move: m, flow: flowOf(b, product.initialNav, m), share: flowOf(b, 1, m) })),
  };
}

export function leveragedTokenReportSections(r: RunResults): Section[] {
  const mc = r.mode === 'monte-carlo';
  const sections: Section[] = [];
  const navBlocks: Block[] = [];
  for (const v of r.variants) {
    const fan = fanChart(v);
    if (fan) navBlocks.push({ kind: 'chart', chart: fan });
    navBlocks.push({ kind: 'chart', chart: navChart(v, mc) });
  }
  sections.push({ title: 'NAV and decay', intro: 'How the token\'s value evolves against what continuous rebalancing and a daily reset would give on the same prices.', blocks: navBlocks });
  sections.push({ title: 'Leverage', blocks: r.variants.map((v) => ({ kind: 'chart' as const, chart: leverageChart(v, r) })) });
  if (mc) {
    const dist: Block[] = [];
    for (const v of r.variants) {
      const a = histogramChart(v, 'logNav', 'distribution of log NAV', 'ln(NAV_T / NAV_0) over paths not wiped out.');
      const d = histogramChart(v, 'decayVsContinuous', 'decay against continuous rebalancing', 'ln(NAV_T / continuous NAV_T): below 0, discreteness and costs lost value against the closed form.');
      if (a) dist.push({ kind: 'chart', chart: a });
      if (d) dist.push({ kind: 'chart', chart: d });
    }
    sections.push({ title: 'Distribution of outcomes', blocks: dist });
  }
  sections.push({ title: 'Costs', blocks: [{ kind: 'chart', chart: costChart(r) }] });
  sections.push({ title: 'Decay by volatility and leverage', blocks: [{ kind: 'chart', chart: decayHeatmap(r) }] });
  sections.push({ title: 'Rebalance flow', blocks: [flowTable(r)] });
  return sections;
}
