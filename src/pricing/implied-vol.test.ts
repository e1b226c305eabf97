import { describe, expect, it } from 'vitest';
import { ModelError } from '../core/errors.js';
import { normalCdf } from '../core/normal.js';
import { bsPrice, bsVega } from './black-scholes.js';
import { ArbitrageBoundsError, impliedVol, impliedVolOrNaN, normalisedImpliedTotalVol } from './implied-vol.js';

const S = 100, R = 0.03, Q = 0.01;

describe('round trip: price -> implied vol -> the same vol', () => {
  // Strikes placed by standardised moneyness m (K = S e^{m sigma sqrt T}) so every expiry and vol
  // reaches the same depth in the wings: |m| = 8 is a price around 1e-16 of spot.
  const Ts = [1 / (365 * 24), 1 / 365, 7 / 365, 0.25, 1, 3, 10];
  const sigmas = [0.01, 0.05, 0.2, 0.8, 1.5, 4];
  const ms = [-8, -5, -3, -1.5, -0.5, -0.1, 0, 0.1, 0.5, 1.5, 3, 5, 8];

  it('out-of-the-money prices recover the vol to 1e-10 relative, including the deep wings', () => {
    let worst = 0, count = 0;
    for (const T of Ts) for (const sigma of sigmas) for (const m of ms) {
      const K = S * Math.exp(m * sigma * Math.sqrt(T));
      const F = S * Math.exp((R - Q) * T);
      const isCall = K >= F; // the out-of-the-money side
      const price = bsPrice(isCall, S, K, T, R, Q, sigma);
      const upper = isCall ? S * Math.exp(-Q * T) : K * Math.exp(-R * T);
      // Skip prices that carry no information about sigma: underflowed, or within 1e-6 of the upper
      // bound (sigma sqrt T = 40 makes every option worth its upper bound to 1e-70).
      if (!(price > 1e-290 * S) || price > upper * (1 - 1e-6)) continue;
      const v = impliedVolOrNaN(isCall, S, K, T, R, Q, price);
      const err = Math.abs(v / sigma - 1);
      expect(err, `call=${isCall} K=${K} T=${T} sigma=${sigma}`).toBeLessThan(1e-10);
      worst = Math.max(worst, err);
      count++;
    }
    expect(count).toBeGreaterThan(400);
    expect(worst).toBeLessThan(1e-10);
  });

  it('in-the-money prices recover the vol to the accuracy the price allows (its rounding / vega)', () => {
    for (const T of Ts) for (const sigma of sigmas) for (const m of ms) {
      const K = S * Math.exp(m * sigma * Math.sqrt(T));
      for (const isCall of [true, false]) {
        const price = bsPrice(isCall, S, K, T, R, Q, sigma);
        const vega = bsVega(S, K, T, R, Q, sigma);
        // A price is known to about 1e-16 of its size (and of the spot and strike that parity moves).
        const priceNoise = 4e-16 * (price + S + K);
        const tol = 1e-10 * sigma + (20 * priceNoise) / vega;
        if (!(tol < 0.01 * sigma)) continue; // the price does not pin sigma at all
        const v = impliedVolOrNaN(isCall, S, K, T, R, Q, price);
        expect(Math.abs(v - sigma), `call=${isCall} K=${K} T=${T} sigma=${sigma}`).toBeLessThanOrEqual(tol);
      }
    }
  });

  it('at the money (F = K) recovers tiny and huge vols to the rounding of the price', () => {
    // A price here is the difference of two terms of size S, so it carries ~1e-14 absolute noise; at
    // sigma = 1e-4 that is ~1e-11 of the price, and the vol error is that noise over vega.
    const T = 0.5, K = S * Math.exp((R - Q) * T);
    for (const sigma of [1e-4, 0.01, 0.3, 2, 6]) {
      for (const isCall of [true, false]) {
        const v = impliedVol(isCall, S, K, T, R, Q, bsPrice(isCall, S, K, T, R, Q, sigma));
        const tol = 1e-13 * sigma + (20 * 4e-16 * (S + K)) / bsVega(S, K, T, R, Q, sigma);
        expect(Math.abs(v - sigma), `sigma=${sigma} call=${isCall}`).toBeLessThanOrEqual(tol);
      }
    }
  });

  it('solves a 10,000-quote sweep of mixed calls and puts without a miss', () => {
    let acc = 0;
    for (let i = 0; i < 10_000; i++) {
      const K = 60 + (i % 50) * 2;
      acc += impliedVolOrNaN(i % 2 === 0, S, K, 0.5, R, Q, bsPrice(i % 2 === 0, S, K, 0.5, R, Q, 0.6));
    }
    expect(Math.abs(acc / 10_000 - 0.6)).toBeLessThan(1e-9);
  });
});

describe('no-arbitrage bounds', () => {
  const T = 0.5, K = 90;
  const fS = S * Math.exp(-Q * T), pK = K * Math.exp(-R * T);

  it('a price at the lower bound (the discounted intrinsic value) has zero implied vol', () => {
    expect(impliedVol(true, S, K, T, R, Q, fS - pK)).toBe(0);
    expect(impliedVol(false, S, 120, T, R, Q, 120 * Math.exp(-R * T) - fS)).toBe(0);
    expect(impliedVol(false, S, K, T, R, Q, 0)).toBe(0); // OTM put worth nothing
    // Rounding below the bound (1e-14 of the strike) still counts as the bound.
    expect(impliedVol(true, S, K, T, R, Q, fS - pK - 1e-13)).toBe(0);
  });

  it('below the lower bound or at/above the upper bound: NaN, or ArbitrageBoundsError with the bounds', () => {
    for (const [isCall, price] of [[true, fS - pK - 1e-6], [true, fS], [true, fS + 1], [false, pK], [false, -1]] as const) {
      expect(impliedVolOrNaN(isCall, S, K, T, R, Q, price)).toBeNaN();
      let err: unknown;
      try { impliedVol(isCall, S, K, T, R, Q, price); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(ArbitrageBoundsError);
      expect(err).toBeInstanceOf(ModelError);
      const e = err as ArbitrageBoundsError;
      expect(e.price).toBe(price);
      expect(e.lower).toBeCloseTo(isCall ? fS - pK : 0, 12);
      expect(e.upper).toBeCloseTo(isCall ? fS : pK, 12);
      expect(e.message).toMatch(/outside the no-arbitrage bounds/);
    }
    expect(impliedVolOrNaN(true, S, K, T, R, Q, NaN)).toBeNaN();
  });

  it('invalid model inputs throw a ModelError naming the parameter, in both variants', () => {
    expect(() => impliedVolOrNaN(true, 0, K, T, R, Q, 1)).toThrow(/S \(spot\)/);
    expect(() => impliedVol(true, S, -5, T, R, Q, 1)).toThrow(/K \(strike\)/);
    expect(() => impliedVolOrNaN(true, S, K, 0, R, Q, 1)).toThrow(/T \(years to expiry\) must be a finite number > 0/);
    expect(() => impliedVol(true, S, K, T, NaN, Q, 1)).toThrow(/r \(rate/);
    expect(() => impliedVol(true, S, K, T, R, Infinity, 1)).toThrow(/q \(carry/);
  });
});

describe('normalised solver', () => {
  it('inverts the normalised out-of-the-money call across its whole range', () => {
    for (const x of [0, -1e-8, -0.01, -0.5, -3, -20])
      for (const s of [1e-3, 0.05, 0.5, 1, Math.sqrt(-2 * x) || 1, 4, 12]) {
        const beta = Math.exp(0.5 * x) * normalCdf(x / s + s / 2) - Math.exp(-0.5 * x) * normalCdf(x / s - s / 2);
        if (!(beta > 1e-300) || beta > Math.exp(0.5 * x) * (1 - 1e-6)) continue;
        expect(Math.abs(normalisedImpliedTotalVol(x, beta) / s - 1), `x=${x} s=${s}`).toBeLessThan(1e-10);
      }
    expect(normalisedImpliedTotalVol(-1, Math.exp(-0.5))).toBeNaN();
    expect(normalisedImpliedTotalVol(-1, 0)).toBe(0);
  });
});
