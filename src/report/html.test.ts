import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtml } from './html.js';
import type { ChartSpec, Report } from './report-model.js';
import { sampleReport } from './sample.js';

const hostile = sampleReport({ pathPoints: 3000, hostileNames: true });
const html = renderHtml(hostile);

describe('renderHtml', () => {
  it('is one HTML document with inline CSS, print rules and no scripts', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).toContain('@media print');
    expect(html).toMatch(/break-inside: avoid/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link|<img|@import|@font-face|<iframe|<object|<embed/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  });

  it('has no URL but the SVG namespace', () => {
    const urls = [...html.matchAll(/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}[^\s"')<]*/gi)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg']));
  });

  it('escapes text from the report everywhere: title, run facts, cells, series names', () => {
    expect(html).toContain('<title>ETH 2x &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot;</title>');
    expect(html).toContain('examples/&lt;b&gt;eth2x&lt;/b&gt;.yaml');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'); // table cell, bar category, scatter label
    expect(html).toContain('O&#39;Brien &amp; Co');
    expect(html).toContain('ETH &lt;i&gt;price&lt;/i&gt;'); // series name inside the SVG
    expect(html).not.toContain('<b>eth2x</b>');
    expect(html).not.toContain('<i>price</i>');
  });

  it('includes every section title, in the table of contents and as headings', () => {
    for (const [i, s] of hostile.sections.entries()) {
      expect(html).toContain(`<h2>${escapeHtml(s.title)}</h2>`);
      expect(html).toContain(`<li><a href="#section-${i + 1}">${escapeHtml(s.title)}</a></li>`);
      expect(html).toContain(`<section id="section-${i + 1}">`);
    }
  });

  it('renders every block type', () => {
    // Header: title, subtitle, generated time, version, run facts.
    expect(html).toContain('Generated 2024-06-01 12:34:56 UTC');
    expect(html).toContain('Keel 0.1.0');
    expect(html).toContain('<dt>Seed</dt><dd>42</dd>');
    // Figures: value, CI, unit, help.
    expect(html).toContain('<div class="fig-value">4.12%</div>');
    expect(html).toContain('(95% CI 3.01% to 5.23%)');
    expect(html).toContain('1.04M <span class="fig-unit">quote</span>');
    expect(html).toContain('NAV_T / NAV_0 - 1 after fees.');
    expect(html).toContain('<div class="fig-value">\u2014</div>');
    // Table: right-aligned numbers, CI cells, units in headers, the maxRows note.
    expect(html).toMatch(/<th scope="col" class="right">Final NAV <span class="col-unit">\(quote\)<\/span><\/th>/);
    expect(html).toMatch(/<td class="right num">0\.\d+% <span class="ci">\(95% CI 0\.\d+% to 0\.\d+%\)<\/span><\/td>/);
    expect(html).toContain('<td class="right num">120</td>');
    expect(html).toContain('Showing 3 of 4 rows; 1 left out here are in the CSV.');
    // Charts: SVG, title and caption as HTML, notes.
    const charts = hostile.sections.flatMap((s) => s.blocks).filter((b) => b.kind === 'chart');
    expect(charts.map((c) => c.chart.type).sort()).toEqual(['bar', 'fan', 'heatmap', 'histogram', 'line', 'line', 'scatter']);
    expect(html.match(/<svg /g)?.length).toBe(charts.length);
    for (const c of charts) expect(html).toContain(`<h3 class="chart-title">${escapeHtml(c.chart.title)}</h3>`);
    expect(html).toContain('<p class="caption">The median falls below the continuous closed form: volatility decay.</p>');
    expect(html).toContain('Error bars: 95% confidence intervals.');
    // Text and glossary.
    expect(html).toContain('<div class="text warning" role="note">');
    expect(html).toContain('<div class="text note">');
    expect(html).toContain('<dt>NAV</dt><dd>Net asset value of the token, in quote.</dd>');
  });

  it('gives every chart its own SVG ids', () => {
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is deterministic', () => {
    expect(renderHtml(sampleReport({ pathPoints: 3000, hostileNames: true }))).toBe(html);
  });

  it('renders a minimal report, and a broken chart without losing the rest', () => {
    const minimal: Report = { title: 'Empty', keelVersion: '0.0.0', run: [], sections: [] };
    const out = renderHtml(minimal);
    expect(out).toContain('<h1>Empty</h1>');
    expect(out).not.toContain('Generated');

    const broken: Report = {
      ...minimal,
      sections: [
        {
          title: 'S',
          blocks: [
            { kind: 'chart', chart: { type: 'pie', title: 'Bad' } as unknown as ChartSpec },
            { kind: 'table', columns: [{ key: 'a', label: 'A' }], rows: [] },
            { kind: 'text', paragraphs: ['still here'] },
          ],
        },
      ],
    };
    const out2 = renderHtml(broken);
    expect(out2).toContain('Chart could not be drawn');
    expect(out2).toContain('No rows.');
    expect(out2).toContain('still here');
  });
});

describe('escapeHtml', () => {
  it('escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeHtml(null)).toBe('');
  });
});
