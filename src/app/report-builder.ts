/**
 * Builds the report model of a run: the sections every product family shares (run facts,
 * headline figures, comparison, all metrics, trades, glossary) around the family's own sections.
 */
import type { MetricSummary } from '../engine/metric-accumulator.js';
import type { Block, Report, Section, TableBlock } from '../report/report-model.js';
import { KEEL_VERSION } from '../version.js';
import type { RunResults, VariantResult } from './results.js';
import { formatDuration } from '../core/units.js';
import { describeVenue } from '../config/build-execution.js';

/** ISO time, or the date alone when it falls at 00:00 UTC (daily data). */
const iso = (t: number) => {
  const s = new Date(t * 1000).toISOString().replace('.000Z', 'Z');
  return s.endsWith('T00:00:00Z') ? s.slice(0, 10) : s;
};

function runFacts(r: RunResults): Report['run'] {
  const c = r.config;
  const m = c.market;
  const facts: Report['run'] = [{ label: 'Config', value: c.source }, { label: 'Market', value: m.label }];
  if (m.kind === 'model') {
    facts.push({ label: 'Paths', value: `${r.paths.toLocaleString('en-US')} paths of ${m.steps.toLocaleString('en-US')} steps of ${formatDuration(m.stepSeconds)} from ${iso(m.start)}` });
    facts.push({ label: 'Random numbers', value: `seed ${r.seed}, ${r.blockSize} paths per stream; all variants on the same paths` });
  } else {
    facts.push({ label: 'Period', value: `${iso(m.path.times[0])} to ${iso(m.path.times[m.path.steps])}, ${m.path.steps.toLocaleString('en-US')} steps` });
  }
  const base = c.variants[0];
  facts.push(...c.family.describe(base.product as never, base.policy as never));
  const v = base.venue;
  facts.push({ label: 'Venue', value: describeVenue(v) });
  const e = base.execution;
  facts.push({ label: 'Execution', value: e.maxTradeSize ? `TWAP: at most ${e.maxTradeSize} base units per trade, cooldown ${e.cooldown ?? 0}, slippage guard ${e.slippageBps ?? 'none'} bps` : `single trade per rebalance${e.slippageBps ? `, slippage guard ${e.slippageBps} bps` : ''}` });
  facts.push({
    label: 'Run',
    value: m.kind === 'model' ? `${r.seconds.toFixed(2)} s on ${r.threads} thread(s), ${(r.pathSteps / Math.max(r.seconds, 1e-9) / 1e6).toFixed(1)} million path-steps/s` : `${r.seconds.toFixed(2)} s`,
  });
  return facts;
}

const cell = (s: MetricSummary | undefined, mc: boolean): number | [number, number, number] | null => {
  if (!s || s.n === 0) return null;
  return mc && Number.isFinite(s.meanCi[0]) ? [s.mean, s.meanCi[0], s.meanCi[1]] : s.mean;
};

function headlineSection(r: RunResults): Section {
  const mc = r.mode === 'monte-carlo';
  const keys = r.config.family.headline;
  const blocks: Block[] = [];
  if (r.variants.length > 1) return compareHeadline(r, keys);
  for (const v of r.variants) {
    blocks.push({
      kind: 'figures',
      items: keys
        .map((k) => v.summaries.find((s) => s.key === k))
        .filter((s): s is MetricSummary => !!s && s.n > 0)
        .map((s) => ({ label: s.label, value: s.mean, unit: s.unit, ci: mc ? s.meanCi : undefined, help: v.defs.find((d) => d.key === s.key)?.help })),
    });
  }
  return {
    title: 'Summary',
    intro: mc ? 'Means over all paths, with 95% confidence intervals from the Monte Carlo error.' : 'Figures of the backtest on the historical path.',
    blocks,
  };
}

/** Compare mode: headline metrics as a table (variants as columns) and their paired differences. */
function compareHeadline(r: RunResults, keys: readonly string[]): Section {
  const s = comparisonTables(r, keys);
  return {
    title: 'Summary',
    intro:
      r.mode === 'monte-carlo'
        ? `The headline metrics of each variant (means with 95% confidence intervals), then each variant's difference from "${r.variants[0].name}" path by path. Every variant ran on the same paths.`
        : 'The headline metrics of each variant on the historical path.',
    blocks: s,
  };
}

function comparisonSection(r: RunResults): Section | null {
  if (r.variants.length < 2) return null;
  return { title: 'Comparison, all metrics', intro: 'Every metric of the variants side by side.', blocks: comparisonTables(r, r.variants[0].defs.map((d) => d.key)) };
}

function comparisonTables(r: RunResults, keys: readonly string[]): Block[] {
  const mc = r.mode === 'monte-carlo';
  const defs = r.variants[0].defs;
  const table: TableBlock = {
    kind: 'table',
    caption: mc ? 'Mean of each metric (95% confidence interval), every variant on the same paths.' : 'Each metric on the historical path.',
    columns: [{ key: 'metric', label: 'Metric', align: 'left' }, { key: 'unit', label: 'Unit', align: 'left' }, ...r.variants.map((v, i) => ({ key: `v${i}`, label: v.name }))],
    rows: keys.map((k) => {
      const d = defs.find((x) => x.key === k)!;
      const row: TableBlock['rows'][number] = { metric: d.label, unit: d.unit };
      r.variants.forEach((v, i) => (row[`v${i}`] = cell(v.summaries.find((s) => s.key === k), mc)));
      return row;
    }),
  };
  const blocks: Block[] = [table];
  if (mc) {
    blocks.push({
      kind: 'table',
      caption: `Difference from "${r.variants[0].name}", path by path (95% interval). Common random numbers make these intervals far narrower than the gap between two separate means: an interval that excludes 0 is a real difference.`,
      columns: [{ key: 'metric', label: 'Metric', align: 'left' }, { key: 'unit', label: 'Unit', align: 'left' }, ...r.variants.slice(1).map((v, i) => ({ key: `v${i}`, label: `${v.name} - ${r.variants[0].name}` }))],
      rows: keys.map((k) => {
        const d = defs.find((x) => x.key === k)!;
        const row: TableBlock['rows'][number] = { metric: d.label, unit: d.unit };
        r.variants.slice(1).forEach((v, i) => (row[`v${i}`] = cell(v.paired?.find((s) => s.key === k), true)));
        return row;
      }),
    });
  }
  return blocks;
}

function metricsTable(v: VariantResult, mc: boolean): TableBlock {
  return {
    kind: 'table',
    caption: mc ? `${v.name}: every metric over all paths.` : `${v.name}: every metric of the backtest.`,
    columns: mc
      ? [
          { key: 'metric', label: 'Metric', align: 'left' },
          { key: 'unit', label: 'Unit', align: 'left' },
          { key: 'mean', label: 'Mean (95% CI)' },
          { key: 'sd', label: 'SD' },
          { key: 'p5', label: 'p5' },
          { key: 'p50', label: 'Median' },
          { key: 'p95', label: 'p95' },
          { key: 'n', label: 'Paths', unit: 'count' },
        ]
      : [{ key: 'metric', label: 'Metric', align: 'left' }, { key: 'unit', label: 'Unit', align: 'left' }, { key: 'mean', label: 'Value' }],
    rows: v.summaries.map((s) => ({
      metric: s.label,
      unit: s.unit,
      mean: cell(s, mc),
      sd: mc ? s.sd : null,
      p5: s.percentiles.p5 ?? null,
      p50: s.percentiles.p50 ?? null,
      p95: s.percentiles.p95 ?? null,
      n: s.n,
    })),
  };
}

function tradesTable(v: VariantResult): TableBlock {
  const t = v.sample.trace;
  return {
    kind: 'table',
    caption: `${v.name}: trades on the ${v.sample.trace.lastRow > 0 ? 'traced' : ''} path (the CSV has them all).`,
    maxRows: 100,
    columns: [
      { key: 'time', label: 'Time (UTC)', align: 'left' },
      { key: 'trigger', label: 'Trigger', align: 'left' },
      { key: 'units', label: 'Units', unit: 'base' },
      { key: 'mid', label: 'Oracle price', unit: 'quote' },
      { key: 'fee', label: 'Fee', unit: 'quote' },
      { key: 'impact', label: 'Impact', unit: 'quote' },
      { key: 'status', label: 'Status', align: 'left' },
      { key: 'level', label: t.source.levelLabel },
    ],
    rows: t.trades.map((x) => ({ time: iso(x.time), trigger: `${x.trigger}${x.reason === 'emergency' ? ' (emergency)' : ''}`, units: x.units, mid: x.mid, fee: x.fee, impact: x.impact, status: x.status, level: x.levelAfter })),
  };
}

export function buildReport(r: RunResults, generatedAt?: string): Report {
  const mc = r.mode === 'monte-carlo';
  const report: Report = {
    title: r.config.name,
    subtitle: r.config.description ?? `${r.config.family.label}: ${mc ? `Monte Carlo, ${r.paths.toLocaleString('en-US')} paths` : 'backtest on history'}`,
    generatedAt,
    keelVersion: KEEL_VERSION,
    run: runFacts(r),
    sections: [],
  };
  report.sections.push(headlineSection(r));
  const comparison = comparisonSection(r);
  if (comparison) report.sections.push(comparison);
  report.sections.push(...(r.config.family.reportSections?.({ report, results: r }) ?? []));
  report.sections.push({ title: 'All metrics', blocks: r.variants.map((v) => metricsTable(v, mc)) });
  report.sections.push({
    title: mc ? 'Trades on the first path' : 'Trades',
    intro: mc ? 'Every variant traced on path 0 of the run, so the trades can be read one by one.' : undefined,
    blocks: r.variants.map(tradesTable),
  });
  report.sections.push({
    title: 'Definitions',
    blocks: [
      { kind: 'glossary', entries: r.variants[0].defs.filter((d) => d.help).map((d) => ({ term: d.label, definition: `${d.help} Unit: ${d.unit}.` })) },
      {
        kind: 'text',
        tone: 'note',
        paragraphs: [
          'Conventions: prices in quote per base; rates per year; time in years of 365 days; costs are positive when paid. Confidence intervals are 95% intervals of the Monte Carlo estimate (normal approximation; the interval of a standard deviation uses the sample kurtosis). Percentiles come from a streaming quantile sketch accurate to 0.5% of the value.',
        ],
      },
    ],
  });
  return report;
}
