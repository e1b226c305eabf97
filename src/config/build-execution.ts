/** Builds executor parameters and venues from their config sections (shared by every family). */
import { bps, parseDuration } from '../core/units.js';
import { CostModelVenue } from '../execution/cost-model-venue.js';
import { PerpVenue } from '../execution/perp-venue.js';
import type { ExecutionLimits, ExecutorParams } from '../execution/executor.js';
import type { Venue } from '../execution/venue.js';
import type { ExecutionConfig, VenueConfig } from './common.js';
import { buildPoolVenue, describePoolVenue, type PoolMarketInfo } from '../execution/pool-venue-build.js';
import type { MarketSource } from './market-source.js';

function limits(l: { maxTradeSize?: number; cooldown?: string | number; slippageBps?: number }, field: string, fallback?: ExecutionLimits): ExecutionLimits {
  return {
    maxTradeUnits: l.maxTradeSize ?? fallback?.maxTradeUnits ?? Infinity,
    cooldown: l.cooldown !== undefined ? parseDuration(l.cooldown, `${field}.cooldown`) : fallback?.cooldown ?? 0,
    slippage: l.slippageBps !== undefined ? bps(l.slippageBps) : fallback?.slippage ?? Infinity,
  };
}

export function buildExecutorParams(e: ExecutionConfig): Partial<ExecutorParams> {
  const normal = limits(e, 'execution');
  return { normal, emergency: e.emergency ? limits(e.emergency, 'execution.emergency', normal) : normal, minTradeUnits: e.minTradeSize };
}

/**
 * A venue from its config section. `market` gives pool venues the block time and time grid of the
 * market (time.blockTime; without it a pool assumes 12 s blocks).
 */
export function buildVenue(v: VenueConfig, assets: number, market?: MarketSource): Venue {
  if (v.type === 'perp') return buildPerpVenue(v, assets);
  if (v.type !== 'cost-model') return buildPoolVenue(v, assets, poolMarketInfo(market));
  return new CostModelVenue(
    { fee: bps(v.feeBps), gas: v.gas, impact: v.impact.model, depth: v.impact.depth, coefficient: v.impact.coefficient, maxNotional: v.maxNotional ?? Infinity },
    assets,
  );
}

/** A perpetual-swap venue (src/execution/perp-venue.ts). */
export function buildPerpVenue(v: Extract<VenueConfig, { type: 'perp' }>, assets: number): PerpVenue {
  return new PerpVenue(
    {
      fee: bps(v.feeBps), gas: v.gas, impact: v.impact.model, depth: v.impact.depth, coefficient: v.impact.coefficient, maxNotional: v.maxNotional ?? Infinity,
      fundingRate: v.fundingRate, maxFundingRate: v.maxFundingRate ?? Infinity, maxOpenInterest: v.maxOpenInterest ?? Infinity, depthBuffer: v.depthBuffer, onLimit: v.onLimit,
    },
    assets,
  );
}

function poolMarketInfo(m?: MarketSource): PoolMarketInfo {
  if (!m) return {};
  return m.kind === 'model' ? { blockTime: m.blockTime, stepSeconds: m.stepSeconds } : { blockTime: m.blockTime, times: m.path.times };
}

/** One line describing a venue for a report's run facts. */
export function describeVenue(v: VenueConfig): string {
  if (v.type === 'perp') {
    const limits = [v.maxFundingRate !== undefined ? `refuses new risk above ${v.maxFundingRate * 100}%/yr funding` : '', v.maxOpenInterest !== undefined ? `open interest ${v.maxOpenInterest} units (buffer ${v.depthBuffer}, ${v.onLimit})` : ''].filter(Boolean);
    return `perp: fee ${v.feeBps} bps, gas ${v.gas} quote/tx, funding ${v.fundingRate * 100}%/yr${limits.length ? `; ${limits.join('; ')}` : ''}`;
  }
  if (v.type !== 'cost-model') return describePoolVenue(v);
  return `${v.type}: fee ${v.feeBps} bps, gas ${v.gas} quote/tx, impact ${v.impact.model}${v.impact.model !== 'none' ? ` (depth ${v.impact.depth}, coefficient ${v.impact.coefficient})` : ''}`;
}
