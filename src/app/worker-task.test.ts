/**
 * A pool thread's task: claims merge groups from the counter the threads of a run share until none
 * is left. Run here on one thread, one task after another, as two threads would interleave them.
 */
import { threadId } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/config.js';
import { groupCount, WARM_UP_MIN_PATHS } from '../engine/monte-carlo.js';
import { planOf } from './run.js';
import { CLAIM_BLOCKS_DONE, CLAIM_NEXT_GROUP, newClaims, runPoolTask, type PoolTask } from './worker-task.js';

const raw = {
  market: { model: 'gbm', s0: 100, sigma: 0.5 },
  time: { step: '1d', horizon: '30d' },
  monteCarlo: { paths: 200, seed: 9, blockSize: 16 },
  product: { type: 'leveraged-token', target: 2 },
  policy: { band: { min: 1.8, max: 2.2 } },
  venue: { type: 'cost-model', feeBps: 5 },
};
const task = (claims: Int32Array): PoolTask => ({ raw, source: 'claims', dir: '.', options: { paths: 200, seed: 9, fan: false }, claims });
const groups = groupCount(planOf(resolveConfig(raw, 'claims', '.')));

describe('runPoolTask', () => {
  it('runs every merge group once, claiming them in order until none is left', () => {
    const claims = newClaims();
    expect(claims.buffer).toBeInstanceOf(SharedArrayBuffer);
    const first = runPoolTask(task(claims));
    expect(first.blocks.map((b) => b.block)).toEqual(Array.from({ length: groups }, (_, g) => g));
    expect(first.pathSteps).toBe(200 * 30);
    expect(claims[CLAIM_BLOCKS_DONE]).toBe(13); // 200 paths in blocks of 16
    // A thread that comes late finds nothing left, and sends back empty sketches.
    const late = runPoolTask(task(claims));
    expect(late.blocks).toEqual([]);
    expect(late.pathSteps).toBe(0);
    expect(late.sketches[0].sketches.every((s) => s.count === 0)).toBe(true);
  });

  it('leaves the groups another thread has claimed', () => {
    const claims = newClaims();
    claims[CLAIM_NEXT_GROUP] = 3;
    const r = runPoolTask(task(claims));
    expect(r.blocks.map((b) => b.block)).toEqual(Array.from({ length: groups - 3 }, (_, g) => g + 3));
    expect(claims[CLAIM_NEXT_GROUP]).toBe(groups + 1);
  });

  it('packs a warm-up like a result, and the next run is the same as without the warm-up', () => {
    const before = runPoolTask(task(newClaims()));
    const warm = runPoolTask({ ...task(newClaims()), warmup: 1000 });
    // 1,000 path-steps would be three blocks of 16 paths, but a warm-up runs at least
    // WARM_UP_MIN_PATHS paths: 256 blocks on the warm-up seed, cycling over the plan's 13 (twelve
    // of 16 paths and one of 8): 19 rounds of 200 paths, then nine blocks of 16. The last is sent back.
    expect(WARM_UP_MIN_PATHS / 16).toBe(256);
    expect(warm.blocks.map((b) => b.block)).toEqual([0]);
    expect(warm.sketches[0].sketches[0].count).toBe(19 * 200 + 9 * 16);
    expect(warm.pathSteps).toBe(0);
    expect(warm.thread).toBe(threadId);
    const after = runPoolTask(task(newClaims()));
    expect(after).toEqual(before);
  });
});
