/**
 * The continuously rebalanced leveraged token (Avellaneda and Zhang 2010). If the token holds
 * leverage b at every instant, with carry c per year (interest or funding, less fees), then
 *
 *   NAV_T / NAV_0 = (S_T / S_0)^b * exp(c T - (b^2 - b)/2 * integral of sigma^2 dt)
 *
 * where the integral is the quadratic variation of log S over [0, T] (sigma^2 T for constant vol).
 * The gap between a discretely rebalanced token and this value is what discreteness and costs
 * cost; the exp(-(b^2 - b)/2 QV) factor is the volatility decay itself.
 */

/** Continuously rebalanced NAV ratio. `carryIntegral` = integral of the carry rate dt (years). */
export function continuousNavRatio(beta: number, priceRatio: number, quadraticVariation: number, carryIntegral = 0): number {
  return Math.pow(priceRatio, beta) * Math.exp(carryIntegral - 0.5 * (beta * beta - beta) * quadraticVariation);
}

/**
 * Carry rate per year of a lending-backed position with leverage b: b r_base + (1 - b) r_quote.
 * NAV = cash + units * S with units * S = b NAV and cash = (1 - b) NAV; a balance grows at its
 * supply rate when positive and its debt grows at the borrow rate when negative, so r_base is the
 * base supply rate for b >= 0 and the base borrow rate for b < 0, and likewise r_quote on the sign
 * of 1 - b. A 3x long gets 3 r_supply - 2 r_borrow; a -1x token gets 2 r_quoteSupply - r_baseBorrow.
 */
export function lendingCarry(beta: number, baseSupply: number, baseBorrow: number, quoteSupply: number, quoteBorrow: number): number {
  const rBase = beta >= 0 ? baseSupply : baseBorrow;
  const rQuote = 1 - beta >= 0 ? quoteSupply : quoteBorrow;
  return beta * rBase + (1 - beta) * rQuote;
}

/** Carry rate per year of a perp-backed position: -b * funding (funding positive: longs pay). */
export function perpCarry(beta: number, funding: number): number {
  return -beta * funding;
}

/** Volatility decay factor alone: exp(-(b^2 - b)/2 sigma^2 T). */
export function decayFactor(beta: number, sigma: number, years: number): number {
  return Math.exp(-0.5 * (beta * beta - beta) * sigma * sigma * years);
}

/**
 * NAV of a token reset to leverage b at the start of a period (a daily-reset token's day), at the
 * end of it: NAV (1 + b (S_end / S_start - 1) + c), with c the carry over the period as a fraction,
 * floored at 0 (a move of -1/b wipes it out).
 */
export function resetPeriodNav(nav: number, beta: number, priceRatio: number, carry: number): number {
  return Math.max(0, nav * (1 + beta * (priceRatio - 1) + carry));
}
