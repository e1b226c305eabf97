/**
 * Spreads the blocks of a Monte Carlo run over worker threads (piscina). Each thread gets one task
 * for the whole run and claims merge groups from a counter the threads share (Atomics.add on a
 * SharedArrayBuffer) until none is left, so no thread ever waits for the main thread between groups.
 * Whichever thread runs a block, it draws from the block's own random stream, and results are merged
 * in block order, so a run gives the same statistics on any number of threads.
 */
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { Stopwatch } from '../core/stopwatch.js';
import { collectGarbage } from '../core/v8-tuning.js';
import { MetricAccumulator } from '../engine/metric-accumulator.js';
import { BlockMerger, blockCount, type MonteCarloPlan } from '../engine/monte-carlo.js';
import type { ResolvedConfig } from '../config/config.js';
import type { FanLedger } from './fan.js';
import type { RunOptions } from './run.js';
import { CLAIM_BLOCKS_DONE, newClaims, type PoolTask, type PoolTaskResult } from './worker-task.js';

/** The worker's file: compiled JavaScript next to this module, or the TypeScript source under tsx (tests). */
function workerFile(): { filename: string; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { filename: fileURLToPath(new URL('./worker.ts', here)), execArgv: ['--import', 'tsx'] };
  return { filename: fileURLToPath(new URL('./worker.js', here)), execArgv: [] };
}

export interface PoolJob {
  config: ResolvedConfig;
  options: RunOptions & { threads: number };
  plan: MonteCarloPlan;
  merger: BlockMerger;
  fans: FanLedger[] | null;
}

/** Merges the threads' results (groups in group order, sketches, fans); returns their path-steps. */
function mergeResults(results: PoolTaskResult[], merger: BlockMerger, fans: FanLedger[] | null): number {
  const defs = merger.totals.map((t) => t.defs);
  let pathSteps = 0;
  for (const r of results) {
    for (const b of r.blocks) {
      merger.add({
        block: b.block,
        moments: b.moments.map((m, k) => MetricAccumulator.fromMessage(defs[k], m)),
        paired: b.paired.map((m, k) => MetricAccumulator.fromMessage(defs[k + 1], m)),
      });
    }
    r.sketches.forEach((s, k) => merger.totals[k].mergeSketchMessages(s));
    if (fans && r.fans) r.fans.forEach((f, k) => fans[k].mergeMessage(f));
    pathSteps += r.pathSteps;
  }
  return pathSteps;
}

/** Milliseconds between progress reports read from the shared counter. */
const PROGRESS_INTERVAL_MS = 100;

/**
 * Runs every block of the plan on a pool; merges into `merger` and `fans`. Returns the path-steps
 * run and the seconds the simulation took, timed once the threads have started (and, for
 * benchmarks, run one untimed warm-up task each).
 *
 * Why a shared counter rather than a task per range of groups: every task handed out by the main
 * thread left its worker idle until the main thread ran, and with every core busy the scheduler
 * let it run only 1 to 5 ms after the worker had posted its result (measured on lt, two threads:
 * six such gaps per thread, 3% of a 0.4 s run, plus 0.7 to 6 ms per task to package sketches).
 * Now the main thread only starts the threads, reports progress from the counter and merges at
 * the end.
 */
export async function runBlocksOnPool(job: PoolJob): Promise<{ pathSteps: number; seconds: number }> {
  const { config, options, plan, merger, fans } = job;
  const blocks = blockCount(plan);
  const { filename, execArgv } = workerFile();
  const pool = new Piscina({ filename, minThreads: options.threads, maxThreads: options.threads, execArgv, idleTimeout: 1000 });
  const defs = merger.totals.map((t) => t.defs);
  const taskOptions = { paths: plan.paths, seed: plan.seed, variants: options.variants, fan: options.fan };
  const base = { raw: config.raw, source: config.source, dir: config.dir, options: taskOptions };
  let timer: ReturnType<typeof setInterval> | undefined;
  try {
    if (options.warmUpPathSteps) {
      const warm: PoolTask = { ...base, claims: newClaims(), warmup: options.warmUpPathSteps };
      // One warm-up per thread: piscina gives simultaneous tasks to different idle threads, but a
      // thread still starting can leave both to another, so rounds repeat (at most three) until
      // every thread has warmed up. Results are merged into a scratch merger and dropped: that
      // compiles the merging code (see runPoolTask).
      const warmedThreads = new Set<number>();
      for (let round = 0; round < 3 && warmedThreads.size < options.threads; round++) {
        const warmed = (await Promise.all(Array.from({ length: options.threads }, () => pool.run(warm)))) as PoolTaskResult[];
        for (const r of warmed) warmedThreads.add(r.thread);
        mergeResults(warmed, new BlockMerger(defs, 0), null);
      }
      collectGarbage();
    }
    const claims = newClaims();
    const watch = new Stopwatch();
    const onProgress = options.onProgress;
    let reported = 0;
    if (onProgress) {
      timer = setInterval(() => {
        // Only when blocks have finished since the last report: a progress bar's ETA needs a rate.
        const done = Atomics.load(claims, CLAIM_BLOCKS_DONE);
        if (done > reported) onProgress((reported = done), blocks);
      }, PROGRESS_INTERVAL_MS);
    }
    const task: PoolTask = { ...base, claims };
    const results = (await Promise.all(Array.from({ length: options.threads }, () => pool.run(task)))) as PoolTaskResult[];
    const pathSteps = mergeResults(results, merger, fans);
    const seconds = watch.seconds();
    onProgress?.(blocks, blocks);
    return { pathSteps, seconds };
  } finally {
    if (timer !== undefined) clearInterval(timer);
    await pool.destroy();
  }
}
