/**
 * The venue a book with an option overlay trades on: hedge legs go to the underlying's venue (spot
 * or perp) unchanged, and an overlay leg, whose asset column is a virtual one past the market's
 * (OptionsBook.legAsset), buys or sells its option series at the book's model price plus a
 * half-spread, with a fee on the premium. It stands for an options exchange or an RFQ desk.
 *
 * Fill units are options; price is the premium per option; `impact` is the half-spread paid,
 * (price - model) x units >= 0. The limit price the executor passes is ignored for option trades:
 * the executor derives it from an asset column, which an option series does not have.
 */
import { ConfigError } from '../../core/errors.js';
import type { Fill } from '../../execution/fill.js';
import type { Venue } from '../../execution/venue.js';
import type { OptionsBook } from './book.js';

export interface OptionQuoteParams {
  /** Half the bid-ask spread as a fraction of the model premium (0.02 = buy at 1.02 x model). */
  halfSpread: number;
  /** Fee as a fraction of the premium traded. */
  fee: number;
}

export class BookVenue implements Venue {
  readonly kind: string;

  constructor(readonly inner: Venue, private readonly book: OptionsBook, readonly quote: OptionQuoteParams) {
    if (!(quote.halfSpread >= 0 && quote.halfSpread < 1)) throw new ConfigError('policy.optionHedge.halfSpreadBps', `must be below 10,000 bps, got a fraction ${quote.halfSpread}`);
    if (!(quote.fee >= 0 && quote.fee < 1)) throw new ConfigError('policy.optionHedge.feeBps', `must be below 10,000 bps, got a fraction ${quote.fee}`);
    this.kind = inner.kind;
  }

  reset(prices: Float64Array, row: number, now: number): void {
    this.inner.reset(prices, row, now);
  }

  update(prices: Float64Array, row: number, now: number): void {
    this.inner.update(prices, row, now);
  }

  trade(asset: number, prices: Float64Array, row: number, fill: Fill): void {
    const book = this.book;
    if (asset < book.assets) {
      this.inner.trade(asset, prices, row, fill);
      return;
    }
    const units = fill.requested, now = fill.time;
    const slot = book.productSlots + asset - book.assets;
    const mid = book.modelPrice(slot, prices[row * book.assets + book.legAssets[book.slotLeg[slot]]], now);
    fill.clear(mid);
    if (units === 0) return;
    const price = units > 0 ? mid * (1 + this.quote.halfSpread) : mid * (1 - this.quote.halfSpread);
    fill.units = units;
    fill.price = price;
    fill.fee = this.quote.fee * (units < 0 ? -units : units) * price;
    fill.impact = (price - mid) * units;
  }
}
