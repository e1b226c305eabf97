/**
 * A pool's time-weighted average tick, as Uniswap v3's oracle computes it: a running sum of the
 * tick times the seconds it prevailed, observed once per block, and the arithmetic mean tick over
 * a window is the difference of two sums over the window's length (a geometric-mean price).
 *
 * Observations live in a ring of fixed capacity (the pool's observation cardinality). A window
 * older than the oldest observation is cut to what is stored (the contract would revert 'OLD';
 * at the start of a path there is simply no older history), so `twap` never fails.
 */
export class TickOracle {
  private readonly times: Float64Array;
  private readonly sums: Float64Array;
  private head = -1;
  private count = 0;
  private lastTime = 0;
  private sum = 0;

  /** @param capacity observations kept: the window in seconds over the block time, plus a margin. */
  constructor(readonly capacity: number) {
    if (!(capacity >= 2 && Number.isInteger(capacity))) throw new RangeError(`oracle capacity must be an integer >= 2, got ${capacity}`);
    this.times = new Float64Array(capacity);
    this.sums = new Float64Array(capacity);
  }

  reset(now: number): void {
    this.head = -1;
    this.count = 0;
    this.sum = 0;
    this.lastTime = now;
    this.push(now);
  }

  private push(t: number): void {
    this.head = (this.head + 1) % this.capacity;
    this.times[this.head] = t;
    this.sums[this.head] = this.sum;
    if (this.count < this.capacity) this.count++;
  }

  /**
   * Records that `tick` prevailed from the last observation until `time` (call before the first
   * trade of a block with the pool's tick at that moment). At most one observation per timestamp.
   */
  write(time: number, tick: number): void {
    if (!(time > this.lastTime)) return;
    this.sum += tick * (time - this.lastTime);
    this.lastTime = time;
    this.push(time);
  }

  /** Tick sum at time t (within the stored window), interpolating between observations. */
  private sumAt(t: number, tickNow: number): number {
    if (t >= this.lastTime) return this.sum + tickNow * (t - this.lastTime);
    // Walk back from the newest observation; the window is short, so a linear scan is fine.
    let i = this.head;
    for (let k = 1; k < this.count; k++) {
      const j = (i - 1 + this.capacity) % this.capacity;
      if (this.times[j] <= t) {
        const t0 = this.times[j], t1 = this.times[i];
        return this.sums[j] + ((this.sums[i] - this.sums[j]) * (t - t0)) / (t1 - t0);
      }
      i = j;
    }
    return this.sums[i];
  }

  /** Oldest time the stored observations reach back to. */
  oldest(): number {
    return this.times[(this.head - this.count + 1 + this.capacity) % this.capacity];
  }

  /** Mean tick over [now - seconds, now] (cut to the stored window), `tickNow` being the tick now. */
  twap(now: number, seconds: number, tickNow: number): number {
    const from = Math.max(now - seconds, this.oldest());
    if (!(now > from)) return tickNow;
    return (this.sumAt(now, tickNow) - this.sumAt(from, tickNow)) / (now - from);
  }
}
