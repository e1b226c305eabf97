/**
 * Turns a policy's target into trades over time: one trade, or a TWAP of chunks no larger than a
 * maximum size separated by a cooldown, with a slippage guard against the oracle on every chunk.
 *
 * This is the Index Coop leverage extension's execution logic, generalised to any product that can
 * say how many units it must trade to reach a target (`Product.unitsToTarget`):
 * - a new target starts a TWAP on its leg and the first chunk trades at once;
 * - each later step, once the cooldown has passed, the next chunk trades toward the *stored* target,
 *   recomputed from the product's current state (not a precomputed schedule of sizes);
 * - when the price has moved in the product's favour so that the remaining trade has changed sign
 *   (or vanished), the rest is skipped and the TWAP clears;
 * - while a TWAP runs, ordinary rebalance signals are ignored (settings are frozen mid-TWAP), but
 *   an emergency signal (ripcord) replaces it: one chunk at once with the emergency limits, after
 *   which the TWAP clears (Index Coop's `ripcord()` deletes the stored TWAP leverage) and ordinary
 *   rebalancing takes over, or another emergency if the condition still holds;
 * - a chunk whose average price would breach the slippage tolerance is refused (the transaction
 *   reverts, gas is paid) and retried after the cooldown.
 *
 * State is a few typed arrays indexed by leg; nothing allocates per step.
 */
import { ConfigError } from '../core/errors.js';
import type { Ledger } from '../engine/ledger.js';
import type { Product } from '../engine/product.js';
import { Fill } from './fill.js';
import type { Venue } from './venue.js';

export interface ExecutionLimits {
  /** Largest chunk in base units; Infinity trades everything at once. */
  maxTradeUnits: number;
  /** Seconds between chunks of one TWAP. */
  cooldown: number;
  /** Slippage tolerance as a fraction of the oracle price; Infinity disables the guard. */
  slippage: number;
}

export interface ExecutorParams {
  normal: ExecutionLimits;
  /** Limits used after an emergency (ripcord) signal. */
  emergency: ExecutionLimits;
  /** Trades smaller than this many base units are not sent (dust). */
  minTradeUnits: number;
}

export const SINGLE_TRADE: ExecutionLimits = { maxTradeUnits: Infinity, cooldown: 0, slippage: Infinity };

export function validateLimits(l: ExecutionLimits, field: string): void {
  if (!(l.maxTradeUnits > 0)) throw new ConfigError(`${field}.maxTradeSize`, `must be a positive number of base units, got ${l.maxTradeUnits}`);
  if (!(l.cooldown >= 0)) throw new ConfigError(`${field}.cooldown`, `must be a non-negative duration, got ${l.cooldown}`);
  if (!(l.slippage > 0)) throw new ConfigError(`${field}.slippage`, `must be a positive fraction, got ${l.slippage}`);
}

export class Executor {
  // Fields the constructor assigns are `declare`d: see docs/architecture.md (class fields keep their first representation).
  declare readonly params: ExecutorParams;
  /** Per leg: 1 while a TWAP is active. */
  declare readonly active: Uint8Array;
  /** Per leg: 1 when the active TWAP is an emergency one. */
  declare readonly emergency: Uint8Array;
  /** Per leg: the stored target (product space: leverage, hedge units, ...). */
  declare readonly target: Float64Array;
  /** Per leg: +1 buying, -1 selling, fixed when the TWAP starts. */
  declare readonly direction: Float64Array;
  /** Per leg: time of the last attempt (filled or refused). */
  declare readonly lastAttempt: Float64Array;
  /** Per leg: the signal that started the active TWAP. */
  declare readonly reason: Uint8Array;
  readonly fill = new Fill();
  /** The limit that is none, for a sell and a buy, read by the side as an index (no branch). */
  private readonly noLimit = Float64Array.of(0, Infinity);
  /** Count of active legs, so the engine skips `work` with one comparison when idle. */
  busy = 0;
  /** Counters over the current path: TWAPs started, ignored signals (busy), TWAPs ended early by a favourable move. */
  started = 0;
  ignored = 0;
  skipped = 0;
  ledger: Ledger | null = null;
  /** Time of the current step, set by the engine before `submit` and `work` (a field, so the double is not boxed per call). */
  now = 0;
  declare private readonly maxUnits: number;
  declare private readonly cooldown: number;
  declare private readonly slippage: number;
  declare private readonly emergencyMaxUnits: number;
  declare private readonly emergencyCooldown: number;
  declare private readonly emergencySlippage: number;
  declare private readonly minTradeUnits: number;

  constructor(legs: number, params: Partial<ExecutorParams> = {}) {
    this.params = {
      normal: params.normal ?? SINGLE_TRADE,
      emergency: params.emergency ?? params.normal ?? SINGLE_TRADE,
      minTradeUnits: params.minTradeUnits ?? 0,
    };
    validateLimits(this.params.normal, 'execution');
    validateLimits(this.params.emergency, 'execution.emergency');
    // submit's dust test (|need| <= minTradeUnits) also stands for need === 0, which needs this.
    if (!(this.params.minTradeUnits >= 0)) throw new ConfigError('execution.minTradeSize', `must be a non-negative number of base units, got ${this.params.minTradeUnits}`);
    // Limits copied into plain fields: `work` runs on every trade and reads them without going
    // through the nested parameter objects.
    this.maxUnits = this.params.normal.maxTradeUnits;
    this.cooldown = this.params.normal.cooldown;
    this.slippage = this.params.normal.slippage;
    this.emergencyMaxUnits = this.params.emergency.maxTradeUnits;
    this.emergencyCooldown = this.params.emergency.cooldown;
    this.emergencySlippage = this.params.emergency.slippage;
    this.minTradeUnits = this.params.minTradeUnits;
    this.active = new Uint8Array(legs);
    this.emergency = new Uint8Array(legs);
    this.target = new Float64Array(legs);
    this.direction = new Float64Array(legs);
    this.lastAttempt = new Float64Array(legs);
    this.reason = new Uint8Array(legs);
  }

  reset(): void {
    this.active.fill(0);
    this.emergency.fill(0);
    this.lastAttempt.fill(-Infinity);
    this.busy = 0;
    this.started = this.ignored = this.skipped = 0;
  }

  /**
   * Hands a policy signal for `leg` (target `targets[leg]`) to the executor. Returns true when it
   * traded or started (or replaced) a TWAP, false when it was ignored because a TWAP is already
   * running or nothing needs trading. The engine sets `now` before calling.
   *
   * A target that fits in one chunk with no cooldown pending trades at once, without TWAP state:
   * the common case (a daily rebalance, a delta hedge every step) costs one `unitsToTarget` and one
   * venue call, written out here so that V8 compiles it as one function. Everything else (a TWAP
   * running, an emergency, a trade to split or waiting on its cooldown) is `submitOther`.
   */
  submit(product: Product, venue: Venue, leg: number, signal: number, targets: Float64Array, prices: Float64Array, row: number): boolean {
    if (signal === 2 /* Signal.Emergency */ || this.active[leg] === 1) return this.submitOther(product, venue, leg, signal, targets, prices, row);
    const target = targets[leg];
    const need = product.unitsToTarget(leg, target, prices, row);
    const size = Math.abs(need); // branch-free: the side of a hedge trade is a coin flip (see CostModelVenue.trade)
    if (size <= this.minTradeUnits) return false; // nothing (or dust) to trade; minTradeUnits >= 0 covers need === 0
    if (size > this.maxUnits || this.now < this.lastAttempt[leg] + this.cooldown) return this.submitOther(product, venue, leg, signal, targets, prices, row);
    this.started++;
    // One trade does it: the request goes in the Fill record (prepare, written out).
    const fill = this.fill;
    fill.requested = need;
    fill.limit = this.slippage === Infinity ? this.noLimit[+(need > 0)] : this.limitPrice(product, leg, need, this.slippage, prices, row);
    fill.time = this.now;
    fill.target = target;
    venue.trade(product.legAsset(leg), prices, row, fill);
    this.lastAttempt[leg] = this.now;
    product.applyFill(leg, fill, signal);
    if (this.ledger !== null) this.ledger.onTrade(leg, fill, signal);
    if (fill.status !== 0 /* FillStatus.Filled */) {
      // Refused or filled in part: the rest becomes a TWAP toward the target, retried after the cooldown.
      this.target[leg] = target;
      this.direction[leg] = need > 0 ? 1 : -1;
      this.reason[leg] = signal;
      this.begin(leg, false);
    }
    return true;
  }

  /** `submit` when a TWAP runs on the leg, on an emergency, or when the trade must wait or be split. */
  private submitOther(product: Product, venue: Venue, leg: number, signal: number, targets: Float64Array, prices: Float64Array, row: number): boolean {
    const isEmergency = signal === 2; /* Signal.Emergency */
    const active = this.active[leg] === 1;
    if (active && !isEmergency) {
      this.ignored++;
      return false;
    }
    const target = targets[leg];
    const need = product.unitsToTarget(leg, target, prices, row);
    const size = need < 0 ? -need : need;
    if (size <= this.minTradeUnits) {
      if (active) this.stop(leg);
      return false;
    }
    this.started++;
    this.target[leg] = target;
    this.direction[leg] = need > 0 ? 1 : -1;
    this.reason[leg] = signal;
    if (size <= (isEmergency ? this.emergencyMaxUnits : this.maxUnits) && (isEmergency || this.now >= this.lastAttempt[leg] + this.cooldown)) {
      if (active) this.stop(leg);
      this.prepare(product, leg, need, isEmergency, prices, row);
      if (!this.execute(product, venue, leg, prices, row) && !isEmergency) this.begin(leg, false);
      return true;
    }
    if (!active) this.begin(leg, isEmergency);
    else this.emergency[leg] = isEmergency ? 1 : 0;
    if (isEmergency) this.lastAttempt[leg] = -Infinity; // an emergency trades at once
    return true;
  }

  /** Works every active leg whose cooldown has passed: one chunk each. The engine sets `now` first. */
  work(product: Product, venue: Venue, prices: Float64Array, row: number): void {
    const legs = this.active.length;
    for (let leg = 0; leg < legs; leg++) {
      if (this.active[leg] === 0) continue;
      const emergency = this.emergency[leg] === 1;
      // At most one attempt per leg per step (submit may just have made it), then the cooldown.
      const last = this.lastAttempt[leg];
      if (this.now === last || this.now < last + (emergency ? this.emergencyCooldown : this.cooldown)) continue;
      const need = product.unitsToTarget(leg, this.target[leg], prices, row);
      const dir = this.direction[leg];
      if (need * dir <= this.minTradeUnits) {
        // Reached, or the price moved in our favour past the target: skip the rest.
        if (need * dir < 0) this.skipped++;
        this.stop(leg);
        continue;
      }
      const size = need * dir;
      const maxUnits = emergency ? this.emergencyMaxUnits : this.maxUnits;
      const chunk = size > maxUnits ? maxUnits * dir : need;
      this.prepare(product, leg, chunk, emergency, prices, row);
      if ((this.execute(product, venue, leg, prices, row) && chunk === need) || emergency) this.stop(leg);
    }
  }

  /**
   * Writes the next attempt's request into the Fill record: units, the slippage limit against the
   * oracle, the time and the target. Small enough to inline, so the doubles never cross a call.
   */
  private prepare(product: Product, leg: number, units: number, emergency: boolean, prices: Float64Array, row: number): void {
    const slippage = emergency ? this.emergencySlippage : this.slippage;
    this.fill.request(units, slippage === Infinity ? this.noLimit[+(units > 0)] : this.limitPrice(product, leg, units, slippage, prices, row), this.now, this.target[leg]);
  }

  /** Worst average price accepted for `units` of `leg` with a slippage tolerance: oracle x (1 +- slippage). */
  private limitPrice(product: Product, leg: number, units: number, slippage: number, prices: Float64Array, row: number): number {
    const mid = prices[row * product.assets + product.legAsset(leg)];
    return mid * (1 + (units > 0 ? slippage : -slippage));
  }

  /**
   * One attempt at the venue with the request `prepare` wrote: the venue fills it in, the product
   * books it and the ledger records it. Returns true when filled in full. Takes no doubles: a
   * call V8 does not inline boxes every double argument, an allocation per trade.
   */
  private execute(product: Product, venue: Venue, leg: number, prices: Float64Array, row: number): boolean {
    const asset = product.legAsset(leg);
    const fill = this.fill;
    venue.trade(asset, prices, row, fill);
    this.lastAttempt[leg] = this.now;
    product.applyFill(leg, fill, this.reason[leg]);
    if (this.ledger !== null) this.ledger.onTrade(leg, fill, this.reason[leg]);
    return fill.status === 0; /* FillStatus.Filled */
  }

  /** Marks `leg` as running a TWAP toward the stored target. */
  private begin(leg: number, emergency: boolean): void {
    if (this.active[leg] === 0) this.busy++;
    this.active[leg] = 1;
    this.emergency[leg] = emergency ? 1 : 0;
  }

  private stop(leg: number): void {
    this.active[leg] = 0;
    this.emergency[leg] = 0;
    this.busy--;
  }
}
