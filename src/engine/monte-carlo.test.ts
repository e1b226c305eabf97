/**
 * BlockRunner: what it runs besides the plan's paths (the short priming paths before the first
 * block, a benchmark's warm-up) must leave no trace in results or observers.
 */
import { describe, expect, it } from 'vitest';
import { planOf } from '../app/run.js';
import { buildVariant, resolveConfig } from '../config/config.js';
import { BlockRunner, blockCount, type BlockResult, type PathObserver } from './monte-carlo.js';

const raw = {
  market: { model: 'gbm', s0: 100, sigma: 0.6 },
  time: { step: '1h', horizon: '10d' },
  monteCarlo: { paths: 40, seed: 5, blockSize: 8 },
  product: { type: 'leveraged-token', target: 3 },
  policy: { band: { min: 2.5, max: 3.5 }, schedule: { daily: '00:00' } },
  venue: { type: 'cost-model', feeBps: 10 },
};
const config = resolveConfig(raw, 'monte-carlo test', '.');
const plan = planOf(config);
const newSim = () => buildVariant(config, config.variants[0]).sim;

/** Counts what a path observer is shown. */
class Counter implements PathObserver {
  paths = 0;
  steps = 0;
  trades = 0;
  onTrade(): void {
    this.trades++;
  }
  onStep(): void {
    this.steps++;
  }
  completePath(): void {
    this.paths++;
  }
}

/** A block's moments as plain numbers, to compare bit for bit. */
const momentsOf = (r: BlockResult) => r.moments.map((m) => m.stats.map((s) => [s.n, s.mean, s.m2, s.min, s.max]));

describe('BlockRunner', () => {
  it('shows observers the plan\'s paths and steps only, not its priming paths', () => {
    const counter = new Counter();
    const runner = new BlockRunner(plan, [newSim()], [counter]);
    for (let b = 0; b < blockCount(plan); b++) runner.runBlock(b, plan.seed);
    expect(counter.paths).toBe(40);
    // Row 0 and every step of every path (no token is wiped out at 60% volatility in 10 days).
    expect(counter.steps).toBe(40 * (plan.steps + 1));
    expect(runner.pathsDone).toBe(40);
    expect(runner.pathSteps).toBe(40 * plan.steps);
  });

  it('gives a block the same numbers whether it runs first, after other blocks, or after a warm-up', () => {
    const first = new BlockRunner(plan, [newSim()]).runBlock(3, plan.seed);
    const later = new BlockRunner(plan, [newSim()]);
    for (const b of [4, 0, 1]) later.runBlock(b, plan.seed);
    const warmed = new BlockRunner(plan, [newSim()]);
    warmed.warmUp(1);
    expect(warmed.pathSteps).toBe(0);
    expect(momentsOf(later.runBlock(3, plan.seed))).toEqual(momentsOf(first));
    expect(momentsOf(warmed.runBlock(3, plan.seed))).toEqual(momentsOf(first));
  });
});
