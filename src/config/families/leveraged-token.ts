/**
 * Config of leveraged tokens: the `product` and `policy` sections and how they become a
 * simulation. Field names follow docs/conventions.md (rates per year as fractions, fees in bps
 * where the name says so, durations with units).
 */
import { z } from 'zod';
import { parseSchedule } from '../../clock/schedule.js';
import { ConfigError } from '../../core/errors.js';
import { bps, parseDuration } from '../../core/units.js';
import { createLeveragedTokenSimulation } from '../../products/leveraged-token/simulation.js';
import type { LeveragePolicyParams } from '../../products/leveraged-token/policy.js';
import type { Backing } from '../../products/leveraged-token/token.js';
import { bpsField, duration, ratePerYear, scheduleSchema } from '../common.js';
import type { ProductFamily } from '../family.js';
import { buildExecutorParams, buildVenue } from '../build-execution.js';
import { leveragedTokenReportSections } from '../../products/leveraged-token/report.js';

const perpBacking = z.strictObject({
  type: z.literal('perp'),
  fundingRate: ratePerYear('Funding rate when the data has none (positive: longs pay)').default(0),
  maintenanceMargin: z.number().min(0).max(1).default(0).describe('Maintenance margin as a fraction of notional; 0 = liquidated only at NAV 0.'),
});

const lendingBacking = z.strictObject({
  type: z.literal('lending'),
  baseSupplyRate: ratePerYear('Rate earned on base collateral').default(0),
  baseBorrowRate: ratePerYear('Rate paid on base debt (inverse tokens)').default(0),
  quoteSupplyRate: ratePerYear('Rate earned on quote collateral (inverse tokens)').default(0),
  quoteBorrowRate: ratePerYear('Rate paid on quote debt (long tokens)').default(0),
  liquidationThreshold: z.number().gt(0).max(1).default(0.83).describe('Liquidated when debt exceeds this fraction of collateral value (Aave LT).'),
  liquidationPenalty: z.number().min(0).max(1).default(0.05).describe('Fraction of the debt lost on liquidation.'),
});

export const leveragedTokenProductSchema = z.strictObject({
  type: z.literal('leveraged-token'),
  target: z.number().refine((v) => v !== 0 && Number.isFinite(v), 'must be a non-zero leverage').describe('Target leverage, signed: 3 for 3x long, -1 for an inverse token.'),
  initialLeverage: z.number().optional().describe('Leverage at the start (default: the target).'),
  initialNav: z.number().positive().default(100).describe('NAV at the start of each path, in quote.'),
  backing: z
    .union([z.enum(['perp', 'lending']), perpBacking, lendingBacking])
    .default('perp')
    .describe('"perp", "lending", or an object with type and rates.'),
  managementFee: ratePerYear('Management fee on NAV').default(0),
  mintFeeBps: bpsField('Fee charged to holders on mint').default(0),
  redeemFeeBps: bpsField('Fee charged to holders on redeem').default(0),
});

export const leveragedTokenPolicySchema = z
  .strictObject({
    schedule: scheduleSchema.optional(),
    interval: duration.optional().describe('Rebalance when this long has passed since the last trade (Index Coop rebalanceInterval).'),
    band: z
      .strictObject({
        min: z.number().positive().describe('Lower edge of |leverage|.'),
        max: z.number().positive().describe('Upper edge of |leverage|.'),
        recenteringSpeed: z.number().gt(0).max(1).default(1).describe('RS in clamp(L(1-RS) + T RS, min, max); 1 snaps to the target.'),
      })
      .optional()
      .describe('Rebalance when |leverage| leaves [min, max].'),
    priceMove: z
      .strictObject({
        threshold: z.number().positive().describe('Move of the underlying since the last rebalance, as a fraction (0.1 = 10%).'),
        side: z.enum(['both', 'against']).default('both').describe('"against": only moves that raise leverage.'),
      })
      .optional(),
    deleverOnlyIntraday: z.boolean().default(false).describe('Band and price-move triggers may only reduce leverage (FTX).'),
    ripcord: z
      .strictObject({
        leverage: z.number().positive().describe('|Leverage| at which anyone may call the ripcord.'),
        cooldown: duration.default('1s'),
        reward: z.number().nonnegative().default(0).describe('Paid from NAV to the keeper per ripcord transaction, in quote.'),
      })
      .optional(),
  })
  .describe('When to rebalance (triggers combine with OR) and to what leverage.');

type Product = z.infer<typeof leveragedTokenProductSchema>;
type Policy = z.infer<typeof leveragedTokenPolicySchema>;

function backing(p: Product): Backing {
  const b = p.backing;
  if (b === 'perp') return { kind: 'perp', fundingRate: 0, maintenanceMargin: 0 };
  if (b === 'lending') {
    const { type: _t, ...rates } = lendingBacking.parse({ type: 'lending' });
    return { kind: 'lending', ...rates };
  }
  if (b.type === 'perp') return { kind: 'perp', fundingRate: b.fundingRate, maintenanceMargin: b.maintenanceMargin };
  const { type: _t, ...rates } = b;
  return { kind: 'lending', ...rates };
}

function policyParams(p: Policy): Omit<LeveragePolicyParams, 'target'> {
  const out: Omit<LeveragePolicyParams, 'target'> = { deleverOnlyIntraday: p.deleverOnlyIntraday };
  if (p.schedule) out.schedule = parseSchedule(p.schedule as never, 'policy.schedule');
  if (p.interval !== undefined) out.interval = parseDuration(p.interval, 'policy.interval');
  if (p.band) {
    if (p.band.min > p.band.max) throw new ConfigError('policy.band', `min ${p.band.min} is above max ${p.band.max}`);
    out.band = p.band;
  }
  if (p.priceMove) out.priceMove = p.priceMove;
  if (p.ripcord) out.ripcord = { leverage: p.ripcord.leverage, cooldown: parseDuration(p.ripcord.cooldown, 'policy.ripcord.cooldown') };
  return out;
}

export const leveragedTokenFamily: ProductFamily<Product, Policy> = {
  type: 'leveraged-token',
  label: 'Leveraged token',
  headline: ['logNav', 'holderReturn', 'underlyingReturn', 'decayVsContinuous', 'decayVsDailyReset', 'tradingCost', 'costTotal', 'rebalances', 'trackingError', 'maxLeverage', 'wipedOut'],
  objective: { key: 'logNav', minimize: false },
  frontier: { x: 'tradingCost', y: 'trackingError' },
  reportSections: (ctx) => leveragedTokenReportSections(ctx.results),
  productSchema: leveragedTokenProductSchema,
  policySchema: leveragedTokenPolicySchema,
  build({ name, product, policy, execution, venue, market }) {
    if (market.assets !== 1) throw new ConfigError('market', `a leveraged token needs one underlying; the market has ${market.assets} assets`);
    const sim = createLeveragedTokenSimulation({
      name,
      product: {
        target: product.target,
        initialLeverage: product.initialLeverage,
        initialNav: product.initialNav,
        backing: backing(product),
        managementFee: product.managementFee,
        mintFee: bps(product.mintFeeBps),
        redeemFee: bps(product.redeemFeeBps),
        emergencyReward: policy.ripcord?.reward ?? 0,
      },
      policy: policyParams(policy),
      execution: buildExecutorParams(execution),
      venue: buildVenue(venue, market.assets, market),
    });
    return {
      sim,
      trace: sim.trace,
      attachPath(path) {
        sim.product.useFundingSeries(path.funding ?? null);
      },
    };
  },
  describe(product, policy) {
    const b = product.backing;
    const backingText = typeof b === 'string' ? b : b.type === 'perp' ? `perp, funding ${b.fundingRate}/yr` : `lending, borrow ${b.quoteBorrowRate}/yr, LT ${b.liquidationThreshold}`;
    const triggers: string[] = [];
    if (policy.schedule) triggers.push(parseSchedule(policy.schedule as never).label);
    if (policy.interval !== undefined) triggers.push(`every ${policy.interval} since the last trade`);
    if (policy.band) triggers.push(`band ${policy.band.min}-${policy.band.max}x, recentering ${policy.band.recenteringSpeed}`);
    if (policy.priceMove) triggers.push(`${policy.priceMove.threshold * 100}% move (${policy.priceMove.side})`);
    if (policy.ripcord) triggers.push(`ripcord at ${policy.ripcord.leverage}x`);
    if (policy.deleverOnlyIntraday) triggers.push('de-lever only intraday');
    return [
      { label: 'Product', value: `${product.target}x leveraged token (${backingText})` },
      { label: 'Rebalancing', value: triggers.join('; ') },
      ...(product.managementFee ? [{ label: 'Management fee', value: `${product.managementFee * 100}%/yr` }] : []),
    ];
  },
};
