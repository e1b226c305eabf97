/**
 * Random v3 pools and swaps for the SDK cross-check (test-only). Every draw comes from the seeded
 * Rng, so a failing case is reproduced by its seed and index.
 */
import type { Rng } from '../../core/rng.js';
import { V3Pool } from '../v3/pool.js';
import { MAX_SQRT_RATIO, MAX_TICK, MIN_SQRT_RATIO, MIN_TICK, getSqrtRatioAtTick } from '../v3/tick-math.js';

export const TIERS: readonly { fee: number; spacing: number }[] = [
  { fee: 100, spacing: 1 },
  { fee: 500, spacing: 10 },
  { fee: 3000, spacing: 60 },
  { fee: 10000, spacing: 200 },
];

/** Uniform random bigint in [0, bound) (bound < 2^160), from 32-bit draws with rejection-free modulo (bias < 2^-60). */
export function randomBelow(rng: Rng, bound: bigint): bigint {
  let x = 0n;
  for (let i = 0; i < 7; i++) x = (x << 32n) | BigInt(rng.nextUint32());
  return x % bound;
}

/** A random integer with a uniformly drawn number of decimal digits in [minDigits, maxDigits]: log-uniform in size. */
export function randomAmount(rng: Rng, minDigits: number, maxDigits: number): bigint {
  const digits = minDigits + rng.nextBelow(maxDigits - minDigits + 1);
  const lo = digits === 1 ? 1n : 10n ** BigInt(digits - 1);
  return lo + randomBelow(rng, 10n ** BigInt(digits) - lo);
}

export function uniform(rng: Rng, a: number, b: number): number {
  return a + (b - a) * rng.nextFloat();
}

/** A price strictly inside tick `t`'s interval [sqrt(t), sqrt(t+1)). */
export function sqrtInsideTick(rng: Rng, t: number): bigint {
  const a = getSqrtRatioAtTick(t);
  const b = getSqrtRatioAtTick(t + 1);
  return a + randomBelow(rng, b - a);
}

export type CaseKind = 'general' | 'onTick' | 'sparse' | 'nearMin' | 'nearMax' | 'exhaust';

export interface PositionSpec {
  lower: number;
  upper: number;
  liquidity: bigint;
}

export interface FuzzCase {
  kind: CaseKind;
  pool: V3Pool;
  positions: PositionSpec[];
}

const floorTo = (t: number, s: number) => Math.floor(t / s) * s;

/** Builds a random pool of the given kind: 1-5 positions minted into a freshly initialized pool. */
export function randomCase(rng: Rng, kind: CaseKind, liquidityDigits?: [number, number]): FuzzCase {
  // Sparse ticks need spacing 1. Draining the whole curve from mid-range at spacing 1 walks ~3,500
  // bitmap words (slow in the SDK), so the exhaustion group uses the wider spacings; the near-MIN
  // and near-MAX groups drain the curve at every spacing.
  const tier = kind === 'sparse' ? TIERS[0] : kind === 'exhaust' ? TIERS[1 + rng.nextBelow(3)] : TIERS[rng.nextBelow(TIERS.length)];
  const s = tier.spacing;
  const minUsable = Math.ceil(MIN_TICK / s) * s;
  const maxUsable = Math.floor(MAX_TICK / s) * s;
  let startTick: number;
  if (kind === 'nearMin') startTick = MIN_TICK + rng.nextBelow(4000);
  else if (kind === 'nearMax') startTick = MAX_TICK - 1 - rng.nextBelow(4000);
  else startTick = Math.round(uniform(rng, -250_000, 250_000));

  const count = 1 + rng.nextBelow(5);
  const positions: PositionSpec[] = [];
  for (let i = 0; i < count; i++) {
    let lower: number, upper: number;
    if (kind !== 'sparse' && rng.nextFloat() < 0.2) {
      lower = minUsable;
      upper = maxUsable;
    } else {
      const widthTicks = kind === 'sparse' ? 1 + rng.nextBelow(20) : Math.ceil(10 ** uniform(rng, 0, 4.7));
      const width = Math.max(s, floorTo(widthTicks, s) || s);
      const reach = kind === 'sparse' ? 10_000 : 10 ** uniform(rng, 0, 5);
      const center = startTick + Math.round(uniform(rng, -reach, reach));
      lower = floorTo(center - width / 2, s);
      lower = Math.min(Math.max(lower, minUsable), maxUsable - s);
      upper = Math.min(lower + width, maxUsable);
    }
    const digits = liquidityDigits ?? (kind === 'exhaust' ? [3, 12] : [4, 27]);
    positions.push({ lower, upper, liquidity: randomAmount(rng, digits[0], digits[1]) });
  }

  let sqrt = sqrtInsideTick(rng, startTick);
  if (kind === 'onTick') {
    // The price sits exactly on a position's boundary (MAX_TICK itself is not a valid price).
    const p = positions[rng.nextBelow(positions.length)];
    const t = rng.nextFloat() < 0.5 || p.upper >= MAX_TICK ? p.lower : p.upper;
    sqrt = getSqrtRatioAtTick(t);
  }
  const pool = new V3Pool({ fee: tier.fee, tickSpacing: s, sqrtPriceX96: sqrt });
  // Keep the sum at any tick below the per-tick cap.
  const cap = pool.maxLiquidityPerTick / 8n;
  for (const p of positions) {
    if (p.liquidity > cap) p.liquidity = cap;
    pool.mint('lp', p.lower, p.upper, p.liquidity);
  }
  return { kind, pool, positions };
}

export interface SwapSpec {
  zeroForOne: boolean;
  /** > 0 exact input, < 0 exact output. */
  amountSpecified: bigint;
  limit: bigint | undefined;
}

/** A random swap valid at the pool's current price (direction flipped when the price sits at an end). */
export function randomSwap(rng: Rng, pool: V3Pool, kind: CaseKind): SwapSpec {
  let zeroForOne = rng.nextFloat() < 0.5;
  if (kind === 'nearMin') zeroForOne = rng.nextFloat() < 0.8;
  if (kind === 'nearMax') zeroForOne = rng.nextFloat() < 0.2;
  const p = pool.sqrtPriceX96;
  if (zeroForOne && p <= MIN_SQRT_RATIO + 1n) zeroForOne = false;
  if (!zeroForOne && p >= MAX_SQRT_RATIO - 1n) zeroForOne = true;
  const exactIn = rng.nextFloat() < 0.5;
  const amount = randomAmount(rng, kind === 'exhaust' ? 12 : 1, 30);
  let limit: bigint | undefined;
  // Without a limit a swap that outruns the liquidity walks every bitmap word to the end of the
  // curve (~3,500 words at spacing 1, slow in the SDK), so the spacing-1 groups mostly set one.
  const limitProbability = kind === 'exhaust' ? 0 : kind === 'sparse' ? 0.9 : kind === 'onTick' ? 0.75 : 0.5;
  if (rng.nextFloat() < limitProbability) {
    const d = Math.ceil(10 ** uniform(rng, 0, kind === 'sparse' ? 4.5 : 5.5));
    const t = zeroForOne ? Math.max(pool.tick - d, MIN_TICK) : Math.min(pool.tick + d, MAX_TICK - 1);
    limit = sqrtInsideTick(rng, t);
    if (rng.nextFloat() < 0.2) limit = getSqrtRatioAtTick(t); // exactly on a tick boundary
    // Keep it valid: strictly beyond the price in the swap direction and inside the curve.
    if (zeroForOne) {
      if (limit >= p) limit = p - 1n;
      if (limit <= MIN_SQRT_RATIO) limit = MIN_SQRT_RATIO + 1n;
    } else {
      if (limit <= p) limit = p + 1n;
      if (limit >= MAX_SQRT_RATIO) limit = MAX_SQRT_RATIO - 1n;
    }
  }
  return { zeroForOne, amountSpecified: exactIn ? amount : -amount, limit };
}
