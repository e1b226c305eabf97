/**
 * The report of a sweep: grid points ranked by the objective, the objective and headline metrics
 * against one parameter (with 95% intervals), a heatmap for two parameters, and the cost-risk
 * frontier of all points.
 */
import type { Block, ChartSpec, Report, TableBlock } from '../report/report-model.js';
import { KEEL_VERSION } from '../version.js';
import type { SweepResult } from './sweep.js';

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString());

function metric(r: SweepResult, point: number, key: string) {
  return r.points[point].summaries.find((s) => s.key === key);
}

export function rankedPoints(r: SweepResult): number[] {
  const val = (i: number) => metric(r, i, r.objective.key)?.mean ?? NaN;
  return r.points.map((_, i) => i).sort((a, b) => {
    const x = val(a), y = val(b);
    if (Number.isNaN(x)) return 1;
    if (Number.isNaN(y)) return -1;
    return r.objective.minimize ? x - y : y - x;
  });
}

function pointsTable(r: SweepResult, order: number[], keys: string[], caption: string, maxRows?: number, ranked = true): TableBlock {
  const defs = r.points[0].summaries;
  return {
    kind: 'table',
    caption,
    maxRows,
    columns: [
      { key: 'rank', label: ranked ? 'Rank' : 'Point', unit: 'count' },
      ...r.axes.map((a, j) => ({ key: `a${j}`, label: a.path, align: 'right' as const })),
      ...keys.map((k) => ({ key: k, label: defs.find((d) => d.key === k)?.label ?? k, unit: defs.find((d) => d.key === k)?.unit })),
    ],
    rows: order.map((i, rank) => {
      const row: TableBlock['rows'][number] = { rank: rank + 1 };
      r.axes.forEach((_, j) => (row[`a${j}`] = fmt(r.points[i].values[j])));
      for (const k of keys) {
        const s = metric(r, i, k);
        row[k] = s && s.n > 0 ? [s.mean, s.meanCi[0], s.meanCi[1]] : null;
      }
      return row;
    }),
  };
}

function lineCharts(r: SweepResult, keys: string[]): ChartSpec[] {
  const axis = r.axes[0];
  const values = axis.values;
  return keys.map((k) => {
    const idx = values.map((_, i) => i);
    const s = idx.map((i) => metric(r, i, k)!);
    return {
      type: 'line',
      title: `${s[0].label} against ${axis.path}`,
      caption: 'Mean over all paths, with its 95% confidence interval (dashed). Every point ran on the same random numbers, so the shape of the curve is sharper than the intervals suggest.',
      x: { label: axis.path, values },
      y: { label: s[0].label, unit: s[0].unit },
      series: [
        { name: 'Mean', values: s.map((x) => x.mean) },
        { name: '95% CI low', values: s.map((x) => x.meanCi[0]), dashed: true },
        { name: '95% CI high', values: s.map((x) => x.meanCi[1]), dashed: true },
      ],
    };
  });
}

function heatmap(r: SweepResult): ChartSpec {
  const [ax, ay] = r.axes;
  const key = r.objective.key;
  const label = r.points[0].summaries.find((s) => s.key === key)!;
  const at = (x: number, y: number) => r.points.findIndex((p) => p.values[0] === ax.values[x] && p.values[1] === ay.values[y]);
  return {
    type: 'heatmap',
    title: `${label.label} by ${ax.path} and ${ay.path}`,
    caption: `Mean ${label.label.toLowerCase()} at each grid point (${r.objective.minimize ? 'lower' : 'higher'} is better).`,
    x: { label: ax.path, categories: ax.values.map(fmt) },
    y: { label: ay.path, categories: ay.values.map(fmt) },
    values: ay.values.map((_, y) => ax.values.map((_, x) => {
      const i = at(x, y);
      return i < 0 ? null : metric(r, i, key)?.mean ?? null;
    })),
    unit: label.unit,
    better: r.objective.minimize ? 'lower' : 'higher',
  };
}

function frontier(r: SweepResult): ChartSpec | null {
  const f = r.config.family.frontier;
  if (!f) return null;
  const sx = r.points[0].summaries.find((s) => s.key === f.x), sy = r.points[0].summaries.find((s) => s.key === f.y);
  if (!sx || !sy) return null;
  return {
    type: 'scatter',
    title: `${sy.label} against ${sx.label}`,
    caption: 'Each grid point with 95% intervals; the line joins the points no other point beats on both (lower-left is better). Points above the line are dominated.',
    x: { label: sx.label, unit: sx.unit },
    y: { label: sy.label, unit: sy.unit },
    frontier: true,
    labels: r.points.length <= 12,
    points: r.points.map((p) => {
      const x = metric(r, p.index, f.x)!, y = metric(r, p.index, f.y)!;
      return { name: r.axes.map((a, j) => `${a.path.split('.').pop()}=${fmt(p.values[j])}`).join(', '), x: x.mean, y: y.mean, xCi: x.meanCi, yCi: y.meanCi };
    }),
  };
}

export function buildSweepReport(r: SweepResult, generatedAt?: string): Report {
  const fam = r.config.family;
  const order = rankedPoints(r);
  // The objective, the frontier pair, then headline metrics, leaving out any that do not change
  // across the grid (the underlying's return is the same at every point: same paths).
  const varies = (k: string) => new Set(r.points.map((p) => p.summaries.find((s) => s.key === k)?.mean)).size > 1;
  const keys = [...new Set([r.objective.key, fam.frontier?.x, fam.frontier?.y, ...fam.headline])]
    .filter((k): k is string => !!k && r.points[0].summaries.some((s) => s.key === k) && varies(k))
    .slice(0, 6);
  const blocks: Block[] = [pointsTable(r, order.slice(0, 10), keys, `The best grid points by ${r.objective.key} (${r.objective.minimize ? 'lowest' : 'highest'} first): means with 95% confidence intervals.`)];
  const charts: Block[] = [];
  if (r.axes.length === 1) charts.push(...lineCharts(r, keys.slice(0, 6)).map((chart) => ({ kind: 'chart' as const, chart })));
  if (r.axes.length === 2) charts.push({ kind: 'chart', chart: heatmap(r) });
  const fr = frontier(r);
  if (fr) charts.push({ kind: 'chart', chart: fr });
  const m = r.config.market;
  return {
    title: `${r.config.name}: sweep`,
    subtitle: r.config.description,
    generatedAt,
    keelVersion: KEEL_VERSION,
    run: [
      { label: 'Config', value: r.config.source },
      { label: 'Market', value: m.label },
      { label: 'Grid', value: r.axes.map((a) => `${a.path}: ${a.values.map(fmt).join(', ')}`).join('; ') },
      { label: 'Paths', value: `${r.paths.toLocaleString('en-US')} per grid point, seed ${r.seed}: every point on the same random numbers` },
      { label: 'Run', value: `${r.points.length} points in ${r.seconds.toFixed(1)} s${r.resumed ? ` (${r.resumed} read back from the checkpoint)` : ''}` },
      ...fam.describe(r.config.variants[0].product as never, r.config.variants[0].policy as never),
    ],
    sections: [
      { title: 'Best settings', intro: 'Grid points ranked by the objective.', blocks },
      ...(charts.length ? [{ title: 'How the metrics move with the parameters', blocks: charts }] : []),
      { title: 'Every grid point', blocks: [pointsTable(r, r.points.map((_, i) => i), keys, 'All grid points in grid order (sweep.csv has every metric).', 500, false)] },
    ],
  };
}
