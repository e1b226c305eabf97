/**
 * v3 math libraries: exact boundary values, the contract constants checked against independent
 * high-precision arithmetic, the tick bitmap against a naive reference, and random cross-checks of
 * every function against @uniswap/v3-sdk (test-only oracle).
 */
import {
  Pool as SdkPool,
  Position as SdkPosition,
  SqrtPriceMath as SdkSqrtPriceMath,
  SwapMath as SdkSwapMath,
  TickList,
  TickMath as SdkTickMath,
  Tick as SdkTick,
  maxLiquidityForAmounts,
} from '@uniswap/v3-sdk';
import { describe, expect, it } from 'vitest';
import { ChainMathError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { TOKEN0, TOKEN1, big, jsbi } from '../test-support/sdk-oracle.js';
import { randomAmount, randomBelow } from '../test-support/v3-fuzz.js';
import { MAX_UINT128, MAX_UINT160, MAX_UINT256, divRoundingUp, mulDiv, mulDivRoundingUp } from './full-math.js';
import { addDelta } from './liquidity-math.js';
import { encodeSqrtRatioX96, getAmountsForLiquidity, getLiquidityForAmounts, mintAmounts, sqrtBigint } from './liquidity-amounts.js';
import {
  getAmount0Delta,
  getAmount1Delta,
  getNextSqrtPriceFromInput,
  getNextSqrtPriceFromOutput,
} from './sqrt-price-math.js';
import { computeSwapStep } from './swap-math.js';
import { TickBitmap, leastSignificantBit, mostSignificantBit } from './tick-bitmap.js';
import {
  MAX_SQRT_RATIO,
  MAX_TICK,
  MIN_SQRT_RATIO,
  MIN_TICK,
  TICK_BIT_FACTORS,
  getSqrtRatioAtTick,
  getTickAtSqrtRatio,
} from './tick-math.js';

/** The revert reason of `f`, or 'no revert'. */
export function reasonOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof ChainMathError) return e.reason;
    throw e;
  }
  return 'no revert';
}

describe('FullMath', () => {
  it('mulDiv is exact past 256-bit products and reverts on a zero denominator or a result over 2^256', () => {
    expect(mulDiv(MAX_UINT256, MAX_UINT256, MAX_UINT256)).toBe(MAX_UINT256);
    expect(mulDiv(1n << 255n, 6n, 12n)).toBe(1n << 254n);
    expect(reasonOf(() => mulDiv(1n << 255n, 4n, 2n))).toBe('');
    expect(reasonOf(() => mulDiv(1n, 1n, 0n))).toBe('');
  });

  it('mulDivRoundingUp adds one only when there is a remainder, and refuses to pass 2^256 - 1', () => {
    expect(mulDivRoundingUp(7n, 3n, 7n)).toBe(3n);
    expect(mulDivRoundingUp(7n, 3n, 6n)).toBe(4n);
    expect(mulDivRoundingUp(MAX_UINT256, MAX_UINT256, MAX_UINT256)).toBe(MAX_UINT256);
    // floor = 2^256 - 1 with a remainder: the increment would overflow.
    expect(reasonOf(() => mulDivRoundingUp(MAX_UINT256, MAX_UINT256 - 1n, MAX_UINT256 - 2n))).toBe('');
  });

  it("divRoundingUp returns 0 for a zero divisor, like the EVM's div", () => {
    expect(divRoundingUp(10n, 0n)).toBe(0n);
    expect(divRoundingUp(10n, 3n)).toBe(4n);
    expect(divRoundingUp(9n, 3n)).toBe(3n);
  });
});

describe('LiquidityMath.addDelta', () => {
  it("reverts 'LS' below zero and 'LA' above uint128", () => {
    expect(addDelta(5n, -5n)).toBe(0n);
    expect(reasonOf(() => addDelta(5n, -6n))).toBe('LS');
    expect(reasonOf(() => addDelta(MAX_UINT128, 1n))).toBe('LA');
    expect(addDelta(MAX_UINT128 - 1n, 1n)).toBe(MAX_UINT128);
  });
});

describe('TickMath', () => {
  it('maps the tick bounds to the price bounds and rejects ticks beyond them with T', () => {
    expect(getSqrtRatioAtTick(MIN_TICK)).toBe(MIN_SQRT_RATIO);
    expect(getSqrtRatioAtTick(MAX_TICK)).toBe(MAX_SQRT_RATIO);
    expect(getSqrtRatioAtTick(0)).toBe(1n << 96n);
    expect(reasonOf(() => getSqrtRatioAtTick(MAX_TICK + 1))).toBe('T');
    expect(reasonOf(() => getSqrtRatioAtTick(MIN_TICK - 1))).toBe('T');
  });

  it('inverts at the edges and rejects prices outside [MIN, MAX) with R', () => {
    expect(getTickAtSqrtRatio(MIN_SQRT_RATIO)).toBe(MIN_TICK);
    expect(getTickAtSqrtRatio(MAX_SQRT_RATIO - 1n)).toBe(MAX_TICK - 1);
    expect(reasonOf(() => getTickAtSqrtRatio(MAX_SQRT_RATIO))).toBe('R');
    expect(reasonOf(() => getTickAtSqrtRatio(MIN_SQRT_RATIO - 1n))).toBe('R');
  });

  it('bit factors equal 2^128 / 1.0001^(2^i / 2) computed independently with 256 fractional bits (within 2 units)', () => {
    const one = 1n << 256n;
    // 1 / sqrt(1.0001) with 256 fractional bits.
    let f = (one * one) / sqrtBigint((10001n * one * one) / 10000n);
    for (let i = 0; i < TICK_BIT_FACTORS.length; i++) {
      const exact = f >> 128n;
      const diff = TICK_BIT_FACTORS[i] - exact;
      expect(diff < 0n ? -diff : diff).toBeLessThanOrEqual(2n);
      f = (f * f) / one;
    }
  });

  it('round-trips: the tick of a tick boundary is that tick, one unit below it is the tick before', () => {
    const rng = new Rng(7);
    for (let k = 0; k < 400; k++) {
      const t = MIN_TICK + 1 + rng.nextBelow(MAX_TICK - MIN_TICK - 1);
      const s = getSqrtRatioAtTick(t);
      expect(getTickAtSqrtRatio(s)).toBe(t);
      expect(getTickAtSqrtRatio(s - 1n)).toBe(t - 1);
    }
  });

  it('agrees with the SDK on 2,000 random ticks and prices', () => {
    const rng = new Rng(8);
    for (let k = 0; k < 1000; k++) {
      const t = MIN_TICK + rng.nextBelow(MAX_TICK - MIN_TICK + 1);
      expect(getSqrtRatioAtTick(t)).toBe(big(SdkTickMath.getSqrtRatioAtTick(t)));
      const s = MIN_SQRT_RATIO + randomBelow(rng, MAX_SQRT_RATIO - MIN_SQRT_RATIO);
      expect(getTickAtSqrtRatio(s)).toBe(SdkTickMath.getTickAtSqrtRatio(jsbi(s)));
    }
  });
});

describe('BitMath and TickBitmap', () => {
  it('finds the most and least significant bits', () => {
    expect(mostSignificantBit(1n)).toBe(0);
    expect(mostSignificantBit(MAX_UINT256)).toBe(255);
    expect(leastSignificantBit(1n << 255n)).toBe(255);
    expect(leastSignificantBit(0b101000n)).toBe(3);
    expect(reasonOf(() => mostSignificantBit(0n))).toBe('');
  });

  // Spacing 1; words hold ticks [256k, 256k + 255].
  const bitmap = new TickBitmap();
  for (const t of [-200, -55, -4, 70, 78, 84, 139, 240, 535]) bitmap.flipTick(t, 1);

  it.each([
    // [tick, lte, next, initialized]
    [78, false, 84, true], // strictly above, even when on an initialized tick
    [77, false, 78, true],
    [-56, false, -55, true],
    [255, false, 511, false], // next word (256..511) is empty: stop at its edge
    [240, false, 255, false], // nothing above in this word: stop at the word's edge
    [-257, false, -200, true],
    [78, true, 78, true], // at or below
    [79, true, 78, true],
    [258, true, 256, false], // word start when nothing at or below in the word
    [-1, true, -4, true],
    [-300, true, -512, false],
  ] as const)('from %i (lte %s) the next tick is %i (initialized %s)', (tick, lte, next, initialized) => {
    expect(bitmap.nextInitializedTickWithinOneWord(tick, 1, lte)).toEqual({ next, initialized });
  });

  it('rounds negative ticks toward negative infinity before compressing (spacing 60)', () => {
    const b = new TickBitmap();
    b.flipTick(-120, 60);
    b.flipTick(18000, 60);
    expect(b.nextInitializedTickWithinOneWord(-61, 60, true)).toEqual({ next: -120, initialized: true });
    expect(b.nextInitializedTickWithinOneWord(-121, 60, false)).toEqual({ next: -120, initialized: true });
    expect(b.nextInitializedTickWithinOneWord(0, 60, false)).toEqual({ next: 15300, initialized: false });
    expect(reasonOf(() => b.flipTick(61, 60))).toBe('');
  });

  it('matches the SDK tick list (which reproduces the word edges) on random sets', () => {
    const rng = new Rng(9);
    for (const spacing of [1, 10, 60, 200]) {
      for (let trial = 0; trial < 20; trial++) {
        const b = new TickBitmap();
        const set = new Set<number>();
        const n = 1 + rng.nextBelow(12);
        while (set.size < n) set.add((rng.nextBelow(4001) - 2000) * spacing);
        for (const t of set) b.flipTick(t, spacing);
        const sorted = [...set].sort((x, y) => x - y);
        const list = sorted.map((index) => new SdkTick({ index, liquidityGross: 1, liquidityNet: 0 }));
        for (let q = 0; q < 50; q++) {
          const tick = rng.nextBelow(6001 * spacing) - 3000 * spacing;
          for (const lte of [true, false]) {
            const ours = b.nextInitializedTickWithinOneWord(tick, spacing, lte);
            const [next, initialized] = TickList.nextInitializedTickWithinOneWord(list, tick, lte, spacing);
            expect([ours.next, ours.initialized]).toEqual([next, initialized]);
          }
        }
        // Flipping twice clears the bit and drops empty words.
        for (const t of set) b.flipTick(t, spacing);
        expect(b.words.size).toBe(0);
      }
    }
  });
});

describe('SqrtPriceMath and SwapMath against the SDK', () => {
  const rng = new Rng(10);
  const randomSqrt = () => MIN_SQRT_RATIO + randomBelow(rng, MAX_SQRT_RATIO - MIN_SQRT_RATIO);
  const randomLiquidity = () => randomAmount(rng, 1, 38) % (MAX_UINT128 + 1n);

  /**
   * Runs both sides; both must return the same value or both must throw. One exception: the SDK
   * does not apply the contract's uint160 cast check to a price pushed past 2^160 by token1 input
   * (it returns the too-large value), where the contract reverts.
   */
  function same(ours: () => bigint, sdk: () => { toString(): string }): void {
    let a: bigint | string, b: bigint | string;
    try {
      a = ours();
    } catch {
      a = 'threw';
    }
    try {
      b = big(sdk());
    } catch {
      b = 'threw';
    }
    if (a === 'threw' && typeof b === 'bigint' && b > MAX_UINT160) return;
    expect(a).toBe(b);
  }

  it('amount deltas in both rounding directions (2,000 random cases)', () => {
    for (let k = 0; k < 1000; k++) {
      const a = randomSqrt(), b = randomSqrt(), l = randomLiquidity();
      for (const up of [true, false]) {
        same(() => getAmount0Delta(a, b, l, up), () => SdkSqrtPriceMath.getAmount0Delta(jsbi(a), jsbi(b), jsbi(l), up));
        same(() => getAmount1Delta(a, b, l, up), () => SdkSqrtPriceMath.getAmount1Delta(jsbi(a), jsbi(b), jsbi(l), up));
      }
    }
  });

  it('next price from input and output, including the overflow fallbacks (4,000 random cases)', () => {
    for (let k = 0; k < 1000; k++) {
      const s = randomSqrt(), l = randomLiquidity() || 1n, amt = randomAmount(rng, 1, 45);
      for (const z of [true, false]) {
        same(() => getNextSqrtPriceFromInput(s, l, amt, z), () => SdkSqrtPriceMath.getNextSqrtPriceFromInput(jsbi(s), jsbi(l), jsbi(amt), z));
        same(() => getNextSqrtPriceFromOutput(s, l, amt, z), () => SdkSqrtPriceMath.getNextSqrtPriceFromOutput(jsbi(s), jsbi(l), jsbi(amt), z));
      }
    }
  });

  it('computeSwapStep, exact in and exact out, every fee tier (3,000 random cases)', () => {
    for (let k = 0; k < 3000; k++) {
      const cur = randomSqrt();
      // Targets near the price as often as far from it.
      const target = rng.nextFloat() < 0.5 ? randomSqrt() : cur + (randomBelow(rng, cur / 1000n + 2n) - cur / 2000n - 1n);
      const t = target < MIN_SQRT_RATIO ? MIN_SQRT_RATIO : target >= MAX_SQRT_RATIO ? MAX_SQRT_RATIO - 1n : target;
      const l = randomLiquidity();
      const amt = randomAmount(rng, 1, 32) * (rng.nextFloat() < 0.5 ? 1n : -1n);
      const fee = [100, 500, 3000, 10000, 0, 999_999][rng.nextBelow(6)];
      let ours: bigint[] | string, theirs: bigint[] | string;
      try {
        const r = computeSwapStep(cur, t, l, amt, fee);
        ours = [r.sqrtRatioNextX96, r.amountIn, r.amountOut, r.feeAmount];
      } catch {
        ours = 'threw';
      }
      try {
        theirs = SdkSwapMath.computeSwapStep(jsbi(cur), jsbi(t), jsbi(l), jsbi(amt), fee).map(big);
      } catch {
        theirs = 'threw';
      }
      expect(ours).toEqual(theirs);
    }
  });

  it('an exact-input step that stops short turns the unused remainder into fee (no wei lost)', () => {
    const s = 1n << 96n;
    const r = computeSwapStep(s, getSqrtRatioAtTick(-1000), 10n ** 18n, 1000n, 3000);
    expect(r.sqrtRatioNextX96).not.toBe(getSqrtRatioAtTick(-1000));
    expect(r.amountIn + r.feeAmount).toBe(1000n);
  });
});

describe('LiquidityAmounts', () => {
  it('matches the SDK maxLiquidityForAmounts with and without full precision (1,000 random cases)', () => {
    const rng = new Rng(11);
    for (let k = 0; k < 500; k++) {
      const ticks = [rng.nextBelow(400_001) - 200_000, rng.nextBelow(400_001) - 200_000, rng.nextBelow(400_001) - 200_000].sort((a, b) => a - b);
      if (ticks[0] === ticks[2]) continue;
      const [a, p, b] = [getSqrtRatioAtTick(ticks[0]), getSqrtRatioAtTick(ticks[1]), getSqrtRatioAtTick(ticks[2])];
      const price = rng.nextFloat() < 0.2 ? (rng.nextFloat() < 0.5 ? a - 1n : b + 1n) : p;
      const x = randomAmount(rng, 1, 25), y = randomAmount(rng, 1, 25);
      for (const precise of [false, true]) {
        let ours: bigint | string;
        try {
          ours = getLiquidityForAmounts(price, a, b, x, y, precise);
        } catch {
          ours = 'threw';
        }
        const theirs = big(maxLiquidityForAmounts(jsbi(price), jsbi(a), jsbi(b), jsbi(x), jsbi(y), precise));
        // The periphery reverts when L does not fit in uint128; the SDK returns it anyway.
        if (ours === 'threw') expect(theirs > MAX_UINT128).toBe(true);
        else expect(ours).toBe(theirs);
      }
    }
  });

  it('position amounts (rounded down) and mint amounts (rounded up) match SDK Position (600 random cases)', () => {
    const rng = new Rng(12);
    for (let k = 0; k < 300; k++) {
      const spacing = 60;
      const t = rng.nextBelow(600_001) - 300_000;
      const sqrt = getSqrtRatioAtTick(t) + randomBelow(rng, getSqrtRatioAtTick(t + 1) - getSqrtRatioAtTick(t));
      const tick = getTickAtSqrtRatio(sqrt);
      const lower = Math.floor((t + rng.nextBelow(40_001) - 20_000) / spacing) * spacing;
      const upper = lower + spacing * (1 + rng.nextBelow(500));
      const l = randomAmount(rng, 1, 30);
      const pool = new SdkPool(TOKEN0, TOKEN1, 3000, jsbi(sqrt), jsbi(0n), tick);
      const position = new SdkPosition({ pool, liquidity: jsbi(l), tickLower: lower, tickUpper: upper });
      const down = getAmountsForLiquidity(sqrt, tick, lower, upper, l);
      expect([down.amount0, down.amount1]).toEqual([big(position.amount0.quotient), big(position.amount1.quotient)]);
      const up = mintAmounts(sqrt, tick, lower, upper, l);
      const sdkUp = position.mintAmounts;
      expect([up.amount0, up.amount1]).toEqual([big(sdkUp.amount0), big(sdkUp.amount1)]);
    }
  });

  it('encodes a price ratio as the SDK does', () => {
    expect(encodeSqrtRatioX96(1n, 1n)).toBe(1n << 96n);
    expect(encodeSqrtRatioX96(100_000_000n, 10n ** 20n)).toBe(79228162514264337593543n);
    expect(sqrtBigint(10n ** 40n)).toBe(10n ** 20n);
    expect(sqrtBigint(10n ** 40n - 1n)).toBe(10n ** 20n - 1n);
  });
});
