/**
 * A covered-call or put-selling vault with weekly rounds (Ribbon Theta Vaults, Thetanuts): at each
 * round instant (Fridays 08:00 UTC by default) the expiring options settle, and the vault writes new
 * ones that expire at the next instant, struck on a grid by target delta with Ribbon's walk
 * (strike-selection.ts), at the surface's at-the-money vol.
 *
 * - Covered call: the vault holds `collateral` units of the underlying and writes one call per unit
 *   held. Premium and payoffs are paid in the underlying, as Ribbon's ETH vault is paid in WETH: the
 *   premium buys units at spot and an in-the-money call is paid by giving up payoff / S units.
 * - Put selling: the vault holds `collateral` quote and writes cash-secured puts, one per K of cash;
 *   premium and payoffs are quote.
 *
 * The premium is the model value less `premiumDiscount` (what an auction leaves on the table; Ribbon's
 * minimum bid is 20% of the model value), booked as trade edge. A hedging policy may hedge the vault's
 * net delta (options plus holdings) like any book, or leave it unhedged as Ribbon does.
 */
import { ConfigError, ModelError } from '../../core/errors.js';
import { nextAfter, type Schedule } from '../../clock/schedule.js';
import { SECONDS_PER_YEAR } from '../../core/units.js';
import type { MetricDef } from '../../engine/path-metrics.js';
import { selectStrikeByDelta } from './strike-selection.js';
import { OptionsBook, type OptionsBookParams, type SlotParams } from './book.js';

export interface VaultParams {
  /** The book's underlyings, rate and overlays; slots are the vault's own (leave empty). */
  book: OptionsBookParams;
  strategy: 'covered-call' | 'put-selling';
  /** Base units (covered call) or quote (put selling) at the start. */
  collateral: number;
  roll: Schedule;
  /** |Delta| of the option written each round, in (0, 1). */
  targetDelta: number;
  /** Strike grid spacing, quote per base. */
  strikeStep: number;
  /** Fraction of the model premium lost at the sale of each round, [0, 1). */
  premiumDiscount: number;
}

export const VAULT_METRICS: readonly MetricDef[] = [
  { key: 'vaultReturn', label: 'Vault return', unit: 'fraction', help: 'Value at the end over capital at the start, less 1, in quote.' },
  { key: 'returnInBase', label: 'Return in the underlying', unit: 'fraction', help: 'The same in units of the underlying: (value_T / S_T) / (value_0 / S_0) - 1. A covered call lags holding the coin in rallies.' },
  { key: 'underlyingReturn', label: 'Underlying return', unit: 'fraction', help: 'S_T / S_0 - 1.' },
  { key: 'premiumCollected', label: 'Premium collected', unit: 'quote', help: 'Sum of premiums received, valued at spot when received.' },
  { key: 'payoffsPaid', label: 'Payoffs paid', unit: 'quote', help: 'Sum of what in-the-money options cost the vault at expiry.' },
  { key: 'rounds', label: 'Rounds', unit: 'count', help: 'Rounds written.' },
  { key: 'roundsInTheMoney', label: 'Rounds in the money', unit: 'count', help: 'Rounds whose options expired in the money.' },
  { key: 'meanStrikeMoneyness', label: 'Mean strike / spot', unit: 'ratio', help: 'Average of strike / spot when written.' },
  { key: 'roundsSkipped', label: 'Rounds skipped', unit: 'count', help: 'Rounds in which the strike grid had no strike left to walk (spot within two grid steps of zero for puts): nothing was written.' },
];

export class OptionsVault extends OptionsBook {
  readonly vault: VaultParams;
  protected override readonly hasExtension = true;
  private readonly writesCalls: boolean;
  private nextRoll = Infinity;
  private premiumCollected = 0;
  private payoffsPaid = 0;
  private rounds = 0;
  private roundsItm = 0;
  private moneynessSum = 0;
  private skipped = 0;
  private s0 = 0;

  constructor(p: VaultParams) {
    if (p.book.underlyings.length !== 1) throw new ConfigError('product.underlying', 'a vault writes options on one underlying');
    if (!(p.collateral > 0)) throw new ConfigError('product.collateral', `must be positive, got ${p.collateral}`);
    if (!(p.targetDelta > 0 && p.targetDelta < 1)) throw new ConfigError('product.targetDelta', `must be in (0, 1), got ${p.targetDelta}`);
    if (!(p.strikeStep > 0)) throw new ConfigError('product.strikeStep', `must be a positive price step, got ${p.strikeStep}`);
    if (!(p.premiumDiscount >= 0 && p.premiumDiscount < 1)) throw new ConfigError('product.premiumDiscount', `must be a fraction in [0, 1), got ${p.premiumDiscount}`);
    const covered = p.strategy === 'covered-call';
    const underlyings = p.book.underlyings.map((u) => ({ ...u, holdings: covered ? p.collateral : 0 }));
    super({ ...p.book, underlyings, slots: [], initialCash: covered ? 0 : p.collateral }, 1);
    this.vault = p;
    this.writesCalls = covered;
    this.useRowCache = false;
  }

  protected override resetExtension(prices: Float64Array, row: number, now: number): void {
    this.nextRoll = nextAfter(this.vault.roll, now);
    this.premiumCollected = this.payoffsPaid = this.rounds = this.roundsItm = this.moneynessSum = this.skipped = 0;
    this.s0 = prices[row * this.assets + this.legAssets[0]];
  }

  protected override afterInitialSlots(prices: Float64Array, row: number, now: number): void {
    this.writeRound(prices, row, now);
  }

  protected override extensionEvent(): number {
    return this.nextRoll;
  }

  /** The round's options settled at the base class's expiry step; write the next round. */
  protected override handleExtension(prices: Float64Array, row: number, now: number): void {
    if (now + 1e-3 >= this.nextRoll) {
      this.nextRoll = nextAfter(this.vault.roll, now + 1e-3);
      this.writeRound(prices, row, now);
      this.settlements++;
    }
  }

  /** Covered calls pay their payoff in units; puts in quote (the base class pays quote). */
  protected override onSlotExpired(_i: number, flow: number, prices: Float64Array, row: number): void {
    if (flow === 0) return;
    this.payoffsPaid -= flow;
    this.roundsItm++;
    if (this.writesCalls) {
      const S = prices[row * this.assets + this.legAssets[0]];
      this.cash -= flow; // undo the quote flow the base class booked ...
      this.holdings[0] += flow / S; // ... and pay it in units instead
    }
  }

  /** Writes one option per unit held (calls) or per strike of cash (puts), expiring at the next round. */
  private writeRound(prices: Float64Array, row: number, now: number): void {
    const S = prices[row * this.assets + this.legAssets[0]];
    const expiry = this.nextRoll;
    const T = (expiry - now) / SECONDS_PER_YEAR;
    const atmVol = this.surfaceVol(0, S, T, S, now);
    let choice;
    try {
      choice = selectStrikeByDelta(this.writesCalls, S, this.vault.strikeStep, this.vault.targetDelta, T, this.rate, this.carry[0], atmVol);
    } catch (e) {
      // The grid has no out-of-the-money strike left to walk (a put vault after a crash below a few
      // grid steps): like a vault whose strike selection reverts, it writes nothing this round.
      if (!(e instanceof ModelError)) throw e;
      this.skipped++;
      return;
    }
    const count = this.writesCalls ? this.holdings[0] : this.cash / choice.strike;
    if (!(count > 0)) return;
    const slot: SlotParams = { underlying: 0, isCall: this.writesCalls, strike: choice.strike, expiry, quantity: -count };
    this.strikeSlot(0, slot, now, S);
    const model = this.modelPrice(0, S, now);
    const premium = model * (1 - this.vault.premiumDiscount) * count;
    if (this.writesCalls) this.holdings[0] += premium / S;
    else this.cash += premium;
    this.tradeEdge -= model * this.vault.premiumDiscount * count;
    this.premiumCollected += premium;
    this.rounds++;
    this.moneynessSum += choice.strike / S;
  }

  override extensionMetricDefs(): MetricDef[] {
    return [...VAULT_METRICS];
  }

  override writeExtensionMetrics(out: Float64Array, o: number, prices: Float64Array, row: number, now: number): void {
    const S = prices[row * this.assets + this.legAssets[0]];
    const value = this.value(prices, row, now);
    out[o] = value / this.startValue - 1;
    out[o + 1] = value / S / (this.startValue / this.s0) - 1;
    out[o + 2] = S / this.s0 - 1;
    out[o + 3] = this.premiumCollected;
    out[o + 4] = this.payoffsPaid;
    out[o + 5] = this.rounds;
    out[o + 6] = this.roundsItm;
    out[o + 7] = this.rounds > 0 ? this.moneynessSum / this.rounds : NaN;
    out[o + 8] = this.skipped;
  }
}
