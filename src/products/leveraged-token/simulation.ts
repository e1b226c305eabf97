/**
 * Builds a leveraged-token Simulation from plain parameters: the one place that wires the token,
 * its policy, the executor, the venue and the metrics together, used by backtests, Monte Carlo,
 * comparisons, sweeps, benchmarks and (later) the keeper.
 */
import type { Simulation } from '../../engine/simulation.js';
import { Executor, type ExecutorParams } from '../../execution/executor.js';
import type { Venue } from '../../execution/venue.js';
import { LeveragedTokenMetrics } from './metrics.js';
import { LeverageRebalancePolicy, type LeveragePolicyParams } from './policy.js';
import { LeveragedToken, type LeveragedTokenParams } from './token.js';
import { LeveragedTokenTrace } from './trace.js';

export interface LeveragedTokenSpec {
  name: string;
  product: Partial<LeveragedTokenParams> & { target: number };
  policy: Omit<LeveragePolicyParams, 'target'>;
  execution?: Partial<ExecutorParams>;
  venue: Venue;
}

export interface LeveragedTokenSimulation extends Simulation<LeveragedToken> {
  readonly policy: LeverageRebalancePolicy;
  readonly trace: LeveragedTokenTrace;
}

export function createLeveragedTokenSimulation(spec: LeveragedTokenSpec): LeveragedTokenSimulation {
  const product = new LeveragedToken(spec.product);
  const policy = new LeverageRebalancePolicy({ ...spec.policy, target: product.params.target });
  const executor = new Executor(1, spec.execution);
  const metrics = new LeveragedTokenMetrics(product, policy, executor);
  return {
    name: spec.name,
    product,
    policy,
    executor,
    venue: spec.venue,
    metrics,
    ledger: null,
    trace: new LeveragedTokenTrace(product, policy),
  };
}
