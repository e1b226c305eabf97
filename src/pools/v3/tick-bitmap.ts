/**
 * Packed record of initialized ticks, a port of v3-core `TickBitmap.sol` and `BitMath.sol`.
 *
 * Ticks are compressed by the tick spacing and stored one bit each in 256-bit words. The swap loop
 * asks for the next initialized tick *within the current word*; when there is none it gets the
 * word's edge and takes a step to it. Each step rounds its amounts, so the word edges change the
 * result by a few wei and must be reproduced exactly.
 */
import { revert } from './full-math.js';

/** Index of the most significant set bit of x > 0 (BitMath.mostSignificantBit). */
export function mostSignificantBit(x: bigint): number {
  if (x <= 0n) revert('BitMath.mostSignificantBit: x must be positive');
  let r = 0;
  for (let shift = 128; shift >= 1; shift >>= 1) {
    const s = BigInt(shift);
    if (x >= 1n << s) {
      x >>= s;
      r += shift;
    }
  }
  return r;
}

/** Index of the least significant set bit of x > 0 (BitMath.leastSignificantBit). */
export function leastSignificantBit(x: bigint): number {
  if (x <= 0n) revert('BitMath.leastSignificantBit: x must be positive');
  return mostSignificantBit(x & -x);
}

export interface NextTick {
  /** The next initialized tick, or the word's edge when `initialized` is false. */
  next: number;
  initialized: boolean;
}

const WORD_MASK = (1n << 256n) - 1n;

export class TickBitmap {
  /** Word position (compressed tick >> 8) -> 256-bit word. Words that return to zero are deleted. */
  readonly words = new Map<number, bigint>();

  /** Flips the bit of `tick` (TickBitmap.flipTick); reverts when the tick is not a multiple of the spacing. */
  flipTick(tick: number, tickSpacing: number): void {
    if (tick % tickSpacing !== 0) revert(`TickBitmap.flipTick: tick ${tick} is not a multiple of the spacing ${tickSpacing}`);
    const compressed = Math.trunc(tick / tickSpacing);
    const wordPos = compressed >> 8;
    const bitPos = BigInt(compressed & 255);
    const word = (this.words.get(wordPos) ?? 0n) ^ (1n << bitPos);
    if (word === 0n) this.words.delete(wordPos);
    else this.words.set(wordPos, word);
  }

  isInitialized(tick: number, tickSpacing: number): boolean {
    if (tick % tickSpacing !== 0) return false;
    const compressed = tick / tickSpacing;
    const word = this.words.get(compressed >> 8) ?? 0n;
    return ((word >> BigInt(compressed & 255)) & 1n) === 1n;
  }

  /**
   * TickBitmap.nextInitializedTickWithinOneWord. With `lte` it searches at or below `tick` (the
   * price moving down, zeroForOne) within the word of the compressed tick; otherwise strictly above,
   * within the word of compressed + 1. The compressed tick rounds toward negative infinity.
   */
  nextInitializedTickWithinOneWord(tick: number, tickSpacing: number, lte: boolean): NextTick {
    let compressed = Math.trunc(tick / tickSpacing);
    if (tick < 0 && tick % tickSpacing !== 0) compressed--;
    if (lte) {
      const wordPos = compressed >> 8;
      const bitPos = compressed & 255;
      // All bits at or to the right of bitPos.
      const mask = (1n << BigInt(bitPos + 1)) - 1n;
      const masked = (this.words.get(wordPos) ?? 0n) & mask;
      const initialized = masked !== 0n;
      const next = initialized
        ? (compressed - (bitPos - mostSignificantBit(masked))) * tickSpacing
        : (compressed - bitPos) * tickSpacing;
      return { next, initialized };
    }
    const c1 = compressed + 1;
    const wordPos = c1 >> 8;
    const bitPos = c1 & 255;
    // All bits at or to the left of bitPos.
    const mask = WORD_MASK ^ ((1n << BigInt(bitPos)) - 1n);
    const masked = (this.words.get(wordPos) ?? 0n) & mask;
    const initialized = masked !== 0n;
    const next = initialized
      ? (c1 + (leastSignificantBit(masked) - bitPos)) * tickSpacing
      : (c1 + (255 - bitPos)) * tickSpacing;
    return { next, initialized };
  }

  clone(): TickBitmap {
    const copy = new TickBitmap();
    for (const [k, v] of this.words) copy.words.set(k, v);
    return copy;
  }
}
