/**
 * The work a pool thread does: rebuild the simulations from the raw config (configs are plain
 * data, so every thread builds identical ones), claim merge groups until none is left, and send
 * back each group's moments plus the sketches and fans it accumulated. Messages are plain data
 * (numbers, arrays and typed arrays) for structured clone.
 */
import { threadId } from 'node:worker_threads';
import { buildVariant, resolveConfig } from '../config/config.js';
import type { AccumulatorMessage } from '../engine/metric-accumulator.js';
import { BlockRunner, groupCount, type BlockResult } from '../engine/monte-carlo.js';
import { FanLedger, type FanMessage } from './fan.js';
import { planOf, type RunOptions } from './run.js';

export interface PoolTask {
  raw: Record<string, unknown>;
  source: string;
  dir: string;
  options: Pick<RunOptions, 'paths' | 'seed' | 'variants' | 'fan'>;
  /**
   * Shared by every thread of a run (on a SharedArrayBuffer, see newClaims): [next merge group to
   * claim, blocks done]. A thread claims groups with Atomics.add until none is left.
   */
  claims: Int32Array;
  /** Benchmarks: run about this many path-steps (at least WARM_UP_MIN_PATHS paths) of another seed and discard them (compiles the loop before timing). */
  warmup?: number;
}

/** Index in PoolTask.claims of the next merge group to claim. */
export const CLAIM_NEXT_GROUP = 0;
/** Index in PoolTask.claims of the count of blocks finished (progress). */
export const CLAIM_BLOCKS_DONE = 1;

/** A fresh claims array for one run, shared (not copied) when posted to the threads. */
export function newClaims(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
}

export interface PoolTaskResult {
  /** One result per merge group this thread claimed; `block` is the group index. */
  blocks: { block: number; moments: AccumulatorMessage[]; paired: AccumulatorMessage[] }[];
  sketches: AccumulatorMessage[];
  fans: FanMessage[] | null;
  pathSteps: number;
  /** The worker thread that ran the task (node:worker_threads threadId). */
  thread: number;
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
    // Path-steps on another seed, discarded: the thread's JIT settles before timing. The last
    // warm-up block goes back packed as a result, which the main thread merges and discards:
    // packing and merging run once a run, after the last timed block, and cold (not yet compiled)
    // they took 5 to 13 ms of a 0.4 s lt run on two threads, warm 2 to 4.
    let warm: PoolTaskResult | null = null;
    runner.warmUp(task.warmup, (last) => (warm = pack(runner, null, [{ ...last, block: 0 }], 0)));
    return warm ?? pack(runner, null, [], 0);
  }
  const steps0 = runner.pathSteps;
  const groups: BlockResult[] = [];
  const claims = task.claims;
  const count = groupCount(runner.plan);
  const onBlock = () => Atomics.add(claims, CLAIM_BLOCKS_DONE, 1);
  for (;;) {
    const g = Atomics.add(claims, CLAIM_NEXT_GROUP, 1);
    if (g >= count) break;
    groups.push(runner.runGroup(g, onBlock));
  }
  return pack(runner, fans, groups, runner.pathSteps - steps0);
}

/** A task's result as a message; the runner's sketches and fans start empty again for the next run. */
function pack(runner: BlockRunner, fans: FanLedger[] | null, groups: BlockResult[], pathSteps: number): PoolTaskResult {
  const result: PoolTaskResult = {
    blocks: groups.map((r) => ({ block: r.block, moments: r.moments.map((m) => m.toMessage()), paired: r.paired.map((m) => m.toMessage()) })),
    sketches: runner.sketches.map((s) => s.toMessage()),
    fans: fans ? fans.map((f) => f.toMessage()) : null,
    pathSteps,
    thread: threadId,
  };
  for (const s of runner.sketches) s.clearSketches();
  if (fans) for (const f of fans) f.clear();
  return result;
}
