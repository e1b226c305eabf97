/**
 * Edge cases of the SDK cross-check (see sdk-fuzz-general.test.ts): the price starting exactly on
 * an initialized tick (v3-sdk issue #159 reported an SDK/Quoter mismatch there), sparse ticks at
 * spacing 1 (many empty bitmap words per swap), prices near MIN_TICK and MAX_TICK, and liquidity
 * running out before the amount is filled (flagged by our pool, silent in the SDK).
 */
import { describe, expect, it } from 'vitest';
import type { CaseKind } from '../test-support/v3-fuzz.js';
import { SWAPS_PER_CASE, runFuzz } from '../test-support/sdk-fuzz-runner.js';

const PLAN: [CaseKind, number, number][] = [
  ['onTick', 300, 202],
  ['sparse', 150, 303],
  ['nearMin', 200, 404],
  ['nearMax', 200, 505],
  ['exhaust', 200, 606],
];
const TOTAL = PLAN.reduce((a, [, n]) => a + n * SWAPS_PER_CASE, 0);

describe(`v3 pool vs @uniswap/v3-sdk, edge cases: ${TOTAL} fuzzed swaps`, () => {
  for (const [kind, cases, seed] of PLAN) {
    it(`${kind}: ${cases * SWAPS_PER_CASE} swaps, zero differences`, async () => {
      const t = await runFuzz(kind, cases, seed);
      expect(t.diffs.slice(0, 5)).toEqual([]);
      if (kind === 'exhaust') expect(t.exhausted).toBeGreaterThan(cases); // most swaps run the curve dry
      if (kind === 'nearMin' || kind === 'nearMax') expect(t.partial).toBeGreaterThan(cases / 4);
      if (kind === 'sparse') expect(t.ticksCrossed).toBeGreaterThan(cases);
    });
  }
});
