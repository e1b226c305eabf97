/**
 * Builds a PoolVenue from its config section (`venue: { type: uniswap-v3 | uniswap-v2 |
 * balancer-weighted, ... }`): the simulated pool with the other LPs' liquidity, its order flow on
 * the market's block time and time grid, and the venue's guards and attacker.
 */
import { ConfigError } from '../core/errors.js';
import { SECONDS_PER_HOUR, bps, parseDuration } from '../core/units.js';
import type { PoolVenueConfig } from '../config/common.js';
import { BlockFlow } from '../pools/sim/block-flow.js';
import { ExactV2SimPool, ExactWeightedSimPool, FloatReservePool } from '../pools/sim/reserve-sim-pool.js';
import type { SimPool } from '../pools/sim/sim-pool.js';
import { ExactV3SimPool, FloatV3SimPool } from '../pools/sim/v3-sim-pool.js';
import { PoolVenue } from './pool-venue.js';

/** What the venue needs to know of the market: block time, and the time grid for realised volatility. */
export interface PoolMarketInfo {
  /** Seconds per block (time.blockTime). */
  blockTime?: number;
  /** Uniform step of a simulated market, seconds. */
  stepSeconds?: number;
  /** Times of a historical path. */
  times?: Float64Array;
}

export function buildSimPool(v: PoolVenueConfig, field = 'venue'): SimPool {
  const fee = bps(v.feeBps);
  const exact = v.math === 'exact';
  if (v.type === 'uniswap-v3') {
    const feePips = Math.round(v.feeBps * 100);
    if (Math.abs(feePips - v.feeBps * 100) > 1e-9) throw new ConfigError(`${field}.feeBps`, `a Uniswap v3 fee is a whole number of hundredths of a basis point, got ${v.feeBps} bps`);
    if (v.tickSpacing === undefined && ![100, 500, 3000, 10000].includes(feePips)) throw new ConfigError(`${field}.tickSpacing`, `fee ${v.feeBps} bps is not a factory tier (1, 5, 30, 100 bps); give tickSpacing`);
    const config = {
      feePips,
      tickSpacing: v.tickSpacing,
      background: v.liquidity.map((l) => ({ tvl: l.tvl, halfWidth: l.halfWidthPct !== undefined ? l.halfWidthPct / 100 : undefined })),
      decimals0: v.decimals.base,
      decimals1: v.decimals.quote,
    };
    return exact ? new ExactV3SimPool(config) : new FloatV3SimPool(config);
  }
  const bounded = v.liquidity.findIndex((l) => l.halfWidthPct !== undefined);
  if (bounded >= 0) throw new ConfigError(`${field}.liquidity[${bounded}].halfWidthPct`, `${v.type} pools hold full-range liquidity only`);
  if (v.type === 'uniswap-v2' && v.weight !== 0.5) throw new ConfigError(`${field}.weight`, 'a Uniswap v2 pool is 50/50; use balancer-weighted for other weights');
  const config = { kind: v.type === 'uniswap-v2' ? ('v2' as const) : ('weighted' as const), fee, weight0: v.weight, tvl: v.liquidity.reduce((a, l) => a + l.tvl, 0), decimals0: v.decimals.base, decimals1: v.decimals.quote };
  if (!exact) return new FloatReservePool(config);
  if (v.type === 'uniswap-v2') return new ExactV2SimPool(config);
  if (fee < 1e-6 || fee > 0.1) throw new ConfigError(`${field}.feeBps`, `Balancer's swap fee is between 0.0001% and 10%, got ${v.feeBps} bps`);
  return new ExactWeightedSimPool(config);
}

export function buildPoolVenue(v: PoolVenueConfig, assets: number, market: PoolMarketInfo = {}, field = 'venue'): PoolVenue {
  if (v.asset >= assets) throw new ConfigError(`${field}.asset`, `the market has ${assets} price column(s); asset ${v.asset} does not exist`);
  const pool = buildSimPool(v, field);
  const f = v.flow;
  const flow = new BlockFlow(
    pool,
    {
      blockTime: market.blockTime ?? 12,
      arrival: f.arrival,
      blocksPerStep: f.blocksPerStep,
      bridgeVol: f.bridgeVol,
      arbitrage: f.arbitrage,
      arbMinProfit: f.arbitrageGas,
      noise: f.noise ? { rate: f.noise.tradesPerHour / SECONDS_PER_HOUR, medianNotional: f.noise.medianNotional, sizeSigma: f.noise.sizeSigma, buyProbability: f.noise.buyProbability } : null,
      seed: f.seed,
      oracleWindow: parseDuration(f.twapWindow, `${field}.flow.twapWindow`),
    },
    v.asset,
    assets,
    { stepSeconds: market.stepSeconds, times: market.times },
  );
  return new PoolVenue(flow, {
    asset: v.asset,
    gas: v.gas,
    priceLimit: v.priceLimitBps !== undefined ? bps(v.priceLimitBps) : Infinity,
    sandwich: v.sandwich ? { capital: v.sandwich.capital, minProfit: v.sandwich.minProfit, gas: v.sandwich.gas } : null,
    label: `${v.type} pool, ${v.feeBps} bps (${v.math})`,
  }, assets);
}

/** One line describing a pool venue for a report's run facts. */
export function describePoolVenue(v: PoolVenueConfig): string {
  const tvl = v.liquidity.reduce((a, l) => a + l.tvl, 0);
  const noise = v.flow.noise ? `, noise ${v.flow.noise.tradesPerHour}/h of median ${v.flow.noise.medianNotional}` : '';
  const blocks = v.flow.blocksPerStep ? `${v.flow.blocksPerStep} blocks per step` : `${v.flow.arrival} blocks`;
  return `${v.type} (${v.math}): fee ${v.feeBps} bps, other LPs ${tvl.toLocaleString('en-US')} quote, ${blocks}${v.flow.arbitrage ? ', arbitrage each block' : ''}${noise}, gas ${v.gas} quote/swap${v.priceLimitBps !== undefined ? `, price limit ${v.priceLimitBps} bps` : ''}${v.sandwich ? `, sandwich attacker (capital ${v.sandwich.capital})` : ''}`;
}
