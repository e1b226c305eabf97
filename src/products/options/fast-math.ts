/**
 * The standard normal CDF for the hedging hot loop: piecewise quintic Hermite interpolation of
 * Phi on a grid of step 1/32 over [-8.5, 8.5], matching Phi and its first two derivatives (the
 * density phi and -x phi) at every grid point.
 *
 * Why: a delta per option per step is one CDF, and Cody's rational approximation
 * (src/core/normal.ts, accurate to 1e-15) costs two exps and a degree-8 rational function; this
 * costs one multiply, one table row and five multiply-adds. The error of quintic Hermite
 * interpolation is at most h^6 / 46080 x max |Phi^(6)| (about 2e-14 here); measured against
 * `normalCdf` it stays below 1e-13 absolute (`fast-math.test.ts`), far inside the 1e-7 a hedge
 * ratio needs. Beyond +-8.5 it returns 0 or 1 (Phi(-8.5) is below 1e-17).
 *
 * The table (544 intervals x 6 coefficients, 26 KB) is built once at module load from `normalCdf`
 * and the exact density.
 */
import { normalCdf } from '../../core/normal.js';

const LIMIT = 8.5;
const STEPS_PER_UNIT = 32;
const H = 1 / STEPS_PER_UNIT;
const INTERVALS = 2 * LIMIT * STEPS_PER_UNIT;
/** Coefficients c0..c5 of Phi(x_k + t h) as a polynomial in t in [0, 1], interval k at [6k, 6k + 6). */
const COEF = new Float64Array(6 * INTERVALS);

(function build() {
  const pdf = (x: number) => 0.3989422804014327 * Math.exp(-0.5 * x * x);
  for (let k = 0; k < INTERVALS; k++) {
    const x0 = -LIMIT + k * H, x1 = x0 + H;
    // Values and derivatives in t (d/dt = h d/dx).
    const f0 = normalCdf(x0), f1 = normalCdf(x1);
    const d0 = H * pdf(x0), d1 = H * pdf(x1);
    const s0 = -H * H * x0 * pdf(x0), s1 = -H * H * x1 * pdf(x1);
    // Quintic p(t) = c0 + c1 t + ... + c5 t^5 with p, p', p'' given at t = 0 and 1.
    const c0 = f0, c1 = d0, c2 = 0.5 * s0;
    const a = f1 - c0 - c1 - c2; // c3 + c4 + c5
    const b = d1 - c1 - 2 * c2; // 3 c3 + 4 c4 + 5 c5
    const c = s1 - 2 * c2; // 6 c3 + 12 c4 + 20 c5
    const c3 = 10 * a - 4 * b + 0.5 * c;
    const c4 = -15 * a + 7 * b - c;
    const c5 = 6 * a - 3 * b + 0.5 * c;
    COEF.set([c0, c1, c2, c3, c4, c5], 6 * k);
  }
})();

/**
 * Phi(x) to about 1e-13 absolute (see the module doc); NaN gives NaN.
 *
 * Every return is a double expression: returning the global `NaN` (a property load V8 leaves
 * generic when that branch has never run) made the inlined result a tagged value, and each CDF
 * allocated a 16-byte heap number (the hedge benchmark's garbage, one scavenge per 55 ms).
 */
export function fastNormalCdf(x: number): number {
  if (!(x > -LIMIT)) return x === x ? 0 : x;
  if (x >= LIMIT) return 1;
  const u = (x + LIMIT) * STEPS_PER_UNIT;
  const k = u | 0;
  const t = u - k;
  const o = 6 * k;
  const c = COEF;
  return c[o] + t * (c[o + 1] + t * (c[o + 2] + t * (c[o + 3] + t * (c[o + 4] + t * c[o + 5]))));
}

/**
 * The path-delta kernel: for `count` consecutive rows, advances x (ln S) and adds one option's
 * delta x quantity into `out`:
 *   x = cumulative ? x + src[s] : src[s]                (a log return, or ln S itself)
 *   p = Phi(sign (x a + b))                             (a, b, discount from `table`: 4 per row)
 *   out[o] += quantity (sign (discount p))
 * with s, t and o stepping by `srcStride`, 4 and `outStride`. Returns the last x.
 *
 * Why a kernel with the CDF written out: the same loop inside the book (fields, the imported CDF,
 * a call out to fill a table row) compiled to about 150 instructions per row, with the loop index
 * kept tagged on the stack, a map check on every array and the CDF's binding reloaded each row. Here
 * every array is a local, the indices are int32 (`| 0`: no overflow checks) and the loop makes no
 * call. The arithmetic is fastNormalCdf's, in the same order, so the deltas are the same to the bit.
 */
export function addDeltaRun(
  x: number, cumulative: boolean, src: Float64Array, srcIndex: number, srcStride: number,
  table: Float64Array, tableIndex: number, sign: number, quantity: number,
  out: Float64Array, outIndex: number, outStride: number, count: number,
): number {
  // Numbers and int32 indices copied into locals before the loop (`* 1`, `| 0`), int32 index
  // arithmetic, and the CDF's constants as literals (LIMIT 8.5, STEPS_PER_UNIT 32; as module
  // bindings V8 read them with a hole check). Measured in the book against the same loop written
  // plainly: 7.4 against 7.7 to 11 ns a row, within the spread between processes: a small effect.
  const c = COEF;
  const sg = sign * 1, qty = quantity * 1, sStride = srcStride | 0, oStride = outStride | 0, n = count | 0;
  let v = x * 1, s = srcIndex | 0, t = tableIndex | 0, o = outIndex | 0;
  for (let k = 0; k < n; k = (k + 1) | 0) {
    v = cumulative ? v + src[s] : src[s];
    const d = sg * (v * table[t + 1] + table[t + 2]);
    let p: number;
    if (!(d > -8.5)) p = d === d ? 0 : d;
    else if (d >= 8.5) p = 1;
    else {
      const u = (d + 8.5) * 32;
      const i = u | 0;
      const f = u - i;
      const j = (6 * i) | 0;
      p = c[j] + f * (c[j + 1] + f * (c[j + 2] + f * (c[j + 3] + f * (c[j + 4] + f * c[j + 5]))));
    }
    out[o] += qty * (sg * (table[t + 3] * p));
    s = (s + sStride) | 0;
    t = (t + 4) | 0;
    o = (o + oStride) | 0;
  }
  return v;
}
