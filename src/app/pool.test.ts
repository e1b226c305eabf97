import { describe, expect, it } from 'vitest';
import { taskRanges } from './pool.js';

describe('taskRanges (guided schedule of merge groups over threads)', () => {
  for (const [groups, threads] of [[1, 2], [16, 2], [32, 2], [32, 8], [7, 3], [1000, 2]] as const) {
    it(`covers ${groups} groups on ${threads} threads once, in order, in shrinking tasks ending with single groups`, () => {
      const r = taskRanges(groups, threads);
      expect(r[0][0]).toBe(0);
      expect(r[r.length - 1][1]).toBe(groups);
      for (let k = 1; k < r.length; k++) expect(r[k][0]).toBe(r[k - 1][1]);
      const sizes = r.map(([a, b]) => b - a);
      for (const s of sizes) expect(s).toBeGreaterThanOrEqual(1);
      for (const s of sizes) expect(s).toBeLessThanOrEqual(4);
      for (let k = 1; k < sizes.length; k++) expect(sizes[k]).toBeLessThanOrEqual(sizes[k - 1]);
      // The last task of every thread is a single group once there are enough groups to go round.
      if (groups >= 4 * threads) expect(sizes.slice(-threads)).toEqual(Array(threads).fill(1));
    });
  }

  it('cuts 16 groups on two threads as four pairs, then singles', () => {
    expect(taskRanges(16, 2).map(([a, b]) => b - a)).toEqual([2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1]);
  });
});
