/**
 * The data a report shows, independent of how it is drawn. Commands (simulate, compare, sweep,
 * bench) build a Report from their results; `renderHtml` turns it into one self-contained HTML
 * file with SVG charts, and the same model is written as JSON. Keeping the model plain data means
 * a report can be regenerated, diffed and tested without a browser.
 *
 * Numbers are raw (fractions, not percentages); `unit` tells the renderer how to format them:
 * 'fraction' and 'probability' as percentages, 'bps' as basis points, 'quote' with thousands
 * separators, 'count' as integers, 'leverage' with an x, 'log' as a signed decimal, anything
 * else as a decimal followed by the unit.
 */

export interface Report {
  title: string;
  subtitle?: string;
  /** ISO time the report was generated (from the injected clock). */
  generatedAt?: string;
  keelVersion: string;
  /** Facts about the run shown at the top: config file, model, paths, seed, threads, duration. */
  run: { label: string; value: string }[];
  sections: Section[];
}

export interface Section {
  title: string;
  /** One or two sentences saying what the section shows and how to read it. */
  intro?: string;
  blocks: Block[];
}

export type Block = FiguresBlock | TableBlock | ChartBlock | TextBlock | GlossaryBlock;

/** Headline numbers, each with its unit and, for Monte Carlo estimates, a 95% confidence interval. */
export interface FiguresBlock {
  kind: 'figures';
  items: { label: string; value: number; unit: string; ci?: [number, number]; help?: string }[];
}

export interface TableColumn {
  key: string;
  label: string;
  unit?: string;
  /** Text columns align left, numeric right (default by value type). */
  align?: 'left' | 'right';
}

export interface TableBlock {
  kind: 'table';
  caption?: string;
  columns: TableColumn[];
  /** Cells: numbers are formatted by the column's unit; [value, low, high] shows "value (low to high)". */
  rows: Record<string, string | number | null | [number, number, number]>[];
  /** Show at most this many rows, with a note of how many were left out (the CSV has them all). */
  maxRows?: number;
}

export interface TextBlock {
  kind: 'text';
  /** Paragraphs of plain text. */
  paragraphs: string[];
  tone?: 'note' | 'warning';
}

export interface GlossaryBlock {
  kind: 'glossary';
  entries: { term: string; definition: string }[];
}

export interface ChartBlock {
  kind: 'chart';
  chart: ChartSpec;
}

export interface Axis {
  label: string;
  unit?: string;
  /** x values are seconds since the epoch; draw dates. */
  time?: boolean;
  log?: boolean;
  min?: number;
  max?: number;
}

export type ChartSpec = LineChart | FanChart | HistogramChart | BarChart | ScatterChart | HeatmapChart;

interface ChartBase {
  title: string;
  /** A sentence under the chart saying what to look at. */
  caption?: string;
  height?: number;
}

export interface LineChart extends ChartBase {
  type: 'line';
  x: Axis & { values: ArrayLike<number> };
  y: Axis;
  series: { name: string; values: ArrayLike<number>; dashed?: boolean; area?: boolean; step?: boolean; axis?: 'left' | 'right' }[];
  /** Optional right axis for series with axis: 'right'. */
  y2?: Axis;
  /** Horizontal reference lines (targets, band edges). */
  hlines?: { name: string; value: number; dashed?: boolean }[];
  /** Shaded horizontal range (a band). */
  hband?: { name: string; from: number; to: number };
  /** Point markers on top of the series (trades). */
  markers?: { name: string; points: [number, number][]; symbol?: 'circle' | 'triangle' | 'diamond' }[];
}

/** Percentile bands over time (Monte Carlo fan chart). */
export interface FanChart extends ChartBase {
  type: 'fan';
  x: Axis & { values: ArrayLike<number> };
  y: Axis;
  median: ArrayLike<number>;
  /** From the widest to the narrowest, e.g. p5-p95 then p25-p75. */
  bands: { name: string; lower: ArrayLike<number>; upper: ArrayLike<number> }[];
  /** Extra lines (a reference such as the continuous closed form, or a sample path). */
  lines?: { name: string; values: ArrayLike<number>; dashed?: boolean }[];
}

export interface HistogramChart extends ChartBase {
  type: 'histogram';
  x: Axis;
  bins: { from: number; to: number; count: number }[];
  /** Vertical markers: mean, VaR, a closed-form value. */
  markers?: { name: string; value: number }[];
}

export interface BarChart extends ChartBase {
  type: 'bar';
  categories: string[];
  y: Axis;
  series: { name: string; values: number[]; /** 95% interval per category */ errors?: [number, number][] }[];
  stacked?: boolean;
  horizontal?: boolean;
}

/** Points with optional error bars; `frontier` draws the lower-left Pareto frontier through them. */
export interface ScatterChart extends ChartBase {
  type: 'scatter';
  x: Axis;
  y: Axis;
  points: { name: string; group?: string; x: number; y: number; xCi?: [number, number]; yCi?: [number, number] }[];
  frontier?: boolean;
  /** Label every point with its name (default when there are at most 12 points). */
  labels?: boolean;
}

export interface HeatmapChart extends ChartBase {
  type: 'heatmap';
  x: Axis & { categories: string[] };
  y: Axis & { categories: string[] };
  /** values[yIndex][xIndex]; null for missing cells. */
  values: (number | null)[][];
  /** Unit of the cell values (formats the labels and the colour scale). */
  unit: string;
  /** Higher is better (green) or worse (red); default 'higher'. */
  better?: 'higher' | 'lower';
}
