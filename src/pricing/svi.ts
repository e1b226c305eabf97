/**
 * SVI volatility surface (Gatheral 2004, "raw" parameterisation): per expiry slice, total implied
 * variance as a function of forward log-moneyness k = ln(K / F),
 *
 *     w(k) = a + b (rho (k - m) + sqrt((k - m)^2 + sigma^2)),
 *
 * and between slices linear interpolation of w in T at fixed k (see vol-surface.ts). Before the first
 * and after the last slice the vol is held flat in T at each k.
 *
 * Forwards use constant `r` and `q` (default 0): F(T) = spot e^{(r - q) T}. With r = q = 0, k is
 * ln(K / spot).
 *
 * Checks at construction: per slice b >= 0, |rho| < 1, sigma > 0, and a minimum total variance
 * a + b sigma sqrt(1 - rho^2) >= 0 (no negative variance anywhere); expiries distinct and > 0.
 * Butterfly arbitrage within a slice and calendar arbitrage between slices are not implied by these;
 * `calendarViolation` looks for the second on a grid of k.
 */
import { ModelError } from '../core/errors.js';
import { interpolateTotalVariance, sliceIndex, volFromSlice, type VolSurface } from './vol-surface.js';

/** One SVI slice: raw parameters and its time to expiry in years. */
export interface SviSlice {
  expiryYears: number;
  /** Vertical level of total variance. */
  a: number;
  /** Slope of the wings (total variance per unit of |k|), >= 0. */
  b: number;
  /** Skew: rotates the smile, -1 < rho < 1. */
  rho: number;
  /** Horizontal shift of the smile's vertex in log-moneyness. */
  m: number;
  /** Curvature at the vertex (> 0; larger is rounder). Not a volatility despite the name. */
  sigma: number;
}

/** Raw-SVI total implied variance w(k) at forward log-moneyness k. */
export function sviTotalVariance(k: number, a: number, b: number, rho: number, m: number, sigma: number): number {
  const d = k - m;
  return a + b * (rho * d + Math.sqrt(d * d + sigma * sigma));
}

function checkSlice(s: SviSlice, i: number): void {
  const at = `SviSurface: slices[${i}]`;
  if (!(s.expiryYears > 0 && s.expiryYears < Infinity)) throw new ModelError(`${at}.expiryYears must be a finite number > 0, got ${s.expiryYears}`);
  if (!Number.isFinite(s.a)) throw new ModelError(`${at}.a must be a finite number, got ${s.a}`);
  if (!(s.b >= 0 && s.b < Infinity)) throw new ModelError(`${at}.b must be a finite number >= 0, got ${s.b}`);
  if (!(s.rho > -1 && s.rho < 1)) throw new ModelError(`${at}.rho must lie strictly between -1 and 1, got ${s.rho}`);
  if (!Number.isFinite(s.m)) throw new ModelError(`${at}.m must be a finite number, got ${s.m}`);
  if (!(s.sigma > 0 && s.sigma < Infinity)) throw new ModelError(`${at}.sigma must be a finite number > 0, got ${s.sigma}`);
  const minW = s.a + s.b * s.sigma * Math.sqrt(1 - s.rho * s.rho);
  if (minW < 0) throw new ModelError(`${at}: minimum total variance a + b sigma sqrt(1 - rho^2) = ${minW} must be >= 0`);
}

export class SviSurface implements VolSurface {
  private readonly n: number;
  private readonly expiries: Float64Array;
  private readonly params: Float64Array; // 5 per slice: a, b, rho, m, sigma
  readonly r: number;
  readonly q: number;

  /** `slices` in any order; `r`, `q` per year set the forward used for log-moneyness. */
  constructor(slices: readonly SviSlice[], options: { r?: number; q?: number } = {}) {
    if (slices.length === 0) throw new ModelError('SviSurface: needs at least one slice');
    slices.forEach(checkSlice);
    const sorted = [...slices].sort((x, y) => x.expiryYears - y.expiryYears);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i].expiryYears === sorted[i - 1].expiryYears) {
        throw new ModelError(`SviSurface: two slices share expiryYears ${sorted[i].expiryYears}; each expiry needs exactly one slice`);
      }
    }
    this.r = options.r ?? 0;
    this.q = options.q ?? 0;
    if (!Number.isFinite(this.r) || !Number.isFinite(this.q)) throw new ModelError(`SviSurface: r and q must be finite numbers, got r=${this.r}, q=${this.q}`);
    this.n = sorted.length;
    this.expiries = Float64Array.from(sorted, (s) => s.expiryYears);
    this.params = new Float64Array(5 * this.n);
    sorted.forEach((s, i) => this.params.set([s.a, s.b, s.rho, s.m, s.sigma], 5 * i));
  }

  /** Total variance of slice i at log-moneyness k. */
  private w(i: number, k: number): number {
    const p = this.params, o = 5 * i;
    return sviTotalVariance(k, p[o], p[o + 1], p[o + 2], p[o + 3], p[o + 4]);
  }

  vol(strike: number, expiryYears: number, spot: number): number {
    const T = expiryYears;
    const k = Math.log(strike / spot) - (this.r - this.q) * (T > 0 ? T : 0);
    const i = sliceIndex(this.expiries, this.n, T);
    if (i < 0) return volFromSlice(this.w(0, k), this.expiries[0]);
    if (i === this.n - 1) return volFromSlice(this.w(i, k), this.expiries[i]);
    return interpolateTotalVariance(T, this.expiries[i], this.w(i, k), this.expiries[i + 1], this.w(i + 1, k));
  }

  /** Total variance of the slice with index i (ascending expiry) at log-moneyness k. */
  sliceTotalVariance(i: number, k: number): number {
    if (!(i >= 0 && i < this.n)) throw new ModelError(`SviSurface: slice index must be in [0, ${this.n - 1}], got ${i}`);
    return this.w(i, k);
  }

  /**
   * First point where a later slice has less total variance than an earlier one (calendar
   * arbitrage), scanning k from kMin to kMax in `steps` steps; null if none is found.
   */
  calendarViolation(kMin = -2, kMax = 2, steps = 400): { k: number; expiryYears: number; nextExpiryYears: number } | null {
    for (let i = 0; i + 1 < this.n; i++) {
      for (let j = 0; j <= steps; j++) {
        const k = kMin + ((kMax - kMin) * j) / steps;
        if (this.w(i + 1, k) < this.w(i, k)) return { k, expiryYears: this.expiries[i], nextExpiryYears: this.expiries[i + 1] };
      }
    }
    return null;
  }
}
