/**
 * Balancer v2 weighted pool and liquidity bootstrapping pool (LBP), in the contracts' fixed point.
 *
 * Swap path as BaseMinimalSwapInfoPool.onSwap: for an exact input the fee is taken first
 * (amount - mulUp(amount, fee), the fee rounding UP), amounts and balances are upscaled to 18
 * decimals, WeightedMath computes the output, which is downscaled ROUNDING DOWN; for an exact output
 * the input is computed, downscaled ROUNDING UP, then grossed up for the fee with divUp(amount,
 * 1 - fee). The whole input, fee included, stays in the pool's balance.
 *
 * Limits, each raising PoolLimitError naming it: normalized weights >= 1% (MIN_WEIGHT, BAL#302)
 * summing to exactly 1e18 (NORMALIZED_WEIGHT_INVARIANT, BAL#308); swap fee between 1e-6 and 10%
 * (MIN/MAX_SWAP_FEE_PERCENTAGE, BAL#203/202); swaps within 30% of a balance (MAX_IN/OUT_RATIO,
 * BAL#304/305).
 *
 * Left out: joins and exits (BPT accounting), protocol swap fees (charged on invariant growth at
 * join/exit time, not per swap), the oracle, pause windows. The LBP stores its start and end
 * weights uncompressed; the contract packs them into 64 bits, which can move a weight by about
 * 1e-18 relative (not reproduced).
 */
import { ChainMathError } from '../core/errors.js';
import {
  BAL,
  MIN_WEIGHT,
  ONE,
  balReason,
  calcInGivenOut,
  calcOutGivenIn,
  calculateInvariant,
  divDown,
  divUp,
  limitError,
  mulDown,
  mulUp,
  sub,
} from './weighted-math.js';

/** BasePool swap fee bounds: 1e-6 (0.0001%) to 10%, in 18 decimals. */
export const MIN_SWAP_FEE_PERCENTAGE = 10n ** 12n;
export const MAX_SWAP_FEE_PERCENTAGE = 10n ** 17n;

export interface WeightedPoolConfig {
  /** Raw token balances (in each token's own decimals). */
  balances: bigint[];
  /** Normalized weights in 18 decimals, summing to exactly 1e18. */
  weights: bigint[];
  /** Swap fee in 18 decimals (3e15 = 0.3%). */
  swapFeePercentage: bigint;
  /** Token decimals (default 18 each); at most 18. */
  decimals?: number[];
}

export interface WeightedSwapResult {
  amountIn: bigint;
  amountOut: bigint;
  /** Fee charged, in the input token (raw units). */
  feeAmount: bigint;
}

/**
 * A non-negative number -> 18-decimal fixed point, from its shortest decimal representation
 * (String(0.1) is "0.1", so 0.1 becomes exactly 1e17, not the binary double's 1.00000000000000006e17),
 * rounded half up at the 18th decimal.
 */
export function toFixed18(x: number): bigint {
  if (!Number.isFinite(x) || x < 0) throw new ChainMathError('', `cannot convert ${x} to fixed point`);
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(x));
  if (!m) throw new ChainMathError('', `cannot parse ${x}`);
  const digits = BigInt(m[1] + (m[2] ?? ''));
  const shift = 18 + Number(m[3] ?? 0) - (m[2]?.length ?? 0);
  if (shift >= 0) return digits * 10n ** BigInt(shift);
  const div = 10n ** BigInt(-shift);
  return (digits + div / 2n) / div;
}

/**
 * Weights from fractions: each rounded to 18 decimals, the rounding remainder put on the largest
 * weight so the sum is exactly 1e18 (the contract refuses anything else).
 */
export function normalizeWeights(fractions: readonly number[]): bigint[] {
  const w = fractions.map(toFixed18);
  const total = w.reduce((a, b) => a + b, 0n);
  const drift = ONE - total;
  if (drift !== 0n) {
    const sum = fractions.reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > 1e-9) throw limitError('NORMALIZED_WEIGHT_INVARIANT', `weights sum to ${sum}, not 1`);
    let iMax = 0;
    for (let i = 1; i < w.length; i++) if (w[i] > w[iMax]) iMax = i;
    w[iMax] += drift;
  }
  return w;
}

function checkWeights(weights: readonly bigint[]): void {
  if (weights.length < 2) throw limitError('MIN_TOKENS', `a weighted pool needs at least 2 tokens, got ${weights.length}`);
  let sum = 0n;
  for (let i = 0; i < weights.length; i++) {
    if (weights[i] < MIN_WEIGHT) {
      throw limitError('MIN_WEIGHT', `weight ${i} is ${Number(weights[i]) / 1e18}, below the 1% minimum`);
    }
    sum += weights[i];
  }
  if (sum !== ONE) throw limitError('NORMALIZED_WEIGHT_INVARIANT', `weights sum to ${sum}, not exactly 1e18`);
}

export class WeightedPool {
  readonly balances: bigint[];
  protected weights: bigint[];
  swapFeePercentage: bigint;
  /** 10^(18 - decimals) per token (the contract's scaling factors, without the 1e18 factor). */
  readonly scalingFactors: bigint[];

  constructor(config: WeightedPoolConfig) {
    const n = config.balances.length;
    if (config.weights.length !== n) throw new ChainMathError(balReason(103), 'INPUT_LENGTH_MISMATCH: balances and weights differ in length');
    checkWeights(config.weights);
    const decimals = config.decimals ?? new Array<number>(n).fill(18);
    this.scalingFactors = decimals.map((d) => {
      if (!Number.isInteger(d) || d < 0 || d > 18) throw new ChainMathError(balReason(BAL.SUB_OVERFLOW), `token decimals ${d} must be an integer in [0, 18]`);
      return 10n ** BigInt(18 - d);
    });
    this.balances = [...config.balances];
    this.weights = [...config.weights];
    this.swapFeePercentage = 0n;
    this.setSwapFeePercentage(config.swapFeePercentage);
  }

  /** A pool from plain numbers: weights and fee as fractions (converted exactly to 18 decimals). */
  static fromFractions(config: { balances: bigint[]; weights: number[]; fee: number; decimals?: number[] }): WeightedPool {
    return new WeightedPool({
      balances: config.balances,
      weights: normalizeWeights(config.weights),
      swapFeePercentage: toFixed18(config.fee),
      decimals: config.decimals,
    });
  }

  /** BasePool.setSwapFeePercentage bounds: [1e-6, 10%]. */
  setSwapFeePercentage(fee: bigint): void {
    if (fee < MIN_SWAP_FEE_PERCENTAGE) throw limitError('MIN_SWAP_FEE_PERCENTAGE', `swap fee ${Number(fee) / 1e18} is below 0.0001%`);
    if (fee > MAX_SWAP_FEE_PERCENTAGE) throw limitError('MAX_SWAP_FEE_PERCENTAGE', `swap fee ${Number(fee) / 1e18} is above 10%`);
    this.swapFeePercentage = fee;
  }

  /** Normalized weights now (constant here; moving in the LBP). */
  getNormalizedWeights(): bigint[] {
    return [...this.weights];
  }

  private upscale(amount: bigint, i: number): bigint {
    return amount * this.scalingFactors[i];
  }

  /** Swap quote for an exact input of token `i` for token `o` (BaseMinimalSwapInfoPool.onSwap, GIVEN_IN). */
  quoteGivenIn(i: number, o: number, amountIn: bigint): WeightedSwapResult {
    this.beforeSwap();
    const w = this.getNormalizedWeights();
    const feeAmount = mulUp(amountIn, this.swapFeePercentage);
    const net = sub(amountIn, feeAmount);
    const out18 = calcOutGivenIn(this.upscale(this.balances[i], i), w[i], this.upscale(this.balances[o], o), w[o], this.upscale(net, i));
    // Downscale ROUNDING DOWN (divDown by the 1e18-based factor is integer division here).
    const amountOut = out18 / this.scalingFactors[o];
    return { amountIn, amountOut, feeAmount };
  }

  /** Swap quote for an exact output of token `o` paid in token `i` (onSwap, GIVEN_OUT). */
  quoteGivenOut(i: number, o: number, amountOut: bigint): WeightedSwapResult {
    this.beforeSwap();
    const w = this.getNormalizedWeights();
    const in18 = calcInGivenOut(this.upscale(this.balances[i], i), w[i], this.upscale(this.balances[o], o), w[o], this.upscale(amountOut, o));
    // Downscale ROUNDING UP, then add the fee: divUp(amount, 1 - fee).
    const sf = this.scalingFactors[i];
    const beforeFee = in18 === 0n ? 0n : (in18 - 1n) / sf + 1n;
    const amountIn = divUp(beforeFee, ONE - this.swapFeePercentage);
    return { amountIn, amountOut, feeAmount: amountIn - beforeFee };
  }

  /** Exact-input swap; updates balances (the fee stays in the pool). */
  swapGivenIn(i: number, o: number, amountIn: bigint): WeightedSwapResult {
    const r = this.quoteGivenIn(i, o, amountIn);
    this.balances[i] += r.amountIn;
    this.balances[o] -= r.amountOut;
    return r;
  }

  /** Exact-output swap; updates balances. */
  swapGivenOut(i: number, o: number, amountOut: bigint): WeightedSwapResult {
    const r = this.quoteGivenOut(i, o, amountOut);
    this.balances[i] += r.amountIn;
    this.balances[o] -= r.amountOut;
    return r;
  }

  /** Invariant prod B_i^w_i on upscaled balances, ROUNDED DOWN. */
  invariant(): bigint {
    return calculateInvariant(this.getNormalizedWeights(), this.balances.map((b, i) => this.upscale(b, i)));
  }

  /**
   * Spot price of token `o` in units of token `i` (what one unit of o costs at the margin), as a
   * float: (B_i / w_i) / (B_o / w_o), divided by (1 - fee) when `withFee`. Balances in raw units.
   */
  spotPrice(i: number, o: number, withFee = false): number {
    const w = this.getNormalizedWeights();
    const bi = Number(this.upscale(this.balances[i], i)) / Number(w[i]);
    const bo = Number(this.upscale(this.balances[o], o)) / Number(w[o]);
    return (bi / bo) / (withFee ? 1 - Number(this.swapFeePercentage) / 1e18 : 1);
  }

  /** Hook for subclasses (LBP swap switch). */
  protected beforeSwap(): void {}
}

/**
 * Liquidity bootstrapping pool: weights move linearly from their value when
 * `updateWeightsGradually` is called to `endWeights` between `startTime` and `endTime`
 * (LiquidityBootstrappingPool + GradualValueChange). Time is the pool's `now` (seconds), which the
 * engine sets from its clock, standing in for block.timestamp.
 */
export class LiquidityBootstrappingPool extends WeightedPool {
  /** Current time in seconds (block.timestamp). */
  now = 0;
  swapEnabled = true;
  private startTime = 0;
  private endTime = 0;
  private startWeights: bigint[];
  private endWeights: bigint[];

  constructor(config: WeightedPoolConfig & { now?: number; swapEnabled?: boolean }) {
    super(config);
    this.now = config.now ?? 0;
    this.swapEnabled = config.swapEnabled ?? true;
    this.startWeights = [...config.weights];
    this.endWeights = [...config.weights];
  }

  /**
   * Starts a linear weight change (LiquidityBootstrappingPool.updateWeightsGradually). The start is
   * moved to `now` if in the past (GradualValueChange.resolveStartTime) and must not be after the
   * end ('BAL#326'); the end weights must each be >= 1% and sum to exactly 1e18. The change starts
   * from the weights in effect now.
   */
  updateWeightsGradually(startTime: number, endTime: number, endWeights: readonly bigint[]): void {
    const start = Math.max(this.now, startTime);
    if (!(start <= endTime)) throw limitError('GRADUAL_UPDATE_TIME_TRAVEL', `start ${start} is after end ${endTime}`);
    if (endWeights.length !== this.balances.length) throw new ChainMathError(balReason(103), 'INPUT_LENGTH_MISMATCH: end weights');
    checkWeights(endWeights);
    this.startWeights = this.getNormalizedWeights();
    this.endWeights = [...endWeights];
    this.startTime = start;
    this.endTime = endTime;
  }

  /** Progress of the change in 18 decimals: 0 before the start, 1 after the end, elapsed / total (ROUNDED DOWN) between. */
  weightChangeProgress(): bigint {
    if (this.now > this.endTime) return ONE;
    if (this.now < this.startTime) return 0n;
    const total = BigInt(Math.floor(this.endTime - this.startTime));
    const elapsed = BigInt(Math.floor(this.now - this.startTime));
    return total === 0n ? ONE : divDown(elapsed, total);
  }

  /** Each weight interpolated as GradualValueChange._interpolateValue (the step rounds DOWN in size). */
  override getNormalizedWeights(): bigint[] {
    const p = this.weightChangeProgress();
    return this.startWeights.map((s, k) => {
      const e = this.endWeights[k];
      if (p === 0n || s === e) return s;
      if (p >= ONE) return e;
      return s > e ? s - mulDown(p, s - e) : s + mulDown(p, e - s);
    });
  }

  protected override beforeSwap(): void {
    if (!this.swapEnabled) throw limitError('SWAPS_DISABLED', 'swaps are disabled on this LBP');
  }
}
