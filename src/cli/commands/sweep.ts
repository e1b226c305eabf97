/** `keel sweep`: run the config's sweep grid; resumable from the checkpoint in --out. */
import { resolve } from 'node:path';
import { buildSweepReport } from '../../app/sweep-report.js';
import { runSweep, type SweepResult } from '../../app/sweep.js';
import { WallClock } from '../../clock/wall-clock.js';
import { loadConfig } from '../../config/config.js';
import { toCsv, toJson, writeReportFiles } from '../../report/write-report.js';
import { progressBar } from '../progress.js';

export function sweepCsv(r: SweepResult): string {
  const keys = r.points[0].summaries.map((s) => s.key);
  return toCsv(
    [...r.axes.map((a) => a.path), ...keys.flatMap((k) => [k, `${k}CiLow`, `${k}CiHigh`, `${k}Sd`])],
    r.points.map((p) => [...p.values, ...p.summaries.flatMap((s) => [s.mean, s.meanCi[0], s.meanCi[1], s.sd])]),
  );
}

export function sweepSummary(r: SweepResult): unknown {
  return {
    name: r.config.name,
    axes: r.axes,
    paths: r.paths,
    seed: r.seed,
    objective: r.objective,
    seconds: r.seconds,
    resumed: r.resumed,
    points: r.points.map((p) => ({ values: Object.fromEntries(r.axes.map((a, j) => [a.path, p.values[j]])), metrics: Object.fromEntries(p.summaries.map((s) => [s.key, { mean: s.mean, meanCi95: s.meanCi, sd: s.sd }])) })),
  };
}

export async function runSweepCommand(file: string, opts: { out: string; json?: boolean; paths?: number; seed?: number; threads?: number; progress: boolean; restart?: boolean }): Promise<void> {
  const config = loadConfig(file);
  const out = resolve(opts.out);
  const bar = progressBar('sweep', opts.progress && !opts.json);
  let r: SweepResult;
  try {
    r = await runSweep(config, { paths: opts.paths, seed: opts.seed, threads: opts.threads, checkpointDir: out, restart: opts.restart, onProgress: (d, t) => bar.update(d, t) });
  } finally {
    bar.stop();
  }
  const summary = sweepSummary(r);
  if (opts.json) process.stdout.write(toJson(summary));
  const report = buildSweepReport(r, new Date(new WallClock().now() * 1000).toISOString());
  const written = await writeReportFiles(out, { report, json: summary, csv: { 'sweep.csv': sweepCsv(r) } });
  if (!opts.json) process.stderr.write(`${r.resumed ? `resumed: ${r.resumed} of ${r.points.length} points from the checkpoint; ` : ''}wrote ${written.length} files to ${out}\n`);
}
