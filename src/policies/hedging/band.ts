/**
 * No-transaction band: the set of hedge positions a cost-aware policy leaves alone. Inside the band a
 * trade would cost more than the risk it removes; outside it the optimal trade (for proportional costs)
 * goes only as far as the nearest edge, not back to the centre, because the marginal trade is the one
 * that pays its way (Whalley-Wilmott 1997; pfhedge's `WhalleyWilmott` module clamps the same way).
 *
 * Hedges and band edges are in units of the underlying per option. Scalar and allocation-free.
 */

/** A band around a centre hedge. Reuse one per option; the band functions overwrite it. */
export interface HedgeBand {
  /** Hedge the band is centred on (units of underlying per option), e.g. a Black-Scholes delta. */
  center: number;
  /** Half the band's width, >= 0. */
  halfWidth: number;
  /** center - halfWidth. */
  lower: number;
  /** center + halfWidth. */
  upper: number;
}

export function createHedgeBand(): HedgeBand {
  return { center: 0, halfWidth: 0, lower: 0, upper: 0 };
}

/** Writes a band of `halfWidth` around `center` into `out` and returns it. */
export function setHedgeBand(out: HedgeBand, center: number, halfWidth: number): HedgeBand {
  out.center = center;
  out.halfWidth = halfWidth;
  out.lower = center - halfWidth;
  out.upper = center + halfWidth;
  return out;
}

/**
 * New hedge for a current hedge `current` and the band center +- halfWidth: unchanged inside the band,
 * otherwise moved to the nearest edge. The trade is the difference, zero inside the band.
 */
export function tradeToNearestEdge(current: number, center: number, halfWidth: number): number {
  const lower = center - halfWidth;
  const upper = center + halfWidth;
  return current < lower ? lower : current > upper ? upper : current;
}
