/**
 * The one question a pricer asks of a volatility surface: what Black-Scholes volatility applies to an
 * option of this strike and time to expiry with the underlying at this spot. Flat, SVI
 * (src/pricing/svi.ts) and Lyra board-times-skew (src/pricing/lyra-surface.ts) surfaces all answer it,
 * so products and policies price against `VolSurface` and never know which one they have.
 *
 * Also here: the shared rule for going between expiry slices, linear interpolation of total implied
 * variance w = sigma^2 T at fixed log-moneyness. Total variance (not vol) is what must grow with T
 * for the surface to be free of calendar arbitrage, and interpolating it linearly keeps that property
 * between two slices that have it.
 */
import { ModelError } from '../core/errors.js';

export interface VolSurface {
  /**
   * Implied volatility per sqrt(year) for a European option struck at `strike` (quote per base) that
   * expires `expiryYears` from now (365-day years), with the underlying at `spot`. Allocation-free.
   */
  vol(strike: number, expiryYears: number, spot: number): number;
}

/** The same volatility for every strike and expiry: the Black-Scholes world. */
export class FlatVolSurface implements VolSurface {
  readonly sigma: number;
  constructor(sigma: number) {
    if (!(sigma >= 0 && sigma < Infinity)) throw new ModelError(`FlatVolSurface: sigma must be a finite number >= 0, got ${sigma}`);
    this.sigma = sigma;
  }

  vol(_strike: number, _expiryYears: number, _spot: number): number {
    return this.sigma;
  }
}

/**
 * Index of the last slice whose expiry is <= T in an ascending array of expiries, or -1 if T is
 * before the first. Binary search, no allocation.
 */
export function sliceIndex(expiries: ArrayLike<number>, n: number, T: number): number {
  let lo = 0, hi = n - 1;
  if (n === 0 || T < expiries[0]) return -1;
  if (T >= expiries[hi]) return hi;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (expiries[mid] <= T) lo = mid; else hi = mid;
  }
  return lo;
}

/**
 * Volatility at time T from the total variances w0, w1 of the two slices at T0 < T1 that bracket it,
 * both taken at the same log-moneyness: w(T) = w0 + (w1 - w0)(T - T0)/(T1 - T0), sigma = sqrt(w/T).
 * Outside [T0, T1] use `volFromSlice` (flat-vol extrapolation) instead.
 */
export function interpolateTotalVariance(T: number, T0: number, w0: number, T1: number, w1: number): number {
  const w = w0 + ((w1 - w0) * (T - T0)) / (T1 - T0);
  return Math.sqrt((w > 0 ? w : 0) / T);
}

/** Volatility of a single slice: sqrt(w / T_slice). Used to extrapolate flat in vol before the first and after the last slice. */
export function volFromSlice(w: number, sliceT: number): number {
  return Math.sqrt((w > 0 ? w : 0) / sliceT);
}
