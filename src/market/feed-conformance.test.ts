import { describe, it } from 'vitest';
import { CorrelatedGbm } from './correlated-gbm.js';
import { parsePriceCsv } from './csv.js';
import { listDatasets, loadDataset } from './datasets.js';
import { expectConformingModel, expectConformingPath } from './feed-conformance.js';
import { Garch } from './garch.js';
import { Gbm } from './gbm.js';
import { Heston } from './heston.js';
import { Merton } from './merton.js';

describe('every price model passes the feed conformance suite', () => {
  const models = {
    gbm: () => new Gbm({ s0: 3000, mu: 0.05, sigma: 0.8 }),
    merton: () => new Merton({ s0: 100, mu: 0, sigma: 0.5, lambda: 200, muJ: -0.05, sigmaJ: 0.1 }),
    heston: () => new Heston({ s0: 100, mu: 0, v0: 0.4, kappa: 2, theta: 0.5, xi: 1, rho: -0.6 }),
    garch: () => new Garch({ s0: 100, mu: 0, longRunVol: 0.7, alpha: 0.1, beta: 0.85 }),
    'garch (Student t)': () => new Garch({ s0: 100, mu: 0, longRunVol: 0.7, alpha: 0.1, beta: 0.85, nu: 4 }),
    'correlated gbm': () => new CorrelatedGbm({ assets: [{ name: 'ETH', s0: 3000, mu: 0, sigma: 0.8 }, { name: 'BTC', s0: 60000, mu: 0, sigma: 0.6 }], correlation: [[1, 0.8], [0.8, 1]] }),
  };
  for (const [name, make] of Object.entries(models)) it(name, () => expectConformingModel(make()));
});

describe('every history source passes the feed conformance suite', () => {
  it('CSV with funding', () => {
    expectConformingPath(parsePriceCsv('timestamp,close,funding\n1704067200,100,0.1\n1704070800,101,0.05\n1704074400,99.5,-0.02\n', { source: 'inline' }));
  });
  it('multi-asset CSV', () => {
    expectConformingPath(parsePriceCsv('date,eth,btc\n2024-01-01,2300,42000\n2024-01-02,2350,43000\n', { source: 'inline', column: ['eth', 'btc'] }));
  });
  for (const d of listDatasets()) it(`built-in data set ${d.id}`, () => expectConformingPath(loadDataset(d.id)));
});
