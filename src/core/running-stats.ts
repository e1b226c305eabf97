/**
 * Streaming moments of a sample: count, mean, variance, skewness, kurtosis, min, max, with
 * confidence intervals, in O(1) memory. Welford/Pebay updates keep full precision where
 * sum-of-squares would cancel; `merge` combines two samples exactly (Chan et al. 1979, Pebay
 * 2008), so per-block statistics merged in block order give the same result on any number of threads.
 */
import { normalInv } from './normal.js';

export interface Interval {
  low: number;
  high: number;
}

export interface StatSummary {
  n: number;
  mean: number;
  sd: number;
  min: number;
  max: number;
  /** Standard error of the mean, sd / sqrt(n). */
  stderr: number;
  /** Confidence interval of the mean at the stated level (normal approximation). */
  meanCi: Interval;
  /** Confidence interval of the standard deviation, using the sample kurtosis (not the normal-theory chi-square). */
  sdCi: Interval;
}

export class RunningStats {
  n = 0;
  mean = 0;
  /** Sums of powers of deviations from the mean: M2 = sum (x - mean)^2, etc. */
  m2 = 0;
  m3 = 0;
  m4 = 0;
  min = Infinity;
  max = -Infinity;

  push(x: number): void {
    const n1 = this.n;
    const n = n1 + 1;
    const delta = x - this.mean;
    const dn = delta / n;
    const dn2 = dn * dn;
    const term1 = delta * dn * n1;
    this.mean += dn;
    this.m4 += term1 * dn2 * (n * n - 3 * n + 3) + 6 * dn2 * this.m2 - 4 * dn * this.m3;
    this.m3 += term1 * dn * (n - 2) - 3 * dn * this.m2;
    this.m2 += term1;
    this.n = n;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  /** Adds another sample's statistics to this one (order matters only in the last bits). */
  merge(other: RunningStats): void {
    if (other.n === 0) return;
    if (this.n === 0) {
      this.copyFrom(other);
      return;
    }
    const na = this.n, nb = other.n, n = na + nb;
    const delta = other.mean - this.mean;
    const d2 = delta * delta, d3 = d2 * delta, d4 = d2 * d2;
    const m2 = this.m2 + other.m2 + (d2 * na * nb) / n;
    const m3 = this.m3 + other.m3 + (d3 * na * nb * (na - nb)) / (n * n) + (3 * delta * (na * other.m2 - nb * this.m2)) / n;
    const m4 =
      this.m4 + other.m4 + (d4 * na * nb * (na * na - na * nb + nb * nb)) / (n * n * n) +
      (6 * d2 * (na * na * other.m2 + nb * nb * this.m2)) / (n * n) + (4 * delta * (na * other.m3 - nb * this.m3)) / n;
    this.mean += (delta * nb) / n;
    this.m2 = m2;
    this.m3 = m3;
    this.m4 = m4;
    this.n = n;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
  }

  copyFrom(other: RunningStats): void {
    this.n = other.n;
    this.mean = other.mean;
    this.m2 = other.m2;
    this.m3 = other.m3;
    this.m4 = other.m4;
    this.min = other.min;
    this.max = other.max;
  }

  reset(): void {
    this.n = 0;
    this.mean = this.m2 = this.m3 = this.m4 = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }

  /** Sample variance (n - 1 denominator). */
  get variance(): number {
    return this.n > 1 ? this.m2 / (this.n - 1) : NaN;
  }

  get sd(): number {
    return Math.sqrt(this.variance);
  }

  get stderr(): number {
    return this.sd / Math.sqrt(this.n);
  }

  get skewness(): number {
    return this.m2 > 0 ? (Math.sqrt(this.n) * this.m3) / Math.pow(this.m2, 1.5) : NaN;
  }

  /** Excess kurtosis (0 for a normal sample). */
  get kurtosis(): number {
    return this.m2 > 0 ? (this.n * this.m4) / (this.m2 * this.m2) - 3 : NaN;
  }

  /** Confidence interval for the mean: mean +/- z * sd / sqrt(n). */
  meanCi(level = 0.95): Interval {
    const h = normalInv(0.5 + level / 2) * this.stderr;
    return { low: this.mean - h, high: this.mean + h };
  }

  /**
   * Confidence interval for the standard deviation from the asymptotic variance of the sample
   * variance, Var(s^2) ~ (mu4 - s^4 (n - 3)/(n - 1)) / n, by the delta method. Uses the sample's own
   * fourth moment, so it stays honest for fat-tailed P&L where the chi-square interval is too narrow.
   */
  sdCi(level = 0.95): Interval {
    const n = this.n;
    if (n < 4) return { low: NaN, high: NaN };
    const s2 = this.variance;
    const mu4 = this.m4 / n;
    const varS2 = Math.max(mu4 - (s2 * s2 * (n - 3)) / (n - 1), 0) / n;
    const seSd = Math.sqrt(varS2) / (2 * Math.sqrt(s2));
    const h = normalInv(0.5 + level / 2) * seSd;
    const sd = Math.sqrt(s2);
    return { low: Math.max(sd - h, 0), high: sd + h };
  }

  summary(level = 0.95): StatSummary {
    return {
      n: this.n,
      mean: this.mean,
      sd: this.sd,
      min: this.min,
      max: this.max,
      stderr: this.stderr,
      meanCi: this.meanCi(level),
      sdCi: this.sdCi(level),
    };
  }

  toJSON(): { n: number; mean: number; m2: number; m3: number; m4: number; min: number; max: number } {
    return { n: this.n, mean: this.mean, m2: this.m2, m3: this.m3, m4: this.m4, min: this.min, max: this.max };
  }

  /** Numbers per sample in a packed array (writeTo, readFrom): n, mean, m2, m3, m4, min, max. */
  static readonly PACKED = 7;

  /** Writes the moments at `o` of a packed array (worker messages: one typed array for many samples). */
  writeTo(a: Float64Array, o: number): void {
    a[o] = this.n;
    a[o + 1] = this.mean;
    a[o + 2] = this.m2;
    a[o + 3] = this.m3;
    a[o + 4] = this.m4;
    a[o + 5] = this.min;
    a[o + 6] = this.max;
  }

  /** Reads the moments writeTo wrote at `o`. */
  readFrom(a: Float64Array, o: number): void {
    this.n = a[o];
    this.mean = a[o + 1];
    this.m2 = a[o + 2];
    this.m3 = a[o + 3];
    this.m4 = a[o + 4];
    this.min = a[o + 5];
    this.max = a[o + 6];
  }

  static fromJSON(o: { n: number; mean: number; m2: number; m3: number; m4: number; min: number | null; max: number | null }): RunningStats {
    const s = new RunningStats();
    s.n = o.n;
    s.mean = o.mean;
    s.m2 = o.m2;
    s.m3 = o.m3;
    s.m4 = o.m4;
    s.min = o.min ?? Infinity;
    s.max = o.max ?? -Infinity;
    return s;
  }
}
