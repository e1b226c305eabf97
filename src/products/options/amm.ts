/**
 * An options AMM in the style of Lyra: LPs' capital writes (and buys back) options to simulated
 * traders at baseIv x skew, each trade moving the board's base IV and the traded strike's skew, with
 * Lyra's option-price and spot-price fees; a hedging policy keeps the pool's net delta in check.
 *
 * Listing: one board per tenor at the start, each with calls and puts at spot x moneyness; when a
 * board expires its options settle and (with `relist`) a new board of the same tenor is listed around
 * the current spot at the configured base IV and skews.
 *
 * Traders (Poisson arrivals at `arrivalsPerDay`): a live board at random; a strike near the money
 * (weight exp(-z^2/2), z = ln(K/S) / (baseIv sqrt(tau)), so strikes about one standard deviation of
 * the terminal price away are half as likely); a call with probability `callShare` (real flow is
 * skewed to calls); a buy with probability `buyShare`; an exponential size of mean `meanSize`.
 * Lyra's rules per trade (OptionMarketPricer):
 * - refused when the option's |delta| is below `minDelta` or above 1 - minDelta;
 * - base IV moves by amount / standardSize / 100 and the strike's skew by that x skewAdjustmentFactor,
 *   up on a buy, down on a sell, and the trade is priced at the new vol;
 * - fee per option = timeWeight x (optionPriceFeeCoefficient x premium + spotPriceFeeCoefficient x
 *   spot), the time weight 1 up to feePointA and rising linearly to 2 at feePointB. Lyra's vega
 *   utilisation and variance fees are not modelled.
 * The fee is the pool's edge on the trade (booked as trade edge); the vol move re-marks the whole
 * board (vega P&L in the attribution). Between trades a board's base IV and skews decay back to
 * their listed values with half-life `ivHalfLife` (arbitrage against other venues); without it a
 * one-sided flow would push IV up without limit.
 *
 * Random numbers: the flow of a path is drawn from its own stream, seeded with the config seed and a
 * hash of the path's prices, so every variant of a comparison sees the same trades on the same path,
 * on any number of threads.
 */
import { ConfigError } from '../../core/errors.js';
import { Rng } from '../../core/rng.js';
import { SECONDS_PER_DAY, SECONDS_PER_YEAR } from '../../core/units.js';
import type { MetricDef } from '../../engine/path-metrics.js';
import { bsDelta, bsPrice } from '../../pricing/black-scholes.js';
import { lyraBaseIvImpact, lyraFeeTimeWeight, lyraSkewImpact } from '../../pricing/lyra.js';
import { OptionsBook, type OptionsBookParams, type SlotParams } from './book.js';

export interface AmmParams {
  /** Underlying, rate, capital (initialCash) and overlays; slots are the AMM's listings (leave empty). */
  book: OptionsBookParams;
  tenorsSeconds: number[];
  moneyness: number[];
  skews: number[];
  baseIv: number;
  relist: boolean;
  standardSize: number;
  skewAdjustmentFactor: number;
  optionPriceFeeCoefficient: number;
  spotPriceFeeCoefficient: number;
  /** Fee time-weight points, seconds to expiry. */
  feePointA: number;
  feePointB: number;
  minDelta: number;
  /**
   * Half-life in seconds with which a board's base IV and skews return to their listed values
   * between trades (arbitrage against other venues; Lyra's boards are re-marked by governance and
   * keepers). Infinity: a trade's impact stays until traded away.
   */
  ivHalfLife: number;
  arrivalsPerDay: number;
  callShare: number;
  buyShare: number;
  meanSize: number;
  seed: number;
}

export const AMM_METRICS: readonly MetricDef[] = [
  { key: 'lpReturn', label: 'LP return', unit: 'fraction', help: 'Pool value at the end over capital at the start, less 1.' },
  { key: 'feesCollected', label: 'Fees collected', unit: 'quote', help: 'Lyra option-price and spot-price fees paid by traders.' },
  { key: 'tradeEdgeTotal', label: 'Trade edge', unit: 'quote', help: 'What trades earned over the model value at the traded vol (the fees).' },
  { key: 'optionsTraded', label: 'Options traded', unit: 'count', help: 'Options bought and sold by traders.' },
  { key: 'traderTrades', label: 'Trader trades', unit: 'count', help: 'Trades executed.' },
  { key: 'tradesRefused', label: 'Trades refused', unit: 'count', help: 'Trades refused by the delta cutoff or because the vol would fall to zero.' },
  { key: 'callShareTraded', label: 'Call share', unit: 'fraction', help: 'Share of options traded that were calls.' },
  { key: 'netOptionsWritten', label: 'Net options written', unit: 'count', help: 'Options bought by traders less options sold to the pool.' },
  { key: 'maxBaseIvMove', label: 'Largest base IV move', unit: 'vol', help: 'Largest |base IV - listed base IV| of a board, per sqrt(year).' },
];

export class OptionsAmm extends OptionsBook {
  readonly amm: AmmParams;
  protected override readonly hasExtension = true;
  private readonly boards: number;
  private readonly strikesPerBoard: number;
  readonly boardBaseIv: Float64Array;
  readonly boardSkew: Float64Array;
  readonly boardExpiry: Float64Array;
  /** Time of the board's last trade (or listing), from which its IV reverts. */
  private readonly boardTime: Float64Array;
  private readonly rng = new Rng(0);
  private readonly weights: Float64Array;
  /** Trader arrivals per second. */
  private readonly arrivalRate: number;
  private nextArrival = Infinity;
  private fees = 0;
  private traded = 0;
  private tradesDone = 0;
  private refused = 0;
  private callsTraded = 0;
  private netWritten = 0;
  private maxIvMove = 0;

  constructor(p: AmmParams) {
    if (p.book.underlyings.length !== 1) throw new ConfigError('product.underlying', 'an options AMM lists options on one underlying');
    if (p.tenorsSeconds.length === 0 || p.tenorsSeconds.some((t) => !(t > 0))) throw new ConfigError('product.boards.tenors', 'needs at least one positive duration');
    if (p.moneyness.length === 0 || p.moneyness.length !== p.skews.length) throw new ConfigError('product.boards.skews', 'needs one skew per strike');
    if (!(p.baseIv > 0)) throw new ConfigError('product.boards.baseIv', `must be positive, got ${p.baseIv}`);
    if (!(p.feePointB > p.feePointA)) throw new ConfigError('product.pricing.feePointB', 'must be after feePointA');
    if (!(p.arrivalsPerDay >= 0)) throw new ConfigError('product.traders.arrivalsPerDay', `must be >= 0, got ${p.arrivalsPerDay}`);
    if (!(p.meanSize > 0)) throw new ConfigError('product.traders.meanSize', `must be positive, got ${p.meanSize}`);
    super({ ...p.book, slots: [] }, 2 * p.tenorsSeconds.length * p.moneyness.length);
    this.amm = p;
    this.boards = p.tenorsSeconds.length;
    this.strikesPerBoard = p.moneyness.length;
    this.boardBaseIv = new Float64Array(this.boards);
    this.boardSkew = new Float64Array(this.boards * this.strikesPerBoard);
    this.boardExpiry = new Float64Array(this.boards);
    this.boardTime = new Float64Array(this.boards);
    if (!(p.ivHalfLife > 0)) throw new ConfigError('product.pricing.ivHalfLife', `must be a positive duration, got ${p.ivHalfLife} s`);
    this.weights = new Float64Array(this.strikesPerBoard);
    this.arrivalRate = p.arrivalsPerDay / SECONDS_PER_DAY;
    this.useRowCache = false;
  }

  /** Slot of (board, strike index, call or put). */
  slotOf(board: number, j: number, call: boolean): number {
    return 2 * (board * this.strikesPerBoard + j) + (call ? 0 : 1);
  }

  protected override resetExtension(prices: Float64Array, row: number, now: number): void {
    this.rng.reseed(this.amm.seed, pathStream(prices));
    this.fees = this.traded = this.tradesDone = this.refused = this.callsTraded = this.netWritten = this.maxIvMove = 0;
    this.nextArrival = this.arrivalRate > 0 ? now + this.exponential() / this.arrivalRate : Infinity;
    void row;
  }

  protected override afterInitialSlots(prices: Float64Array, row: number, now: number): void {
    for (let b = 0; b < this.boards; b++) this.list(b, prices[row * this.assets + this.legAssets[0]], now);
  }

  protected override extensionEvent(): number {
    return this.nextArrival;
  }

  /** Relists expired boards, then lets every trader due by `now` trade at this row's price. */
  protected override handleExtension(prices: Float64Array, row: number, now: number): void {
    const S = prices[row * this.assets + this.legAssets[0]];
    for (let b = 0; b < this.boards; b++) {
      if (this.amm.relist && now + 1e-3 >= this.boardExpiry[b]) {
        this.list(b, S, now);
        this.settlements++;
      }
    }
    while (this.nextArrival <= now) {
      this.traderArrives(S, now);
      this.nextArrival += this.exponential() / this.arrivalRate;
    }
  }

  /** Lists board b: strikes at S x moneyness, expiring a tenor from now, at the listed base IV and skews. */
  private list(b: number, S: number, now: number): void {
    const p = this.amm;
    const expiry = now + p.tenorsSeconds[b];
    this.boardExpiry[b] = expiry;
    this.boardTime[b] = now;
    this.boardBaseIv[b] = p.baseIv;
    for (let j = 0; j < this.strikesPerBoard; j++) {
      this.boardSkew[b * this.strikesPerBoard + j] = p.skews[j];
      for (const call of [true, false]) {
        const slot: SlotParams = { underlying: 0, isCall: call, strike: S * p.moneyness[j], expiry, quantity: 0 };
        const i = this.slotOf(b, j, call);
        this.strikeSlot(i, slot, now, S);
        this.setSlotVol(i, p.baseIv * p.skews[j]);
      }
    }
  }

  private exponential(): number {
    return -Math.log(this.rng.nextOpenFloat());
  }

  /** One trader: board, strike, type, side and size at random, then Lyra's pricing rules. */
  private traderArrives(S: number, now: number): void {
    const p = this.amm;
    const rng = this.rng;
    let live = 0;
    for (let b = 0; b < this.boards; b++) if (this.boardExpiry[b] > now) live++;
    if (live === 0) return;
    let pick = rng.nextBelow(live), b = 0;
    for (; b < this.boards; b++) if (this.boardExpiry[b] > now && pick-- === 0) break;
    const tau = (this.boardExpiry[b] - now) / SECONDS_PER_YEAR;
    // Strike near the money: weight exp(-z^2 / 2), z = ln(K / S) / (baseIv sqrt(tau)).
    const width = this.boardBaseIv[b] * Math.sqrt(tau);
    let total = 0;
    for (let j = 0; j < this.strikesPerBoard; j++) {
      const z = Math.log(this.strike[this.slotOf(b, j, true)] / S) / width;
      total += this.weights[j] = Math.exp(-0.5 * z * z);
    }
    let u = rng.nextFloat() * total, j = 0;
    while (j < this.strikesPerBoard - 1 && (u -= this.weights[j]) >= 0) j++;
    const call = rng.nextFloat() < p.callShare;
    const buy = rng.nextFloat() < p.buyShare;
    const amount = p.meanSize * this.exponential();
    this.trade(b, j, call, buy ? amount : -amount, S, now);
  }

  /**
   * A trade of `amount` options (positive: the trader buys from the pool) on board b, strike j.
   * Returns false when Lyra's rules refuse it.
   */
  trade(b: number, j: number, call: boolean, amount: number, S: number, now: number): boolean {
    const p = this.amm;
    const i = this.slotOf(b, j, call);
    const k = b * this.strikesPerBoard + j;
    const tau = (this.boardExpiry[b] - now) / SECONDS_PER_YEAR;
    if (!(tau > 0)) return false;
    this.revert(b, now);
    const K = this.strike[i];
    const d = Math.abs(bsDelta(call, S, K, tau, this.params.rate, this.carry[0], this.boardBaseIv[b] * this.boardSkew[k]));
    const newBase = this.boardBaseIv[b] + lyraBaseIvImpact(amount, p.standardSize);
    const newSkew = this.boardSkew[k] + lyraSkewImpact(amount, p.standardSize, p.skewAdjustmentFactor);
    if (d < p.minDelta || d > 1 - p.minDelta || !(newBase > 0) || !(newSkew > 0)) {
      this.refused++;
      return false;
    }
    this.boardBaseIv[b] = newBase;
    this.boardSkew[k] = newSkew;
    this.markBoard(b);
    const vol = newBase * newSkew;
    const premium = bsPrice(call, S, K, tau, this.params.rate, this.carry[0], vol);
    const w = lyraFeeTimeWeight(tau * SECONDS_PER_YEAR, p.feePointA, p.feePointB);
    const size = amount < 0 ? -amount : amount;
    const fee = w * (p.optionPriceFeeCoefficient * premium + p.spotPriceFeeCoefficient * S) * size;
    // The trader pays premium + fee on a buy and receives premium - fee on a sell.
    this.cash += amount * premium + fee;
    this.quantity[i] -= amount;
    this.tradeEdge += fee;
    this.fees += fee;
    this.traded += size;
    this.tradesDone++;
    if (call) this.callsTraded += size;
    this.netWritten += amount;
    const move = Math.abs(newBase - p.baseIv);
    if (move > this.maxIvMove) this.maxIvMove = move;
    return true;
  }

  /** Base IV and skews of board b decay toward their listed values over the time since its last trade. */
  private revert(b: number, now: number): void {
    const p = this.amm;
    const dt = now - this.boardTime[b];
    this.boardTime[b] = now;
    if (!(dt > 0) || p.ivHalfLife === Infinity) return;
    const f = Math.exp((-dt * Math.LN2) / p.ivHalfLife);
    this.boardBaseIv[b] = p.baseIv + (this.boardBaseIv[b] - p.baseIv) * f;
    for (let j = 0; j < this.strikesPerBoard; j++) {
      const k = b * this.strikesPerBoard + j;
      this.boardSkew[k] = p.skews[j] + (this.boardSkew[k] - p.skews[j]) * f;
    }
    this.markBoard(b);
  }

  /** Sets every slot of board b to its current baseIv x skew. */
  private markBoard(b: number): void {
    for (let j = 0; j < this.strikesPerBoard; j++) {
      const v = this.boardBaseIv[b] * this.boardSkew[b * this.strikesPerBoard + j];
      this.setSlotVol(this.slotOf(b, j, true), v);
      this.setSlotVol(this.slotOf(b, j, false), v);
    }
  }

  override extensionMetricDefs(): MetricDef[] {
    return [...AMM_METRICS];
  }

  override writeExtensionMetrics(out: Float64Array, o: number, prices: Float64Array, row: number, now: number): void {
    out[o] = this.value(prices, row, now) / this.startValue - 1;
    out[o + 1] = this.fees;
    out[o + 2] = this.tradeEdge;
    out[o + 3] = this.traded;
    out[o + 4] = this.tradesDone;
    out[o + 5] = this.refused;
    out[o + 6] = this.traded > 0 ? this.callsTraded / this.traded : NaN;
    out[o + 7] = this.netWritten;
    out[o + 8] = this.maxIvMove;
  }
}

const BITS = new Float64Array(1);
const WORDS = new Uint32Array(BITS.buffer);

/** A stream number from the bits of a few prices of the path (first rows and the last): same path, same stream. */
export function pathStream(prices: Float64Array): number {
  let h = 0x9e3779b9;
  const n = prices.length;
  for (const k of [0, 1, n >> 1, n - 1]) {
    if (k < 0 || k >= n) continue;
    BITS[0] = prices[k];
    h = Math.imul(h ^ WORDS[0], 0x85ebca6b);
    h = Math.imul(h ^ WORDS[1], 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 1;
}
