/**
 * A leveraged token: a NAV that holds `units` of the base asset's exposure against a quote
 * balance, so that leverage L = units * S / NAV drifts as the price moves and a policy trades it
 * back. One class serves long and inverse tokens (signed units) backed by either
 *
 * - a perpetual swap: `units` is the perp position, `cash` the margin net of entry value; funding
 *   (per year, positive: longs pay) accrues on the position's notional; the token is liquidated
 *   when NAV falls below the maintenance margin (wiped out at NAV <= 0 when that margin is 0);
 * - a lending position: positive balances earn the supply rate and negative ones (debts) grow at
 *   the borrow rate, for base units and quote cash separately (an Aave 2x long holds base collateral
 *   and quote debt, a -1x token holds quote collateral and base debt); liquidated when
 *   debt value > liquidation threshold * collateral value, losing a penalty on the debt.
 *
 * NAV = cash + units * S in quote. A management fee (per year) accrues on NAV. Mint and redeem
 * fees do not touch NAV: they are charged to holders entering and leaving, and the metrics apply
 * them to the holder's return.
 *
 * All state is numeric fields; mark, unitsToTarget and applyFill allocate nothing.
 */
import { ConfigError } from '../../core/errors.js';
import { SECONDS_PER_YEAR } from '../../core/units.js';
import type { Product } from '../../engine/product.js';
import type { Fill } from '../../execution/fill.js';
import { lendingCarry, perpCarry } from './closed-form.js';

export type Backing =
  | {
      kind: 'perp';
      /** Funding rate per year used when the market path carries none (positive: longs pay). */
      fundingRate: number;
      /** Maintenance margin as a fraction of position notional; 0 means liquidation only at NAV <= 0. */
      maintenanceMargin: number;
    }
  | {
      kind: 'lending';
      baseSupplyRate: number;
      baseBorrowRate: number;
      quoteSupplyRate: number;
      quoteBorrowRate: number;
      /** Debt may reach this fraction of collateral value before liquidation (Aave's LT, e.g. 0.83). */
      liquidationThreshold: number;
      /** Fraction of the debt value lost to liquidators on liquidation (Aave's bonus, e.g. 0.05). */
      liquidationPenalty: number;
    };

export interface LeveragedTokenParams {
  /** Target leverage, signed: 3 for a 3x long, -1 for an inverse token. */
  target: number;
  /**
   * Leverage at the start of each path (default: the target). Lets a run start from a live
   * position that has drifted, as the keeper does when it attaches to an existing token.
   */
  initialLeverage?: number;
  /** NAV at the start of each path, quote. */
  initialNav: number;
  backing: Backing;
  /** Management fee per year on NAV. */
  managementFee: number;
  /** Fee charged to a holder on mint and on redeem, fractions (they do not change NAV). */
  mintFee: number;
  redeemFee: number;
  /** Reward paid from NAV to the keeper of each emergency (ripcord) transaction, quote. */
  emergencyReward: number;
  /** Column of the underlying in the price rows, and the number of columns. */
  asset: number;
  assets: number;
}

export const LEVERAGED_TOKEN_DEFAULTS: Omit<LeveragedTokenParams, 'target'> = {
  initialNav: 1,
  backing: { kind: 'perp', fundingRate: 0, maintenanceMargin: 0 },
  managementFee: 0,
  mintFee: 0,
  redeemFee: 0,
  emergencyReward: 0,
  asset: 0,
  assets: 1,
};

/** How a path ended for the token. */
export const TokenState = { Alive: 0, WipedOut: 1, Liquidated: 2 } as const;

export class LeveragedToken implements Product {
  readonly params: LeveragedTokenParams;
  readonly legs = 1;
  readonly assets: number;
  readonly asset: number;
  private readonly isPerp: boolean;
  /** False when nothing accrues between trades (perp without funding, no fee): mark skips accrual. */
  private hasCarry: boolean;
  private readonly maintenanceMargin: number;
  /** Funding per row from the market path, if it carries one. */
  fundingSeries: Float64Array | null = null;

  /** Uses a per-row funding series (from data) instead of the configured constant rate. */
  useFundingSeries(series: Float64Array | null): void {
    this.fundingSeries = series;
    if (series !== null) this.hasCarry = true;
  }

  /** Exposure in base units (signed) and quote balance. NAV = cash + units * price. */
  units = 0;
  cash = 0;
  nav = 0;
  /**
   * Leverage when last marked, before any trade of the step: the exposure holders actually
   * carried, and what the policy looks at (it evaluates before the step's trades).
   */
  markedLeverage = 0;
  price = 0;
  state: number = TokenState.Alive;
  lastTime = 0;
  /** Time and mid price of the last executed trade (or of the start). */
  lastTradeTime = 0;
  lastTradePrice = 0;

  // Costs by kind, quote, positive when paid.
  costFee = 0;
  costGas = 0;
  costImpact = 0;
  costFunding = 0;
  costInterest = 0;
  costManagement = 0;
  costKeeper = 0;
  costLiquidation = 0;
  trades = 0;
  refusals = 0;
  tradedNotional = 0;

  constructor(params: Partial<LeveragedTokenParams> & { target: number }) {
    this.params = { ...LEVERAGED_TOKEN_DEFAULTS, ...params };
    const p = this.params;
    if (!Number.isFinite(p.target) || p.target === 0) throw new ConfigError('product.target', `must be a non-zero leverage such as 3 or -1, got ${p.target}`);
    if (p.initialLeverage !== undefined && !Number.isFinite(p.initialLeverage)) throw new ConfigError('product.initialLeverage', `must be a finite leverage, got ${p.initialLeverage}`);
    if (!(p.initialNav > 0)) throw new ConfigError('product.initialNav', `must be positive, got ${p.initialNav}`);
    if (!(p.managementFee >= 0)) throw new ConfigError('product.managementFee', `must be a non-negative rate per year, got ${p.managementFee}`);
    for (const k of ['mintFee', 'redeemFee'] as const) {
      if (!(p[k] >= 0 && p[k] < 1)) throw new ConfigError(`product.${k}`, `must be a fraction in [0, 1), got ${p[k]}`);
    }
    if (p.backing.kind === 'lending') {
      const b = p.backing;
      if (!(b.liquidationThreshold > 0 && b.liquidationThreshold <= 1)) {
        throw new ConfigError('product.backing.liquidationThreshold', `must be in (0, 1], got ${b.liquidationThreshold}`);
      }
      // A token whose target already breaches the threshold is liquidated at birth.
      const debtShare = p.target > 1 ? (p.target - 1) / p.target : p.target < 0 ? -p.target / (1 - p.target) : 0;
      if (debtShare >= b.liquidationThreshold) {
        throw new ConfigError('product.target', `leverage ${p.target} puts debt at ${(debtShare * 100).toFixed(1)}% of collateral, at or above the liquidation threshold ${b.liquidationThreshold}`);
      }
    }
    this.isPerp = p.backing.kind === 'perp';
    this.maintenanceMargin = p.backing.kind === 'perp' ? p.backing.maintenanceMargin : 0;
    this.hasCarry = p.managementFee > 0 || p.backing.kind === 'lending' || p.backing.fundingRate !== 0;
    this.assets = p.assets;
    this.asset = p.asset;
  }

  legAsset(): number {
    return this.asset;
  }

  reset(prices: Float64Array, row: number, now: number): void {
    const p = this.params;
    const s = prices[row * this.assets + this.asset];
    this.price = s;
    const lev = p.initialLeverage ?? p.target;
    this.nav = p.initialNav;
    this.units = (lev * p.initialNav) / s;
    this.cash = p.initialNav - this.units * s;
    this.markedLeverage = lev;
    this.state = TokenState.Alive;
    this.lastTime = now;
    this.lastTradeTime = now;
    this.lastTradePrice = s;
    this.costFee = this.costGas = this.costImpact = this.costFunding = this.costInterest = 0;
    this.costManagement = this.costKeeper = this.costLiquidation = 0;
    this.trades = this.refusals = 0;
    this.tradedNotional = 0;
  }

  /** Funding rate per year applying over the step that ends at `row`. */
  fundingAt(row: number): number {
    const series = this.fundingSeries;
    if (series !== null) return series[(row - 1) * this.assets + this.asset];
    return this.params.backing.kind === 'perp' ? this.params.backing.fundingRate : 0;
  }

  /**
   * The per-step hot path, kept small enough for V8 to inline into the engine loop; accrual and
   * liquidation live in their own methods because they are rare or optional.
   */
  mark(prices: Float64Array, row: number, now: number): boolean {
    if (this.state !== 0 /* TokenState.Alive */) return false;
    if (this.hasCarry === true) this.accrue(row, now);
    const s = prices[row * this.assets + this.asset];
    this.price = s;
    const u = this.units;
    const nav = this.cash + u * s;
    if (this.isPerp === true ? nav <= this.maintenanceMargin * (u < 0 ? -u : u) * s : this.lendingLiquidated(s)) return this.liquidate(s, nav);
    this.nav = nav;
    this.markedLeverage = (u * s) / nav;
    return true;
  }

  /** Ends the path: wiped out at NAV <= 0, otherwise liquidated (perp margin or lending threshold). */
  private liquidate(s: number, nav: number): false {
    if (!this.isPerp && nav > 0) {
      const b = this.params.backing as Extract<Backing, { kind: 'lending' }>;
      const debt = (this.units < 0 ? -this.units * s : 0) + (this.cash < 0 ? -this.cash : 0);
      const penalty = Math.min(b.liquidationPenalty * debt, nav);
      this.costLiquidation += penalty;
      nav -= penalty;
    } else if (nav > 0) {
      this.costLiquidation += nav; // the remaining perp margin goes to the liquidator
      nav = 0;
    }
    this.state = nav <= 0 ? TokenState.WipedOut : TokenState.Liquidated;
    this.nav = nav > 0 ? nav : 0;
    this.markedLeverage = 0;
    return false;
  }

  /** Funding or interest, then the management fee, since the last step, at the previous price. */
  private accrue(row: number, now: number): void {
    const dt = (now - this.lastTime) / SECONDS_PER_YEAR;
    this.lastTime = now;
    if (!(dt > 0)) return;
    const s = this.price;
    if (this.isPerp) {
      const f = this.fundingAt(row);
      if (f !== 0) {
        const paid = this.units * s * f * dt;
        this.cash -= paid;
        this.costFunding += paid;
      }
    } else {
      const b = this.params.backing as Extract<Backing, { kind: 'lending' }>;
      const du = this.units * (this.units >= 0 ? b.baseSupplyRate : b.baseBorrowRate) * dt;
      const dc = this.cash * (this.cash >= 0 ? b.quoteSupplyRate : b.quoteBorrowRate) * dt;
      this.units += du;
      this.cash += dc;
      this.costInterest -= du * s + dc;
    }
    const mf = this.params.managementFee;
    if (mf > 0) {
      const fee = (this.cash + this.units * s) * mf * dt;
      if (fee > 0) {
        this.cash -= fee;
        this.costManagement += fee;
      }
    }
  }

  /** Lending rule: liquidated when debt value exceeds the threshold times collateral value (never, for a perp). */
  private lendingLiquidated(s: number): boolean {
    const b = this.params.backing as Extract<Backing, { kind: 'lending' }>;
    const u = this.units, c = this.cash;
    const collateral = (u > 0 ? u * s : 0) + (c > 0 ? c : 0);
    const debt = (u < 0 ? -u * s : 0) + (c < 0 ? -c : 0);
    return debt > b.liquidationThreshold * collateral;
  }

  unitsToTarget(_leg: number, target: number, prices: Float64Array, row: number): number {
    const s = prices[row * this.assets + this.asset];
    const nav = this.cash + this.units * s;
    return (target * nav) / s - this.units;
  }

  applyFill(_leg: number, fill: Fill, reason: number): void {
    const now = fill.time;
    if (fill.units === 0) {
      this.refusals++;
      return;
    }
    this.units += fill.units;
    this.cash -= fill.units * fill.price + fill.fee + fill.gas;
    this.costFee += fill.fee;
    this.costGas += fill.gas;
    this.costImpact += fill.impact;
    if (reason === 2 /* Signal.Emergency */ && this.params.emergencyReward > 0) {
      this.cash -= this.params.emergencyReward;
      this.costKeeper += this.params.emergencyReward;
    }
    this.trades++;
    this.tradedNotional += fill.units < 0 ? -fill.units * fill.mid : fill.units * fill.mid;
    this.lastTradeTime = now;
    this.lastTradePrice = fill.mid;
    this.nav = this.cash + this.units * fill.mid;
  }

  /**
   * Leverage now, after any trade of the step (0 once the token has ended). Computed on demand for
   * traces and reports: a trade does not need it, and a division per trade is measurable.
   */
  get leverage(): number {
    if (this.state !== 0 /* TokenState.Alive */) return 0;
    const nav = this.cash + this.units * this.price;
    return nav > 0 ? (this.units * this.price) / nav : 0;
  }

  /**
   * Carry rate per year of this token held continuously at its target, over the step ending at
   * `row`: funding or interest at the target leverage, less the management fee. The closed-form
   * benchmark and the daily-reset benchmark both accrue it.
   */
  targetCarryRate(row: number): number {
    const p = this.params, b = p.backing, beta = p.target;
    const base = b.kind === 'perp' ? perpCarry(beta, this.fundingAt(row)) : lendingCarry(beta, b.baseSupplyRate, b.baseBorrowRate, b.quoteSupplyRate, b.quoteBorrowRate);
    return base - p.managementFee;
  }

  /** Sum of every cost kind, quote. */
  totalCost(): number {
    return this.costFee + this.costGas + this.costImpact + this.costFunding + this.costInterest + this.costManagement + this.costKeeper + this.costLiquidation;
  }
}
