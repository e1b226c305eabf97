/**
 * Parameter checks shared by the price models, so every model rejects a meaningless parameter with
 * the same kind of message: `<model>: <name> must be <rule>, got <value>` as a ModelError.
 */
import { ModelError } from '../core/errors.js';

export function requireFinite(model: string, name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ModelError(`${model}: ${name} must be a finite number, got ${value}`);
}

export function requirePositive(model: string, name: string, value: number): void {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) throw new ModelError(`${model}: ${name} must be a finite number > 0, got ${value}`);
}

export function requireNonNegative(model: string, name: string, value: number): void {
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) throw new ModelError(`${model}: ${name} must be a finite number >= 0, got ${value}`);
}

/** Closed interval [lo, hi]. */
export function requireInRange(model: string, name: string, value: number, lo: number, hi: number): void {
  if (typeof value !== 'number' || !(value >= lo && value <= hi)) throw new ModelError(`${model}: ${name} must be between ${lo} and ${hi}, got ${value}`);
}

/**
 * Throws a RangeError when a path buffer is too small for `steps` steps of `assets` assets: a
 * typed array silently drops out-of-range writes, which would leave a path half written.
 * Costs one comparison per path, outside the step loop.
 */
export function requireBuffer(model: string, prices: Float64Array, steps: number, assets: number): void {
  if (prices.length < (steps + 1) * assets) {
    throw new RangeError(`${model}: prices buffer holds ${prices.length} values, needs (steps + 1) * assets = ${(steps + 1) * assets}`);
  }
}
