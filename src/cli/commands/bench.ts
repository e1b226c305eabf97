import { runConfig } from '../../app/run.js';
import { WORKLOADS } from '../../bench/workloads.js';
import { resolveConfig } from '../../config/config.js';
import { UsageError } from '../../core/errors.js';

export async function runBench(workload: string, opts: { paths: number; seed: number; threads: number }): Promise<void> {
  const w = WORKLOADS[workload];
  if (!w) throw new UsageError(`unknown workload "${workload}"; available: ${Object.keys(WORKLOADS).join(', ')}`);
  const config = resolveConfig(w.config(opts.paths, opts.seed), `workload ${workload}`, process.cwd());
  // Warm-up, untimed and discarded: let V8 compile the loop before the clock starts, as the C
  // reference is compiled before it runs (start-up is excluded on both sides). Same code path,
  // another seed, a few paths; the statistics below come only from the timed run.
  if (opts.threads === 1) await runConfig(resolveConfig(w.config(Math.min(64, opts.paths), opts.seed + 1), 'warm-up', process.cwd()), { threads: 1, fan: false });
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
    /** Peak resident memory of this process, MB (worker threads share it). */
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}
