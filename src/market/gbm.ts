/**
 * Geometric Brownian motion, dS/S = mu dt + sigma dW, stepped exactly in log space:
 * S(t+dt) = S(t) exp((mu - sigma^2/2) dt + sigma sqrt(dt) Z). No discretisation error at any step size.
 */
import { ModelError } from '../core/errors.js';
import { expStep } from '../core/fast-exp.js';
import type { NormalSampler } from '../core/normal.js';
import type { PriceModel } from './price-model.js';
import { requireBuffer } from './validate.js';

export interface GbmParams {
  /** Initial price, quote per base. */
  s0: number;
  /** Drift per year (continuously compounded). */
  mu: number;
  /** Volatility per sqrt(year). */
  sigma: number;
  name?: string;
}

export class Gbm implements PriceModel {
  readonly kind = 'gbm';
  readonly assets = 1;
  /** generate() fills the optional logReturns buffer (see PriceModel). */
  readonly writesLogReturns = true;
  readonly names: readonly string[];
  /**
   * A frozen copy of the constructor's argument. It used to be the caller's object itself, so a
   * caller that reused and mutated its params object (a parameter sweep) changed s0 for the next
   * path but not the drift and volatility cached below for the same dt: a silently mixed model.
   */
  readonly params: Readonly<GbmParams>;
  private cachedDt = NaN;
  private drift = 0;
  private vol = 0;

  constructor(params: GbmParams) {
    if (!(params.s0 > 0) || !Number.isFinite(params.s0)) throw new ModelError(`gbm: s0 must be a finite number > 0, got ${params.s0}`);
    if (!(params.sigma >= 0) || !Number.isFinite(params.sigma)) throw new ModelError(`gbm: sigma must be a finite number >= 0, got ${params.sigma}`);
    if (!Number.isFinite(params.mu)) throw new ModelError(`gbm: mu must be a finite number, got ${params.mu}`);
    this.params = Object.freeze({ ...params });
    this.names = [params.name ?? 'asset'];
  }

  /**
   * Writes one path into `prices`; with `logReturns` (same layout, row 0 set to 0) also the log
   * return of each step, which the model computes anyway, so metrics need no log per step.
   * Two passes: a block of normals straight into the price buffer (NormalSampler.fill, the fast
   * inlined generator), then the exact log-space step in place.
   */
  generate(normals: NormalSampler, prices: Float64Array, steps: number, dt: number, logReturns?: Float64Array): void {
    requireBuffer('gbm', prices, steps, 1);
    if (logReturns !== undefined) requireBuffer('gbm', logReturns, steps, 1);
    if (dt !== this.cachedDt) {
      const { mu, sigma } = this.params;
      this.drift = (mu - 0.5 * sigma * sigma) * dt;
      this.vol = sigma * Math.sqrt(dt);
      this.cachedDt = dt;
    }
    const drift = this.drift, vol = this.vol;
    normals.fill(prices, 1, steps + 1);
    let s = this.params.s0;
    prices[0] = s;
    if (logReturns !== undefined) {
      logReturns[0] = 0;
      for (let t = 1; t <= steps; t++) {
        const x = drift + vol * prices[t];
        s *= expStep(x);
        prices[t] = s;
        logReturns[t] = x;
      }
      return;
    }
    for (let t = 1; t <= steps; t++) {
      s *= expStep(drift + vol * prices[t]);
      prices[t] = s;
    }
  }
}
