/**
 * A pool as the simulation sees it. One interface over the exact (bigint) and float pools of
 * every kind (Uniswap v3, Uniswap v2, Balancer weighted), so that the block flow (noise traders,
 * arbitrageurs), the pool venue and the LP product never care which one runs.
 *
 * Units: amounts are whole tokens as floats (token0 = base, token1 = quote), prices are quote per
 * base (token1 per token0 in whole tokens), fees are fractions of the input. Exact pools convert
 * to raw integer units with the tokens' decimals at their boundary and keep every amount the
 * contracts would compute; float pools work in whole tokens directly.
 *
 * Positions are keyed by an owner name and a tick range. Full-range pools (v2, weighted) ignore the
 * range: their "liquidity" is the owner's pool shares, and swap fees stay in the reserves (they are
 * part of a share's principal), whereas a v3 position's fees accrue apart from its principal
 * (`feesInPrincipal` tells which).
 */

/** Who made a swap, for the LP's accounting (LVR against arbitrageurs, P&L against noise traders). */
export const SwapSource = { Arbitrage: 0, Noise: 1, Trader: 2, Sandwich: 3 } as const;
export type SwapSource = (typeof SwapSource)[keyof typeof SwapSource];
export const SWAP_SOURCE_NAMES = ['arbitrage', 'noise', 'trader', 'sandwich'] as const;

export type PoolKind = 'v3' | 'v2' | 'weighted';

/**
 * The outcome of the last swap or quote, owned by the pool and overwritten by the next call (no
 * allocation per swap): copy what you keep.
 */
export class SwapOutcome {
  zeroForOne = false;
  /** Input paid by the trader, fee included, in the input token (token0 when zeroForOne). */
  amountIn = 0;
  /** Output received by the trader, in the other token. */
  amountOut = 0;
  /** The part of amountIn that is the pool's fee, input token. */
  fee = 0;
  /** False when a price limit (or the end of the liquidity) stopped the swap short of the amount asked. */
  filled = true;
  /** Marginal price (fee-free) after the swap, quote per base; for a quote, the price it would leave. */
  priceAfter = NaN;

  clear(zeroForOne: boolean): void {
    this.zeroForOne = zeroForOne;
    this.amountIn = this.amountOut = this.fee = 0;
    this.filled = true;
    this.priceAfter = NaN;
  }

  copyFrom(o: SwapOutcome): void {
    this.zeroForOne = o.zeroForOne;
    this.amountIn = o.amountIn;
    this.amountOut = o.amountOut;
    this.fee = o.fee;
    this.filled = o.filled;
    this.priceAfter = o.priceAfter;
  }
}

/** Tokens moved by a deposit or a withdrawal, whole tokens. */
export interface LiquidityMove {
  /** Liquidity (v3, in whole-token units sqrt(token0 x token1)) or pool shares (v2, weighted). */
  liquidity: number;
  amount0: number;
  amount1: number;
  /** Fees collected with a withdrawal (v3); 0 for pools whose fees are in the principal. */
  fees0: number;
  fees1: number;
}

/**
 * Liquidity other LPs keep in the pool, placed around the first price of every path and never
 * moved: its total value in quote and the half-width of its range as a price factor (the range
 * is [p / (1 + h), p (1 + h)]); no half-width means full range.
 */
export interface BackgroundLiquidity {
  /** Value in quote at the starting price. */
  tvl: number;
  /** Half-width h of the range as a fraction of price; undefined for the full range. */
  halfWidth?: number;
}

export interface SimPool {
  readonly kind: PoolKind;
  /** True for the bigint ports of the contracts, false for the Float64 fast paths. */
  readonly exact: boolean;
  /** Swap fee as a fraction of the input. */
  readonly feeRate: number;
  /** v3 tick spacing; 1 for full-range pools, whose ticks only label prices. */
  readonly tickSpacing: number;
  /** Value weight of token0: 0.5 for constant product, the weight for Balancer, NaN for v3 (it varies). */
  readonly weight0: number;
  /** True when fees stay in the reserves (v2, weighted) rather than accruing apart (v3). */
  readonly feesInPrincipal: boolean;
  /** The reused outcome of swaps and quotes. */
  readonly out: SwapOutcome;

  /** Empties the pool and re-creates it at `price` with its background liquidity (start of a path). */
  reset(price: number): void;
  /** Marginal price without the fee, quote per base. */
  price(): number;
  /** Current tick (v3), or the tick of the price for full-range pools. */
  tick(): number;
  tickAtPrice(price: number): number;
  priceAtTick(tick: number): number;

  /**
   * Swaps an exact input. `priceLimit` is a bound on the marginal price the swap may reach (a floor
   * when selling token0, a ceiling when buying it), NaN for none; a swap stopped by it is partial.
   */
  swapExactIn(zeroForOne: boolean, amountIn: number, priceLimit: number): SwapOutcome;
  /** Swaps for an exact output (token1 out when zeroForOne, token0 out otherwise). */
  swapExactOut(zeroForOne: boolean, amountOut: number, priceLimit: number): SwapOutcome;
  /** The outcome the same swaps would have, without changing the pool. */
  quoteExactIn(zeroForOne: boolean, amountIn: number, priceLimit: number): SwapOutcome;
  quoteExactOut(zeroForOne: boolean, amountOut: number, priceLimit: number): SwapOutcome;
  /**
   * The profit-maximizing trade of an arbitrageur who can trade at `externalPrice` elsewhere
   * without cost: buys token0 while its marginal cost in the pool, fee included, is below the
   * external price, or sells it while the marginal proceeds are above. amountIn = 0 when the
   * pool's price is within the fee band around the external price.
   */
  arbitrage(externalPrice: number): SwapOutcome;
  /** The swap arbitrage() would make, without making it. */
  quoteArbitrage(externalPrice: number): SwapOutcome;

  /** A copy of the swap-relevant state and `restore` to go back to it (what-if sequences). */
  snapshot(): unknown;
  restore(snapshot: unknown): void;

  /** Adds the most liquidity that at most amount0/amount1 fund on [tickLower, tickUpper]. */
  deposit(owner: string, tickLower: number, tickUpper: number, amount0: number, amount1: number): LiquidityMove;
  /** Removes all of the owner's liquidity on the range and collects it with its fees. */
  withdraw(owner: string, tickLower: number, tickUpper: number): LiquidityMove;
  /** Fees owed to the position and not yet collected, into out[0], out[1] (zeros when feesInPrincipal). */
  owedFees(owner: string, tickLower: number, tickUpper: number, out: Float64Array): void;
  /** Principal token amounts of `liquidity` on the range at the pool's state now, into out[0], out[1]. */
  principal(tickLower: number, tickUpper: number, liquidity: number, out: Float64Array): void;
  /** Sum over the range of d(token0)/d(ln price) magnitudes times price: p^2 |x'(p)| for `liquidity`, the LVR weight (quote). */
  curvature(tickLower: number, tickUpper: number, liquidity: number, price: number): number;
  /** Total shares (full-range pools) or NaN. */
  totalShares(): number;
  /** Value of everything in the pool at `price`, quote. */
  tvl(price: number): number;
}

/** ln(1.0001): one tick is a 0.01% price step. */
export const LN_TICK = Math.log1p(0.0001);

/** Tick of a price for pools without ticks (labels only). */
export function tickOfPrice(price: number): number {
  return Math.floor(Math.log(price) / LN_TICK);
}
