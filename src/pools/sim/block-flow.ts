/**
 * Order flow on a simulated pool between two rows of a market path: the blocks that fall in the
 * step, the external price at each block, noise traders and one arbitrageur per block.
 *
 * How blocks map to engine steps. The market path's step is the engine's decision step (policies,
 * executors and metrics run once per row). Blocks are finer: every block whose time falls in
 * (t_{r-1}, t_r] is simulated inside `advance`, before the products of row r act. Block times are
 *   - `constant`: genesis + k x blockTime, genesis being the path's first row (Ethereum's slots);
 *   - `poisson`: exponential gaps of mean blockTime (the model of Milionis et al. 2023);
 *   - `blocksPerStep: n` (optional): n equally spaced blocks per step, a coarser stand-in for
 *     long backtests where one arbitrage per 12 s block would be too slow (exact pools).
 * The external price at a block between two rows comes from a Brownian bridge in log price
 * between the rows' prices, with the volatility configured or, by default, the path's realised
 * volatility around that step (21 steps centred on it: history keeps its calm and its crashes);
 * a block at t_r sees the row's price exactly. With a block per step (step =
 * blockTime) there is no bridge at all. Conditioned on the rows, the bridged blocks of a GBM path
 * are exactly a GBM sampled at the blocks, so LVR and ARB can be measured per block from hourly
 * paths.
 *
 * Within a block the noise traders trade first and the arbitrageur last (it back-runs them), so
 * the pool ends each block at the external price up to the fee band; products trading at row r
 * do so after the row's last block, and arbitrageurs restore the price in the next block.
 *
 * Randomness: a flow draws from its own stream, seeded from the configured seed and a hash of the
 * path's prices. Every variant of a comparison, every thread and every re-run of a path (the
 * traced path 0 of a Monte Carlo run) sees the same noise traders and the same bridge.
 */
import { NormalSampler } from '../../core/normal.js';
import { Rng } from '../../core/rng.js';
import { SECONDS_PER_YEAR } from '../../core/units.js';
import { SwapSource, type SimPool, type SwapOutcome } from './sim-pool.js';
import { TickOracle } from './tick-oracle.js';

/** Told about every swap that changed the pool (the LP position books its side of each). */
export interface PoolListener {
  /**
   * @param source a SwapSource
   * @param out the swap (the pool's reused outcome: read it now)
   * @param externalPrice the external (market) price at the swap, quote per base
   * @param time seconds since the epoch
   */
  onSwap(source: number, out: SwapOutcome, externalPrice: number, time: number): void;
}

export interface NoiseParams {
  /** Mean number of noise trades per second (Poisson arrivals). */
  rate: number;
  /** Median size of a noise trade, quote. */
  medianNotional: number;
  /** Standard deviation of the log of the size (lognormal sizes); 0 for a fixed size. */
  sizeSigma: number;
  /** Probability that a noise trade buys the base token. */
  buyProbability: number;
}

export interface FlowParams {
  /** Seconds per block. */
  blockTime: number;
  arrival: 'constant' | 'poisson';
  /** When set, this many equally spaced blocks per step instead of blocks at blockTime. */
  blocksPerStep?: number;
  /**
   * Volatility per sqrt(year) of the bridge between rows, or 'realized' for the path's own around
   * each step (its realised variance over REALIZED_WINDOW steps on each side).
   */
  bridgeVol: number | 'realized';
  /** Whether an arbitrageur trades each block. */
  arbitrage: boolean;
  /** Smallest profit (quote) for which the arbitrageur trades: its gas cost. */
  arbMinProfit: number;
  noise: NoiseParams | null;
  /** Seed of the flow's random numbers (mixed with a hash of each path's prices). */
  seed: number;
  /** Seconds of tick history the oracle keeps (longest TWAP a policy may ask for). */
  oracleWindow: number;
}

/** Steps on each side of a step whose squared returns give the 'realized' bridge its variance. */
export const REALIZED_WINDOW = 10;

export const DEFAULT_FLOW: FlowParams = {
  blockTime: 12,
  arrival: 'constant',
  bridgeVol: 'realized',
  arbitrage: true,
  arbMinProfit: 0,
  noise: null,
  seed: 1,
  oracleWindow: 3600,
};

/** What the flow did on the current path, pool-wide, quote at the external price of each trade. */
export class FlowStats {
  blocks = 0;
  arbTrades = 0;
  /** Arbitrageurs' profit at the external price, net of the fees they paid. */
  arbProfit = 0;
  arbVolume = 0;
  arbFees = 0;
  noiseTrades = 0;
  noiseVolume = 0;
  noiseFees = 0;
  traderTrades = 0;
  traderVolume = 0;
  traderFees = 0;
  sandwiches = 0;
  sandwichProfit = 0;

  clear(): void {
    this.blocks = this.arbTrades = this.arbProfit = this.arbVolume = this.arbFees = 0;
    this.noiseTrades = this.noiseVolume = this.noiseFees = 0;
    this.traderTrades = this.traderVolume = this.traderFees = 0;
    this.sandwiches = this.sandwichProfit = 0;
  }
}

/** A 32-bit hash of a path's prices (up to 257 sampled values), for seeding its flow. */
export function hashPrices(prices: Float64Array): number {
  const words = new Uint32Array(prices.buffer, prices.byteOffset, prices.length * 2);
  const n = prices.length;
  const stride = Math.max(1, Math.floor(n / 256));
  let h = 0x811c9dc5 | 0;
  const mix = (w: number) => {
    h = Math.imul(h ^ w, 0x01000193);
    h ^= h >>> 15;
  };
  for (let i = 0; i < n; i += stride) {
    mix(words[2 * i]);
    mix(words[2 * i + 1]);
  }
  mix(words[2 * n - 2]);
  mix(words[2 * n - 1]);
  return h >>> 0;
}

export class BlockFlow {
  readonly params: FlowParams;
  readonly stats = new FlowStats();
  readonly oracle: TickOracle;
  listener: PoolListener | null = null;
  private readonly rng = new Rng(1);
  private readonly normals = new NormalSampler(this.rng);
  /** Variance per second of log price used by the bridge when it is a constant (configured). */
  private varPerSecond = 0;
  /**
   * 'realized': per step, the squared log return (stepSq) and the bridge's variance per second
   * (stepVar): the realised variance of a window of REALIZED_WINDOW steps on each side, so that a
   * calm stretch of history is bridged calmly and a crash wildly. NaN until the step length is
   * known when the flow has no time grid.
   */
  private stepSq = new Float64Array(0);
  private stepVar = new Float64Array(0);
  private realized = false;
  private prevTime = 0;
  private nextBlock = 0;
  private lastBlock = 0;
  private readonly asset: number;
  private readonly assets: number;
  /** Seconds per step of the path grid (uniform), or the path's times (history), for the realised volatility. */
  private readonly grid: { stepSeconds?: number; times?: Float64Array };

  constructor(readonly pool: SimPool, params: Partial<FlowParams> = {}, asset = 0, assets = 1, grid: { stepSeconds?: number; times?: Float64Array } = {}) {
    this.params = { ...DEFAULT_FLOW, ...params };
    const p = this.params;
    if (!(p.blockTime > 0)) throw new RangeError(`blockTime must be positive seconds, got ${p.blockTime}`);
    if (p.blocksPerStep !== undefined && !(Number.isInteger(p.blocksPerStep) && p.blocksPerStep >= 1)) throw new RangeError(`blocksPerStep must be a positive integer, got ${p.blocksPerStep}`);
    if (p.noise && !(p.noise.rate >= 0 && p.noise.medianNotional > 0 && p.noise.sizeSigma >= 0 && p.noise.buyProbability >= 0 && p.noise.buyProbability <= 1)) {
      throw new RangeError('noise: rate >= 0, medianNotional > 0, sizeSigma >= 0 and buyProbability in [0, 1]');
    }
    this.asset = asset;
    this.assets = assets;
    this.grid = grid;
    this.oracle = new TickOracle(Math.ceil(p.oracleWindow / p.blockTime) + 16);
  }

  /** Starts a path: seeds the flow from the path, re-creates the pool at the first price. */
  reset(prices: Float64Array, row: number, now: number): void {
    this.rng.reseed(this.params.seed, hashPrices(prices));
    this.stats.clear();
    const s = prices[row * this.assets + this.asset];
    this.pool.reset(s);
    this.oracle.reset(now);
    this.prevTime = this.lastBlock = now;
    const p = this.params;
    this.nextBlock = p.arrival === 'poisson' && p.blocksPerStep === undefined ? now + this.exponential(p.blockTime) : now + p.blockTime;
    this.realized = p.bridgeVol === 'realized';
    if (this.realized) this.localVariance(prices, row);
    else this.varPerSecond = ((p.bridgeVol as number) * (p.bridgeVol as number)) / SECONDS_PER_YEAR;
  }

  /**
   * Realised variance per second around each step: sum of squared log returns over the steps
   * t - W..t + W divided by their length in seconds (W = REALIZED_WINDOW), one pass with running
   * sums. Without a time grid the lengths are filled in at the first step (uniform steps).
   */
  private localVariance(prices: Float64Array, row: number): void {
    const n = this.assets, a = this.asset;
    const rows = Math.floor(prices.length / n);
    if (this.stepSq.length !== rows) {
      this.stepSq = new Float64Array(rows);
      this.stepVar = new Float64Array(rows);
    }
    const sq = this.stepSq;
    sq[row] = 0;
    for (let t = row + 1; t < rows; t++) {
      const r = Math.log(prices[t * n + a] / prices[(t - 1) * n + a]);
      sq[t] = r === r ? r * r : 0;
    }
    const times = this.grid.times;
    const uniform = times !== undefined && times.length === rows ? NaN : this.grid.stepSeconds ?? NaN;
    if (times === undefined && uniform !== uniform) {
      this.stepVar.fill(NaN);
      return;
    }
    this.fillWindows(row, rows, times !== undefined && times.length === rows ? times : null, uniform);
  }

  private fillWindows(row: number, rows: number, times: Float64Array | null, uniform: number): void {
    const sq = this.stepSq, out = this.stepVar, w = REALIZED_WINDOW;
    const len = (t: number) => (times !== null ? times[t] - times[t - 1] : uniform);
    let sumSq = 0, sumDt = 0;
    let lo = row + 1, hi = row; // window [lo, hi] of steps
    for (let t = row + 1; t < rows; t++) {
      const wantLo = Math.max(row + 1, t - w), wantHi = Math.min(rows - 1, t + w);
      while (hi < wantHi) {
        hi++;
        sumSq += sq[hi];
        sumDt += len(hi);
      }
      while (lo < wantLo) {
        sumSq -= sq[lo];
        sumDt -= len(lo);
        lo++;
      }
      out[t] = sumDt > 0 ? Math.max(0, sumSq) / sumDt : 0;
    }
  }

  private exponential(mean: number): number {
    return -Math.log(this.rng.nextOpenFloat()) * mean;
  }

  private poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    let p = Math.exp(-mean);
    let s = p;
    let k = 0;
    const u = this.rng.nextFloat();
    while (u > s && k < 1000) {
      k++;
      p *= mean / k;
      s += p;
    }
    return k;
  }

  /** Simulates every block in (previous row's time, now]; the pool ends at the last block's state. */
  advance(prices: Float64Array, row: number, now: number): void {
    const n = this.assets, a = this.asset;
    const t0 = this.prevTime;
    this.prevTime = now;
    if (!(now > t0)) return;
    const x0 = Math.log(prices[(row - 1) * n + a]);
    const x1 = Math.log(prices[row * n + a]);
    if (this.realized && this.stepVar[row] !== this.stepVar[row]) this.fillWindows(row - 1, this.stepVar.length, null, now - t0);
    const v = this.realized ? this.stepVar[row] : this.varPerSecond;
    let tc = t0, xc = x0;
    const p = this.params;
    if (p.blocksPerStep !== undefined) {
      const k = p.blocksPerStep, dt = (now - t0) / k;
      for (let i = 1; i <= k; i++) {
        const b = i === k ? now : t0 + i * dt;
        const x = i === k ? x1 : this.bridge(tc, xc, b, now, x1, v);
        this.block(b, Math.exp(x));
        tc = b;
        xc = x;
      }
      return;
    }
    const poisson = p.arrival === 'poisson';
    while (this.nextBlock <= now + 1e-9) {
      const b = this.nextBlock;
      const x = b >= now - 1e-9 ? x1 : this.bridge(tc, xc, b, now, x1, v);
      this.block(b, Math.exp(x));
      tc = b;
      xc = x;
      this.nextBlock = poisson ? b + this.exponential(p.blockTime) : b + p.blockTime;
    }
  }

  /** Log price at time b, given xc at tc and x1 at t1 (Brownian bridge, variance v per second). */
  private bridge(tc: number, xc: number, b: number, t1: number, x1: number, v: number): number {
    const w = (b - tc) / (t1 - tc);
    const mean = xc + w * (x1 - xc);
    const variance = v * w * (t1 - b);
    return variance > 0 ? mean + Math.sqrt(variance) * this.normals.next() : mean;
  }

  /** One block at time `time` with external price `m`: oracle observation, noise trades, arbitrage. */
  private block(time: number, m: number): void {
    const pool = this.pool;
    this.stats.blocks++;
    this.oracle.write(time, pool.tick());
    const noise = this.params.noise;
    if (noise !== null) this.noiseTrades(noise, time, m);
    this.lastBlock = time;
    if (this.params.arbitrage) this.arbitrage(time, m);
  }

  private noiseTrades(noise: NoiseParams, time: number, m: number): void {
    const k = this.poisson(noise.rate * (time - this.lastBlock));
    for (let i = 0; i < k; i++) {
      const buy = this.rng.nextFloat() < noise.buyProbability;
      const notional = noise.sizeSigma > 0 ? noise.medianNotional * Math.exp(noise.sizeSigma * this.normals.next()) : noise.medianNotional;
      const out = buy ? this.pool.swapExactIn(false, notional, NaN) : this.pool.swapExactIn(true, notional / m, NaN);
      if (!(out.amountIn > 0)) continue;
      const st = this.stats;
      st.noiseTrades++;
      st.noiseVolume += notional;
      st.noiseFees += buy ? out.fee : out.fee * m;
      if (this.listener !== null) this.listener.onSwap(SwapSource.Noise, out, m, time);
    }
  }

  private arbitrage(time: number, m: number): void {
    const pool = this.pool;
    if (this.params.arbMinProfit > 0) {
      const q = pool.quoteArbitrage(m);
      if (!(q.amountIn > 0) || profitOf(q, m) <= this.params.arbMinProfit) return;
    }
    const out = pool.arbitrage(m);
    if (!(out.amountIn > 0)) return;
    const st = this.stats;
    st.arbTrades++;
    st.arbProfit += profitOf(out, m);
    st.arbVolume += out.zeroForOne ? out.amountIn * m : out.amountIn;
    st.arbFees += out.zeroForOne ? out.fee * m : out.fee;
    if (this.listener !== null) this.listener.onSwap(SwapSource.Arbitrage, out, m, time);
  }
}

/** Profit of a swap's trader at external price m, quote: what it received minus what it paid. */
export function profitOf(out: SwapOutcome, m: number): number {
  return out.zeroForOne ? out.amountOut - out.amountIn * m : out.amountOut * m - out.amountIn;
}
