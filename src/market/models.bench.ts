// Path-steps per second of each price model: `npx vitest bench --run src/market`.
// One bench iteration is one path of a year of hourly steps (8760 steps).
import { bench, describe } from 'vitest';
import { NormalSampler } from '../core/normal.js';
import { Rng } from '../core/rng.js';
import { CorrelatedGbm } from './correlated-gbm.js';
import { Garch } from './garch.js';
import { Gbm } from './gbm.js';
import { Heston } from './heston.js';
import { Merton } from './merton.js';
import type { PriceModel } from './price-model.js';

const STEPS = 8760, DT = 1 / 8760;
const models: [string, PriceModel][] = [
  ['gbm', new Gbm({ s0: 3000, mu: 0.1, sigma: 0.8 })],
  ['merton (10 jumps/year)', new Merton({ s0: 3000, mu: 0.1, sigma: 0.6, lambda: 10, muJ: -0.05, sigmaJ: 0.1 })],
  ['heston (QE)', new Heston({ s0: 3000, mu: 0.1, v0: 0.5, kappa: 2, theta: 0.6, xi: 1, rho: -0.5 })],
  ['garch (normal)', new Garch({ s0: 3000, mu: 0.1, longRunVol: 0.8, alpha: 0.08, beta: 0.9 })],
  ['garch (student-t, nu 5)', new Garch({ s0: 3000, mu: 0.1, longRunVol: 0.8, alpha: 0.08, beta: 0.9, nu: 5 })],
  ['correlated gbm (3 assets)', new CorrelatedGbm({
    assets: [{ name: 'ETH', s0: 3000, mu: 0, sigma: 0.8 }, { name: 'BTC', s0: 60000, mu: 0, sigma: 0.6 }, { name: 'SOL', s0: 150, mu: 0, sigma: 1.1 }],
    correlation: [[1, 0.8, 0.7], [0.8, 1, 0.6], [0.7, 0.6, 1]],
  })],
];

describe('price models, one path of 8760 hourly steps', () => {
  for (const [name, model] of models) {
    const normals = new NormalSampler(new Rng(1));
    const prices = new Float64Array((STEPS + 1) * model.assets);
    bench(name, () => model.generate(normals, prices, STEPS, DT));
  }
});
