/**
 * Geometric time-weighted average (GWAV) of a positive series, the smoothing Lyra applies to base IV
 * and skews before computing Greeks and fees (derivexyz v1-core GWAV.sol): over [t0, t1],
 *
 *     GWAV = exp( (integral of ln x(t) dt from t0 to t1) / (t1 - t0) ).
 *
 * A geometric mean weighted by time makes a brief manipulation of IV cost a lot of time at the
 * manipulated level to move the average.
 *
 * Semantics, as in the contract: a value written at time t holds from t until the next write (a step
 * function); a second write at the same time replaces the value; before the first observation the
 * first value is taken to have held forever. The accumulator q(t) = integral of ln x from the first
 * observation is stored per observation, so any window costs two binary searches.
 *
 * Storage is a ring buffer of `capacity` observations (Float64Arrays, no allocation per write). Once
 * it has wrapped, a window reaching before the oldest retained observation cannot be answered and
 * throws a ModelError; size the capacity to the longest window times the write rate.
 * Time may be in any unit (Lyra uses seconds) as long as it is the same everywhere.
 */
import { ModelError } from '../core/errors.js';

export class GwavOracle {
  readonly capacity: number;
  private readonly times: Float64Array;
  private readonly logs: Float64Array;
  private readonly qs: Float64Array;
  /** Ring index of the newest observation. */
  private newest = -1;
  private count = 0;
  private wrapped = false;

  constructor(capacity: number) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) throw new ModelError(`GwavOracle: capacity must be an integer >= 1, got ${capacity}`);
    this.capacity = capacity;
    this.times = new Float64Array(capacity);
    this.logs = new Float64Array(capacity);
    this.qs = new Float64Array(capacity);
  }

  /** Number of observations held. */
  get size(): number {
    return this.count;
  }

  /** Records that the series takes `value` (> 0) from `time` on. Times must not decrease. */
  write(time: number, value: number): void {
    if (!(value > 0 && value < Infinity)) throw new ModelError(`GwavOracle.write: value must be a finite number > 0, got ${value}`);
    if (!Number.isFinite(time)) throw new ModelError(`GwavOracle.write: time must be a finite number, got ${time}`);
    const lnv = Math.log(value);
    if (this.count === 0) {
      this.newest = 0;
      this.times[0] = time;
      this.logs[0] = lnv;
      this.qs[0] = 0;
      this.count = 1;
      return;
    }
    const last = this.newest;
    const lastTime = this.times[last];
    if (time < lastTime) throw new ModelError(`GwavOracle.write: time ${time} is before the latest observation at ${lastTime}; writes must be in time order`);
    if (time === lastTime) {
      this.logs[last] = lnv;
      return;
    }
    const q = this.qs[last] + this.logs[last] * (time - lastTime);
    const next = last + 1 === this.capacity ? 0 : last + 1;
    if (this.count === this.capacity) this.wrapped = true;
    else this.count++;
    this.newest = next;
    this.times[next] = time;
    this.logs[next] = lnv;
    this.qs[next] = q;
  }

  /** The value in effect at the latest observation. */
  latest(): number {
    if (this.count === 0) throw new ModelError('GwavOracle.latest: no observation written yet');
    return Math.exp(this.logs[this.newest]);
  }

  /**
   * GWAV over [from, to] (to >= from). With to === from, the value in effect at that time.
   * Lyra's getGWAVForPeriod(secondsAgoA, secondsAgoB) is average(now - secondsAgoA, now - secondsAgoB).
   */
  average(from: number, to: number): number {
    if (this.count === 0) throw new ModelError('GwavOracle.average: no observation written yet');
    if (!(to >= from)) throw new ModelError(`GwavOracle.average: window end ${to} must be >= window start ${from}`);
    if (to === from) return Math.exp(this.logs[this.find(from)]);
    return Math.exp((this.accumulator(to) - this.accumulator(from)) / (to - from));
  }

  /** Integral of ln x from the first observation to t (negative before it). */
  private accumulator(t: number): number {
    const i = this.find(t);
    return this.qs[i] + this.logs[i] * (t - this.times[i]);
  }

  /** Ring index of the newest observation at or before t; the oldest if t precedes all of them. */
  private find(t: number): number {
    const cap = this.capacity, n = this.count;
    const oldest = n === cap ? (this.newest + 1) % cap : 0;
    if (t < this.times[oldest]) {
      if (this.wrapped) {
        throw new ModelError(`GwavOracle: time ${t} is before the oldest retained observation at ${this.times[oldest]}; raise the capacity (${cap}) to cover the window`);
      }
      return oldest;
    }
    // Binary search over logical positions 0 (oldest) .. n - 1 (newest).
    let lo = 0, hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.times[(oldest + mid) % cap] <= t) lo = mid; else hi = mid - 1;
    }
    return (oldest + lo) % cap;
  }
}
