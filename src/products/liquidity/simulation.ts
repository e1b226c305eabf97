/**
 * Builds an LP-position Simulation: the position lives in the pool of a PoolVenue, whose flow
 * (noise traders, arbitrageurs) it listens to, whose oracle its policy reads, and through which
 * its executor swaps. The one place that wires them together.
 */
import type { Simulation } from '../../engine/simulation.js';
import { Executor, type ExecutorParams } from '../../execution/executor.js';
import type { PoolVenue } from '../../execution/pool-venue.js';
import { LpMetrics } from './metrics.js';
import { LpRangePolicy, type LpPolicyKind, type LpPolicyParams } from './policy.js';
import { LpPosition, type LpParams } from './position.js';
import { LpTrace } from './trace.js';

export interface LpSpec {
  name: string;
  product: Partial<LpParams>;
  policy: Partial<LpPolicyParams> & { kind: LpPolicyKind };
  execution?: Partial<ExecutorParams>;
  venue: PoolVenue;
}

export interface LpSimulation extends Simulation<LpPosition> {
  readonly policy: LpRangePolicy;
  readonly venue: PoolVenue;
  readonly trace: LpTrace;
}

export function createLpSimulation(spec: LpSpec): LpSimulation {
  const venue = spec.venue;
  const executor = new Executor(1, spec.execution);
  const product = new LpPosition(venue.pool, {
    ...spec.product,
    asset: venue.params.asset,
    // The executor skips trades below its dust size; the product must not wait for one.
    minSwapUnits: Math.max(spec.product.minSwapUnits ?? 0, executor.params.minTradeUnits),
  });
  product.oracle = venue.flow.oracle;
  product.executor = executor;
  venue.flow.listener = product;
  const policy = new LpRangePolicy(spec.policy);
  return {
    name: spec.name,
    product,
    policy,
    executor,
    venue,
    metrics: new LpMetrics(product, policy, venue),
    ledger: null,
    trace: new LpTrace(product, policy),
  };
}
