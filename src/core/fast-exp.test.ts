import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';
import { expStep } from './fast-exp.js';

describe('expStep', () => {
  it('is within one ulp of e^x on steps of every size up to 1/16, like Math.exp', () => {
    const rng = new Rng(11);
    let worst = 0, differ = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const scale = [0.0625, 0.01, 0.001, 1e-6][i % 4];
      const x = (2 * rng.nextFloat() - 1) * scale;
      const ref = 1 + Math.expm1(x); // expm1 is accurate near 0: one rounding from e^x
      const got = expStep(x);
      worst = Math.max(worst, Math.abs(got - ref) / ref);
      if (got !== ref) differ++;
    }
    expect(worst).toBeLessThanOrEqual(2.3e-16); // one ulp of numbers just above 1
    expect(differ / n).toBeLessThan(1e-3);
  });

  it('is exact at 0 and continuous where it hands over to Math.exp', () => {
    expect(expStep(0)).toBe(1);
    expect(expStep(-0)).toBe(1);
    for (const edge of [0.0625, -0.0625]) {
      const inside = edge > 0 ? edge - 2 ** -50 : edge + 2 ** -50;
      // The last polynomial value next to the first Math.exp one: no jump beyond rounding.
      expect(Math.abs(expStep(inside) / Math.exp(inside) - 1)).toBeLessThanOrEqual(2.3e-16);
      expect(expStep(edge)).toBe(Math.exp(edge));
    }
  });

  it('is Math.exp beyond the polynomial: large steps, infinities and NaN', () => {
    for (const x of [0.07, -0.5, 3, -40, 710]) expect(expStep(x)).toBe(Math.exp(x));
    expect(expStep(Infinity)).toBe(Infinity);
    expect(expStep(-Infinity)).toBe(0);
    expect(expStep(NaN)).toBeNaN();
  });

  it('multiplies out like e^(sum): a year of hourly steps', () => {
    const rng = new Rng(3);
    let s = 1, sum = 0;
    for (let t = 0; t < 8760; t++) {
      const x = (rng.nextFloat() - 0.5) * 0.02;
      s *= expStep(x);
      sum += x;
    }
    expect(s / Math.exp(sum)).toBeCloseTo(1, 12);
  });
});
