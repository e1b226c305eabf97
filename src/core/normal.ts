/**
 * The standard normal distribution: sampling, density, CDF and inverse CDF.
 *
 * Written by hand because all three sit in hot loops (a random normal per path-step, a CDF per
 * option per step for deltas) and a library call per step would cost more than the step itself.
 *
 * - `NormalSampler`: ziggurat method of Marsaglia and Tsang (2000) with 256 layers. The layer index
 *   and the signed abscissa come from disjoint bits of one 32-bit draw (8 and 24 bits), so they are
 *   independent (Doornik 2005 showed that sharing bits between them biases the output). About
 *   98.5% of draws take the fast path: one integer draw, one integer compare, one multiply.
 * - `normalCdf`: W. J. Cody's rational Chebyshev approximations (ACM TOMS Algorithm 715, `anorm`),
 *   relative error below 1e-15 in the body and absolute error below 1e-16 everywhere; the test file
 *   pins it to 1e-14 against reference values. Accurate well beyond the 1e-7 options pricing needs.
 * - `normalInv`: Wichura's AS 241 (PPND16), relative accuracy about 1e-16.
 */
/* eslint-disable no-loss-of-precision -- the coefficients below are printed as their authors
   published them (up to 20 digits); rounding them to the nearest double is intended. */
import { Rng } from './rng.js';

const LAYERS = 256;
/** Right edge of the base layer and area of each layer, for 256 layers (Marsaglia and Tsang). */
const R = 3.6541528853610088;
const V = 0.00492867323399;

/** x[i] layer edges: x[0] = V / f(R) (the base strip's equivalent width), x[1] = R, ..., x[256] = 0. */
const X = new Float64Array(LAYERS + 1);
/** f(x[i]) = exp(-x[i]^2 / 2). */
const F = new Float64Array(LAYERS + 1);
/**
 * Fast-path threshold on a 23-bit magnitude: accept when m < K[i], i.e. |x| < x[i+1]. An Int32Array
 * so the test is an integer compare (a float compare of a negated int costs V8 a conversion).
 */
const K = new Int32Array(LAYERS);
/** Scale from a signed 24-bit integer to the abscissa of layer i: x = (j + 1/2) W[i]. */
const W = new Float64Array(LAYERS);

(function buildTables() {
  const f = (x: number) => Math.exp(-0.5 * x * x);
  X[0] = V / f(R);
  X[1] = R;
  for (let i = 1; i < LAYERS - 1; i++) X[i + 1] = Math.sqrt(-2 * Math.log(V / X[i] + f(X[i])));
  X[LAYERS] = 0;
  for (let i = 0; i <= LAYERS; i++) F[i] = f(X[i]);
  const two23 = 8388608;
  for (let i = 0; i < LAYERS; i++) {
    K[i] = Math.floor((X[i + 1] / X[i]) * two23);
    W[i] = X[i] / two23;
  }
})();

/*
 * The fast path in integers, one 32-bit draw per normal: the low 8 bits pick the layer and the
 * other 24 bits, read as a signed integer j in [-2^23, 2^23), give the abscissa. Index and value come
 * from disjoint bits of the draw, so they are independent (Doornik 2005 showed that sharing bits
 * between them, as the original ziggurat did, biases the output); the value's resolution is 2^-23
 * of the layer's width, about 1e-7, far below any Monte Carlo error. j is read as the midpoint
 * j + 1/2 of its cell, which makes the abscissa exactly symmetric about 0, and m = j ^ (j >> 31)
 * equals |j + 1/2| - 1/2 for both signs; so m < K[i] is the same test as |x| < K[i] W[i] ~ x[i+1].
 */

/** Set once a thread's first sampler has run every case (see NormalSampler.prime). */
let primed = false;

/**
 * Draws standard normal variates from an Rng. Keep one per Rng; `fill()` writes a block of
 * draws into a typed array (path generators use it) and `next()` draws one.
 */
export class NormalSampler {
  /** The generator's state words (`rng.state`), kept here so that `fill` starts with one plain field load. */
  private readonly state: Int32Array;

  constructor(readonly rng: Rng) {
    this.state = rng.state;
    if (!primed) NormalSampler.prime();
  }

  /**
   * Runs every case of the sampler a dozen times, once per thread, before any real draw (about a
   * millisecond, interpreted). Why: V8 compiles a path generator while it is still inside its
   * first long loop, with `fill` and `slowDraw` inlined. A case that had not run by then (the tail
   * beyond R, about once in 3,700 draws; `fill`'s first line, which ran before V8 kept type
   * records for it) becomes a bail-out in the compiled loop. Bailing out there once, the generator
   * often stayed uncompiled for the rest of a run of a few thousand paths: measured on lt, one run
   * in two or three was 20% slower from start to end (see BlockRunner.prime for the same effect
   * in the step loop). The draws here come from a generator of their own: no run's numbers change.
   */
  private static prime(): void {
    primed = true;
    const sampler = new NormalSampler(new Rng(0x6b65656c));
    const out = new Float64Array(257);
    const i = LAYERS >> 1;
    for (let k = 0; k < 12; k++) {
      sampler.fill(out, 1, out.length);
      sampler.next();
      sampler.slowDraw(0, 1.5); // tail, both signs
      sampler.slowDraw(0, -1.5);
      sampler.slowDraw(i, X[i + 1] * 0.999); // wedge, accepted
      sampler.slowDraw(i, -X[i]); // wedge, rejected: a fresh draw
    }
  }

  next(): number {
    const a = this.rng.nextInt32();
    const i = a & 255;
    const j = a >> 8;
    const x = (j + 0.5) * W[i];
    if ((j ^ (j >> 31)) < K[i]) return x;
    return this.slowDraw(i, x);
  }

  /**
   * Fills `out[from..to)` with independent standard normals; the same numbers as calling `next()`
   * that many times. This is the path generators' hot loop, so the xoshiro128** step is inlined
   * with the state in local variables (registers) and written back only around the rare slow path
   * (about 1.5% of draws) and at the end: several times faster than calling `next()`.
   */
  fill(out: Float64Array, from = 0, to = out.length): void {
    const st = this.state;
    const k32 = K, w = W; // module tables into locals: the slow-path call would stop V8 hoisting their loads

    let s0 = st[0], s1 = st[1], s2 = st[2], s3 = st[3];
    for (let k = from; k < to; k++) {
      const m = Math.imul(s1, 5);
      const a = Math.imul((m << 7) | (m >>> 25), 9);
      const t = s1 << 9;
      s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = (s3 << 11) | (s3 >>> 21);
      const i = a & 255;
      const j = a >> 8;
      if ((j ^ (j >> 31)) < k32[i]) {
        out[k] = (j + 0.5) * w[i];
        continue;
      }
      st[0] = s0; st[1] = s1; st[2] = s2; st[3] = s3;
      out[k] = this.slowDraw(i, (j + 0.5) * w[i]);
      s0 = st[0]; s1 = st[1]; s2 = st[2]; s3 = st[3];
    }
    st[0] = s0; st[1] = s1; st[2] = s2; st[3] = s3;
  }

  /**
   * Finishes a draw that missed the fast path (about 1.5% of draws): the tail or wedge test, then
   * fresh draws until one is accepted. One loop with every case in it, rather than calls back into
   * `next()`: V8 inlines it into the generator's loop, where each further call is one more site
   * that must have run before the loop is compiled (see prime).
   */
  private slowDraw(i: number, x: number): number {
    const rng = this.rng;
    for (;;) {
      if (i === 0) {
        // Base layer beyond R: sample the tail by Marsaglia's method. Always accepted.
        let a: number, b: number;
        do {
          a = -Math.log(rng.nextOpenFloat()) / R;
          b = -Math.log(rng.nextOpenFloat());
        } while (b + b < a * a);
        return x > 0 ? R + a : -(R + a);
      }
      // Wedge between x[i+1] and x[i]: accept under the density.
      if (F[i] + rng.nextFloat() * (F[i + 1] - F[i]) < Math.exp(-0.5 * x * x)) return x;
      // Rejected: a fresh draw, which takes the fast path or comes round this loop again.
      const a = rng.nextInt32();
      i = a & 255;
      const j = a >> 8;
      x = (j + 0.5) * W[i];
      if ((j ^ (j >> 31)) < K[i]) return x;
    }
  }
}

/** Density of the standard normal. */
export function normalPdf(x: number): number {
  return 0.3989422804014327 * Math.exp(-0.5 * x * x);
}

// Cody (1993), ACM TOMS 715, function ANORM: coefficients of the three rational approximations.
const A0 = 2.2352520354606839287, A1 = 161.02823106855587881, A2 = 1067.6894854603709582, A3 = 18154.981253343561249, A4 = 0.065682337918207449113;
const B0 = 47.20258190468824187, B1 = 976.09855173777669322, B2 = 10260.932208618978205, B3 = 45507.789335026729956;
const C0 = 0.39894151208813466764, C1 = 8.8831497943883759412, C2 = 93.506656132177855979, C3 = 597.27027639480026226,
  C4 = 2494.5375852903726711, C5 = 6848.1904505362823326, C6 = 11602.651437647350124, C7 = 9842.7148383839780218,
  C8 = 1.0765576773720192317e-8;
const D0 = 22.266688044328115691, D1 = 235.38790178262499861, D2 = 1519.377599407554805, D3 = 6485.558298266760755,
  D4 = 18615.571640885098091, D5 = 34900.952721145977266, D6 = 38912.003286093271411, D7 = 19685.429676859990727;
const P0 = 0.21589853405795699, P1 = 0.1274011611602473639, P2 = 0.022235277870649807, P3 = 0.001421619193227893466,
  P4 = 2.9112874951168792e-5, P5 = 0.02307344176494017303;
const Q0 = 1.28426009614491121, Q1 = 0.468238212480865118, Q2 = 0.0659881378689285515, Q3 = 0.00378239633202758244,
  Q4 = 7.29751555083966205e-5;
const SQRT32 = 5.656854249492380195206754896838;
const ONE_OVER_SQRT_2PI = 0.39894228040143267794;

/**
 * Standard normal cumulative distribution function Phi(x) = P(Z <= x).
 * Cody's algorithm: |x| <= 0.66291 by a rational function of x^2; up to sqrt(32) by a rational
 * function of |x| times the density; beyond by an asymptotic rational function of 1/x^2.
 * The density factor exp(-x^2/2) is split as exp(-xs^2/2) exp(-(x-xs)(x+xs)/2), xs = x rounded to
 * 1/16, to keep full relative accuracy in the tails.
 */
export function normalCdf(x: number): number {
  const y = x < 0 ? -x : x;
  if (y <= 0.66291) {
    let xnum = 0, xden = 0;
    if (y > 1.11e-16) {
      const z = x * x;
      xnum = A4 * z;
      xden = z;
      xnum = (xnum + A0) * z; xden = (xden + B0) * z;
      xnum = (xnum + A1) * z; xden = (xden + B1) * z;
      xnum = (xnum + A2) * z; xden = (xden + B2) * z;
      return 0.5 + (x * (xnum + A3)) / (xden + B3);
    }
    return 0.5 + (x * A3) / B3;
  }
  let tail: number;
  if (y <= SQRT32) {
    let xnum = C8 * y, xden = y;
    xnum = (xnum + C0) * y; xden = (xden + D0) * y;
    xnum = (xnum + C1) * y; xden = (xden + D1) * y;
    xnum = (xnum + C2) * y; xden = (xden + D2) * y;
    xnum = (xnum + C3) * y; xden = (xden + D3) * y;
    xnum = (xnum + C4) * y; xden = (xden + D4) * y;
    xnum = (xnum + C5) * y; xden = (xden + D5) * y;
    xnum = (xnum + C6) * y; xden = (xden + D6) * y;
    const r = (xnum + C7) / (xden + D7);
    const xsq = Math.trunc(y * 16) / 16;
    const del = (y - xsq) * (y + xsq);
    tail = Math.exp(-xsq * xsq * 0.5) * Math.exp(-del * 0.5) * r;
  } else {
    if (y > 38.5) return x > 0 ? 1 : 0;
    const z = 1 / (x * x);
    let xnum = P5 * z, xden = z;
    xnum = (xnum + P0) * z; xden = (xden + Q0) * z;
    xnum = (xnum + P1) * z; xden = (xden + Q1) * z;
    xnum = (xnum + P2) * z; xden = (xden + Q2) * z;
    xnum = (xnum + P3) * z; xden = (xden + Q3) * z;
    let r = (z * (xnum + P4)) / (xden + Q4);
    r = (ONE_OVER_SQRT_2PI - r) / y;
    const xsq = Math.trunc(x * 16) / 16;
    const del = (x - xsq) * (x + xsq);
    tail = Math.exp(-xsq * xsq * 0.5) * Math.exp(-del * 0.5) * r;
  }
  return x > 0 ? 1 - tail : tail;
}

/**
 * Inverse of the standard normal CDF, Wichura (1988) Algorithm AS 241, PPND16.
 * Returns -Infinity at 0, +Infinity at 1 and NaN outside [0, 1].
 */
export function normalInv(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (q * (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r +
      45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r + 133.14166789178437745) * r +
      3.387132872796366608)) /
      (((((((5226.495278852545925 * r + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r +
        5394.1960214247511077) * r + 687.1870074920579083) * r + 42.313330701600911252) * r + 1);
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let val: number;
  if (r <= 5) {
    r -= 1.6;
    val = (((((((7.7454501427834140764e-4 * r + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
      1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r + 4.6303378461565452959) * r +
      1.42343711074968357734) /
      (((((((1.05075007164441684324e-9 * r + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
        0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r + 2.05319162663775882187) * r + 1);
  } else {
    r -= 5;
    val = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
      0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r + 5.4637849111641143699) * r +
      6.6579046435011037772) /
      (((((((2.04426310338993978564e-15 * r + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r + 0.59983220655588793769) * r + 1);
  }
  return q < 0 ? -val : val;
}
