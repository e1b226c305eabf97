import { describe, expect, it } from 'vitest';
import { ModelError } from '../../core/errors.js';
import { bsDelta, bsGamma } from '../../pricing/black-scholes.js';
import { createHedgeBand, setHedgeBand, tradeToNearestEdge } from './band.js';
import { whalleyWilmottBand, whalleyWilmottHalfWidth } from './whalley-wilmott.js';

const near = (got: number, want: number, tol: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(tol);

describe('trade to the nearest band edge', () => {
  it('leaves a hedge inside the band alone and clamps one outside to the closer edge', () => {
    expect(tradeToNearestEdge(0.5, 0.5, 0.1)).toBe(0.5);
    expect(tradeToNearestEdge(0.45, 0.5, 0.1)).toBe(0.45);
    expect(tradeToNearestEdge(0.2, 0.5, 0.1)).toBeCloseTo(0.4, 15);
    expect(tradeToNearestEdge(0.9, 0.5, 0.1)).toBeCloseTo(0.6, 15);
    expect(tradeToNearestEdge(0.7, 0.5, 0)).toBe(0.5); // zero width: plain delta hedging
  });

  it('setHedgeBand fills centre, width and both edges', () => {
    expect(setHedgeBand(createHedgeBand(), 0.3, 0.05)).toEqual({ center: 0.3, halfWidth: 0.05, lower: 0.25, upper: 0.35 });
  });
});

describe('Whalley-Wilmott band', () => {
  // pfhedge's doctest: strike 1, 0.1 years, 20% vol, no rate, cost 1e-5, risk aversion a = 1, at five
  // log-moneyness points, and a previous hedge of 0.5.
  const ms = [-0.05, -0.01, 0, 0.01, 0.05];
  const deltas = [0.2239, 0.4497, 0.5126, 0.5752, 0.7945];
  const widths = [0.0707, 0.084, 0.0842, 0.0829, 0.0661];
  const mapped = [0.2946, 0.5, 0.5, 0.5, 0.7284];

  it('reproduces the pfhedge doctest deltas, half-widths and the mapped hedge to 1e-4', () => {
    const band = createHedgeBand();
    ms.forEach((m, i) => {
      const S = Math.exp(m);
      whalleyWilmottBand(true, S, 1, 0.1, 0, 0, 0.2, 1e-5, 1, band);
      near(band.center, deltas[i], 1e-4);
      near(band.halfWidth, widths[i], 1e-4);
      near(tradeToNearestEdge(0.5, band.center, band.halfWidth), mapped[i], 1e-4);
    });
  });

  it('same inputs as the Zakamouline case (S = K = 100, 3 months, 20%, cost 0.1%, risk aversion 1): 0.0620', () => {
    const gamma = bsGamma(100, 100, 0.25, 0, 0, 0.2);
    near(whalleyWilmottHalfWidth(100, gamma, 0.001, 1, 0, 0.25), 0.062, 5e-5);
  });

  it('scales as cost^(1/3), Gamma^(2/3) and riskAversion^(-1/3), and shrinks with discounting', () => {
    const h = whalleyWilmottHalfWidth(100, 0.04, 0.001, 1, 0, 1);
    expect(whalleyWilmottHalfWidth(100, 0.04, 0.008, 1, 0, 1) / h).toBeCloseTo(2, 12);
    expect(whalleyWilmottHalfWidth(100, 0.32, 0.001, 1, 0, 1) / h).toBeCloseTo(4, 12);
    expect(whalleyWilmottHalfWidth(100, 0.04, 0.001, 8, 0, 1) / h).toBeCloseTo(0.5, 12);
    expect(whalleyWilmottHalfWidth(100, 0.04, 0.001, 1, 0.3, 1) / h).toBeCloseTo(Math.exp(-0.1), 12);
    expect(whalleyWilmottHalfWidth(100, 0.04, 0, 1, 0, 1)).toBe(0);
  });

  it('puts are centred on the put delta with the same width as the call', () => {
    const c = whalleyWilmottBand(true, 105, 100, 0.5, 0.02, 0.01, 0.6, 0.002, 2, createHedgeBand());
    const p = whalleyWilmottBand(false, 105, 100, 0.5, 0.02, 0.01, 0.6, 0.002, 2, createHedgeBand());
    expect(p.center).toBe(bsDelta(false, 105, 100, 0.5, 0.02, 0.01, 0.6));
    expect(p.halfWidth).toBe(c.halfWidth);
  });

  it('rejects a non-positive risk aversion or negative cost, naming the inputs', () => {
    expect(() => whalleyWilmottHalfWidth(100, 0.04, 0.001, 0, 0, 1)).toThrow(ModelError);
    expect(() => whalleyWilmottHalfWidth(100, 0.04, -0.001, 1, 0, 1)).toThrow(/cost >= 0/);
  });
});
