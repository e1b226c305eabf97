/**
 * Merton (1976) jump diffusion: GBM plus a compound Poisson process of lognormal jumps,
 *
 *   dS/S = (mu - lambda k) dt + sigma dW + (J - 1) dN,   ln J ~ N(muJ, sigmaJ^2),   k = E[J - 1] = exp(muJ + sigmaJ^2/2) - 1,
 *
 * with N a Poisson process of intensity lambda per year. Crypto prices gap on liquidations and
 * news; GBM with the same variance understates how often a leveraged product is hit by a large
 * one-step move, which is what jumps are here for.
 *
 * Drift convention: `mu` is the total expected return, jumps included. The compensator -lambda k
 * in the diffusion drift cancels the jumps' mean, so E[S_T] = S0 exp(mu T) whatever the jump
 * parameters, and changing the jumps changes risk, not the expected price. (A model that put the
 * jumps on top of an uncompensated drift would silently add lambda k to the expected return.)
 *
 * Stepping is exact at any step size: over dt the log price moves by
 *   (mu - lambda k - sigma^2/2) dt + sigma sqrt(dt) Z + n muJ + sigmaJ sqrt(n) Z',   n ~ Poisson(lambda dt),
 * because the sum of n independent N(muJ, sigmaJ^2) log jumps is N(n muJ, n sigmaJ^2).
 *
 * Jump counts, both exact: when lambda dt < 10 (every realistic case) the path draws the Poisson
 * process's arrival times (exponential gaps) and counts those falling in each step, so a step
 * without a jump costs one compare on top of GBM's normal and exp, and each jump one log; from
 * lambda dt >= 10 each step draws its count by PTRS (poisson.ts) instead. Neither allocates.
 *
 * Draw order: one uniform for the first arrival at the start of the path, then per step the
 * diffusion normal, the uniforms of the arrivals in that step, and the jump normal if it jumped.
 * With lambda = 0 nothing extra is drawn, so the path equals Gbm's for the same seed number for number.
 */
import type { NormalSampler } from '../core/normal.js';
import { ModelError } from '../core/errors.js';
import { expStep } from '../core/fast-exp.js';
import { PoissonSampler, PTRS_THRESHOLD } from './poisson.js';
import type { PriceModel } from './price-model.js';
import { requireBuffer, requireFinite, requireNonNegative, requirePositive } from './validate.js';

export interface MertonParams {
  /** Initial price, quote per base. */
  s0: number;
  /** Total expected return per year, continuously compounded, jumps included: E[S_T] = s0 exp(mu T). */
  mu: number;
  /** Volatility of the diffusion part per sqrt(year) (jumps add to the total). */
  sigma: number;
  /** Jump intensity: expected number of jumps per year. */
  lambda: number;
  /** Mean of the log jump size ln J (-0.05: a typical jump takes about 4.9% off the price). */
  muJ: number;
  /** Standard deviation of the log jump size. */
  sigmaJ: number;
  name?: string;
}

/** E[J - 1], the expected relative jump size, exp(muJ + sigmaJ^2/2) - 1. */
export function mertonJumpMean(muJ: number, sigmaJ: number): number {
  return Math.expm1(muJ + 0.5 * sigmaJ * sigmaJ);
}

/**
 * Mean and variance of the log return ln(S_T / S0) over `years`:
 *   mean = (mu - lambda k - sigma^2/2) T + lambda T muJ,   variance = (sigma^2 + lambda (muJ^2 + sigmaJ^2)) T.
 */
export function mertonLogReturnMoments(p: MertonParams, years: number): { mean: number; variance: number } {
  const k = mertonJumpMean(p.muJ, p.sigmaJ);
  return {
    mean: (p.mu - p.lambda * k - 0.5 * p.sigma * p.sigma + p.lambda * p.muJ) * years,
    variance: (p.sigma * p.sigma + p.lambda * (p.muJ * p.muJ + p.sigmaJ * p.sigmaJ)) * years,
  };
}

export class Merton implements PriceModel {
  readonly kind = 'merton';
  readonly assets = 1;
  readonly names: readonly string[];
  /** generate() fills the optional logReturns buffer (see PriceModel). */
  readonly writesLogReturns = true;
  /** A frozen copy: the cached per-step constants below stay in step with it. */
  readonly params: Readonly<MertonParams>;
  private readonly poisson = new PoissonSampler();
  private cachedDt = NaN;
  private drift = 0;
  private vol = 0;

  constructor(params: MertonParams) {
    requirePositive('merton', 's0', params.s0);
    requireFinite('merton', 'mu', params.mu);
    requireNonNegative('merton', 'sigma', params.sigma);
    requireNonNegative('merton', 'lambda', params.lambda);
    requireFinite('merton', 'muJ', params.muJ);
    requireNonNegative('merton', 'sigmaJ', params.sigmaJ);
    const k = mertonJumpMean(params.muJ, params.sigmaJ);
    if (!Number.isFinite(k * params.lambda)) {
      throw new ModelError(`merton: the mean jump exp(muJ + sigmaJ^2/2) - 1 = ${k} overflows; muJ = ${params.muJ} and sigmaJ = ${params.sigmaJ} are far too large`);
    }
    this.params = Object.freeze({ ...params });
    this.names = [params.name ?? 'asset'];
  }

  /**
   * Writes one path into `prices`; with `logReturns` (same layout, row 0 set to 0) also the log
   * return of each step, which the model computes anyway, so metrics need no log per step.
   */
  generate(normals: NormalSampler, prices: Float64Array, steps: number, dt: number, logReturns?: Float64Array): void {
    requireBuffer('merton', prices, steps, 1);
    if (logReturns !== undefined) requireBuffer('merton', logReturns, steps, 1);
    const lr = logReturns ?? null;
    const { mu, sigma, lambda, muJ, sigmaJ } = this.params;
    if (dt !== this.cachedDt) {
      if (!(dt > 0)) throw new ModelError(`merton: the step dt must be > 0 years, got ${dt}`);
      const k = mertonJumpMean(muJ, sigmaJ);
      this.drift = (mu - lambda * k - 0.5 * sigma * sigma) * dt;
      this.vol = sigma * Math.sqrt(dt);
      this.poisson.setMean(lambda * dt);
      this.cachedDt = dt;
    }
    const drift = this.drift, vol = this.vol, rng = normals.rng;
    const mean = lambda * dt; // expected jumps per step
    let s = this.params.s0;
    prices[0] = s;
    if (lr !== null) lr[0] = 0;
    if (mean === 0) {
      for (let t = 1; t <= steps; t++) {
        const x = drift + vol * normals.next();
        s *= expStep(x);
        prices[t] = s;
        if (lr !== null) lr[t] = x;
      }
      return;
    }
    if (mean < PTRS_THRESHOLD) {
      // Jump arrival times of the Poisson process, in units of steps: exponential gaps with rate
      // `mean`. Step t covers (t - 1, t], so its count is the number of arrivals in it, exactly
      // Poisson(mean). Costs one compare on a step without a jump and one log per jump.
      const invMean = 1 / mean;
      let next = -Math.log(rng.nextOpenFloat()) * invMean;
      for (let t = 1; t <= steps; t++) {
        let x = drift + vol * normals.next();
        if (next <= t) {
          let n = 0;
          do {
            n++;
            next -= Math.log(rng.nextOpenFloat()) * invMean;
          } while (next <= t);
          x += n * muJ + sigmaJ * Math.sqrt(n) * normals.next();
        }
        s *= expStep(x);
        prices[t] = s;
        if (lr !== null) lr[t] = x;
      }
      return;
    }
    // Many jumps per step: one PTRS Poisson draw per step instead of one log per jump.
    const poisson = this.poisson;
    for (let t = 1; t <= steps; t++) {
      let x = drift + vol * normals.next();
      const n = poisson.next(rng);
      if (n > 0) x += n * muJ + sigmaJ * Math.sqrt(n) * normals.next();
      s *= expStep(x);
      prices[t] = s;
      if (lr !== null) lr[t] = x;
    }
  }
}
