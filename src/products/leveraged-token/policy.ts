/**
 * When a leveraged token rebalances, and to what leverage. One policy with optional triggers that
 * combine with OR, as Index Coop's extensions and the exchanges do:
 *
 * - `schedule`: calendar instants (FTX's daily 00:02 UTC, every 4 hours);
 * - `interval`: time since the last trade (Index Coop's `rebalanceInterval`);
 * - `band`: leverage outside [min, max] (magnitudes in the target's direction);
 * - `priceMove`: the underlying moved by a fraction since the last rebalance (exchange thresholds;
 *   `against` fires only on moves that raise leverage, as KuCoin and MEXC do);
 * - `ripcord`: leverage at or above an incentivised level fires an emergency rebalance to the band's
 *   max (or the target) that overrides a running TWAP, with its own cooldown.
 *
 * The new leverage is clamp(L (1 - RS) + T RS, min, max) when a band is set (Index Coop) and T
 * otherwise. `deleverOnlyIntraday` lets triggers other than the schedule and interval only reduce
 * leverage (FTX after the 2019 MOON/DOOM episode). Inverse tokens work on |L| with the sign restored.
 */
import { ConfigError } from '../../core/errors.js';
import { nextAfter, type Schedule } from '../../clock/schedule.js';
import type { Policy } from '../../engine/policy.js';
import { Signal } from '../../engine/signal.js';
import { recenter } from './recentering.js';
import type { LeveragedToken } from './token.js';

export interface LeveragePolicyParams {
  /** Target leverage, signed (must equal the product's). */
  target: number;
  band?: { min: number; max: number; recenteringSpeed: number };
  schedule?: Schedule;
  /** Seconds since the last trade after which a rebalance is due. */
  interval?: number;
  priceMove?: { threshold: number; side: 'both' | 'against' };
  deleverOnlyIntraday?: boolean;
  ripcord?: { leverage: number; cooldown: number };
}

/** Which trigger fired, for the ledger and reports. */
export const Trigger = { None: 0, Schedule: 1, Interval: 2, Band: 3, PriceMove: 4, Ripcord: 5 } as const;
export const TRIGGER_NAMES = ['none', 'schedule', 'interval', 'band', 'price-move', 'ripcord'] as const;

export class LeverageRebalancePolicy implements Policy<LeveragedToken> {
  readonly params: LeveragePolicyParams;
  readonly targets = new Float64Array(1);
  legMask = 1;
  /** The trigger behind the last signal. */
  lastTrigger: number = Trigger.None;
  /** Per-trigger counts on the current path. */
  readonly fired = new Float64Array(TRIGGER_NAMES.length);

  private readonly sign: number;
  private readonly absTarget: number;
  private readonly min: number;
  private readonly max: number;
  private readonly rs: number;
  private readonly hasBand: boolean;
  private readonly interval: number;
  private readonly moveThreshold: number;
  private readonly moveAgainstOnly: boolean;
  private readonly deleverOnly: boolean;
  private readonly ripcordLevel: number;
  private readonly ripcordCooldown: number;
  private nextDue = Infinity;
  private lastRipcord = -Infinity;
  /** Time of the last rebalance signal; the interval runs from the later of it and the last trade. */
  private lastSignal = -Infinity;

  constructor(params: LeveragePolicyParams) {
    this.params = params;
    const t = params.target;
    if (!Number.isFinite(t) || t === 0) throw new ConfigError('policy.target', `must be a non-zero leverage, got ${t}`);
    this.sign = t > 0 ? 1 : -1;
    this.absTarget = Math.abs(t);
    const band = params.band;
    this.hasBand = band !== undefined;
    this.min = band ? band.min : 0;
    this.max = band ? band.max : Infinity;
    this.rs = band ? band.recenteringSpeed : 1;
    if (band) {
      if (!(band.min > 0 && band.min <= this.absTarget)) throw new ConfigError('policy.band.min', `must satisfy 0 < min <= |target| = ${this.absTarget}, got ${band.min}`);
      if (!(band.max >= this.absTarget)) throw new ConfigError('policy.band.max', `must be at least |target| = ${this.absTarget}, got ${band.max}`);
      if (!(band.recenteringSpeed > 0 && band.recenteringSpeed <= 1)) {
        throw new ConfigError('policy.band.recenteringSpeed', `must be in (0, 1], got ${band.recenteringSpeed}`);
      }
    }
    this.interval = params.interval ?? Infinity;
    if (!(this.interval > 0)) throw new ConfigError('policy.interval', `must be a positive duration, got ${params.interval}`);
    this.moveThreshold = params.priceMove?.threshold ?? Infinity;
    if (!(this.moveThreshold > 0)) throw new ConfigError('policy.priceMove.threshold', `must be a positive fraction, got ${this.moveThreshold}`);
    this.moveAgainstOnly = params.priceMove?.side === 'against';
    this.deleverOnly = params.deleverOnlyIntraday ?? false;
    this.ripcordLevel = params.ripcord?.leverage ?? Infinity;
    this.ripcordCooldown = params.ripcord?.cooldown ?? 0;
    if (params.ripcord && !(this.ripcordLevel >= this.max || (!band && this.ripcordLevel > this.absTarget))) {
      throw new ConfigError('policy.ripcord.leverage', `must be at least the band max ${this.max} (and above |target|), got ${this.ripcordLevel}`);
    }
    if (!band && !params.schedule && params.interval === undefined && !params.priceMove && !params.ripcord) {
      throw new ConfigError('policy', 'set at least one trigger: schedule, interval, band, priceMove or ripcord');
    }
  }

  reset(_product: LeveragedToken, _prices: Float64Array, _row: number, now: number): void {
    this.nextDue = this.params.schedule ? nextAfter(this.params.schedule, now) : Infinity;
    this.lastRipcord = -Infinity;
    this.lastSignal = -Infinity;
    this.lastTrigger = Trigger.None;
    this.fired.fill(0);
  }

  /**
   * Checks the triggers in priority order. The common case (nothing fires) is a handful of
   * comparisons, small enough for V8 to inline into the engine loop; each trigger that fires is
   * handled in its own method.
   */
  evaluate(token: LeveragedToken, _prices: Float64Array, _row: number, now: number): number {
    const a = token.markedLeverage * this.sign; // leverage in the target's direction, as marked this step
    // The methods below take the token, not `a`: a call V8 does not inline boxes a double argument.
    if (a >= this.ripcordLevel && now >= this.lastRipcord + this.ripcordCooldown) return this.ripcord(now);
    if (now >= this.nextDue) return this.scheduled(token, now);
    if (this.interval !== Infinity && now - this.lastActivity(token) >= this.interval) return this.rebalance(Trigger.Interval, token, now);
    if (a > this.max || a < this.min) return this.rebalance(Trigger.Band, token, now);
    if (this.moveThreshold !== Infinity) return this.priceMoved(token, now);
    return 0; /* Signal.None */
  }

  /** An emergency to the band's max (or the target) that overrides a running TWAP. */
  private ripcord(now: number): number {
    this.lastRipcord = now;
    this.targets[0] = this.sign * (this.hasBand ? this.max : this.absTarget);
    return this.fire(Trigger.Ripcord, Signal.Emergency);
  }

  private scheduled(token: LeveragedToken, now: number): number {
    this.nextDue = nextAfter(this.params.schedule as Schedule, now);
    return this.rebalance(Trigger.Schedule, token, now);
  }

  /** The interval runs from the later of the last trade and the last signal. */
  private lastActivity(token: LeveragedToken): number {
    return token.lastTradeTime > this.lastSignal ? token.lastTradeTime : this.lastSignal;
  }

  private priceMoved(token: LeveragedToken, now: number): number {
    const move = token.price / token.lastTradePrice - 1;
    if (move < this.moveThreshold && move > -this.moveThreshold) return Signal.None;
    // A move raises leverage when it goes against the position: down for longs, up for shorts.
    if (this.moveAgainstOnly && move * this.sign >= 0) return Signal.None;
    return this.rebalance(Trigger.PriceMove, token, now);
  }

  /** Recentred target; intraday triggers may only delever when `deleverOnlyIntraday` is set. */
  private rebalance(trigger: number, token: LeveragedToken, now: number): number {
    const a = token.markedLeverage * this.sign;
    const newA = this.hasBand ? recenter(a, this.absTarget, this.rs, this.min, this.max) : this.absTarget;
    if (this.deleverOnly && (trigger === Trigger.Band || trigger === Trigger.PriceMove) && newA >= a) return Signal.None;
    this.targets[0] = this.sign * newA;
    this.lastSignal = now;
    return this.fire(trigger, Signal.Rebalance);
  }

  private fire(trigger: number, signal: number): number {
    this.lastTrigger = trigger;
    this.fired[trigger]++;
    return signal;
  }
}
