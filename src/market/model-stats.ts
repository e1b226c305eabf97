/**
 * Sample statistics for checking price models against their closed forms, with the Monte Carlo
 * standard errors that statistical tests pick their tolerances from. Also usable by reports (the
 * realised moments of a simulated or historical path).
 */
import { NormalSampler } from '../core/normal.js';
import { Rng } from '../core/rng.js';
import { SECONDS_PER_YEAR } from '../core/units.js';
import { uniformGrid, type MarketPath } from './market-path.js';
import type { PriceModel } from './price-model.js';

export interface SampleMoments {
  n: number;
  mean: number;
  /** Unbiased sample variance (divides by n - 1). */
  variance: number;
  /** Standard error of the mean, sqrt(variance / n). */
  stderrMean: number;
  /**
   * Standard error of the sample variance, sqrt((m4 - m2^2) / n) from the sample fourth central
   * moment, so it holds for fat-tailed samples (jumps, GARCH), not only normal ones.
   */
  stderrVariance: number;
  /** Excess kurtosis m4 / m2^2 - 3 (0 for a normal sample). */
  excessKurtosis: number;
}

/** Mean, variance and their standard errors of a sample, in two passes for accuracy. */
export function sampleMoments(xs: ArrayLike<number>): SampleMoments {
  const n = xs.length;
  if (n < 2) throw new RangeError(`sampleMoments needs at least 2 values, got ${n}`);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += xs[i];
  const mean = sum / n;
  let m2 = 0, m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m4 += d2 * d2;
  }
  const variance = m2 / (n - 1);
  m2 /= n;
  m4 /= n;
  return {
    n,
    mean,
    variance,
    stderrMean: Math.sqrt(variance / n),
    stderrVariance: Math.sqrt(Math.max(m4 - m2 * m2, 0) / n),
    excessKurtosis: m4 / (m2 * m2) - 3,
  };
}

/** Pearson correlation of two equally long samples. */
export function sampleCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n !== y.length || n < 2) throw new RangeError(`sampleCorrelation needs two samples of equal length >= 2, got ${n} and ${y.length}`);
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
  mx /= n; my /= n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx, dy = y[i] - my;
    sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Sample autocorrelation of `xs` at `lag` (the usual estimator: lagged covariance over variance, both divided by n). */
export function autocorrelation(xs: ArrayLike<number>, lag: number): number {
  const n = xs.length;
  if (!(lag >= 1 && lag < n)) throw new RangeError(`autocorrelation lag must be in [1, ${n - 1}], got ${lag}`);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += xs[i];
  mean /= n;
  let num = 0, den = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i] - mean;
    den += d * d;
    if (i + lag < n) num += d * (xs[i + lag] - mean);
  }
  return num / den;
}

export interface SimulationSpec {
  seed: number;
  paths: number;
  steps: number;
  /** Step in years. */
  dt: number;
  /** Random stream of the seed, default 0. */
  stream?: number;
}

/**
 * Runs `paths` paths of `model` from one seeded stream and calls `visit(prices, path)` with the
 * reused time-major buffer of each path ((steps + 1) * assets values). For tests and small
 * studies; the engine's Monte Carlo runner does the same with its own streams and blocks.
 */
export function forEachPath(model: PriceModel, spec: SimulationSpec, visit: (prices: Float64Array, path: number) => void): void {
  const normals = new NormalSampler(new Rng(spec.seed, spec.stream ?? 0));
  const prices = new Float64Array((spec.steps + 1) * model.assets);
  for (let p = 0; p < spec.paths; p++) {
    model.generate(normals, prices, spec.steps, spec.dt);
    visit(prices, p);
  }
}

/**
 * Log returns ln(S_T / S_0) over the whole path, one per path and asset: element p * assets + i
 * is asset i of path p.
 */
export function terminalLogReturns(model: PriceModel, spec: SimulationSpec): Float64Array {
  const n = model.assets;
  const last = spec.steps * n;
  const out = new Float64Array(spec.paths * n);
  forEachPath(model, spec, (prices, p) => {
    for (let i = 0; i < n; i++) out[p * n + i] = Math.log(prices[last + i] / prices[i]);
  });
  return out;
}

/**
 * One simulated path as a MarketPath on a uniform time grid, for backtesting a policy on synthetic
 * data or writing it out with formatPriceCsv. `start` is seconds since the epoch (UTC) of row 0,
 * `stepSeconds` the spacing; the model steps dt = stepSeconds / SECONDS_PER_YEAR years. Allocates
 * the path (once); the Monte Carlo runner reuses buffers instead.
 */
export function simulateMarketPath(
  model: PriceModel,
  spec: { seed: number; stream?: number; steps: number; stepSeconds: number; start: number },
): MarketPath {
  if (!(spec.stepSeconds > 0)) throw new RangeError(`stepSeconds must be > 0, got ${spec.stepSeconds}`);
  const prices = new Float64Array((spec.steps + 1) * model.assets);
  model.generate(new NormalSampler(new Rng(spec.seed, spec.stream ?? 0)), prices, spec.steps, spec.stepSeconds / SECONDS_PER_YEAR);
  return { assets: model.assets, names: model.names, steps: spec.steps, times: uniformGrid(spec.steps, spec.start, spec.stepSeconds), prices };
}
