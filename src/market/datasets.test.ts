import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { datasetPath, listDatasets, loadDataset } from './datasets.js';
import { parseIsoTime } from './csv.js';

const day = (iso: string) => parseIsoTime(iso);

/** Lowest close between two ISO dates (inclusive). */
function minClose(times: Float64Array, prices: Float64Array, from: string, to: string): number {
  let m = Infinity;
  for (let t = 0; t < times.length; t++) if (times[t] >= day(from) && times[t] <= day(to)) m = Math.min(m, prices[t]);
  return m;
}

describe('built-in datasets', () => {
  it('sp500: ~5100 daily rows from 2000-01-03 (close 1455.22) to 2020-04-17, positive prices, increasing times', () => {
    const p = loadDataset('sp500');
    expect(p.assets).toBe(1);
    expect(p.names).toEqual(['SPX']);
    expect(p.steps + 1).toBe(5105);
    expect(p.times[0]).toBe(Date.UTC(2000, 0, 3) / 1000);
    expect(p.prices[0]).toBeCloseTo(1455.22, 2);
    expect(p.open![0]).toBeCloseTo(1469.25, 2);
    expect(p.times[p.steps]).toBe(Date.UTC(2020, 3, 17) / 1000);
    for (let t = 0; t <= p.steps; t++) {
      if (!(p.prices[t] > 0)) throw new Error(`price ${p.prices[t]} at row ${t}`);
      if (t > 0 && !(p.times[t] > p.times[t - 1])) throw new Error(`times not increasing at row ${t}`);
    }
    // Business days: steps of 1 to 4 days (long weekends); the longest gap is the 9/11 closure, 2001-09-10 to 09-17.
    let maxGap = 0;
    for (let t = 1; t <= p.steps; t++) maxGap = Math.max(maxGap, p.times[t] - p.times[t - 1]);
    expect(maxGap).toBe(7 * 86_400);
  });

  it('sp500 contains the 2008 crash (close below 700 in March 2009) and the March 2020 crash (more than 30% off the February high)', () => {
    const p = loadDataset('sp500');
    expect(minClose(p.times, p.prices, '2009-03-01', '2009-03-31')).toBeCloseTo(676.53, 2);
    expect(minClose(p.times, p.prices, '2009-03-01', '2009-03-31')).toBeLessThan(700);
    const febHigh = -minClose(p.times, p.prices.map((x) => -x), '2020-02-01', '2020-02-29');
    const marchLow = minClose(p.times, p.prices, '2020-03-01', '2020-03-31');
    expect(febHigh).toBeCloseTo(3386.15, 2);
    expect(marchLow).toBeCloseTo(2237.4, 2);
    expect(marchLow / febHigh).toBeLessThan(0.7);
  });

  it('can stamp dates at 21:00 UTC instead of midnight', () => {
    expect(loadDataset('sp500', { dateOnlyOffsetSeconds: 75_600 }).times[0]).toBe(Date.UTC(2000, 0, 3, 21) / 1000);
  });

  it('every listed dataset loads with the advertised rows, dates and asset', () => {
    const list = listDatasets();
    expect(list.map((d) => d.id)).toEqual(['sp500', 'sp500-monthly', 'aapl', 'amzn', 'goog', 'ibm', 'msft']);
    for (const d of list) {
      const p = loadDataset(d.id);
      expect(p.steps + 1, d.id).toBe(d.rows);
      expect(p.times[0], d.id).toBe(day(d.first));
      expect(p.times[p.steps], d.id).toBe(day(d.last));
      expect(p.names, d.id).toEqual([d.asset]);
      expect(d.description.length).toBeGreaterThan(20);
      expect(Object.keys(d)).not.toContain('file');
    }
    expect(loadDataset('sp500-monthly').prices[0]).toBe(1394.46);
    expect(loadDataset('AAPL').prices[0]).toBe(25.94);
  });

  it('resolves files through the installed package, and rejects an unknown id listing the ones available', () => {
    expect(datasetPath('sp500')).toMatch(/vega-datasets[\\/]data[\\/]sp500-2000\.csv$/);
    expect(() => loadDataset('btc', { field: 'market.dataset' })).toThrow(ConfigError);
    expect(() => loadDataset('btc', { field: 'market.dataset' })).toThrow(/market\.dataset: unknown dataset "btc"; available: sp500, sp500-monthly, aapl/);
  });
});
