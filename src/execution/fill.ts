/**
 * One trade attempt at a venue: the request (units, price limit, time, target) and the result
 * (executed units, price, costs by kind, status). One Fill is allocated per executor and
 * overwritten on every attempt, so executing a trade allocates nothing.
 *
 * The request travels in the record rather than as function arguments on purpose: V8 boxes every
 * double passed to or returned from a call it does not inline, so `trade(asset, units, limit,
 * now)` allocated three heap numbers per trade, where reading fields of a preallocated object
 * allocates none.
 */

/** Why a fill is what it is. */
export const FillStatus = {
  /** Filled in full. */
  Filled: 0,
  /** Filled in part: depth ran out or the price limit was reached. */
  Partial: 1,
  /** Refused: the average price would be worse than the limit (slippage guard). */
  RefusedSlippage: 2,
  /** Refused: the venue cannot take the trade (size above its cap, market closed, funding too high). */
  RefusedVenue: 3,
} as const;
export type FillStatus = (typeof FillStatus)[keyof typeof FillStatus];

export const FILL_STATUS_NAMES = ['filled', 'partial', 'refused-slippage', 'refused-venue'] as const;

export class Fill {
  // The request, set by the executor (`request`) before calling the venue.
  /** Units asked for, signed: positive buys base. */
  requested = 0;
  /** Worst average price accepted: a maximum when buying, a minimum when selling (Infinity or 0 for none). */
  limit = 0;
  /** Time of the attempt, seconds since the epoch. */
  time = 0;
  /** The target the trade works toward, in the product's space (leverage, hedge units, ...), for the ledger. */
  target = 0;

  // The result, written by the venue.
  /** Executed quantity in base units, signed: positive bought. 0 when refused. */
  units = 0;
  /** Average execution price in quote per base, impact included, fee excluded. */
  price = 0;
  /** Oracle mid price at the time of the trade, quote per base. */
  mid = 0;
  /** Proportional venue fee paid, quote. */
  fee = 0;
  /** Fixed transaction cost (gas), quote. Zero for a refused trade: keepers simulate before sending. */
  gas = 0;
  /** Cost of executing away from the mid: (price - mid) * units, quote; positive when it hurts. */
  impact = 0;
  status: FillStatus = FillStatus.Filled;

  /** Sets the request of the next attempt. */
  request(units: number, limit: number, time: number, target: number): void {
    this.requested = units;
    this.limit = limit;
    this.time = time;
    this.target = target;
  }

  /** Resets the result before a venue fills it in (the request is kept). */
  clear(mid: number): void {
    this.units = 0;
    this.price = mid;
    this.mid = mid;
    this.fee = 0;
    this.gas = 0;
    this.impact = 0;
    this.status = FillStatus.Filled;
  }

  /** Total cost of the trade by all kinds, quote. */
  get cost(): number {
    return this.fee + this.gas + this.impact;
  }

  /** Quote paid (positive) or received (negative) for the units, before fee and gas. */
  get notional(): number {
    return this.units * this.price;
  }
}
