/** Small tick helpers for position management (not contract code). */
import { MAX_TICK, MIN_TICK } from './tick-math.js';

/**
 * The usable tick nearest to `tick` for a spacing, as the SDK's nearestUsableTick: rounds with
 * JavaScript's Math.round, so halves go UP (toward +infinity: -2.5 spacings becomes -2), then steps
 * back inside [MIN_TICK, MAX_TICK].
 */
export function nearestUsableTick(tick: number, tickSpacing: number): number {
  if (!Number.isInteger(tick) || !Number.isInteger(tickSpacing) || tickSpacing <= 0) throw new RangeError('tick and tickSpacing must be integers, tickSpacing > 0');
  if (tick < MIN_TICK || tick > MAX_TICK) throw new RangeError(`tick ${tick} is outside [${MIN_TICK}, ${MAX_TICK}]`);
  const rounded = Math.round(tick / tickSpacing) * tickSpacing;
  if (rounded < MIN_TICK) return rounded + tickSpacing;
  if (rounded > MAX_TICK) return rounded - tickSpacing;
  return rounded;
}

/** The tick floored toward negative infinity onto the spacing grid (what vaults like Charm use). */
export function floorToSpacing(tick: number, tickSpacing: number): number {
  return Math.floor(tick / tickSpacing) * tickSpacing;
}

/** The widest usable range for a spacing: MIN_TICK and MAX_TICK rounded inward. */
export function fullRange(tickSpacing: number): [number, number] {
  return [Math.ceil(MIN_TICK / tickSpacing) * tickSpacing, Math.floor(MAX_TICK / tickSpacing) * tickSpacing];
}
