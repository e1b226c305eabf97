/**
 * Report -> one self-contained HTML document: inline CSS, inline SVG charts, no scripts, no
 * external fonts, images or links (the only URL is the SVG namespace). It opens offline, prints
 * cleanly (charts, tables and figure cards are not split across pages) and shows the same thing
 * every time for the same Report: the output depends only on the Report, never on the clock,
 * the machine's locale or time zone.
 *
 * All text from the Report (titles, series names, cells, run facts) is escaped: names come from
 * user config files.
 */
import type {
  Block,
  ChartBlock,
  FiguresBlock,
  GlossaryBlock,
  Report,
  Section,
  TableBlock,
  TableColumn,
  TextBlock,
} from './report-model.js';
import { renderChart } from './charts.js';
import { formatCell, formatCiParts, formatNumber, formatUtc, isMissing, MISSING, unitSuffix } from './format.js';

/** Escape text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export interface HtmlOptions {
  /** Chart width in px (the SVG scales to the page; this sets its proportions). Default 800. */
  chartWidth?: number;
}

/** Render a Report as one self-contained HTML document. */
export function renderHtml(report: Report, options: HtmlOptions = {}): string {
  const ctx: Ctx = { chartIndex: 0, chartWidth: options.chartWidth ?? 800 };
  const sections = report.sections.map((s, i) => renderSection(s, i, ctx)).join('\n');
  const generated = report.generatedAt ? formatGenerated(report.generatedAt) : '';
  const meta = [generated ? `Generated ${escapeHtml(generated)}` : '', `Keel ${escapeHtml(report.keelVersion)}`].filter(Boolean).join(' &middot; ');
  const run =
    report.run.length > 0
      ? `<dl class="run">\n${report.run.map((r) => `<div><dt>${escapeHtml(r.label)}</dt><dd>${escapeHtml(r.value)}</dd></div>`).join('\n')}\n</dl>`
      : '';
  const toc =
    report.sections.length > 1
      ? `<nav class="toc" aria-label="Contents"><h2>Contents</h2><ol>\n${report.sections
          .map((s, i) => `<li><a href="#${sectionId(i)}">${escapeHtml(s.title)}</a></li>`)
          .join('\n')}\n</ol></nav>`
      : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Keel ${escapeHtml(report.keelVersion)}">
<title>${escapeHtml(report.title)}</title>
<style>
${CSS}
</style>
</head>
<body>
<header class="report-header">
<h1>${escapeHtml(report.title)}</h1>
${report.subtitle ? `<p class="subtitle">${escapeHtml(report.subtitle)}</p>\n` : ''}<p class="meta">${meta}</p>
${run}
</header>
${toc}
<main>
${sections}
</main>
<footer><p>${meta}. Intervals are 95% confidence intervals of Monte Carlo estimates where shown. Times are UTC.</p></footer>
</body>
</html>
`;
}

interface Ctx {
  chartIndex: number;
  chartWidth: number;
}

function sectionId(i: number): string {
  return `section-${i + 1}`;
}

/** "2024-05-01 12:00:00 UTC" from an ISO time; the text as given if it does not parse. */
function formatGenerated(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const d = new Date(ms);
  return `${formatUtc(ms / 1000)}:${String(d.getUTCSeconds()).padStart(2, '0')} UTC`;
}

function renderSection(section: Section, i: number, ctx: Ctx): string {
  const intro = section.intro ? `<p class="intro">${escapeHtml(section.intro)}</p>\n` : '';
  const rendered = section.blocks.map((b) => renderBlock(b, ctx));
  const head = `<h2>${escapeHtml(section.title)}</h2>\n${intro}`;
  // On paper the heading stays with what follows: a chart or a text block (which never split)
  // moves with its heading; figures and tables, which may be long, may still split after it.
  const firstKind = section.blocks[0]?.kind;
  const body =
    firstKind === 'chart' || firstKind === 'text'
      ? `<div class="keep">\n${head}${rendered[0]}\n</div>\n${rendered.slice(1).join('\n')}`
      : `${head}${rendered.join('\n')}`;
  return `<section id="${sectionId(i)}">
${body}
</section>`;
}

function renderBlock(block: Block, ctx: Ctx): string {
  switch (block.kind) {
    case 'figures':
      return renderFigures(block);
    case 'table':
      return renderTable(block);
    case 'chart':
      return renderChartBlock(block, ctx);
    case 'text':
      return renderText(block);
    case 'glossary':
      return renderGlossary(block);
    default: {
      const never: never = block;
      return `<p class="warning">Unknown block ${escapeHtml((never as { kind: string }).kind)}</p>`;
    }
  }
}

function renderFigures(block: FiguresBlock): string {
  const cards = block.items.map((item) => {
    const unitWord = unitSuffix(item.unit);
    let value: string;
    let ci = '';
    if (item.ci && !isMissing(item.value) && !isMissing(item.ci[0]) && !isMissing(item.ci[1])) {
      const p = formatCiParts(item.value, item.ci[0], item.ci[1], item.unit);
      value = p.value;
      ci = `<div class="fig-ci">(95% CI ${escapeHtml(p.low)} to ${escapeHtml(p.high)})</div>`;
    } else {
      value = formatNumber(item.value, item.unit, { withUnit: false });
    }
    const unit = unitWord && value !== MISSING ? ` <span class="fig-unit">${escapeHtml(unitWord)}</span>` : '';
    const help = item.help ? `<div class="fig-help">${escapeHtml(item.help)}</div>` : '';
    return `<div class="figure">
<div class="fig-label">${escapeHtml(item.label)}</div>
<div class="fig-value">${escapeHtml(value)}${unit}</div>
${ci}${help}
</div>`;
  });
  return `<div class="figures">\n${cards.join('\n')}\n</div>`;
}

function isNumericCell(v: unknown): boolean {
  return typeof v === 'number' || Array.isArray(v);
}

function columnAlign(col: TableColumn, rows: TableBlock['rows']): 'left' | 'right' {
  if (col.align) return col.align;
  for (const r of rows) {
    const v = r[col.key];
    if (v === null || v === undefined) continue;
    return isNumericCell(v) ? 'right' : 'left';
  }
  return 'left';
}

function renderTable(block: TableBlock): string {
  const total = block.rows.length;
  const limit = block.maxRows !== undefined && block.maxRows >= 0 ? Math.floor(block.maxRows) : total;
  const shown = block.rows.slice(0, limit);
  const aligns = block.columns.map((c) => columnAlign(c, block.rows));
  const head = block.columns
    .map((c, i) => {
      const u = unitSuffix(c.unit);
      const unit = u ? ` <span class="col-unit">(${escapeHtml(u)})</span>` : '';
      return `<th scope="col" class="${aligns[i]}">${escapeHtml(c.label)}${unit}</th>`;
    })
    .join('');
  const body = shown
    .map((row) => {
      const cells = block.columns
        .map((c, i) => {
          const v = row[c.key];
          const cls = (text: string) =>
            [aligns[i], isNumericCell(v) ? 'num' : text.length <= 32 ? 'short' : '', text === MISSING ? 'missing' : ''].filter(Boolean).join(' ');
          if (Array.isArray(v) && !isMissing(v[0]) && !isMissing(v[1]) && !isMissing(v[2])) {
            // Value on the first line, its interval below in small type: narrow columns, aligned values.
            const p = formatCiParts(v[0], v[1], v[2], c.unit ?? '', { withUnit: false });
            return `<td class="${cls(p.value)}">${escapeHtml(p.value)} <span class="ci">(95% CI ${escapeHtml(p.low)} to ${escapeHtml(p.high)})</span></td>`;
          }
          const text = formatCell(v as Parameters<typeof formatCell>[0], c.unit ?? '', { withUnit: false });
          return `<td class="${cls(text)}">${escapeHtml(text)}</td>`;
        })
        .join('');
      return `<tr>${cells}</tr>`;
    })
    .join('\n');
  // The caption sits above the table, not in a <caption>, so it can be wider than a narrow table.
  const caption = block.caption ? `<p class="table-caption">${escapeHtml(block.caption)}</p>\n` : '';
  const empty = total === 0 ? `<tr><td colspan="${Math.max(1, block.columns.length)}" class="missing">No rows.</td></tr>` : '';
  const more =
    total > shown.length
      ? `<p class="table-note">Showing ${formatNumber(shown.length, 'count')} of ${formatNumber(total, 'count')} rows; ${formatNumber(
          total - shown.length,
          'count',
        )} left out here are in the CSV.</p>`
      : '';
  return `<div class="table-wrap">
${caption}<table>
<thead><tr>${head}</tr></thead>
<tbody>
${body}${empty}
</tbody>
</table>
${more}</div>`;
}

/** Keep the SVG inert: no scripts, no foreign content, no event handlers (defence in depth; ECharts emits none). */
function sanitizeSvg(svg: string): string {
  let out = svg
    .replace(/<script[\s\S]*?<\/script\s*>/gi, '')
    .replace(/<script/gi, '&lt;script')
    .replace(/<foreignObject[\s\S]*?<\/foreignObject\s*>/gi, '')
    .replace(/\son[a-z]+\s*=\s*("[^"]*"|'[^']*')/gi, '');
  // The XLink namespace is only needed when xlink: attributes are used.
  if (!/\sxlink:/.test(out.replace(/xmlns:xlink="[^"]*"/, ''))) out = out.replace(/\s*xmlns:xlink="[^"]*"/, '');
  return out;
}

function renderChartBlock(block: ChartBlock, ctx: Ctx): string {
  const spec = block.chart;
  const index = ctx.chartIndex++;
  let body: string;
  let notes: string[] = [];
  try {
    const r = renderChart(spec, { width: ctx.chartWidth, idPrefix: `k${index}` });
    notes = r.notes;
    body = `<div class="chart-svg" role="img" aria-label="${escapeHtml(spec.title)}">${sanitizeSvg(r.svg)}</div>`;
  } catch (err) {
    // One bad chart must not lose the whole report: say so where the chart would be.
    body = `<div class="chart-error">Chart could not be drawn: ${escapeHtml(err instanceof Error ? err.message : String(err))}</div>`;
  }
  const caption = spec.caption ? `<p class="caption">${escapeHtml(spec.caption)}</p>` : '';
  const noteHtml = notes.length > 0 ? `<p class="chart-notes">${notes.map(escapeHtml).join(' ')}</p>` : '';
  return `<figure class="chart">
<h3 class="chart-title">${escapeHtml(spec.title)}</h3>
${body}
<figcaption>${caption}${noteHtml}</figcaption>
</figure>`;
}

function renderText(block: TextBlock): string {
  const tone = block.tone ?? '';
  const label = tone === 'warning' ? '<div class="tone-label">Warning</div>\n' : tone === 'note' ? '<div class="tone-label">Note</div>\n' : '';
  const paras = block.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  return `<div class="text${tone ? ` ${tone}` : ''}"${tone === 'warning' ? ' role="note"' : ''}>
${label}${paras}
</div>`;
}

function renderGlossary(block: GlossaryBlock): string {
  const entries = block.entries.map((e) => `<dt>${escapeHtml(e.term)}</dt><dd>${escapeHtml(e.definition)}</dd>`).join('\n');
  return `<dl class="glossary">\n${entries}\n</dl>`;
}

const CSS = `
:root {
  --fg: #1d1d1f; --muted: #5b5b63; --line: #d9d9de; --soft: #f5f6f8; --accent: #0072B2;
  --warn: #b85c00; --warn-bg: #fff6ea; --note-bg: #eef5fb;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0 auto; max-width: 1080px; padding: 24px 28px 40px; color: var(--fg); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
h1 { font-size: 1.75rem; line-height: 1.2; margin: 0 0 4px; }
h2 { font-size: 1.3rem; margin: 0 0 6px; padding-top: 6px; border-top: 2px solid var(--fg); }
h3 { font-size: 1rem; margin: 0 0 4px; }
p { margin: 0 0 8px; }
.subtitle { font-size: 1.05rem; color: var(--muted); margin-bottom: 2px; }
.meta { font-size: 0.85rem; color: var(--muted); }
.report-header { margin-bottom: 18px; }
dl.run { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 2px 18px; margin: 10px 0 0;
  padding: 10px 14px; background: var(--soft); border-radius: 6px; font-size: 0.85rem; }
dl.run > div { display: flex; gap: 8px; min-width: 0; }
dl.run dt { color: var(--muted); white-space: nowrap; }
dl.run dt::after { content: ":"; }
dl.run dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
nav.toc { margin: 0 0 22px; font-size: 0.9rem; }
nav.toc h2 { font-size: 0.95rem; border: 0; padding: 0; margin-bottom: 2px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; }
nav.toc ol { margin: 0; padding-left: 22px; columns: 2 260px; }
nav.toc a { color: var(--accent); text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
section { margin: 0 0 30px; }
.intro { color: var(--muted); max-width: 75ch; margin-bottom: 12px; }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 10px; margin: 0 0 16px; }
.figure { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; break-inside: avoid; page-break-inside: avoid; }
.fig-label { font-size: 0.82rem; color: var(--muted); line-height: 1.25; }
.fig-value { font-size: 1.45rem; font-weight: 650; font-variant-numeric: tabular-nums; line-height: 1.3; overflow-wrap: anywhere; }
.fig-unit { font-size: 0.8rem; font-weight: 400; color: var(--muted); }
.fig-ci { font-size: 0.8rem; color: var(--fg); font-variant-numeric: tabular-nums; }
.fig-help { font-size: 0.75rem; color: var(--muted); margin-top: 4px; line-height: 1.3; }
.table-wrap { margin: 0 0 16px; overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.85rem; min-width: 50%; break-inside: avoid; page-break-inside: avoid; }
.table-caption { font-weight: 600; font-size: 0.9rem; margin-bottom: 4px; max-width: 80ch; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { border-bottom: 2px solid var(--fg); font-weight: 600; background: #fff; }
th.right, td.right { text-align: right; }
th.left, td.left { text-align: left; }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
td.short { white-space: nowrap; }
td.missing { color: var(--muted); }
tbody tr:nth-child(even) td { background: #fafafb; }
td .ci { display: block; font-size: 0.78rem; color: var(--muted); }
.col-unit { font-weight: 400; color: var(--muted); }
.table-note { font-size: 0.8rem; color: var(--muted); margin-top: 4px; }
figure.chart { margin: 0 0 22px; break-inside: avoid; page-break-inside: avoid; }
.chart-svg svg { display: block; width: 100%; height: auto; max-width: 100%; }
figure.chart figcaption { margin-top: 4px; }
.caption { font-size: 0.88rem; color: var(--fg); max-width: 80ch; margin-bottom: 2px; }
.chart-notes { font-size: 0.78rem; color: var(--muted); }
.chart-error { padding: 12px; border: 1px dashed var(--warn); color: var(--warn); }
.text { max-width: 80ch; margin: 0 0 16px; }
.text.note, .text.warning { padding: 8px 14px; border-left: 4px solid var(--accent); background: var(--note-bg); border-radius: 0 6px 6px 0; break-inside: avoid; page-break-inside: avoid; }
.text.warning { border-left-color: var(--warn); background: var(--warn-bg); }
.tone-label { font-size: 0.75rem; font-weight: 700; text-transform: uppercase; letter-spacing: 0.05em; color: var(--accent); }
.text.warning .tone-label { color: var(--warn); }
.text p:last-child { margin-bottom: 0; }
dl.glossary { display: grid; grid-template-columns: minmax(120px, max-content) 1fr; gap: 4px 16px; font-size: 0.88rem; margin: 0 0 16px; }
dl.glossary dt { font-weight: 600; }
dl.glossary dd { margin: 0; color: var(--fg); }
footer { border-top: 1px solid var(--line); margin-top: 30px; padding-top: 8px; font-size: 0.78rem; color: var(--muted); }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav.toc a { color: inherit; }
  h2, .intro, .table-caption { break-after: avoid; page-break-after: avoid; }
  h3.chart-title { break-after: avoid; page-break-after: avoid; }
  .keep, figure.chart, table, .figure, .text.note, .text.warning, dl.run { break-inside: avoid; page-break-inside: avoid; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .table-wrap { overflow: visible; }
  tbody tr:nth-child(even) td { background: #f6f6f6; }
}
`.trim();
