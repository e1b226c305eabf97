/**
 * The order flow between two rows: how many blocks, the bridged external prices they see, noise
 * traders, arbitrage, seeding from the path, and the TWAP oracle.
 */
import { describe, expect, it } from 'vitest';
import { SECONDS_PER_YEAR } from '../../core/units.js';
import { BlockFlow, hashPrices, type PoolListener } from './block-flow.js';
import { FloatReservePool } from './reserve-sim-pool.js';
import { SwapSource, type SwapOutcome } from './sim-pool.js';
import { TickOracle } from './tick-oracle.js';

/** A fee-free constant-product pool: arbitrage leaves it exactly at each block's price. */
const freePool = () => new FloatReservePool({ kind: 'v2', fee: 0, weight0: 0.5, tvl: 1e8 }, 100);

/** Records the external price and time of every arbitrage swap. */
class Recorder implements PoolListener {
  prices: number[] = [];
  times: number[] = [];
  noise = 0;
  buys = 0;
  onSwap(source: number, out: SwapOutcome, m: number, time: number): void {
    if (source === SwapSource.Arbitrage) {
      this.prices.push(m);
      this.times.push(time);
    } else if (source === SwapSource.Noise) {
      this.noise++;
      if (!out.zeroForOne) this.buys++;
    }
  }
}

function run(flow: BlockFlow, prices: Float64Array, stepSeconds: number): void {
  flow.reset(prices, 0, 0);
  for (let r = 1; r < prices.length; r++) flow.advance(prices, r, r * stepSeconds);
}

describe('BlockFlow', () => {
  it('constant blocks: stepSeconds / blockTime blocks per step, the last one at the row price', () => {
    const flow = new BlockFlow(freePool(), { blockTime: 12, bridgeVol: 0.8 }, 0, 1, { stepSeconds: 60 });
    const rec = new Recorder();
    flow.listener = rec;
    const prices = Float64Array.from([100, 101, 99, 102, 100.5]);
    flow.reset(prices, 0, 0);
    for (let r = 1; r < prices.length; r++) {
      flow.advance(prices, r, r * 60);
      expect(flow.pool.price()).toBeCloseTo(prices[r], 9);
      expect(rec.times[rec.times.length - 1]).toBe(r * 60);
    }
    expect(flow.stats.blocks).toBe(20);
    expect(rec.times.slice(0, 5)).toEqual([12, 24, 36, 48, 60]);
  });

  it('bridged blocks have the variance of the model: E[sum of squared block returns] = sigma^2 dt (1 - 1/n) on a flat path', () => {
    // 2,000 one-hour steps with equal end prices, 300 blocks each: a bridge's quadratic variation
    // has mean sigma^2 dt (1 - 1/n) and standard deviation sigma^2 dt sqrt(2 (n - 1)) / n per step.
    const sigma = 0.8, steps = 2000, n = 300, dt = 3600 / SECONDS_PER_YEAR;
    const flow = new BlockFlow(freePool(), { blockTime: 12, bridgeVol: sigma }, 0, 1, { stepSeconds: 3600 });
    const rec = new Recorder();
    flow.listener = rec;
    run(flow, new Float64Array(steps + 1).fill(100), 3600);
    expect(flow.stats.blocks).toBe(steps * n);
    let qv = 0;
    let prev = 100;
    for (const p of rec.prices) {
      qv += Math.log(p / prev) ** 2;
      prev = p;
    }
    const mean = sigma * sigma * dt * (1 - 1 / n) * steps;
    const se = (sigma * sigma * dt * Math.sqrt(2 * (n - 1))) / n * Math.sqrt(steps);
    expect(Math.abs(qv - mean)).toBeLessThan(4 * se);
    // The test can fail: a bridge with the wrong volatility is far outside.
    expect(Math.abs(qv * 1.1 - mean)).toBeGreaterThan(4 * se);
  });

  it('the realised bridge volatility is the path\'s own around each step (21 steps centred)', () => {
    // 100 calm hours (returns of +-0.1%), then 100 wild ones (+-2%).
    const prices = new Float64Array(201);
    prices[0] = 100;
    for (let t = 1; t <= 200; t++) prices[t] = prices[t - 1] * Math.exp((t <= 100 ? 0.001 : 0.02) * (t % 2 ? 1 : -1));
    const flow = new BlockFlow(freePool(), { blockTime: 12 }, 0, 1, { stepSeconds: 3600 });
    flow.reset(prices, 0, 0);
    const v = (flow as unknown as { stepVar: Float64Array }).stepVar;
    expect(v[50]).toBeCloseTo(1e-6 / 3600, 15);
    expect(v[150]).toBeCloseTo(4e-4 / 3600, 12);
    // At the switch the window mixes both: steps 90-100 calm, 101-110 wild.
    expect(v[100]).toBeCloseTo((10 * 1e-6 + 1e-6 + 10 * 4e-4) / (21 * 3600), 12);
    // Without a time grid the step length comes from the first step, with the same result.
    const lazy = new BlockFlow(freePool(), { blockTime: 12 }, 0, 1, {});
    lazy.reset(prices, 0, 0);
    lazy.advance(prices, 1, 3600);
    expect((lazy as unknown as { stepVar: Float64Array }).stepVar[150]).toBeCloseTo(v[150], 15);
  });

  it('Poisson blocks: on average stepSeconds / blockTime per step, with Poisson dispersion', () => {
    const flow = new BlockFlow(freePool(), { blockTime: 12, arrival: 'poisson', bridgeVol: 0 }, 0, 1, { stepSeconds: 3600 });
    const prices = new Float64Array(1001).fill(100);
    const counts: number[] = [];
    flow.reset(prices, 0, 0);
    for (let r = 1; r < prices.length; r++) {
      const before = flow.stats.blocks;
      flow.advance(prices, r, r * 3600);
      counts.push(flow.stats.blocks - before);
    }
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    const variance = counts.reduce((a, b) => a + (b - mean) ** 2, 0) / (counts.length - 1);
    expect(Math.abs(mean - 300)).toBeLessThan(4 * Math.sqrt(300 / 1000));
    expect(variance / 300).toBeGreaterThan(0.8);
    expect(variance / 300).toBeLessThan(1.2);
  });

  it('noise traders arrive at their rate and buy with their probability', () => {
    const flow = new BlockFlow(freePool(), { blockTime: 12, bridgeVol: 0, noise: { rate: 0.05, medianNotional: 1000, sizeSigma: 1, buyProbability: 0.7 } }, 0, 1, { stepSeconds: 3600 });
    const rec = new Recorder();
    flow.listener = rec;
    run(flow, new Float64Array(101).fill(100), 3600);
    const expected = 0.05 * 100 * 3600;
    expect(Math.abs(rec.noise - expected)).toBeLessThan(4 * Math.sqrt(expected));
    expect(Math.abs(rec.buys / rec.noise - 0.7)).toBeLessThan(4 * Math.sqrt(0.21 / rec.noise));
    expect(flow.stats.noiseVolume / rec.noise / (1000 * Math.exp(0.5))).toBeCloseTo(1, 1);
  });

  it('the same path gives the same flow, another path another one (seeded from the prices)', () => {
    const prices = Float64Array.from({ length: 50 }, (_, i) => 100 + Math.sin(i));
    const other = Float64Array.from(prices, (p, i) => (i === 30 ? p * 1.001 : p));
    const once = (p: Float64Array) => {
      const flow = new BlockFlow(freePool(), { blockTime: 12, noise: { rate: 0.01, medianNotional: 1e4, sizeSigma: 1, buyProbability: 0.5 } }, 0, 1, { stepSeconds: 600 });
      run(flow, p, 600);
      return [flow.stats.noiseTrades, flow.stats.noiseVolume, flow.pool.price()];
    };
    expect(once(prices)).toEqual(once(prices));
    expect(once(other)[1]).not.toBe(once(prices)[1]);
    expect(hashPrices(prices)).not.toBe(hashPrices(other));
  });

  it('arbitrage profit is what the pool gives away at the external price', () => {
    const flow = new BlockFlow(new FloatReservePool({ kind: 'v2', fee: 0.003, weight0: 0.5, tvl: 1e6 }, 100), { blockTime: 60, bridgeVol: 0 }, 0, 1, { stepSeconds: 60 });
    const prices = Float64Array.from([100, 110]);
    flow.reset(prices, 0, 0);
    const before = flow.pool.tvl(110);
    flow.advance(prices, 1, 60);
    // Pool value lost at M = arbitrage profit (the fee stays in the pool and is part of the value).
    expect(before - flow.pool.tvl(110)).toBeCloseTo(flow.stats.arbProfit, 6);
    expect(flow.stats.arbProfit).toBeGreaterThan(0);
  });
});

describe('TickOracle', () => {
  it('averages the tick over time like Uniswap\'s accumulator', () => {
    const o = new TickOracle(10);
    o.reset(0);
    o.write(12, 100); // tick 100 held over (0, 12]
    o.write(24, 200); // 200 over (12, 24]
    // Now (t = 30) the tick is 400 since 24.
    expect(o.twap(30, 30, 400)).toBeCloseTo((100 * 12 + 200 * 12 + 400 * 6) / 30, 12);
    expect(o.twap(30, 12, 400)).toBeCloseTo((200 * 6 + 400 * 6) / 12, 12);
    // A window older than the history is cut to it.
    expect(o.twap(30, 1000, 400)).toBeCloseTo((100 * 12 + 200 * 12 + 400 * 6) / 30, 12);
  });

  it('keeps its capacity of observations', () => {
    const o = new TickOracle(4);
    o.reset(0);
    for (let t = 1; t <= 10; t++) o.write(t * 10, t);
    expect(o.oldest()).toBe(70);
    expect(o.twap(100, 30, 50)).toBeCloseTo((8 + 9 + 10) / 3, 12);
  });
});
