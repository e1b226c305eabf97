/**
 * Spreads the blocks of a Monte Carlo run over worker threads (piscina). Merge groups of blocks
 * are cut into tasks of shrinking size (taskRanges) for load balancing and progress, handed out in
 * order; whichever thread runs a block, it draws
 * from the block's own random stream, and results are merged in block order, so a run gives the
 * same statistics on any number of threads.
 */
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { Stopwatch } from '../core/stopwatch.js';
import { collectGarbage } from '../core/v8-tuning.js';
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

/** At most this many merge groups per task, so a task's result and the merger's backlog stay small. */
const MAX_GROUPS_PER_TASK = 4;

/**
 * Cuts `groups` merge groups into consecutive tasks [from, to) of shrinking size (guided
 * scheduling): each task takes about a quarter of what is left per thread, at most
 * MAX_GROUPS_PER_TASK, at least one. Big tasks first keep the messages few; single-group tasks at
 * the end let the threads finish within one group of each other. Equal tasks of three groups left
 * one of two threads idle for up to three groups at the end (lt, 16 groups: 9 against 7, two
 * threads at 1.66x of one).
 */
export function taskRanges(groups: number, threads: number): [number, number][] {
  const out: [number, number][] = [];
  for (let from = 0; from < groups; ) {
    const size = Math.min(MAX_GROUPS_PER_TASK, Math.max(1, Math.ceil((groups - from) / (4 * threads))));
    out.push([from, Math.min(groups, from + size)]);
    from += size;
  }
  return out;
}

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
  const { filename, execArgv } = workerFile();
  // stricterFIFO: by default piscina moves a task it cannot hand out yet to the back of its queue,
  // so every completion rotated the queue and big tasks ran last, undoing the guided order.
  const pool = new Piscina({ filename, minThreads: options.threads, maxThreads: options.threads, execArgv, idleTimeout: 1000, stricterFIFO: true });
  const defs = merger.totals.map((t) => t.defs);
  let pathSteps = 0;
  let done = 0;
  const taskOptions = { paths: plan.paths, seed: plan.seed, variants: options.variants, fan: options.fan };
  try {
    if (options.warmUpPathSteps) {
      const warm = { raw: config.raw, source: config.source, dir: config.dir, options: taskOptions, fromGroup: 0, toGroup: 0, warmup: options.warmUpPathSteps };
      await Promise.all(Array.from({ length: options.threads }, () => pool.run(warm)));
      collectGarbage();
    }
    const watch = new Stopwatch();
    const tasks: Promise<void>[] = [];
    for (const [fromGroup, toGroup] of taskRanges(groups, options.threads)) {
      const task: PoolTask = { raw: config.raw, source: config.source, dir: config.dir, options: taskOptions, fromGroup, toGroup };
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
