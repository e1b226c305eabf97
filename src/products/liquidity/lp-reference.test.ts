/**
 * The reference cases of AMM liquidity provision that need the engine (docs: the amm-lp reference,
 * restated here): impermanent loss and LVR of positions held in simulated pools, realised LVR of
 * arbitrage every block against its closed forms, and arbitrage profit with fees for Poisson and
 * constant block times, within Monte Carlo error.
 *
 * Monte Carlo figures are ratios of sums over paths (realised / expected), with the standard
 * error of a ratio estimator (delta method); tolerances are 4 standard errors, plus the stated
 * accuracy of an approximate formula where one is compared.
 */
import { describe, expect, it } from 'vitest';
import { NormalSampler } from '../../core/normal.js';
import { Rng } from '../../core/rng.js';
import { SECONDS_PER_DAY, SECONDS_PER_YEAR } from '../../core/units.js';
import { runBacktest } from '../../engine/backtest.js';
import { runPath } from '../../engine/run-path.js';
import { PoolVenue } from '../../execution/pool-venue.js';
import { Gbm } from '../../market/gbm.js';
import { pathFromPrices, uniformGrid, type MarketPath } from '../../market/market-path.js';
import { arbToLvrConstantBlocks, arbToLvrPoisson, ilRange, logFee, lvrRange } from '../../pools/analytics.js';
import { BlockFlow, type FlowParams } from '../../pools/sim/block-flow.js';
import { FloatReservePool } from '../../pools/sim/reserve-sim-pool.js';
import type { SimPool } from '../../pools/sim/sim-pool.js';
import { FloatV3SimPool } from '../../pools/sim/v3-sim-pool.js';
import type { LpPolicyKind, LpPolicyParams } from './policy.js';
import { createLpSimulation, type LpSimulation } from './simulation.js';

function lpSim(pool: SimPool, policy: Partial<LpPolicyParams> & { kind: LpPolicyKind }, flow: Partial<FlowParams>, stepSeconds: number): LpSimulation {
  const f = new BlockFlow(pool, { blockTime: 12, ...flow }, 0, 1, { stepSeconds });
  return createLpSimulation({ name: 'lp', product: { initialValue: 1e6 }, policy, venue: new PoolVenue(f) });
}

const v2 = (fee = 0) => new FloatReservePool({ kind: 'v2', fee, weight0: 0.5, tvl: 1e7 }, 1);
const weighted = (w: number) => new FloatReservePool({ kind: 'weighted', fee: 0, weight0: w, tvl: 1e7 }, 1);
const v3 = (feePips = 0, background = [{ tvl: 1e7 }]) => new FloatV3SimPool({ feePips, tickSpacing: 1, background }, 1);

/** Backtest of one move from 1 to r: one 12 s step, one block, the arbitrageur takes the pool to r. */
function afterMove(pool: SimPool, policy: Partial<LpPolicyParams> & { kind: LpPolicyKind }, r: number) {
  const sim = lpSim(pool, policy, { blocksPerStep: 1 }, 12);
  return { metrics: runBacktest(sim, sim.trace, pathFromPrices([1, r], 12)).metrics, sim };
}

describe('impermanent loss of positions in simulated pools (reference table)', () => {
  it.each([
    [1.25, -0.006192],
    [0.8, -0.006192],
    [2, -0.057191],
    [4, -0.2],
  ])('constant product, price x %s: %s', (r, expected) => {
    const { metrics } = afterMove(v2(), { kind: 'passive' }, r);
    expect(Math.abs(metrics.il - expected)).toBeLessThan(5e-7);
    expect(metrics.il).toBeCloseTo((2 * Math.sqrt(r)) / (1 + r) - 1, 12);
  });

  it.each([
    [0.8, 1.25, 1.1, -0.010745],
    [0.8, 1.25, 1.25, -0.058652],
    [0.9, 1.1, 1.05, -0.006087],
  ])('v3 range [%s, %s], price x %s: %s', (pa, pb, r, expected) => {
    const { metrics, sim } = afterMove(v3(), { kind: 'passive', bounds: [pa, pb] }, r);
    // The range's bounds are on the tick grid (1 tick = 0.01%): the position's own IL is the
    // closed form at those bounds, and the table's within the rounding of the bounds.
    const lp = sim.product;
    const lo = lp.pool.priceAtTick(lp.lower[0]), hi = lp.pool.priceAtTick(lp.upper[0]);
    expect(lo).toBeLessThanOrEqual(pa);
    expect(hi).toBeGreaterThanOrEqual(pb * (1 - 1e-12));
    expect(metrics.il).toBeCloseTo(ilRange(r, lo, hi), 9);
    expect(Math.abs(metrics.il - expected)).toBeLessThan(2e-5);
  });

  it('weighted 80/20, price x 2: -3.27%', () => {
    const { metrics } = afterMove(weighted(0.8), { kind: 'passive' }, 2);
    expect(Math.abs(metrics.il - -0.0327)).toBeLessThan(5e-5);
    expect(metrics.il).toBeCloseTo(Math.pow(2, 0.8) / (0.8 * 2 + 0.2) - 1, 10);
  });
});

describe('LVR per unit of value of positions at P = 1 (reference table)', () => {
  // LVR/V = (sigma^2 / 2) p^2 |x'(p)| / V: the position's LVR weight over 2V, per sigma^2.
  it.each([
    ['full range', undefined, 0.125, 3.13],
    ['[0.5, 2]', [0.5, 2], 0.4268, 10.7],
    ['[0.8, 1.25]', [0.8, 1.25], 1.184, 29.6],
    ['[0.9, 1.1]', [0.9, 1.1], 2.555, 63.9],
  ] as [string, [number, number] | undefined, number, number][])('%s: %s sigma^2, %s bps/day at 5%/day', (_name, bounds, factor, bpsPerDay) => {
    const { sim } = afterMove(bounds ? v3() : v2(), { kind: 'passive', bounds }, 1);
    const lp = sim.product;
    const perSigma2 = lp.lvrWeight / (2 * lp.value);
    expect(Math.abs(perSigma2 / factor - 1)).toBeLessThan(1e-3);
    // The table's bps per day are rounded to three digits (and the bounds here to the tick grid).
    expect(Math.abs(perSigma2 * 0.05 * 0.05 * 1e4 - bpsPerDay)).toBeLessThan(0.1);
  });

  it('weighted w: w (1 - w) / 2 sigma^2 (80/20: 0.08)', () => {
    const { sim } = afterMove(weighted(0.8), { kind: 'passive' }, 1);
    expect(sim.product.lvrWeight / (2 * sim.product.value)).toBeCloseTo(0.08, 12);
  });
});

/** Ratio of sums with its delta-method standard error. */
function ratioOfSums(num: number[], den: number[]): { ratio: number; se: number } {
  const n = num.length;
  const mn = num.reduce((a, b) => a + b, 0) / n, md = den.reduce((a, b) => a + b, 0) / n;
  const ratio = mn / md;
  let v = 0;
  for (let i = 0; i < n; i++) v += (num[i] - ratio * den[i]) ** 2;
  return { ratio, se: Math.sqrt(v / (n - 1) / n) / md };
}

/**
 * Runs `paths` GBM paths through the simulation and returns per path the metrics asked for and
 * the LVR the closed form predicts with the model's sigma: sum over steps of (sigma^2 / 2) x the
 * position's LVR weight at the step's start x dt.
 */
function monteCarlo(sim: LpSimulation, sigma: number, days: number, stepSeconds: number, paths: number, seed: number, keys: string[]) {
  const steps = Math.round((days * SECONDS_PER_DAY) / stepSeconds);
  const dt = stepSeconds / SECONDS_PER_YEAR;
  const model = new Gbm({ s0: 1, mu: 0, sigma });
  const normals = new NormalSampler(new Rng(seed));
  const path: MarketPath & { prices: Float64Array } = { assets: 1, names: ['X'], steps, times: uniformGrid(steps, 0, stepSeconds), prices: new Float64Array(steps + 1) };
  const lp = sim.product;
  let expected = 0;
  const mark = lp.mark.bind(lp);
  lp.mark = (prices, row, now) => {
    expected += 0.5 * sigma * sigma * lp.lvrWeight * dt;
    return mark(prices, row, now);
  };
  const out = new Float64Array(sim.metrics.defs.length);
  const idx = keys.map((k) => sim.metrics.defs.findIndex((d) => d.key === k));
  const result: Record<string, number[]> = { expected: [] };
  for (const k of keys) result[k] = [];
  for (let p = 0; p < paths; p++) {
    model.generate(normals, path.prices, steps, dt);
    expected = 0;
    runPath(sim, path, out, 0);
    result.expected.push(expected);
    keys.forEach((k, j) => result[k].push(out[idx[j]]));
  }
  return result;
}

describe('realised LVR with arbitrage every 12 s block, no fee, against its closed forms (Monte Carlo)', () => {
  const sigma = 0.8;

  it('full-range constant product: sigma^2 / 8 of value per year', () => {
    const sim = lpSim(v2(), { kind: 'passive' }, { bridgeVol: sigma }, 300);
    const r = monteCarlo(sim, sigma, 1, 300, 300, 1, ['lvr', 'lvrClosedForm', 'finalValue']);
    const { ratio, se } = ratioOfSums(r.lvr, r.expected);
    // Measured: 1.000 with a standard error of about 0.1%.
    expect(se).toBeLessThan(0.003);
    expect(Math.abs(ratio - 1)).toBeLessThan(4 * se);
    // The test can fail: a volatility 2% off is many errors away.
    expect(Math.abs(ratio * 1.02 ** 2 - 1)).toBeGreaterThan(4 * se);
    // Against the closed form on each path's realised variance (noisier: 8% per path).
    const rv = ratioOfSums(r.lvr, r.lvrClosedForm);
    expect(Math.abs(rv.ratio - 1)).toBeLessThan(4 * rv.se);
    // And the closed form itself is sigma^2/8 of value: expected / (V dt) summed.
    expect(r.expected[0] / (1e6 * ((sigma * sigma) / 8) * (1 / 365))).toBeGreaterThan(0.9);
  });

  it('v3 range [1/1.25, 1.25]: sigma^2 sqrt(p) / (4 (2 sqrt(p) - p / sqrt(pb) - sqrt(pa))) of value', () => {
    const sim = lpSim(v3(), { kind: 'passive', halfWidth: 0.25 }, { bridgeVol: sigma }, 300);
    const r = monteCarlo(sim, sigma, 1, 300, 200, 2, ['lvr', 'timeInRange']);
    const { ratio, se } = ratioOfSums(r.lvr, r.expected);
    expect(se).toBeLessThan(0.004);
    expect(Math.abs(ratio - 1)).toBeLessThan(4 * se);
    // At the centre the range form is 1.184 sigma^2 per year of value; over a day the price stays
    // near the centre, so the realised LVR per day of the initial value is within 2% of it.
    const perDay = r.lvr.reduce((a, b) => a + b, 0) / r.lvr.length / 1e6;
    const centre = lvrRange(sigma, 1, 1 / 1.25, 1.25) / 365;
    expect(Math.abs(perDay / centre - 1)).toBeLessThan(0.02 + 4 * se);
  });

  it('weighted 80/20: sigma^2 w (1 - w) / 2', () => {
    const sim = lpSim(weighted(0.8), { kind: 'passive' }, { bridgeVol: sigma }, 300);
    const r = monteCarlo(sim, sigma, 1, 300, 150, 3, ['lvr']);
    const { ratio, se } = ratioOfSums(r.lvr, r.expected);
    expect(se).toBeLessThan(0.004);
    expect(Math.abs(ratio - 1)).toBeLessThan(4 * se);
  });
});

describe('arbitrage profit with fees, ARB / LVR, sigma = 5%/day (reference table, Monte Carlo)', () => {
  // sigma_b = sigma sqrt(block time): 5.89e-4 for 12 s blocks. Table (formulas):
  //   fee    12 s Poisson / constant    2 s Poisson / constant
  //   5 bp   0.455 / 0.407               0.254 / 0.219
  //   30 bp  0.122 / 0.103
  // The formulas are fast-block approximations, accurate to about 1% here (the reference's own
  // check at fee / sigma_b = 1: Poisson 0.2058 against 0.2071, constant 0.1851 against 0.184).
  const sigma = 0.05 * Math.sqrt(365);

  function arbOverLvr(feePips: number, arrival: 'constant' | 'poisson', blockTime: number, paths: number, days: number) {
    // A full-range v3 position alone in the pool: constant product with the fee paid out, as in the papers.
    const sim = lpSim(v3(feePips, []), { kind: 'passive' }, { blockTime, arrival, bridgeVol: sigma }, 300);
    const r = monteCarlo(sim, sigma, days, 300, paths, 7, ['arbLoss', 'lvr', 'feesFromArbitrage']);
    return { ...ratioOfSums(r.arbLoss, r.expected), r };
  }

  it.each([
    [500, 12, 0.455, 0.407, 100, 2],
    [3000, 12, 0.122, 0.103, 100, 2],
    [500, 2, 0.254, 0.219, 40, 1],
  ])('fee %s pips, %s s blocks: Poisson %s, constant %s', (feePips, blockTime, poissonTable, constantTable, paths, days) => {
    const fee = feePips / 1e6;
    const poissonFormula = arbToLvrPoisson(logFee(fee), sigma, blockTime);
    const constantFormula = arbToLvrConstantBlocks(fee, sigma, blockTime);
    // The table rounds to three decimals.
    expect(Math.abs(poissonFormula - poissonTable)).toBeLessThan(6e-4);
    expect(Math.abs(constantFormula - constantTable)).toBeLessThan(6e-4);
    const poisson = arbOverLvr(feePips, 'poisson', blockTime, paths, days);
    const constant = arbOverLvr(feePips, 'constant', blockTime, paths, days);
    // Standard errors measured: 0.5-0.7% of the ratio.
    expect(poisson.se / poisson.ratio).toBeLessThan(0.015);
    expect(constant.se / constant.ratio).toBeLessThan(0.015);
    expect(Math.abs(poisson.ratio - poissonFormula)).toBeLessThan(4 * poisson.se + 0.01 * poissonFormula);
    expect(Math.abs(constant.ratio - constantFormula)).toBeLessThan(4 * constant.se + 0.01 * constantFormula);
    // Poisson blocks leave more to arbitrageurs than constant ones, by far more than the error.
    expect(poisson.ratio - constant.ratio).toBeGreaterThan(8 * Math.hypot(poisson.se, constant.se));
    // LVR is still paid in full: arbitrageurs' profit plus the fees they pay is the LP's markout.
    const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
    expect(sum(constant.r.lvr)).toBeCloseTo(sum(constant.r.arbLoss) + sum(constant.r.feesFromArbitrage), 6);
  });
});
