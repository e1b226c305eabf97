/**
 * Config sections shared by every product family: market, time, Monte Carlo settings, venue and
 * execution, plus the value types they are built from. Field descriptions carry units; they go into
 * the exported JSON Schema, so editors show them on hover.
 */
import { z } from 'zod';
import { parseDuration } from '../core/units.js';

/** A duration such as "30s", "4h", "1d", "1h30m", or a number of seconds. */
export const duration = z
  .union([z.string(), z.number().nonnegative()])
  .superRefine((v, ctx) => {
    try {
      parseDuration(v);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not a duration; use a number with a unit s, m, h, d, w or y, e.g. "30s", "4h", "1d"` });
      void e;
    }
  })
  .describe('Duration: a number of seconds or text with units s, m, h, d, w, y, e.g. "30s", "4h", "1d", "1h30m".');

export const fraction = (what: string) => z.number().min(0).max(1).describe(`${what}, a fraction in [0, 1] (0.05 = 5%).`);
export const ratePerYear = (what: string) => z.number().min(-10).max(10).describe(`${what}, per year as a fraction (0.1 = 10%/yr).`);
export const bpsField = (what: string) => z.number().min(0).max(10_000).describe(`${what}, in basis points (10 = 0.10%).`);

export const scheduleSchema = z
  .union([
    z.strictObject({ every: duration, at: z.string().optional().describe('Shift the grid to this UTC time of day, HH:MM.') }),
    z.strictObject({ daily: z.string().describe('UTC time of day, HH:MM, e.g. "00:02".') }),
    z.strictObject({ weekly: z.string().describe('Weekday: mon, tue, wed, thu, fri, sat or sun.'), at: z.string().default('00:00').describe('UTC time of day, HH:MM.') }),
  ])
  .describe('Calendar schedule in UTC: { every: "4h" }, { daily: "00:02" } or { weekly: "fri", at: "08:00" }.');

const modelCommon = {
  name: z.string().min(1).optional().describe('Asset name for reports, e.g. "ETH".'),
  s0: z.number().positive().describe('Initial price, quote per base.'),
  mu: z.number().default(0).describe('Drift per year, continuously compounded: E[S_T] = s0 exp(mu T).'),
};

export const marketModelSchema = z.discriminatedUnion('model', [
  z.strictObject({ model: z.literal('gbm'), ...modelCommon, sigma: z.number().nonnegative().describe('Volatility per sqrt(year), e.g. 0.8.') }),
  z.strictObject({
    model: z.literal('merton'),
    ...modelCommon,
    sigma: z.number().nonnegative().describe('Diffusion volatility per sqrt(year).'),
    lambda: z.number().nonnegative().describe('Jumps per year.'),
    muJ: z.number().describe('Mean log jump size (-0.05: a typical jump takes about 5% off).'),
    sigmaJ: z.number().nonnegative().describe('Standard deviation of the log jump size.'),
  }),
  z.strictObject({
    model: z.literal('heston'),
    ...modelCommon,
    v0: z.number().nonnegative().describe('Initial variance per year (0.64 = 80% vol).'),
    kappa: z.number().positive().describe('Mean reversion speed of variance, per year.'),
    theta: z.number().nonnegative().describe('Long-run variance per year.'),
    xi: z.number().nonnegative().describe('Volatility of variance, per sqrt(year).'),
    rho: z.number().min(-1).max(1).describe('Correlation of price and variance shocks.'),
  }),
  z.strictObject({
    model: z.literal('garch'),
    ...modelCommon,
    longRunVol: z.number().positive().optional().describe('Long-run volatility per sqrt(year); give this or omega.'),
    omega: z.number().positive().optional().describe('Constant of the variance recursion, per step; give this or longRunVol.'),
    alpha: z.number().nonnegative().describe('Weight of the last squared shock, per step.'),
    beta: z.number().nonnegative().describe('Weight of the last variance, per step; alpha + beta < 1.'),
    initialVol: z.number().positive().optional().describe('Volatility of the first step, per sqrt(year).'),
    nu: z.number().gt(2).optional().describe('Student-t degrees of freedom (> 2); omit for normal shocks.'),
  }),
  z.strictObject({
    model: z.literal('correlated-gbm'),
    assets: z
      .array(z.strictObject({ name: z.string().min(1), s0: z.number().positive(), mu: z.number().default(0), sigma: z.number().nonnegative() }))
      .min(1)
      .describe('Assets: name, s0 (quote per base), mu and sigma per year.'),
    correlation: z.array(z.array(z.number().min(-1).max(1))).describe('Correlation matrix of log returns, in asset order.'),
  }),
]);

export const historySchema = z.strictObject({
  history: z.union([
    z.strictObject({ dataset: z.string().describe('Built-in data set id; `keel datasets` lists them (e.g. "sp500").') }),
    z.strictObject({
      file: z.string().describe('CSV file with a timestamp or date column and close (or price); relative to the config file.'),
      column: z.union([z.string(), z.array(z.string())]).optional().describe('Price column(s) to read instead of close/price.'),
      fundingColumn: z.union([z.string(), z.array(z.string())]).optional().describe('Funding rate column(s), per year.'),
      name: z.string().optional().describe('Asset name for reports.'),
    }),
  ]),
  from: z.string().optional().describe('First date to use (ISO, UTC), inclusive.'),
  to: z.string().optional().describe('Last date to use (ISO, UTC), inclusive.'),
});

export const marketSchema = z.union([marketModelSchema, historySchema]).describe('Where prices come from: a price model (Monte Carlo) or history (backtest).');

export const timeSchema = z
  .strictObject({
    start: z.string().default('2024-01-01T00:00:00Z').describe('Time of the first row, ISO 8601 UTC (simulated markets).'),
    step: duration.default('1h').describe('Time between steps (simulated markets).'),
    horizon: duration.default('365d').describe('Length of each simulated path.'),
    blockTime: duration.default('12s').describe('Seconds per block of the chain (12s Ethereum, 2s Base).'),
  })
  .prefault({});

export const monteCarloSchema = z
  .strictObject({
    paths: z.number().int().positive().max(100_000_000).default(1000).describe('Number of simulated paths.'),
    seed: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).default(1).describe('Random seed; the same seed gives the same results on any number of threads.'),
    threads: z.number().int().positive().max(256).default(1).describe('Worker threads.'),
    blockSize: z.number().int().positive().max(1_000_000).default(256).describe('Paths per random stream; part of the seed: changing it changes the numbers.'),
  })
  .prefault({});

export const costModelVenueSchema = z.strictObject({
  type: z.literal('cost-model'),
  feeBps: bpsField('Proportional fee on traded notional').default(0),
  gas: z.number().nonnegative().default(0).describe('Fixed cost per transaction, in quote.'),
  impact: z
    .strictObject({
      model: z.enum(['none', 'linear', 'sqrt']).default('none').describe('linear: c N/depth; sqrt: c sqrt(N/depth), as a fraction of price, for a trade of N quote.'),
      depth: z.number().positive().default(1e12).describe('Notional in quote that sets the impact scale (for linear, a constant-product pool\'s quote reserve).'),
      coefficient: z.number().nonnegative().default(1).describe('Multiplier of the impact formula.'),
    })
    .prefault({}),
  maxNotional: z.number().positive().optional().describe('Largest trade the venue accepts, in quote.'),
});

/** Liquidity of the pool's other LPs, placed around each path's first price and never moved. */
const poolLiquiditySchema = z.strictObject({
  tvl: z.number().positive().describe('Value of this liquidity at the starting price, in quote.'),
  halfWidthPct: z.number().positive().optional().describe('Half-width of its range in percent of price, the range being [p/(1+h), p(1+h)]; omit for the full range (the only choice for v2 and Balancer pools).'),
});

const poolFlowSchema = z
  .strictObject({
    arrival: z.enum(['constant', 'poisson']).default('constant').describe('Blocks every time.blockTime ("constant", Ethereum slots) or with exponential gaps of that mean ("poisson").'),
    blocksPerStep: z.number().int().positive().max(100_000).optional().describe('Simulate this many equally spaced blocks per step instead of one per time.blockTime: faster, coarser arbitrage (long exact backtests).'),
    bridgeVol: z.union([z.literal('realized'), z.number().nonnegative()]).default('realized').describe('Volatility per sqrt(year) of the Brownian bridge that prices the blocks between two steps; "realized" uses the path\'s own realised volatility over the 21 steps centred on each step.'),
    arbitrage: z.boolean().default(true).describe('An arbitrageur brings the pool to the external price each block when that pays after fees.'),
    arbitrageGas: z.number().nonnegative().default(0).describe('Arbitrageur\'s gas per trade, in quote: it trades only when its profit exceeds this.'),
    noise: z
      .strictObject({
        tradesPerHour: z.number().nonnegative().describe('Mean number of noise trades per hour (Poisson arrivals).'),
        medianNotional: z.number().positive().describe('Median size of a noise trade, in quote.'),
        sizeSigma: z.number().nonnegative().default(1).describe('Standard deviation of the log of the size (lognormal sizes); 0 for a fixed size.'),
        buyProbability: fraction('Probability that a noise trade buys the base token').default(0.5),
      })
      .optional()
      .describe('Uninformed traders: random swaps that pay fees and move the price, which arbitrage then restores.'),
    seed: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).default(1).describe('Seed of the flow\'s random numbers, mixed with each path so every variant sees the same flow on the same path.'),
    twapWindow: duration.default('1h').describe('Longest TWAP the pool\'s oracle can answer (its observation history).'),
  })
  .prefault({})
  .describe('Order flow between steps: blocks, noise traders and arbitrageurs.');

export const poolVenueSchema = z.strictObject({
  type: z.enum(['uniswap-v3', 'uniswap-v2', 'balancer-weighted']).describe('An AMM pool: trades move its price and pay its curve; arbitrageurs restore it.'),
  math: z.enum(['float', 'exact']).default('float').describe('"float": Float64 fast path (Monte Carlo); "exact": the contracts\' integer math (backtests, validation; slower).'),
  feeBps: bpsField('Swap fee on the input').default(30),
  tickSpacing: z.number().int().positive().max(16383).optional().describe('Uniswap v3 tick spacing, in ticks (default: the factory\'s for the fee: 1, 5, 30 and 100 bps give 1, 10, 60 and 200).'),
  weight: z.number().min(0.01).max(0.99).default(0.5).describe('Balancer: value weight of the base token, a fraction (0.8 for an 80/20 pool).'),
  liquidity: z.array(poolLiquiditySchema).min(1).default([{ tvl: 1e8 }]).describe('Other LPs\' liquidity in the pool.'),
  decimals: z
    .strictObject({
      base: z.number().int().min(0).max(30).default(18).describe('Decimals of the base token (exact math).'),
      quote: z.number().int().min(0).max(30).default(18).describe('Decimals of the quote token (exact math).'),
    })
    .prefault({}),
  asset: z.number().int().nonnegative().default(0).describe('Price column of the pool\'s base token (0 for a one-asset market).'),
  gas: z.number().nonnegative().default(0).describe('Fixed cost per swap, in quote.'),
  priceLimitBps: bpsField('Price limit (sqrtPriceLimit) of every swap, away from the oracle price: the swap fills up to it').optional(),
  flow: poolFlowSchema,
  sandwich: z
    .strictObject({
      capital: z.number().positive().describe('Largest front-run, in quote.'),
      minProfit: z.number().nonnegative().default(0).describe('Smallest profit after gas for which the attacker strikes, in quote.'),
      gas: z.number().nonnegative().default(0).describe('Attacker\'s gas per transaction (two per sandwich), in quote.'),
    })
    .optional()
    .describe('A sandwich attacker on the products\' own swaps (public mempool).'),
});

/** A perpetual-swap venue: cost-model pricing, funding, and Lyra Newport's canHedge refusals (src/execution/perp-venue.ts). */
export const perpVenueSchema = z.strictObject({
  type: z.literal('perp'),
  feeBps: bpsField('Taker fee on traded notional').default(0),
  gas: z.number().nonnegative().default(0).describe('Fixed cost per transaction, in quote.'),
  impact: costModelVenueSchema.shape.impact,
  maxNotional: z.number().positive().optional().describe('Largest trade the venue accepts, in quote.'),
  fundingRate: ratePerYear('Funding rate when the data has none (positive: longs pay shorts)').default(0),
  maxFundingRate: z.number().nonnegative().optional().describe('Trades that increase |position| are refused while |funding| exceeds this, per year as a fraction (Lyra Newport: 0.1).'),
  maxOpenInterest: z.number().positive().optional().describe('Largest |position| the venue takes from this trader, in base units, before the depth buffer.'),
  depthBuffer: z.number().min(1).default(1).describe('Multiplier of the position checked against maxOpenInterest (Lyra Newport marketDepthBuffer: 1.1).'),
  onLimit: z.enum(['refuse', 'partial']).default('refuse').describe('At the open-interest limit: refuse the trade, or fill up to the limit.'),
});

export const venueSchema = z.discriminatedUnion('type', [costModelVenueSchema, poolVenueSchema, perpVenueSchema]).describe('Where trades happen and what they cost.');

const limits = {
  maxTradeSize: z.number().positive().optional().describe('Largest chunk per transaction, in base units; omit to trade all at once.'),
  cooldown: duration.optional().describe('Time between chunks of a TWAP.'),
  slippageBps: bpsField('Worst average price accepted against the oracle').optional(),
};

export const executionSchema = z
  .strictObject({
    ...limits,
    minTradeSize: z.number().nonnegative().default(0).describe('Trades smaller than this many base units are not sent.'),
    emergency: z.strictObject(limits).optional().describe('Limits for emergency (ripcord) trades; defaults to the normal ones.'),
  })
  .prefault({})
  .describe('How targets become trades: a single trade, or a TWAP of chunks with a cooldown and a slippage guard.');

export type MarketConfig = z.infer<typeof marketSchema>;
export type TimeConfig = z.infer<typeof timeSchema>;
export type MonteCarloConfig = z.infer<typeof monteCarloSchema>;
export type VenueConfig = z.infer<typeof venueSchema>;
export type PoolVenueConfig = z.infer<typeof poolVenueSchema>;
export type ExecutionConfig = z.infer<typeof executionSchema>;
