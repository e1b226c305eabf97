/**
 * What hedging an options book cost and left open, path by path: final P&L (future and present
 * value), Hull's hedge cost and performance ratio, costs by kind, hedge counts, the delta left open
 * (all of it, and the part the policy wanted hedged but the venue or the executor did not deliver),
 * time above Greek limits, and optionally a P&L attribution into delta, gamma slippage, carry theta,
 * vega, costs, income and trade edge.
 *
 * Per step (always): one pass over the legs for open delta and shortfall. With attribution: the
 * Taylor terms of the step from the Greeks saved at the previous step, which is why attribution asks
 * the book for every Greek each step (GreekLevel.Full); turn it off for speed.
 *
 * Attribution of a step from t-1 to t (S, Greeks and hedge as they stood after the trades of t-1;
 * x = S_t / S_{t-1} - 1; dt in years):
 *   delta         (model delta + holdings + hedge) x dS       the exposure left open
 *   gammaSlippage 0.5 Gamma S^2 (x^2 - sigma^2 dt)            realised against implied variance
 *   carryTheta    (Theta + 0.5 Gamma S^2 sigma^2) dt          time decay beyond the gamma break-even:
 *                                                              the r and q terms, 0 when r = q = 0
 *   vega          sum quantity x vega x (sigma_t - sigma_{t-1})  (surfaces that move, AMM skew)
 * plus costs (fees, gas, impact, funding), income (interest, carry) and edge (premium over model
 * value when options are written or bought), and a residual: the higher-order terms of large moves
 * and expiries.
 */
import { SECONDS_PER_DAY, SECONDS_PER_YEAR } from '../../core/units.js';
import type { MetricDef, PathMetrics } from '../../engine/path-metrics.js';
import type { Executor } from '../../execution/executor.js';
import { squaredLogReturns, type MarketPath } from '../../market/market-path.js';
import { GreekLevel, type OptionsBook } from './book.js';
import type { OptionsHedgePolicy } from './policy.js';

const INV_YEAR = 1 / SECONDS_PER_YEAR;

export const OPTIONS_METRICS: readonly MetricDef[] = [
  { key: 'pnl', label: 'Hedged P&L', unit: 'quote', help: 'Value of cash, hedges, holdings and options (model prices, or settled payoffs) at the end, less the capital at the start (cash and holdings before any option was written). A short option sold at its model price and hedged perfectly ends at 0.' },
  { key: 'pnlPv', label: 'Hedged P&L (present value)', unit: 'quote', help: 'The P&L discounted to the start at the cash rate.' },
  { key: 'premium', label: 'Net premium', unit: 'quote', help: 'Premium received for options written less premium paid for options bought, at the start.' },
  { key: 'hedgeError', label: 'Hedging error', unit: 'quote', help: 'P&L before trading costs and funding: what discrete hedging left, separate from what it cost. Its standard deviation is the hedge\'s risk.' },
  { key: 'absHedgeError', label: 'Absolute hedging error', unit: 'quote', help: '|hedging error|: its mean is a risk measure that sweeps can rank (about 0.8 sd for a normal error).' },
  { key: 'hedgeCostPv', label: 'Cost of hedging (PV)', unit: 'quote', help: 'Hull\'s cost of writing and hedging: net premium less the present value of the P&L. About the model value of the book on average.' },
  { key: 'hullRatio', label: 'Hedge cost / option value', unit: 'ratio', help: 'Cost of hedging (PV) divided by the book\'s model value at the start. Its standard deviation over paths is Hull\'s performance measure (0 for a perfect hedge).' },
  { key: 'rebalances', label: 'Rebalances', unit: 'count', help: 'Hedges started (a TWAP counts once).' },
  { key: 'trades', label: 'Trades', unit: 'count', help: 'Transactions executed, TWAP chunks and partial fills included.' },
  { key: 'refusals', label: 'Refused trades', unit: 'count', help: 'Trades the venue refused (depth, open interest, funding) or the slippage guard stopped.' },
  { key: 'partialFills', label: 'Partial fills', unit: 'count', help: 'Trades the venue filled only in part.' },
  { key: 'gated', label: 'Gated hedges', unit: 'count', help: 'Targets the interaction-delay gate refused (gap below the delta threshold).' },
  { key: 'tradedNotional', label: 'Traded notional', unit: 'quote', help: 'Sum of |units| x mid over all hedge trades.' },
  { key: 'costFee', label: 'Fees', unit: 'quote' },
  { key: 'costGas', label: 'Gas', unit: 'quote' },
  { key: 'costImpact', label: 'Price impact', unit: 'quote' },
  { key: 'costFunding', label: 'Funding', unit: 'quote', help: 'Perpetual funding paid on perp hedges (negative when received).' },
  { key: 'tradingCost', label: 'Trading costs', unit: 'quote', help: 'Fees + gas + impact: what hedging itself paid.' },
  { key: 'costTotal', label: 'Total costs', unit: 'quote', help: 'Trading costs plus funding.' },
  { key: 'income', label: 'Interest and carry', unit: 'quote', help: 'Interest on cash and the carry yield earned on spot units held.' },
  { key: 'openDeltaTime', label: 'Open delta x time', unit: 'quote-days', help: 'Time integral of |net delta| x price summed over underlyings: the unhedged exposure carried, in quote-days (1,000 for 1,000 quote of delta left open for a day).' },
  { key: 'rmsOpenDelta', label: 'RMS open delta', unit: 'quote', help: 'Root mean square over steps of sum |net delta| x price carried through each step (the options\' delta after the previous step, the hedge held before this step\'s trades).' },
  { key: 'maxOpenDelta', label: 'Largest open delta', unit: 'quote', help: 'Largest sum |net delta| x price carried through a step.' },
  { key: 'shortfallDeltaTime', label: 'Unhedged delta x time', unit: 'quote-days', help: 'Time integral of |wanted hedge - actual hedge| x price: delta the policy asked to hedge that the venue or the executor did not deliver (refusals, partial fills, TWAPs in progress).' },
  { key: 'shortfallTime', label: 'Time partly hedged', unit: 'days', help: 'Time during which some leg held less hedge than the policy asked for.' },
  { key: 'maxShortfall', label: 'Largest unhedged delta', unit: 'quote', help: 'Largest |wanted hedge - actual hedge| x price, summed over legs.' },
  { key: 'timeOverGammaLimit', label: 'Time above the gamma limit', unit: 'fraction', help: 'Share of steps with |net gamma| above the policy\'s limit on some underlying (no limit: undefined).' },
  { key: 'timeOverVegaLimit', label: 'Time above the vega limit', unit: 'fraction', help: 'Share of steps with |net vega| above the policy\'s limit on some underlying (no limit: undefined).' },
  { key: 'optionTrades', label: 'Option hedge trades', unit: 'count', help: 'Trades of the vega/gamma overlay option.' },
  { key: 'realizedVol', label: 'Realised volatility', unit: 'per sqrt year', help: 'Of the first underlying: sqrt(sum of squared log returns / years).' },
  { key: 'attrDelta', label: 'P&L: open delta', unit: 'quote', help: 'Sum of (model delta + holdings + hedge) x price change: what the delta left open made or lost.' },
  { key: 'attrGamma', label: 'P&L: gamma slippage', unit: 'quote', help: 'Sum of 1/2 Gamma S^2 (x^2 - sigma^2 dt): realised against implied variance. Negative for a short-gamma book in a market more volatile than its implied vol.' },
  { key: 'attrTheta', label: 'P&L: carry theta', unit: 'quote', help: 'Sum of (Theta + 1/2 Gamma S^2 sigma^2) dt: time decay beyond the gamma break-even (the rate and carry terms; 0 when r = q = 0).' },
  { key: 'attrVega', label: 'P&L: vega', unit: 'quote', help: 'Sum of quantity x vega x change of the option\'s vol (surfaces that move, AMM skew).' },
  { key: 'attrCosts', label: 'P&L: costs', unit: 'quote', help: 'Minus trading costs and funding.' },
  { key: 'attrIncome', label: 'P&L: income', unit: 'quote', help: 'Interest on cash and carry on spot units held.' },
  { key: 'attrEdge', label: 'P&L: trade edge', unit: 'quote', help: 'Premium received over model value when options were written (less when bought), fees charged to traders included.' },
  { key: 'attrResidual', label: 'P&L: residual', unit: 'quote', help: 'P&L not explained by the terms above: higher-order terms of large moves and of options near expiry.' },
];

export interface OptionsMetricsOptions {
  /** P&L attribution per step (needs every Greek each step). Default true. */
  attribution: boolean;
}

export class OptionsMetrics implements PathMetrics {
  // Fields the constructor assigns are `declare`d: see docs/architecture.md (class fields keep their first representation).
  declare readonly defs: readonly MetricDef[];
  declare private readonly n: number;
  declare private readonly attribution: boolean;
  declare private readonly gammaLimit: number;
  declare private readonly vegaLimit: number;
  private readonly baseCount = OPTIONS_METRICS.length;
  private prevNow = 0;
  private steps = 0;
  private openTime = 0;
  private openSq = 0;
  private openMax = 0;
  private shortTime = 0;
  private shortDeltaTime = 0;
  private shortMax = 0;
  private overGamma = 0;
  private overVega = 0;
  // Attribution state: previous spot, delta exposure, gamma, gamma variance, theta per leg; previous vol x vega per slot.
  declare private readonly prevS: Float64Array;
  declare private readonly prevExposure: Float64Array;
  declare private readonly prevGamma: Float64Array;
  declare private readonly prevGammaVar: Float64Array;
  declare private readonly prevTheta: Float64Array;
  declare private readonly prevSigma: Float64Array;
  declare private readonly prevVega: Float64Array;
  private aDelta = 0;
  private aGamma = 0;
  private aTheta = 0;
  private aVega = 0;

  declare private readonly book: OptionsBook;
  declare private readonly policy: OptionsHedgePolicy;
  declare private readonly executor: Executor;

  constructor(book: OptionsBook, policy: OptionsHedgePolicy, executor: Executor, options: OptionsMetricsOptions) {
    this.book = book;
    this.policy = policy;
    this.executor = executor;
    this.n = book.underlyings;
    this.attribution = options.attribution;
    if (this.attribution) {
      book.requireGreeks(GreekLevel.Full);
      book.trackHedge();
    }
    this.gammaLimit = policy.params.limits?.gamma ?? Infinity;
    this.vegaLimit = policy.params.limits?.vega ?? Infinity;
    this.defs = [...OPTIONS_METRICS, ...book.extensionMetricDefs()];
    this.prevS = new Float64Array(this.n);
    this.prevExposure = new Float64Array(this.n);
    this.prevGamma = new Float64Array(this.n);
    this.prevGammaVar = new Float64Array(this.n);
    this.prevTheta = new Float64Array(this.n);
    this.prevSigma = new Float64Array(book.slotCount);
    this.prevVega = new Float64Array(book.slotCount);
  }

  /**
   * What the next step carries, summed over underlyings from the state after the previous step (the
   * left end of the interval): |options' delta + holdings + hedge| x spot, |target - hedge| x spot
   * and |target| x spot, in quote. Three sums rather than four saved arrays per leg: the step reads
   * the state once, when it is current (measured on the hedge benchmark: see docs/benchmarks.md).
   */
  private carryOpen = 0;
  private carryShort = 0;
  private carryWant = 0;

  /** The engine calls this after the start's decisions: the hedge and target saved are those the first step carries. */
  reset(path: MarketPath, row: number, now: number): void {
    const book = this.book;
    this.carry();
    // The book computes its deltas for the whole path up front when it can (OptionsBook.usePath);
    // the metrics are the one part of a simulation the engine hands the whole path to.
    book.usePath(path, row);
    this.prevNow = now;
    this.steps = 0;
    this.openTime = this.openSq = this.openMax = 0;
    this.shortTime = this.shortDeltaTime = this.shortMax = 0;
    this.overGamma = this.overVega = 0;
    this.aDelta = this.aGamma = this.aTheta = this.aVega = 0;
    // The book has marked row 0 (its Greeks are those of the start); the hedge's own P&L the book
    // accumulates (OptionsBook.hedgePnl), so only the options' state is saved here.
    if (this.attribution) this.save();
  }

  /**
   * Per step: the open delta and the shortfall carried over the step just ended, from the state
   * summed after the previous step (left end point), then this step's sums for the next one.
   * Attribution and limits only when configured.
   */
  step(_prices: Float64Array, _row: number, now: number): void {
    const dt = (now - this.prevNow) * (1 / 86_400); /* INV_DAY: a literal, see docs/architecture.md */
    this.prevNow = now;
    if (this.attribution === true) this.attribute(dt * (SECONDS_PER_DAY * INV_YEAR));
    const open = this.carryOpen, short = this.carryShort, want = this.carryWant;
    this.openTime += open * dt;
    this.openSq += open * open;
    if (open > this.openMax) this.openMax = open;
    // A gap below a millionth of the wanted hedge is rounding (a TWAP filling a target that the
    // policy has since nudged), not a hedge left undone.
    if (short > 1e-6 * want + 1e-12) this.shortfall(short, dt);
    if (this.gammaLimit !== Infinity || this.vegaLimit !== Infinity) this.limits();
    this.steps++;
    this.carry();
  }

  /** Sums the state after this step into what the next step carries (see carryOpen). */
  private carry(): void {
    const book = this.book;
    const delta = book.optionDelta, spot = book.spot, hedge = book.hedge, holdings = book.holdings, intended = this.policy.intended;
    let open = 0, short = 0, want = 0;
    for (let leg = 0; leg < this.n; leg++) {
      const S = spot[leg], h = hedge[leg], target = intended[leg];
      open += Math.abs(delta[leg] + holdings[leg] + h) * S; // Math.abs rather than a branch on a sign that can be a coin flip
      short += Math.abs(target - h) * S;
      want += Math.abs(target) * S;
    }
    this.carryOpen = open;
    this.carryShort = short;
    this.carryWant = want;
  }

  private shortfall(short: number, dt: number): void {
    this.shortTime += dt;
    this.shortDeltaTime += short * dt;
    if (short > this.shortMax) this.shortMax = short;
  }

  private limits(): void {
    const book = this.book;
    let g = false, v = false;
    for (let leg = 0; leg < this.n; leg++) {
      const gm = book.optionGamma[leg], vg = book.optionVega[leg];
      if (gm > this.gammaLimit || gm < -this.gammaLimit) g = true;
      if (vg > this.vegaLimit || vg < -this.vegaLimit) v = true;
    }
    if (g) this.overGamma++;
    if (v) this.overVega++;
  }

  /** Taylor terms of the step just taken from the options' state saved at the previous step; then saves this step's. */
  private attribute(dtYears: number): void {
    const book = this.book;
    for (let leg = 0; leg < this.n; leg++) {
      const S0 = this.prevS[leg], S = book.spot[leg];
      const dS = S - S0;
      const x = dS / S0;
      this.aDelta += this.prevExposure[leg] * dS;
      const halfS2 = 0.5 * S0 * S0;
      this.aGamma += halfS2 * (this.prevGamma[leg] * x * x - this.prevGammaVar[leg] * dtYears);
      this.aTheta += (this.prevTheta[leg] + halfS2 * this.prevGammaVar[leg]) * dtYears;
    }
    for (let i = 0; i < book.slotCount; i++) {
      if (this.prevVega[i] !== 0 && book.active[i] === 1) this.aVega += this.prevVega[i] * (book.sigma[i] - this.prevSigma[i]);
    }
    this.save();
  }

  /** Saves the options' Greeks and exposure (model delta + holdings; the hedge is the book's own account). */
  private save(): void {
    const book = this.book;
    for (let leg = 0; leg < this.n; leg++) {
      this.prevS[leg] = book.spot[leg];
      this.prevExposure[leg] = book.modelDelta[leg] + book.holdings[leg];
      this.prevGamma[leg] = book.optionGamma[leg];
      this.prevGammaVar[leg] = book.gammaVariance[leg];
      this.prevTheta[leg] = book.optionTheta[leg];
    }
    for (let i = 0; i < book.slotCount; i++) {
      this.prevSigma[i] = book.sigma[i];
      this.prevVega[i] = book.active[i] === 1 ? book.quantity[i] * book.vega[i] : 0;
    }
  }

  finish(path: MarketPath, row: number, now: number, out: Float64Array, o: number): void {
    const book = this.book;
    const { prices } = path;
    const value = book.value(prices, row, now);
    const pnl = value - book.startValue;
    const pnlPv = value / book.growth - book.startValue;
    const hedgeCostPv = book.netPremium - pnlPv;
    const v0 = book.initialOptionValue;
    // Realised volatility of the first underlying.
    const qv = squaredLogReturns(path, book.legAssets[0], 0, row);
    const years = (now - path.times[0]) * INV_YEAR;
    const trading = book.tradingCost();
    const hedgeError = pnl + trading + book.costFunding;
    out[o] = pnl;
    out[o + 1] = pnlPv;
    out[o + 2] = book.netPremium;
    out[o + 3] = hedgeError;
    out[o + 4] = hedgeError < 0 ? -hedgeError : hedgeError;
    out[o + 5] = hedgeCostPv;
    out[o + 6] = v0 !== 0 ? hedgeCostPv / Math.abs(v0) : NaN;
    out[o + 7] = this.executor.started;
    out[o + 8] = book.trades;
    out[o + 9] = book.refusals;
    out[o + 10] = book.partials;
    out[o + 11] = this.policy.gated;
    out[o + 12] = book.tradedNotional;
    out[o + 13] = book.costFee;
    out[o + 14] = book.costGas;
    out[o + 15] = book.costImpact;
    out[o + 16] = book.costFunding;
    out[o + 17] = trading;
    out[o + 18] = trading + book.costFunding;
    out[o + 19] = book.interestEarned + book.carryEarned;
    out[o + 20] = this.openTime;
    out[o + 21] = this.steps > 0 ? Math.sqrt(this.openSq / this.steps) : 0;
    out[o + 22] = this.openMax;
    out[o + 23] = this.shortDeltaTime;
    out[o + 24] = this.shortTime;
    out[o + 25] = this.shortMax;
    out[o + 26] = this.gammaLimit === Infinity ? NaN : this.steps > 0 ? this.overGamma / this.steps : 0;
    out[o + 27] = this.vegaLimit === Infinity ? NaN : this.steps > 0 ? this.overVega / this.steps : 0;
    out[o + 28] = book.optionTrades;
    out[o + 29] = years > 0 ? Math.sqrt(qv / years) : NaN;
    if (this.attribution) {
      const costs = -(trading + book.costFunding);
      const income = book.interestEarned + book.carryEarned;
      const edge = book.netPremium + book.initialOptionValue + book.tradeEdge;
      const delta = this.aDelta + book.hedgePnl;
      out[o + 30] = delta;
      out[o + 31] = this.aGamma;
      out[o + 32] = this.aTheta;
      out[o + 33] = this.aVega;
      out[o + 34] = costs;
      out[o + 35] = income;
      out[o + 36] = edge;
      out[o + 37] = pnl - (delta + this.aGamma + this.aTheta + this.aVega + costs + income + edge);
    } else {
      for (let j = 30; j <= 37; j++) out[o + j] = NaN;
    }
    book.writeExtensionMetrics(out, o + this.baseCount, prices, row, now);
  }
}
