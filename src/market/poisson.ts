/**
 * Poisson variates for jump counts, drawn without allocating.
 *
 * Jump models need one Poisson draw per path-step, almost always with a small mean (a few jumps a
 * year times a step of a day or an hour gives a mean of 0.001 to 0.1). For that case sequential
 * inversion is both exact and the fastest method: one uniform, one compare in the common n = 0
 * case. Its cost grows with the mean and exp(-mean) underflows past ~745, so from a mean of 10 up
 * we switch to Hörmann's PTRS (transformed rejection with squeeze, 1993), which takes about two
 * uniforms per draw whatever the mean. Both are exact (up to floating point); neither is an
 * approximation such as a normal with the same mean.
 *
 * Lives in market/ because its only user is the jump model; it depends on nothing but the Rng.
 */
import type { Rng } from '../core/rng.js';

/** Mean at and above which PTRS is used instead of inversion. */
export const PTRS_THRESHOLD = 10;

/** ln(k!) for k < LOG_FACTORIAL_TABLE_SIZE, computed once by summation. */
const LOG_FACTORIAL_TABLE_SIZE = 256;
const LOG_FACTORIAL = new Float64Array(LOG_FACTORIAL_TABLE_SIZE);
for (let k = 2; k < LOG_FACTORIAL_TABLE_SIZE; k++) LOG_FACTORIAL[k] = LOG_FACTORIAL[k - 1] + Math.log(k);

const HALF_LOG_2PI = 0.9189385332046728;

/**
 * ln(k!) for an integer k >= 0: a table below 256, Stirling's series above (its first omitted term
 * is below 1/(1680 k^7) < 1e-19 there, far below double precision).
 */
export function logFactorial(k: number): number {
  if (k < LOG_FACTORIAL_TABLE_SIZE) return LOG_FACTORIAL[k];
  const n = k + 1; // ln Gamma(n) with n = k + 1
  const r = 1 / n, r2 = r * r;
  return (n - 0.5) * Math.log(n) - n + HALF_LOG_2PI + r * (1 / 12 - r2 * (1 / 360 - r2 * (1 / 1260 - r2 / 1680)));
}

/**
 * A Poisson sampler for one mean at a time. `setMean` precomputes the constants (call it once
 * when the step size changes, not per draw); `next` draws from `rng`.
 */
export class PoissonSampler {
  private mean = 0;
  /** exp(-mean), for inversion. */
  private p0 = 1;
  private usePtrs = false;
  // PTRS constants (Hörmann 1993, algorithm PTRS).
  private logMean = 0;
  private b = 0;
  private a = 0;
  private vr = 0;
  private logInvAlpha = 0;

  constructor(mean = 0) {
    this.setMean(mean);
  }

  /** Sets the mean (expected count), a finite number >= 0. */
  setMean(mean: number): void {
    if (!(mean >= 0) || !Number.isFinite(mean)) throw new RangeError(`Poisson mean must be finite and >= 0, got ${mean}`);
    this.mean = mean;
    this.usePtrs = mean >= PTRS_THRESHOLD;
    this.p0 = Math.exp(-mean);
    if (this.usePtrs) {
      this.logMean = Math.log(mean);
      this.b = 0.931 + 2.53 * Math.sqrt(mean);
      this.a = -0.059 + 0.02483 * this.b;
      this.vr = 0.9277 - 3.6224 / (this.b - 2);
      this.logInvAlpha = Math.log(1.1239 + 1.1328 / (this.b - 3.4));
    }
  }

  getMean(): number {
    return this.mean;
  }

  /**
   * One Poisson(mean) draw. Draws nothing from `rng` when the mean is 0, so a jump model with zero
   * intensity consumes exactly the random numbers of the model without jumps.
   */
  next(rng: Rng): number {
    if (this.mean === 0) return 0;
    if (!this.usePtrs) {
      // Sequential search of the CDF. The p > 0 guard ends the loop if rounding leaves the summed
      // CDF a hair below a uniform drawn within 2^-53 of 1 (the pmf then underflows to 0).
      const u = rng.nextFloat();
      let p = this.p0;
      let cdf = p;
      let n = 0;
      while (u >= cdf && p > 0) {
        n++;
        p *= this.mean / n;
        cdf += p;
      }
      return n;
    }
    return this.ptrs(rng);
  }

  private ptrs(rng: Rng): number {
    const { a, b, vr, mean, logMean, logInvAlpha } = this;
    for (;;) {
      const u = rng.nextFloat() - 0.5;
      const v = rng.nextOpenFloat();
      const us = 0.5 - (u < 0 ? -u : u);
      const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + logInvAlpha - Math.log(a / (us * us) + b) <= -mean + k * logMean - logFactorial(k)) return k;
    }
  }
}
