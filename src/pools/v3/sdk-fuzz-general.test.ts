/**
 * Cross-check of the bigint v3 pool against @uniswap/v3-sdk 3.31.5 (dev dependency, used only as
 * an oracle): random pools with 1-5 positions at tick spacings 1/10/60/200 (fees 100/500/3000/
 * 10000), amounts from 1 wei to 1e30, both directions, exact input and exact output, with and
 * without price limits. Zero differences allowed. The edge-case groups are in
 * sdk-fuzz-edges.test.ts (a separate file so the two run in parallel).
 */
import { describe, expect, it } from 'vitest';
import { SWAPS_PER_CASE, runFuzz } from '../test-support/sdk-fuzz-runner.js';

const CASES = 1000;

describe('v3 pool vs @uniswap/v3-sdk, general fuzz', () => {
  it(`${CASES * SWAPS_PER_CASE} fuzzed swaps: zero differences in amount, sqrtPriceX96, tick and liquidity`, async () => {
    const t = await runFuzz('general', CASES, 101);
    expect(t.diffs.slice(0, 5)).toEqual([]);
    expect(t.swaps).toBe(CASES * SWAPS_PER_CASE);
    // The mix really covers what it claims.
    expect(t.exactOut).toBeGreaterThan(t.swaps * 0.4);
    expect(t.withLimit).toBeGreaterThan(t.swaps * 0.4);
    expect(t.partial).toBeGreaterThan(t.swaps * 0.05);
    expect(t.ticksCrossed).toBeGreaterThan(CASES);
  });
});
