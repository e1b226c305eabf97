/**
 * A policy decides whether to rebalance now and to what target. It looks at the product (and
 * the prices), never trades itself, and returns a `Signal`; on a signal, `targets[leg]` holds the
 * new target of each leg flagged in `legMask` (bit `leg`; single-leg products use bit 0).
 *
 * Policies are configured once and are plain state machines over numbers: `evaluate` runs every
 * step of every path and must not allocate.
 */
import type { Product } from './product.js';

export interface Policy<P extends Product = Product> {
  /** Targets per leg, valid for legs flagged in `legMask` after a non-zero signal. */
  readonly targets: Float64Array;
  /** Bit mask of the legs the last signal applies to. */
  legMask: number;
  /** Resets schedules and memory (last rebalance time and price) at the start of a path. */
  reset(product: P, prices: Float64Array, row: number, now: number): void;
  /** Looks at the product after it marked itself; returns a Signal. */
  evaluate(product: P, prices: Float64Array, row: number, now: number): number;
}
