/**
 * When an LP position moves its ranges, and to where. One policy class with three kinds:
 *
 * - `passive`: mints once at the start (a range or the full range) and never moves.
 * - `recenter`: re-centres one range of half-width h ([p / (1 + h), p (1 + h)] on the tick grid)
 *   on the pool's tick when the price leaves the range, when `period` has passed since the last
 *   rebalance, or when the tick has moved `tickMove` ticks from the range's centre (triggers
 *   combine with OR), swapping the idle tokens to the new range's ratio through the venue.
 * - `charm`: Charm Alpha Vaults' passive strategy: a base range [X - B, X + TS + B] and a limit
 *   range on the side that holds the leftover token ([X - L, X] or [X + TS, X + TS + L]), with X
 *   the tick floored onto the spacing; it never swaps. A rebalance needs `period` since the last
 *   one and a tick move of at least `minTickMove`, and the tick inside the curve's bounds.
 *
 * Guard (any kind): a rebalance is refused when the pool's tick is more than `maxTwapDeviation`
 * ticks from its time-weighted average over `twapDuration` (Charm's check; it defeats a spot
 * price pushed just before the rebalance). The refusal is counted and the policy tries again at
 * the next step. Ticks are the pool's (what a contract sees), not the external price's.
 */
import { ConfigError } from '../../core/errors.js';
import type { Policy } from '../../engine/policy.js';
import { Signal } from '../../engine/signal.js';
import { charmRanges, charmTickInBounds } from '../../pools/charm-ranges.js';
import { rangeAround } from '../../pools/sim/v3-sim-pool.js';
import { RangeRole, type LpPosition, type RangePlan } from './position.js';

export type LpPolicyKind = 'passive' | 'recenter' | 'charm';

export interface LpPolicyParams {
  kind: LpPolicyKind;
  /** Half-width h of the (re-centred or passive) range as a fraction of price; undefined for the full range. */
  halfWidth?: number;
  /** Passive: explicit range bounds as prices (quote per base), rounded outward to the tick grid. */
  bounds?: [number, number];
  /** Re-centre when the pool's tick leaves the range. */
  outOfRange: boolean;
  /** Seconds between rebalances (recenter: a trigger; charm: the minimum); Infinity for none. */
  period: number;
  /** Re-centre when the tick is this many ticks from the range's centre; Infinity for none. */
  tickMove: number;
  /** Swap to the new range's token ratio (recenter). */
  swap: boolean;
  /** Charm base and limit thresholds B and L, ticks (multiples of the spacing). */
  baseThreshold: number;
  limitThreshold: number;
  /** Charm: smallest tick move since the last rebalance. */
  minTickMove: number;
  /** Largest |tick - TWAP tick| at which a rebalance may proceed, ticks; Infinity for no guard. */
  maxTwapDeviation: number;
  /** TWAP window, seconds. */
  twapDuration: number;
}

export const LP_POLICY_DEFAULTS: LpPolicyParams = {
  kind: 'passive',
  outOfRange: false,
  period: Infinity,
  tickMove: Infinity,
  swap: true,
  baseThreshold: 3600,
  limitThreshold: 1200,
  minTickMove: 0,
  maxTwapDeviation: Infinity,
  twapDuration: 60,
};

export const LpTrigger = { None: 0, OutOfRange: 1, Period: 2, TickMove: 3, Charm: 4 } as const;
export const LP_TRIGGER_NAMES = ['none', 'out-of-range', 'period', 'tick-move', 'charm'] as const;

export class LpRangePolicy implements Policy<LpPosition> {
  readonly params: LpPolicyParams;
  readonly targets = new Float64Array(1);
  legMask = 1;
  lastTrigger: number = LpTrigger.None;
  /** Per-trigger counts on the current path. */
  readonly fired = new Float64Array(LP_TRIGGER_NAMES.length);
  /** Rebalances refused by the TWAP guard on the current path. */
  twapRefusals = 0;
  private readonly kind: number;
  private last = -Infinity;
  private lastTick = 0;
  private centre = 0;

  constructor(params: Partial<LpPolicyParams> & { kind: LpPolicyKind }) {
    this.params = { ...LP_POLICY_DEFAULTS, ...params };
    const p = this.params;
    this.kind = p.kind === 'passive' ? 0 : p.kind === 'recenter' ? 1 : 2;
    if (p.halfWidth !== undefined && !(p.halfWidth > 0)) throw new ConfigError('policy.halfWidthPct', `must be positive, got ${p.halfWidth * 100}`);
    if (p.bounds !== undefined && !(p.bounds[0] > 0 && p.bounds[1] > p.bounds[0])) throw new ConfigError('policy.range', `needs 0 < lower < upper, got ${p.bounds[0]} and ${p.bounds[1]}`);
    if (!(p.period > 0)) throw new ConfigError('policy.period', `must be a positive duration, got ${p.period}`);
    if (!(p.tickMove > 0)) throw new ConfigError('policy.tickMove', `must be a positive number of ticks, got ${p.tickMove}`);
    if (!(p.maxTwapDeviation >= 0)) throw new ConfigError('policy.twapGuard.maxDeviationTicks', `must be non-negative, got ${p.maxTwapDeviation}`);
    if (!(p.twapDuration > 0)) throw new ConfigError('policy.twapGuard.duration', `must be a positive duration, got ${p.twapDuration}`);
    if (p.kind === 'recenter') {
      if (p.halfWidth === undefined) throw new ConfigError('policy.halfWidthPct', 'a re-centred range needs a width (a full range never leaves its range)');
      if (!p.outOfRange && p.period === Infinity && p.tickMove === Infinity) throw new ConfigError('policy', 'set at least one trigger: outOfRange, period or tickMove');
    }
    if (p.kind === 'charm' && !(p.baseThreshold > 0 && p.limitThreshold > 0)) throw new ConfigError('policy.baseThreshold', 'Charm thresholds must be positive ticks');
  }

  /** The ranges to hold around `tick`. */
  plan(lp: LpPosition, tick: number): RangePlan {
    const p = this.params;
    const spacing = lp.pool.tickSpacing;
    if (this.kind === 2) {
      const r = charmRanges(tick, spacing, p.baseThreshold, p.limitThreshold);
      return { ranges: [[...r.base, RangeRole.Base], [...r.bid, RangeRole.Bid], [...r.ask, RangeRole.Ask]], swap: false };
    }
    if (p.bounds !== undefined && this.kind === 0) {
      const pool = lp.pool;
      let top = pool.tickAtPrice(p.bounds[1]);
      if (pool.priceAtTick(top) < p.bounds[1] * (1 - 1e-12)) top++;
      const lo = Math.floor(pool.tickAtPrice(p.bounds[0]) / spacing) * spacing;
      const hi = Math.ceil(top / spacing) * spacing;
      return { ranges: [[lo, hi > lo ? hi : lo + spacing, RangeRole.Base]], swap: false };
    }
    const [lo, hi] = rangeAround(tick, p.halfWidth, spacing);
    return { ranges: [[lo, hi, RangeRole.Base]], swap: this.kind === 1 && p.swap };
  }

  reset(lp: LpPosition, _prices: Float64Array, _row: number, now: number): void {
    const tick = lp.pool.tick();
    lp.open(this.plan(lp, tick));
    this.last = now;
    this.lastTick = this.centre = tick;
    this.lastTrigger = LpTrigger.None;
    this.fired.fill(0);
    this.twapRefusals = 0;
  }

  /** The common case (nothing fires) is a few comparisons; firing is handled in `fire`. */
  evaluate(lp: LpPosition, _prices: Float64Array, _row: number, now: number): number {
    if (this.kind === 0 || lp.busy()) return Signal.None;
    const tick = lp.pool.tick();
    const p = this.params;
    if (this.kind === 1) {
      if (p.outOfRange && !lp.inRange) return this.fire(LpTrigger.OutOfRange, lp, tick, now);
      if (now >= this.last + p.period) return this.fire(LpTrigger.Period, lp, tick, now);
      if (tick - this.centre >= p.tickMove || this.centre - tick >= p.tickMove) return this.fire(LpTrigger.TickMove, lp, tick, now);
      return Signal.None;
    }
    if (now >= this.last + p.period && (tick - this.lastTick >= p.minTickMove || this.lastTick - tick >= p.minTickMove)) return this.fire(LpTrigger.Charm, lp, tick, now);
    return Signal.None;
  }

  private fire(trigger: number, lp: LpPosition, tick: number, now: number): number {
    const p = this.params;
    this.lastTrigger = trigger;
    if (p.maxTwapDeviation !== Infinity && lp.oracle !== null) {
      const twap = lp.oracle.twap(now, p.twapDuration, tick);
      if (Math.abs(tick - twap) > p.maxTwapDeviation) {
        this.twapRefusals++;
        return Signal.None;
      }
    }
    if (this.kind === 2 && !charmTickInBounds(tick, lp.pool.tickSpacing, p.baseThreshold, p.limitThreshold)) return Signal.None;
    this.fired[trigger]++;
    this.last = now;
    this.lastTick = this.centre = tick;
    const target = lp.rebalance(this.plan(lp, tick));
    if (target !== target) return Signal.None;
    this.targets[0] = target;
    return Signal.Rebalance;
  }
}
