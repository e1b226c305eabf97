import { describe, expect, it } from 'vitest';
import { ModelError } from '../core/errors.js';
import { SECONDS_PER_DAY, SECONDS_PER_YEAR } from '../core/units.js';
import { LyraVolSurface } from './lyra-surface.js';
import { SviSurface, sviTotalVariance, type SviSlice } from './svi.js';
import { FlatVolSurface, interpolateTotalVariance, sliceIndex, type VolSurface } from './vol-surface.js';

describe('FlatVolSurface', () => {
  it('returns its sigma everywhere and rejects a negative one', () => {
    const s: VolSurface = new FlatVolSurface(0.65);
    expect(s.vol(1, 0.01, 100)).toBe(0.65);
    expect(s.vol(1e6, 30, 100)).toBe(0.65);
    expect(() => new FlatVolSurface(-0.1)).toThrow(ModelError);
  });
});

describe('slice helpers', () => {
  it('sliceIndex finds the last slice at or before T', () => {
    const e = [0.1, 0.25, 0.5, 1];
    expect([0.05, 0.1, 0.2, 0.25, 0.7, 1, 3].map((T) => sliceIndex(e, e.length, T))).toEqual([-1, 0, 0, 1, 2, 3, 3]);
    expect(sliceIndex([], 0, 1)).toBe(-1);
  });

  it('interpolateTotalVariance is linear in sigma^2 T', () => {
    // 40% vol at 0.25y (w = 0.04) and 30% at 1y (w = 0.09): at 0.5y, w = 0.04 + 0.05/3, vol = sqrt(w / 0.5).
    expect(interpolateTotalVariance(0.5, 0.25, 0.04, 1, 0.09)).toBeCloseTo(Math.sqrt((0.04 + 0.05 / 3) / 0.5), 15);
  });
});

describe('SviSurface', () => {
  const s1: SviSlice = { expiryYears: 0.25, a: 0.01, b: 0.1, rho: -0.5, m: 0.05, sigma: 0.2 };
  const s2: SviSlice = { expiryYears: 1, a: 0.04, b: 0.4, rho: -0.4, m: 0.1, sigma: 0.2 };

  it('raw SVI total variance by hand: a + b (rho (k - m) + sqrt((k - m)^2 + sigma^2))', () => {
    // At k = 0 on the second slice: 0.04 + 0.4 (0.04 + sqrt(0.05)).
    expect(sviTotalVariance(0, 0.04, 0.4, -0.4, 0.1, 0.2)).toBeCloseTo(0.04 + 0.4 * (0.04 + Math.sqrt(0.05)), 15);
    // At the vertex k = m the variance is a + b sigma.
    expect(sviTotalVariance(0.1, 0.04, 0.4, -0.4, 0.1, 0.2)).toBeCloseTo(0.04 + 0.08, 15);
    // Wings are asymptotically linear with slopes b (1 + rho) and b (1 - rho).
    const big = 1e4;
    expect((sviTotalVariance(big + 1, 0.04, 0.4, -0.4, 0.1, 0.2) - sviTotalVariance(big, 0.04, 0.4, -0.4, 0.1, 0.2))).toBeCloseTo(0.4 * 0.6, 6);
    expect((sviTotalVariance(-big - 1, 0.04, 0.4, -0.4, 0.1, 0.2) - sviTotalVariance(-big, 0.04, 0.4, -0.4, 0.1, 0.2))).toBeCloseTo(0.4 * 1.4, 6);
  });

  it('on a slice, vol = sqrt(w(k) / T) with k = ln(K / F) and F = S e^{(r - q) T}', () => {
    const surf = new SviSurface([s2, s1], { r: 0.05, q: 0.02 }); // unsorted input is fine
    const S = 2000, K = 2300, T = 1;
    const k = Math.log(K / (S * Math.exp(0.03 * T)));
    expect(surf.vol(K, T, S)).toBeCloseTo(Math.sqrt(sviTotalVariance(k, 0.04, 0.4, -0.4, 0.1, 0.2) / T), 15);
    const surf0 = new SviSurface([s1]);
    expect(surf0.vol(110, 0.25, 100)).toBeCloseTo(Math.sqrt(sviTotalVariance(Math.log(1.1), 0.01, 0.1, -0.5, 0.05, 0.2) / 0.25), 15);
  });

  it('between slices, total variance is linear in T at fixed forward log-moneyness', () => {
    const surf = new SviSurface([s1, s2]);
    for (const K of [70, 100, 140]) {
      const k = Math.log(K / 100);
      const w1 = sviTotalVariance(k, 0.01, 0.1, -0.5, 0.05, 0.2), w2 = sviTotalVariance(k, 0.04, 0.4, -0.4, 0.1, 0.2);
      for (const T of [0.25, 0.4, 0.625, 0.9, 1]) {
        const w = w1 + ((w2 - w1) * (T - 0.25)) / 0.75;
        expect(surf.vol(K, T, 100) ** 2 * T).toBeCloseTo(w, 14);
      }
    }
  });

  it('extrapolates flat in vol before the first and after the last slice', () => {
    const surf = new SviSurface([s1, s2]);
    expect(surf.vol(90, 0.05, 100)).toBeCloseTo(surf.vol(90, 0.25, 100), 14);
    expect(surf.vol(90, 0, 100)).toBeCloseTo(surf.vol(90, 0.25, 100), 14);
    expect(surf.vol(120, 5, 100)).toBeCloseTo(surf.vol(120, 1, 100), 14);
  });

  it('finds calendar arbitrage when a later slice has less variance', () => {
    expect(new SviSurface([s1, s2]).calendarViolation()).toBeNull();
    const low: SviSlice = { ...s2, a: 0.0, b: 0.05 };
    const v = new SviSurface([s1, low]).calendarViolation();
    expect(v).not.toBeNull();
    expect(v?.expiryYears).toBe(0.25);
    expect(v?.nextExpiryYears).toBe(1);
  });

  it('rejects parameters that give negative variance or are out of range, naming them', () => {
    expect(() => new SviSurface([{ ...s1, rho: 1 }])).toThrow(/rho must lie strictly between -1 and 1/);
    expect(() => new SviSurface([{ ...s1, b: -0.1 }])).toThrow(/\.b must be/);
    expect(() => new SviSurface([{ ...s1, sigma: 0 }])).toThrow(/\.sigma must be/);
    expect(() => new SviSurface([{ ...s1, a: -0.5 }])).toThrow(/minimum total variance/);
    expect(() => new SviSurface([{ ...s1, expiryYears: 0 }])).toThrow(/expiryYears/);
    expect(() => new SviSurface([s1, { ...s2, expiryYears: 0.25 }])).toThrow(/share expiryYears/);
    expect(() => new SviSurface([])).toThrow(ModelError);
  });
});

describe('LyraVolSurface', () => {
  const now = 1_700_000_000;
  const week = now + 7 * SECONDS_PER_DAY, month = now + 28 * SECONDS_PER_DAY;
  const make = () => new LyraVolSurface([
    { expirySeconds: month, baseIv: 0.7, strikes: [1500, 2000, 2500], skews: [1.2, 1, 0.95] },
    { expirySeconds: week, baseIv: 0.8, strikes: [1800, 2000, 2200], skews: [1.1, 1, 1.05] },
  ], { standardSize: 30, skewAdjustmentFactor: 1.25 }, now);

  it('prices a listed strike at baseIv x skew; boards are ordered by expiry', () => {
    const s = make();
    expect(s.boardCount).toBe(2);
    expect(s.expirySeconds(0)).toBe(week);
    expect(s.listedVol(0, 0)).toBeCloseTo(0.8 * 1.1, 15);
    expect(s.listedVol(1, 2)).toBeCloseTo(0.7 * 0.95, 15);
    expect(s.vol(2200, 7 / 365, 2000)).toBeCloseTo(0.8 * 1.05, 14);
  });

  it('a trade of one standard size (30) moves base IV by 0.01 and the strike skew by 0.0125', () => {
    const s = make();
    s.applyTrade(0, 1, 30); // trader buys 30 of the 2000 strike on the 7-day board
    expect(s.baseIv(0)).toBeCloseTo(0.81, 15);
    expect(s.skew(0, 1)).toBeCloseTo(1.0125, 15);
    expect(s.listedVol(0, 1)).toBeCloseTo(0.81 * 1.0125, 15);
    expect(s.skew(0, 0)).toBe(1.1); // other strikes keep their skew ...
    expect(s.listedVol(0, 0)).toBeCloseTo(0.81 * 1.1, 15); // ... but feel the base-IV move
    expect(s.baseIv(1)).toBe(0.7); // other boards untouched
    s.applyTrade(0, 1, -60); // trader sells two standard sizes
    expect(s.baseIv(0)).toBeCloseTo(0.79, 15);
    expect(s.skew(0, 1)).toBeCloseTo(0.9875, 15);
  });

  it('refuses a trade that would take base IV or skew to zero, leaving the state unchanged', () => {
    const s = make();
    expect(() => s.applyTrade(1, 2, -30 * 100 * 0.96)).toThrow(/must stay > 0/);
    expect(s.baseIv(1)).toBe(0.7);
    expect(s.skew(1, 2)).toBe(0.95);
    expect(() => s.applyTrade(5, 0, 1)).toThrow(/board index/);
    expect(() => s.applyTrade(0, 3, 1)).toThrow(/strike index/);
  });

  it('off-grid strikes: skew linear in strike between listed strikes, flat beyond', () => {
    const s = make();
    const T = 7 / 365;
    expect(s.vol(1900, T, 2000)).toBeCloseTo(0.8 * 1.05, 14); // halfway between 1.1 and 1.0
    expect(s.vol(2150, T, 2000)).toBeCloseTo(0.8 * 1.0375, 14);
    expect(s.vol(1000, T, 2000)).toBeCloseTo(0.8 * 1.1, 14);
    expect(s.vol(9000, T, 2000)).toBeCloseTo(0.8 * 1.05, 14);
  });

  it('between boards: total variance linear in T; before the first and after the last: flat', () => {
    const s = make();
    const t0 = 7 / 365, t1 = 28 / 365, T = 14 / 365;
    const w0 = 0.8 ** 2 * t0, w1 = 0.7 ** 2 * t1;
    expect(s.vol(2000, T, 2000) ** 2 * T).toBeCloseTo(w0 + ((w1 - w0) * (T - t0)) / (t1 - t0), 14);
    expect(s.vol(2000, 1 / 365, 2000)).toBeCloseTo(0.8, 14);
    expect(s.vol(2000, 1, 2000)).toBeCloseTo(0.7, 14);
  });

  it('expired boards drop out as the clock moves; all expired is an error', () => {
    const s = make();
    s.setNow(week + 1);
    expect(s.vol(2000, 1 / 365, 2000)).toBeCloseTo(0.7, 14); // only the monthly board is live
    expect(s.vol(2000, (month - week - 1) / SECONDS_PER_YEAR, 2000)).toBeCloseTo(0.7, 14);
    s.setNow(month);
    expect(() => s.vol(2000, 0.01, 2000)).toThrow(/every board has expired/);
  });

  it('validates boards and parameters', () => {
    const board = { expirySeconds: week, baseIv: 0.8, strikes: [1800, 2000], skews: [1, 1] };
    const p = { standardSize: 30, skewAdjustmentFactor: 1.25 };
    expect(() => new LyraVolSurface([board], { ...p, standardSize: 0 }, now)).toThrow(/standardSize/);
    expect(() => new LyraVolSurface([{ ...board, strikes: [2000, 1800] }], p, now)).toThrow(/strictly ascending/);
    expect(() => new LyraVolSurface([{ ...board, skews: [1] }], p, now)).toThrow(/equal length/);
    expect(() => new LyraVolSurface([{ ...board, baseIv: 0 }], p, now)).toThrow(/baseIv/);
    expect(() => new LyraVolSurface([board, board], p, now)).toThrow(/two boards expire/);
  });
});
