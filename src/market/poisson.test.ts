import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { logFactorial, PoissonSampler, PTRS_THRESHOLD } from './poisson.js';

/** Upper 0.1% point of chi-square with `df` degrees of freedom (Wilson-Hilferty, good to ~1% for df >= 3). */
function chi2Critical999(df: number): number {
  const z = 3.0902;
  const c = 2 / (9 * df);
  return df * (1 - c + z * Math.sqrt(c)) ** 3;
}

function pmf(mean: number, k: number): number {
  return Math.exp(-mean + k * Math.log(mean) - logFactorial(k));
}

describe('logFactorial', () => {
  it('matches direct summation across the table edge and Stirling series', () => {
    let sum = 0;
    for (let k = 1; k <= 2000; k++) {
      sum += Math.log(k);
      expect(Math.abs(logFactorial(k) - sum)).toBeLessThan(1e-12 * Math.max(1, sum));
    }
    expect(logFactorial(0)).toBe(0);
  });
});

describe('PoissonSampler', () => {
  // Means on both sides of the switch from inversion to PTRS, including the switch itself.
  it.each([0.002, 0.3, 2, 9.99, PTRS_THRESHOLD, 37.5, 1000, 1e6])('mean %d: sample mean and variance within 5 standard errors', (mean) => {
    const n = 200_000;
    const rng = new Rng(17);
    const s = new PoissonSampler(mean);
    let sum = 0, sum2 = 0;
    const xs = new Float64Array(n);
    let bad = 0;
    for (let i = 0; i < n; i++) {
      const k = s.next(rng);
      if (!(Number.isInteger(k) && k >= 0)) bad++;
      xs[i] = k;
      sum += k;
    }
    expect(bad).toBe(0);
    const m = sum / n;
    for (let i = 0; i < n; i++) sum2 += (xs[i] - m) ** 2;
    const v = sum2 / (n - 1);
    // Poisson: Var = mean, and Var(sample variance) = (mu4 - sigma^4)/n = (mean + 2 mean^2)/n.
    expect(Math.abs(m - mean)).toBeLessThan(5 * Math.sqrt(mean / n));
    expect(Math.abs(v - mean)).toBeLessThan(5 * Math.sqrt((mean + 2 * mean * mean) / n));
  });

  it.each([0.7, 4, PTRS_THRESHOLD, 37.5, 400])('mean %d: the counts fit the Poisson pmf (chi-square at the 0.1% level)', (mean) => {
    const n = 200_000;
    const rng = new Rng(5);
    const s = new PoissonSampler(mean);
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const k = s.next(rng);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    // Cells with an expected count >= 20; the two tails pooled into one cell each.
    const mode = Math.floor(mean);
    let lo = mode, hi = mode;
    while (lo > 0 && n * pmf(mean, lo - 1) >= 20) lo--;
    while (n * pmf(mean, hi + 1) >= 20) hi++;
    let chi2 = 0, cells = 0, pLow = 0, cLow = 0, pHigh = 1, cHigh = n;
    for (let k = 0; k < lo; k++) { pLow += pmf(mean, k); cLow += counts.get(k) ?? 0; }
    for (let k = lo; k <= hi; k++) {
      const e = n * pmf(mean, k), c = counts.get(k) ?? 0;
      chi2 += (c - e) ** 2 / e;
      cells++;
      pHigh -= pmf(mean, k);
      cHigh -= c;
    }
    pHigh -= pLow;
    cHigh -= cLow;
    for (const [p, c] of [[pLow, cLow], [pHigh, cHigh]]) {
      if (n * p >= 5) { chi2 += (c - n * p) ** 2 / (n * p); cells++; }
    }
    expect(cells).toBeGreaterThan(3);
    expect(chi2).toBeLessThan(chi2Critical999(cells - 1));
  });

  it('draws nothing from the Rng when the mean is 0', () => {
    const a = new Rng(3), b = new Rng(3);
    const s = new PoissonSampler(0);
    for (let i = 0; i < 10; i++) expect(s.next(a)).toBe(0);
    expect(a.nextUint32()).toBe(b.nextUint32());
  });

  it('rejects a negative or infinite mean', () => {
    expect(() => new PoissonSampler(-1)).toThrow(RangeError);
    expect(() => new PoissonSampler(Infinity)).toThrow(/finite and >= 0/);
  });
});
