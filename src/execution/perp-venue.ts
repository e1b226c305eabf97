/**
 * A perpetual-swap venue: trades priced like the cost model (fee, gas, linear or square-root impact
 * against the oracle mid), a funding rate per year (constant, or per row from history data), and the
 * refusals of Lyra Newport's `canHedge` on Synthetix perps:
 *
 * - a trade that increases |position| is refused while |funding| exceeds `maxFundingRate`
 *   (Newport's maximumFundingRate: hedging into expensive funding is not allowed);
 * - the position may not exceed the open interest the venue leaves to this trader:
 *   |position after| x depthBuffer <= maxOpenInterest (Newport: OI + |delta| x marketDepthBuffer must
 *   stay below the market's max). A trade that would breach it is refused whole (`onLimit: refuse`)
 *   or filled up to the limit (`partial`), reported as a partial fill;
 * - a trade that reduces |position| is always accepted (closing risk is never blocked).
 *
 * The venue keeps the position per asset that its own fills built, to apply those rules; the product
 * that trades here accrues the funding on its position (positive rate: longs pay), and reads the rate
 * from `fundingAt` so the two agree. Margin is not modelled: the product's cash backs the position.
 * No gas is charged for a refusal (keepers simulate before sending).
 */
import { ConfigError } from '../core/errors.js';
import { CostModelVenue, DEFAULT_COST_MODEL, type CostModelParams } from './cost-model-venue.js';
import { Fill, FillStatus } from './fill.js';
import type { Venue } from './venue.js';

export interface PerpVenueParams extends CostModelParams {
  /** Funding rate per year when the data has none (positive: longs pay shorts). */
  fundingRate: number;
  /** |Funding| per year above which risk-increasing trades are refused; Infinity for no limit. */
  maxFundingRate: number;
  /** Largest |position| in base units the venue accepts from this trader, before the buffer; Infinity for no limit. */
  maxOpenInterest: number;
  /** Multiplier (>= 1) applied to the position when checked against maxOpenInterest (Lyra: 1.1). */
  depthBuffer: number;
  /** At the open-interest limit: refuse the whole trade, or fill up to the limit. */
  onLimit: 'refuse' | 'partial';
}

export const DEFAULT_PERP: PerpVenueParams = {
  ...DEFAULT_COST_MODEL,
  fundingRate: 0,
  maxFundingRate: Infinity,
  maxOpenInterest: Infinity,
  depthBuffer: 1,
  onLimit: 'refuse',
};

export class PerpVenue implements Venue {
  readonly kind = 'perp';
  readonly params: PerpVenueParams;
  /** Position per asset built by this venue's fills, base units. */
  readonly positions: Float64Array;
  /** Funding per row and asset from history (rows x assets), or null for the constant rate. */
  fundingSeries: Float64Array | null = null;
  private readonly pricing: CostModelVenue;
  private readonly assets: number;
  /** Largest |position| allowed: maxOpenInterest / depthBuffer. */
  private readonly cap: number;

  constructor(params: Partial<PerpVenueParams> = {}, assets = 1) {
    this.params = { ...DEFAULT_PERP, ...params };
    const p = this.params;
    this.pricing = new CostModelVenue(p, assets);
    if (!Number.isFinite(p.fundingRate)) throw new ConfigError('venue.fundingRate', `must be a finite rate per year, got ${p.fundingRate}`);
    if (!(p.maxFundingRate >= 0)) throw new ConfigError('venue.maxFundingRate', `must be a non-negative rate per year, got ${p.maxFundingRate}`);
    if (!(p.maxOpenInterest > 0)) throw new ConfigError('venue.maxOpenInterest', `must be a positive number of base units, got ${p.maxOpenInterest}`);
    if (!(p.depthBuffer >= 1 && p.depthBuffer < Infinity)) throw new ConfigError('venue.depthBuffer', `must be a finite multiplier >= 1, got ${p.depthBuffer}`);
    this.assets = assets;
    this.positions = new Float64Array(assets);
    this.cap = p.maxOpenInterest / p.depthBuffer;
  }

  /** Uses a per-row funding series (from history data) instead of the constant rate. */
  useFundingSeries(series: Float64Array | null): void {
    this.fundingSeries = series;
  }

  /** Funding rate per year that applies at `row` to `asset`. */
  fundingAt(asset: number, row: number): number {
    const s = this.fundingSeries;
    return s !== null ? s[row * this.assets + asset] : this.params.fundingRate;
  }

  reset(): void {
    this.positions.fill(0);
  }

  update(): void {}

  trade(asset: number, prices: Float64Array, row: number, fill: Fill): void {
    const mid = prices[row * this.assets + asset];
    const units = fill.requested;
    fill.clear(mid);
    if (units === 0) return;
    const pos = this.positions[asset];
    let after = pos + units;
    const absPos = pos < 0 ? -pos : pos, absAfter = after < 0 ? -after : after;
    let partial = false;
    if (absAfter > absPos) {
      const f = this.fundingAt(asset, row);
      if (f > this.params.maxFundingRate || f < -this.params.maxFundingRate) {
        fill.status = FillStatus.RefusedVenue;
        return;
      }
      if (absAfter > this.cap) {
        if (this.params.onLimit === 'refuse' || absPos >= this.cap && (after > 0) === (pos > 0)) {
          fill.status = FillStatus.RefusedVenue;
          return;
        }
        after = after > 0 ? this.cap : -this.cap;
        partial = true;
      }
    }
    const filled = after - pos;
    // Price what is accepted through the cost model; the request is restored afterwards, so the
    // record still says what was asked for.
    fill.requested = filled;
    this.pricing.trade(asset, prices, row, fill);
    fill.requested = units;
    if (fill.units === 0) return; // refused by the cost model (size cap or slippage)
    if (partial) fill.status = FillStatus.Partial;
    this.positions[asset] = pos + fill.units;
  }
}
