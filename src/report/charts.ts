/**
 * ChartSpec -> SVG string with ECharts server-side rendering: no browser, no DOM, no scripts in
 * the output. Titles and captions are not drawn inside the SVG: the HTML page prints them as text
 * (see html.ts), so they wrap, print sharply and can be searched.
 *
 * Conventions every chart follows:
 * - Animation off; UTC throughout (time axes take seconds since the epoch and show dates).
 * - Axis names carry the unit in the scale of the tick labels ("Return (%)", "NAV (quote)").
 * - A legend whenever more than one series is drawn.
 * - The Okabe-Ito palette, which stays distinguishable with the common colour-vision deficiencies;
 *   dashed lines and marker shapes add a second cue where series could be confused.
 * - Heatmaps use a brown-to-teal scale (ColorBrewer BrBG, colour-blind safe), teal for better.
 *
 * Down-sampling: a line of more than `maxPoints` points (2,000 by default, several per pixel at
 * the default width) is cut into equal buckets of consecutive points and each bucket keeps only its
 * minimum and its maximum, in their original order, plus the first and last point of the series.
 * Peaks, troughs and spikes survive (a drawdown or a liquidation stays visible), the file stays
 * small, and the drawn envelope is the true one at the chart's resolution. Fan-chart bands keep
 * the envelope of each bucket (lowest lower bound, highest upper bound), so a band is never drawn
 * narrower than it is. Trade markers beyond `maxMarkers` are thinned evenly. Each time this
 * happens the chart's notes say so, and the HTML prints the note under the chart.
 */
import * as echarts from 'echarts/core.js';
import { BarChart as EBar, CustomChart, HeatmapChart as EHeatmap, LineChart as ELine, ScatterChart as EScatter } from 'echarts/charts.js';
import { GridComponent, LegendComponent, MarkAreaComponent, MarkLineComponent, VisualMapComponent } from 'echarts/components.js';
import { SVGRenderer } from 'echarts/renderers.js';
import type {
  Axis,
  BarChart,
  ChartSpec,
  FanChart,
  HeatmapChart,
  HistogramChart,
  LineChart,
  ScatterChart,
} from './report-model.js';
import { axisUnitLabel, decimalsFor, formatNumber, formatTick, isMissing } from './format.js';
import type { FormatOptions } from './format.js';

echarts.use([ELine, EBar, EScatter, EHeatmap, CustomChart, GridComponent, LegendComponent, MarkLineComponent, MarkAreaComponent, VisualMapComponent, SVGRenderer]);

/** Okabe-Ito: blue, orange, bluish green, vermillion, reddish purple, sky blue, black, yellow. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#000000', '#F0E442'];
/** Reference lines and bands: neutral greys so they never compete with data. */
const REFERENCE = ['#555555', '#888888', '#333333', '#AAAAAA'];
const BAND_FILL = '#9E9E9E';
const HEAT_BAD = '#bf812d';
const HEAT_MID = '#f5f5f5';
const HEAT_GOOD = '#35978f';
const TEXT = '#222222';
const MUTED = '#555555';
const GRIDLINE = '#e3e3e3';
const FONT = 'Helvetica, Arial, sans-serif';

export const DEFAULT_WIDTH = 800;
export const DEFAULT_HEIGHT = 360;
export const DEFAULT_MAX_POINTS = 2000;
/** More markers than this cannot be told apart at chart width; they would only bloat the file. */
const DEFAULT_MAX_MARKERS = 500;
/** Label every scatter point when there are at most this many (ScatterChart.labels default). */
const LABEL_POINTS_UP_TO = 12;
/** Print the value in each heatmap cell when there are at most this many cells. */
const HEAT_LABELS_UP_TO = 200;

export interface RenderOptions {
  width?: number;
  /** Overrides spec.height. */
  height?: number;
  /** Most points drawn per line (see the module comment). */
  maxPoints?: number;
  /** Most trade markers drawn per marker set. */
  maxMarkers?: number;
  /**
   * Prefix for the ids and classes inside the SVG. ECharts numbers its instances process-wide, so
   * two charts in one page could share ids (clip paths, styles) and a second report rendered in
   * the same process would differ byte for byte; a prefix per chart fixes both. Default 'c'.
   */
  idPrefix?: string;
}

export interface RenderedChart {
  svg: string;
  width: number;
  height: number;
  /** Plain-text remarks to print under the chart: down-sampling, what error bars mean. */
  notes: string[];
}

/** Built ECharts option plus the notes gathered on the way (exposed for tests). */
export interface BuiltChart {
  option: Record<string, unknown>;
  notes: string[];
  height: number;
}

// ---------------------------------------------------------------------------------------------
// Down-sampling

/**
 * Keep at most `maxPoints` points of (xs, ys): the first and last point and, for each of
 * ⌊(maxPoints − 2) / 2⌋ equal buckets, the points holding the bucket's minimum and maximum y, in
 * order. Non-finite y values are skipped, except that a bucket with no finite value keeps one
 * null point so a gap in the data stays a gap. Returns the indices kept.
 */
export function downsampleIndices(ys: ArrayLike<number>, maxPoints: number): number[] {
  const n = ys.length;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const buckets = Math.max(1, Math.floor((maxPoints - 2) / 2));
  const kept: number[] = [0];
  for (let b = 0; b < buckets; b++) {
    const start = Math.max(1, Math.floor((b * n) / buckets));
    const end = Math.min(n - 1, Math.floor(((b + 1) * n) / buckets));
    let iMin = -1;
    let iMax = -1;
    for (let i = start; i < end; i++) {
      const y = ys[i];
      if (!Number.isFinite(y)) continue;
      if (iMin < 0 || y < ys[iMin]) iMin = i;
      if (iMax < 0 || y > ys[iMax]) iMax = i;
    }
    if (iMin < 0) {
      if (end > start) kept.push(start); // all missing: keep the gap
    } else if (iMin === iMax) kept.push(iMin);
    else kept.push(Math.min(iMin, iMax), Math.max(iMin, iMax));
  }
  if (n > 1) kept.push(n - 1);
  return kept;
}

/** Down-sample a series to [x, y] pairs (y null where missing), keeping extremes; see downsampleIndices. */
export function downsampleMinMax(xs: ArrayLike<number>, ys: ArrayLike<number>, maxPoints: number): [number, number | null][] {
  const n = Math.min(xs.length, ys.length);
  const view = n === ys.length ? ys : Array.prototype.slice.call(ys, 0, n);
  return downsampleIndices(view, maxPoints).map((i) => [xs[i], Number.isFinite(ys[i]) ? ys[i] : null]);
}

/** Bucket envelope of a band: per bucket its lowest lower and highest upper bound, at the bucket's first and last x. */
function downsampleBand(
  xs: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  maxPoints: number,
): { x: number[]; lo: number[]; hi: number[] } {
  const n = Math.min(xs.length, lower.length, upper.length);
  const x: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  if (n <= maxPoints) {
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(lower[i]) || !Number.isFinite(upper[i])) continue;
      x.push(xs[i]);
      lo.push(lower[i]);
      hi.push(upper[i]);
    }
    return { x, lo, hi };
  }
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor((b * n) / buckets);
    const end = Math.floor(((b + 1) * n) / buckets);
    let mn = Infinity;
    let mx = -Infinity;
    for (let i = start; i < end; i++) {
      if (Number.isFinite(lower[i]) && lower[i] < mn) mn = lower[i];
      if (Number.isFinite(upper[i]) && upper[i] > mx) mx = upper[i];
    }
    if (!Number.isFinite(mn) || !Number.isFinite(mx)) continue;
    x.push(xs[start], xs[end - 1]);
    lo.push(mn, mn);
    hi.push(mx, mx);
  }
  return { x, lo, hi };
}

// ---------------------------------------------------------------------------------------------
// Axes

const MS = 1000;

function finiteExtent(...arrays: ArrayLike<number>[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  return [lo, hi];
}

const pad2 = (n: number) => String(n).padStart(2, '0');

const DAY = 86_400;
/** Candidate tick steps: seconds, or whole calendar months (negative numbers of months). */
const TIME_STEPS: { seconds?: number; months?: number }[] = [
  { seconds: 60 },
  { seconds: 300 },
  { seconds: 900 },
  { seconds: 1800 },
  { seconds: 3600 },
  { seconds: 3 * 3600 },
  { seconds: 6 * 3600 },
  { seconds: 12 * 3600 },
  { seconds: DAY },
  { seconds: 2 * DAY },
  { seconds: 7 * DAY },
  { seconds: 14 * DAY },
  { months: 1 },
  { months: 2 },
  { months: 3 },
  { months: 6 },
  { months: 12 },
  { months: 24 },
  { months: 60 },
  { months: 120 },
  { months: 240 },
  { months: 600 },
  { months: 1200 },
];

/**
 * Tick positions (ms since the epoch) and their labels for a UTC time axis from `min` to `max`
 * seconds: the finest calendar step (minutes, hours, days, weeks, months, years) that gives at
 * most `maxTicks` ticks, aligned to UTC midnight, the first of the month or January 1st. Labels
 * are ISO dates: "2024-03" for month steps, "2024" for years, "2024-03-05" for days, with the
 * time of day below for steps under a day.
 */
export function utcTimeTicks(min: number, max: number, maxTicks = 7): { values: number[]; format: (ms: number) => string } {
  const span = Math.max(0, max - min);
  const step = TIME_STEPS.find((s) => (s.seconds ?? (s.months ?? 1) * 30.44 * DAY) * maxTicks >= span) ?? TIME_STEPS[TIME_STEPS.length - 1];
  const values: number[] = [];
  if (Number.isFinite(min) && Number.isFinite(max)) {
    if (step.seconds !== undefined) {
      for (let t = Math.ceil(min / step.seconds) * step.seconds; t <= max && values.length < 1000; t += step.seconds) values.push(t * MS);
    } else {
      const m = step.months ?? 1;
      const d = new Date(min * MS);
      let idx = d.getUTCFullYear() * 12 + d.getUTCMonth();
      if (Date.UTC(Math.floor(idx / 12), idx % 12, 1) < min * MS) idx += 1;
      idx = Math.ceil(idx / m) * m;
      for (; values.length < 1000; idx += m) {
        const t = Date.UTC(Math.floor(idx / 12), idx % 12, 1);
        if (t > max * MS) break;
        values.push(t);
      }
    }
  }
  const format = (ms: number) => {
    const d = new Date(ms);
    const y = String(d.getUTCFullYear());
    const ym = `${y}-${pad2(d.getUTCMonth() + 1)}`;
    if (step.months !== undefined) return step.months % 12 === 0 ? y : ym;
    const ymd = `${ym}-${pad2(d.getUTCDate())}`;
    if ((step.seconds ?? 0) >= DAY) return ymd;
    return `${ymd}\n${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
  };
  return { values, format };
}

/** "Label (unit)", or "Label (UTC)" on a time axis. */
function axisName(axis: Axis): string {
  if (axis.time) return `${axis.label} (UTC)`;
  const u = axisUnitLabel(axis.unit);
  return u ? `${axis.label} (${u})` : axis.label;
}

const axisText = { color: MUTED, fontFamily: FONT, fontSize: 11 };

/**
 * An ECharts value/log/time axis for `axis`. `extent` is the data range in the axis's own units
 * (seconds for time axes), used to place the date ticks; `zero` forces the axis to include 0.
 */
function numericAxis(
  axis: Axis,
  dir: 'x' | 'y',
  extent: [number, number],
  opts: { zero?: boolean; position?: 'left' | 'right'; maxTicks?: number; fit?: boolean } = {},
) {
  const unit = axis.unit ?? '';
  const type = axis.time ? 'time' : axis.log ? 'log' : 'value';
  const toAxis = (v: number) => (axis.time ? v * MS : v);
  let axisLabel: Record<string, unknown> = { ...axisText, formatter: (v: number) => formatTick(v, unit), hideOverlap: true };
  let axisTick: Record<string, unknown> = { show: true, lineStyle: { color: '#999999' } };
  let range: Record<string, number> = {};
  if (axis.time) {
    const lo = axis.min ?? extent[0];
    const hi = axis.max ?? extent[1];
    const ticks = utcTimeTicks(lo, hi, opts.maxTicks ?? 7);
    axisLabel = { ...axisText, formatter: ticks.format, customValues: ticks.values, hideOverlap: true };
    axisTick = { ...axisTick, customValues: ticks.values };
    if (Number.isFinite(lo) && Number.isFinite(hi)) range = { min: lo * MS, max: hi * MS };
  } else if (opts.fit && Number.isFinite(extent[0]) && Number.isFinite(extent[1]) && extent[1] > extent[0]) {
    // A series over x fills the width (no empty margin to the next round number).
    range = { min: extent[0], max: extent[1] };
    axisLabel = { ...axisLabel, showMinLabel: true, showMaxLabel: false };
  }
  return {
    type,
    name: axisName(axis),
    nameLocation: 'middle',
    nameGap: dir === 'x' ? 12 : 14,
    nameMoveOverlap: true,
    nameTextStyle: { color: TEXT, fontFamily: FONT, fontSize: 12 },
    ...(opts.position ? { position: opts.position } : {}),
    ...range,
    ...(axis.min !== undefined ? { min: toAxis(axis.min) } : {}),
    ...(axis.max !== undefined ? { max: toAxis(axis.max) } : {}),
    scale: !opts.zero && !axis.log,
    axisLabel,
    axisLine: { show: true, onZero: false, lineStyle: { color: '#999999' } },
    axisTick,
    splitLine: { show: dir === 'y' && opts.position !== 'right', lineStyle: { color: GRIDLINE } },
    minorTick: { show: false },
  };
}

function categoryAxis(label: string, unit: string | undefined, categories: string[], opts: { inverse?: boolean; rotate?: boolean } = {}) {
  const u = axisUnitLabel(unit);
  return {
    type: 'category',
    data: categories,
    name: u ? `${label} (${u})` : label,
    nameLocation: 'middle',
    nameGap: 12,
    nameMoveOverlap: true,
    nameTextStyle: { color: TEXT, fontFamily: FONT, fontSize: 12 },
    inverse: opts.inverse ?? false,
    axisLabel: { ...axisText, interval: 0, hideOverlap: true, ...(opts.rotate ? { rotate: 30 } : {}) },
    axisLine: { show: true, lineStyle: { color: '#999999' } },
    axisTick: { show: true, alignWithLabel: true, lineStyle: { color: '#999999' } },
    splitLine: { show: false },
  };
}

// ---------------------------------------------------------------------------------------------
// Layout helpers

const LINE_ICON = 'path://M0,4L22,4L22,6L0,6Z';
const DASHED_ICON = 'path://M0,4L6,4L6,6L0,6ZM8,4L14,4L14,6L8,6ZM16,4L22,4L22,6L16,6Z';
const DOTTED_ICON = 'path://M0,4L2,4L2,6L0,6ZM5,4L7,4L7,6L5,6ZM10,4L12,4L12,6L10,6ZM15,4L17,4L17,6L15,6ZM20,4L22,4L22,6L20,6Z';
const lineIcon = (dashed?: boolean) => (dashed ? DASHED_ICON : LINE_ICON);
/** Line type: dashed where asked; dotted once the palette has been used up, so colours that repeat still differ. */
const lineType = (i: number, dashed?: boolean) => (dashed ? 'dashed' : i >= PALETTE.length ? 'dotted' : 'solid');
const lineTypeIcon = (type: string) => (type === 'dashed' ? DASHED_ICON : type === 'dotted' ? DOTTED_ICON : LINE_ICON);
/** Legend icons for marker shapes as paths, which keep their aspect (built-in shapes stretch). */
const SHAPE_ICONS: Record<string, string> = {
  triangle: 'path://M5,0L10,10L0,10Z',
  diamond: 'path://M5,0L10,5L5,10L0,5Z',
  rect: 'path://M0,0L10,0L10,10L0,10Z',
};
const shapeIcon = (symbol: string) => SHAPE_ICONS[symbol] ?? symbol;
/** How many date labels fit across a chart of this width. */
const maxTimeTicks = (width: number) => Math.max(3, Math.floor((width - 120) / 105));

interface LegendItem {
  name: string;
  icon?: string;
}

/** Rough legend height for `items` wrapped in `width` px (the SVG renderer has no text metrics). */
function legendHeight(items: LegendItem[], width: number): number {
  if (items.length <= 1) return 0;
  let rows = 1;
  let used = 0;
  for (const it of items) {
    const w = 25 + 10 + 6.6 * it.name.length;
    if (used > 0 && used + w > width - 40) {
      rows += 1;
      used = 0;
    }
    used += w;
  }
  return rows * 20 + 4;
}

function legend(items: LegendItem[]) {
  return {
    show: items.length > 1,
    top: 2,
    left: 'center',
    type: 'plain',
    itemWidth: 22,
    itemHeight: 10,
    itemGap: 12,
    textStyle: { color: TEXT, fontFamily: FONT, fontSize: 12 },
    data: items.map((it) => (it.icon ? { name: it.name, icon: it.icon } : it.name)),
  };
}

function grid(top: number, opts: { right?: number; bottom?: number } = {}) {
  return {
    left: 8,
    right: opts.right ?? 20,
    top: top + 10,
    bottom: opts.bottom ?? 6,
    outerBoundsMode: 'same',
    outerBoundsContain: 'all',
  };
}

function base(items: LegendItem[], width: number) {
  return {
    animation: false,
    useUTC: true,
    backgroundColor: '#ffffff',
    color: PALETTE,
    textStyle: { fontFamily: FONT, color: TEXT },
    legend: legend(items),
    legendTop: legendHeight(items, width),
  };
}

/** Remove the helper field and return the ECharts option. */
function finish(b: ReturnType<typeof base>, rest: Record<string, unknown>): Record<string, unknown> {
  const { legendTop: _legendTop, ...opt } = b;
  return { ...opt, ...rest };
}

const fmtInt = (n: number) => formatNumber(n, 'count');

/** Interfaces of the parts of ECharts' custom-series API used here. */
interface CustomParams {
  dataIndex: number;
  coordSys: { x: number; y: number; width: number; height: number };
}
interface CustomApi {
  value(dim: number): number;
  coord(point: (number | string)[]): number[];
  size(value: number[]): number[];
}

// ---------------------------------------------------------------------------------------------
// Line

function lineOption(spec: LineChart, width: number, opts: Required<Pick<RenderOptions, 'maxPoints' | 'maxMarkers'>>): BuiltChart {
  const notes: string[] = [];
  const xs = spec.x.values;
  const tx = (v: number) => (spec.x.time ? v * MS : v);
  const xExtent = finiteExtent(xs);
  const hasRight = spec.series.some((s) => s.axis === 'right');
  const series: Record<string, unknown>[] = [];
  const items: LegendItem[] = [];
  let thinned = 0;
  let longest = 0;

  spec.series.forEach((s, i) => {
    const n = Math.min(xs.length, s.values.length);
    const pts = downsampleMinMax(xs, s.values, opts.maxPoints);
    if (n > pts.length) {
      thinned += 1;
      longest = Math.max(longest, n);
    }
    const color = PALETTE[i % PALETTE.length];
    const type = lineType(i, s.dashed);
    items.push({ name: s.name, icon: lineTypeIcon(type) });
    series.push({
      type: 'line',
      name: s.name,
      data: pts.map(([x, y]) => [tx(x), y]),
      yAxisIndex: s.axis === 'right' && hasRight ? 1 : 0,
      showSymbol: pts.length === 1,
      symbolSize: 4,
      connectNulls: false,
      step: s.step ? 'end' : false,
      color,
      lineStyle: { width: 1.6, color, type },
      ...(s.area ? { areaStyle: { color, opacity: 0.15 } } : {}),
      z: 3,
    });
  });
  if (thinned > 0) {
    notes.push(
      `${thinned === 1 ? 'One series has' : `${thinned} series have`} up to ${fmtInt(longest)} points; ` +
        `drawn with at most ${fmtInt(opts.maxPoints)} each, keeping the minimum and maximum of every bucket of consecutive points.`,
    );
  }

  const [x0, x1] = xExtent;
  (spec.hlines ?? []).forEach((h, i) => {
    const color = REFERENCE[i % REFERENCE.length];
    items.push({ name: h.name, icon: lineIcon(h.dashed) });
    series.push({
      type: 'line',
      name: h.name,
      data: Number.isFinite(x0) ? [[tx(x0), h.value], [tx(x1), h.value]] : [],
      showSymbol: false,
      silent: true,
      color,
      lineStyle: { width: 1.2, color, type: h.dashed ? 'dashed' : 'solid' },
      z: 2,
    });
  });

  if (spec.hband) {
    const b = spec.hband;
    items.push({ name: b.name, icon: 'rect' });
    series.push({
      type: 'line',
      name: b.name,
      data: Number.isFinite(x0) ? [[tx(x0), b.from], [tx(x1), b.to]] : [],
      showSymbol: false,
      silent: true,
      color: BAND_FILL,
      lineStyle: { opacity: 0 },
      markArea: {
        silent: true,
        itemStyle: { color: BAND_FILL, opacity: 0.18 },
        data: [[{ yAxis: Math.min(b.from, b.to) }, { yAxis: Math.max(b.from, b.to) }]],
      },
      z: 1,
    });
  }

  const symbols = { circle: 'circle', triangle: 'triangle', diamond: 'diamond' } as const;
  (spec.markers ?? []).forEach((m, i) => {
    let pts = m.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
    if (pts.length > opts.maxMarkers) {
      const step = pts.length / opts.maxMarkers;
      const all = pts;
      pts = Array.from({ length: opts.maxMarkers }, (_, k) => all[Math.floor(k * step)]);
      notes.push(`${m.name}: ${fmtInt(all.length)} markers, ${fmtInt(pts.length)} drawn (evenly thinned).`);
    }
    const color = PALETTE[(spec.series.length + i) % PALETTE.length];
    const symbol = symbols[m.symbol ?? (['triangle', 'diamond', 'circle'] as const)[i % 3]];
    items.push({ name: m.name, icon: shapeIcon(symbol) });
    series.push({
      type: 'scatter',
      name: m.name,
      data: pts.map(([x, y]) => [tx(x), y]),
      symbol,
      symbolSize: 7,
      color,
      itemStyle: { color, borderColor: '#ffffff', borderWidth: 0.6 },
      z: 4,
    });
  });

  const seriesExtent = finiteExtent(...spec.series.filter((s) => s.axis !== 'right').map((s) => s.values));
  const yAxes: Record<string, unknown>[] = [numericAxis(spec.y, 'y', seriesExtent, { position: 'left' })];
  if (hasRight) {
    const y2: Axis = spec.y2 ?? { label: spec.series.filter((s) => s.axis === 'right').map((s) => s.name).join(', ') };
    yAxes.push(numericAxis(y2, 'y', finiteExtent(...spec.series.filter((s) => s.axis === 'right').map((s) => s.values)), { position: 'right' }));
  }
  const height = spec.height ?? DEFAULT_HEIGHT;
  const b = base(items, width);
  return {
    height,
    notes,
    option: finish(b, {
      grid: grid(b.legendTop, { right: hasRight ? 8 : 20 }),
      xAxis: numericAxis(spec.x, 'x', xExtent, { maxTicks: maxTimeTicks(width), fit: true }),
      yAxis: yAxes,
      series,
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Fan

function fanOption(spec: FanChart, width: number, opts: Required<Pick<RenderOptions, 'maxPoints'>>): BuiltChart {
  const notes: string[] = [];
  const xs = spec.x.values;
  const tx = (v: number) => (spec.x.time ? v * MS : v);
  const items: LegendItem[] = [];
  const series: Record<string, unknown>[] = [];
  const n = xs.length;
  const fanColor = PALETTE[0];
  const nb = spec.bands.length;

  // On a log axis a band edge at or below zero (wiped-out paths) has no position: draw it at the
  // lowest positive value in the chart, the bottom of the axis, and say so.
  let floor = Infinity;
  if (spec.y.log) {
    for (const a of [spec.median, ...spec.bands.flatMap((b) => [b.lower, b.upper]), ...(spec.lines ?? []).map((l) => l.values)]) {
      for (let k = 0; k < a.length; k++) if (a[k] > 0 && a[k] < floor) floor = a[k];
    }
  }
  // The axis bottom: log axes start at a power of ten.
  if (Number.isFinite(floor)) floor = 10 ** Math.floor(Math.log10(floor));
  let floored = false;

  spec.bands.forEach((band, i) => {
    let lower: ArrayLike<number> = band.lower;
    if (spec.y.log && Number.isFinite(floor)) {
      const src = band.lower;
      lower = Float64Array.from({ length: src.length }, (_, k) => (src[k] <= 0 ? ((floored = true), floor) : src[k]));
    }
    const env = downsampleBand(xs, lower, band.upper, opts.maxPoints);
    // Polygon: upper bound left to right, then lower bound right to left.
    const verts: [number, number][] = [];
    for (let k = 0; k < env.x.length; k++) verts.push([tx(env.x[k]), env.hi[k]]);
    for (let k = env.x.length - 1; k >= 0; k--) verts.push([tx(env.x[k]), env.lo[k]]);
    // Wider bands lighter, narrower darker; overlapping fills add up.
    const opacity = 0.14 + (0.12 * i) / Math.max(1, nb - 1);
    items.push({ name: band.name, icon: 'rect' });
    series.push({
      type: 'custom',
      name: band.name,
      data: verts,
      encode: { x: 0, y: 1 },
      clip: true,
      silent: true,
      color: fanColor,
      itemStyle: { color: fanColor, opacity: opacity + 0.1 },
      renderItem: (params: CustomParams, api: CustomApi) => {
        if (params.dataIndex !== 0 || verts.length < 3) return null;
        return {
          type: 'polygon',
          shape: { points: verts.map((p) => api.coord(p)) },
          style: { fill: fanColor, opacity },
        };
      },
      z: 1 + i,
    });
  });

  const median = downsampleMinMax(xs, spec.median, opts.maxPoints);
  items.push({ name: 'Median', icon: LINE_ICON });
  series.push({
    type: 'line',
    name: 'Median',
    data: median.map(([x, y]) => [tx(x), y]),
    showSymbol: false,
    color: '#08306b',
    lineStyle: { width: 2, color: '#08306b' },
    z: 10,
  });
  (spec.lines ?? []).forEach((l, i) => {
    const pts = downsampleMinMax(xs, l.values, opts.maxPoints);
    const color = PALETTE[(i + 1) % PALETTE.length];
    items.push({ name: l.name, icon: lineIcon(l.dashed) });
    series.push({
      type: 'line',
      name: l.name,
      data: pts.map(([x, y]) => [tx(x), y]),
      showSymbol: false,
      color,
      lineStyle: { width: 1.5, color, type: l.dashed ? 'dashed' : 'solid' },
      z: 11,
    });
  });
  if (floored) notes.push('On this log scale, band edges at or below zero are drawn at the bottom of the axis.');
  if (n > opts.maxPoints) {
    notes.push(
      `${fmtInt(n)} time points drawn with at most ${fmtInt(opts.maxPoints)} per line: lines keep each bucket's minimum and maximum, bands its widest envelope.`,
    );
  }
  const yExtent = finiteExtent(spec.median, ...spec.bands.flatMap((b) => [b.lower, b.upper]));
  const height = spec.height ?? DEFAULT_HEIGHT;
  const b = base(items, width);
  return {
    height,
    notes,
    option: finish(b, {
      grid: grid(b.legendTop),
      xAxis: numericAxis(spec.x, 'x', finiteExtent(xs), { maxTicks: maxTimeTicks(width), fit: true }),
      yAxis: numericAxis(spec.y, 'y', yExtent),
      series,
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Histogram

function histogramOption(spec: HistogramChart, width: number): BuiltChart {
  const notes: string[] = [];
  const bins = spec.bins.filter((b) => Number.isFinite(b.from) && Number.isFinite(b.to) && Number.isFinite(b.count));
  const total = bins.reduce((s, b) => s + b.count, 0);
  const maxCount = bins.reduce((m, b) => Math.max(m, b.count), 0);
  const items: LegendItem[] = [{ name: 'Count', icon: 'rect' }];
  const color = PALETTE[0];
  const series: Record<string, unknown>[] = [
    {
      type: 'custom',
      name: 'Count',
      data: bins.map((b) => [b.from, b.to, b.count]),
      encode: { x: [0, 1], y: 2 },
      clip: true,
      color,
      renderItem: (_params: CustomParams, api: CustomApi) => {
        const p0 = api.coord([api.value(0), 0]);
        const p1 = api.coord([api.value(1), api.value(2)]);
        return {
          type: 'rect',
          shape: { x: p0[0], y: p1[1], width: Math.max(0.5, p1[0] - p0[0]), height: Math.max(0, p0[1] - p1[1]) },
          style: { fill: color, opacity: 0.75, stroke: '#ffffff', lineWidth: bins.length > 150 ? 0 : 0.6 },
        };
      },
    },
  ];
  const unit = spec.x.unit ?? '';
  (spec.markers ?? []).forEach((m, i) => {
    if (!Number.isFinite(m.value)) return;
    const c = PALETTE[(i + 1) % PALETTE.length];
    const name = `${m.name}: ${formatNumber(m.value, unit)}`;
    items.push({ name, icon: lineIcon(i % 2 === 0) });
    series.push({
      type: 'line',
      name,
      data: [[m.value, 0], [m.value, maxCount * 1.04]],
      showSymbol: false,
      silent: true,
      color: c,
      lineStyle: { width: 1.8, color: c, type: i % 2 === 0 ? 'dashed' : 'solid' },
      z: 5,
    });
  });
  if (total > 0) notes.push(`${fmtInt(total)} values in ${fmtInt(bins.length)} bins.`);
  const xExtent = finiteExtent(bins.map((b) => b.from), bins.map((b) => b.to));
  const height = spec.height ?? DEFAULT_HEIGHT;
  const b = base(items, width);
  return {
    height,
    notes,
    option: finish(b, {
      grid: grid(b.legendTop),
      xAxis: { ...numericAxis(spec.x, 'x', xExtent), ...(spec.x.min === undefined ? { min: xExtent[0] } : {}), ...(spec.x.max === undefined ? { max: xExtent[1] } : {}) },
      yAxis: numericAxis({ label: 'Count', unit: 'count' }, 'y', [0, maxCount], { zero: true }),
      series,
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Bar

function barOption(spec: BarChart, width: number): BuiltChart {
  const notes: string[] = [];
  const unit = spec.y.unit ?? '';
  const horizontal = spec.horizontal ?? false;
  const items: LegendItem[] = spec.series.map((s) => ({ name: s.name, icon: 'rect' }));
  const nSeries = spec.series.length;
  const categoryGap = 0.3;
  const anyErrors = spec.series.some((s) => s.errors && s.errors.length > 0);
  const showLabels = !anyErrors && spec.categories.length * nSeries <= 24;
  const series: Record<string, unknown>[] = spec.series.map((s, i) => ({
    type: 'bar',
    name: s.name,
    data: spec.categories.map((_, k) => (Number.isFinite(s.values[k]) ? s.values[k] : null)),
    color: PALETTE[i % PALETTE.length],
    barGap: '0%',
    barCategoryGap: `${categoryGap * 100}%`,
    ...(spec.stacked ? { stack: 'total' } : {}),
    label: {
      show: showLabels,
      position: spec.stacked ? 'inside' : horizontal ? 'right' : 'top',
      fontFamily: FONT,
      fontSize: 11,
      color: spec.stacked ? '#ffffff' : TEXT,
      formatter: (p: { value: number }) => formatNumber(p.value, unit, { withUnit: false }),
    },
  }));

  // Error bars: one custom series per bar series with intervals, drawn at that series' bar.
  const stackBase = spec.categories.map(() => 0);
  let errorExtent: [number, number] = [Infinity, -Infinity];
  spec.series.forEach((s, i) => {
    const bases = stackBase.slice();
    spec.categories.forEach((_, k) => {
      if (spec.stacked && Number.isFinite(s.values[k])) stackBase[k] += s.values[k];
    });
    if (!s.errors || s.errors.length === 0) return;
    const data: (number | null)[][] = [];
    spec.categories.forEach((_, k) => {
      const e = s.errors?.[k];
      if (!e || !Number.isFinite(e[0]) || !Number.isFinite(e[1])) return;
      const shift = spec.stacked ? bases[k] : 0;
      data.push([k, e[0] + shift, e[1] + shift]);
      errorExtent = [Math.min(errorExtent[0], e[0] + shift), Math.max(errorExtent[1], e[1] + shift)];
    });
    const idx = i;
    series.push({
      type: 'custom',
      name: `${s.name} (95% interval)`,
      data,
      encode: horizontal ? { y: 0, x: [1, 2] } : { x: 0, y: [1, 2] },
      silent: true,
      z: 5,
      renderItem: (_params: CustomParams, api: CustomApi) => {
        const k = api.value(0);
        const band = api.size(horizontal ? [0, 1] : [1, 0])[horizontal ? 1 : 0];
        const group = band * (1 - categoryGap);
        const barW = spec.stacked ? group : group / nSeries;
        const offset = spec.stacked ? 0 : -group / 2 + barW * (idx + 0.5);
        const lo = api.coord(horizontal ? [api.value(1), k] : [k, api.value(1)]);
        const hi = api.coord(horizontal ? [api.value(2), k] : [k, api.value(2)]);
        const cap = Math.max(2, Math.min(8, barW * 0.25));
        const style = { stroke: '#111111', lineWidth: 1.3 };
        if (horizontal) {
          const y = lo[1] + offset;
          return {
            type: 'group',
            children: [
              { type: 'line', shape: { x1: lo[0], y1: y, x2: hi[0], y2: y }, style },
              { type: 'line', shape: { x1: lo[0], y1: y - cap, x2: lo[0], y2: y + cap }, style },
              { type: 'line', shape: { x1: hi[0], y1: y - cap, x2: hi[0], y2: y + cap }, style },
            ],
          };
        }
        const x = lo[0] + offset;
        return {
          type: 'group',
          children: [
            { type: 'line', shape: { x1: x, y1: lo[1], x2: x, y2: hi[1] }, style },
            { type: 'line', shape: { x1: x - cap, y1: lo[1], x2: x + cap, y2: lo[1] }, style },
            { type: 'line', shape: { x1: x - cap, y1: hi[1], x2: x + cap, y2: hi[1] }, style },
          ],
        };
      },
    });
  });
  if (anyErrors) notes.push('Error bars: 95% confidence intervals.');

  const valueExtent = finiteExtent(spec.series.flatMap((s) => s.values), errorExtent);
  const valueAxis = numericAxis(spec.y, horizontal ? 'x' : 'y', valueExtent, { zero: !spec.y.log });
  const longLabels = spec.categories.some((c) => c.length > 10) && spec.categories.length > 4;
  const catAxis = categoryAxis('', undefined, spec.categories, { rotate: !horizontal && longLabels, inverse: horizontal });
  const height = spec.height ?? (horizontal ? Math.max(200, 60 + spec.categories.length * Math.max(22, 12 * nSeries)) : DEFAULT_HEIGHT);
  const b = base(items, width);
  return {
    height,
    notes,
    option: finish(b, {
      grid: grid(b.legendTop),
      xAxis: horizontal ? { ...valueAxis, splitLine: { show: true, lineStyle: { color: GRIDLINE } } } : catAxis,
      yAxis: horizontal ? { ...catAxis, name: '' } : valueAxis,
      series,
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Scatter

/**
 * Indices of the lower-left Pareto frontier: points that no other point beats or equals on both
 * x and y (lower is better on both), sorted by x.
 */
export function paretoFrontier(points: { x: number; y: number }[]): number[] {
  const order = points
    .map((p, i) => i)
    .filter((i) => Number.isFinite(points[i].x) && Number.isFinite(points[i].y))
    .sort((a, b) => points[a].x - points[b].x || points[a].y - points[b].y);
  const out: number[] = [];
  let best = Infinity;
  for (const i of order) {
    if (points[i].y < best) {
      out.push(i);
      best = points[i].y;
    }
  }
  return out;
}

function scatterOption(spec: ScatterChart, width: number): BuiltChart {
  const notes: string[] = [];
  const pts = spec.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const groups: string[] = [];
  for (const p of pts) {
    const g = p.group ?? 'Points';
    if (!groups.includes(g)) groups.push(g);
  }
  const showLabels = spec.labels ?? pts.length <= LABEL_POINTS_UP_TO;
  const items: LegendItem[] = [];
  const series: Record<string, unknown>[] = [];
  const shapes = ['circle', 'diamond', 'triangle', 'rect'];
  const tx = (v: number) => (spec.x.time ? v * MS : v);
  let anyCi = false;

  groups.forEach((g, gi) => {
    const color = PALETTE[gi % PALETTE.length];
    const mine = pts.filter((p) => (p.group ?? 'Points') === g);
    const symbol = shapes[gi % shapes.length];
    items.push({ name: g, icon: shapeIcon(symbol) });
    const withCi = mine.filter((p) => p.xCi || p.yCi);
    if (withCi.length > 0) {
      anyCi = true;
      const data = withCi.map((p) => [
        tx(p.x),
        p.y,
        tx(p.xCi && Number.isFinite(p.xCi[0]) ? p.xCi[0] : p.x),
        tx(p.xCi && Number.isFinite(p.xCi[1]) ? p.xCi[1] : p.x),
        p.yCi && Number.isFinite(p.yCi[0]) ? p.yCi[0] : p.y,
        p.yCi && Number.isFinite(p.yCi[1]) ? p.yCi[1] : p.y,
      ]);
      series.push({
        type: 'custom',
        name: g,
        data,
        encode: { x: [0, 2, 3], y: [1, 4, 5] },
        silent: true,
        clip: true,
        z: 2,
        renderItem: (_params: CustomParams, api: CustomApi) => {
          const c = api.coord([api.value(0), api.value(1)]);
          const xl = api.coord([api.value(2), api.value(1)]);
          const xh = api.coord([api.value(3), api.value(1)]);
          const yl = api.coord([api.value(0), api.value(4)]);
          const yh = api.coord([api.value(0), api.value(5)]);
          const style = { stroke: color, lineWidth: 1.1, opacity: 0.8 };
          const cap = 3;
          const children: Record<string, unknown>[] = [];
          if (Math.abs(xh[0] - xl[0]) > 0.5) {
            children.push(
              { type: 'line', shape: { x1: xl[0], y1: c[1], x2: xh[0], y2: c[1] }, style },
              { type: 'line', shape: { x1: xl[0], y1: c[1] - cap, x2: xl[0], y2: c[1] + cap }, style },
              { type: 'line', shape: { x1: xh[0], y1: c[1] - cap, x2: xh[0], y2: c[1] + cap }, style },
            );
          }
          if (Math.abs(yh[1] - yl[1]) > 0.5) {
            children.push(
              { type: 'line', shape: { x1: c[0], y1: yl[1], x2: c[0], y2: yh[1] }, style },
              { type: 'line', shape: { x1: c[0] - cap, y1: yl[1], x2: c[0] + cap, y2: yl[1] }, style },
              { type: 'line', shape: { x1: c[0] - cap, y1: yh[1], x2: c[0] + cap, y2: yh[1] }, style },
            );
          }
          return { type: 'group', children };
        },
      });
    }
    series.push({
      type: 'scatter',
      name: g,
      symbol,
      symbolSize: 9,
      color,
      itemStyle: { color, borderColor: '#ffffff', borderWidth: 0.8, opacity: 0.9 },
      data: mine.map((p) => ({ name: p.name, value: [tx(p.x), p.y] })),
      label: {
        show: showLabels,
        // Above and to the right of the point: clear of its error bars and of the frontier,
        // which leaves each point horizontally at the point's height.
        position: 'top',
        align: 'left',
        distance: 5,
        offset: [5, 0],
        opacity: 1,
        fontFamily: FONT,
        fontSize: 11,
        color: TEXT,
        textBorderColor: '#ffffff',
        textBorderWidth: 3,
        formatter: (p: { name: string }) => p.name,
      },
      labelLayout: { hideOverlap: true },
      z: 4,
    });
  });

  if (spec.frontier) {
    const idx = paretoFrontier(pts);
    if (idx.length > 0) {
      const name = 'Pareto frontier';
      items.push({ name, icon: DASHED_ICON });
      series.push({
        type: 'line',
        name,
        data: idx.map((i) => [tx(pts[i].x), pts[i].y]),
        step: 'end',
        showSymbol: false,
        silent: true,
        color: '#000000',
        lineStyle: { width: 1.4, type: 'dashed', color: '#000000' },
        z: 3,
      });
      notes.push('Dashed staircase: the Pareto frontier, the points no other point beats on both axes (lower is better on both).');
    }
  }
  if (anyCi) notes.push('Error bars: 95% confidence intervals.');

  const xExt = finiteExtent(pts.map((p) => p.x), pts.flatMap((p) => p.xCi ?? []));
  const yExt = finiteExtent(pts.map((p) => p.y), pts.flatMap((p) => p.yCi ?? []));
  const height = spec.height ?? DEFAULT_HEIGHT;
  const b = base(items, width);
  return {
    height,
    notes,
    option: finish(b, {
      grid: grid(b.legendTop, { right: showLabels ? 60 : 20 }),
      xAxis: { ...numericAxis(spec.x, 'x', xExt, { maxTicks: maxTimeTicks(width) }), splitLine: { show: true, lineStyle: { color: GRIDLINE } } },
      yAxis: numericAxis(spec.y, 'y', yExt),
      series,
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Heatmap

function heatmapOption(spec: HeatmapChart, width: number): BuiltChart {
  const notes: string[] = [];
  const data: [number, number, number][] = [];
  let missing = 0;
  spec.y.categories.forEach((_, yi) => {
    spec.x.categories.forEach((_, xi) => {
      const v = spec.values[yi]?.[xi];
      if (isMissing(v)) missing += 1;
      else data.push([xi, yi, v]);
    });
  });
  const [lo, hi] = data.length > 0 ? finiteExtent(data.map((d) => d[2])) : [0, 1];
  // One number of decimals for every cell (from the largest magnitude), so the grid reads evenly.
  const maxAbs = Math.max(Math.abs(lo), Math.abs(hi));
  const scale = spec.unit === 'fraction' || spec.unit === 'probability' ? 100 : spec.unit === 'bps' ? 1e4 : 1;
  const shared: FormatOptions =
    ['quote', 'seconds', 'years'].includes(spec.unit) || !(maxAbs > 0) || maxAbs * scale >= 1e6 || maxAbs * scale < 1e-4
      ? { withUnit: false }
      : { withUnit: false, decimals: decimalsFor(maxAbs * scale, 3) };
  const better = spec.better ?? 'higher';
  const colors = better === 'higher' ? [HEAT_BAD, HEAT_MID, HEAT_GOOD] : [HEAT_GOOD, HEAT_MID, HEAT_BAD];
  const cells = spec.x.categories.length * spec.y.categories.length;
  if (missing > 0) notes.push(`${fmtInt(missing)} blank cell${missing === 1 ? '' : 's'}: no value.`);
  notes.push(`Colour: ${better === 'higher' ? 'teal is better (higher), brown is worse' : 'teal is better (lower), brown is worse'}.`);
  const height = spec.height ?? Math.max(240, 110 + spec.y.categories.length * 30);
  const b = base([], width);
  const longX = spec.x.categories.some((c) => c.length > 8) && spec.x.categories.length > 5;
  return {
    height,
    notes,
    option: finish(b, {
      grid: grid(0, { bottom: 54 }),
      xAxis: { ...categoryAxis(spec.x.label, spec.x.unit, spec.x.categories, { rotate: longX }), splitArea: { show: false } },
      yAxis: { ...categoryAxis(spec.y.label, spec.y.unit, spec.y.categories, { inverse: true }), splitArea: { show: false } },
      visualMap: {
        type: 'continuous',
        min: lo === hi ? lo - 1 : lo,
        max: lo === hi ? hi + 1 : hi,
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemWidth: 12,
        itemHeight: 180,
        precision: 6,
        text: [formatNumber(hi, spec.unit, shared), formatNumber(lo, spec.unit, shared)],
        showLabel: true,
        textStyle: { color: MUTED, fontFamily: FONT, fontSize: 11 },
        formatter: (v: number) => formatTick(v, spec.unit),
        inRange: { color: colors },
      },
      series: [
        {
          type: 'heatmap',
          name: axisUnitLabel(spec.unit) || 'Value',
          data,
          itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
          label: {
            show: cells <= HEAT_LABELS_UP_TO,
            fontFamily: FONT,
            fontSize: 11,
            color: '#111111',
            formatter: (p: { value: [number, number, number] }) => formatNumber(p.value[2], spec.unit, shared),
          },
        },
      ],
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Entry points

/** Build the ECharts option for a spec (no rendering); exposed for tests and custom renderers. */
export function buildChartOption(spec: ChartSpec, options: RenderOptions = {}): BuiltChart {
  const width = options.width ?? DEFAULT_WIDTH;
  const maxPoints = Math.max(4, options.maxPoints ?? DEFAULT_MAX_POINTS);
  const maxMarkers = Math.max(1, options.maxMarkers ?? DEFAULT_MAX_MARKERS);
  let built: BuiltChart;
  switch (spec.type) {
    case 'line':
      built = lineOption(spec, width, { maxPoints, maxMarkers });
      break;
    case 'fan':
      built = fanOption(spec, width, { maxPoints });
      break;
    case 'histogram':
      built = histogramOption(spec, width);
      break;
    case 'bar':
      built = barOption(spec, width);
      break;
    case 'scatter':
      built = scatterOption(spec, width);
      break;
    case 'heatmap':
      built = heatmapOption(spec, width);
      break;
    default: {
      const never: never = spec;
      throw new Error(`unknown chart type ${(never as { type: string }).type}`);
    }
  }
  if (options.height !== undefined) built.height = options.height;
  return built;
}

/** Render a chart to an SVG string plus the notes to print under it. */
export function renderChart(spec: ChartSpec, options: RenderOptions = {}): RenderedChart {
  const width = options.width ?? DEFAULT_WIDTH;
  const built = buildChartOption(spec, options);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height: built.height });
  let svg: string;
  try {
    chart.setOption(built.option as echarts.EChartsCoreOption);
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  return { svg: localizeIds(svg, options.idPrefix ?? 'c'), width, height: built.height, notes: built.notes };
}

/**
 * ECharts names ids and classes from process-wide counters ("zr3-c12", "zr3-cls-40"). Renumber
 * them per SVG, in order of first use, under `prefix`: ids stay unique between the charts of one
 * page, and the same chart gives the same bytes whatever was rendered before it.
 */
function localizeIds(svg: string, rawPrefix: string): string {
  const prefix = rawPrefix.replace(/[^A-Za-z0-9_-]/g, '_');
  const mapping = new Map<string, string>();
  const counters = new Map<string, number>();
  return svg
    .replace(/\bzr\d+-(cls-|[a-z]+)(\d+)/g, (token: string, kind: string) => {
      let renamed = mapping.get(token);
      if (renamed === undefined) {
        const k = counters.get(kind) ?? 0;
        counters.set(kind, k + 1);
        renamed = `${prefix}-${kind}${k}`;
        mapping.set(token, renamed);
      }
      return renamed;
    })
    .replace(/\bzr\d+-/g, `${prefix}-`);
}

/** Render a chart to an SVG string (see renderChart for the notes). */
export function renderChartSvg(spec: ChartSpec, options: RenderOptions = {}): string {
  return renderChart(spec, options).svg;
}
