/**
 * GARCH(1,1) on log returns per step (Bollerslev 1986):
 *
 *   r_t = ln(S_t / S_{t-1}) = mu dt - h_t / 2 + eps_t,   eps_t = sqrt(h_t) z_t,
 *   h_{t+1} = omega + alpha eps_t^2 + beta h_t,
 *
 * with z_t iid with mean 0 and variance 1 (standard normal, or a Student-t scaled to unit variance).
 * Volatility clusters (a large move raises the next step's variance) and decays back at rate
 * alpha + beta per step, which is how realised crypto vol behaves and what makes band policies
 * trade in bursts.
 *
 * Units, the one thing to get right with GARCH: the recursion is defined per simulation step, so
 * `alpha` and `beta` are per-step, dimensionless coefficients, and are only meaningful at the step
 * frequency they were fitted at (GARCH is not closed under temporal aggregation: daily-fitted
 * alpha, beta are not hourly ones). `h` and `omega` are variances of one step's log return. The
 * level can be given either way:
 * - `longRunVol` (per sqrt(year), recommended): omega = longRunVol^2 dt (1 - alpha - beta) is
 *   derived for the step in use, so the unconditional variance per step is longRunVol^2 dt and
 *   the annualised long-run vol is the same at any dt;
 * - `omega` (per step): taken as is; the long-run vol per sqrt(year) is then
 *   sqrt(omega / (1 - alpha - beta) / dt) and changes with dt.
 * The unconditional variance per step is omega / (1 - alpha - beta), which needs alpha + beta < 1.
 *
 * Drift: the -h_t/2 term makes E[S_t | S_{t-1}, h_t] = S_{t-1} e^{mu dt} exactly for normal
 * innovations, so `mu` is the expected return per year as in Gbm. With Student-t innovations
 * E[e^{eps}] is infinite (the t law has no exponential moments); the -h/2 term then only matches
 * the variance, and the sample mean of S_T, while finite, is no longer pinned to s0 e^{mu T}.
 *
 * Per step: one normal (plus a gamma draw, about one more normal and a uniform, for Student-t), one
 * sqrt, one exp. The first step's variance h_1 is the unconditional one unless `initialVol` is given.
 */
import { ModelError } from '../core/errors.js';
import { expStep } from '../core/fast-exp.js';
import type { NormalSampler } from '../core/normal.js';
import type { Rng } from '../core/rng.js';
import type { PriceModel } from './price-model.js';
import { requireBuffer, requireFinite, requireNonNegative, requirePositive } from './validate.js';

export interface GarchParams {
  /** Initial price, quote per base. */
  s0: number;
  /** Expected return per year, continuously compounded (exact for normal innovations). */
  mu: number;
  /** Long-run (unconditional) volatility per sqrt(year). Give this or `omega`, not both. */
  longRunVol?: number;
  /** Constant term of the recursion, a variance of one step's log return. Give this or `longRunVol`. */
  omega?: number;
  /** Weight of the last squared shock, per step, >= 0. */
  alpha: number;
  /** Weight of the last variance, per step, >= 0; alpha + beta < 1. */
  beta: number;
  /** Volatility per sqrt(year) of the first step (default: the long-run one). */
  initialVol?: number;
  /** Degrees of freedom of Student-t innovations, > 2 (finite variance); omit for normal innovations. */
  nu?: number;
  name?: string;
}

/** Unconditional variance of one step's shock eps, omega / (1 - alpha - beta), for step `dt` years. */
export function garchUnconditionalVariance(p: GarchParams, dt: number): number {
  return p.longRunVol !== undefined ? p.longRunVol * p.longRunVol * dt : (p.omega as number) / (1 - p.alpha - p.beta);
}

/**
 * Lag-1 autocorrelation of squared shocks eps_t^2 under normal innovations (Bollerslev 1988):
 * alpha (1 - alpha beta - beta^2) / (1 - 2 alpha beta - beta^2); lag k is this times (alpha + beta)^(k-1).
 * Needs a finite fourth moment, (alpha + beta)^2 + 2 alpha^2 < 1; returns NaN otherwise.
 */
export function garchSquaredShockAcf1(alpha: number, beta: number): number {
  if (!((alpha + beta) ** 2 + 2 * alpha * alpha < 1)) return NaN;
  return (alpha * (1 - alpha * beta - beta * beta)) / (1 - 2 * alpha * beta - beta * beta);
}

export class Garch implements PriceModel {
  readonly kind = 'garch';
  readonly assets = 1;
  readonly names: readonly string[];
  /** generate() fills the optional logReturns buffer (see PriceModel). */
  readonly writesLogReturns = true;
  /** A frozen copy: the cached per-step constants stay in step with it. */
  readonly params: Readonly<GarchParams>;

  private cachedDt = NaN;
  private omegaStep = 0;
  private h0 = 0;
  private muDt = 0;
  /** Student-t: nu - 2, and Marsaglia-Tsang constants for Gamma(nu / 2). */
  private readonly studentT: boolean;
  private readonly nuMinus2: number;
  private readonly gammaD: number;
  private readonly gammaC: number;

  constructor(params: GarchParams) {
    requirePositive('garch', 's0', params.s0);
    requireFinite('garch', 'mu', params.mu);
    requireNonNegative('garch', 'alpha', params.alpha);
    requireNonNegative('garch', 'beta', params.beta);
    if (!(params.alpha + params.beta < 1)) {
      throw new ModelError(`garch: alpha + beta must be < 1 for a finite long-run variance, got ${params.alpha} + ${params.beta} = ${params.alpha + params.beta}`);
    }
    if ((params.longRunVol === undefined) === (params.omega === undefined)) {
      throw new ModelError('garch: give exactly one of longRunVol (per sqrt(year)) and omega (variance per step)');
    }
    if (params.longRunVol !== undefined) requirePositive('garch', 'longRunVol', params.longRunVol);
    if (params.omega !== undefined) requirePositive('garch', 'omega', params.omega);
    if (params.initialVol !== undefined) requirePositive('garch', 'initialVol', params.initialVol);
    this.studentT = params.nu !== undefined;
    if (params.nu !== undefined && !(params.nu > 2)) {
      throw new ModelError(`garch: nu (Student-t degrees of freedom) must be > 2 for unit-variance innovations, got ${params.nu}`);
    }
    const nu = params.nu ?? Infinity;
    this.nuMinus2 = nu - 2;
    this.gammaD = nu / 2 - 1 / 3;
    this.gammaC = 1 / Math.sqrt(9 * this.gammaD);
    this.params = Object.freeze({ ...params });
    this.names = [params.name ?? 'asset'];
  }

  /**
   * Writes one path into `prices`; with `logReturns` (same layout, row 0 set to 0) also the log
   * return of each step, which the model computes anyway, so metrics need no log per step.
   */
  generate(normals: NormalSampler, prices: Float64Array, steps: number, dt: number, logReturns?: Float64Array): void {
    requireBuffer('garch', prices, steps, 1);
    if (logReturns !== undefined) requireBuffer('garch', logReturns, steps, 1);
    const lr = logReturns ?? null;
    if (dt !== this.cachedDt) this.setDt(dt);
    const { alpha, beta } = this.params;
    const omega = this.omegaStep, muDt = this.muDt, studentT = this.studentT;
    let h = this.h0;
    let s = this.params.s0;
    prices[0] = s;
    if (lr !== null) lr[0] = 0;
    for (let t = 1; t <= steps; t++) {
      let z = normals.next();
      if (studentT) z *= Math.sqrt(this.nuMinus2 / (2 * this.gamma(normals)));
      const eps = Math.sqrt(h) * z;
      const x = muDt - 0.5 * h + eps;
      s *= expStep(x);
      prices[t] = s;
      if (lr !== null) lr[t] = x;
      h = omega + alpha * eps * eps + beta * h;
    }
  }

  private setDt(dt: number): void {
    const p = this.params;
    if (!(dt > 0)) throw new ModelError(`garch: the step dt must be > 0 years, got ${dt}`);
    this.omegaStep = p.longRunVol !== undefined ? p.longRunVol * p.longRunVol * dt * (1 - p.alpha - p.beta) : (p.omega as number);
    this.h0 = p.initialVol !== undefined ? p.initialVol * p.initialVol * dt : this.omegaStep / (1 - p.alpha - p.beta);
    this.muDt = p.mu * dt;
    this.cachedDt = dt;
  }

  /** Gamma(nu / 2, 1) by Marsaglia and Tsang (2000); shape > 1 since nu > 2. Twice it is chi-square(nu). */
  private gamma(normals: NormalSampler): number {
    const d = this.gammaD, c = this.gammaC;
    const rng: Rng = normals.rng;
    for (;;) {
      const x = normals.next();
      let v = 1 + c * x;
      if (v <= 0) continue;
      v = v * v * v;
      const u = rng.nextOpenFloat();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  }
}
