import { describe, expect, it } from 'vitest';
import {
  buildChartOption,
  downsampleIndices,
  downsampleMinMax,
  paretoFrontier,
  renderChart,
  renderChartSvg,
  utcTimeTicks,
} from './charts.js';
import type { ChartSpec, LineChart } from './report-model.js';

const DAY = 86_400;
const T0 = Date.UTC(2024, 0, 1) / 1000;

/** Text content of the <text> elements of an SVG, unescaped for &lt; &gt; &amp;. */
function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)</g)].map((m) => m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
}

function wave(n: number, f: (i: number) => number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => f(i));
}

const daily = (n: number) => wave(n, (i) => T0 + i * DAY);

const specs: ChartSpec[] = [
  {
    type: 'line',
    title: 'Line',
    x: { label: 'Date', time: true, values: daily(400) },
    y: { label: 'Price', unit: 'quote', log: true },
    y2: { label: 'Leverage', unit: 'leverage' },
    series: [
      { name: 'ETH price', values: wave(400, (i) => 3000 * Math.exp(0.3 * Math.sin(i / 40))), area: true },
      { name: 'Token leverage', values: wave(400, (i) => 2 + 0.2 * Math.sin(i / 7)), axis: 'right', dashed: true, step: true },
    ],
    hlines: [{ name: 'Target price', value: 3000, dashed: true }],
    hband: { name: 'Comfort band', from: 2500, to: 3500 },
    markers: [{ name: 'Rebalances', points: [[T0 + 10 * DAY, 3100], [T0 + 50 * DAY, 2900]], symbol: 'triangle' }],
  },
  {
    type: 'fan',
    title: 'Fan',
    x: { label: 'Date', time: true, values: daily(366) },
    y: { label: 'NAV', unit: 'quote' },
    median: wave(366, (i) => 1000 - i),
    bands: [
      { name: 'p5 to p95', lower: wave(366, (i) => 1000 - 2 * i), upper: wave(366, (i) => 1000 + i) },
      { name: 'p25 to p75', lower: wave(366, (i) => 1000 - 1.5 * i), upper: wave(366, (i) => 1000 - 0.5 * i) },
    ],
    lines: [{ name: 'Closed form', values: wave(366, (i) => 1000 - 0.8 * i), dashed: true }],
  },
  {
    type: 'histogram',
    title: 'Histogram',
    x: { label: 'Log NAV ratio', unit: 'log' },
    bins: Array.from({ length: 20 }, (_, k) => ({ from: -1 + 0.1 * k, to: -0.9 + 0.1 * k, count: 100 - (k - 10) ** 2 })),
    markers: [{ name: 'Mean', value: -0.05 }, { name: 'VaR 95%', value: -0.8 }],
  },
  {
    type: 'bar',
    title: 'Bar',
    categories: ['Band A', 'Band B', 'Daily'],
    y: { label: 'Cost', unit: 'fraction' },
    series: [
      { name: 'Trading cost', values: [0.01, 0.02, 0.03], errors: [[0.009, 0.011], [0.018, 0.022], [0.027, 0.033]] },
      { name: 'Funding cost', values: [0.005, 0.006, 0.007] },
    ],
  },
  {
    type: 'scatter',
    title: 'Scatter',
    x: { label: 'Cost', unit: 'fraction' },
    y: { label: 'Tracking error', unit: 'fraction' },
    points: [
      { name: 'Policy A', group: 'Bands', x: 0.01, y: 0.05, xCi: [0.009, 0.011], yCi: [0.045, 0.055] },
      { name: 'Policy B', group: 'Bands', x: 0.02, y: 0.03 },
      { name: 'Policy C', group: 'Schedules', x: 0.03, y: 0.04 },
    ],
    frontier: true,
  },
  {
    type: 'heatmap',
    title: 'Heatmap',
    x: { label: 'Band width', categories: ['0.1x', '0.2x', '0.3x'] },
    y: { label: 'Volatility', categories: ['40%', '80%'] },
    values: [
      [0.01, 0.02, null],
      [-0.03, 0.0, 0.015],
    ],
    unit: 'fraction',
    better: 'higher',
  },
];

const names: Record<string, string[]> = {
  line: ['ETH price', 'Token leverage', 'Target price', 'Comfort band', 'Rebalances'],
  fan: ['p5 to p95', 'p25 to p75', 'Median', 'Closed form'],
  histogram: ['Mean', 'VaR 95%'],
  bar: ['Trading cost', 'Funding cost'],
  scatter: ['Bands', 'Schedules', 'Pareto frontier'],
  heatmap: ['0.1x', '40%', 'Band width', 'Volatility'],
};

describe('renderChartSvg', () => {
  it.each(specs.map((s) => [s.type, s] as const))('renders a %s chart with its series names and axis names', (type, spec) => {
    const svg = renderChartSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('viewBox=');
    const texts = svgTexts(svg).join('\n');
    for (const name of names[type]) expect(texts).toContain(name);
    // Titles and captions are HTML's job.
    expect(texts).not.toContain(spec.title);
    expect(svg).not.toMatch(/<script/i);
  });

  it('puts units in axis names', () => {
    const texts = svgTexts(renderChartSvg(specs[0])).join('\n');
    expect(texts).toContain('Price (quote)');
    expect(texts).toContain('Leverage (x)');
    expect(texts).toContain('Date (UTC)');
    const bar = svgTexts(renderChartSvg(specs[3])).join('\n');
    expect(bar).toContain('Cost (%)');
    expect(bar).toMatch(/\d%/);
  });

  it('shows a legend only with more than one series', () => {
    const one: LineChart = { type: 'line', title: 'One', x: { label: 'Step', values: [1, 2, 3] }, y: { label: 'Value' }, series: [{ name: 'Only series', values: [1, 3, 2] }] };
    const built = buildChartOption(one);
    expect((built.option.legend as { show: boolean }).show).toBe(false);
    expect((buildChartOption(specs[0]).option.legend as { show: boolean }).show).toBe(true);
  });

  it('uses log axes, a right axis, dashed and step series, and markers where asked', () => {
    const opt = buildChartOption(specs[0]).option as {
      yAxis: { type: string; position: string }[];
      xAxis: { type: string };
      series: { name: string; yAxisIndex?: number; step?: unknown; lineStyle?: { type: string }; symbol?: string; markArea?: unknown; animation?: boolean }[];
      animation: boolean;
    };
    expect(opt.animation).toBe(false);
    expect(opt.xAxis.type).toBe('time');
    expect(opt.yAxis.map((a) => a.type)).toEqual(['log', 'value']);
    expect(opt.yAxis[1].position).toBe('right');
    const lev = opt.series.find((s) => s.name === 'Token leverage');
    expect(lev?.yAxisIndex).toBe(1);
    expect(lev?.lineStyle?.type).toBe('dashed');
    expect(lev?.step).toBe('end');
    expect(opt.series.find((s) => s.name === 'Target price')?.lineStyle?.type).toBe('dashed');
    expect(opt.series.find((s) => s.name === 'Comfort band')?.markArea).toBeDefined();
    expect(opt.series.find((s) => s.name === 'Rebalances')?.symbol).toBe('triangle');
  });

  it('draws dates (UTC) on time axes, never month names', () => {
    const texts = svgTexts(renderChartSvg(specs[0]));
    const dates = texts.filter((t) => /^\d{4}-\d{2}(-\d{2})?$/.test(t));
    expect(dates.length).toBeGreaterThanOrEqual(3);
    expect(texts.join(' ')).not.toMatch(/\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b/);
  });

  it('chooses calendar-aligned UTC ticks for the span', () => {
    const year = utcTimeTicks(T0, T0 + 365 * DAY, 7);
    expect(year.values.map(year.format)).toEqual(['2024-01', '2024-03', '2024-05', '2024-07', '2024-09', '2024-11']);
    const days = utcTimeTicks(T0 + 3600, T0 + 5 * DAY, 7);
    expect(days.values.map(days.format)).toEqual(['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-06']);
    const hours = utcTimeTicks(T0, T0 + 12 * 3600, 7);
    expect(hours.format(hours.values[1])).toBe('2024-01-01\n03:00');
    const decades = utcTimeTicks(T0, T0 + 30 * 365 * DAY, 7);
    expect(decades.values.map(decades.format).slice(0, 2)).toEqual(['2025', '2030']);
  });

  it('is deterministic and gives each chart its own ids', () => {
    const a = renderChartSvg(specs[1], { idPrefix: 'k3' });
    const b = renderChartSvg(specs[1], { idPrefix: 'k3' });
    expect(a).toBe(b);
    expect(a).not.toMatch(/\bzr\d+-/);
    const ids = [...a.matchAll(/id="([^"]+)"/g)].map((m) => m[1]);
    for (const id of ids) expect(id.startsWith('k3-')).toBe(true);
  });

  it('escapes markup in names', () => {
    const svg = renderChartSvg({
      ...specs[3],
      categories: ['<b>A</b>', 'B & C', 'D'],
      series: [
        { name: '<script>alert(1)</script>', values: [1, 2, 3] },
        { name: 'Other', values: [1, 2, 3] },
      ],
    } as ChartSpec);
    expect(svg).toContain('&lt;b&gt;A&lt;/b&gt;');
    expect(svg).toContain('B &amp; C');
    expect(svg).not.toMatch(/<script/i);
    expect(svg).toContain('&lt;script&gt;');
  });

  it('notes error bars and blank heatmap cells', () => {
    expect(renderChart(specs[3]).notes.join(' ')).toContain('95% confidence intervals');
    expect(renderChart(specs[5]).notes.join(' ')).toContain('1 blank cell');
    expect(renderChart(specs[4]).notes.join(' ')).toContain('Pareto frontier');
  });

  it('renders stacked and horizontal bars, and labels heatmap cells with the unit', () => {
    const bar = specs[3] as Extract<ChartSpec, { type: 'bar' }>;
    expect(renderChartSvg({ ...bar, stacked: true })).toContain('<svg');
    const h = svgTexts(renderChartSvg({ ...bar, horizontal: true })).join('\n');
    expect(h).toContain('Band A');
    const heat = svgTexts(renderChartSvg(specs[5]));
    // One number of decimals across the grid, from the largest magnitude.
    expect(heat).toContain('1.00%');
    expect(heat).toContain('-3.00%');
    expect(heat).toContain('0.00%');
  });
});

describe('down-sampling', () => {
  const n = 100_000;
  const ys = wave(n, (i) => Math.sin(i / 500));
  ys[12_345] = 50; // spike
  ys[67_890] = -40; // trough
  ys[99_000] = Number.NaN;

  it('keeps at most maxPoints, the first and last point, and every bucket extreme', () => {
    const idx = downsampleIndices(ys, 2000);
    expect(idx.length).toBeLessThanOrEqual(2000);
    expect(idx.length).toBeGreaterThan(1500);
    expect(idx[0]).toBe(0);
    expect(idx[idx.length - 1]).toBe(n - 1);
    expect(idx).toContain(12_345);
    expect(idx).toContain(67_890);
    for (let k = 1; k < idx.length; k++) expect(idx[k]).toBeGreaterThan(idx[k - 1]);
    const pts = downsampleMinMax(wave(n, (i) => i), ys, 2000);
    const values = pts.map((p) => p[1] ?? Number.NaN);
    expect(Math.max(...values.filter(Number.isFinite))).toBe(50);
    expect(Math.min(...values.filter(Number.isFinite))).toBe(-40);
  });

  it('leaves short series alone', () => {
    expect(downsampleIndices([1, 2, 3], 2000)).toEqual([0, 1, 2]);
    expect(downsampleMinMax([1, 2, 3], [4, Number.NaN, 6], 10)).toEqual([[1, 4], [2, null], [3, 6]]);
  });

  it('bounds the points drawn and the SVG size for a 100k-point chart, and says so', () => {
    const spec: LineChart = {
      type: 'line',
      title: 'Long',
      x: { label: 'Date', time: true, values: wave(n, (i) => T0 + 300 * i) },
      y: { label: 'Price', unit: 'quote' },
      series: [{ name: 'Price', values: ys }],
    };
    const built = buildChartOption(spec);
    const data = (built.option.series as { data: unknown[] }[])[0].data;
    expect(data.length).toBeLessThanOrEqual(2000);
    const r = renderChart(spec);
    expect(r.svg.length).toBeLessThan(200_000);
    expect(r.notes.join(' ')).toMatch(/100,000 points.*2,000/);
    // The spike is drawn: the axis reaches it.
    const ticks = svgTexts(r.svg).map((t) => Number(t.replace(/,/g, ''))).filter(Number.isFinite);
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(50);
    expect(Math.min(...ticks)).toBeLessThanOrEqual(-40);
  });

  it('fan bands keep their envelope when down-sampled', () => {
    const lower = wave(n, (i) => -1 - (i === 4321 ? 9 : 0));
    const upper = wave(n, (i) => 1 + (i === 54_321 ? 9 : 0));
    const built = buildChartOption({
      type: 'fan',
      title: 'Fan',
      x: { label: 'Step', values: wave(n, (i) => i) },
      y: { label: 'Value' },
      median: wave(n, () => 0),
      bands: [{ name: 'Band', lower, upper }],
    });
    const band = (built.option.series as { name: string; data: [number, number][] }[]).find((s) => s.name === 'Band');
    const ys2 = band?.data.map((p) => p[1]) ?? [];
    expect(ys2.length).toBeLessThanOrEqual(4000);
    expect(Math.min(...ys2)).toBe(-10);
    expect(Math.max(...ys2)).toBe(10);
  });
});

describe('edge cases', () => {
  it('draws fan band edges at or below zero at the bottom of a log axis, and says so', () => {
    const x = Array.from({ length: 50 }, (_, i) => i);
    const built = buildChartOption({
      type: 'fan',
      title: 'Wiped out',
      x: { label: 'Step', values: x },
      y: { label: 'NAV', unit: 'quote', log: true },
      median: x.map(() => 80),
      bands: [{ name: 'p5 to p95', lower: x.map((i) => (i > 25 ? 0 : 40)), upper: x.map(() => 150) }],
    });
    expect(built.notes.join(' ')).toContain('at or below zero');
    const band = (built.option.series as { name: string; data: [number, number][] }[]).find((s) => s.name === 'p5 to p95');
    expect(Math.min(...(band?.data.map((p) => p[1]) ?? []))).toBe(10);
  });

  it('dots lines once the palette repeats', () => {
    const x = [0, 1, 2];
    const built = buildChartOption({
      type: 'line',
      title: 'Many',
      x: { label: 'Step', values: x },
      y: { label: 'Value' },
      series: Array.from({ length: 10 }, (_, k) => ({ name: `S${k}`, values: x.map((v) => v + k) })),
    });
    const types = (built.option.series as { lineStyle: { type: string } }[]).map((s) => s.lineStyle.type);
    expect(types.slice(0, 8).every((t) => t === 'solid')).toBe(true);
    expect(types.slice(8)).toEqual(['dotted', 'dotted']);
  });

  it('renders charts with no data without throwing', () => {
    const empty: ChartSpec[] = [
      { type: 'line', title: 'e', x: { label: 'x', values: [] }, y: { label: 'y' }, series: [{ name: 'a', values: [] }], hlines: [{ name: 'h', value: 1 }] },
      { type: 'histogram', title: 'e', x: { label: 'x' }, bins: [] },
      { type: 'scatter', title: 'e', x: { label: 'x' }, y: { label: 'y' }, points: [], frontier: true },
      { type: 'heatmap', title: 'e', x: { label: 'x', categories: ['a'] }, y: { label: 'y', categories: ['b'] }, values: [[null]], unit: 'fraction' },
      { type: 'bar', title: 'e', categories: [], y: { label: 'y' }, series: [] },
    ];
    for (const spec of empty) expect(renderChartSvg(spec)).toContain('<svg');
  });
});

describe('paretoFrontier', () => {
  it('keeps the points not beaten on both axes, lower-left', () => {
    const pts = [
      { x: 1, y: 5 },
      { x: 2, y: 3 },
      { x: 3, y: 4 }, // beaten by (2, 3)
      { x: 4, y: 1 },
      { x: 2, y: 3 }, // duplicate: beaten (equal) by the first (2, 3)
      { x: Number.NaN, y: 0 },
    ];
    expect(paretoFrontier(pts)).toEqual([0, 1, 3]);
  });
});
