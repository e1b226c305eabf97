import { describe, expect, it } from 'vitest';
import { deleverCapacity, driftedLeverage, moveToReach, rebalanceFlow, rebalanceFraction, recenter } from './recentering.js';

describe('recentering (Index Coop convention: RS weights the target)', () => {
  // ETH2x-FLI: target 2, band 1.7-2.3, recentering speed 5%.
  const eth = (l: number) => recenter(l, 2, 0.05, 1.7, 2.3);

  it.each([
    [2.1, 2.095, 0.002381],
    [2.3, 2.285, 0.006522],
    [2.4, 2.3, 0.041667],
    [1.6, 1.7, 0.0625],
    [1.75, 1.7625, 0.007143],
  ])('L %d -> %d, trading %d of collateral', (l, want, fraction) => {
    expect(eth(l)).toBeCloseTo(want, 10);
    expect(rebalanceFraction(l, eth(l))).toBeCloseTo(fraction, 6);
  });

  it('BTC2x-FLI with RS 10% takes 2.15 to 2.135', () => {
    expect(recenter(2.15, 2, 0.1, 1.8, 2.2)).toBeCloseTo(2.135, 12);
  });

  it('RS = 1 snaps to the target; the reversed weighting would not', () => {
    expect(recenter(2.25, 2, 1, 1.7, 2.3)).toBe(2);
    // Reversed weights (L RS + T (1 - RS)) would give 2.0125 for L = 2.25, RS = 5%: we give 2.2375.
    expect(eth(2.25)).toBeCloseTo(2.2375, 12);
  });
});

describe('leverage drift without rebalancing', () => {
  it.each([
    [2, 2.3, -0.11538],
    [2, 2.7, -0.20588],
    [2, 1.7, 0.21429],
    [2, 2.2, -0.08333],
    [2, 2.4, -0.14286],
    [2, 1.8, 0.125],
    [2, 3.0, -0.25],
    [3, 4, -0.11111],
    [-3, -4, 0.06667],
  ])('from %d to %d needs an underlying move of %d', (from, to, move) => {
    expect(moveToReach(from, to)).toBeCloseTo(move, 5);
    expect(driftedLeverage(from, moveToReach(from, to))).toBeCloseTo(to, 12);
  });

  it('a 3x token loses a third when the underlying falls 11.1% and leverage reaches 4', () => {
    expect(3 * moveToReach(3, 4)).toBeCloseTo(-1 / 3, 10);
  });
});

describe('rebalance flow (Cheng and Madhavan)', () => {
  it.each([[2, 2], [3, 6], [-1, 2], [-3, 12]])('beta %d trades %d x NAV x move, with the market', (beta, k) => {
    expect(rebalanceFlow(beta, 1, 0.01)).toBeCloseTo(k * 0.01, 14);
    expect(Math.sign(rebalanceFlow(beta, 1, -0.01))).toBe(-1);
  });

  it('FTX example: NAV 200, 3x, +5% -> buy 60; leverage before the rebalance 2.739', () => {
    expect(rebalanceFlow(3, 200, 0.05)).toBeCloseTo(60, 10);
    expect(driftedLeverage(3, 0.05)).toBeCloseTo(2.739, 3);
  });
});

describe('single-transaction delever capacity', () => {
  it('with liquidation threshold 0.83: 22.5% of collateral at L 2.8, 9.6% at L 4', () => {
    expect(deleverCapacity(2.8, 0.83)).toBeCloseTo(0.225, 3);
    expect(deleverCapacity(4, 0.83)).toBeCloseTo(0.096, 3);
  });
});
