/**
 * Leveraged tokens through the engine's ordinary loop (runPath via runBacktest): the Index Coop
 * TWAP and ripcord sequences, the exchanges' daily examples, carry, liquidation and the policy
 * options, each on a short known price path.
 */
import { describe, expect, it } from 'vitest';
import { daily } from '../../clock/schedule.js';
import { ConfigError } from '../../core/errors.js';
import { runBacktest } from '../../engine/backtest.js';
import { CostModelVenue } from '../../execution/cost-model-venue.js';
import { pathFromPrices } from '../../market/market-path.js';
import { createLeveragedTokenSimulation, type LeveragedTokenSpec } from './simulation.js';

const DAY = 86_400;
const noCostVenue = () => new CostModelVenue({});

function backtest(spec: Omit<LeveragedTokenSpec, 'name' | 'venue'> & { venue?: LeveragedTokenSpec['venue'] }, prices: number[], step: number) {
  const sim = createLeveragedTokenSimulation({ name: 't', venue: noCostVenue(), ...spec });
  return { sim, result: runBacktest(sim, sim.trace, pathFromPrices(prices, step)) };
}

/** Daily-reset 3x token, as FTX and the exchanges run them. */
const daily3x = (prices: number[]) =>
  backtest({ product: { target: 3 }, policy: { schedule: daily('00:00') } }, prices, DAY).result.metrics.holderReturn;

describe('exchange daily 3x examples', () => {
  it.each([
    [[10, 11, 10], -0.054545],
    [[10, 11, 12.1], 0.69],
    [[10, 9.5, 9], -0.284211],
    [[100, 110, 121, 133.1, 146.41], 1.8561],
    [[100, 90, 81, 72.9, 65.61], -0.7599],
    [[100, 110, 99, 108.9, 98.01], -0.1719],
  ])('prices %j -> token return %d', (prices, want) => {
    expect(daily3x(prices)).toBeCloseTo(want, 4);
  });
});

describe('Index Coop TWAP (ETH2x-FLI settings, lending-backed)', () => {
  const fli = {
    product: {
      target: 2,
      initialLeverage: 2.4,
      initialNav: 100_000 / 2.4, // 100,000 ETH of collateral at price 1
      backing: { kind: 'lending' as const, baseSupplyRate: 0, baseBorrowRate: 0, quoteSupplyRate: 0, quoteBorrowRate: 0, liquidationThreshold: 0.83, liquidationPenalty: 0.05 },
    },
    policy: { band: { min: 1.7, max: 2.3, recenteringSpeed: 0.05 }, interval: DAY },
    execution: {
      normal: { maxTradeUnits: 2000, cooldown: 30, slippage: 0.02 },
      emergency: { maxTradeUnits: 3000, cooldown: 1, slippage: 0.05 },
    },
  };

  it('sells 2000, 2000 then 166.67 ETH: leverage 2.352, 2.304, 2.3, and the TWAP clears', () => {
    const { sim, result } = backtest(fli, [1, 1, 1, 1, 1], 30);
    const t = result.trace.trades;
    expect(t.map((x) => x.units)).toEqual([-2000, -2000, expect.closeTo(-166.667, 3)]);
    expect(t.map((x) => x.levelAfter)).toEqual([expect.closeTo(2.352, 10), expect.closeTo(2.304, 10), expect.closeTo(2.3, 10)]);
    expect(t.every((x) => x.trigger === 'band')).toBe(true);
    expect(sim.executor.busy).toBe(0);
    expect(sim.executor.started).toBe(1); // one rebalance, three transactions
    expect(sim.executor.ignored).toBeGreaterThan(0); // band signals during the TWAP were ignored
  });

  it('ripcord from 2.8 sells 3000 -> 2.716, 3000 -> 2.632, then ordinary rebalancing takes over toward 2.3', () => {
    const { sim, result } = backtest(
      { ...fli, product: { ...fli.product, initialLeverage: 2.8, initialNav: 100_000 / 2.8 }, policy: { ...fli.policy, ripcord: { leverage: 2.7, cooldown: 1 } } },
      Array(12).fill(1),
      30,
    );
    const t = result.trace.trades;
    expect(t.slice(0, 2).map((x) => [x.reason, x.units, Number(x.levelAfter.toFixed(3))])).toEqual([
      ['emergency', -3000, 2.716],
      ['emergency', -3000, 2.632],
    ]);
    expect(t[2].reason).toBe('rebalance');
    expect(t[2].units).toBe(-2000);
    expect(t.at(-1)!.levelAfter).toBeCloseTo(2.3, 10);
    expect(sim.policy.fired[5]).toBe(2);
  });

  it('skips the rest of a TWAP when the price moves in the token\'s favour', () => {
    const { sim, result } = backtest(fli, [1, 1.1, 1.1], 30);
    expect(result.trace.trades).toHaveLength(1);
    expect(sim.executor.skipped).toBe(1);
    expect(result.trace.column('leverage')[1]).toBeLessThan(2.3);
  });

  it('refuses a chunk whose impact breaches the slippage guard, then retries', () => {
    // Linear impact: a 2000-unit sale at price 1 against depth 50,000 costs 4% > 2% tolerance.
    const venue = new CostModelVenue({ impact: 'linear', depth: 50_000 });
    const { sim, result } = backtest({ ...fli, venue }, [1, 1, 1], 30);
    expect(result.trace.trades.map((x) => x.status)).toEqual(['refused-slippage', 'refused-slippage', 'refused-slippage']);
    expect(sim.product.refusals).toBe(3);
    expect(sim.product.leverage).toBeCloseTo(2.4, 12);
  });
});

describe('carry, fees and liquidation', () => {
  const wideBand = { band: { min: 0.01, max: 100, recenteringSpeed: 1 } };

  it('perp funding of 10%/yr on a 3x long at a constant price costs 30% of NAV over a year', () => {
    const { sim, result } = backtest({ product: { target: 3, backing: { kind: 'perp', fundingRate: 0.1, maintenanceMargin: 0 } }, policy: wideBand }, Array(366).fill(100), DAY);
    expect(result.metrics.finalNav).toBeCloseTo(0.7, 10);
    expect(sim.product.costFunding).toBeCloseTo(0.3, 10);
    // The continuously rebalanced token with the same carry keeps exp(-0.3).
    expect(result.metrics.continuousNav).toBeCloseTo(Math.exp(-0.3), 10);
  });

  it('a management fee of 3.65%/yr accrues hourly on NAV', () => {
    const { result } = backtest({ product: { target: 1, managementFee: 0.0365 }, policy: wideBand }, Array(8761).fill(5), 3600);
    expect(result.metrics.finalNav).toBeCloseTo(Math.pow(1 - 0.0365 / 8760, 8760), 12);
    expect(result.metrics.costManagement).toBeCloseTo(1 - Math.pow(1 - 0.0365 / 8760, 8760), 12);
  });

  it('mint and redeem fees reduce the holder return, not NAV', () => {
    const { result } = backtest({ product: { target: 2, mintFee: 0.001, redeemFee: 0.001 }, policy: wideBand }, [1, 1], DAY);
    expect(result.metrics.finalNav).toBe(1);
    expect(result.metrics.holderReturn).toBeCloseTo(0.999 * 0.999 - 1, 14);
  });

  it('an Aave 3x long is liquidated when debt exceeds 83% of collateral, losing 5% of the debt', () => {
    const backing = { kind: 'lending' as const, baseSupplyRate: 0, baseBorrowRate: 0, quoteSupplyRate: 0, quoteBorrowRate: 0, liquidationThreshold: 0.83, liquidationPenalty: 0.05 };
    const { result } = backtest({ product: { target: 3, backing }, policy: wideBand }, [1, 0.9, 0.8, 0.7], DAY);
    // At 0.8: collateral 3 x 0.8 = 2.4, debt 2 > 0.83 x 2.4 = 1.992. NAV 0.4 less 5% of 2.
    expect(result.metrics.liquidated).toBe(1);
    expect(result.metrics.finalNav).toBeCloseTo(0.3, 12);
    expect(result.lastRow).toBe(2);
  });

  it('a perp token is wiped out when NAV reaches zero', () => {
    const { result } = backtest({ product: { target: 3 }, policy: wideBand }, [1, 0.8, 0.6, 0.5], DAY);
    expect(result.metrics.wipedOut).toBe(1);
    expect(result.metrics.finalNav).toBe(0);
    expect(result.metrics.logNav).toBeNaN();
  });

  it('lending rates: supply on collateral, borrow on debt, equal to the closed-form carry', () => {
    const backing = { kind: 'lending' as const, baseSupplyRate: 0.02, baseBorrowRate: 0, quoteSupplyRate: 0, quoteBorrowRate: 0.06, liquidationThreshold: 0.9, liquidationPenalty: 0 };
    const { result } = backtest({ product: { target: 2, backing }, policy: { schedule: daily('00:00') } }, Array(366).fill(1), DAY);
    // Daily rebalancing at a constant price: NAV grows by 2 x 2% - 1 x 6% = -2%/yr, compounded daily.
    expect(result.metrics.finalNav).toBeCloseTo(Math.pow(1 - 0.02 / 365, 365), 6);
  });
});

describe('policy options', () => {
  it('an inverse -1x token loses 10% on a 10% rise and rebalances back to -1 outside |L| in [0.8, 1.2]', () => {
    const { sim, result } = backtest({ product: { target: -1 }, policy: { band: { min: 0.8, max: 1.2, recenteringSpeed: 1 } } }, [100, 110, 110], DAY);
    expect(result.trace.column('nav')[1]).toBeCloseTo(0.9, 12);
    expect(result.trace.trades[0].units).toBeCloseTo(-0.9 / 110 + 0.01, 12); // from -0.01 units to -0.9/110
    expect(sim.product.leverage).toBeCloseTo(-1, 12);
  });

  it('de-lever only intraday: a drop in leverage waits for the schedule, a rise is cut at once', () => {
    const policy = { schedule: daily('12:00'), band: { min: 2.5, max: 3.5, recenteringSpeed: 1 }, deleverOnlyIntraday: true };
    const up = backtest({ product: { target: 3 }, policy }, [100, 110, 120], 3600).result; // leverage falls: no intraday trade
    expect(up.trace.trades).toHaveLength(0);
    const down = backtest({ product: { target: 3 }, policy }, [100, 92, 92], 3600).result; // 3 x 1.08 .. leverage 3.55
    expect(down.trace.trades).toHaveLength(1);
    expect(down.trace.trades[0].trigger).toBe('band');
  });

  it('price-move trigger "against" fires only on moves that raise leverage', () => {
    const policy = { priceMove: { threshold: 0.05, side: 'against' as const } };
    expect(backtest({ product: { target: 3 }, policy }, [100, 106], 3600).result.trace.trades).toHaveLength(0);
    const down = backtest({ product: { target: 3 }, policy }, [100, 94], 3600).result;
    expect(down.trace.trades.map((t) => t.trigger)).toEqual(['price-move']);
  });

  it('interval rebalances run from the last trade', () => {
    const { result } = backtest({ product: { target: 2 }, policy: { interval: 2 * 3600 } }, [1, 1.01, 1.02, 1.03, 1.04, 1.05], 3600);
    expect(result.trace.trades.map((t) => t.time)).toEqual([7200, 14_400]);
  });

  it('rejects inconsistent settings with the field and the rule', () => {
    expect(() => backtest({ product: { target: 2 }, policy: { band: { min: 2.1, max: 2.3, recenteringSpeed: 0.1 } } }, [1, 1], DAY)).toThrow(ConfigError);
    expect(() => backtest({ product: { target: 2 }, policy: { band: { min: 1.7, max: 2.3, recenteringSpeed: 0 } } }, [1, 1], DAY)).toThrow(/policy\.band\.recenteringSpeed: must be in \(0, 1\]/);
    expect(() => backtest({ product: { target: 2 }, policy: { band: { min: 1.7, max: 2.3, recenteringSpeed: 1 }, ripcord: { leverage: 2.2, cooldown: 1 } } }, [1, 1], DAY)).toThrow(/policy\.ripcord\.leverage/);
    expect(() => backtest({ product: { target: 2 }, policy: {} }, [1, 1], DAY)).toThrow(/set at least one trigger/);
    const backing = { kind: 'lending' as const, baseSupplyRate: 0, baseBorrowRate: 0, quoteSupplyRate: 0, quoteBorrowRate: 0, liquidationThreshold: 0.6, liquidationPenalty: 0 };
    expect(() => backtest({ product: { target: 3, backing }, policy: { interval: DAY } }, [1, 1], DAY)).toThrow(/at or above the liquidation threshold/);
  });
});
