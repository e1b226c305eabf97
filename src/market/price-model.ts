/**
 * A stochastic price model that writes whole paths into a reusable buffer.
 *
 * Path-major generation (one path at a time, all steps in a tight loop over a Float64Array) is
 * what keeps Monte Carlo fast: per-step constants are computed once in the constructor, the loop
 * does one normal draw and one exp per asset-step, and nothing allocates.
 */
import type { NormalSampler } from '../core/normal.js';

export interface PriceModel {
  /** Short identifier for reports, e.g. "gbm". */
  readonly kind: string;
  /** Number of assets this model moves together. */
  readonly assets: number;
  /** Asset names. */
  readonly names: readonly string[];
  /**
   * Writes rows 0..steps of one path into `prices` (time-major, row 0 = initial prices), drawing
   * normals from `normals`. `dt` is the step in years. Must not allocate. When `logReturns` is
   * given, a model may also write ln(S_t / S_{t-1}) into it (same layout); models that do set
   * `writesLogReturns`.
   */
  generate(normals: NormalSampler, prices: Float64Array, steps: number, dt: number, logReturns?: Float64Array): void;
  /** True when `generate` fills `logReturns`. */
  readonly writesLogReturns?: boolean;
}
