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
  fromBlock: number;
  toBlock: number;
  /** Warm-up: run a few paths of another seed and discard them (compiles the loop before timing). */
  warmup?: boolean;
}

type AccJson = ReturnType<MetricAccumulator['toJSON']>;

export interface PoolTaskResult {
  blocks: { block: number; moments: AccJson[]; paired: AccJson[] }[];
  sketches: AccJson[];
  fans: ReturnType<FanLedger['toJSON']>[] | null;
  pathSteps: number;
}

export function runPoolTask(task: PoolTask): PoolTaskResult {
  const config = resolveConfig(task.raw, task.source, task.dir);
  const variants = task.options.variants === 'base' ? config.variants.slice(0, 1) : config.variants;
  const built = variants.map((v) => buildVariant(config, v));
  const plan = planOf(config, task.options);
  if (task.warmup) {
    new BlockRunner({ ...plan, paths: Math.min(plan.paths, 32), seed: plan.seed + 1 }, built.map((b) => b.sim)).runBlock(0);
    return { blocks: [], sketches: [], fans: null, pathSteps: 0 };
  }
  const fans = task.options.fan ?? true ? built.map((b) => new FanLedger(b.trace, plan.steps)) : null;
  const runner = new BlockRunner(plan, built.map((b) => b.sim), fans);
  const blocks: PoolTaskResult['blocks'] = [];
  for (let b = task.fromBlock; b < task.toBlock; b++) {
    const r: BlockResult = runner.runBlock(b);
    blocks.push({ block: b, moments: r.moments.map((m) => m.toJSON()), paired: r.paired.map((m) => m.toJSON()) });
  }
  return { blocks, sketches: runner.sketches.map((s) => s.toJSON()), fans: fans ? fans.map((f) => f.toJSON()) : null, pathSteps: runner.pathSteps };
}
