import { describe, expect, it } from 'vitest';
import { ModelError } from '../../core/errors.js';
import { bsDelta } from '../../pricing/black-scholes.js';
import { firstCandidateStrike, selectStrikeByDelta } from './strike-selection.js';

const WEEK = 7 / 365;
const near = (got: number, want: number, tol: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(tol);

describe('Ribbon delta strike selection, calls', () => {
  // Weekly covered call on spot 1850 with a 100 grid, 80% vol, no rate, target delta 0.10.
  it('starts at 2000, brackets 2100 (delta 0.1381) / 2200 (delta 0.0657) and picks 2200', () => {
    expect(firstCandidateStrike(true, 1850, 100)).toBe(2000);
    const c = selectStrikeByDelta(true, 1850, 100, 0.1, WEEK, 0, 0, 0.8);
    expect(c.nearStrike).toBe(2100);
    expect(c.farStrike).toBe(2200);
    near(c.nearAbsDelta, 0.1381, 5e-5);
    near(c.farAbsDelta, 0.0657, 5e-5);
    expect(c.strike).toBe(2200);
    near(c.delta, 0.0657, 5e-5);
  });

  it('picks the nearer strike when it is closer to the target', () => {
    const c = selectStrikeByDelta(true, 1850, 100, 0.12, WEEK, 0, 0, 0.8); // |0.1381 - 0.12| < |0.12 - 0.0657|
    expect(c.strike).toBe(2100);
    expect(c.delta).toBe(bsDelta(true, 1850, 2100, WEEK, 0, 0, 0.8));
  });

  it('ties go to the higher strike', () => {
    // Expired option, spot on the grid: the walk starts at 2200 with delta 0 against the virtual 1, so
    // a target of 0.5 is equidistant.
    const c = selectStrikeByDelta(true, 2000, 100, 0.5, 0, 0, 0, 0.8);
    expect(c.nearStrike).toBe(2100);
    expect(c.farStrike).toBe(2200);
    expect(c.strike).toBe(2200);
  });

  it('a target above the starting strike delta falls back to the first out-of-the-money grid strike', () => {
    const c = selectStrikeByDelta(true, 1850, 100, 0.9, WEEK, 0, 0, 0.8); // delta(2000) = 0.258
    expect(c.nearAbsDelta).toBe(1); // the virtual bound
    expect(c.strike).toBe(1900);
    expect(c.delta).toBe(bsDelta(true, 1850, 1900, WEEK, 0, 0, 0.8));
  });
});

describe('puts (Keel mirror convention)', () => {
  it('S = 1850: starts at 1700, brackets 1700 (|delta| 0.2065) / 1600 (0.0860), picks 1600 for target 0.10', () => {
    expect(firstCandidateStrike(false, 1850, 100)).toBe(1700);
    const p = selectStrikeByDelta(false, 1850, 100, 0.1, WEEK, 0, 0, 0.8);
    expect([p.nearStrike, p.farStrike, p.strike]).toEqual([1700, 1600, 1600]);
    near(p.nearAbsDelta, 0.2065, 5e-5);
    near(p.farAbsDelta, 0.086, 5e-5);
    near(p.delta, -0.086, 5e-5);
  });

  it('spot on the grid starts two full steps out of the money on both sides', () => {
    expect(firstCandidateStrike(true, 1800, 100)).toBe(2000);
    expect(firstCandidateStrike(false, 1800, 100)).toBe(1600);
    // A spot one rounding error off the grid counts as on it.
    expect(firstCandidateStrike(true, 0.3 / 0.1 * 0.1, 0.1)).toBeCloseTo(0.5, 12);
  });

  it('ties go to the lower (further out of the money) strike', () => {
    const p = selectStrikeByDelta(false, 2000, 100, 0.5, 0, 0, 0, 0.8);
    expect([p.nearStrike, p.farStrike, p.strike]).toEqual([1900, 1800, 1800]);
  });

  it('uses the put delta itself when there is carry: the pick brackets |delta_put| = e^{-qT} N(-d1)', () => {
    const q = 0.5; // an extreme funding yield, to make e^{-qT} visible
    const p = selectStrikeByDelta(false, 1850, 100, 0.1, WEEK, 0, q, 0.8);
    expect(p.delta).toBe(bsDelta(false, 1850, p.strike, WEEK, 0, q, 0.8));
    expect(p.nearAbsDelta).toBeGreaterThanOrEqual(0.1);
    expect(p.farAbsDelta).toBeLessThanOrEqual(0.1);
    expect(p.nearAbsDelta).toBe(Math.abs(bsDelta(false, 1850, p.nearStrike, WEEK, 0, q, 0.8)));
  });
});

describe('bad input', () => {
  it('rejects targets outside (0, 1), a non-positive step, and a put walk that reaches zero', () => {
    expect(() => selectStrikeByDelta(true, 1850, 100, 0, WEEK, 0, 0, 0.8)).toThrow(/strictly between 0 and 1/);
    expect(() => selectStrikeByDelta(true, 1850, 100, 1, WEEK, 0, 0, 0.8)).toThrow(ModelError);
    expect(() => selectStrikeByDelta(true, 1850, 0, 0.1, WEEK, 0, 0, 0.8)).toThrow(/step must be/);
    expect(() => selectStrikeByDelta(false, 150, 100, 0.1, WEEK, 0, 0, 0.8)).toThrow(/reached strike 0 <= 0/);
  });
});
