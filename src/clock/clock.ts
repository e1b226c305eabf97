/**
 * What time it is. The engine and everything it drives read time only through a Clock, so the
 * same product, policy and executor code runs on a simulated clock (backtest, Monte Carlo) and on
 * the wall clock (keeper). Time is seconds since the Unix epoch, UTC, as a float.
 */
export interface Clock {
  /** Current time, seconds since the Unix epoch (UTC). */
  now(): number;
}

/**
 * A clock the engine advances: one tick per simulation step. Blocks are numbered from `genesis`
 * at a fixed `blockTime` (12 s on Ethereum mainnet, 2 s on Base, 0.25 s on Arbitrum), so that
 * on-chain rules that count blocks see the block that contains the current time.
 */
export class SimulatedClock implements Clock {
  private t: number;

  constructor(
    start: number,
    /** Seconds per block. */
    readonly blockTime = 12,
    /** Time of block 0; defaults to the start. */
    readonly genesis = start,
  ) {
    if (!(blockTime > 0)) throw new RangeError(`blockTime must be positive seconds, got ${blockTime}`);
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  /** Sets the time; the engine calls this once per step. Time never goes backwards. */
  set(time: number): void {
    if (time < this.t) throw new RangeError(`simulated clock cannot go back from ${this.t} to ${time}`);
    this.t = time;
  }

  advance(seconds: number): void {
    this.set(this.t + seconds);
  }

  /** Number of the block that contains the current time. */
  block(): number {
    return Math.floor((this.t - this.genesis) / this.blockTime);
  }

  /** Start time of block n. */
  blockStart(n: number): number {
    return this.genesis + n * this.blockTime;
  }
}
