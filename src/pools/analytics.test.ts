import { describe, expect, it } from 'vitest';
import { NormalSampler } from '../core/normal.js';
import { Rng } from '../core/rng.js';
import { RunningStats } from '../core/running-stats.js';
import { SECONDS_PER_DAY, SECONDS_PER_YEAR } from '../core/units.js';
import {
  NEZLOBIN_TASSY_CONSTANT,
  arbPerBlockNezlobinTassy,
  arbToLvrConstantBlocks,
  arbToLvrPoisson,
  blockSigma,
  breakEvenFeeRate,
  breakEvenVolumeToValue,
  ilCpmm,
  ilRange,
  ilWeighted,
  liquidityFromAmounts,
  logFee,
  lvrCpmm,
  lvrRange,
  lvrRateRange,
  lvrWeighted,
  rangeAmounts,
  rangeDelta,
  rangeGamma,
  rangeValue,
} from './analytics.js';

/** 5% per day as a per-sqrt(year) volatility. */
const SIGMA_5PCT_DAY = 0.05 * Math.sqrt(365);

describe('impermanent loss table, restated (loss vs holding, in percent)', () => {
  it.each([
    { label: 'full-range CPMM, price up 25%', pct: -0.6192, f: () => ilCpmm(1.25) },
    { label: 'full-range CPMM, price down 20%', pct: -0.6192, f: () => ilCpmm(0.8) },
    { label: 'full-range CPMM, price doubles', pct: -5.7191, f: () => ilCpmm(2) },
    { label: 'full-range CPMM, price x4', pct: -20, f: () => ilCpmm(4) },
    { label: 'range [0.8, 1.25], price up 10%', pct: -1.0745, f: () => ilRange(1.1, 0.8, 1.25) },
    { label: 'range [0.8, 1.25], price to the top of the range', pct: -5.8652, f: () => ilRange(1.25, 0.8, 1.25) },
    { label: 'range [0.9, 1.1], price up 5%', pct: -0.6087, f: () => ilRange(1.05, 0.9, 1.1) },
    { label: '80/20 weighted pool, price doubles', pct: -3.27, f: () => ilWeighted(2, 0.8) },
  ])('$label: $pct%', ({ pct, f }) => {
    // To the digits given.
    const decimals = String(pct).split('.')[1]?.length ?? 0;
    expect(Math.abs(100 * f() - pct)).toBeLessThanOrEqual(0.5 * 10 ** -decimals);
  });

  it('a full range is the CPMM; a 50/50 weighted pool is the CPMM; the loss is never positive', () => {
    for (const r of [0.1, 0.5, 0.9, 1.3, 3, 10]) {
      expect(ilRange(r, 1e-12, 1e12)).toBeCloseTo(ilCpmm(r), 5);
      expect(ilWeighted(r, 0.5)).toBeCloseTo(ilCpmm(r), 14);
      expect(ilRange(r, 0.5, 2)).toBeLessThanOrEqual(1e-15);
      // Concentration magnifies the loss.
      expect(ilRange(r, 0.9, 1.1)).toBeLessThanOrEqual(ilCpmm(r) + 1e-15);
    }
  });
});

describe('LVR / V at price 1, restated', () => {
  it.each([
    { label: 'full range', pa: 1e-18, pb: 1e18, coeff: 0.125, bpsDay: 3.13 },
    { label: '[0.5, 2]', pa: 0.5, pb: 2, coeff: 0.4268, bpsDay: 10.7 },
    { label: '[0.8, 1.25]', pa: 0.8, pb: 1.25, coeff: 1.184, bpsDay: 29.6 },
    { label: '[0.9, 1.1]', pa: 0.9, pb: 1.1, coeff: 2.555, bpsDay: 63.9 },
  ])('$label: $coeff sigma^2, $bpsDay bps/day at 5%/day', ({ pa, pb, coeff, bpsDay }) => {
    const digits = (x: number) => 0.5 * 10 ** -(String(x).split('.')[1]?.length ?? 0);
    expect(Math.abs(lvrRange(1, 1, pa, pb) - coeff)).toBeLessThanOrEqual(digits(coeff));
    const perDay = lvrRange(SIGMA_5PCT_DAY, 1, pa, pb) / 365;
    expect(Math.abs(perDay * 1e4 - bpsDay)).toBeLessThanOrEqual(digits(bpsDay));
  });

  it('CPMM sigma^2/8 and weighted sigma^2 w(1-w)/2 agree at w = 1/2; out of range the rate is zero', () => {
    expect(lvrCpmm(0.8)).toBeCloseTo(0.08, 15);
    expect(lvrWeighted(0.8, 0.5)).toBeCloseTo(lvrCpmm(0.8), 15);
    expect(lvrWeighted(1, 0.8)).toBeCloseTo(0.08, 15);
    expect(lvrRange(1, 0.7, 0.8, 1.25)).toBe(0);
    expect(lvrRange(1, 1.3, 0.8, 1.25)).toBe(0);
  });

  it('LVR = -(sigma^2/2) p^2 V\'\'(p): the range formula matches a numerical second derivative', () => {
    const L = 1000, pa = 0.8, pb = 1.25, sigma = 0.7;
    for (const p of [0.85, 1, 1.2]) {
      const h = 1e-4;
      const v2 = (rangeValue(L, p + h, pa, pb) - 2 * rangeValue(L, p, pa, pb) + rangeValue(L, p - h, pa, pb)) / (h * h);
      expect(rangeGamma(L, p, pa, pb)).toBeCloseTo(v2, 4);
      expect(lvrRateRange(sigma, L, p)).toBeCloseTo(-0.5 * sigma * sigma * p * p * v2, 4);
      expect(lvrRange(sigma, p, pa, pb)).toBeCloseTo(lvrRateRange(sigma, L, p) / rangeValue(L, p, pa, pb), 12);
    }
  });
});

describe('ARB / LVR at 5%/day, restated (Poisson / constant block times)', () => {
  it.each([
    [0.0005, 12, 0.455, 0.407],
    [0.0005, 2, 0.254, 0.219],
    [0.003, 12, 0.122, 0.103],
    [0.003, 2, 0.054, 0.045],
    [0.01, 12, 0.04, 0.033],
    [0.01, 2, 0.017, 0.014],
  ])('fee %s, %ss blocks: %s / %s', (fee, block, poisson, constant) => {
    // Three decimals as in the table, which takes gamma = fee; the log fee -ln(1 - fee) moves the
    // third decimal by at most one.
    expect(Math.abs(arbToLvrPoisson(fee, SIGMA_5PCT_DAY, block) - poisson)).toBeLessThanOrEqual(5e-4);
    expect(Math.abs(arbToLvrPoisson(logFee(fee), SIGMA_5PCT_DAY, block) - poisson)).toBeLessThanOrEqual(1e-3);
    expect(Math.abs(arbToLvrConstantBlocks(fee, SIGMA_5PCT_DAY, block) - constant)).toBeLessThanOrEqual(5e-4);
  });

  it('the constant is sqrt(2 pi) / |zeta(1/2)| = 1.7164, and the spread form is the fee form', () => {
    expect(Math.abs(NEZLOBIN_TASSY_CONSTANT - 1.7164)).toBeLessThan(1e-4); // 1.71645...
    expect(blockSigma(SIGMA_5PCT_DAY, SECONDS_PER_DAY)).toBeCloseTo(0.05, 14);
    const sb = 0.01, fee = 0.003;
    // ARB per block over LVR per block (sigma_b^2 / 2), with the full spread 2 x fee.
    expect(arbPerBlockNezlobinTassy(sb, 2 * fee) / (sb * sb / 2)).toBeCloseTo(1 / (1 + (NEZLOBIN_TASSY_CONSTANT * fee) / sb), 14);
  });

  /**
   * Monte Carlo of the normalized arbitrage model, sigma_b = fee = 1: the mispricing z random-walks
   * between blocks; at a block, if |z| > fee an arbitrageur earns (|z| - fee)^2 / 2 and z resets to
   * +-fee. Batch means give the Monte Carlo error (z is autocorrelated across blocks).
   */
  function simulate(poisson: boolean, blocks: number, seed: number): { mean: number; stderr: number } {
    const rng = new Rng(seed);
    const normals = new NormalSampler(rng);
    const fee = 1;
    const batches = new RunningStats();
    const batchSize = blocks / 200;
    let z = 0, batch = 0;
    for (let b = 1; b <= blocks; b++) {
      const dt = poisson ? -Math.log(rng.nextOpenFloat()) : 1;
      z += Math.sqrt(dt) * normals.next();
      if (z > fee) {
        batch += ((z - fee) * (z - fee)) / 2;
        z = fee;
      } else if (z < -fee) {
        batch += ((z + fee) * (z + fee)) / 2;
        z = -fee;
      }
      if (b % batchSize === 0) {
        batches.push(batch / batchSize);
        batch = 0;
      }
    }
    return { mean: batches.mean, stderr: batches.stderr };
  }

  it('Monte Carlo at fee = sigma_b: constant blocks earn 0.184 per block, Poisson blocks 0.2071, as the closed forms say', () => {
    const constant = simulate(false, 2_000_000, 71);
    const poisson = simulate(true, 2_000_000, 72);
    // Against the closed forms, within 4 standard errors plus 0.3% for the approximation (a 40
    // million block run of this simulation gives 0.18411 +- 0.00008 and 0.20723 +- 0.00013).
    expect(Math.abs(constant.mean - 0.184)).toBeLessThan(4 * constant.stderr + 0.003 * 0.184);
    expect(Math.abs(poisson.mean - 0.2071)).toBeLessThan(4 * poisson.stderr + 0.003 * 0.2071);
    // The reference's own Monte Carlo figures, 0.1851 and 0.2058, carry about 0.6% of sampling error.
    expect(Math.abs(constant.mean / 0.1851 - 1)).toBeLessThan(0.012);
    expect(Math.abs(poisson.mean / 0.2058 - 1)).toBeLessThan(0.012);
    // The closed forms are approximations good to about 1% here.
    expect(arbPerBlockNezlobinTassy(1, 2)).toBeCloseTo(0.184, 3);
    expect(Math.abs(arbPerBlockNezlobinTassy(1, 2) / constant.mean - 1)).toBeLessThan(0.012);
    const poissonFormula = 0.5 * arbToLvrPoisson(1, 1, SECONDS_PER_YEAR); // sigma_b = 1 when the block is a year
    expect(poissonFormula).toBeCloseTo(0.2071, 4);
    expect(Math.abs(poissonFormula / poisson.mean - 1)).toBeLessThan(0.012);
  });
});

describe('range value, Greeks and liquidity from amounts', () => {
  const L = 1000, pa = 0.8, pb = 1.25;

  it('value is continuous at the edges: all token0 below, all token1 above', () => {
    expect(rangeAmounts(L, 0.5, pa, pb).amount1).toBe(0);
    expect(rangeAmounts(L, 2, pa, pb).amount0).toBe(0);
    expect(rangeValue(L, pa, pa, pb)).toBeCloseTo(rangeAmounts(L, 0.5, pa, pb).amount0 * pa, 10);
    expect(rangeValue(L, pb, pa, pb)).toBeCloseTo(rangeAmounts(L, 2, pa, pb).amount1, 10);
  });

  it('delta is the numerical derivative of value, and equals the token0 held', () => {
    for (const p of [0.5, 0.85, 1, 1.2, 2]) {
      const h = 1e-6;
      const numeric = (rangeValue(L, p + h, pa, pb) - rangeValue(L, p - h, pa, pb)) / (2 * h);
      expect(rangeDelta(L, p, pa, pb)).toBeCloseTo(numeric, 5);
    }
    expect(rangeGamma(L, 2, pa, pb)).toBe(0);
  });

  it('liquidity from amounts inverts the amounts (the binding token decides)', () => {
    for (const p of [0.5, 0.9, 1, 1.2, 3]) {
      const { amount0, amount1 } = rangeAmounts(L, p, pa, pb);
      expect(liquidityFromAmounts(amount0, amount1, p, pa, pb)).toBeCloseTo(L, 8);
      if (p > pa && p < pb) expect(liquidityFromAmounts(amount0, 10 * amount1, p, pa, pb)).toBeCloseTo(L, 8);
    }
  });

  it('break-even: a 30 bp pool over [0.9, 1.1] at 5%/day needs yearly volume of about 78x the position', () => {
    const lvr = lvrRange(SIGMA_5PCT_DAY, 1, 0.9, 1.1);
    const turnover = breakEvenVolumeToValue(lvr, 0.003);
    expect(turnover).toBeCloseTo((2.555 * 0.0025 * 365) / 0.003, -1);
    expect(breakEvenFeeRate(lvr, turnover)).toBeCloseTo(0.003, 15);
  });
});
