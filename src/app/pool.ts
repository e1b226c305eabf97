/**
 * Spreads the blocks of a Monte Carlo run over worker threads (piscina). Blocks are cut into a
 * few tasks per thread for load balancing and progress; whichever thread runs a block, it draws
 * from the block's own random stream, and results are merged in block order, so a run gives the
 * same statistics on any number of threads.
 */
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { Stopwatch } from '../core/stopwatch.js';
import { MetricAccumulator } from '../engine/metric-accumulator.js';
import { blockCount, groupCount, type BlockMerger, type MonteCarloPlan } from '../engine/monte-carlo.js';
import type { ResolvedConfig } from '../config/config.js';
import type { FanLedger } from './fan.js';
import type { RunOptions } from './run.js';
import type { PoolTask, PoolTaskResult } from './worker-task.js';

/** The worker's file: compiled JavaScript next to this module, or the TypeScript source under tsx (tests). */
function workerFile(): { filename: string; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { filename: fileURLToPath(new URL('./worker.ts', here)), execArgv: ['--import', 'tsx'] };
  return { filename: fileURLToPath(new URL('./worker.js', here)), execArgv: [] };
}

/**
 * Tasks per thread: more gives finer progress and load balance, fewer gives less traffic (each task
 * sends its sketches back). Blocks take equal time, so a few tasks per thread balance well.
 */
const TASKS_PER_THREAD = 3;
/** At most this many merge groups per task, so a task's result and the merger's backlog stay small. */
const MAX_GROUPS_PER_TASK = 4;

export interface PoolJob {
  config: ResolvedConfig;
  options: RunOptions & { threads: number };
  plan: MonteCarloPlan;
  merger: BlockMerger;
  fans: FanLedger[] | null;
}

/**
 * Runs every block of the plan on a pool; merges into `merger` and `fans`. Returns the path-steps
 * run and the seconds the simulation took, timed once the threads have started (and, for
 * benchmarks, run one untimed warm-up task each).
 */
export async function runBlocksOnPool(job: PoolJob): Promise<{ pathSteps: number; seconds: number }> {
  const { config, options, plan, merger, fans } = job;
  const blocks = blockCount(plan);
  const groups = groupCount(plan);
  const perTask = Math.min(MAX_GROUPS_PER_TASK, Math.max(1, Math.ceil(groups / (options.threads * TASKS_PER_THREAD))));
  const { filename, execArgv } = workerFile();
  const pool = new Piscina({ filename, minThreads: options.threads, maxThreads: options.threads, execArgv, idleTimeout: 1000 });
  const defs = merger.totals.map((t) => t.defs);
  let pathSteps = 0;
  let done = 0;
  const taskOptions = { paths: plan.paths, seed: plan.seed, variants: options.variants, fan: options.fan };
  try {
    if (options.warmUpPathSteps) {
      const warm = { raw: config.raw, source: config.source, dir: config.dir, options: taskOptions, fromGroup: 0, toGroup: 0, warmup: options.warmUpPathSteps };
      await Promise.all(Array.from({ length: options.threads }, () => pool.run(warm)));
    }
    const watch = new Stopwatch();
    const tasks: Promise<void>[] = [];
    for (let from = 0; from < groups; from += perTask) {
      const task: PoolTask = { raw: config.raw, source: config.source, dir: config.dir, options: taskOptions, fromGroup: from, toGroup: Math.min(groups, from + perTask) };
      tasks.push(
        (pool.run(task) as Promise<PoolTaskResult>).then((r) => {
          for (const b of r.blocks) {
            merger.add({
              block: b.block,
              moments: b.moments.map((m, k) => MetricAccumulator.fromJSON(defs[k], m)),
              paired: b.paired.map((m, k) => MetricAccumulator.fromJSON(defs[k + 1], m)),
            });
          }
          r.sketches.forEach((s, k) => merger.totals[k].mergeSketchesJSON(s));
          if (fans && r.fans) r.fans.forEach((f, k) => fans[k].mergeJSON(f));
          pathSteps += r.pathSteps;
          done += r.blockCount;
          options.onProgress?.(done, blocks);
        }),
      );
    }
    await Promise.all(tasks);
    return { pathSteps, seconds: watch.seconds() };
  } finally {
    await pool.destroy();
  }
}
