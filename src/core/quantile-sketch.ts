/**
 * Mergeable quantile sketch with bounded relative error (the DDSketch idea of Masson, Rim and Lee,
 * VLDB 2019): values go into logarithmic buckets gamma^k, one bucket set for positive values, one
 * for negative, plus a zero count. Bucket counts are integers, so merging is exact addition: a
 * Monte Carlo run gives the same quantiles whatever the thread count and the order of blocks, and
 * memory is bounded by the number of buckets, not the number of paths.
 *
 * Quantiles are returned to relative accuracy `alpha` (default 0.5%), and values of magnitude
 * below `minMagnitude` count as zero.
 */

/** A sketch as a worker message (QuantileSketch.toMessage). */
export interface SketchMessage {
  alpha: number;
  min: number;
  buckets: number;
  zero: number;
  count: number;
  /** Non-empty buckets of positive (negative) values: index, count, index, count, ... */
  pos: Float64Array;
  neg: Float64Array;
}

/** A sketch as JSON: SketchMessage with plain arrays. */
export type SketchJson = Omit<SketchMessage, 'pos' | 'neg'> & { pos: number[]; neg: number[] };

/** The non-zero entries of `a[lo..hi]` as (index, value) pairs. */
function nonEmpty(a: Float64Array, lo: number, hi: number): Float64Array {
  let n = 0;
  for (let k = lo; k <= hi; k++) if (a[k] !== 0) n++;
  const out = new Float64Array(2 * n);
  for (let k = lo, i = 0; k <= hi; k++) {
    if (a[k] !== 0) {
      out[i++] = k;
      out[i++] = a[k];
    }
  }
  return out;
}

export class QuantileSketch {
  readonly alpha: number;
  readonly minMagnitude: number;
  private readonly gamma: number;
  private readonly logGamma: number;
  /** Bucket k holds values in (gamma^(k-1), gamma^k] * minMagnitude; indexes are offset by `offset`. */
  private readonly pos: Float64Array;
  private readonly neg: Float64Array;
  private zero = 0;
  count = 0;
  /**
   * The range of bucket indexes in use, over both signs (lo > hi when none): toMessage and clear
   * touch only these, not the ~5,500 buckets of each array. A worker packs 38 sketches (and a fan
   * chart 200) per task; scanning every bucket, in code that runs once per task and so is never
   * optimized, took 3.3 ms at the end of a two-thread lt run while the other thread had finished.
   */
  private lo: number;
  private hi = -1;
  private readonly buckets: number;

  /**
   * @param alpha relative accuracy of quantiles (0.005 = 0.5%)
   * @param minMagnitude smallest magnitude kept apart from zero
   * @param maxMagnitude largest magnitude kept exactly; larger values are clamped to the last bucket
   */
  constructor(alpha = 0.005, minMagnitude = 1e-12, maxMagnitude = 1e12) {
    this.alpha = alpha;
    this.minMagnitude = minMagnitude;
    this.gamma = (1 + alpha) / (1 - alpha);
    this.logGamma = Math.log(this.gamma);
    this.buckets = Math.ceil(Math.log(maxMagnitude / minMagnitude) / this.logGamma) + 2;
    this.pos = new Float64Array(this.buckets);
    this.neg = new Float64Array(this.buckets);
    this.lo = this.buckets;
  }

  /** Widens the range in use to bucket k. */
  private touch(k: number): void {
    if (k < this.lo) this.lo = k;
    if (k > this.hi) this.hi = k;
  }

  private index(magnitude: number): number {
    const k = Math.ceil(Math.log(magnitude / this.minMagnitude) / this.logGamma);
    return k < 0 ? 0 : k >= this.buckets ? this.buckets - 1 : k;
  }

  /** Representative value of bucket k: the point with equal relative error to both ends. */
  private value(k: number): number {
    return ((this.minMagnitude * 2 * Math.pow(this.gamma, k)) / (this.gamma + 1));
  }

  push(x: number): void {
    if (x !== x) return; // NaN carries no rank
    this.count++;
    if (x > this.minMagnitude) {
      const k = this.index(x);
      this.pos[k]++;
      this.touch(k);
    } else if (x < -this.minMagnitude) {
      const k = this.index(-x);
      this.neg[k]++;
      this.touch(k);
    } else this.zero++;
  }

  merge(other: QuantileSketch): void {
    if (other.buckets !== this.buckets || other.alpha !== this.alpha || other.minMagnitude !== this.minMagnitude) {
      throw new RangeError('cannot merge quantile sketches with different parameters');
    }
    for (let k = other.lo; k <= other.hi; k++) {
      this.pos[k] += other.pos[k];
      this.neg[k] += other.neg[k];
    }
    if (other.lo <= other.hi) {
      this.touch(other.lo);
      this.touch(other.hi);
    }
    this.zero += other.zero;
    this.count += other.count;
  }

  /** The q-quantile (0 <= q <= 1), lower-rank convention: the value at rank floor(q (n - 1)). */
  quantile(q: number): number {
    if (this.count === 0 || !(q >= 0 && q <= 1)) return NaN;
    const rank = Math.floor(q * (this.count - 1));
    return this.atRank(rank);
  }

  /** Value at 0-based rank r in the sorted sample. */
  atRank(rank: number): number {
    let seen = 0;
    for (let k = this.buckets - 1; k >= 0; k--) {
      seen += this.neg[k];
      if (seen > rank) return -this.value(k);
    }
    seen += this.zero;
    if (seen > rank) return 0;
    for (let k = 0; k < this.buckets; k++) {
      seen += this.pos[k];
      if (seen > rank) return this.value(k);
    }
    return this.value(this.buckets - 1);
  }

  /** Number of values at or below x (to the sketch's accuracy): the empirical CDF times n. */
  countAtOrBelow(x: number): number {
    let seen = 0;
    if (x < -this.minMagnitude) {
      const k = this.index(-x);
      for (let j = this.buckets - 1; j >= k; j--) seen += this.neg[j];
      return seen;
    }
    for (let j = 0; j < this.buckets; j++) seen += this.neg[j];
    if (x <= this.minMagnitude) return seen + (x >= -this.minMagnitude ? this.zero : 0);
    seen += this.zero;
    const k = this.index(x);
    for (let j = 0; j <= k; j++) seen += this.pos[j];
    return seen;
  }

  /**
   * Histogram with `bins` equal-width bins over [lo, hi] (default: the 0.5th to 99.5th
   * percentiles, so a few extreme paths do not squash the picture); counts outside are reported.
   */
  histogram(bins = 40, lo = this.quantile(0.005), hi = this.quantile(0.995)): { bins: { from: number; to: number; count: number }[]; below: number; above: number } {
    if (this.count === 0 || !(hi > lo)) return { bins: [], below: 0, above: 0 };
    const width = (hi - lo) / bins;
    const out: { from: number; to: number; count: number }[] = [];
    let prev = this.countAtOrBelow(lo);
    const below = prev;
    for (let b = 0; b < bins; b++) {
      const to = b === bins - 1 ? hi : lo + (b + 1) * width;
      const c = this.countAtOrBelow(to);
      out.push({ from: lo + b * width, to, count: c - prev });
      prev = c;
    }
    return { bins: out, below, above: this.count - prev };
  }

  /**
   * Expected shortfall at level q (mean of the worst q fraction, lower tail): average of the bucket
   * values below the q-quantile rank. Same relative accuracy as the quantiles.
   */
  lowerTailMean(q: number): number {
    const n = Math.max(1, Math.floor(q * this.count));
    let taken = 0;
    let sum = 0;
    const take = (count: number, value: number): boolean => {
      const k = Math.min(count, n - taken);
      sum += k * value;
      taken += k;
      return taken >= n;
    };
    for (let k = this.buckets - 1; k >= 0; k--) if (this.neg[k] > 0 && take(this.neg[k], -this.value(k))) return sum / n;
    if (this.zero > 0 && take(this.zero, 0)) return sum / n;
    for (let k = 0; k < this.buckets; k++) if (this.pos[k] > 0 && take(this.pos[k], this.value(k))) return sum / n;
    return sum / Math.max(taken, 1);
  }

  /**
   * Distribution-free confidence interval for the q-quantile: the ranks n q -/+ z sqrt(n q (1 - q))
   * of the order statistics (binomial normal approximation).
   */
  quantileCi(q: number, z = 1.959963984540054): { low: number; high: number } {
    const n = this.count;
    const h = z * Math.sqrt(n * q * (1 - q));
    const lo = Math.max(0, Math.floor(n * q - h));
    const hi = Math.min(n - 1, Math.ceil(n * q + h));
    return { low: this.atRank(lo), high: this.atRank(hi) };
  }

  /** Adds a sketch message's counts (same parameters) without building a dense copy first. */
  mergeMessage(o: SketchMessage): void {
    if (o.buckets !== this.buckets || o.alpha !== this.alpha || o.min !== this.minMagnitude) {
      throw new RangeError('cannot merge quantile sketches with different parameters');
    }
    const { pos, neg } = o;
    for (let i = 0; i < pos.length; i += 2) {
      this.pos[pos[i]] += pos[i + 1];
      this.touch(pos[i]);
    }
    for (let i = 0; i < neg.length; i += 2) {
      this.neg[neg[i]] += neg[i + 1];
      this.touch(neg[i]);
    }
    this.zero += o.zero;
    this.count += o.count;
  }

  /** Empties the sketch, keeping its storage (reused across worker tasks). */
  clear(): void {
    if (this.lo <= this.hi) {
      this.pos.fill(0, this.lo, this.hi + 1);
      this.neg.fill(0, this.lo, this.hi + 1);
    }
    this.lo = this.buckets;
    this.hi = -1;
    this.zero = 0;
    this.count = 0;
  }

  /**
   * The sketch as a worker message: the non-empty buckets as (index, count) pairs, one typed array
   * per sign. Structured clone copies a typed array in one piece, where a list of [index, count]
   * pairs is one object per bucket to write and read back: measured on lt with two threads, when
   * results went back after every task, the pairs took 0.5 ms to build and up to 5 ms to send.
   */
  toMessage(): SketchMessage {
    return { alpha: this.alpha, min: this.minMagnitude, buckets: this.buckets, zero: this.zero, count: this.count, pos: nonEmpty(this.pos, this.lo, this.hi), neg: nonEmpty(this.neg, this.lo, this.hi) };
  }

  /** JSON form of toMessage (plain number arrays), for files: `JSON.stringify` gives it. */
  toJSON(): SketchJson {
    const m = this.toMessage();
    return { ...m, pos: Array.from(m.pos), neg: Array.from(m.neg) };
  }

  static fromJSON(o: SketchJson, maxMagnitude = 1e12): QuantileSketch {
    return QuantileSketch.fromMessage({ ...o, pos: Float64Array.from(o.pos), neg: Float64Array.from(o.neg) }, maxMagnitude);
  }

  static fromMessage(o: SketchMessage, maxMagnitude = 1e12): QuantileSketch {
    const s = new QuantileSketch(o.alpha, o.min, maxMagnitude);
    if (s.buckets !== o.buckets) throw new RangeError('quantile sketch bucket count does not match');
    s.mergeMessage(o);
    return s;
  }
}
