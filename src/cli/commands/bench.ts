import { runConfig } from '../../app/run.js';
import { WORKLOADS } from '../../bench/workloads.js';
import { resolveConfig } from '../../config/config.js';
import { UsageError } from '../../core/errors.js';

/** Path-steps run untimed before a benchmark. */
export const WARM_UP_PATH_STEPS = 10_000_000;

export async function runBench(workload: string, opts: { paths: number; seed: number; threads: number }): Promise<void> {
  const w = WORKLOADS[workload];
  if (!w) throw new UsageError(`unknown workload "${workload}"; available: ${Object.keys(WORKLOADS).join(', ')}`);
  const config = resolveConfig(w.config(opts.paths, opts.seed), `workload ${workload}`, process.cwd());
  // Warm-up, untimed and discarded: let V8 compile the loop before the clock starts, as the C
  // reference is compiled before it runs (start-up is excluded on both sides). Same simulations
  // (on this thread or each worker), another seed, about 10 million path-steps and at least
  // WARM_UP_MIN_PATHS paths (see BlockRunner.warmUp; measured: the first few million path-steps
  // run 10-25% slower while V8 settles its inlining); the statistics come only from the timed run.
  const r = await runConfig(config, { threads: opts.threads, fan: false, warmUpPathSteps: WARM_UP_PATH_STEPS });
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
