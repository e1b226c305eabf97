import { describe, expect, it } from 'vitest';
import { normalCdf } from '../../core/normal.js';
import { addDeltaRun, fastNormalCdf } from './fast-math.js';

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

describe('addDeltaRun', () => {
  // Rows of (key, a, b, discount); d1 = x a + b.
  const rows = 50;
  const table = new Float64Array(4 * rows);
  for (let r = 0; r < rows; r++) table.set([r, 3 + r / 7, -0.4 + r / 40, 0.99 - r / 1000], 4 * r);
  const returns = Float64Array.from({ length: rows }, (_, r) => Math.sin(r * 1.7) * 0.3);

  for (const sign of [1, -1]) {
    it(`adds quantity x sign x discount x Phi(sign d1) row by row, as fastNormalCdf gives it (${sign > 0 ? 'call' : 'put'})`, () => {
      // Two interleaved outputs (stride 2), starting from 0.25 already in the first.
      const out = new Float64Array(2 * rows).fill(0.25);
      const x0 = 0.1;
      const last = addDeltaRun(x0, true, returns, 0, 1, table, 0, sign, -1.5, out, 0, 2, rows);
      let x = x0;
      for (let r = 0; r < rows; r++) {
        x += returns[r];
        const want = 0.25 + -1.5 * (sign * (table[4 * r + 3] * fastNormalCdf(sign * (x * table[4 * r + 1] + table[4 * r + 2]))));
        expect(out[2 * r]).toBe(want);
        expect(out[2 * r + 1]).toBe(0.25);
      }
      expect(last).toBe(x);
    });
  }

  it('reads x itself rather than its increments when not cumulative, and leaves rows past count alone', () => {
    const out = new Float64Array(rows);
    addDeltaRun(0, false, returns, 3, 1, table, 4, 1, 2, out, 1, 1, 10);
    expect(out[0]).toBe(0);
    for (let k = 0; k < 10; k++) expect(out[1 + k]).toBe(2 * (table[4 * (1 + k) + 3] * fastNormalCdf(returns[3 + k] * table[4 * (1 + k) + 1] + table[4 * (1 + k) + 2])));
    expect(out[11]).toBe(0);
  });

  it('gives 0 and 1 beyond the table and NaN for a NaN input', () => {
    const far = Float64Array.of(0, 1, 100, 1, 0, 1, -100, 1, 0, 1, NaN, 1);
    const out = new Float64Array(3);
    addDeltaRun(0, false, new Float64Array(3), 0, 1, far, 0, 1, 1, out, 0, 1, 3);
    expect(out[0]).toBe(1);
    expect(out[1]).toBe(0);
    expect(out[2]).toBeNaN();
  });
});
