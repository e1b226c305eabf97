export type * from './report-model.js';
export {
  MISSING,
  formatNumber,
  formatWithCi,
  formatCiParts,
  formatCell,
  formatDecimal,
  formatCompact,
  formatDuration,
  formatTick,
  formatUtc,
  unitSuffix,
  unitName,
  labelWithUnit,
} from './format.js';
export type { FormatOptions, CiParts, Cell } from './format.js';
export { renderChart, renderChartSvg, buildChartOption, downsampleMinMax, downsampleIndices, paretoFrontier, utcTimeTicks, PALETTE } from './charts.js';
export type { RenderOptions, RenderedChart, BuiltChart } from './charts.js';
export { renderHtml, escapeHtml } from './html.js';
export type { HtmlOptions } from './html.js';
export { writeReportFiles, toCsv, toJson } from './write-report.js';
export type { ReportFiles, CsvCell } from './write-report.js';
export { sampleReport } from './sample.js';
