import { describe, expect, it } from 'vitest';
import { ModelError } from '../../core/errors.js';
import { bsPrice } from '../../pricing/black-scholes.js';
import { lelandNumber, lelandVol } from './leland.js';

const near = (got: number, want: number, tol: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(tol);

describe('Leland adjusted volatility', () => {
  it('weekly hedging at 1% round trip, 20% vol: Le 0.2877, writer vol 0.22695, ATM 3-month call 3.9878 -> 4.5246', () => {
    const le = lelandNumber(0.2, 0.01, 1 / 52);
    near(le, 0.2877, 5e-5);
    const vol = lelandVol(0.2, 0.01, 1 / 52, 'writer');
    near(vol, 0.22695, 5e-6);
    near(bsPrice(true, 100, 100, 0.25, 0, 0, 0.2), 3.9878, 5e-5);
    near(bsPrice(true, 100, 100, 0.25, 0, 0, vol), 4.5246, 5e-5);
  });

  it('crypto: daily hedging at 0.2% round trip with 80% vol gives Le 0.0381', () => {
    near(lelandNumber(0.8, 0.002, 1 / 365), 0.0381, 5e-5);
  });

  it('the holder side uses sigma sqrt(1 - Le), below sigma', () => {
    const le = lelandNumber(0.2, 0.01, 1 / 52);
    expect(lelandVol(0.2, 0.01, 1 / 52, 'holder')).toBeCloseTo(0.2 * Math.sqrt(1 - le), 15);
    expect(lelandVol(0.2, 0, 1 / 52, 'holder')).toBe(0.2);
  });

  it('hedging more often raises Le as 1/sqrt(dt)', () => {
    expect(lelandNumber(0.5, 0.003, 1 / 365) / lelandNumber(0.5, 0.003, 4 / 365)).toBeCloseTo(2, 12);
  });

  it('holder breakdown at Le >= 1 is an error that says so and what would be viable', () => {
    // Hourly hedging at 1% round trip with 20% vol: Le ~ 3.7.
    const dt = 1 / (365 * 24);
    expect(lelandNumber(0.2, 0.01, dt)).toBeGreaterThan(1);
    expect(() => lelandVol(0.2, 0.01, dt, 'holder')).toThrow(ModelError);
    expect(() => lelandVol(0.2, 0.01, dt, 'holder')).toThrow(/Le = 3\.7\d* >= 1.*not viable.*roundTripCost < .* or dtYears > /);
    // Exactly at Le = 1 the holder's variance is zero: also refused. Find a cost that lands on 1.0.
    let kAt1 = NaN;
    for (let j = -8; j <= 8 && !(kAt1 > 0); j++) {
      const k = ((0.2 * 0.1) / Math.sqrt(2 / Math.PI)) * (1 + j * Number.EPSILON);
      if (lelandNumber(0.2, k, 0.01) === 1) kAt1 = k;
    }
    expect(lelandNumber(0.2, kAt1, 0.01)).toBe(1);
    expect(() => lelandVol(0.2, kAt1, 0.01, 'holder')).toThrow(/not viable/);
    expect(lelandVol(0.2, kAt1 * (1 - 1e-9), 0.01, 'holder')).toBeGreaterThan(0); // just below: viable
    // The writer side has no such limit.
    expect(lelandVol(0.2, 0.01, dt, 'writer')).toBeGreaterThan(0.2);
  });

  it('rejects non-positive vol or interval and negative cost', () => {
    expect(() => lelandNumber(0, 0.01, 1)).toThrow(/sigma > 0/);
    expect(() => lelandNumber(0.2, -0.01, 1)).toThrow(ModelError);
    expect(() => lelandNumber(0.2, 0.01, 0)).toThrow(/dtYears > 0/);
  });
});
