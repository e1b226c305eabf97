/**
 * The work a pool thread does: rebuild the simulations from the raw config (configs are plain
 * data, so every thread builds identical ones), run a range of blocks, and send back per-block
 * moments plus the sketches and fans it accumulated. Message shapes are plain JSON.
 */
import { buildVariant, resolveConfig } from '../config/config.js';
import { MetricAccumulator } from '../engine/metric-accumulator.js';
import { BlockRunner, type BlockResult } from '../engine/monte-carlo.js';
import { FanLedger } from './fan.js';
import { planOf, type RunOptions } from './run.js';

export interface PoolTask {
  raw: Record<string, unknown>;
  source: string;
  dir: string;
  options: Pick<RunOptions, 'paths' | 'seed' | 'variants' | 'fan'>;
  /** Merge groups [fromGroup, toGroup) of the plan (see mergeGroupSize). */
  fromGroup: number;
  toGroup: number;
  /** Benchmarks: run about this many path-steps of another seed and discard them (compiles the loop before timing). */
  warmup?: number;
}

type AccJson = ReturnType<MetricAccumulator['toJSON']>;

export interface PoolTaskResult {
  /** One result per merge group; `block` is the group index. */
  blocks: { block: number; moments: AccJson[]; paired: AccJson[] }[];
  /** Blocks run (for progress). */
  blockCount: number;
  sketches: AccJson[];
  fans: ReturnType<FanLedger['toJSON']>[] | null;
  pathSteps: number;
}

/**
 * What a thread keeps between tasks of one job: the built simulations, the block runner and its
 * sketches (emptied after each task's results are sent). Rebuilding them per task cost as much as
 * a block of paths; a thread serves one job at a time, so one entry is enough.
 */
let cached: { key: string; runner: BlockRunner; fans: FanLedger[] | null } | null = null;

function runnerFor(task: PoolTask): { runner: BlockRunner; fans: FanLedger[] | null } {
  const key = JSON.stringify([task.raw, task.source, task.dir, task.options]);
  if (cached?.key === key) return cached;
  const config = resolveConfig(task.raw, task.source, task.dir);
  const variants = task.options.variants === 'base' ? config.variants.slice(0, 1) : config.variants;
  const built = variants.map((v) => buildVariant(config, v));
  const plan = planOf(config, task.options);
  const fans = task.options.fan ?? true ? built.map((b) => new FanLedger(b.trace, plan.steps)) : null;
  cached = { key, runner: new BlockRunner(plan, built.map((b) => b.sim), fans), fans };
  return cached;
}

export function runPoolTask(task: PoolTask): PoolTaskResult {
  const { runner, fans } = runnerFor(task);
  if (task.warmup) {
    // Path-steps on another seed, discarded: the thread's JIT settles before timing.
    runner.warmUp(task.warmup);
    return { blocks: [], blockCount: 0, sketches: [], fans: null, pathSteps: 0 };
  }
  const steps0 = runner.pathSteps;
  const blocks: PoolTaskResult['blocks'] = [];
  let blockCount = 0;
  for (let g = task.fromGroup; g < task.toGroup; g++) {
    const r: BlockResult = runner.runGroup(g, () => blockCount++);
    blocks.push({ block: g, moments: r.moments.map((m) => m.toJSON()), paired: r.paired.map((m) => m.toJSON()) });
  }
  const result: PoolTaskResult = {
    blocks,
    blockCount,
    sketches: runner.sketches.map((s) => s.toJSON()),
    fans: fans ? fans.map((f) => f.toJSON()) : null,
    pathSteps: runner.pathSteps - steps0,
  };
  // Sketches travel with each task's result and start empty for the next one.
  for (const s of runner.sketches) s.clearSketches();
  if (fans) for (const f of fans) f.clear();
  return result;
}
