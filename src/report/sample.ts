/**
 * A sample Report with every block and chart type, built from seeded synthetic data. Used by the
 * tests and to eyeball the renderer (`writeReportFiles('/tmp/x', { report: sampleReport() })`).
 * The numbers are illustrative, not results of the engine.
 */
import { Rng } from '../core/rng.js';
import { normalInv } from '../core/normal.js';
import type { Report } from './report-model.js';

export interface SampleOptions {
  /** Points in the long price path (default 100,000: 5-minute steps for about a year). */
  pathPoints?: number;
  /** Put hostile text (markup, quotes) in names to exercise escaping. */
  hostileNames?: boolean;
}

const START = Date.UTC(2024, 0, 1) / 1000;

export function sampleReport(opts: SampleOptions = {}): Report {
  const n = opts.pathPoints ?? 100_000;
  const rng = new Rng(42);
  const z = () => normalInv(rng.nextOpenFloat());
  const dtYears = 300 / 31_536_000;
  const sigma = 0.75;

  // One long price path with a flash crash, and a 2x token rebalanced in a 1.7-2.3 band.
  const t = new Float64Array(n);
  const price = new Float64Array(n);
  const leverage = new Float64Array(n);
  const trades: [number, number][] = [];
  let p = 3000;
  let units = 2;
  let debt = 3000;
  for (let i = 0; i < n; i++) {
    t[i] = START + i * 300;
    if (i > 0) p *= Math.exp(-0.5 * sigma * sigma * dtYears + sigma * Math.sqrt(dtYears) * z());
    if (i === Math.floor(n * 0.6)) p *= 0.82;
    if (i === Math.floor(n * 0.6) + 3) p /= 0.9;
    price[i] = p;
    const nav = units * p - debt;
    let lev = (units * p) / nav;
    if (lev > 2.3 || lev < 1.7) {
      units = (2 * nav) / p;
      debt = units * p - nav;
      lev = 2;
      trades.push([t[i], lev]);
    }
    leverage[i] = lev;
  }

  // A Monte Carlo fan of NAV over 365 daily steps.
  const days = 365;
  const fanX = Array.from({ length: days + 1 }, (_, d) => START + d * 86_400);
  const q = (k: number, zq: number) => 1000 * Math.exp((-0.5 * 4 * sigma * sigma * k) / 365 + 2 * sigma * Math.sqrt(k / 365) * zq);
  const median = fanX.map((_, k) => q(k, 0));
  const p5 = fanX.map((_, k) => q(k, -1.645));
  const p95 = fanX.map((_, k) => q(k, 1.645));
  const p25 = fanX.map((_, k) => q(k, -0.674));
  const p75 = fanX.map((_, k) => q(k, 0.674));
  const closedForm = fanX.map((_, k) => 1000 * Math.exp((-0.5 * 2 * sigma * sigma * k) / 365));

  // Histogram of log NAV ratios.
  const draws = Array.from({ length: 20_000 }, () => -0.56 + 1.5 * z());
  const bins: { from: number; to: number; count: number }[] = [];
  for (let b = -6; b < 5; b += 0.25) bins.push({ from: b, to: b + 0.25, count: 0 });
  for (const d of draws) {
    const k = Math.floor((d + 6) / 0.25);
    if (k >= 0 && k < bins.length) bins[k].count += 1;
  }
  const mean = draws.reduce((s, d) => s + d, 0) / draws.length;
  const sorted = draws.slice().sort((a, b) => a - b);

  const evil = opts.hostileNames ?? false;
  const policyNames = evil
    ? ['<script>alert("x")</script>', 'Band "1.7-2.3"', "O'Brien & Co", 'Daily']
    : ['Band 1.7-2.3', 'Band 1.8-2.2', 'Band 1.9-2.1', 'Daily reset'];

  const policies = policyNames.map((name, i) => {
    const cost = 0.004 + 0.006 * i + 0.001 * z();
    const err = 0.05 / (1 + i) + 0.005 * Math.abs(z());
    return { name, cost, err, ci: 0.0008 + 0.0002 * i, errCi: 0.004 };
  });

  return {
    title: evil ? 'ETH 2x <script>alert(1)</script> & "friends"' : 'ETH 2x leveraged token: band policy study',
    subtitle: 'Geometric Brownian motion, 75% volatility, one year, 5-minute steps',
    generatedAt: '2024-06-01T12:34:56.000Z',
    keelVersion: '0.1.0',
    run: [
      { label: 'Config', value: evil ? 'examples/<b>eth2x</b>.yaml' : 'examples/eth-2x.yaml' },
      { label: 'Model', value: 'GBM, sigma 0.75 per sqrt year, mu 0' },
      { label: 'Paths', value: '20,000' },
      { label: 'Seed', value: '42' },
      { label: 'Threads', value: '2' },
      { label: 'Duration', value: '12.4 s' },
    ],
    sections: [
      {
        title: 'Headline',
        intro: 'Monte Carlo estimates over 20,000 paths; the intervals are 95% confidence intervals of the mean.',
        blocks: [
          {
            kind: 'figures',
            items: [
              { label: 'Mean holder return', value: 0.0412, unit: 'fraction', ci: [0.0301, 0.0523], help: 'NAV_T / NAV_0 - 1 after fees.' },
              { label: 'Probability of loss', value: 0.6123, unit: 'probability', ci: [0.6055, 0.6191] },
              { label: 'Mean final NAV', value: 1_041_200.5, unit: 'quote', ci: [1_030_100, 1_052_300] },
              { label: 'Mean rebalances', value: 37.42, unit: 'count', ci: [37.01, 37.83] },
              { label: 'Mean leverage', value: 2.0034, unit: 'leverage' },
              { label: 'Decay vs continuous', value: -0.01234, unit: 'log', ci: [-0.0131, -0.0116], help: 'ln(NAV_T / continuous NAV_T); negative is worse.' },
              { label: 'Realised volatility', value: 0.7491, unit: 'per sqrt year' },
              { label: 'Mean fee', value: 0.00123, unit: 'bps' },
              { label: 'Time in band', value: 0.25, unit: 'years' },
              { label: 'Mean rebalance interval', value: 5400, unit: 'seconds' },
              { label: 'Worst path NAV', value: Number.NaN, unit: 'quote', help: 'Undefined: a path was wiped out.' },
            ],
          },
          {
            kind: 'text',
            tone: 'warning',
            paragraphs: ['3 of 20,000 paths (0.015%) were wiped out by the flash crash; their log NAV ratio is undefined and they are counted separately.'],
          },
        ],
      },
      {
        title: 'One path',
        intro: 'The price path with the flash crash, the token leverage on the right axis, the band and every rebalance.',
        blocks: [
          {
            kind: 'chart',
            chart: {
              type: 'line',
              title: 'Price and leverage',
              caption: 'Leverage drifts with the price and is pulled back to 2x when it leaves the band; the flash crash at 60% of the year forces a rebalance.',
              x: { label: 'Date', time: true, values: t },
              y: { label: 'ETH price', unit: 'quote per base' },
              y2: { label: 'Leverage', unit: 'leverage' },
              series: [
                { name: evil ? 'ETH <i>price</i>' : 'ETH price', values: price },
                { name: 'Leverage', values: leverage, axis: 'right', dashed: true },
              ],
              markers: [{ name: 'Rebalance', points: trades.map(([x]) => [x, price[Math.round((x - START) / 300)]]), symbol: 'triangle' }],
            },
          },
          {
            kind: 'chart',
            chart: {
              type: 'line',
              title: 'Leverage in its band',
              x: { label: 'Date', time: true, values: t },
              y: { label: 'Leverage', unit: 'leverage' },
              series: [{ name: 'Leverage', values: leverage, step: true }],
              hlines: [{ name: 'Target 2x', value: 2, dashed: true }],
              hband: { name: 'Band 1.7x to 2.3x', from: 1.7, to: 2.3 },
              markers: [{ name: 'Rebalance', points: trades, symbol: 'diamond' }],
            },
          },
        ],
      },
      {
        title: 'Distribution',
        intro: 'How NAV spreads over the year across paths, and the distribution of the final log NAV ratio.',
        blocks: [
          {
            kind: 'chart',
            chart: {
              type: 'fan',
              title: 'NAV percentiles',
              caption: 'The median falls below the continuous closed form: volatility decay.',
              x: { label: 'Date', time: true, values: fanX },
              y: { label: 'NAV', unit: 'quote', log: true },
              median,
              bands: [
                { name: 'p5 to p95', lower: p5, upper: p95 },
                { name: 'p25 to p75', lower: p25, upper: p75 },
              ],
              lines: [{ name: 'Continuous closed form', values: closedForm, dashed: true }],
            },
          },
          {
            kind: 'chart',
            chart: {
              type: 'histogram',
              title: 'Final log NAV ratio',
              x: { label: 'ln(NAV_T / NAV_0)', unit: 'log' },
              bins,
              markers: [
                { name: 'Mean', value: mean },
                { name: 'VaR 95%', value: sorted[Math.floor(0.05 * sorted.length)] },
              ],
            },
          },
        ],
      },
      {
        title: 'Policies compared',
        intro: 'Each policy on the same paths (common random numbers), so differences are paired.',
        blocks: [
          {
            kind: 'table',
            caption: 'Cost and tracking error by policy',
            columns: [
              { key: 'policy', label: 'Policy' },
              { key: 'cost', label: 'Cost', unit: 'fraction' },
              { key: 'rebalances', label: 'Rebalances', unit: 'count' },
              { key: 'nav', label: 'Final NAV', unit: 'quote' },
              { key: 'vol', label: 'Realised vol', unit: 'per sqrt year' },
              { key: 'note', label: 'Note' },
            ],
            rows: policies.map((pl, i) => ({
              policy: pl.name,
              cost: [pl.cost, pl.cost - pl.ci, pl.cost + pl.ci] as [number, number, number],
              rebalances: 120 - 25 * i,
              nav: 1_000_000 * (1 - pl.cost),
              vol: 0.75 + 0.001 * i,
              note: i === 0 ? 'baseline, with a comma, and "quotes"' : i === 2 ? null : '',
            })),
            maxRows: 3,
          },
          {
            kind: 'chart',
            chart: {
              type: 'bar',
              title: 'Cost by policy',
              categories: policies.map((pl) => pl.name),
              y: { label: 'Cost', unit: 'fraction' },
              series: [
                { name: 'Trading cost', values: policies.map((pl) => pl.cost), errors: policies.map((pl) => [pl.cost - pl.ci, pl.cost + pl.ci] as [number, number]) },
                { name: 'Funding cost', values: policies.map((pl) => pl.cost * 0.6), errors: policies.map((pl) => [pl.cost * 0.6 - pl.ci, pl.cost * 0.6 + pl.ci] as [number, number]) },
              ],
            },
          },
          {
            kind: 'chart',
            chart: {
              type: 'scatter',
              title: 'Cost against tracking error',
              caption: 'Policies on the dashed frontier are not beaten on both counts by another policy.',
              x: { label: 'Cost', unit: 'fraction' },
              y: { label: 'Tracking error', unit: 'fraction' },
              points: policies.map((pl, i) => ({
                name: pl.name,
                group: i < 3 ? 'Band' : 'Schedule',
                x: pl.cost,
                y: pl.err,
                xCi: [pl.cost - pl.ci, pl.cost + pl.ci] as [number, number],
                yCi: [pl.err - pl.errCi, pl.err + pl.errCi] as [number, number],
              })),
              frontier: true,
            },
          },
          {
            kind: 'chart',
            chart: {
              type: 'heatmap',
              title: 'Holder return by band width and volatility',
              x: { label: 'Band half-width', categories: ['0.1x', '0.2x', '0.3x', '0.4x', '0.5x'] },
              y: { label: 'Volatility', categories: ['40%', '60%', '80%', '100%'] },
              values: [0.4, 0.6, 0.8, 1.0].map((v, yi) => [0.1, 0.2, 0.3, 0.4, 0.5].map((w, xi) => (yi === 3 && xi === 0 ? null : 0.05 - v * v * 0.1 - 0.02 / w + 0.01 * w))),
              unit: 'fraction',
              better: 'higher',
            },
          },
          { kind: 'text', tone: 'note', paragraphs: ['Costs are paid by the token holder and reduce NAV.', 'A second paragraph.'] },
          { kind: 'text', paragraphs: ['Plain text without a tone.'] },
        ],
      },
      {
        title: 'Glossary',
        blocks: [
          {
            kind: 'glossary',
            entries: [
              { term: 'NAV', definition: 'Net asset value of the token, in quote.' },
              { term: 'Band', definition: 'The leverage range inside which the token does not rebalance.' },
              { term: '95% CI', definition: 'A 95% confidence interval of a Monte Carlo estimate.' },
            ],
          },
        ],
      },
    ],
  };
}
