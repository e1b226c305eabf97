/**
 * Config of LP positions (`product.type: lp-position`): the `product` and `policy` sections and
 * how they become a simulation. The position lives in the pool of the `venue` section, which must
 * be a pool venue (uniswap-v3 for ranges; uniswap-v2 and balancer-weighted hold full-range shares
 * and only the passive policy applies). Units follow docs/conventions.md: values in quote, widths
 * in percent of price, ticks as Uniswap's (one tick = 0.01% of price), durations with units.
 */
import { z } from 'zod';
import { ConfigError } from '../../core/errors.js';
import { parseDuration } from '../../core/units.js';
import type { PoolVenue } from '../../execution/pool-venue.js';
import { lpReportSections } from '../../products/liquidity/report.js';
import type { LpPolicyParams } from '../../products/liquidity/policy.js';
import { createLpSimulation } from '../../products/liquidity/simulation.js';
import { buildExecutorParams, buildVenue } from '../build-execution.js';
import { duration } from '../common.js';
import type { ProductFamily } from '../family.js';

export const lpProductSchema = z.strictObject({
  type: z.literal('lp-position'),
  initialValue: z.number().positive().default(1_000_000).describe('Value put in the pool at the start of each path, in quote (split between the tokens as the first range needs).'),
  rebalanceGas: z.number().nonnegative().default(0).describe('Gas of a rebalance\'s burn, collect and mint transactions, in quote (its swap pays the venue\'s gas).'),
  minSwap: z.number().nonnegative().default(0).describe('Rebalance swaps smaller than this many base units are skipped.'),
});

const twapGuard = z
  .strictObject({
    maxDeviationTicks: z.number().nonnegative().describe('Largest distance between the pool\'s tick and its TWAP at which a rebalance may proceed, in ticks (100 ticks ~ 1%).'),
    duration: duration.default('60s').describe('TWAP window (at most venue.flow.twapWindow).'),
  })
  .describe('Refuse a rebalance when the pool\'s spot price deviates from its TWAP (Charm\'s maxTwapDeviation).');

const halfWidthPct = z.number().positive().max(1e6).describe('Half-width of the range in percent of price: the range is [p/(1+h), p(1+h)] on the tick grid (10 gives roughly +-10%).');

export const lpPolicySchema = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('passive'),
      halfWidthPct: halfWidthPct.optional().describe('Half-width of the range in percent of price; omit (and omit range) for the full range.'),
      range: z
        .strictObject({
          lower: z.number().positive().describe('Lower bound, quote per base.'),
          upper: z.number().positive().describe('Upper bound, quote per base.'),
        })
        .optional()
        .describe('Explicit range bounds (rounded outward to the tick grid), instead of halfWidthPct.'),
    }),
    z.strictObject({
      type: z.literal('recenter'),
      halfWidthPct,
      outOfRange: z.boolean().default(true).describe('Re-centre when the pool\'s price leaves the range.'),
      period: duration.optional().describe('Re-centre when this long has passed since the last rebalance.'),
      tickMove: z.number().positive().optional().describe('Re-centre when the pool\'s tick is this many ticks from the range\'s centre (100 ticks ~ 1%).'),
      swap: z.boolean().default(true).describe('Swap idle tokens to the new range\'s ratio through the venue (false: mint what fits, keep the rest idle).'),
      twapGuard: twapGuard.optional(),
    }),
    z.strictObject({
      type: z.literal('charm'),
      baseThreshold: z.number().int().positive().default(3600).describe('Charm B: the base range is [X - B, X + spacing + B], in ticks (multiple of the spacing; 3600 ~ x1.43 / x0.70).'),
      limitThreshold: z.number().int().positive().default(1200).describe('Charm L: the limit range is [X - L, X] or [X + spacing, X + spacing + L], in ticks.'),
      period: duration.default('12h').describe('Least time between rebalances (Charm v2: 43200 s).'),
      minTickMove: z.number().nonnegative().default(0).describe('Least tick move since the last rebalance, in ticks.'),
      twapGuard: twapGuard.default({ maxDeviationTicks: 100, duration: '60s' }),
    }),
  ])
  .describe('When the position moves its ranges: passive, re-centre on triggers, or Charm\'s base and limit ranges.');

type Product = z.infer<typeof lpProductSchema>;
type Policy = z.infer<typeof lpPolicySchema>;

function policyParams(p: Policy, spacing: number): Partial<LpPolicyParams> & { kind: LpPolicyParams['kind'] } {
  if (p.type === 'passive') {
    if (p.range && p.halfWidthPct !== undefined) throw new ConfigError('policy.range', 'give either range or halfWidthPct, not both');
    return { kind: 'passive', halfWidth: p.halfWidthPct !== undefined ? p.halfWidthPct / 100 : undefined, bounds: p.range ? [p.range.lower, p.range.upper] : undefined };
  }
  const guard = p.twapGuard ? { maxTwapDeviation: p.twapGuard.maxDeviationTicks, twapDuration: parseDuration(p.twapGuard.duration, 'policy.twapGuard.duration') } : {};
  if (p.type === 'recenter') {
    return {
      kind: 'recenter',
      halfWidth: p.halfWidthPct / 100,
      outOfRange: p.outOfRange,
      period: p.period !== undefined ? parseDuration(p.period, 'policy.period') : Infinity,
      tickMove: p.tickMove ?? Infinity,
      swap: p.swap,
      ...guard,
    };
  }
  for (const k of ['baseThreshold', 'limitThreshold'] as const) {
    if (p[k] % spacing !== 0) throw new ConfigError(`policy.${k}`, `must be a multiple of the pool's tick spacing ${spacing}, got ${p[k]}`);
  }
  return { kind: 'charm', baseThreshold: p.baseThreshold, limitThreshold: p.limitThreshold, period: parseDuration(p.period, 'policy.period'), minTickMove: p.minTickMove, ...guard };
}

function describePolicy(p: Policy): string {
  const width = (h?: number) => (h === undefined ? 'full range' : `+-${h}% range`);
  const guard = p.type !== 'passive' && p.twapGuard ? `; refused when |tick - ${p.twapGuard.duration} TWAP| > ${p.twapGuard.maxDeviationTicks} ticks` : '';
  if (p.type === 'passive') return p.range ? `passive range ${p.range.lower} to ${p.range.upper}` : `passive ${width(p.halfWidthPct)}`;
  if (p.type === 'recenter') {
    const t = [p.outOfRange ? 'when out of range' : '', p.period !== undefined ? `every ${p.period}` : '', p.tickMove !== undefined ? `on a ${p.tickMove}-tick move` : ''].filter(Boolean);
    return `re-centre a ${width(p.halfWidthPct)} ${t.join(', ')}${p.swap ? ', swapping to the ratio' : ''}${guard}`;
  }
  return `Charm: base +-${p.baseThreshold} ticks, limit ${p.limitThreshold} ticks, period ${p.period}, min tick move ${p.minTickMove}${guard}`;
}

export const liquidityFamily: ProductFamily<Product, Policy> = {
  type: 'lp-position',
  label: 'LP position',
  headline: ['netPnl', 'fees', 'lvr', 'lvrClosedForm', 'arbLoss', 'il', 'vsHodl', 'rebalanceCost', 'breakEvenFeeBps', 'timeInRange', 'rebalances'],
  objective: { key: 'netPnl', minimize: false },
  frontier: { x: 'rebalanceCost', y: 'lvr' },
  reportSections: (ctx) => lpReportSections(ctx.results),
  productSchema: lpProductSchema,
  policySchema: lpPolicySchema,
  build({ name, product, policy, execution, venue, market }) {
    if (venue.type === 'cost-model' || venue.type === 'perp') throw new ConfigError('venue.type', 'an LP position lives in a pool: use uniswap-v3, uniswap-v2 or balancer-weighted');
    if (venue.type !== 'uniswap-v3' && (policy.type !== 'passive' || policy.halfWidthPct !== undefined || policy.range !== undefined)) {
      throw new ConfigError('policy.type', `a ${venue.type} position is full range: only a passive policy without halfWidthPct or range applies`);
    }
    if (policy.type !== 'passive' && policy.twapGuard) {
      const d = parseDuration(policy.twapGuard.duration, 'policy.twapGuard.duration');
      const w = parseDuration(venue.flow.twapWindow, 'venue.flow.twapWindow');
      if (d > w) throw new ConfigError('policy.twapGuard.duration', `${policy.twapGuard.duration} is longer than the oracle's history venue.flow.twapWindow (${venue.flow.twapWindow})`);
    }
    const pv = buildVenue(venue, market.assets, market) as PoolVenue;
    const sim = createLpSimulation({
      name,
      product: { initialValue: product.initialValue, rebalanceGas: product.rebalanceGas, minSwapUnits: product.minSwap, assets: market.assets },
      policy: policyParams(policy, pv.pool.tickSpacing),
      execution: buildExecutorParams(execution),
      venue: pv,
    });
    return { sim, trace: sim.trace };
  },
  describe(product, policy) {
    return [
      { label: 'Product', value: `LP position of ${product.initialValue.toLocaleString('en-US')} quote${product.rebalanceGas ? `, ${product.rebalanceGas} quote of gas per rebalance` : ''}` },
      { label: 'Policy', value: describePolicy(policy) },
    ];
  },
};
