/**
 * Builds an options Simulation from plain parameters: the one place that wires a book (static,
 * vault or AMM), its hedging policy, the executor, the venue and the metrics, used by backtests,
 * Monte Carlo, comparisons, the benchmark and (later) the keeper.
 */
import { ConfigError } from '../../core/errors.js';
import type { Simulation } from '../../engine/simulation.js';
import { Executor, type ExecutorParams } from '../../execution/executor.js';
import type { Venue } from '../../execution/venue.js';
import { FlatVolSurface } from '../../pricing/vol-surface.js';
import { checkLelandHolder, OptionsBook } from './book.js';
import { OptionsMetrics } from './metrics.js';
import { BookVenue, type OptionQuoteParams } from './option-venue.js';
import { OptionsHedgePolicy, type HedgePolicyParams } from './policy.js';
import { OptionsTrace } from './trace.js';

const SQRT_2_OVER_PI = 0.7978845608028654;

export interface LelandParams {
  /** Round-trip proportional cost k (fraction: buying and selling back, 0.002 = 20 bps). */
  roundTripCost: number;
  /** Hedging interval the adjustment assumes, years. */
  intervalYears: number;
}

export interface OptionsSpec {
  name: string;
  /** The book, built by the caller (a static OptionsBook, a vault or an AMM). */
  book: OptionsBook;
  policy: HedgePolicyParams;
  /** Hedge with Leland-adjusted volatility. */
  leland?: LelandParams;
  /** Quotes of the overlay option when the policy hedges vega or gamma with options. */
  optionQuote?: OptionQuoteParams;
  execution?: Partial<ExecutorParams>;
  venue: Venue;
  /** P&L attribution each step (costs every Greek per step). Default true. */
  attribution?: boolean;
}

export interface OptionsSimulation extends Simulation<OptionsBook> {
  readonly policy: OptionsHedgePolicy;
  readonly trace: OptionsTrace;
  readonly metrics: OptionsMetrics;
}

export function createOptionsSimulation(spec: OptionsSpec): OptionsSimulation {
  const book = spec.book;
  if (spec.leland) applyLeland(book, spec.leland);
  const policy = new OptionsHedgePolicy(spec.policy, book);
  const executor = new Executor(book.legs, spec.execution);
  const metrics = new OptionsMetrics(book, policy, executor, { attribution: spec.attribution ?? true });
  const venue = book.legs > book.underlyings ? new BookVenue(spec.venue, book, spec.optionQuote ?? { halfSpread: 0, fee: 0 }) : spec.venue;
  return { name: spec.name, product: book, policy, executor, venue, metrics, ledger: null, trace: new OptionsTrace(book, policy) };
}

/**
 * Leland: c = sqrt(2/pi) k / sqrt(dt) for every underlying; the book then hedges each option at
 * sqrt(sigma^2 +- sigma c). A long option whose adjusted variance would not be positive is an error
 * here, for the vols known at the start (flat surfaces).
 */
function applyLeland(book: OptionsBook, l: LelandParams): void {
  if (!(l.roundTripCost >= 0 && l.roundTripCost < 1)) throw new ConfigError('policy.lelandVolatility.roundTripCostBps', `must be below 10,000 bps, got a fraction ${l.roundTripCost}`);
  if (!(l.intervalYears > 0)) throw new ConfigError('policy.lelandVolatility.interval', `must be a positive duration, got ${l.intervalYears} years`);
  const c = (SQRT_2_OVER_PI * l.roundTripCost) / Math.sqrt(l.intervalYears);
  for (let leg = 0; leg < book.underlyings; leg++) book.setLeland(leg, c);
  book.params.slots.forEach((s, i) => {
    const surface = book.params.underlyings[s.underlying].surface;
    if (s.quantity > 0 && surface instanceof FlatVolSurface) checkLelandHolder(surface.sigma, c, `product.options[${i}]`);
  });
}
