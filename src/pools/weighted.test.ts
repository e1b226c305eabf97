import { describe, expect, it } from 'vitest';
import { PoolLimitError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { getAmountOut } from './cpmm.js';
import { randomAmount } from './test-support/v3-fuzz.js';
import {
  EXP_TABLE_20,
  EXP_TABLE_BIG,
  ONE,
  calcOutGivenIn,
  exp,
  inGivenOutFloat,
  ln,
  outGivenInFloat,
  pow,
  powDown,
  powUp,
  spotPriceFloat,
} from './weighted-math.js';
import { LiquidityBootstrappingPool, WeightedPool, normalizeWeights, toFixed18 } from './weighted-pool.js';

const E18 = 10n ** 18n;

function limitOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof PoolLimitError) return `${e.limit} ${e.reason}`;
    throw e;
  }
  return 'no error';
}

/** e^x to 60 decimals by a Taylor series on bigint (x given as a rational num / den). */
function expHighPrecision(num: bigint, den: bigint): bigint {
  const scale = 10n ** 60n;
  // e^(x) = (e^(x / 2^k))^(2^k) with x / 2^k small.
  const k = 10n;
  const xs = (num * scale) / (den << k);
  let term = scale, sum = scale;
  for (let n = 1n; n < 40n; n++) {
    term = (term * xs) / scale / n;
    sum += term;
  }
  for (let i = 0n; i < k; i++) sum = (sum * sum) / scale;
  return sum;
}

describe('Balancer cases, restated', () => {
  it('50/50, 0.3% fee: 1 in against 1000/1000 pays 0.996006981, the same as Uniswap v2 to 9 digits', () => {
    const pool = WeightedPool.fromFractions({ balances: [1000n * E18, 1000n * E18], weights: [0.5, 0.5], fee: 0.003 });
    const out = pool.quoteGivenIn(0, 1, E18).amountOut;
    expect(Number(out) / 1e18).toBeCloseTo(0.996006981, 9);
    // Rounding in the pool's favour keeps it at or below v2's exact integer quote, within 1000 wei.
    const v2 = getAmountOut(E18, 1000n * E18, 1000n * E18);
    expect(out).toBeLessThanOrEqual(v2);
    expect(v2 - out).toBeLessThan(1000n);
  });

  it('80/20, 0.3% fee, 1000/1000 balances: 10 in (80% side) pays 38.9055; spot price 0.25', () => {
    const pool = WeightedPool.fromFractions({ balances: [1000n * E18, 1000n * E18], weights: [0.8, 0.2], fee: 0.003 });
    const out = pool.quoteGivenIn(0, 1, 10n * E18).amountOut;
    expect(Number(out) / 1e18).toBeCloseTo(38.9055, 4);
    expect(pool.spotPrice(0, 1)).toBeCloseTo(0.25, 15);
    expect(pool.spotPrice(0, 1, true)).toBeCloseTo(0.25 / 0.997, 15);
    expect(spotPriceFloat(1000, 0.8, 1000, 0.2)).toBe(0.25);
  });
});

describe('limits, each named', () => {
  it('weights below 1%, weights not summing to 1, fees outside [1e-6, 10%]', () => {
    const b = [E18, E18];
    expect(limitOf(() => WeightedPool.fromFractions({ balances: b, weights: [0.995, 0.005], fee: 0.003 }))).toBe('MIN_WEIGHT BAL#302');
    expect(limitOf(() => new WeightedPool({ balances: b, weights: [ONE / 2n, ONE / 2n - 1n], swapFeePercentage: 10n ** 15n }))).toBe('NORMALIZED_WEIGHT_INVARIANT BAL#308');
    expect(limitOf(() => WeightedPool.fromFractions({ balances: b, weights: [0.5, 0.5], fee: 1e-7 }))).toBe('MIN_SWAP_FEE_PERCENTAGE BAL#203');
    expect(limitOf(() => WeightedPool.fromFractions({ balances: b, weights: [0.5, 0.5], fee: 0.11 }))).toBe('MAX_SWAP_FEE_PERCENTAGE BAL#202');
    expect(limitOf(() => WeightedPool.fromFractions({ balances: b, weights: [0.5, 0.5], fee: 1e-6 }))).toBe('no error');
    expect(limitOf(() => WeightedPool.fromFractions({ balances: b, weights: [0.99, 0.01], fee: 0.1 }))).toBe('no error');
  });

  it('swaps within 30% of the balances, and not beyond', () => {
    const pool = WeightedPool.fromFractions({ balances: [1000n * E18, 1000n * E18], weights: [0.5, 0.5], fee: 0.001 });
    // The in-ratio applies after the fee is taken: 300.3 gross is 300 net.
    expect(limitOf(() => pool.quoteGivenIn(0, 1, 300n * E18))).toBe('no error');
    expect(limitOf(() => pool.quoteGivenIn(0, 1, 301n * E18))).toBe('MAX_IN_RATIO BAL#304');
    expect(limitOf(() => pool.quoteGivenOut(0, 1, 300n * E18))).toBe('no error');
    expect(limitOf(() => pool.quoteGivenOut(0, 1, 300n * E18 + 1n))).toBe('MAX_OUT_RATIO BAL#305');
  });

  it('weights from fractions are exact 18-decimal values summing to 1e18', () => {
    expect(toFixed18(0.003)).toBe(3n * 10n ** 15n);
    expect(normalizeWeights([1 / 3, 1 / 3, 1 / 3]).reduce((a, b) => a + b, 0n)).toBe(ONE);
    expect(limitOf(() => normalizeWeights([0.5, 0.6]))).toBe('NORMALIZED_WEIGHT_INVARIANT BAL#308');
  });
});

describe('LogExpMath port', () => {
  it('table constants equal e^x computed independently (last digit +-1, or 1e-20 relative for those stored to ~21 digits)', () => {
    for (const [x, a] of EXP_TABLE_20) {
      const exact = expHighPrecision(x, 10n ** 20n) / 10n ** 40n; // 20 decimals
      const diff = a > exact ? a - exact : exact - a;
      expect(diff <= 1n || Number(diff) / Number(exact) < 1e-20).toBe(true);
    }
    for (const [x, a] of EXP_TABLE_BIG) {
      const exact = expHighPrecision(x / ONE, 1n) / 10n ** 60n; // no decimals
      expect(Math.abs(Number(a - exact) / Number(exact))).toBeLessThan(1e-20);
    }
  });

  it('exp, ln and pow agree with float math (pow to 1e-14 relative, ln to 1e-15 absolute) on random inputs', () => {
    expect(exp(ONE)).toBe(2718281828459045235n);
    expect(ln(ONE)).toBe(0n);
    const rng = new Rng(51);
    for (let k = 0; k < 500; k++) {
      const x = 0.01 + 100 * rng.nextFloat();
      const y = 0.01 + 4 * rng.nextFloat();
      const got = Number(pow(toFixed18(x), toFixed18(y))) / 1e18;
      const want = Math.pow(Number(toFixed18(x)) / 1e18, Number(toFixed18(y)) / 1e18);
      expect(Math.abs(got / want - 1)).toBeLessThan(1e-14 + 1e-18 / want);
      const lnx = Number(ln(toFixed18(x))) / 1e18;
      expect(Math.abs(lnx - Math.log(Number(toFixed18(x)) / 1e18))).toBeLessThan(1e-15);
    }
  });

  it('powDown <= x^y <= powUp, with the 1e-14 margin', () => {
    const rng = new Rng(52);
    for (let k = 0; k < 300; k++) {
      const x = toFixed18(0.5 + rng.nextFloat());
      const y = toFixed18(0.05 + 3 * rng.nextFloat());
      const want = Math.pow(Number(x) / 1e18, Number(y) / 1e18);
      const lo = Number(powDown(x, y)) / 1e18, hi = Number(powUp(x, y)) / 1e18;
      expect(lo).toBeLessThanOrEqual(want * (1 + 2e-16));
      expect(hi).toBeGreaterThanOrEqual(want * (1 - 2e-16));
      expect(hi / lo - 1).toBeLessThan(3e-14);
    }
  });
});

describe('weighted pool properties', () => {
  const rng = new Rng(53);
  const randomPool = () => {
    const w = 0.02 + 0.96 * rng.nextFloat();
    return WeightedPool.fromFractions({
      balances: [randomAmount(rng, 20, 27), randomAmount(rng, 20, 27)],
      weights: [w, 1 - w],
      fee: [0.0001, 0.003, 0.01, 0.05][rng.nextBelow(4)],
    });
  };

  it('every swap raises the invariant (fees stay in the pool) and a round trip never profits', () => {
    for (let k = 0; k < 150; k++) {
      const pool = randomPool();
      const i = rng.nextBelow(2), o = 1 - i;
      const amount = pool.balances[i] / BigInt(5 + rng.nextBelow(10_000));
      const v0 = pool.invariant();
      const there = pool.swapGivenIn(i, o, amount);
      const v1 = pool.invariant();
      expect(v1).toBeGreaterThan(v0);
      const back = pool.quoteGivenIn(o, i, there.amountOut).amountOut;
      expect(back).toBeLessThan(amount);
    }
  });

  it('buying back the output of an exact input costs about that input: differences within the pow margin of the balance', () => {
    for (let k = 0; k < 150; k++) {
      const pool = randomPool();
      const amount = pool.balances[0] / BigInt(5 + rng.nextBelow(10_000));
      const out = pool.quoteGivenIn(0, 1, amount).amountOut;
      if (out === 0n) continue;
      const cost = pool.quoteGivenOut(0, 1, out).amountIn;
      // powUp moves a power near 1 by 1e-14, i.e. an amount by 1e-14 of the balance, not of the
      // trade; the output side's margin is converted to token 0 at the weight-adjusted price.
      const [w0, w1] = pool.getNormalizedWeights();
      const margin = (pool.balances[0] * 3n * (w0 + w1)) / w0 / 10n ** 14n + 2n;
      expect(cost - amount).toBeLessThanOrEqual(margin);
      expect(amount - cost).toBeLessThanOrEqual(margin);
    }
  });

  it('Float64 formulas track the fixed-point pool within 2e-14 of the balance (the pow margin), float never below exact output', () => {
    let worst = 0;
    for (let k = 0; k < 300; k++) {
      const pool = randomPool();
      const w = pool.getNormalizedWeights().map((x) => Number(x) / 1e18);
      const fee = Number(pool.swapFeePercentage) / 1e18;
      const [b0, b1] = pool.balances.map(Number);
      const amount = pool.balances[0] / BigInt(5 + rng.nextBelow(100_000));
      const exact = Number(pool.quoteGivenIn(0, 1, amount).amountOut);
      const fast = outGivenInFloat(b0, w[0], b1, w[1], Number(amount), fee);
      expect(fast).toBeGreaterThanOrEqual(exact * (1 - 1e-15));
      worst = Math.max(worst, Math.abs(fast - exact) / b1);
      const out = pool.balances[1] / BigInt(5 + rng.nextBelow(100_000));
      const exactIn = Number(pool.quoteGivenOut(0, 1, out).amountIn);
      const fastIn = inGivenOutFloat(b0, w[0], b1, w[1], Number(out), fee);
      expect(fastIn).toBeLessThanOrEqual(exactIn * (1 + 1e-15));
      worst = Math.max(worst, Math.abs(fastIn - exactIn) / b0);
    }
    expect(worst).toBeLessThan(2e-14);
  });

  it('fixed point is exact for the 2x and 4x exponents (no pow margin): calcOutGivenIn matches the rational formula', () => {
    // 80/20 into the 80% side: exponent 4, computed with mulUp squares.
    const out = calcOutGivenIn(1000n * E18, 8n * 10n ** 17n, 1000n * E18, 2n * 10n ** 17n, 10n * E18);
    const exact = 1000 * (1 - (1000 / 1010) ** 4);
    expect(Math.abs(Number(out) / 1e18 - exact)).toBeLessThan(1e-12);
  });
});

describe('liquidity bootstrapping pool', () => {
  const make = () =>
    new LiquidityBootstrappingPool({
      balances: [1_000_000n * E18, 1_000_000n * E18],
      weights: normalizeWeights([0.9, 0.1]),
      swapFeePercentage: toFixed18(0.01),
      now: 1000,
    });

  it('weights move linearly from the current ones to the end weights between start and end', () => {
    const pool = make();
    pool.updateWeightsGradually(2000, 12_000, normalizeWeights([0.3, 0.7]));
    pool.now = 1500;
    expect(pool.getNormalizedWeights()).toEqual(normalizeWeights([0.9, 0.1]));
    pool.now = 7000; // halfway
    expect(pool.getNormalizedWeights()).toEqual([6n * 10n ** 17n, 4n * 10n ** 17n]);
    pool.now = 4500; // a quarter
    expect(pool.getNormalizedWeights()).toEqual([75n * 10n ** 16n, 25n * 10n ** 16n]);
    pool.now = 20_000;
    expect(pool.getNormalizedWeights()).toEqual(normalizeWeights([0.3, 0.7]));
  });

  it('the price of the sold token falls with time when nobody trades (price discovery)', () => {
    const pool = make();
    pool.updateWeightsGradually(1000, 1000 + 3 * 86_400, normalizeWeights([0.3, 0.7]));
    let last = Infinity;
    for (let t = 1000; t <= 1000 + 3 * 86_400; t += 3600) {
      pool.now = t;
      const p = pool.spotPrice(1, 0); // token0 priced in token1
      expect(p).toBeLessThanOrEqual(last);
      last = p;
    }
    // From 0.9/0.1 to 0.3/0.7 at equal balances: (0.9/0.1) / (0.3/0.7) = 21 times cheaper.
    pool.now = 1000;
    const start = pool.spotPrice(1, 0);
    pool.now = 1e9;
    expect(start / pool.spotPrice(1, 0)).toBeCloseTo(21, 10);
  });

  it('a start in the past starts now; an end before the start, bad end weights and disabled swaps are refused', () => {
    const pool = make();
    pool.updateWeightsGradually(0, 11_000, normalizeWeights([0.5, 0.5]));
    pool.now = 6000; // halfway from now=1000
    expect(pool.getNormalizedWeights()[0]).toBe(7n * 10n ** 17n);
    expect(limitOf(() => pool.updateWeightsGradually(9000, 8000, normalizeWeights([0.5, 0.5])))).toBe('GRADUAL_UPDATE_TIME_TRAVEL BAL#326');
    expect(limitOf(() => pool.updateWeightsGradually(9000, 10_000, [ONE - 10n ** 15n, 10n ** 15n]))).toBe('MIN_WEIGHT BAL#302');
    pool.swapEnabled = false;
    expect(limitOf(() => pool.quoteGivenIn(0, 1, E18))).toBe('SWAPS_DISABLED BAL#327');
  });
});
