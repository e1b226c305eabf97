/**
 * Seeded pseudo-random numbers: xoshiro128** (Blackman and Vigna), 32-bit output, period 2^128 - 1.
 *
 * Written by hand because it sits in the innermost loop of every Monte Carlo run: the state lives
 * in an Int32Array so V8 keeps it unboxed, and every operation is a 32-bit integer op (Math.imul,
 * shifts) that the JIT compiles to one machine instruction. 64-bit generators would need BigInt,
 * which allocates.
 *
 * Streams: `Rng.stream(seed, k)` derives the 128-bit state of stream k from (seed, k) through
 * splitmix64, so that block k of a Monte Carlo run draws the same numbers whichever worker thread
 * runs it. Nothing in Keel calls Math.random.
 */

const MASK64 = (1n << 64n) - 1n;

/** splitmix64 step on a BigInt state; used only for seeding, never in a hot loop. */
function splitmix64(state: bigint): [bigint, bigint] {
  const next = (state + 0x9e3779b97f4a7c15n) & MASK64;
  let z = next;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [next, z ^ (z >> 31n)];
}

export class Rng {
  /** xoshiro128** state, four 32-bit words. */
  private readonly s = new Int32Array(4);

  /**
   * The live state array, for generators that inline the xoshiro128** step in their own loop
   * (NormalSampler.fill) and must read and write it back. Everyone else calls the methods.
   */
  get state(): Int32Array {
    return this.s;
  }

  /**
   * @param seed any safe integer; two runs with the same seed and stream draw the same numbers.
   * @param stream independent stream index (block of paths, worker, policy), default 0.
   */
  constructor(seed: number, stream = 0) {
    this.reseed(seed, stream);
  }

  /** Same as `new Rng(seed, stream)`, reads better at call sites that derive streams. */
  static stream(seed: number, stream: number): Rng {
    return new Rng(seed, stream);
  }

  /** Resets the state to stream `stream` of `seed` without allocating a new generator. */
  reseed(seed: number, stream = 0): void {
    if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(stream) || stream < 0) {
      throw new RangeError(`Rng seed and stream must be safe integers (stream >= 0), got seed ${seed}, stream ${stream}`);
    }
    // Mix seed and stream through two splitmix64 rounds so that nearby (seed, stream) pairs land far apart.
    let st = (BigInt.asUintN(64, BigInt(seed)) * 0x9e3779b97f4a7c15n) & MASK64;
    let out: bigint;
    [st, out] = splitmix64(st ^ BigInt(stream));
    [st, out] = splitmix64(out ^ (BigInt(stream) << 32n));
    [st, out] = splitmix64(st);
    const w0 = out;
    [, out] = splitmix64(st);
    const w1 = out;
    this.s[0] = Number(BigInt.asIntN(32, w0));
    this.s[1] = Number(BigInt.asIntN(32, w0 >> 32n));
    this.s[2] = Number(BigInt.asIntN(32, w1));
    this.s[3] = Number(BigInt.asIntN(32, w1 >> 32n));
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1; // the all-zero state is a fixed point
  }

  /** Next 32 random bits as a signed int32. The primitive every other draw is built on. */
  nextInt32(): number {
    const s = this.s;
    const s0 = s[0], s1 = s[1], s2 = s[2] ^ s0, s3 = s[3] ^ s1;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9);
    s[0] = s0 ^ s3;
    s[1] = s1 ^ s2;
    s[2] = s2 ^ (s1 << 9);
    s[3] = (s3 << 11) | (s3 >>> 21);
    return result;
  }

  /** Next 32 random bits as an unsigned integer in [0, 2^32). */
  nextUint32(): number {
    return this.nextInt32() >>> 0;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  nextFloat(): number {
    const hi = this.nextInt32() >>> 5; // 27 bits
    const lo = this.nextInt32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) * 1.1102230246251565e-16; // 2^-53
  }

  /** Uniform double in (0, 1): never 0, safe to take the log of. */
  nextOpenFloat(): number {
    return ((this.nextInt32() >>> 5) * 67108864 + (this.nextInt32() >>> 6) + 0.5) * 1.1102230246251565e-16;
  }

  /** Uniform integer in [0, n) for 0 < n <= 2^32, without modulo bias (Lemire's method). */
  nextBelow(n: number): number {
    if (n <= 0 || n > 4294967296) throw new RangeError(`nextBelow needs 0 < n <= 2^32, got ${n}`);
    const threshold = 4294967296 % n;
    for (;;) {
      const x = this.nextUint32();
      const product = x * n; // exact below 2^53
      const low = product % 4294967296;
      if (low >= threshold) return Math.floor(product / 4294967296);
    }
  }

  /** Copies this generator's state into a new one (for common random numbers across policies). */
  clone(): Rng {
    const r = Object.create(Rng.prototype) as Rng;
    (r as unknown as { s: Int32Array }).s = new Int32Array(this.s);
    return r;
  }

  /** Snapshot of the 128-bit state, for checkpoints. */
  getState(): [number, number, number, number] {
    return [this.s[0], this.s[1], this.s[2], this.s[3]];
  }

  setState(state: readonly [number, number, number, number]): void {
    for (let i = 0; i < 4; i++) this.s[i] = state[i] | 0;
  }
}
