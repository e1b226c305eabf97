/**
 * An options book: long and short European calls and puts across strikes, expiries and underlyings,
 * the premium booked as cash, and one hedge position per underlying (a *leg*, one asset column of a
 * possibly correlated market). The engine marks it each step; a hedging policy looks at its delta
 * (and gamma or vega when a band or a limit needs them) and trades the hedge legs.
 *
 * Options live in *slots*. A slot is one option series (type, strike, expiry, signed quantity);
 * a static book's slots are fixed, a vault re-strikes its slot every round, an options AMM lists a
 * slot per (expiry, strike, type) and trader flow changes its quantity, and a vega overlay is a slot
 * whose quantity the policy trades through an extra leg. The base class knows nothing about rolls
 * or flow: subclasses hook `onEvent` (see `nextEvent`).
 *
 * Accounting (quote), all positive when the book gains:
 *   value = cash + sum_legs (hedge units x S + perpCash) + holdings x S + sum_slots quantity x model price
 * - cash earns or pays `rate` per year (simple accrual per step, B x r x dt, as Hull's tables do);
 * - spot hedge and holdings receive the underlying's carry yield q (units x S x q x dt), the yield
 *   Black-Scholes-Merton assumes for the underlying; perpetual hedges pay funding instead
 *   (units x S x f x dt, positive f: longs pay) and move no cash on entry (`perpCash` holds their
 *   entry value, which earns no interest);
 * - an option settles in cash at the first row at or after its expiry: quantity x payoff.
 *
 * Hot path: `mark` accrues carry (only when some rate is non-zero), handles events (expiries, rolls,
 * arrivals: one comparison when none is due), then computes per slot only the Greeks the policy and
 * metrics asked for (`greekLevel`): delta costs one log, one sqrt and one normal CDF per slot with
 * the constants of flat-volatility slots precomputed; gamma and vega add one exp; price and theta a
 * second CDF. A static book that needs delta only computes its deltas for the whole path when the
 * path starts (`usePath`) and reads them per step. Nothing allocates per step.
 */
import { ConfigError } from '../../core/errors.js';
import { SECONDS_PER_YEAR } from '../../core/units.js';
import type { MetricDef } from '../../engine/path-metrics.js';
import type { MarketPath } from '../../market/market-path.js';
import type { Product } from '../../engine/product.js';
import type { Fill } from '../../execution/fill.js';
import { bsGreeksInto, bsPrice, GREEK_COUNT, GREEK_DELTA, GREEK_GAMMA, GREEK_PRICE, GREEK_THETA, GREEK_VEGA } from '../../pricing/black-scholes.js';
import { FlatVolSurface, type VolSurface } from '../../pricing/vol-surface.js';
import { addDeltaRun, fastNormalCdf } from './fast-math.js';

const INV_YEAR = 1 / SECONDS_PER_YEAR;
/** Seconds a row may fall short of an expiry and still settle it (float times; see policy.ts TIME_SLACK). */
const TIME_SLACK = 1e-3;
const INV_SQRT_2PI = 0.3989422804014327;
/** Largest per-row delta table (entries = slots x rows) before the book computes per step instead. */
const MAX_ROW_CACHE = 4_000_000;

/** Which Greeks `mark` computes per slot. Higher levels include the lower ones. */
export const GreekLevel = {
  /** Delta only: what a time, delta-band or price-move policy needs. */
  Delta: 0,
  /** Delta, gamma and vega (one density): cost-aware bands, gamma/vega limits. */
  DeltaGammaVega: 1,
  /** Also price and theta: P&L attribution. */
  Full: 2,
} as const;
export type GreekLevel = (typeof GreekLevel)[keyof typeof GreekLevel];

/** How a leg is hedged. */
export const HedgeInstrument = { Spot: 0, Perp: 1 } as const;

export interface UnderlyingParams {
  /** Asset name for reports, e.g. "ETH". */
  name: string;
  /** Column of this underlying in the price rows. */
  asset: number;
  /** Pricing and hedging volatility. A FlatVolSurface makes the slot constants precomputable. */
  surface: VolSurface;
  /** Carry (dividend, staking or funding) yield q per year, continuous. */
  carryYield: number;
  /** Spot (units bought with cash) or perpetual swap (no cash on entry, pays funding). */
  instrument: 'spot' | 'perp';
  /** Funding rate per year of the perp hedge when the data carries none (positive: longs pay). */
  fundingRate: number;
  /** Units of the underlying held outside the hedge (a covered-call vault's collateral). */
  holdings: number;
}

export interface SlotParams {
  /** Index into `underlyings` (= hedge leg). */
  underlying: number;
  isCall: boolean;
  /** Strike, quote per base. */
  strike: number;
  /** Expiry, engine seconds since the epoch (UTC). */
  expiry: number;
  /** Signed number of options, each on one unit of underlying: positive long, negative short. */
  quantity: number;
  /** Premium per option in quote paid (long) or received (short) at the start; default the model value. */
  premium?: number;
  /** Name for reports. */
  label?: string;
}

export interface OptionsBookParams {
  /** Number of asset columns in the price rows. */
  assets: number;
  underlyings: UnderlyingParams[];
  slots: SlotParams[];
  /** Interest rate per year on cash (and the r of Black-Scholes). */
  rate: number;
  /** Quote cash at the start, before premiums (capital). */
  initialCash: number;
  /**
   * After the last option expires, leave the hedge for the policy to unwind (true) or end the path
   * and mark the hedge at the expiry price (false). Either way nothing is left unaccounted.
   */
  unwindAtExpiry: boolean;
  /**
   * Option series a policy trades through extra legs (vega or gamma overlays), one leg each after
   * the underlyings. Each is struck at the start at spot x moneyness with expiry start + tenor and
   * re-struck the same way when it expires; its quantity starts at 0.
   */
  overlays?: OverlayParams[];
}

export interface OverlayParams {
  underlying: number;
  isCall: boolean;
  /** Strike as a multiple of spot when struck (1 = at the money). */
  moneyness: number;
  /** Time to expiry when struck, seconds. */
  tenorSeconds: number;
}

/** Summary of one slot for reports and tests. */
export interface SlotView {
  underlying: number;
  isCall: boolean;
  strike: number;
  expiry: number;
  quantity: number;
  active: boolean;
}

export class OptionsBook implements Product {
  // Fields the constructor assigns are `declare`d: see docs/architecture.md (class fields keep their first representation).
  declare readonly params: OptionsBookParams;
  declare readonly assets: number;
  /** Hedge legs: one per underlying, then one per overlay slot. */
  declare readonly legs: number;
  /** Number of underlyings (the first `underlyings` legs are hedges in the underlying). */
  declare readonly underlyings: number;
  declare readonly names: readonly string[];
  declare readonly rate: number;

  // Per underlying (leg) configuration.
  declare readonly legAssets: Int32Array;
  declare readonly carry: Float64Array;
  declare readonly isPerp: Uint8Array;
  declare readonly fundingRate: Float64Array;
  declare readonly surfaces: VolSurface[];
  /** 1 when the leg's surface is flat: slot vol and drift are constants set when the slot is struck. */
  declare readonly flatVol: Uint8Array;
  /** 1 when the leg's surface keeps its own clock (`setNow`, as Lyra boards do). */
  declare private readonly clocked: Uint8Array;
  /** Per-row funding series (rows x assets) from history data, or null for the constant rate. */
  fundingSeries: Float64Array | null = null;

  // Per slot. Capacity is fixed at construction; subclasses size it for their listings.
  declare readonly slotCount: number;
  declare readonly slotLeg: Int32Array;
  declare readonly isCall: Uint8Array;
  declare readonly strike: Float64Array;
  declare readonly logStrike: Float64Array;
  declare readonly expiry: Float64Array;
  declare readonly quantity: Float64Array;
  /** 1 while the slot holds a live option series (struck and not expired). */
  declare readonly active: Uint8Array;
  /** Pricing vol of the slot (current), per sqrt year. */
  declare readonly sigma: Float64Array;
  /** Drift term r - q + sigma^2 / 2 of d1 at the pricing vol (flat-vol slots). */
  declare readonly mu: Float64Array;
  /** Hedge vol (Leland-adjusted when set, else the pricing vol) and its drift term. */
  declare readonly hedgeSigma: Float64Array;
  declare readonly hedgeMu: Float64Array;
  // Greeks per option of each slot (current step), in black-scholes.ts units.
  declare readonly delta: Float64Array;
  declare readonly gamma: Float64Array;
  declare readonly vega: Float64Array;
  declare readonly theta: Float64Array;
  declare readonly price: Float64Array;

  // Per leg aggregates over slots, quantity-weighted (book side: a short call has negative delta).
  /** Option delta of the book per underlying at the hedge vol (units of underlying). */
  declare readonly optionDelta: Float64Array;
  /** Option delta at the pricing vol (equals optionDelta without a Leland adjustment). */
  declare readonly modelDelta: Float64Array;
  declare readonly optionGamma: Float64Array;
  declare readonly optionVega: Float64Array;
  declare readonly optionTheta: Float64Array;
  declare readonly optionValue: Float64Array;
  /** sum quantity x Gamma x sigma^2: the implied-variance side of gamma slippage. */
  declare readonly gammaVariance: Float64Array;
  /** Live option notional per underlying: sum |quantity| (units). */
  declare readonly notional: Float64Array;

  // State per leg.
  declare readonly hedge: Float64Array;
  declare readonly perpCash: Float64Array;
  declare readonly holdings: Float64Array;
  declare readonly spot: Float64Array;
  declare readonly lastTradeTime: Float64Array;
  declare readonly lastTradePrice: Float64Array;

  /** Which Greeks `mark` computes; raised by the policy and metrics through `requireGreeks`. */
  private level: number = GreekLevel.Delta;
  /** Delta only, flat vols, no Leland: the benchmark's loop (deltasFlat) applies. */
  private fastDeltas = true;
  /** Leland: per underlying, sqrt(2/pi) k / sqrt(dt) (0 = off); the hedge vol is sqrt(sigma^2 +- sigma c). */
  declare readonly lelandC: Float64Array;
  private hasLeland = false;
  /** True when every underlying has a flat surface: the delta-only loop applies. */
  private allFlatVol = true;
  /**
   * Per-row tables of the delta loops (see deltasOfPath), slot-major: valid only while a slot's
   * strike, expiry and vol are the same on every path, as in a static book. Subclasses whose slots
   * are re-struck or re-priced per path turn it off, and with it the per-path delta table.
   */
  protected useRowCache = true;
  private cacheRows = 0;
  /** Entries of 4: row time (the key), a, b, e^{-q tau}; slot-major. */
  private rowTable = new Float64Array(0);
  private readonly scratchRow = new Float64Array(4);
  /** ln of each underlying's spot at the last mark (deltasFlat). */
  declare private readonly logSpot: Float64Array;
  /**
   * Log returns of the current path (MarketPath.logReturns) when the price model wrote them: the
   * delta loop then advances ln S by one addition instead of a log. Null for history.
   */
  private logReturns: Float64Array | null = null;
  private lastRow = -2;
  /** Prices the book was last reset on: usePath prepares only the path the book was reset with. */
  private resetPrices: Float64Array | null = null;
  /**
   * Option delta per underlying for every row of the current path (row-major, rows x underlyings),
   * computed when the path starts (usePath) for rows up to `pathEnd`; -1 when not in use. See
   * usePath for why.
   */
  private pathDelta = new Float64Array(0);
  /** ln S per underlying for every row of the current path (usePath's first pass). */
  private pathLogSpot = new Float64Array(0);
  private pathEnd = -1;
  /**
   * What the row table is known to hold, so that usePath need not check it row by row: the rows
   * `tableFrom`..`tableSteps` of the times array `tableTimes` are filled for every slot with a
   * `tableEnd` (its first row at or past its expiry; -1 not yet checked). Null when unknown. Set by
   * preparePathDeltas; dropped when the table is reallocated or a row is refilled for other times.
   * A Monte Carlo run reuses one times array for all its paths, so the check runs on the first
   * path only (measured on the hedge benchmark: the check cost ~3 ns of the ~9.5 ns per row).
   * Like the row table itself this relies on the book's slots being the same on every path, and
   * on a path's times not changing while the path is in use.
   */
  private tableTimes: Float64Array | null = null;
  private tableFrom = 0;
  private tableSteps = -1;
  private tableEnd = new Int32Array(0);

  /**
   * The path about to run, called after `reset` at row `row` (the engine hands the path to the
   * metrics, which pass it on). A static book in the delta-only mode computes its option delta for
   * every row of the path here, one loop per slot (a table row and one CDF per row), and `mark`
   * then reads one number per underlying per step.
   *
   * Why: the deltas of a static book with flat vols depend on prices and times only, never on the
   * hedge, so they can be computed before the hedging runs. Computed per step, the CDF's latency
   * (a table lookup and five dependent multiply-adds) sits on the step's critical path: policy,
   * executor and metrics all wait for it, and the step is too long for the CPU to overlap it with
   * the next one. In a loop of its own the CPU overlaps consecutive rows. Measured on the hedge
   * benchmark (runPath, best of 4 processes): 82 -> 71 ns per path-step, of which ~8.5 ns was this
   * loop and ~1 ns the per-step read; the loop is now ~7 ns per row (the addDeltaRun kernel, and
   * the table checked once per time grid).
   *
   * Rows and sums are the same as the per-step loop's (ln S advanced by the model's log returns
   * when it wrote them, slots summed in slot order), so the numbers are identical to the bit.
   * Without a path (a keeper's live prices), or when the table would be too large, `mark` falls
   * back to the per-step loop (deltasFlat).
   */
  usePath(path: MarketPath, row: number): void {
    const lr = path.logReturns;
    this.logReturns = lr ?? null;
    for (let l = 0; l < this.underlyings; l++) this.logSpot[l] = Math.log(this.spot[l]);
    this.lastRow = lr === undefined ? -2 : row;
    this.pathEnd = -1;
    if (this.fastDeltas && this.useRowCache && this.liveCount > 0 && path.prices === this.resetPrices) this.preparePathDeltas(path, row);
  }

  cash = 0;
  /** Premium received minus paid at the start (quote), and the same grown at the cash rate. */
  netPremium = 0;
  premiumAccount = 0;
  /** Growth factor of one unit of cash since the start: prod (1 + r dt). */
  growth = 1;
  /** Model value of the options at the start (sum quantity x model price). */
  initialOptionValue = 0;
  /** Capital at the start before any option is written: initial cash + holdings x spot. P&L is measured from it. */
  startValue = 0;
  liveCount = 0;
  /** Incremented at every expiry or roll, so a policy can rehedge at once after one. */
  settlements = 0;
  /** Earliest expiry among active slots, or Infinity. */
  nextExpiry = Infinity;
  /** Earliest time anything but a step happens (expiry, roll, trader arrival). */
  nextEvent = Infinity;
  lastTime = 0;
  /** True when nothing accrues between steps (r = 0, q = 0 on held units, no funding). */
  private hasCarry = false;
  ended = false;

  // Accumulated over the path, quote unless stated; costs positive when paid.
  costFee = 0;
  costGas = 0;
  costImpact = 0;
  costFunding = 0;
  interestEarned = 0;
  carryEarned = 0;
  /** Sum of quantity x payoff at settlements (paid when negative). */
  settledPayoff = 0;
  /** P&L of the hedge legs from price moves (sum of hedge units x dS), kept only when `trackHedgePnl` (attribution). */
  hedgePnl = 0;
  trackHedgePnl = false;
  /** Premium (and fees) received over model value on options written or bought after the start (AMM flow, vault rounds). */
  tradeEdge = 0;
  trades = 0;
  partials = 0;
  refusals = 0;
  tradedNotional = 0;
  /** Option trades of overlay legs (count, notional premium). */
  optionTrades = 0;

  private readonly scratch = new Float64Array(GREEK_COUNT);

  /** Slots before the overlays (static options, vault rounds, AMM listings). */
  declare readonly productSlots: number;

  constructor(params: OptionsBookParams, slotCapacity = params.slots.length) {
    this.params = params;
    const p = params;
    if (!Number.isFinite(p.rate)) throw new ConfigError('product.rate', `must be a finite rate per year, got ${p.rate}`);
    if (!Number.isFinite(p.initialCash)) throw new ConfigError('product.initialCash', `must be a finite quote amount, got ${p.initialCash}`);
    if (p.underlyings.length === 0) throw new ConfigError('product.underlyings', 'needs at least one underlying');
    const n = p.underlyings.length;
    const overlays = p.overlays ?? [];
    this.assets = p.assets;
    this.underlyings = n;
    this.legs = n + overlays.length;
    if (this.legs > 30) throw new ConfigError('product', `at most 30 hedge legs (underlyings plus overlays), got ${this.legs}`);
    this.rate = p.rate;
    this.names = p.underlyings.map((u) => u.name);
    this.legAssets = new Int32Array(this.legs);
    this.carry = new Float64Array(n);
    this.isPerp = new Uint8Array(n);
    this.fundingRate = new Float64Array(n);
    this.flatVol = new Uint8Array(n);
    this.clocked = new Uint8Array(n);
    this.lelandC = new Float64Array(n);
    this.surfaces = p.underlyings.map((u) => u.surface);
    p.underlyings.forEach((u, i) => {
      if (!(Number.isInteger(u.asset) && u.asset >= 0 && u.asset < p.assets)) {
        throw new ConfigError(`product.underlyings[${i}]`, `asset column ${u.asset} is not one of the market's ${p.assets} assets`);
      }
      if (!Number.isFinite(u.carryYield)) throw new ConfigError(`product.underlyings[${i}].carryYield`, `must be a finite rate per year, got ${u.carryYield}`);
      this.legAssets[i] = u.asset;
      this.carry[i] = u.carryYield;
      this.isPerp[i] = u.instrument === 'perp' ? 1 : 0;
      this.fundingRate[i] = u.fundingRate;
      this.flatVol[i] = u.surface instanceof FlatVolSurface ? 1 : 0;
      if (this.flatVol[i] === 0) this.allFlatVol = false;
      this.clocked[i] = typeof (u.surface as { setNow?: unknown }).setNow === 'function' ? 1 : 0;
    });
    this.updateFastDeltas();
    this.productSlots = Math.max(slotCapacity, p.slots.length);
    this.slotCount = this.productSlots + overlays.length;
    const m = this.slotCount;
    this.slotLeg = new Int32Array(m);
    this.isCall = new Uint8Array(m);
    this.strike = new Float64Array(m);
    this.logStrike = new Float64Array(m);
    this.expiry = new Float64Array(m).fill(Infinity);
    this.quantity = new Float64Array(m);
    this.active = new Uint8Array(m);
    this.sigma = new Float64Array(m);
    this.mu = new Float64Array(m);
    this.hedgeSigma = new Float64Array(m);
    this.hedgeMu = new Float64Array(m);
    this.delta = new Float64Array(m);
    this.gamma = new Float64Array(m);
    this.vega = new Float64Array(m);
    this.theta = new Float64Array(m);
    this.price = new Float64Array(m);
    this.optionDelta = new Float64Array(n);
    this.modelDelta = new Float64Array(n);
    this.optionGamma = new Float64Array(n);
    this.optionVega = new Float64Array(n);
    this.optionTheta = new Float64Array(n);
    this.optionValue = new Float64Array(n);
    this.gammaVariance = new Float64Array(n);
    this.notional = new Float64Array(n);
    this.hedge = new Float64Array(this.legs);
    this.perpCash = new Float64Array(n);
    this.holdings = new Float64Array(n);
    this.spot = new Float64Array(n);
    this.logSpot = new Float64Array(n);
    this.lastTradeTime = new Float64Array(this.legs);
    this.lastTradePrice = new Float64Array(this.legs);
    p.slots.forEach((s, i) => this.checkSlot(s, `product.options[${i}]`));
    overlays.forEach((o, j) => {
      const f = `policy.optionHedge.instrument`;
      if (!(o.underlying >= 0 && o.underlying < n)) throw new ConfigError(`${f}.underlying`, `must name one of the book's underlyings (${this.names.join(', ')})`);
      if (!(o.moneyness > 0 && o.moneyness < Infinity)) throw new ConfigError(`${f}.moneyness`, `must be a positive multiple of spot, got ${o.moneyness}`);
      if (!(o.tenorSeconds > 0 && o.tenorSeconds < Infinity)) throw new ConfigError(`${f}.tenor`, `must be a positive duration, got ${o.tenorSeconds} s`);
      this.legAssets[n + j] = p.assets + j; // a virtual column: the option venue routes it (see option-venue.ts)
    });
    this.updateCarryFlag();
  }

  private checkSlot(s: SlotParams, field: string): void {
    if (!(Number.isInteger(s.underlying) && s.underlying >= 0 && s.underlying < this.underlyings)) {
      throw new ConfigError(`${field}.underlying`, `must name one of the book's underlyings (${this.names.join(', ')})`);
    }
    if (!(s.strike > 0 && s.strike < Infinity)) throw new ConfigError(`${field}.strike`, `must be a positive price, got ${s.strike}`);
    if (!Number.isFinite(s.quantity)) throw new ConfigError(`${field}.quantity`, `must be a finite number of options, got ${s.quantity}`);
    if (s.premium !== undefined && !(s.premium >= 0 && s.premium < Infinity)) throw new ConfigError(`${field}.premium`, `must be a non-negative quote amount per option, got ${s.premium}`);
  }

  /** Overlay slot of leg `leg` (>= underlyings), or -1 for an underlying leg. */
  overlaySlot(leg: number): number {
    return leg < this.underlyings ? -1 : this.productSlots + leg - this.underlyings;
  }

  /** (Re-)strikes overlay j at spot x moneyness, expiring a tenor from now, with no options. */
  private strikeOverlay(j: number, now: number): void {
    const o = (this.params.overlays as OverlayParams[])[j];
    const S = this.spot[o.underlying];
    this.strikeSlot(this.productSlots + j, { underlying: o.underlying, isCall: o.isCall, strike: S * o.moneyness, expiry: now + o.tenorSeconds, quantity: 0 }, now, S);
  }

  legAsset(leg: number): number {
    return this.legAssets[leg];
  }

  /** Uses a per-row funding series (from history data) for perp legs instead of the constant rates. */
  useFundingSeries(series: Float64Array | null): void {
    this.fundingSeries = series;
    this.updateCarryFlag();
  }

  /** Sets the Leland adjustment of the hedge vol per underlying: c = sqrt(2/pi) k / sqrt(dt) (0 turns it off). */
  setLeland(leg: number, c: number): void {
    if (!(c >= 0 && c < Infinity)) throw new ConfigError('policy.lelandVolatility', `the Leland constant must be finite and >= 0, got ${c}`);
    this.lelandC[leg] = c;
    this.hasLeland = false;
    for (let i = 0; i < this.underlyings; i++) if (this.lelandC[i] > 0) this.hasLeland = true;
    this.updateFastDeltas();
  }

  /** Which Greeks mark computes each step (GreekLevel). */
  get greekLevel(): number {
    return this.level;
  }

  /** Raises the Greeks computed each step to at least `level` (policies and metrics call this once). */
  requireGreeks(level: GreekLevel): void {
    if (level > this.level) this.level = level;
    this.updateFastDeltas();
  }

  /** Keeps the hedge's P&L from price moves (for attribution); costs a multiply-add per leg per step. */
  trackHedge(): void {
    this.trackHedgePnl = true;
    this.updateFastDeltas();
  }

  private updateFastDeltas(): void {
    this.fastDeltas = this.level === GreekLevel.Delta && !this.hasLeland && this.allFlatVol && !this.trackHedgePnl;
  }

  protected updateCarryFlag(): void {
    let carry = this.rate !== 0 || this.fundingSeries !== null;
    for (let i = 0; i < this.underlyings; i++) {
      if (this.carry[i] !== 0 && !this.isPerp[i]) carry = true;
      if (this.isPerp[i] && this.fundingRate[i] !== 0) carry = true;
    }
    this.hasCarry = carry;
  }

  /** Writes slot `i` (strike time `now`, spot `S` of its underlying) and its vol constants. */
  protected strikeSlot(i: number, s: SlotParams, now: number, S: number): void {
    const leg = s.underlying;
    this.slotLeg[i] = leg;
    this.isCall[i] = s.isCall ? 1 : 0;
    this.strike[i] = s.strike;
    this.logStrike[i] = Math.log(s.strike);
    this.expiry[i] = s.expiry;
    this.quantity[i] = s.quantity;
    this.active[i] = s.expiry > now + TIME_SLACK ? 1 : 0;
    if (this.flatVol[leg] === 1) this.setSlotVol(i, this.surfaces[leg].vol(s.strike, (s.expiry - now) * INV_YEAR, S));
    else this.setSlotVol(i, this.surfaceVol(leg, s.strike, (s.expiry - now) * INV_YEAR, S, now));
  }

  /** Sets a slot's pricing vol (and its Leland hedge vol) and the drift constants of d1. */
  setSlotVol(i: number, sigma: number): void {
    const leg = this.slotLeg[i];
    const base = this.rate - this.carry[leg];
    this.sigma[i] = sigma;
    this.mu[i] = base + 0.5 * sigma * sigma;
    const hs = this.lelandSigma(i, sigma);
    this.hedgeSigma[i] = hs;
    this.hedgeMu[i] = base + 0.5 * hs * hs;
  }

  /**
   * Leland hedge vol: sigma^2 (1 + Le) for a short option (the writer), sigma^2 (1 - Le) for a long
   * one, Le = c / sigma. A holder's variance that would turn negative is floored at zero (the hedge
   * becomes the intrinsic step), which the config layer rejects up front for the initial vols.
   */
  private lelandSigma(i: number, sigma: number): number {
    const c = this.lelandC[this.slotLeg[i]];
    if (c === 0 || !(sigma > 0)) return sigma;
    const v = this.quantity[i] < 0 ? sigma * sigma + sigma * c : sigma * sigma - sigma * c;
    return v > 0 ? Math.sqrt(v) : 0;
  }

  /** Slots to strike at the start of a path; subclasses override (vault, AMM). */
  protected initialSlots(_prices: Float64Array, _row: number, _now: number): readonly SlotParams[] {
    return this.params.slots;
  }

  reset(prices: Float64Array, row: number, now: number): void {
    const p = this.params;
    const n = this.underlyings;
    for (let leg = 0; leg < n; leg++) this.spot[leg] = prices[row * this.assets + this.legAssets[leg]];
    this.active.fill(0);
    this.quantity.fill(0);
    this.expiry.fill(Infinity);
    this.hedge.fill(0);
    this.perpCash.fill(0);
    for (let leg = 0; leg < n; leg++) this.holdings[leg] = p.underlyings[leg].holdings;
    this.lastTradeTime.fill(-Infinity);
    for (let leg = 0; leg < this.legs; leg++) this.lastTradePrice[leg] = leg < n ? this.spot[leg] : 0;
    this.cash = p.initialCash;
    this.growth = 1;
    this.lastTime = now;
    this.lastRow = -2;
    this.pathEnd = -1;
    this.resetPrices = prices;
    this.settlements = 0;
    this.ended = false;
    this.costFee = this.costGas = this.costImpact = this.costFunding = 0;
    this.interestEarned = this.carryEarned = this.settledPayoff = this.hedgePnl = this.tradeEdge = 0;
    this.trades = this.partials = this.refusals = this.optionTrades = 0;
    this.tradedNotional = 0;
    this.startValue = this.cashAndHedgeValueAtSpots();
    this.resetExtension(prices, row, now);
    const slots = this.initialSlots(prices, row, now);
    let premium = 0;
    let value0 = 0;
    slots.forEach((s, i) => {
      const S = this.spot[s.underlying];
      this.strikeSlot(i, s, now, S);
      if (this.active[i] === 1) {
        const model = this.modelPrice(i, S, now);
        value0 += s.quantity * model;
        premium -= s.quantity * (s.premium ?? model);
      }
    });
    const overlays = p.overlays ?? [];
    for (let j = 0; j < overlays.length; j++) this.strikeOverlay(j, now);
    this.netPremium = premium;
    this.premiumAccount = premium;
    this.cash += premium;
    this.initialOptionValue = value0;
    this.afterInitialSlots(prices, row, now);
    this.refreshLive();
    this.computeGreeks(prices, row, now);
  }

  /** Subclass work once the initial slots are struck (a vault writes its first round here). */
  protected afterInitialSlots(_prices: Float64Array, _row: number, _now: number): void {}

  /** Subclass state reset, before the initial slots are struck. */
  protected resetExtension(_prices: Float64Array, _row: number, _now: number): void {}

  /** Recomputes live count, notional per underlying and the next expiry after slots change. */
  protected refreshLive(): void {
    let live = 0, next = Infinity;
    this.notional.fill(0);
    for (let i = 0; i < this.slotCount; i++) {
      if (this.active[i] === 0) continue;
      if (this.quantity[i] !== 0) live++;
      const q = this.quantity[i];
      this.notional[this.slotLeg[i]] += q < 0 ? -q : q;
      if (this.expiry[i] < next) next = this.expiry[i];
    }
    this.liveCount = live;
    this.nextExpiry = next;
    const ext = this.extensionEvent();
    this.nextEvent = next < ext ? next : ext;
  }

  /** Time of the next subclass event (roll, trader arrival), or Infinity. */
  protected extensionEvent(): number {
    return Infinity;
  }

  /**
   * The per-step hot path: carry, events (one comparison when none is due), Greeks. Returns false
   * once the book has ended: every option expired and the hedge unwound (or left to be marked).
   */
  mark(prices: Float64Array, row: number, now: number): boolean {
    if (this.hasCarry === true) this.accrue(row, now);
    this.lastTime = now;
    if (now + 1e-3 /* TIME_SLACK */ >= this.nextEvent) this.onEvent(prices, row, now);
    if (this.liveCount > 0 || this.hasExtension === true) {
      if (row <= this.pathEnd) this.deltasOfPath(prices, row);
      else if (this.fastDeltas === true) this.deltasFlat(prices, row, now);
      else this.computeGreeks(prices, row, now);
      return true;
    }
    return this.afterLastExpiry(prices, row);
  }

  /** True for products that continue after their options expire (vault rolls, AMM relisting). */
  protected readonly hasExtension: boolean = false;

  /** All options gone: keep going while a hedge is left to unwind, else end. */
  private afterLastExpiry(prices: Float64Array, row: number): boolean {
    this.moveSpots(prices, row);
    this.zeroGreeks();
    if (!this.params.unwindAtExpiry) {
      this.ended = true;
      return false;
    }
    for (let leg = 0; leg < this.underlyings; leg++) if (this.hedge[leg] !== 0) return true;
    this.ended = true;
    return false;
  }

  private zeroGreeks(): void {
    this.optionDelta.fill(0);
    this.modelDelta.fill(0);
    this.optionGamma.fill(0);
    this.optionVega.fill(0);
    this.optionTheta.fill(0);
    this.optionValue.fill(0);
    this.gammaVariance.fill(0);
  }

  /** Moves the spots to this row outside the Greek loop, booking the hedge's P&L on the way. */
  protected moveSpots(prices: Float64Array, row: number): void {
    for (let leg = 0; leg < this.underlyings; leg++) {
      const S = prices[row * this.assets + this.legAssets[leg]];
      if (this.trackHedgePnl === true) this.hedgePnl += this.hedge[leg] * (S - this.spot[leg]);
      this.spot[leg] = S;
    }
  }

  /** Expiries (and subclass events) due at `now`. */
  protected onEvent(prices: Float64Array, row: number, now: number): void {
    if (now + 1e-3 /* TIME_SLACK */ >= this.nextExpiry) {
      this.settleExpired(prices, row, now);
      const overlays = this.params.overlays ?? [];
      for (let j = 0; j < overlays.length; j++) {
        if (this.active[this.productSlots + j] === 0) {
          this.moveSpots(prices, row);
          this.strikeOverlay(j, now);
        }
      }
    }
    this.handleExtension(prices, row, now);
    this.refreshLive();
  }

  /** Subclass events (rolls, arrivals) due at `now`. */
  protected handleExtension(_prices: Float64Array, _row: number, _now: number): void {}

  /** Cash-settles every active slot whose expiry is at or before `now`, at this row's price. */
  protected settleExpired(prices: Float64Array, row: number, now: number): void {
    for (let i = 0; i < this.slotCount; i++) {
      if (this.active[i] === 0 || this.expiry[i] > now + 1e-3 /* TIME_SLACK */) continue;
      const S = prices[row * this.assets + this.legAssets[this.slotLeg[i]]];
      const K = this.strike[i];
      const payoff = this.isCall[i] === 1 ? (S > K ? S - K : 0) : K > S ? K - S : 0;
      const flow = this.quantity[i] * payoff;
      this.cash += flow;
      this.settledPayoff += flow;
      this.active[i] = 0;
      this.onSlotExpired(i, flow, prices, row, now);
      this.quantity[i] = 0;
      this.delta[i] = this.gamma[i] = this.vega[i] = this.theta[i] = this.price[i] = 0;
      this.settlements++;
    }
  }

  /** Called as slot `i` settles (before its quantity is cleared); `flow` is what the book received. */
  protected onSlotExpired(_i: number, _flow: number, _prices: Float64Array, _row: number, _now: number): void {}

  /** Interest on cash, carry on spot units and funding on perp units since the last step, at the previous prices. */
  private accrue(row: number, now: number): void {
    const dt = (now - this.lastTime) * INV_YEAR;
    if (!(dt > 0)) return;
    const g = this.rate * dt;
    if (g !== 0) {
      const interest = this.cash * g;
      this.cash += interest;
      this.interestEarned += interest;
      this.premiumAccount += this.premiumAccount * g;
      this.growth += this.growth * g;
    }
    const series = this.fundingSeries;
    for (let leg = 0; leg < this.underlyings; leg++) {
      const S = this.spot[leg];
      if (this.isPerp[leg] === 1) {
        const f = series !== null ? series[(row - 1) * this.assets + this.legAssets[leg]] : this.fundingRate[leg];
        const paid = this.hedge[leg] * S * f * dt;
        if (paid !== 0) {
          this.cash -= paid;
          this.costFunding += paid;
        }
        const q = this.carry[leg];
        if (q !== 0 && this.holdings[leg] !== 0) this.earnCarry(this.holdings[leg] * S * q * dt);
      } else {
        const q = this.carry[leg];
        if (q !== 0) this.earnCarry((this.hedge[leg] + this.holdings[leg]) * S * q * dt);
      }
    }
  }

  private earnCarry(amount: number): void {
    this.cash += amount;
    this.carryEarned += amount;
  }

  /**
   * Greeks of every active slot and their per-leg sums. Delta always; gamma and vega from level 1;
   * price and theta from level 2 (bsGreeksInto). The delta-only loop is written for the hedge
   * benchmark: constants of flat-vol slots precomputed, one log, sqrt and CDF per slot.
   */
  computeGreeks(prices: Float64Array, row: number, now: number): void {
    if (this.fastDeltas === true) {
      this.deltasFlat(prices, row, now);
      return;
    }
    const n = this.underlyings, assets = this.assets;
    for (let leg = 0; leg < n; leg++) {
      const S = prices[row * assets + this.legAssets[leg]];
      if (this.trackHedgePnl === true) this.hedgePnl += this.hedge[leg] * (S - this.spot[leg]);
      this.spot[leg] = S;
      this.optionDelta[leg] = 0;
    }
    this.greeksGeneral(now);
  }

  /**
   * The step's deltas from the path table (usePath): spot and option delta per underlying. The
   * table covers every row of the path, so the per-step loop's ln S (logSpot, lastRow) is not kept.
   */
  private deltasOfPath(prices: Float64Array, row: number): void {
    const n = this.underlyings, o = row * n;
    for (let l = 0; l < n; l++) {
      this.spot[l] = prices[row * this.assets + this.legAssets[l]];
      this.optionDelta[l] = this.pathDelta[o + l];
    }
  }

  /**
   * Fills the path table for rows row+1..steps (see usePath), slot by slot over the rows each is
   * live (before its expiry; an expired slot settles in `mark` and stops counting, as in the
   * per-step loop). Leaves the table off when it would be too large.
   */
  private preparePathDeltas(path: MarketPath, row: number): void {
    const steps = path.steps, n = this.underlyings, assets = this.assets, count = this.slotCount;
    const size = (steps + 1) * n;
    if (size > MAX_ROW_CACHE) return;
    if (steps >= this.cacheRows) this.growRowCache(steps);
    const rows = this.cacheRows;
    if (rows === 0) return;
    if (this.pathDelta.length < size) {
      this.pathDelta = new Float64Array(size);
      this.pathLogSpot = new Float64Array(size);
    }
    const lr = this.logReturns;
    // ln S from the prices only when the model wrote no log returns (history); otherwise each
    // slot's loop advances it by one addition per row.
    if (lr === null) {
      const prices = path.prices, ls = this.pathLogSpot;
      for (let l = 0; l < n; l++) {
        const a = this.legAssets[l];
        for (let r = row + 1; r <= steps; r++) ls[r * n + l] = Math.log(prices[r * assets + a]);
      }
    }
    this.pathDelta.fill(0, (row + 1) * n, (steps + 1) * n);
    const times = path.times;
    if (times !== this.tableTimes || row + 1 < this.tableFrom || steps !== this.tableSteps) {
      if (this.tableEnd.length !== count) this.tableEnd = new Int32Array(count);
      this.tableEnd.fill(-1);
      this.tableTimes = times;
      this.tableFrom = row + 1;
      this.tableSteps = steps;
    }
    for (let i = 0; i < count; i++) {
      if (this.active[i] === 1 && this.quantity[i] !== 0) this.addSlotPathDeltas(i, times, row + 1, steps);
    }
    this.pathEnd = steps;
  }

  /**
   * Adds slot i's delta x quantity into the path table for rows from..steps while it is live (it
   * settles in `mark` at the first row at or past its expiry). d1 = ln S x a + b with a and b from
   * the row table; a put's delta is -e^{-q tau} N(-d1) (negating is exact, so these are the
   * per-step loop's numbers). The rows are checked against this path's times (tableRows) on the
   * first path of a time grid only (see tableTimes); the arithmetic is addDeltaRun's.
   */
  private addSlotPathDeltas(i: number, times: Float64Array, from: number, steps: number): void {
    const n = this.underlyings, l = this.slotLeg[i];
    const base = 4 * i * this.cacheRows;
    let end = this.tableEnd[i];
    if (end < 0) end = this.tableEnd[i] = this.tableRows(i, times, this.tableFrom, steps);
    if (end <= from) return;
    const lr = this.logReturns;
    const cumulative = lr !== null;
    const src = cumulative ? lr : this.pathLogSpot;
    const srcStride = cumulative ? this.assets : n, srcIndex = cumulative ? from * this.assets + this.legAssets[l] : from * n + l;
    addDeltaRun(this.logSpot[l], cumulative, src, srcIndex, srcStride, this.rowTable, base + 4 * from, this.isCall[i] === 1 ? 1 : -1, this.quantity[i], this.pathDelta, from * n + l, n, end - from);
  }

  /**
   * The rows from `from` before slot i's expiry (up to steps), with their row-table entries filled
   * for these times; returns the first row past them.
   */
  private tableRows(i: number, times: Float64Array, from: number, steps: number): number {
    const expiry = this.expiry[i], base = 4 * i * this.cacheRows;
    const table = this.rowTable;
    let end = from;
    for (; end <= steps; end++) {
      const now = times[end];
      if (now + 1e-3 /* TIME_SLACK */ >= expiry) break;
      if (table[base + 4 * end] !== now) this.fillRowInto(table, i, base + 4 * end, now);
    }
    return end;
  }

  /**
   * Delta-only loop over flat-vol slots, per step, when there is no path table (usePath). Per step
   * one log per underlying; per slot d1 = ln S x a + b with a = 1 / (sigma sqrt tau) and
   * b = (mu tau - ln K) a read from a per-row table (a Monte Carlo grid repeats the same times on
   * every path, so they are computed once per row, keyed by the row's time), and one table CDF. A
   * put's delta uses N(-d1).
   */
  private deltasFlat(prices: Float64Array, row: number, now: number): void {
    const n = this.underlyings, assets = this.assets;
    const spot = this.spot, logSpot = this.logSpot, optionDelta = this.optionDelta, legAssets = this.legAssets;
    // ln S from the model's log returns when it wrote them and rows follow each other (a log saved per step).
    const lr = this.logReturns;
    if (lr !== null && row === this.lastRow + 1) {
      for (let l = 0; l < n; l++) {
        const o = row * assets + legAssets[l];
        spot[l] = prices[o];
        logSpot[l] += lr[o];
        optionDelta[l] = 0;
      }
    } else {
      for (let l = 0; l < n; l++) {
        const S = prices[row * assets + legAssets[l]];
        spot[l] = S;
        logSpot[l] = Math.log(S);
        optionDelta[l] = 0;
      }
    }
    this.lastRow = row;
    if (row >= this.cacheRows) this.growRowCache(row);
    const rows = this.cacheRows;
    if (rows === 0) {
      this.deltasUncached(now);
      return;
    }
    const count = this.slotCount;
    const active = this.active, leg = this.slotLeg, isCall = this.isCall, q = this.quantity, delta = this.delta;
    const table = this.rowTable;
    for (let i = 0; i < count; i++) {
      const qi = q[i];
      if (active[i] === 0 || qi === 0) continue;
      const l = leg[i];
      const j = 4 * (i * rows + row);
      if (table[j] !== now) this.fillRow(i, j, now);
      const d1 = logSpot[l] * table[j + 1] + table[j + 2];
      const call = isCall[i] === 1;
      const p = fastNormalCdf(call ? d1 : -d1);
      const d = call ? table[j + 3] * p : -table[j + 3] * p;
      delta[i] = d;
      optionDelta[l] += qi * d;
    }
  }

  /** The delta loop without a row table (re-struck slots, very long paths): a and b computed per step. */
  private deltasUncached(now: number): void {
    const t = this.scratchRow;
    for (let i = 0; i < this.slotCount; i++) {
      const qi = this.quantity[i];
      if (this.active[i] === 0 || qi === 0) continue;
      const l = this.slotLeg[i];
      this.fillRowInto(t, i, 0, now);
      const d1 = this.logSpot[l] * t[1] + t[2];
      const call = this.isCall[i] === 1;
      const p = fastNormalCdf(call ? d1 : -d1);
      const d = call ? t[3] * p : -t[3] * p;
      this.delta[i] = d;
      this.optionDelta[l] += qi * d;
    }
  }

  /** Computes the row-table entry at j of slot i at time `now`: key, a, b, discount factor. */
  private fillRow(i: number, j: number, now: number): void {
    this.tableTimes = null;
    this.fillRowInto(this.rowTable, i, j, now);
  }

  private fillRowInto(t: Float64Array, i: number, j: number, now: number): void {
    const tau = (this.expiry[i] - now) * INV_YEAR;
    const a = 1 / (this.sigma[i] * Math.sqrt(tau));
    t[j] = now;
    t[j + 1] = a;
    t[j + 2] = (this.mu[i] * tau - this.logStrike[i]) * a;
    const c = this.carry[this.slotLeg[i]];
    t[j + 3] = c === 0 ? 1 : Math.exp(-c * tau);
  }

  /** Grows the per-row table to hold row `row` (rare: the first path, or a longer one). */
  private growRowCache(row: number): void {
    const rows = Math.max(row + 1, 2 * this.cacheRows, 1024);
    if (!this.useRowCache || rows * this.slotCount > MAX_ROW_CACHE) {
      this.cacheRows = 0;
      return;
    }
    this.cacheRows = rows;
    this.rowTable = new Float64Array(4 * rows * this.slotCount).fill(NaN);
    this.tableTimes = null;
  }

  /** Every other case: surfaces, Leland hedge vols, gamma/vega, price/theta. */
  private greeksGeneral(now: number): void {
    const level = this.level;
    this.modelDelta.fill(0);
    this.optionGamma.fill(0);
    this.optionVega.fill(0);
    this.optionTheta.fill(0);
    this.optionValue.fill(0);
    this.gammaVariance.fill(0);
    const r = this.rate;
    for (let i = 0; i < this.slotCount; i++) {
      if (this.active[i] === 0) continue;
      const l = this.slotLeg[i];
      const S = this.spot[l];
      const tau = (this.expiry[i] - now) * INV_YEAR;
      if (this.flatVol[l] === 0) this.setSlotVol(i, this.surfaceVol(l, this.strike[i], tau, S, now));
      const qy = this.carry[l];
      const sig = this.sigma[i];
      const call = this.isCall[i] === 1;
      const qty = this.quantity[i];
      if (level >= 2) {
        bsGreeksInto(call, S, this.strike[i], tau, r, qy, sig, this.scratch, 0);
        const g = this.scratch;
        this.delta[i] = g[GREEK_DELTA];
        this.gamma[i] = g[GREEK_GAMMA];
        this.vega[i] = g[GREEK_VEGA];
        this.theta[i] = g[GREEK_THETA];
        this.price[i] = g[GREEK_PRICE];
        this.optionTheta[l] += qty * g[GREEK_THETA];
        this.optionValue[l] += qty * g[GREEK_PRICE];
      } else {
        const sqrtT = Math.sqrt(tau);
        const sd = sig * sqrtT;
        const df = qy === 0 ? 1 : Math.exp(-qy * tau);
        if (sd > 0) {
          const d1 = (Math.log(S) - this.logStrike[i] + this.mu[i] * tau) / sd;
          this.delta[i] = call ? df * fastNormalCdf(d1) : -df * fastNormalCdf(-d1);
          if (level >= 1) {
            const dens = INV_SQRT_2PI * Math.exp(-0.5 * d1 * d1);
            this.gamma[i] = (df * dens) / (S * sd);
            this.vega[i] = S * df * dens * sqrtT;
          }
        } else {
          const x = Math.log(S) - this.logStrike[i] + (r - qy) * tau;
          this.delta[i] = (call ? df : -df) * (x === 0 ? 0.5 : (x > 0) === call ? 1 : 0);
          this.gamma[i] = this.vega[i] = 0;
        }
      }
      this.modelDelta[l] += qty * this.delta[i];
      this.optionGamma[l] += qty * this.gamma[i];
      this.optionVega[l] += qty * this.vega[i];
      this.gammaVariance[l] += qty * this.gamma[i] * sig * sig;
      this.optionDelta[l] += qty * (this.hasLeland && this.lelandC[l] > 0 ? this.hedgeDeltaOf(i, S, tau) : this.delta[i]);
    }
  }

  /** Delta of slot i at its Leland hedge vol. */
  private hedgeDeltaOf(i: number, S: number, tau: number): number {
    const l = this.slotLeg[i];
    const qy = this.carry[l];
    const df = qy === 0 ? 1 : Math.exp(-qy * tau);
    const sd = this.hedgeSigma[i] * Math.sqrt(tau);
    const call = this.isCall[i] === 1;
    if (sd > 0) {
      const d1 = (Math.log(S) - this.logStrike[i] + this.hedgeMu[i] * tau) / sd;
      return call ? df * fastNormalCdf(d1) : -df * fastNormalCdf(-d1);
    }
    const x = Math.log(S) - this.logStrike[i] + (this.rate - qy) * tau;
    return (call ? df : -df) * (x === 0 ? 0.5 : (x > 0) === call ? 1 : 0);
  }

  /**
   * Vol of underlying l's surface for a strike and time to expiry at time `now`. Surfaces with a
   * clock of their own (Lyra boards expire at engine times) are moved to `now` first.
   */
  surfaceVol(l: number, strike: number, tau: number, S: number, now: number): number {
    const surface = this.surfaces[l];
    if (this.clocked[l] === 1) (surface as VolSurface & { setNow(t: number): void }).setNow(now);
    return surface.vol(strike, tau, S);
  }

  /** Model (surface) price of slot i's option with the underlying at S, at time `now`. */
  modelPrice(i: number, S: number, now: number): number {
    const l = this.slotLeg[i];
    const tau = (this.expiry[i] - now) * INV_YEAR;
    const sig = this.flatVol[l] === 1 ? this.sigma[i] : this.surfaceVol(l, this.strike[i], tau, S, now);
    return bsPrice(this.isCall[i] === 1, S, this.strike[i], tau, this.rate, this.carry[l], sig);
  }

  /** Market value of the live options (model prices at this row), quote. Not for the hot loop. */
  optionsValue(prices: Float64Array, row: number, now: number): number {
    let v = 0;
    for (let i = 0; i < this.slotCount; i++) {
      if (this.active[i] === 0 || this.quantity[i] === 0) continue;
      v += this.quantity[i] * this.modelPrice(i, prices[row * this.assets + this.legAssets[this.slotLeg[i]]], now);
    }
    return v;
  }

  /** Value of cash, hedges and holdings (no options), at this row's prices. */
  cashAndHedgeValue(prices: Float64Array, row: number): number {
    let v = this.cash;
    for (let leg = 0; leg < this.underlyings; leg++) {
      const S = prices[row * this.assets + this.legAssets[leg]];
      v += (this.hedge[leg] + this.holdings[leg]) * S + this.perpCash[leg];
    }
    return v;
  }

  /** Options at model value with the spots of the last mark, at time `now` (traces and fan charts). */
  optionsValueAtSpots(now: number): number {
    let v = 0;
    for (let i = 0; i < this.slotCount; i++) {
      if (this.active[i] === 0 || this.quantity[i] === 0) continue;
      v += this.quantity[i] * this.modelPrice(i, this.spot[this.slotLeg[i]], now);
    }
    return v;
  }

  /**
   * Greeks of the whole book in quote, from a full evaluation of every live option with the spots
   * of the last mark (for traces and reports, not the hot loop): into `out` the net delta notional
   * (sum of net delta x S, hedges included), the gamma P&L of a 1% move (sum of 1/2 Gamma S^2 0.01^2),
   * vega per vol point and theta per day.
   */
  bookGreeks(now: number, out: Float64Array): void {
    let delta = 0, gamma = 0, vega = 0, theta = 0;
    for (let l = 0; l < this.underlyings; l++) delta += (this.holdings[l] + this.hedge[l]) * this.spot[l];
    const g = this.scratch;
    for (let i = 0; i < this.slotCount; i++) {
      const q = this.quantity[i];
      if (this.active[i] === 0 || q === 0) continue;
      const l = this.slotLeg[i], S = this.spot[l];
      const tau = (this.expiry[i] - now) * INV_YEAR;
      const sig = this.flatVol[l] === 1 ? this.sigma[i] : this.surfaceVol(l, this.strike[i], tau, S, now);
      bsGreeksInto(this.isCall[i] === 1, S, this.strike[i], tau, this.rate, this.carry[l], sig, g, 0);
      delta += q * g[GREEK_DELTA] * S;
      gamma += q * 0.5 * g[GREEK_GAMMA] * S * S * 1e-4;
      vega += (q * g[GREEK_VEGA]) / 100;
      theta += (q * g[GREEK_THETA]) / 365;
    }
    out[0] = delta;
    out[1] = gamma;
    out[2] = vega;
    out[3] = theta;
  }

  /** Cash, hedges and holdings with the spots of the last mark. */
  cashAndHedgeValueAtSpots(): number {
    let v = this.cash;
    for (let leg = 0; leg < this.underlyings; leg++) v += (this.hedge[leg] + this.holdings[leg]) * this.spot[leg] + this.perpCash[leg];
    return v;
  }

  /** Whole book at this row: cash, hedges, holdings and options at model prices. */
  value(prices: Float64Array, row: number, now: number): number {
    return this.cashAndHedgeValue(prices, row) + this.optionsValue(prices, row, now);
  }

  /** Net delta of leg `leg` after its hedge: options + holdings + hedge, units of underlying. */
  netDelta(leg: number): number {
    return this.optionDelta[leg] + this.holdings[leg] + this.hedge[leg];
  }

  /** Hedge that makes leg `leg` delta-neutral: -(option delta + holdings), units. */
  neutralHedge(leg: number): number {
    return -(this.optionDelta[leg] + this.holdings[leg]);
  }

  /** Units to trade: hedge units for an underlying leg, options of the overlay slot for an overlay leg. */
  unitsToTarget(leg: number, target: number): number {
    return leg < this.underlyings ? target - this.hedge[leg] : target - this.quantity[this.overlaySlot(leg)];
  }

  /** Current position of a leg in its target's space (hedge units, or overlay options). */
  position(leg: number): number {
    return leg < this.underlyings ? this.hedge[leg] : this.quantity[this.overlaySlot(leg)];
  }

  applyFill(leg: number, fill: Fill): void {
    const u = fill.units;
    const now = fill.time;
    if (u === 0) {
      this.refusals++;
      return;
    }
    if (fill.status === 1 /* FillStatus.Partial */) this.partials++;
    if (leg >= this.underlyings) {
      this.applyOptionFill(leg, fill);
    } else if (this.isPerp[leg] === 1) {
      this.hedge[leg] += u;
      this.perpCash[leg] -= u * fill.price;
    } else {
      this.hedge[leg] += u;
      this.cash -= u * fill.price;
    }
    this.cash -= fill.fee + fill.gas;
    this.costFee += fill.fee;
    this.costGas += fill.gas;
    this.costImpact += fill.impact;
    this.trades++;
    this.tradedNotional += Math.abs(u) * fill.mid; // Math.abs: no branch on the side of the trade
    this.lastTradeTime[leg] = now;
    this.lastTradePrice[leg] = fill.mid;
  }

  /** An overlay leg's fill: `units` options of its slot bought at `price` each. */
  private applyOptionFill(leg: number, fill: Fill): void {
    const slot = this.overlaySlot(leg);
    const q = this.quantity[slot];
    this.quantity[slot] = q + fill.units;
    this.cash -= fill.units * fill.price;
    this.optionTrades++;
    // The Leland hedge vol depends on the side of the position, and the live count on the quantity.
    if ((q < 0) !== (q + fill.units < 0)) this.setSlotVol(slot, this.sigma[slot]);
    this.refreshLive();
  }

  /** Metrics a subclass adds after the common ones (vault returns, AMM flow). */
  extensionMetricDefs(): MetricDef[] {
    return [];
  }

  /** Writes the subclass metrics of the path from `offset`, in `extensionMetricDefs` order. */
  writeExtensionMetrics(_out: Float64Array, _offset: number, _prices: Float64Array, _row: number, _now: number): void {}

  /** Sum of trading costs (fee, gas, impact), quote. */
  tradingCost(): number {
    return this.costFee + this.costGas + this.costImpact;
  }

  /** Slots as plain objects, for reports and tests. */
  slots(): SlotView[] {
    const out: SlotView[] = [];
    for (let i = 0; i < this.slotCount; i++) {
      out.push({ underlying: this.slotLeg[i], isCall: this.isCall[i] === 1, strike: this.strike[i], expiry: this.expiry[i], quantity: this.quantity[i], active: this.active[i] === 1 });
    }
    return out;
  }
}

/** Throws a ConfigError when a Leland holder adjustment would make the hedge variance non-positive. */
export function checkLelandHolder(sigma: number, c: number, field: string): void {
  if (c > 0 && sigma * sigma - sigma * c <= 0) {
    throw new ConfigError(field, `for a long option at vol ${sigma}, the Leland number ${c / sigma} is >= 1 and the holder's adjusted variance is not positive; hedge less often or at lower cost`);
  }
}
