import { describe, expect, it } from 'vitest';
import { ModelError } from '../core/errors.js';
import {
  GREEK_COUNT, GREEK_DELTA, GREEK_GAMMA, GREEK_PRICE, GREEK_RHO, GREEK_THETA, GREEK_VEGA,
  bsD1, bsD2, bsDelta, bsGamma, bsGreeks, bsGreeksInto, bsPrice, bsRho, bsTheta, bsVega, createBsGreeks,
} from './black-scholes.js';

const near = (got: number, want: number, tol: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(tol);

describe('textbook figures (Hull)', () => {
  // Hull's worked example: a 6-month option, spot 42, strike 40, 10% rate, 20% vol, no carry.
  it('S=42, K=40, r=10%, sigma=20%, T=0.5: d1, d2, call, put and call delta to 1e-4', () => {
    near(bsD1(42, 40, 0.5, 0.1, 0, 0.2), 0.7693, 1e-4);
    near(bsD2(42, 40, 0.5, 0.1, 0, 0.2), 0.6278, 1e-4);
    near(bsPrice(true, 42, 40, 0.5, 0.1, 0, 0.2), 4.7594, 1e-4);
    near(bsPrice(false, 42, 40, 0.5, 0.1, 0, 0.2), 0.8086, 1e-4);
    near(bsDelta(true, 42, 40, 0.5, 0.1, 0, 0.2), 0.7791, 1e-4);
  });

  // Hull's delta-hedging example: 100,000 calls, spot 49, strike 50, 5%, 20%, 20 weeks (52-week year).
  it('S=49, K=50, r=5%, sigma=20%, T=20/52: d1 0.0542, delta 0.522, price 2.4005 (100k calls ~ 240,053)', () => {
    const T = 20 / 52;
    near(bsD1(49, 50, T, 0.05, 0, 0.2), 0.0542, 1e-4);
    near(bsDelta(true, 49, 50, T, 0.05, 0, 0.2), 0.522, 5e-4);
    const c = bsPrice(true, 49, 50, T, 0.05, 0, 0.2);
    near(c, 2.4005, 1e-4);
    expect(Math.round(c * 1e5)).toBe(240_053);
  });

  // A 3-month at-the-money option at 20% vol, no rates: gamma and the one-day theta.
  it('S=K=100, T=0.25, sigma=20%, r=q=0: gamma 0.03984, theta per day -0.0218', () => {
    near(bsGamma(100, 100, 0.25, 0, 0, 0.2), 0.03984, 1e-5);
    near(bsTheta(true, 100, 100, 0.25, 0, 0, 0.2) / 365, -0.0218, 5e-5);
    near(bsTheta(false, 100, 100, 0.25, 0, 0, 0.2) / 365, -0.0218, 5e-5);
  });
});

describe('against 40-digit arithmetic (mpmath, offline)', () => {
  // Prices from mpmath at 40 significant digits with the same double inputs, rounded to doubles here.
  const wings: [boolean, number, number, number, number, number, number, number][] = [
    [true, 100, 250, 0.25, 0.05, 0.02, 0.3, 2.528741008402058e-9],
    [false, 100, 30, 0.5, 0.01, 0.03, 0.4, 0.000039806919750182785],
    [true, 100, 20, 1, 0.05, 0, 0.2, 80.97541150998572],
    [true, 100, 1000, 0.1, 0, 0, 0.5, 8.209126843699553e-48],
    [false, 100, 5, 0.25, 0, 0, 0.3, 8.114534952910901e-90],
  ];
  // Far out of the money the formula subtracts two terms that agree to about 1 - sigma sqrt(T) / |d1|,
  // so rounding in d1 is amplified: about 4e-12 relative at |d1| = 20 (the 1e-90 put). Still far
  // inside what pricing or an implied-vol inversion can notice.
  it.each(wings)('deep wing call=%s S=%d K=%d: relative error below 1e-11', (c, S, K, T, r, q, s, want) => {
    expect(Math.abs(bsPrice(c, S, K, T, r, q, s) / want - 1)).toBeLessThan(1e-11);
  });

  it('price and Greeks with a carry yield (S=100, K=95, T=0.75, r=4%, q=6%, sigma=65%) to 1e-12 relative', () => {
    const want = {
      call: [22.55703236097908, 0.6073481287546699, 0.006381709848265423, 31.11083551029394, -11.364384502512205, 28.633335385865937],
      put: [19.149609864777364, -0.34864935307843, 0.006381709848265423, 31.11083551029394, -13.412676366026473, -40.51090887946527],
    };
    const out = new Float64Array(GREEK_COUNT);
    for (const isCall of [true, false]) {
      bsGreeksInto(isCall, 100, 95, 0.75, 0.04, 0.06, 0.65, out);
      const w = isCall ? want.call : want.put;
      for (let i = 0; i < GREEK_COUNT; i++) expect(Math.abs(out[i] / w[i] - 1)).toBeLessThan(1e-12);
    }
  });
});

// A grid of markets: spot, strike, years, rate, carry, vol. Includes negative rates and large crypto vols.
const GRID: [number, number, number, number, number, number][] = [];
for (const K of [60, 90, 100, 110, 160])
  for (const T of [0.02, 0.25, 1, 3])
    for (const [r, q] of [[0, 0], [0.05, 0.02], [-0.01, 0.08]])
      for (const sigma of [0.1, 0.8]) GRID.push([100, K, T, r, q, sigma]);

describe('identities', () => {
  it('put-call parity with carry: C - P = S e^{-qT} - K e^{-rT}', () => {
    for (const [S, K, T, r, q, s] of GRID) {
      const lhs = bsPrice(true, S, K, T, r, q, s) - bsPrice(false, S, K, T, r, q, s);
      near(lhs, S * Math.exp(-q * T) - K * Math.exp(-r * T), 1e-12 * (S + K));
    }
  });

  it('call and put Greeks are related: delta differs by e^{-qT}, gamma and vega equal, rho and theta by parity', () => {
    for (const [S, K, T, r, q, s] of GRID) {
      near(bsDelta(true, S, K, T, r, q, s) - bsDelta(false, S, K, T, r, q, s), Math.exp(-q * T), 1e-14);
      near(bsRho(true, S, K, T, r, q, s) - bsRho(false, S, K, T, r, q, s), K * T * Math.exp(-r * T), 1e-11 * K * T);
      const parityTheta = q * S * Math.exp(-q * T) - r * K * Math.exp(-r * T); // d/dt of S e^{-qT} - K e^{-rT}
      near(bsTheta(true, S, K, T, r, q, s) - bsTheta(false, S, K, T, r, q, s), parityTheta, 1e-11 * (S + K));
    }
  });

  it('bsGreeks and bsGreeksInto agree with the scalar functions to rounding', () => {
    const same = (a: number[], b: number[]) => a.forEach((x, i) => expect(Math.abs(x - b[i])).toBeLessThanOrEqual(1e-14 * Math.abs(b[i])));
    const g = createBsGreeks();
    const arr = new Float64Array(3 * GREEK_COUNT);
    for (const [S, K, T, r, q, s] of GRID) {
      for (const c of [true, false]) {
        bsGreeks(c, S, K, T, r, q, s, g);
        bsGreeksInto(c, S, K, T, r, q, s, arr, GREEK_COUNT);
        const scalar = [bsPrice(c, S, K, T, r, q, s), bsDelta(c, S, K, T, r, q, s), bsGamma(S, K, T, r, q, s),
          bsVega(S, K, T, r, q, s), bsTheta(c, S, K, T, r, q, s), bsRho(c, S, K, T, r, q, s)];
        same([g.price, g.delta, g.gamma, g.vega, g.theta, g.rho], scalar);
        same(Array.from(arr.subarray(GREEK_COUNT, 2 * GREEK_COUNT)), scalar);
      }
    }
    expect(arr[0]).toBe(0); // other slots untouched
    expect(arr[2 * GREEK_COUNT]).toBe(0);
  });
});

describe('Greeks equal finite differences of the price', () => {
  // Central differences: truncation error O(h^2) plus rounding O(eps V / h) (O(eps V / h^2) for gamma).
  // Tolerance: relative `rel` of the difference quotient plus an absolute floor `abs` that covers the
  // rounding noise, so that wing Greeks of 1e-9 are not asked for more digits than the quotient has.
  const close = (got: number, fd: number, rel: number, abs: number) => Math.abs(got - fd) <= rel * Math.abs(fd) + abs;
  it.each([true, false])('call=%s: delta, gamma, vega, theta, rho over the grid', (c) => {
    for (const [S, K, T, r, q, s] of GRID) {
      const p = (S_: number, T_: number, r_: number, s_: number) => bsPrice(c, S_, K, T_, r_, q, s_);
      const width = S * s * Math.sqrt(T); // price scale over which the payoff's kink is smoothed
      const hS = 1e-4 * width, hG = 3e-3 * width, hT = 1e-5 * T, hr = 1e-5, hv = 1e-5;
      const fdDelta = (p(S + hS, T, r, s) - p(S - hS, T, r, s)) / (2 * hS);
      const fdGamma = (p(S + hG, T, r, s) - 2 * p(S, T, r, s) + p(S - hG, T, r, s)) / (hG * hG);
      const fdVega = (p(S, T, r, s + hv) - p(S, T, r, s - hv)) / (2 * hv);
      const fdTheta = -(p(S, T + hT, r, s) - p(S, T - hT, r, s)) / (2 * hT);
      const fdRho = (p(S, T, r + hr, s) - p(S, T, r - hr, s)) / (2 * hr);
      const where = `S=${S} K=${K} T=${T} r=${r} q=${q} sigma=${s}`;
      expect(close(bsDelta(c, S, K, T, r, q, s), fdDelta, 1e-6, 1e-9), `delta ${where}`).toBe(true);
      expect(close(bsGamma(S, K, T, r, q, s), fdGamma, 1e-5, 1e-8), `gamma ${where}`).toBe(true);
      expect(close(bsVega(S, K, T, r, q, s), fdVega, 1e-6, 1e-7), `vega ${where}`).toBe(true);
      expect(close(bsTheta(c, S, K, T, r, q, s), fdTheta, 1e-5, 1e-6), `theta ${where}`).toBe(true);
      expect(close(bsRho(c, S, K, T, r, q, s), fdRho, 1e-6, 1e-7), `rho ${where}`).toBe(true);
    }
  });
});

describe('limits', () => {
  it('expired (T <= 0): intrinsic value, step delta, zero gamma, vega, theta, rho', () => {
    for (const T of [0, -0.1]) {
      expect(bsPrice(true, 110, 100, T, 0.05, 0.02, 0.5)).toBe(10);
      expect(bsPrice(false, 110, 100, T, 0.05, 0.02, 0.5)).toBe(0);
      expect(bsPrice(false, 90, 100, T, 0.05, 0.02, 0.5)).toBe(10);
      expect(bsDelta(true, 110, 100, T, 0.05, 0.02, 0.5)).toBe(1);
      expect(bsDelta(true, 90, 100, T, 0.05, 0.02, 0.5)).toBe(0);
      expect(bsDelta(false, 90, 100, T, 0.05, 0.02, 0.5)).toBe(-1);
      expect(bsDelta(false, 110, 100, T, 0.05, 0.02, 0.5)).toBe(-0); // the put's delta off the money is -0
      expect(bsDelta(true, 100, 100, T, 0.05, 0.02, 0.5)).toBe(0.5);
      expect(bsDelta(false, 100, 100, T, 0.05, 0.02, 0.5)).toBe(-0.5);
      const g = bsGreeks(true, 110, 100, T, 0.05, 0.02, 0.5, createBsGreeks());
      expect([g.price, g.delta, g.gamma, g.vega, g.theta, g.rho]).toEqual([10, 1, 0, 0, 0, 0]);
    }
  });

  it('T -> 0 converges to the expired values', () => {
    for (const [S, c] of [[110, true], [90, false], [95, true], [105, false]] as const) {
      const at0 = bsPrice(c, S, 100, 0, 0.05, 0.02, 0.5);
      near(bsPrice(c, S, 100, 1e-10, 0.05, 0.02, 0.5), at0, 1e-7);
      near(bsDelta(c, S, 100, 1e-10, 0.05, 0.02, 0.5), bsDelta(c, S, 100, 0, 0.05, 0.02, 0.5), 1e-9);
      expect(bsGamma(S, 100, 1e-10, 0.05, 0.02, 0.5)).toBeLessThan(1e-100);
    }
  });

  it('sigma = 0: discounted forward intrinsic, step delta at the forward, vega limit only at the forward', () => {
    const [S, T, r, q] = [100, 0.5, 0.06, 0.02];
    const F = S * Math.exp((r - q) * T);
    for (const K of [90, 101, 110]) {
      const fwdIntrinsic = Math.max(S * Math.exp(-q * T) - K * Math.exp(-r * T), 0);
      near(bsPrice(true, S, K, T, r, q, 0), fwdIntrinsic, 1e-12);
      near(bsPrice(true, S, K, T, r, q, 1e-9), fwdIntrinsic, 1e-9); // continuity
      expect(bsDelta(true, S, K, T, r, q, 0)).toBe(F > K ? Math.exp(-q * T) : 0);
      expect(bsGamma(S, K, T, r, q, 0)).toBe(0);
      expect(bsVega(S, K, T, r, q, 0)).toBe(0);
      near(bsTheta(true, S, K, T, r, q, 0), bsTheta(true, S, K, T, r, q, 1e-9), 1e-6);
      near(bsRho(false, S, K, T, r, q, 0), bsRho(false, S, K, T, r, q, 1e-9), 1e-9);
    }
    // At the forward: delta 0.5 e^{-qT}; vega is the limit S e^{-qT} sqrt(T) / sqrt(2 pi).
    const Katm = 100 * Math.exp(0.04 * 0.5);
    const Fatm = 100; // r = q: forward equals spot
    expect(bsDelta(true, Fatm, Fatm, 0.5, 0.03, 0.03, 0)).toBeCloseTo(0.5 * Math.exp(-0.015), 15);
    near(bsVega(Fatm, Fatm, 0.5, 0.03, 0.03, 0), (Fatm * Math.exp(-0.015) * Math.sqrt(0.5)) / Math.sqrt(2 * Math.PI), 1e-12);
    near(bsVega(Fatm, Fatm, 0.5, 0.03, 0.03, 0), bsVega(Fatm, Fatm, 0.5, 0.03, 0.03, 1e-9), 1e-8);
    expect(bsPrice(true, 100, Katm, 0.5, 0.04, 0, 0)).toBeLessThan(1e-12);
  });

  it('deep ITM and OTM: prices stay finite and ordered, deltas reach 0 and +-e^{-qT}', () => {
    expect(bsPrice(true, 100, 1e6, 1, 0, 0, 0.2)).toBe(0);
    expect(bsDelta(true, 100, 1e6, 1, 0, 0, 0.2)).toBe(0);
    near(bsDelta(true, 100, 1e-3, 1, 0.05, 0.03, 0.2), Math.exp(-0.03), 1e-15);
    near(bsDelta(false, 100, 1e6, 1, 0.05, 0.03, 0.2), -Math.exp(-0.03), 1e-15);
    near(bsPrice(false, 100, 1e6, 1, 0.05, 0.03, 0.2), 1e6 * Math.exp(-0.05) - 100 * Math.exp(-0.03), 1e-9);
    expect(bsGamma(100, 1e6, 1, 0, 0, 0.2)).toBe(0);
  });
});

describe('monotonicity in sigma', () => {
  it('price never falls as vol rises, and rises strictly wherever the rise exceeds rounding', () => {
    for (const K of [50, 90, 100, 120, 300])
      for (const c of [true, false]) {
        let prev = bsPrice(c, 100, K, 0.5, 0.03, 0.01, 0.05);
        for (let s = 0.1; s <= 3; s += 0.05) {
          const p = bsPrice(c, 100, K, 0.5, 0.03, 0.01, s);
          expect(p).toBeGreaterThanOrEqual(prev);
          // A deep ITM option at low vol gains less than one ulp of its price per 0.05 of vol.
          if (bsVega(100, K, 0.5, 0.03, 0.01, s - 0.05) * 0.05 > 1e-14 * p) expect(p).toBeGreaterThan(prev);
          prev = p;
        }
      }
  });
});

describe('bad input', () => {
  it('throws a ModelError naming the parameter and the allowed range', () => {
    expect(() => bsPrice(true, -1, 100, 1, 0, 0, 0.2)).toThrow(ModelError);
    expect(() => bsPrice(true, -1, 100, 1, 0, 0, 0.2)).toThrow(/S \(spot\) must be a finite number > 0, got -1/);
    expect(() => bsDelta(true, 100, 0, 1, 0, 0, 0.2)).toThrow(/K \(strike\)/);
    expect(() => bsGamma(100, 100, NaN, 0, 0, 0.2)).toThrow(/T \(years to expiry\)/);
    expect(() => bsVega(100, 100, 1, Infinity, 0, 0.2)).toThrow(/r \(rate per year\)/);
    expect(() => bsTheta(false, 100, 100, 1, 0, NaN, 0.2)).toThrow(/q \(carry yield/);
    expect(() => bsRho(true, 100, 100, 1, 0, 0, -0.2)).toThrow(/sigma .* >= 0, got -0.2/);
    expect(() => bsGreeksInto(true, 100, 100, 1, 0, 0, NaN, new Float64Array(6))).toThrow(/sigma/);
  });
});

describe('slot layout', () => {
  it('uses the documented GREEK_* order', () => {
    expect([GREEK_PRICE, GREEK_DELTA, GREEK_GAMMA, GREEK_VEGA, GREEK_THETA, GREEK_RHO, GREEK_COUNT]).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});
