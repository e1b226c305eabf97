/** Builds executor parameters and venues from their config sections (shared by every family). */
import { bps, parseDuration } from '../core/units.js';
import { CostModelVenue } from '../execution/cost-model-venue.js';
import type { ExecutionLimits, ExecutorParams } from '../execution/executor.js';
import type { Venue } from '../execution/venue.js';
import type { ExecutionConfig, VenueConfig } from './common.js';

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

export function buildVenue(v: VenueConfig, assets: number): Venue {
  return new CostModelVenue(
    { fee: bps(v.feeBps), gas: v.gas, impact: v.impact.model, depth: v.impact.depth, coefficient: v.impact.coefficient, maxNotional: v.maxNotional ?? Infinity },
    assets,
  );
}
