import { describe, expect, it } from 'vitest';
import { normalCdf } from '../../core/normal.js';
import { fastNormalCdf } from './fast-math.js';

describe('fastNormalCdf', () => {
  it('agrees with the rational approximation to 1e-13 on and between the grid points', () => {
    let worst = 0;
    // A step that is not a multiple of the 1/32 grid, so points fall everywhere inside intervals.
    for (let x = -8.49; x < 8.5; x += 0.000731) worst = Math.max(worst, Math.abs(fastNormalCdf(x) - normalCdf(x)));
    for (let k = -272; k <= 271; k++) worst = Math.max(worst, Math.abs(fastNormalCdf(k / 32) - normalCdf(k / 32)));
    expect(worst).toBeLessThan(1e-13);
  });

  it('is symmetric: Phi(x) + Phi(-x) = 1', () => {
    for (const x of [0, 0.1, 0.5, 1, 1.96, 3, 5.5]) expect(fastNormalCdf(x) + fastNormalCdf(-x)).toBeCloseTo(1, 13);
  });

  it('takes known values of N(x) (0, 1.96, -1)', () => {
    expect(fastNormalCdf(0)).toBeCloseTo(0.5, 14);
    expect(fastNormalCdf(1.96)).toBeCloseTo(0.9750021048517795, 13);
    expect(fastNormalCdf(-1)).toBeCloseTo(0.15865525393145707, 13);
  });

  it('is 0 and 1 beyond +-8.5, monotone, and NaN for NaN', () => {
    expect(fastNormalCdf(-8.5)).toBe(0);
    expect(fastNormalCdf(-1e300)).toBe(0);
    expect(fastNormalCdf(-Infinity)).toBe(0);
    expect(fastNormalCdf(8.5)).toBe(1);
    expect(fastNormalCdf(Infinity)).toBe(1);
    expect(fastNormalCdf(NaN)).toBeNaN();
    let prev = 0;
    for (let x = -8.5; x <= 8.5; x += 1 / 256) {
      const p = fastNormalCdf(x);
      expect(p).toBeGreaterThanOrEqual(prev);
      prev = p;
    }
  });
});
