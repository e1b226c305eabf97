import { runConfig } from '../../app/run.js';
import { WORKLOADS } from '../../bench/workloads.js';
import { resolveConfig } from '../../config/config.js';
import { UsageError } from '../../core/errors.js';

export async function runBench(workload: string, opts: { paths: number; seed: number; threads: number }): Promise<void> {
  const w = WORKLOADS[workload];
  if (!w) throw new UsageError(`unknown workload "${workload}"; available: ${Object.keys(WORKLOADS).join(', ')}`);
  const config = resolveConfig(w.config(opts.paths, opts.seed), `workload ${workload}`, process.cwd());
  const r = await runConfig(config, { threads: opts.threads, fan: false });
  const out = {
    workload: w.id,
    paths: r.paths,
    steps: r.steps,
    seed: r.seed,
    threads: r.threads,
    seconds: Number(r.seconds.toFixed(4)),
    pathStepsPerSecond: Math.round(r.pathSteps / r.seconds),
    ...w.statistics(r),
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}
