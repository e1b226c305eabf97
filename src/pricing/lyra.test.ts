import { describe, expect, it } from 'vitest';
import { ModelError } from '../core/errors.js';
import { SECONDS_PER_DAY } from '../core/units.js';
import { bsVega } from './black-scholes.js';
import { lyraBaseIvImpact, lyraFeeTimeWeight, lyraSkewImpact, lyraStdVega, lyraVegaNormalisation } from './lyra.js';

const DAY = SECONDS_PER_DAY;

describe('Lyra fee time weight', () => {
  // Lyra's OVM ETH market: the fee is 1x up to 42 days to expiry and reaches 2x at 84 days.
  const A = 42 * DAY, B = 84 * DAY;
  it('is 1 at 7 and 42 days, 1.5 at 63 days, 2 at 84 days', () => {
    expect([7, 42, 63, 84].map((d) => lyraFeeTimeWeight(d * DAY, A, B))).toEqual([1, 1, 1.5, 2]);
  });
  it('keeps rising past pointB like the contract (3 at 126 days), and needs pointB > pointA', () => {
    expect(lyraFeeTimeWeight(126 * DAY, A, B)).toBe(3);
    expect(() => lyraFeeTimeWeight(DAY, B, A)).toThrow(ModelError);
  });
});

describe('Lyra standardised vega', () => {
  // At-the-money, spot 2000, vol 80%, rate 5%: vega per vol point and standardised vega.
  const cases: [number, number, number][] = [[7, 1.103, 2.283], [30, 2.267, 2.267], [90, 3.859, 2.228]];
  it.each(cases)('%d days: vega/100 %d, stdVega %d (to the 3 decimals quoted)', (days, perPoint, std) => {
    const vega = bsVega(2000, 2000, days / 365, 0.05, 0, 0.8);
    expect(Math.abs(vega / 100 - perPoint)).toBeLessThanOrEqual(5e-4);
    expect(Math.abs(lyraStdVega(vega, days * DAY) - std)).toBeLessThanOrEqual(5e-4);
  });

  it('floors the days like the contract and never uses fewer than 7', () => {
    expect(lyraVegaNormalisation(3 * DAY)).toBe(Math.sqrt(30 / 7) / 100);
    expect(lyraVegaNormalisation(10.9 * DAY)).toBe(Math.sqrt(30 / 10) / 100);
    expect(lyraVegaNormalisation(30 * DAY * (1 - 1e-15))).toBe(Math.sqrt(30 / 30) / 100); // float noise keeps the day
    expect(() => lyraVegaNormalisation(-1)).toThrow(ModelError);
  });
});

describe('Lyra IV impact of a trade', () => {
  it('one standardSize moves base IV by 0.01 and skew by 0.0125 (skewAdjustmentFactor 1.25); sells move down', () => {
    expect(lyraBaseIvImpact(30, 30)).toBeCloseTo(0.01, 16);
    expect(lyraSkewImpact(30, 30, 1.25)).toBeCloseTo(0.0125, 16);
    expect(lyraBaseIvImpact(-15, 30)).toBeCloseTo(-0.005, 16);
    expect(() => lyraBaseIvImpact(1, 0)).toThrow(ModelError);
  });
});
