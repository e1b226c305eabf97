import { describe, expect, it } from 'vitest';
import { continuousNavRatio, decayFactor, lendingCarry, perpCarry, resetPeriodNav } from './closed-form.js';

describe('continuously rebalanced token (Avellaneda-Zhang)', () => {
  // Price back where it started after one year, no rates or fees: only volatility decay is left.
  it.each([
    [0.8, 2, 0.5273], [0.8, 3, 0.1466], [0.8, -1, 0.5273], [0.8, -3, 0.0215],
    [0.6, 2, 0.6977], [0.6, 3, 0.3396], [0.6, -1, 0.6977], [0.6, -3, 0.1153],
  ])('sigma %d, beta %d -> %d of NAV', (sigma, beta, want) => {
    expect(continuousNavRatio(beta, 1, sigma * sigma)).toBeCloseTo(want, 4);
    expect(decayFactor(beta, sigma, 1)).toBeCloseTo(want, 4);
  });

  it('2x with 5% borrow and a 1.95% fee at sigma 80% keeps 0.4919', () => {
    const carry = lendingCarry(2, 0, 0, 0.05, 0.05) - 0.0195; // (1 - beta) r - f
    expect(carry).toBeCloseTo(-0.0695, 12);
    expect(continuousNavRatio(2, 1, 0.64, carry)).toBeCloseTo(0.4919, 4);
  });

  it('carry: Aave long earns beta supply and pays (beta - 1) borrow; perps pay beta x funding', () => {
    expect(lendingCarry(3, 0.02, 0.9, 0.9, 0.05)).toBeCloseTo(3 * 0.02 - 2 * 0.05, 14);
    expect(lendingCarry(-1, 0.9, 0.03, 0.04, 0.9)).toBeCloseTo(-0.03 + 2 * 0.04, 14);
    expect(perpCarry(3, 0.1)).toBeCloseTo(-0.3, 14);
    expect(perpCarry(-1, 0.1)).toBeCloseTo(0.1, 14);
  });

  it('beta 1 has no decay and beta 0 keeps NAV', () => {
    expect(continuousNavRatio(1, 1.3, 0.5)).toBeCloseTo(1.3, 14);
    expect(continuousNavRatio(0, 1.3, 0.5)).toBe(1);
  });
});

describe('resetPeriodNav', () => {
  it("is the period's return times leverage, plus carry, floored at zero", () => {
    expect(resetPeriodNav(100, 3, 1.1, 0)).toBeCloseTo(130, 12);
    expect(resetPeriodNav(100, -1, 1.1, 0.001)).toBeCloseTo(90.1, 12);
    expect(resetPeriodNav(100, 3, 0.6, 0)).toBe(0); // -40% at 3x: wiped out, not -20
  });
});
