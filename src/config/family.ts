/**
 * A product family as the config layer sees it: the schemas of its `product` and `policy`
 * sections and how to build a Simulation (plus its trace source) for one variant. Leveraged
 * tokens, options books and liquidity positions each register one; the commands (simulate,
 * compare, sweep, bench) work with any of them.
 */
import type { z } from 'zod';
import type { MarketPath } from '../market/market-path.js';
import type { Simulation } from '../engine/simulation.js';
import type { TraceSource } from '../engine/trace-ledger.js';
import type { Report, Section } from '../report/report-model.js';
import type { RunResults } from '../app/results.js';
import type { ExecutionConfig, VenueConfig } from './common.js';
import type { MarketSource } from './market-source.js';

export interface FamilySimulation {
  sim: Simulation;
  trace: TraceSource;
  /** Attaches per-path data a product reads from history (funding series); called before each backtest. */
  attachPath?(path: MarketPath): void;
}

export interface BuildInput<P, Q> {
  name: string;
  product: P;
  policy: Q;
  execution: ExecutionConfig;
  venue: VenueConfig;
  market: MarketSource;
}

export interface ProductFamily<P = unknown, Q = unknown> {
  /** Value of `product.type` in configs. */
  readonly type: string;
  /** Human name, e.g. "Leveraged token". */
  readonly label: string;
  readonly productSchema: z.ZodType<P>;
  readonly policySchema: z.ZodType<Q>;
  build(input: BuildInput<P, Q>): FamilySimulation;
  /** One line per setting for the report's run facts. */
  describe(product: P, policy: Q): { label: string; value: string }[];
  /** Metric keys shown as headline figures, in order. */
  readonly headline: readonly string[];
  /** Metric used to rank sweep grid points by default, and whether lower is better. */
  readonly objective: { key: string; minimize: boolean };
  /** Cost and risk metrics (both lower is better) drawn against each other as a frontier in sweeps. */
  readonly frontier?: { x: string; y: string };
  /** Family-specific report sections (added after the generic ones). */
  reportSections?(context: FamilyReportContext): Section[];
}

/** What a family's report builder can use; see src/app/results.ts for the shapes. */
export interface FamilyReportContext {
  report: Report;
  results: RunResults;
}
