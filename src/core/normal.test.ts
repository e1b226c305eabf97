import { describe, expect, it, vi } from 'vitest';
import { NormalSampler, normalCdf, normalInv, normalPdf } from './normal.js';
import { Rng } from './rng.js';

// Reference values of Phi(x): 0.5 * erfc(-x / sqrt 2) from the C library, printed to 17 digits.
const CDF: [number, number][] = [
  [-38, 2.88542835e-316],
  [-10, 7.619853024160593e-24],
  [-6, 9.865876450377012e-10],
  [-5.6, 1.0717590258310968e-8],
  [-3, 0.0013498980316300957],
  [-1.96, 0.024997895148220435],
  [-1, 0.15865525393145707],
  [-0.66, 0.25462691467133614],
  [-0.3, 0.3820885778110474],
  [0, 0.5],
  [0.3, 0.6179114221889526],
  [0.66291, 0.74630590161026],
  [0.7, 0.758036347776927],
  [1, 0.8413447460685429],
  [2, 0.9772498680518208],
  [5, 0.9999997133484281],
  [8, 0.9999999999999993],
];

describe('normalCdf (Cody)', () => {
  it.each(CDF)('Phi(%d) to 1e-14 relative (or 1e-16 absolute)', (x, want) => {
    const got = normalCdf(x);
    expect(Math.abs(got - want)).toBeLessThanOrEqual(Math.max(1e-14 * want, 1e-16));
  });

  it('is symmetric: Phi(x) + Phi(-x) = 1', () => {
    for (let x = -8; x <= 8; x += 0.037) expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 15);
  });

  it('is monotone across the seams of its three approximations', () => {
    let prev = 0;
    for (let x = -10; x <= 10; x += 0.0007) {
      const p = normalCdf(x);
      expect(p).toBeGreaterThanOrEqual(prev);
      prev = p;
    }
  });

  it('integrates the density (trapezoid rule agrees to 1e-9)', () => {
    let area = 0;
    const h = 1e-4;
    for (let x = -1; x < 1.5 - h / 2; x += h) area += (h * (normalPdf(x) + normalPdf(x + h))) / 2;
    expect(area).toBeCloseTo(normalCdf(1.5) - normalCdf(-1), 9);
  });
});

describe('normalInv (AS 241)', () => {
  it('inverts the CDF: relative error in p below 1e-14 (1 + x^2), the conditioning of p -> x', () => {
    for (const p of [1e-300, 1e-100, 1e-10, 1e-4, 0.001, 0.025, 0.2, 0.5, 0.7, 0.975, 0.999, 1 - 1e-9, 1 - 1e-12]) {
      const x = normalInv(p);
      const back = p < 0.5 ? normalCdf(x) : 1 - normalCdf(-x);
      // 1 - p loses digits near 1; otherwise d(ln p) = |x| dx amplifies the last-bit error in x.
      const tol = p > 1 - 1e-9 ? 1e-10 : 1e-14 * (1 + x * x);
      expect(Math.abs(back / p - 1)).toBeLessThan(tol);
    }
  });

  it('gives the textbook quantiles and the edge values', () => {
    expect(normalInv(0.975)).toBeCloseTo(1.959963984540054, 14);
    expect(normalInv(0.5)).toBe(0);
    expect(normalInv(0)).toBe(-Infinity);
    expect(normalInv(1)).toBe(Infinity);
    expect(normalInv(1.5)).toBeNaN();
  });
});

describe('NormalSampler (ziggurat)', () => {
  const n = 400_000;
  const draws = new Float64Array(n);
  new NormalSampler(new Rng(2024)).fill(draws);

  it('has mean 0, variance 1, skewness 0 and kurtosis 3 within 5 standard errors', () => {
    let m1 = 0, m2 = 0, m3 = 0, m4 = 0;
    for (const z of draws) { m1 += z; m2 += z * z; m3 += z ** 3; m4 += z ** 4; }
    m1 /= n; m2 /= n; m3 /= n; m4 /= n;
    expect(Math.abs(m1)).toBeLessThan(5 * Math.sqrt(1 / n));
    expect(Math.abs(m2 - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    expect(Math.abs(m3)).toBeLessThan(5 * Math.sqrt(15 / n));
    expect(Math.abs(m4 - 3)).toBeLessThan(5 * Math.sqrt(96 / n));
  });

  it('passes a Kolmogorov-Smirnov test against Phi', () => {
    const sorted = Float64Array.from(draws).sort();
    let d = 0;
    for (let i = 0; i < n; i++) {
      const f = normalCdf(sorted[i]);
      d = Math.max(d, Math.abs(f - i / n), Math.abs((i + 1) / n - f));
    }
    expect(d * Math.sqrt(n)).toBeLessThan(1.95); // 0.1% critical value of the KS statistic
  });

  it('draws the same numbers as it always has, with fill and next alike, whether or not it is the first sampler of the thread', async () => {
    // Pinned from the sampler before its slow path was rewritten as one loop and before samplers
    // began to prime V8 (a fresh copy of the module, so this sampler is its first and primes it).
    vi.resetModules();
    const fresh = await import('./normal.js');
    const { Rng: FreshRng } = await import('./rng.js');
    const out = new Float64Array(200_001);
    new fresh.NormalSampler(new FreshRng(42, 3)).fill(out, 1, out.length);
    let sum = 0, sq = 0, tails = 0;
    for (let i = 1; i < out.length; i++) {
      sum += out[i];
      sq += out[i] * out[i];
      if (Math.abs(out[i]) > 3.6541528853610088) tails++;
    }
    expect([out[1], out[1000], out[123456], out[200000]]).toEqual([-0.7226800916934494, -1.5722552849564935, -3.193822947309571, 0.5340061127831282]);
    expect(sum).toBe(-287.91294748689654);
    expect(sq).toBe(199951.49135782415);
    expect(tails).toBe(60);
    const one = new fresh.NormalSampler(new FreshRng(42, 3));
    let viaNext = 0;
    for (let i = 0; i < 200_000; i++) viaNext += one.next();
    expect(viaNext).toBe(sum);
  });

  it('reaches the tail beyond the base layer at the right rate', () => {
    // P(|Z| > 3.6541528853610088) = 2.580e-4, all of it from the tail algorithm.
    let tail = 0;
    for (const z of draws) if (Math.abs(z) > 3.6541528853610088) tail++;
    const p = 2 * normalCdf(-3.6541528853610088);
    expect(Math.abs(tail / n - p)).toBeLessThan(5 * Math.sqrt(p / n));
  });
});
