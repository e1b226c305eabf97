/**
 * Config of options books and their hedging policies: the `product` section of the three option
 * products (a static book, a covered-call or put-selling vault, an options AMM), the `policy`
 * section they share, and how they become a simulation. Each product type is one family entry, so
 * `product.type` selects it: `options-book`, `options-vault`, `options-amm`.
 *
 * Units follow docs/conventions.md: prices in quote per base, rates and vols per year, fees in bps
 * where the name says so, durations with units, option quantities in options on one unit each.
 * Expiries are durations after the start of the path (`expiry: "30d"`) or UTC instants
 * (`expiresAt`).
 */
import { z } from 'zod';
import { parseSchedule, type Schedule } from '../../clock/schedule.js';
import { ConfigError } from '../../core/errors.js';
import { bps, parseDuration, SECONDS_PER_YEAR } from '../../core/units.js';
import { PerpVenue } from '../../execution/perp-venue.js';
import { parseIsoTime } from '../../market/csv.js';
import { LyraVolSurface } from '../../pricing/lyra-surface.js';
import { SviSurface } from '../../pricing/svi.js';
import { FlatVolSurface, type VolSurface } from '../../pricing/vol-surface.js';
import { OptionsBook, type SlotParams, type UnderlyingParams } from '../../products/options/book.js';
import type { HedgePolicyParams } from '../../products/options/policy.js';
import { optionsReportSections } from '../../products/options/report.js';
import { createOptionsSimulation } from '../../products/options/simulation.js';
import { OptionsVault } from '../../products/options/vault.js';
import { OptionsAmm } from '../../products/options/amm.js';
import { buildExecutorParams, buildVenue } from '../build-execution.js';
import { bpsField, duration, fraction, ratePerYear, scheduleSchema, type VenueConfig } from '../common.js';
import type { BuildInput, FamilySimulation, ProductFamily } from '../family.js';
import type { MarketSource } from '../market-source.js';

// ---------------------------------------------------------------------------------------------
// Volatility

const sviSliceSchema = z.strictObject({
  tenor: duration.describe('Time to expiry this slice describes (the surface rolls with time: a sticky-tenor surface).'),
  a: z.number().describe('Vertical level of total variance.'),
  b: z.number().nonnegative().describe('Wing slope of total variance per unit of |log-moneyness|.'),
  rho: z.number().gt(-1).lt(1).describe('Skew, between -1 and 1.'),
  m: z.number().describe('Shift of the smile\'s vertex in log-moneyness.'),
  sigma: z.number().positive().describe('Curvature at the vertex (not a volatility).'),
});

const lyraBoardSchema = z.strictObject({
  expiry: duration.describe('Expiry of the board after the start of the path.'),
  baseIv: z.number().positive().describe('Board base implied volatility per sqrt(year).'),
  strikes: z.array(z.number().positive()).min(1).optional().describe('Listed strikes, quote per base, ascending.'),
  moneyness: z.array(z.number().positive()).min(1).optional().describe('Listed strikes as multiples of the starting spot, ascending (instead of strikes).'),
  skews: z.array(z.number().positive()).min(1).describe('Skew ratio of each listed strike (vol = baseIv x skew).'),
});

export const volatilitySchema = z
  .union([
    z.strictObject({ flat: z.number().nonnegative().describe('One implied volatility per sqrt(year) for every strike and expiry.') }),
    z.strictObject({ svi: z.array(sviSliceSchema).min(1).describe('Raw SVI slices by tenor; total variance interpolates linearly in time.') }),
    z.strictObject({
      lyra: z
        .strictObject({
          boards: z.array(lyraBoardSchema).min(1),
          standardSize: z.number().positive().default(30).describe('Trade size that moves base IV by one vol point (Lyra OVM ETH: 30).'),
          skewAdjustmentFactor: z.number().default(1.25).describe('Skew move per base-IV move (Lyra: 1.25).'),
        })
        .describe('Lyra-style boards: vol = baseIv x skew at listed strikes, linear in strike between them.'),
    }),
  ])
  .describe('Implied volatility used to price and hedge: { flat: 0.8 }, { svi: [...] } or { lyra: { boards: [...] } }.');

type VolConfig = z.infer<typeof volatilitySchema>;

function buildSurface(v: VolConfig, field: string, start: number, s0: number, rate: number, carry: number): VolSurface {
  if ('flat' in v) return new FlatVolSurface(v.flat);
  if ('svi' in v) {
    try {
      return new SviSurface(v.svi.map((s, i) => ({ expiryYears: parseDuration(s.tenor, `${field}.svi[${i}].tenor`) / SECONDS_PER_YEAR, a: s.a, b: s.b, rho: s.rho, m: s.m, sigma: s.sigma })), { r: rate, q: carry });
    } catch (e) {
      throw new ConfigError(`${field}.svi`, (e as Error).message);
    }
  }
  const boards = v.lyra.boards.map((b, i) => {
    const f = `${field}.lyra.boards[${i}]`;
    if ((b.strikes === undefined) === (b.moneyness === undefined)) throw new ConfigError(f, 'give strikes or moneyness (not both)');
    const strikes = b.strikes ?? (b.moneyness as number[]).map((m) => m * s0);
    if (strikes.length !== b.skews.length) throw new ConfigError(`${f}.skews`, `needs one skew per strike: ${strikes.length} strikes, ${b.skews.length} skews`);
    return { expirySeconds: start + parseDuration(b.expiry, `${f}.expiry`), baseIv: b.baseIv, strikes, skews: b.skews };
  });
  try {
    return new LyraVolSurface(boards, { standardSize: v.lyra.standardSize, skewAdjustmentFactor: v.lyra.skewAdjustmentFactor }, start);
  } catch (e) {
    throw new ConfigError(`${field}.lyra`, (e as Error).message);
  }
}

// ---------------------------------------------------------------------------------------------
// Products

const optionSchema = z
  .strictObject({
    type: z.enum(['call', 'put']),
    side: z.enum(['long', 'short']).describe('long: the book bought the options; short: it wrote them.'),
    quantity: z.number().positive().default(1).describe('Number of options, each on one unit of the underlying.'),
    strike: z.number().positive().optional().describe('Strike, quote per base.'),
    moneyness: z.number().positive().optional().describe('Strike as a multiple of the starting spot (1 = at the money); instead of strike.'),
    expiry: duration.optional().describe('Expiry after the start of the path, e.g. "30d".'),
    expiresAt: z.string().optional().describe('Expiry as a UTC instant, e.g. "2024-03-29T08:00:00Z"; instead of expiry.'),
    underlying: z.string().optional().describe('Market asset name (default: the first asset).'),
    premium: z.number().nonnegative().optional().describe('Premium per option in quote (default: the model value at the start).'),
  })
  .describe('One option series of the book.');

const commonProduct = {
  volatility: volatilitySchema,
  rate: ratePerYear('Interest on cash and the r of Black-Scholes').default(0),
  carryYield: ratePerYear('Carry yield q of the underlying (dividend, staking, funding), earned by spot held').default(0),
  underlyings: z
    .record(z.string(), z.strictObject({ volatility: volatilitySchema.optional(), carryYield: ratePerYear('Carry yield of this underlying').optional() }))
    .optional()
    .describe('Per market asset (by name): volatility and carry that differ from the defaults above.'),
  attribution: z.boolean().default(true).describe('P&L attribution into delta, gamma slippage, theta, vega and costs (every Greek each step: slower).'),
};

export const optionsBookProductSchema = z.strictObject({
  type: z.literal('options-book'),
  options: z.array(optionSchema).min(1).describe('The options of the book.'),
  ...commonProduct,
  initialCash: z.number().default(0).describe('Quote cash at the start, before premiums.'),
  unwindAtExpiry: z.boolean().default(true).describe('After the last expiry the policy sells the hedge (true) or the hedge is marked at the expiry price (false).'),
});

export const optionsVaultProductSchema = z.strictObject({
  type: z.literal('options-vault'),
  strategy: z.enum(['covered-call', 'put-selling']).describe('covered-call: holds the underlying and writes calls on it; put-selling: holds quote and writes cash-secured puts.'),
  collateral: z.number().positive().describe('Base units (covered call) or quote (put selling) the vault writes options against.'),
  roll: scheduleSchema.default({ weekly: 'fri', at: '08:00' }).describe('Round schedule: each round\'s options expire at the next instant, when the next round is written (Ribbon: Fridays 08:00 UTC).'),
  targetDelta: z.number().gt(0).lt(1).default(0.1).describe('|Delta| of the option each round writes, picked on the strike grid (Ribbon: 0.10).'),
  strikeStep: z.number().positive().describe('Spacing of the strike grid, quote per base (e.g. 100 for ETH).'),
  premiumDiscount: fraction('Share of the model premium lost when the round is sold (auction discount)').default(0),
  underlying: z.string().optional().describe('Market asset name (default: the first asset).'),
  ...commonProduct,
});

export const optionsAmmProductSchema = z.strictObject({
  type: z.literal('options-amm'),
  capital: z.number().positive().describe('LP capital at the start, in quote.'),
  underlying: z.string().optional().describe('Market asset name (default: the first asset).'),
  boards: z
    .strictObject({
      tenors: z.array(duration).min(1).describe('Expiries listed at the start, after the start (e.g. ["7d", "28d"]).'),
      moneyness: z.array(z.number().positive()).min(1).describe('Strikes of each board as multiples of spot when listed, ascending.'),
      skews: z.array(z.number().positive()).min(1).describe('Skew ratio of each strike when listed (vol = baseIv x skew).'),
      baseIv: z.number().positive().describe('Base implied volatility of a new board, per sqrt(year).'),
      relist: z.boolean().default(true).describe('When a board expires, list a new one with the same tenor around the current spot.'),
    })
    .describe('What the AMM lists.'),
  pricing: z
    .strictObject({
      standardSize: z.number().positive().default(30).describe('Trade size in options that moves base IV by one vol point (Lyra OVM ETH: 30).'),
      skewAdjustmentFactor: z.number().default(1.25).describe('Skew move per base-IV move (Lyra: 1.25).'),
      optionPriceFeeCoefficient: z.number().nonnegative().default(0.01).describe('Fee as a fraction of the premium, times the time weight (Lyra: 0.01).'),
      spotPriceFeeCoefficient: z.number().nonnegative().default(0.001).describe('Fee as a fraction of spot per option, times the time weight (Lyra: 0.001).'),
      feePointA: duration.default('42d').describe('Time to expiry up to which the fee time weight is 1.'),
      feePointB: duration.default('84d').describe('Time to expiry at which the fee time weight reaches 2.'),
      minDelta: z.number().min(0).lt(0.5).default(0.1).describe('Trades are refused for options with |delta| below this or above 1 - this (Lyra: 0.1).'),
      ivHalfLife: z.union([duration, z.literal('never')]).default('1d').describe('Half-life with which base IV and skews return to their listed values between trades (arbitrage against other venues); "never" keeps every trade\'s impact.'),
    })
    .prefault({})
    .describe('Lyra-style pricing: vol = baseIv x skew, moved by each trade, plus fees.'),
  traders: z
    .strictObject({
      arrivalsPerDay: z.number().nonnegative().describe('Mean number of trades per day (Poisson arrivals).'),
      callShare: fraction('Share of trades in calls (real flow is skewed to calls: Hegic saw 76%)').default(0.7),
      buyShare: fraction('Share of trades in which the trader buys from the AMM').default(0.8),
      meanSize: z.number().positive().describe('Mean trade size in options (sizes are exponential).'),
      seed: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).default(1).describe('Seed of the trader flow, mixed with each path: every variant sees the same flow on the same path.'),
    })
    .describe('Simulated traders.'),
  ...commonProduct,
});

// ---------------------------------------------------------------------------------------------
// Policy

export const optionsPolicySchema = z
  .strictObject({
    schedule: scheduleSchema.optional().describe('Hedge at calendar instants, e.g. { every: "1h" } or { weekly: "mon", at: "16:30" }.'),
    interval: duration.optional().describe('Hedge when this long has passed since the last hedge (Crab: hedgeTimeThreshold).'),
    deltaBand: z
      .strictObject({
        units: z.number().nonnegative().optional().describe('Hedge when |net delta| of an underlying exceeds this many units.'),
        fractionOfNotional: z.number().nonnegative().optional().describe('Hedge when |net delta| exceeds this fraction of the live option notional (sum of |quantity|).'),
      })
      .optional()
      .describe('Rehedge to neutral when the net delta leaves a band.'),
    priceMove: z.number().positive().optional().describe('Hedge when the underlying moved by this fraction since the last hedge (Crab: 0.2 on a TWAP).'),
    costAware: z
      .strictObject({
        model: z.enum(['whalley-wilmott', 'zakamouline']).default('whalley-wilmott'),
        riskAversion: z.number().positive().default(1).describe('Absolute risk aversion per quote: larger gives narrower bands (pfhedge uses 1 per option of spot 1).'),
        costBps: bpsField('Proportional cost of a trade (default: the venue fee)').optional(),
      })
      .optional()
      .describe('No-transaction band around the delta hedge; a hedge outside it moves to the nearest edge.'),
    lelandVolatility: z
      .strictObject({
        roundTripCostBps: bpsField('Round-trip cost k (default: twice the venue fee)').optional(),
        interval: duration.optional().describe('Hedging interval the adjustment assumes (default: the policy\'s interval or schedule period).'),
      })
      .optional()
      .describe('Hedge with Leland-adjusted vol: sigma^2 (1 +- Le), + for written options.'),
    lotSize: z.number().positive().optional().describe('Round hedge targets to a multiple of this many units (a venue\'s order increment).'),
    hedgeCap: z.number().nonnegative().optional().describe('Largest |hedge| per underlying, in units (Lyra hedgeCap).'),
    interactionDelay: duration.optional().describe('After a hedge trade, smaller retargets wait this long (Lyra interactionDelay, 24h on Avalon).'),
    deltaThreshold: z.number().nonnegative().optional().describe('|Target - hedge| in units at or above which the delay does not apply (Lyra Newport deltaThreshold).'),
    limits: z
      .strictObject({
        gamma: z.number().nonnegative().optional().describe('Largest |net gamma| per underlying (per price^2; for N options, N x the option gamma).'),
        vega: z.number().nonnegative().optional().describe('Largest |net vega| per underlying, quote per 1.00 of vol.'),
      })
      .optional()
      .describe('Greek limits: monitored, and hedged with options when optionHedge is set.'),
    optionHedge: z
      .strictObject({
        greek: z.enum(['vega', 'gamma']).default('vega').describe('Greek the option overlay brings back within its limit.'),
        resetTo: z.number().min(0).lt(1).default(0).describe('Bring the Greek back to this fraction of the limit (0: flat).'),
        instrument: z
          .strictObject({
            type: z.enum(['call', 'put']).default('call'),
            moneyness: z.number().positive().default(1).describe('Strike as a multiple of spot when struck.'),
            tenor: duration.default('30d').describe('Time to expiry when struck; re-struck at expiry.'),
          })
          .prefault({}),
        halfSpreadBps: bpsField('Half the bid-ask spread of the option, on its premium').default(0),
        feeBps: bpsField('Fee on the option premium').default(0),
      })
      .optional()
      .describe('Trade an option per underlying to keep gamma or vega within limits.'),
    hedgeAtStart: z.boolean().optional().describe('Hedge at the start of the path (default: true unless unhedged).'),
    unhedged: z.boolean().default(false).describe('Never hedge (a vault that only writes options).'),
  })
  .describe('When to hedge (triggers combine with OR) and within which limits.');

export type OptionsBookProduct = z.infer<typeof optionsBookProductSchema>;
export type OptionsVaultProduct = z.infer<typeof optionsVaultProductSchema>;
export type OptionsAmmProduct = z.infer<typeof optionsAmmProductSchema>;
export type OptionsPolicy = z.infer<typeof optionsPolicySchema>;
type AnyProduct = OptionsBookProduct | OptionsVaultProduct | OptionsAmmProduct;

// ---------------------------------------------------------------------------------------------
// Building

/** Time of row 0 and the starting prices of the market. */
function marketStart(m: MarketSource): { start: number; s0: (asset: number) => number } {
  if (m.kind === 'history') return { start: m.path.times[0], s0: (a) => m.path.prices[a] };
  const model = m.model as unknown as { params?: { s0?: number; assets?: { s0: number }[] } };
  const s0 = (a: number) => model.params?.assets?.[a]?.s0 ?? model.params?.s0 ?? NaN;
  return { start: m.start, s0 };
}

function assetIndex(market: MarketSource, name: string | undefined, field: string): number {
  if (name === undefined) return 0;
  const i = market.names.indexOf(name);
  if (i < 0) throw new ConfigError(field, `"${name}" is not an asset of the market; it has ${market.names.map((n) => `"${n}"`).join(', ')}`);
  return i;
}

interface Underlyings {
  params: UnderlyingParams[];
  /** Underlying index (leg) of a market asset, or -1. */
  legOf: Map<number, number>;
}

/** One underlying per market asset the product uses, with its surface and carry. */
function underlyings(p: AnyProduct, market: MarketSource, venue: VenueConfig, used: number[], start: number): Underlyings {
  const { s0 } = marketStart(market);
  for (const name of Object.keys(p.underlyings ?? {})) assetIndex(market, name, `product.underlyings.${name}`);
  const instrument = venue.type === 'perp' ? 'perp' : 'spot';
  const fundingRate = venue.type === 'perp' ? venue.fundingRate : 0;
  const legOf = new Map<number, number>();
  const params = [...new Set(used)].sort((a, b) => a - b).map((asset, leg) => {
    legOf.set(asset, leg);
    const name = market.names[asset];
    const o = p.underlyings?.[name];
    const carry = o?.carryYield ?? p.carryYield;
    const vol = o?.volatility ?? p.volatility;
    const field = o?.volatility ? `product.underlyings.${name}.volatility` : 'product.volatility';
    return { name, asset, surface: buildSurface(vol, field, start, s0(asset), p.rate, carry), carryYield: carry, instrument, fundingRate, holdings: 0 } as UnderlyingParams;
  });
  return { params, legOf };
}

function expiryOf(o: { expiry?: string | number; expiresAt?: string }, start: number, field: string): number {
  if ((o.expiry === undefined) === (o.expiresAt === undefined)) throw new ConfigError(field, 'give expiry (a duration after the start) or expiresAt (a UTC instant), not both');
  if (o.expiry !== undefined) {
    const d = parseDuration(o.expiry, `${field}.expiry`);
    if (!(d > 0)) throw new ConfigError(`${field}.expiry`, 'must be a positive duration');
    return start + d;
  }
  const t = parseIsoTime(o.expiresAt as string);
  if (Number.isNaN(t)) throw new ConfigError(`${field}.expiresAt`, `"${o.expiresAt}" is not an ISO date-time such as 2024-03-29T08:00:00Z`);
  if (!(t > start)) throw new ConfigError(`${field}.expiresAt`, `${o.expiresAt} is not after the start of the path`);
  return t;
}

function buildStaticBook(p: OptionsBookProduct, market: MarketSource, venue: VenueConfig, overlays: ReturnType<typeof overlaysOf>): OptionsBook {
  const { start, s0 } = marketStart(market);
  const assets = p.options.map((o, i) => assetIndex(market, o.underlying, `product.options[${i}].underlying`));
  const u = underlyings(p, market, venue, assets, start);
  const slots: SlotParams[] = p.options.map((o, i) => {
    const f = `product.options[${i}]`;
    if ((o.strike === undefined) === (o.moneyness === undefined)) throw new ConfigError(f, 'give strike (quote per base) or moneyness (a multiple of the starting spot), not both');
    const strike = o.strike ?? (o.moneyness as number) * s0(assets[i]);
    if (!(strike > 0)) throw new ConfigError(`${f}.moneyness`, 'needs the starting spot of the market to set the strike; give strike instead');
    return {
      underlying: u.legOf.get(assets[i]) as number,
      isCall: o.type === 'call',
      strike,
      expiry: expiryOf(o, start, f),
      quantity: o.side === 'long' ? o.quantity : -o.quantity,
      premium: o.premium,
      label: `${o.side} ${o.quantity} ${o.type} K=${strike}`,
    };
  });
  return new OptionsBook({ assets: market.assets, underlyings: u.params, slots, rate: p.rate, initialCash: p.initialCash, unwindAtExpiry: p.unwindAtExpiry, overlays: overlays(u) });
}

function buildVault(p: OptionsVaultProduct, market: MarketSource, venue: VenueConfig, overlays: ReturnType<typeof overlaysOf>): OptionsBook {
  const { start } = marketStart(market);
  const asset = assetIndex(market, p.underlying, 'product.underlying');
  const u = underlyings(p, market, venue, [asset], start);
  return new OptionsVault({
    book: { assets: market.assets, underlyings: u.params, slots: [], rate: p.rate, initialCash: 0, unwindAtExpiry: false, overlays: overlays(u) },
    strategy: p.strategy,
    collateral: p.collateral,
    roll: parseSchedule(p.roll as never, 'product.roll'),
    targetDelta: p.targetDelta,
    strikeStep: p.strikeStep,
    premiumDiscount: p.premiumDiscount,
  });
}

function buildAmm(p: OptionsAmmProduct, market: MarketSource, venue: VenueConfig, overlays: ReturnType<typeof overlaysOf>): OptionsBook {
  const { start } = marketStart(market);
  const asset = assetIndex(market, p.underlying, 'product.underlying');
  if (!('flat' in p.volatility)) throw new ConfigError('product.volatility', 'an options AMM prices with its own boards (baseIv x skew); give { flat: ... } here, used only for the overlay option');
  const u = underlyings(p, market, venue, [asset], start);
  const b = p.boards, pr = p.pricing, t = p.traders;
  if (b.moneyness.length !== b.skews.length) throw new ConfigError('product.boards.skews', `needs one skew per strike: ${b.moneyness.length} strikes, ${b.skews.length} skews`);
  for (let i = 1; i < b.moneyness.length; i++) if (!(b.moneyness[i] > b.moneyness[i - 1])) throw new ConfigError('product.boards.moneyness', 'must be strictly ascending');
  return new OptionsAmm({
    book: { assets: market.assets, underlyings: u.params, slots: [], rate: p.rate, initialCash: p.capital, unwindAtExpiry: false, overlays: overlays(u) },
    tenorsSeconds: b.tenors.map((x, i) => parseDuration(x, `product.boards.tenors[${i}]`)),
    moneyness: b.moneyness,
    skews: b.skews,
    baseIv: b.baseIv,
    relist: b.relist,
    standardSize: pr.standardSize,
    skewAdjustmentFactor: pr.skewAdjustmentFactor,
    optionPriceFeeCoefficient: pr.optionPriceFeeCoefficient,
    spotPriceFeeCoefficient: pr.spotPriceFeeCoefficient,
    feePointA: parseDuration(pr.feePointA, 'product.pricing.feePointA'),
    feePointB: parseDuration(pr.feePointB, 'product.pricing.feePointB'),
    minDelta: pr.minDelta,
    ivHalfLife: pr.ivHalfLife === 'never' ? Infinity : parseDuration(pr.ivHalfLife, 'product.pricing.ivHalfLife'),
    arrivalsPerDay: t.arrivalsPerDay,
    callShare: t.callShare,
    buyShare: t.buyShare,
    meanSize: t.meanSize,
    seed: t.seed,
  });
}

/** Overlay options (one per underlying) when the policy hedges a Greek with options. */
function overlaysOf(policy: OptionsPolicy) {
  return (u: Underlyings) => {
    const oh = policy.optionHedge;
    if (!oh) return [];
    const tenorSeconds = parseDuration(oh.instrument.tenor, 'policy.optionHedge.instrument.tenor');
    return u.params.map((_, leg) => ({ underlying: leg, isCall: oh.instrument.type === 'call', moneyness: oh.instrument.moneyness, tenorSeconds }));
  };
}

/** Seconds between hedges the policy implies, for Leland's dt: its interval, else its schedule's period. */
function hedgeSpacing(p: OptionsPolicy, schedule: Schedule | undefined): number | undefined {
  if (p.lelandVolatility?.interval !== undefined) return parseDuration(p.lelandVolatility.interval, 'policy.lelandVolatility.interval');
  if (p.interval !== undefined) return parseDuration(p.interval, 'policy.interval');
  return schedule?.period;
}

function policyParams(p: OptionsPolicy, venue: VenueConfig): HedgePolicyParams {
  const out: HedgePolicyParams = { unhedged: p.unhedged, hedgeAtStart: p.hedgeAtStart };
  if (p.schedule) out.schedule = parseSchedule(p.schedule as never, 'policy.schedule');
  if (p.interval !== undefined) out.interval = parseDuration(p.interval, 'policy.interval');
  if (p.deltaBand) out.deltaBand = p.deltaBand;
  if (p.priceMove !== undefined) out.priceMove = p.priceMove;
  if (p.costAware) {
    const fee = 'feeBps' in venue ? venue.feeBps : 0;
    out.costAware = { model: p.costAware.model, riskAversion: p.costAware.riskAversion, cost: bps(p.costAware.costBps ?? fee) };
  }
  if (p.lotSize !== undefined) out.lotSize = p.lotSize;
  if (p.hedgeCap !== undefined) out.hedgeCap = p.hedgeCap;
  if (p.interactionDelay !== undefined) out.interactionDelay = parseDuration(p.interactionDelay, 'policy.interactionDelay');
  if (p.deltaThreshold !== undefined) out.deltaThreshold = p.deltaThreshold;
  if (p.limits) out.limits = p.limits;
  if (p.optionHedge) out.optionHedge = { greek: p.optionHedge.greek, resetTo: p.optionHedge.resetTo };
  return out;
}

function buildOptions(input: BuildInput<AnyProduct, OptionsPolicy>): FamilySimulation {
  const { name, product, policy, execution, venue, market } = input;
  const overlays = overlaysOf(policy);
  const book =
    product.type === 'options-book' ? buildStaticBook(product, market, venue, overlays)
    : product.type === 'options-vault' ? buildVault(product, market, venue, overlays)
    : buildAmm(product, market, venue, overlays);
  const params = policyParams(policy, venue);
  let leland;
  if (policy.lelandVolatility) {
    const spacing = hedgeSpacing(policy, params.schedule);
    if (spacing === undefined) throw new ConfigError('policy.lelandVolatility.interval', 'give the hedging interval the adjustment assumes (the policy has no interval or schedule to take it from)');
    const fee = 'feeBps' in venue ? venue.feeBps : 0;
    leland = { roundTripCost: bps(policy.lelandVolatility.roundTripCostBps ?? 2 * fee), intervalYears: spacing / SECONDS_PER_YEAR };
  }
  const v = buildVenue(venue, market.assets, market);
  const sim = createOptionsSimulation({
    name,
    book,
    policy: params,
    leland,
    optionQuote: policy.optionHedge ? { halfSpread: bps(policy.optionHedge.halfSpreadBps), fee: bps(policy.optionHedge.feeBps) } : undefined,
    execution: buildExecutorParams(execution),
    venue: v,
    attribution: product.attribution,
  });
  return {
    sim,
    trace: sim.trace,
    attachPath(path) {
      book.useFundingSeries(path.funding ?? null);
      if (v instanceof PerpVenue) v.useFundingSeries(path.funding ?? null);
    },
  };
}

function describePolicy(p: OptionsPolicy): string {
  if (p.unhedged) return 'unhedged';
  const t: string[] = [];
  if (p.schedule) t.push(parseSchedule(p.schedule as never).label);
  if (p.interval !== undefined) t.push(`every ${p.interval} since the last hedge`);
  if (p.deltaBand?.units !== undefined) t.push(`|net delta| > ${p.deltaBand.units} units`);
  if (p.deltaBand?.fractionOfNotional !== undefined) t.push(`|net delta| > ${p.deltaBand.fractionOfNotional * 100}% of notional`);
  if (p.priceMove !== undefined) t.push(`${p.priceMove * 100}% move since the last hedge`);
  if (p.costAware) t.push(`${p.costAware.model} band (risk aversion ${p.costAware.riskAversion}${p.costAware.costBps !== undefined ? `, cost ${p.costAware.costBps} bps` : ''}), to the nearest edge`);
  if (p.lelandVolatility) t.push('Leland-adjusted vol');
  if (p.hedgeCap !== undefined) t.push(`cap ${p.hedgeCap} units`);
  if (p.interactionDelay !== undefined) t.push(`delay ${p.interactionDelay}${p.deltaThreshold !== undefined ? ` unless the gap >= ${p.deltaThreshold} units` : ''}`);
  if (p.lotSize !== undefined) t.push(`lots of ${p.lotSize}`);
  if (p.limits) t.push(`limits${p.limits.gamma !== undefined ? ` gamma ${p.limits.gamma}` : ''}${p.limits.vega !== undefined ? ` vega ${p.limits.vega}` : ''}${p.optionHedge ? `, ${p.optionHedge.greek} hedged with options` : ''}`);
  return t.join('; ');
}

function describeVol(v: VolConfig): string {
  if ('flat' in v) return `flat ${v.flat * 100}%`;
  if ('svi' in v) return `SVI, ${v.svi.length} slice(s)`;
  return `Lyra boards (${v.lyra.boards.length})`;
}

const HEADLINE = ['pnl', 'hedgeError', 'costTotal', 'rebalances', 'rmsOpenDelta', 'shortfallDeltaTime', 'attrGamma', 'hedgeCostPv'] as const;

function family<P extends AnyProduct>(type: P['type'], label: string, schema: z.ZodType<P>, describeProduct: (p: P) => string, headline: readonly string[] = HEADLINE): ProductFamily<P, OptionsPolicy> {
  return {
    type,
    label,
    headline,
    objective: { key: 'pnl', minimize: false },
    frontier: { x: 'costTotal', y: 'absHedgeError' },
    reportSections: (ctx) => optionsReportSections(ctx.results),
    productSchema: schema,
    policySchema: optionsPolicySchema,
    build: (input) => buildOptions(input as BuildInput<AnyProduct, OptionsPolicy>),
    describe(product, policy) {
      return [
        { label: 'Product', value: describeProduct(product) },
        { label: 'Volatility', value: `${describeVol(product.volatility)}, rate ${product.rate * 100}%/yr, carry ${product.carryYield * 100}%/yr` },
        { label: 'Hedging', value: describePolicy(policy) },
      ];
    },
  };
}

export const optionsBookFamily = family('options-book', 'Options book', optionsBookProductSchema, (p) =>
  p.options.map((o) => `${o.side} ${o.quantity} ${o.type} ${o.strike ?? `${o.moneyness}x spot`} ${o.expiry ?? o.expiresAt}${o.underlying ? ` on ${o.underlying}` : ''}`).join(', '),
);

export const optionsVaultFamily = family(
  'options-vault',
  'Options vault',
  optionsVaultProductSchema,
  (p) => `${p.strategy} vault on ${p.collateral} ${p.strategy === 'covered-call' ? 'units' : 'quote'}, ${parseSchedule(p.roll as never).label}, ${p.targetDelta} delta on a ${p.strikeStep} grid${p.premiumDiscount ? `, ${p.premiumDiscount * 100}% auction discount` : ''}`,
  ['pnl', 'vaultReturn', 'returnInBase', 'underlyingReturn', 'premiumCollected', 'payoffsPaid', 'costTotal', 'rebalances'],
);

export const optionsAmmFamily = family(
  'options-amm',
  'Options AMM',
  optionsAmmProductSchema,
  (p) => `AMM with ${p.capital} quote, boards ${p.boards.tenors.join('/')} at ${p.boards.moneyness.join('/')}x spot, base IV ${p.boards.baseIv}; ${p.traders.arrivalsPerDay} trades/day, ${p.traders.callShare * 100}% calls, ${p.traders.buyShare * 100}% buys`,
  ['pnl', 'lpReturn', 'feesCollected', 'tradeEdgeTotal', 'attrGamma', 'costTotal', 'rmsOpenDelta', 'optionsTraded'],
);
