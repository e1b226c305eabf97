/**
 * `keel simulate` and `keel compare`: run a config and write report.html, summary.json and CSV
 * files (time series and trades of the traced path, every metric's statistics), or print the
 * summary JSON with --json.
 */
import { resolve } from 'node:path';
import { buildReport } from '../../app/report-builder.js';
import { summaryJson, type RunResults } from '../../app/results.js';
import { runConfig } from '../../app/run.js';
import { WallClock } from '../../clock/wall-clock.js';
import { loadConfig } from '../../config/config.js';
import { ConfigError } from '../../core/errors.js';
import { toCsv, toJson, writeReportFiles } from '../../report/write-report.js';
import { progressBar } from '../progress.js';

export interface SimulateOptions {
  out: string;
  outGiven: boolean;
  json?: boolean;
  paths?: number;
  seed?: number;
  threads?: number;
  progress: boolean;
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'variant';

/** CSV files of a run: per variant the traced path and its trades, and all metrics. */
export function runCsvFiles(r: RunResults): Record<string, string> {
  const files: Record<string, string> = {};
  const mc = r.mode === 'monte-carlo';
  const rows: (string | number)[][] = [];
  for (const v of r.variants) {
    for (const s of v.summaries) {
      rows.push(mc ? [v.name, s.key, s.unit, s.n, s.mean, s.meanCi[0], s.meanCi[1], s.sd, s.percentiles.p5, s.percentiles.p50, s.percentiles.p95] : [v.name, s.key, s.unit, s.mean]);
    }
  }
  files['metrics.csv'] = mc
    ? toCsv(['variant', 'metric', 'unit', 'n', 'mean', 'meanCiLow', 'meanCiHigh', 'sd', 'p5', 'p50', 'p95'], rows)
    : toCsv(['variant', 'metric', 'unit', 'value'], rows);
  const names = new Set<string>();
  for (const v of r.variants) {
    let name = slug(v.name);
    while (names.has(name)) name += '-';
    names.add(name);
    const t = v.sample.trace;
    const cols = t.source.columns.map((c) => c.key);
    const series: (number | string)[][] = [];
    for (let i = 0; i <= t.lastRow; i++) series.push([new Date(t.times[i] * 1000).toISOString(), t.times[i], ...t.columns.map((c) => c[i])]);
    files[`series-${name}.csv`] = toCsv(['time', 'unixSeconds', ...cols], series);
    files[`trades-${name}.csv`] = toCsv(
      ['time', 'unixSeconds', 'leg', 'reason', 'trigger', 'target', 'units', 'price', 'mid', 'notional', 'fee', 'gas', 'impact', 'status', t.source.levelLabel],
      t.trades.map((x) => [new Date(x.time * 1000).toISOString(), x.time, x.leg, x.reason, x.trigger, x.target, x.units, x.price, x.mid, x.notional, x.fee, x.gas, x.impact, x.status, x.levelAfter]),
    );
  }
  return files;
}

export async function runSimulate(file: string, opts: SimulateOptions, variants: 'base' | 'all'): Promise<void> {
  const config = loadConfig(file);
  if (variants === 'all' && config.variants.length < 2) {
    throw new ConfigError('compare', `${file} has no variants to compare; add a compare: list (each item a name plus the sections it changes), or use keel simulate`);
  }
  const bar = progressBar(variants === 'all' ? 'compare' : 'simulate', opts.progress && !opts.json);
  let results: RunResults;
  try {
    results = await runConfig(config, { paths: opts.paths, seed: opts.seed, threads: opts.threads, variants, onProgress: (d, t) => bar.update(d, t) });
  } finally {
    bar.stop();
  }
  const summary = summaryJson(results);
  if (opts.json) process.stdout.write(toJson(summary));
  if (!opts.json || opts.outGiven) {
    const report = buildReport(results, new Date(new WallClock().now() * 1000).toISOString());
    const written = await writeReportFiles(resolve(opts.out), { report, json: summary, csv: runCsvFiles(results) });
    if (!opts.json) process.stderr.write(`wrote ${written.length} files to ${resolve(opts.out)}: ${written.map((p) => p.split('/').pop()).join(', ')}\n`);
  }
}
