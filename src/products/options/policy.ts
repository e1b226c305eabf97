/**
 * When an options book hedges, and to what. One policy with optional triggers that combine with OR,
 * as Opyn's Crab does (time OR price) and Lyra's hedgers do (delay OR delta threshold):
 *
 * - `schedule`: calendar instants (every hour, Mon/Wed/Fri 16:30 UTC);
 * - `interval`: time since the last hedge signal (Crab's hedgeTimeThreshold);
 * - `deltaBand`: |net delta| of a leg above a number of units, or above a fraction of the leg's live
 *   option notional (sum of |quantity|);
 * - `priceMove`: the underlying moved by a fraction since the leg's last hedge trade (Crab's
 *   hedgePriceThreshold);
 * - `costAware`: a no-transaction band around the delta hedge, Whalley-Wilmott or Zakamouline, with
 *   the hedge moved only to the nearest edge when it leaves the band.
 * Time, band and price triggers rehedge to delta-neutral (`-(option delta + holdings)` units); the
 * cost-aware band to its nearest edge.
 *
 * Gates and limits, applied to every target of an underlying leg, in this order:
 * - `lotSize`: targets rounded to a multiple (a venue's order increment; Hull's table rounds delta to
 *   3 decimals, a lot of 100 shares on 100,000 options);
 * - `hedgeCap`: |target| clamped to the cap (Lyra's hedgeCap);
 * - `interactionDelay` and `deltaThreshold` (Lyra Newport): within the delay since the leg's last
 *   hedge trade a target is refused unless |target - hedge| >= deltaThreshold or the target is 0.
 * The largest order is the executor's `maxTradeSize` (Lyra's maxOrderCap); a larger hedge is a TWAP.
 *
 * After an option expires the policy rehedges every leg at once, past the gates (an expiry is an
 * event, not a drift; Lyra lets a target of 0 bypass its delay for the same reason).
 *
 * Gamma and vega limits (per underlying, in the book's units): with `optionHedge` the policy trades
 * the overlay option of that underlying to bring the Greek back to `resetTo` x limit; without it the
 * limits are only monitored (metrics count the time spent above them).
 *
 * `evaluate` is a few comparisons when nothing is due; the work of a trigger that fires lives in its
 * own methods. Nothing allocates.
 */
import { ConfigError } from '../../core/errors.js';
import { nextAfter, type Schedule } from '../../clock/schedule.js';
import { SECONDS_PER_YEAR } from '../../core/units.js';
import type { Policy } from '../../engine/policy.js';
import { bsDelta } from '../../pricing/black-scholes.js';
import { whalleyWilmottHalfWidth } from '../../policies/hedging/whalley-wilmott.js';
import { zakamoulineH0, zakamoulineH1, zakamoulineK, zakamoulineModifiedVol } from '../../policies/hedging/zakamouline.js';
import { GreekLevel, type OptionsBook } from './book.js';

export interface HedgePolicyParams {
  schedule?: Schedule;
  /** Seconds since the last hedge signal after which a hedge is due. */
  interval?: number;
  deltaBand?: { units?: number; fractionOfNotional?: number };
  /** Fraction (0.05 = 5%) the underlying must move since the leg's last hedge trade. */
  priceMove?: number;
  costAware?: {
    model: 'whalley-wilmott' | 'zakamouline';
    /** Absolute (CARA) risk aversion per quote: larger means narrower bands. */
    riskAversion: number;
    /** Proportional cost of a trade as a fraction of notional (0.001 = 10 bps). */
    cost: number;
  };
  /** Round every underlying target to a multiple of this many units. */
  lotSize?: number;
  /** Largest |hedge| per underlying leg, units. */
  hedgeCap?: number;
  /** Seconds after a leg's last hedge trade during which small retargets are refused. */
  interactionDelay?: number;
  /** |target - hedge| in units at or above which the delay does not apply. */
  deltaThreshold?: number;
  limits?: { gamma?: number; vega?: number };
  /** Trade the overlay option of each underlying when `greek` exceeds its limit. */
  optionHedge?: { greek: 'gamma' | 'vega'; resetTo: number };
  /** Hedge at the start of the path (row 0) whatever the triggers say. Default true. */
  hedgeAtStart?: boolean;
  /** No hedging at all (a vault that only writes options). Excludes every trigger. */
  unhedged?: boolean;
}

/** Which trigger fired, for the trade log and reports. */
export const HedgeTrigger = { None: 0, Start: 1, Schedule: 2, Interval: 3, DeltaBand: 4, PriceMove: 5, CostAware: 6, Limit: 7, Expiry: 8 } as const;
export const HEDGE_TRIGGER_NAMES = ['none', 'start', 'schedule', 'interval', 'delta-band', 'price-move', 'cost-aware', 'greek-limit', 'expiry'] as const;

const MODEL_WW = 0, MODEL_ZAK = 1;
/**
 * Seconds by which a row may fall short of a due time and still count as on time: engine times are
 * start + k x step in floating point, which can land a hair before the instant a schedule or an
 * interval computes for the same row (a week of 365/52 days is not a whole number of seconds).
 */
export const TIME_SLACK = 1e-3;
const INV_YEAR = 1 / SECONDS_PER_YEAR;

export class OptionsHedgePolicy implements Policy<OptionsBook> {
  // Fields the constructor assigns are `declare`d: see docs/architecture.md (class fields keep their first representation).
  declare readonly params: HedgePolicyParams;
  declare readonly targets: Float64Array;
  legMask = 0;
  lastTrigger: number = HedgeTrigger.None;
  /** Per-trigger signal counts on the current path. */
  readonly fired = new Float64Array(HEDGE_TRIGGER_NAMES.length);
  /** Targets refused by the delay gate on the current path. */
  gated = 0;
  /** Per leg: the last target handed to the executor (what the policy wants held). */
  declare readonly intended: Float64Array;
  /** Per underlying: lower and upper edge of the cost-aware band at the last evaluation (hedge units). */
  declare readonly bandLower: Float64Array;
  declare readonly bandUpper: Float64Array;

  declare private readonly underlyings: number;
  declare private readonly interval: number;
  declare private readonly bandUnits: number;
  declare private readonly bandFraction: number;
  declare private readonly moveThreshold: number;
  declare private readonly costModel: number;
  declare private readonly cost: number;
  declare private readonly riskAversion: number;
  declare private readonly lot: number;
  declare private readonly cap: number;
  /** True when targets are rounded to a lot or capped (shape has work to do). */
  declare private readonly shaping: boolean;
  declare private readonly delay: number;
  declare private readonly threshold: number;
  declare private readonly gammaLimit: number;
  declare private readonly vegaLimit: number;
  declare private readonly hedgeGreek: number;
  declare private readonly resetTo: number;
  declare private readonly watch: boolean;
  declare private readonly unhedged: boolean;
  declare private readonly hedgeAtStart: boolean;
  declare private readonly schedule: Schedule | null;
  /** The schedule's grid, anchor + k x period (NaN without a schedule). */
  declare private readonly scheduleAnchor: number;
  declare private readonly schedulePeriod: number;
  private nextSchedule = Infinity;
  /** k of nextSchedule = anchor + k x period (see findSchedule); NaN before the first. */
  private scheduleIndex = NaN;
  private nextInterval = Infinity;
  private nextDue = Infinity;
  private seenSettlements = 0;

  constructor(params: HedgePolicyParams, book: OptionsBook) {
    this.params = params;
    this.schedule = params.schedule ?? null;
    this.scheduleAnchor = this.schedule?.anchor ?? NaN;
    this.schedulePeriod = this.schedule?.period ?? NaN;
    const n = book.underlyings;
    this.underlyings = n;
    this.targets = new Float64Array(book.legs);
    this.intended = new Float64Array(book.legs);
    this.bandLower = new Float64Array(n).fill(-Infinity);
    this.bandUpper = new Float64Array(n).fill(Infinity);
    const num = (v: number | undefined, field: string, ok: (x: number) => boolean, rule: string) => {
      if (v !== undefined && !ok(v)) throw new ConfigError(`policy.${field}`, `${rule}, got ${v}`);
      return v;
    };
    this.interval = num(params.interval, 'interval', (x) => x > 0, 'must be a positive duration') ?? Infinity;
    this.bandUnits = num(params.deltaBand?.units, 'deltaBand.units', (x) => x >= 0, 'must be a non-negative number of units') ?? Infinity;
    this.bandFraction = num(params.deltaBand?.fractionOfNotional, 'deltaBand.fractionOfNotional', (x) => x >= 0, 'must be a non-negative fraction') ?? Infinity;
    if (params.deltaBand && params.deltaBand.units === undefined && params.deltaBand.fractionOfNotional === undefined) {
      throw new ConfigError('policy.deltaBand', 'give units (absolute) or fractionOfNotional (relative to the live option notional)');
    }
    this.moveThreshold = num(params.priceMove, 'priceMove', (x) => x > 0, 'must be a positive fraction') ?? Infinity;
    const ca = params.costAware;
    this.costModel = ca ? (ca.model === 'zakamouline' ? MODEL_ZAK : MODEL_WW) : -1;
    this.cost = ca ? num(ca.cost, 'costAware.cost', (x) => x >= 0 && x < 1, 'must be a fraction in [0, 1)') ?? 0 : 0;
    this.riskAversion = ca ? num(ca.riskAversion, 'costAware.riskAversion', (x) => x > 0 && x < Infinity, 'must be a positive number') ?? 1 : 1;
    this.lot = num(params.lotSize, 'lotSize', (x) => x > 0, 'must be a positive number of units') ?? 0;
    this.cap = num(params.hedgeCap, 'hedgeCap', (x) => x >= 0, 'must be a non-negative number of units') ?? Infinity;
    this.shaping = this.lot > 0 || this.cap !== Infinity;
    this.delay = num(params.interactionDelay, 'interactionDelay', (x) => x >= 0, 'must be a non-negative duration') ?? 0;
    this.threshold = num(params.deltaThreshold, 'deltaThreshold', (x) => x >= 0, 'must be a non-negative number of units') ?? Infinity;
    if (params.deltaThreshold !== undefined && params.interactionDelay === undefined) {
      throw new ConfigError('policy.deltaThreshold', 'only overrides interactionDelay; set interactionDelay too');
    }
    this.gammaLimit = num(params.limits?.gamma, 'limits.gamma', (x) => x >= 0, 'must be a non-negative gamma (per price^2)') ?? Infinity;
    this.vegaLimit = num(params.limits?.vega, 'limits.vega', (x) => x >= 0, 'must be a non-negative vega (quote per 1.00 of vol)') ?? Infinity;
    const oh = params.optionHedge;
    this.hedgeGreek = oh ? (oh.greek === 'gamma' ? 0 : 1) : -1;
    this.resetTo = oh ? num(oh.resetTo, 'optionHedge.resetTo', (x) => x >= 0 && x < 1, 'must be a fraction of the limit in [0, 1)') ?? 0 : 0;
    if (oh && (oh.greek === 'gamma' ? this.gammaLimit : this.vegaLimit) === Infinity) {
      throw new ConfigError(`policy.limits.${oh.greek}`, `optionHedge trades ${oh.greek}: set a ${oh.greek} limit`);
    }
    if (oh && book.legs === n) throw new ConfigError('policy.optionHedge', 'the book has no overlay option to trade; give optionHedge.instrument');
    this.unhedged = params.unhedged ?? false;
    this.hedgeAtStart = params.hedgeAtStart ?? !this.unhedged;
    const triggers = params.schedule !== undefined || params.interval !== undefined || params.deltaBand !== undefined || params.priceMove !== undefined || ca !== undefined;
    if (this.unhedged && (triggers || oh)) throw new ConfigError('policy.unhedged', 'an unhedged book has no triggers; remove unhedged or the triggers');
    if (!this.unhedged && !triggers) throw new ConfigError('policy', 'set at least one trigger (schedule, interval, deltaBand, priceMove, costAware) or unhedged: true');
    this.watch = this.bandUnits !== Infinity || this.bandFraction !== Infinity || this.moveThreshold !== Infinity || this.costModel >= 0 || this.gammaLimit !== Infinity || this.vegaLimit !== Infinity;
    // Ask the book for the Greeks the triggers need: gamma for the bands and limits, vega for vega limits.
    if (this.costModel >= 0 || this.gammaLimit !== Infinity || this.vegaLimit !== Infinity) book.requireGreeks(GreekLevel.DeltaGammaVega);
  }

  reset(book: OptionsBook, _prices: Float64Array, _row: number, now: number): void {
    this.nextSchedule = Infinity;
    this.scheduleIndex = NaN;
    if (this.schedule !== null) this.setNextSchedule(nextAfter(this.schedule, now));
    this.nextInterval = Infinity;
    this.nextDue = this.hedgeAtStart ? -Infinity : this.nextSchedule;
    this.seenSettlements = book.settlements;
    this.lastTrigger = HedgeTrigger.None;
    this.fired.fill(0);
    this.gated = 0;
    for (let leg = 0; leg < book.legs; leg++) this.intended[leg] = book.position(leg);
    this.bandLower.fill(-Infinity);
    this.bandUpper.fill(Infinity);
  }

  /**
   * The common case is three comparisons: no settlement, no time trigger due, no watched trigger.
   * Every trigger that fires has its own method.
   */
  evaluate(book: OptionsBook, _prices: Float64Array, _row: number, now: number): number {
    if (book.settlements !== this.seenSettlements) return this.afterSettlement(book, now);
    if (now + 1e-3 /* TIME_SLACK */ >= this.nextDue) return this.timed(book, now);
    if (this.watch === true) return this.watched(book, now);
    return 0;
  }

  /** An option expired (or a vault rolled): rehedge every leg to neutral, past the gates. */
  private afterSettlement(book: OptionsBook, now: number): number {
    this.seenSettlements = book.settlements;
    if (this.unhedged) return 0;
    let mask = 0;
    for (let leg = 0; leg < this.underlyings; leg++) {
      this.targets[leg] = book.neutralHedge(leg);
      this.shape(leg);
      if (this.targets[leg] !== book.hedge[leg]) mask |= this.setTarget(leg);
    }
    return this.signal(mask, HedgeTrigger.Expiry, now);
  }

  /** The start hedge, a schedule instant or the interval: every leg to neutral. */
  private timed(book: OptionsBook, now: number): number {
    const due = now + 1e-3 /* TIME_SLACK */ >= this.nextSchedule;
    const trigger = this.nextDue === -Infinity ? 1 /* HedgeTrigger.Start */ : due ? 2 /* HedgeTrigger.Schedule */ : 3; /* HedgeTrigger.Interval */
    if (due) {
      // The next instant of the schedule's grid anchor + k x period: a multiply-add (see findSchedule).
      const k = this.scheduleIndex + 1;
      const next = this.scheduleAnchor + k * this.schedulePeriod;
      if (next > now + 1e-3 /* TIME_SLACK */ && this.nextSchedule <= now + 1e-3 /* TIME_SLACK */) {
        this.nextSchedule = next;
        this.scheduleIndex = k;
      } else this.findSchedule(now);
    }
    if (this.interval === Infinity) this.nextDue = this.nextSchedule;
    else {
      this.nextInterval = now + this.interval;
      this.nextDue = this.nextSchedule < this.nextInterval ? this.nextSchedule : this.nextInterval;
    }
    let mask = 0;
    if (this.costModel >= 0 && trigger === 1 /* HedgeTrigger.Start */) mask = this.costAware(book, now);
    else mask = this.toNeutral(book, now);
    if (this.hedgeGreek >= 0) mask |= this.greekLimits(book);
    return this.signal(mask, trigger, now);
  }

  /** Every underlying leg to neutral (retarget); returns the mask. */
  private toNeutral(book: OptionsBook, now: number): number {
    let mask = 0;
    for (let leg = 0; leg < this.underlyings; leg++) mask |= this.retarget(book, leg, now);
    return mask;
  }

  /**
   * Leg `leg` to neutral through the lot, cap and delay gate; returns its mask bit or 0. One call
   * that takes no double but the time, its helpers passing the target in `targets[leg]`: when V8
   * inlines `timed` into the step loop it may have no budget left for the helpers, and a call it
   * leaves out of line boxes every double argument (measured: 67 or 81 ns per path-step on the
   * hedge benchmark from one process to the next, with shape, gate and the schedule as three calls
   * taking doubles).
   */
  private retarget(book: OptionsBook, leg: number, now: number): number {
    this.targets[leg] = book.neutralHedge(leg);
    if (this.shaping === true) this.shape(leg);
    return this.gate(book, leg, now);
  }

  /**
   * Sets `nextSchedule` to the schedule's first instant strictly after `now` + TIME_SLACK, and its
   * index k on the grid anchor + k x period. `timed` advances k by one when the schedule fires (a
   * multiply-add, the same arithmetic as `nextAfter` without its division and floor: an hourly
   * schedule fires every step of the hedge benchmark, and the division's latency cost ~3 ns a
   * step), and calls this when that instant is not past the time (a period shorter than the step).
   */
  private findSchedule(now: number): void {
    this.setNextSchedule(nextAfter(this.schedule as Schedule, now + TIME_SLACK));
  }

  /** `nextSchedule` = t, an instant of the schedule's grid, and its index k on the grid. */
  private setNextSchedule(t: number): void {
    this.nextSchedule = t;
    this.scheduleIndex = Math.round((t - this.scheduleAnchor) / this.schedulePeriod);
  }

  /** Delta band, price move, cost-aware band and Greek limits, leg by leg. */
  private watched(book: OptionsBook, now: number): number {
    let mask = 0, trigger: number = HedgeTrigger.None;
    for (let leg = 0; leg < this.underlyings; leg++) {
      const net = book.netDelta(leg);
      const absNet = net < 0 ? -net : net;
      let fire = absNet > this.bandUnits;
      if (!fire && this.bandFraction !== Infinity) fire = absNet > this.bandFraction * book.notional[leg];
      if (fire) trigger = HedgeTrigger.DeltaBand;
      else if (this.moveThreshold !== Infinity) {
        const move = book.spot[leg] / book.lastTradePrice[leg] - 1;
        if (move >= this.moveThreshold || move <= -this.moveThreshold) {
          fire = true;
          trigger = HedgeTrigger.PriceMove;
        }
      }
      if (fire) mask |= this.retarget(book, leg, now);
    }
    if (mask === 0 && this.costModel >= 0) {
      mask = this.costAware(book, now);
      if (mask !== 0) trigger = HedgeTrigger.CostAware;
    }
    if (this.hedgeGreek >= 0) {
      const m = this.greekLimits(book);
      if (m !== 0 && mask === 0) trigger = HedgeTrigger.Limit;
      mask |= m;
    }
    return this.signal(mask, trigger, now);
  }

  /**
   * Cost-aware band per leg: Whalley-Wilmott around the delta hedge, or Zakamouline around the
   * delta at the modified vol; a hedge outside the band moves to the nearest edge.
   *
   * For a book the band uses the leg's total gamma: for CARA utility a position of N options with
   * risk aversion gamma has N times the band of one option at risk aversion N gamma, which is the
   * single-option formula with Gamma replaced by N Gamma (exactly for Whalley-Wilmott, and for
   * Zakamouline's H1 and K). Time to expiry and vol, where a formula needs one number for the
   * leg, are gamma-weighted averages over its options.
   */
  private costAware(book: OptionsBook, now: number): number {
    let mask = 0;
    for (let leg = 0; leg < this.underlyings; leg++) {
      const S = book.spot[leg];
      const gammaAbs = Math.abs(book.optionGamma[leg]);
      let center = book.neutralHedge(leg);
      let half = 0;
      if (gammaAbs > 0) {
        // Gamma-weighted time to expiry and vol of the leg.
        let w = 0, tauW = 0, sigW = 0;
        for (let i = 0; i < book.slotCount; i++) {
          if (book.active[i] === 0 || book.slotLeg[i] !== leg || book.quantity[i] === 0) continue;
          const g = Math.abs(book.quantity[i] * book.gamma[i]);
          w += g;
          tauW += g * (book.expiry[i] - now) * INV_YEAR;
          sigW += g * book.sigma[i];
        }
        const tau = w > 0 ? tauW / w : 0;
        const sig = w > 0 ? sigW / w : 0;
        if (this.costModel === MODEL_WW) {
          half = whalleyWilmottHalfWidth(S, gammaAbs, this.cost, this.riskAversion, book.rate, tau);
        } else if (tau > 0 && sig > 0) {
          half = zakamoulineH0(S, sig, tau, this.cost, this.riskAversion) + zakamoulineH1(gammaAbs, sig, tau, book.rate, this.cost, this.riskAversion);
          center = -(this.zakamoulineDelta(book, leg, now) + book.holdings[leg]);
        }
      }
      this.bandLower[leg] = center - half;
      this.bandUpper[leg] = center + half;
      const h = book.hedge[leg];
      if (h < center - half || h > center + half) {
        this.targets[leg] = h < center - half ? center - half : center + half;
        this.shape(leg);
        mask |= this.gate(book, leg, now);
      }
    }
    return mask;
  }

  /** Option delta of a leg with each option at its Zakamouline modified vol (short: sigma sqrt(1 - K), long: sqrt(1 + K)). */
  private zakamoulineDelta(book: OptionsBook, leg: number, now: number): number {
    let d = 0;
    const S = book.spot[leg];
    for (let i = 0; i < book.slotCount; i++) {
      const q = book.quantity[i];
      if (book.active[i] === 0 || book.slotLeg[i] !== leg || q === 0) continue;
      const tau = (book.expiry[i] - now) * INV_YEAR;
      const sig = book.sigma[i];
      if (!(tau > 0 && sig > 0)) {
        d += q * book.delta[i];
        continue;
      }
      const k = zakamoulineK(S, Math.abs(q * book.gamma[i]), sig, tau, book.rate, this.cost, this.riskAversion);
      const sigM = zakamoulineModifiedVol(sig, k, q > 0);
      d += q * bsDelta(book.isCall[i] === 1, S, book.strike[i], tau, book.rate, book.carry[leg], sigM);
    }
    return d;
  }

  /** Overlay trades that bring a gamma or vega above its limit back to resetTo x limit; returns their legs' mask. */
  private greekLimits(book: OptionsBook): number {
    let mask = 0;
    const vega = this.hedgeGreek === 1;
    const limit = vega ? this.vegaLimit : this.gammaLimit;
    for (let leg = this.underlyings; leg < book.legs; leg++) {
      const slot = book.overlaySlot(leg);
      if (book.active[slot] === 0) continue;
      const u = book.slotLeg[slot];
      const total = vega ? book.optionVega[u] : book.optionGamma[u];
      if (total <= limit && total >= -limit) continue;
      const per = vega ? book.vega[slot] : book.gamma[slot];
      if (!(per > 0)) continue;
      const goal = (total > 0 ? 1 : -1) * this.resetTo * limit;
      this.targets[leg] = book.quantity[slot] - (total - goal) / per;
      mask |= this.setTarget(leg);
      this.fired[HedgeTrigger.Limit]++;
    }
    return mask;
  }

  /** Lot rounding, then the cap, of `targets[leg]` in place. */
  private shape(leg: number): void {
    let t = this.targets[leg];
    if (this.lot > 0) t = Math.round(t / this.lot) * this.lot;
    if (t > this.cap) t = this.cap;
    else if (t < -this.cap) t = -this.cap;
    this.targets[leg] = t;
  }

  /**
   * The delay gate (overridden by the delta threshold or a zero target) on `targets[leg]`; returns
   * the leg's mask bit, or 0 when the target is the hedge held or the gate refuses it.
   */
  private gate(book: OptionsBook, leg: number, now: number): number {
    const target = this.targets[leg];
    const h = book.hedge[leg];
    if (target === h) return 0;
    if (this.delay > 0 && target !== 0 && now < book.lastTradeTime[leg] + this.delay) {
      const gap = target - h;
      if ((gap < 0 ? -gap : gap) < this.threshold) {
        this.gated++;
        return 0;
      }
    }
    return this.setTarget(leg);
  }

  /** Makes `targets[leg]` the leg's target (what the policy wants held from now on); returns its mask bit. */
  private setTarget(leg: number): number {
    this.intended[leg] = this.targets[leg];
    return 1 << leg;
  }

  private signal(mask: number, trigger: number, now: number): number {
    if (mask === 0) return 0;
    this.legMask = mask;
    this.lastTrigger = trigger;
    this.fired[trigger]++;
    // Any hedge restarts the interval clock (Crab: time since the last hedge, whatever caused it).
    if (this.interval !== Infinity) {
      this.nextInterval = now + this.interval;
      this.nextDue = this.nextSchedule < this.nextInterval ? this.nextSchedule : this.nextInterval;
    }
    return 1; // Signal.Rebalance
  }
}
