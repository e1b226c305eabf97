/**
 * Keel as a library: the same entry points the `keel` program uses. Run a config (YAML, JSON or a
 * plain object) as a backtest or a Monte Carlo run, sweep its parameters, or wire a simulation by
 * hand from a product, a policy, an executor and a venue and run it with `runPath`.
 *
 *   import { loadConfig, runConfig, tuneV8 } from 'keel';
 *   tuneV8(); // optional: the inlining budget the CLI sets (src/core/v8-tuning.ts)
 *   const results = await runConfig(loadConfig('examples/quickstart.yaml'));
 *
 * Pool math, price models and report rendering have their own entry points below.
 */
export { KeelError, ConfigError, DataError, UsageError, ModelError, VenueError, ChainMathError, PoolLimitError } from './core/errors.js';
export { Rng } from './core/rng.js';
export { NormalSampler, normalCdf, normalInv, normalPdf } from './core/normal.js';
export { RunningStats } from './core/running-stats.js';
export { QuantileSketch } from './core/quantile-sketch.js';
export { tuneV8, V8_FLAGS } from './core/v8-tuning.js';

export { loadConfig, readConfigFile, parseConfigText, resolveConfig, buildVariant, configJsonSchema } from './config/config.js';
export type { ResolvedConfig, ResolvedVariant } from './config/config.js';
export { runConfig, planOf, type RunOptions } from './app/run.js';
export type { RunResults, VariantResult } from './app/results.js';
export { runSweep, type SweepOptions, type SweepResult } from './app/sweep.js';

export { runPath, decide } from './engine/run-path.js';
export { runBacktest } from './engine/backtest.js';
export { BlockRunner, BlockMerger, type MonteCarloPlan } from './engine/monte-carlo.js';
export { MetricAccumulator, type MetricSummary } from './engine/metric-accumulator.js';
export type { Simulation } from './engine/simulation.js';
export type { Product } from './engine/product.js';
export type { Policy } from './engine/policy.js';
export type { PathMetrics, MetricDef } from './engine/path-metrics.js';
export { Signal } from './engine/signal.js';

export { Executor, type ExecutorParams, type ExecutionLimits } from './execution/executor.js';
export { Fill, FillStatus } from './execution/fill.js';
export type { Venue } from './execution/venue.js';
export { CostModelVenue, type CostModelParams } from './execution/cost-model-venue.js';

export { createLeveragedTokenSimulation, type LeveragedTokenSpec } from './products/leveraged-token/simulation.js';
export { createOptionsSimulation, type OptionsSpec } from './products/options/simulation.js';
export { createLpSimulation, type LpSpec } from './products/liquidity/simulation.js';

export * as market from './market/index.js';
export * as pools from './pools/index.js';
export * from './pricing/black-scholes.js';
