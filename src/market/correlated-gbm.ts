/**
 * Several assets, each a GBM, driven by correlated Brownian motions:
 *
 *   dS_i / S_i = mu_i dt + sigma_i dW_i,   d<W_i, W_j> = corr[i][j] dt.
 *
 * For products on more than one asset (an LP position in ETH/BTC, a basket, a hedge in a
 * correlated asset). Stepped exactly like Gbm in log space: with L the lower Cholesky factor of the
 * correlation matrix (computed once, in the constructor) and Z independent standard normals,
 *
 *   ln S_i(t + dt) = ln S_i(t) + (mu_i - sigma_i^2 / 2) dt + sigma_i sqrt(dt) sum_{j <= i} L[i][j] Z_j.
 *
 * Each step draws one normal per asset, in asset order. The factor is premultiplied by
 * sigma_i sqrt(dt) once per step size, so a step costs n(n+1)/2 multiply-adds and n exps. With one
 * asset the path equals Gbm's for the same seed, number for number.
 *
 * Layout is time-major like every MarketPath: prices[t * assets + i].
 */
import { ModelError } from '../core/errors.js';
import { expStep } from '../core/fast-exp.js';
import type { NormalSampler } from '../core/normal.js';
import type { PriceModel } from './price-model.js';
import { requireBuffer, requireFinite, requireNonNegative, requirePositive } from './validate.js';

export interface CorrelatedAsset {
  /** Asset name for reports, unique within the model, e.g. "ETH". */
  name: string;
  /** Initial price, quote per base. */
  s0: number;
  /** Drift per year, continuously compounded: E[S_T] = s0 exp(mu T). */
  mu: number;
  /** Volatility per sqrt(year). */
  sigma: number;
}

export interface CorrelatedGbmParams {
  assets: readonly CorrelatedAsset[];
  /**
   * Correlation matrix of the Brownian motions (of log returns), assets.length square, in asset
   * order: symmetric, ones on the diagonal, entries in [-1, 1], positive definite.
   */
  correlation: readonly (readonly number[])[];
}

/** Tolerance for symmetry and the unit diagonal: rounding in a matrix typed as decimals or computed elsewhere. */
const MATRIX_TOLERANCE = 1e-12;

/**
 * Checks a correlation matrix and returns its lower Cholesky factor L (C = L L^T), row-major n x n.
 * Throws a ModelError naming the offending entry (with asset names) or the first leading block
 * that is not positive definite.
 */
export function choleskyCorrelation(correlation: readonly (readonly number[])[], names: readonly string[]): Float64Array {
  const n = names.length;
  const label = (i: number, j: number) => `correlation[${i}][${j}] (${names[i]}, ${names[j]})`;
  if (!Array.isArray(correlation) || correlation.length !== n) {
    throw new ModelError(`correlated-gbm: the correlation matrix has ${Array.isArray(correlation) ? correlation.length : 'no'} rows but there are ${n} assets (${names.join(', ')}); it must be ${n} x ${n}`);
  }
  for (let i = 0; i < n; i++) {
    const row = correlation[i];
    if (!Array.isArray(row) || row.length !== n) {
      throw new ModelError(`correlated-gbm: correlation row ${i} (${names[i]}) has ${Array.isArray(row) ? row.length : 'no'} entries, expected ${n} (one per asset)`);
    }
    for (let j = 0; j < n; j++) {
      const c = row[j];
      if (typeof c !== 'number' || !(c >= -1 && c <= 1)) throw new ModelError(`correlated-gbm: ${label(i, j)} = ${c} must be a number between -1 and 1`);
    }
  }
  for (let i = 0; i < n; i++) {
    if (Math.abs(correlation[i][i] - 1) > MATRIX_TOLERANCE) throw new ModelError(`correlated-gbm: ${label(i, i)} = ${correlation[i][i]}: the diagonal of a correlation matrix must be 1`);
    for (let j = 0; j < i; j++) {
      if (Math.abs(correlation[i][j] - correlation[j][i]) > MATRIX_TOLERANCE) {
        throw new ModelError(`correlated-gbm: ${label(i, j)} = ${correlation[i][j]} but ${label(j, i)} = ${correlation[j][i]}: the matrix must be symmetric`);
      }
    }
  }
  // Cholesky-Banachiewicz, row by row; a pivot <= 0 means the leading (i+1) x (i+1) block is not positive definite.
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = correlation[i][j];
      for (let k = 0; k < j; k++) sum -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (!(sum > MATRIX_TOLERANCE)) {
          const block = names.slice(0, i + 1).join(', ');
          throw new ModelError(
            `correlated-gbm: the correlation matrix is not positive definite: the correlations among ${block} cannot hold together ` +
              `(Cholesky pivot ${sum.toPrecision(3)} at ${names[i]}); correlations of exactly +-1 are not allowed either, use e.g. 0.999`,
          );
        }
        L[i * n + i] = Math.sqrt(sum);
      } else {
        L[i * n + j] = sum / L[j * n + j];
      }
    }
  }
  return L;
}

export class CorrelatedGbm implements PriceModel {
  readonly kind = 'correlated-gbm';
  readonly assets: number;
  readonly names: readonly string[];
  /** generate() fills the optional logReturns buffer (see PriceModel). */
  readonly writesLogReturns = true;
  /** Frozen copies of the assets and the matrix. */
  readonly params: Readonly<CorrelatedGbmParams>;
  /** Lower Cholesky factor of the correlation matrix, row-major assets x assets. */
  readonly cholesky: Float64Array;

  private readonly s0: Float64Array;
  /** Per step: (mu_i - sigma_i^2 / 2) dt and sigma_i sqrt(dt) L[i][j]. */
  private readonly drift: Float64Array;
  private readonly loadings: Float64Array;
  /** This step's independent normals. */
  private readonly z: Float64Array;
  private cachedDt = NaN;

  constructor(params: CorrelatedGbmParams) {
    const assets = params.assets;
    if (!Array.isArray(assets) || assets.length === 0) throw new ModelError('correlated-gbm: assets must be a non-empty list of { name, s0, mu, sigma }');
    const seen = new Set<string>();
    assets.forEach((a, i) => {
      if (typeof a.name !== 'string' || a.name === '') throw new ModelError(`correlated-gbm: assets[${i}].name must be a non-empty string`);
      if (seen.has(a.name)) throw new ModelError(`correlated-gbm: asset name "${a.name}" appears twice; names must be unique`);
      seen.add(a.name);
      const where = `correlated-gbm: assets[${i}] (${a.name})`;
      requirePositive(where, 's0', a.s0);
      requireFinite(where, 'mu', a.mu);
      requireNonNegative(where, 'sigma', a.sigma);
    });
    const n = assets.length;
    this.assets = n;
    this.names = Object.freeze(assets.map((a) => a.name));
    this.cholesky = choleskyCorrelation(params.correlation, this.names);
    this.params = Object.freeze({
      assets: Object.freeze(assets.map((a) => Object.freeze({ ...a }))),
      correlation: Object.freeze(params.correlation.map((row) => Object.freeze([...row]))),
    });
    this.s0 = Float64Array.from(assets, (a) => a.s0);
    this.drift = new Float64Array(n);
    this.loadings = new Float64Array(n * n);
    this.z = new Float64Array(n);
  }

  /**
   * Writes one path into `prices`; with `logReturns` (same layout, row 0 set to 0) also the log
   * return of each step, which the model computes anyway, so metrics need no log per step.
   */
  generate(normals: NormalSampler, prices: Float64Array, steps: number, dt: number, logReturns?: Float64Array): void {
    const n = this.assets;
    requireBuffer('correlated-gbm', prices, steps, n);
    if (logReturns !== undefined) requireBuffer('correlated-gbm', logReturns, steps, n);
    const lr = logReturns ?? null;
    if (dt !== this.cachedDt) this.setDt(dt);
    const drift = this.drift, loadings = this.loadings, z = this.z;
    for (let i = 0; i < n; i++) {
      prices[i] = this.s0[i];
      if (lr !== null) lr[i] = 0;
    }
    for (let t = 1; t <= steps; t++) {
      for (let j = 0; j < n; j++) z[j] = normals.next();
      const row = t * n, prev = row - n;
      for (let i = 0; i < n; i++) {
        let x = drift[i];
        const li = i * n;
        for (let j = 0; j <= i; j++) x += loadings[li + j] * z[j];
        prices[row + i] = prices[prev + i] * expStep(x);
        if (lr !== null) lr[row + i] = x;
      }
    }
  }

  private setDt(dt: number): void {
    if (!(dt > 0)) throw new ModelError(`correlated-gbm: the step dt must be > 0 years, got ${dt}`);
    const n = this.assets, sqrtDt = Math.sqrt(dt);
    const assets = this.params.assets;
    for (let i = 0; i < n; i++) {
      const { mu, sigma } = assets[i];
      this.drift[i] = (mu - 0.5 * sigma * sigma) * dt;
      const vol = sigma * sqrtDt;
      for (let j = 0; j <= i; j++) this.loadings[i * n + j] = vol * this.cholesky[i * n + j];
    }
    this.cachedDt = dt;
  }
}
