import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../core/errors.js';
import { NormalSampler } from '../core/normal.js';
import { Rng } from '../core/rng.js';
import { CorrelatedGbm } from './correlated-gbm.js';
import { formatPriceCsv, parseIsoTime, parsePriceCsv, readPriceCsv } from './csv.js';
import { Gbm } from './gbm.js';
import type { MarketPath } from './market-path.js';
import { uniformGrid } from './market-path.js';

const T0 = Date.UTC(2024, 0, 1) / 1000; // 2024-01-01T00:00:00Z = 1704067200

/** Asserts that parsing `text` throws a DataError at `line` whose message matches `message`. */
function expectDataError(text: string, line: number, message: RegExp, options = {}) {
  let err: unknown;
  try {
    parsePriceCsv(text, { source: 'prices.csv', ...options });
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DataError);
  const d = err as DataError;
  expect(d.file).toBe('prices.csv');
  expect(d.line).toBe(line);
  expect(d.message).toMatch(line > 0 ? `prices.csv:${line}: ` : 'prices.csv: ');
  expect(d.message).toMatch(message);
}

describe('parsePriceCsv: formats', () => {
  it('reads ISO dates at 00:00 UTC, close prices, OHLC and volume', () => {
    const p = parsePriceCsv('date,open,high,low,close,volume\n2024-01-01,10,12,9,11,100\n2024-01-02,11,13,10.5,12.5,\n', { name: 'ETH' });
    expect(p.assets).toBe(1);
    expect(p.names).toEqual(['ETH']);
    expect(p.steps).toBe(1);
    expect(Array.from(p.times)).toEqual([T0, T0 + 86_400]);
    expect(Array.from(p.prices)).toEqual([11, 12.5]);
    expect(Array.from(p.open!)).toEqual([10, 11]);
    expect(Array.from(p.high!)).toEqual([12, 13]);
    expect(Array.from(p.low!)).toEqual([9, 10.5]);
    expect(p.volume![0]).toBe(100);
    expect(p.volume![1]).toBeNaN(); // empty cell: not reported
    expect(p.funding).toBeUndefined();
  });

  it('detects Unix seconds and milliseconds and gives the same times', () => {
    const s = parsePriceCsv(`timestamp,price\n${T0},1\n${T0 + 3600},2\n`);
    const ms = parsePriceCsv(`timestamp,price\n${T0 * 1000},1\n${(T0 + 3600) * 1000},2\n`);
    expect(Array.from(s.times)).toEqual([T0, T0 + 3600]);
    expect(Array.from(ms.times)).toEqual([T0, T0 + 3600]);
    // 1e11 is the boundary: just below is seconds (year 5138), at or above is milliseconds (1973).
    expect(parsePriceCsv('timestamp,price\n99999999999,1\n99999999999.5,2').times[0]).toBe(99_999_999_999);
    expect(parsePriceCsv('timestamp,price\n100000000000,1\n100000000001,2').times[0]).toBe(100_000_000);
    // fractional seconds are kept
    expect(parsePriceCsv(`timestamp,price\n${T0}.25,1\n${T0 + 1},2`).times[0]).toBe(T0 + 0.25);
  });

  it('reads ISO date-times with and without offsets, as UTC when none is given', () => {
    expect(parseIsoTime('2024-01-01T16:30')).toBe(T0 + 16.5 * 3600);
    expect(parseIsoTime('2024-01-01 16:30:15.5')).toBe(T0 + 16.5 * 3600 + 15.5);
    expect(parseIsoTime('2024-01-01T16:30:00Z')).toBe(T0 + 16.5 * 3600);
    expect(parseIsoTime('2024-01-01T16:30:00+02:00')).toBe(T0 + 14.5 * 3600);
    expect(parseIsoTime('2024-01-01T16:30:00-0530')).toBe(T0 + 22 * 3600);
    expect(parseIsoTime('Jan 1 2024')).toBe(T0);
    expect(parseIsoTime('2024-02-29')).toBe(T0 + 59 * 86_400);
    expect(parseIsoTime('2023-02-29')).toBeNaN();
    expect(parseIsoTime('2024-13-01')).toBeNaN();
    expect(parseIsoTime('2024-01-01T24:00')).toBeNaN();
    expect(parseIsoTime('01/02/2024')).toBeNaN();
  });

  it('stamps date-only rows dateOnlyOffsetSeconds after midnight', () => {
    const p = parsePriceCsv('date,close\n2024-01-01,1\n2024-01-02,2', { dateOnlyOffsetSeconds: 21 * 3600 });
    expect(p.times[0]).toBe(T0 + 21 * 3600);
  });

  it('accepts quoted fields, CRLF, a BOM, blank lines, mixed-case headers and ignores unknown columns', () => {
    const text = '\uFEFFDate,"Symbol",Close,Note\r\n2024-01-01,"ETH", 3000 ,"a, ""quoted"" note"\r\n\r\n2024-01-02,ETH,3100.5,x\r\n';
    const p = parsePriceCsv(text);
    expect(Array.from(p.prices)).toEqual([3000, 3100.5]);
    expect(p.steps).toBe(1);
  });

  it('reads funding per year (positive: longs pay)', () => {
    const p = parsePriceCsv('date,close,funding\n2024-01-01,100,0.1\n2024-01-02,101,-0.05\n');
    expect(Array.from(p.funding!)).toEqual([0.1, -0.05]);
  });

  it('reads several price columns as a multi-asset path, time-major, with optional funding columns', () => {
    const text = 'time,ETH,BTC,f_eth,f_btc\n2024-01-01T00:00Z,3000,60000,0.1,0.05\n2024-01-01T01:00Z,3010,60100,0.11,0.06\n';
    const p = parsePriceCsv(text, { column: ['ETH', 'btc'], fundingColumn: ['f_eth', 'f_btc'] });
    expect(p.assets).toBe(2);
    expect(p.names).toEqual(['ETH', 'BTC']);
    expect(Array.from(p.prices)).toEqual([3000, 60000, 3010, 60100]);
    expect(Array.from(p.funding!)).toEqual([0.1, 0.05, 0.11, 0.06]);
    expect(p.open).toBeUndefined();
  });

  it('filters a long-format file with where', () => {
    const text = 'symbol,date,price\nA,2024-01-01,1\nB,2024-01-01,5\nA,2024-01-02,2\nB,2024-01-02,6\n';
    expect(Array.from(parsePriceCsv(text, { where: { column: 'symbol', equals: 'B' } }).prices)).toEqual([5, 6]);
  });

  it('round-trips a simulated path through formatPriceCsv exactly (one asset with funding, and three assets)', () => {
    const steps = 200;
    const prices = new Float64Array(steps + 1);
    new Gbm({ s0: 3000, mu: 0.1, sigma: 0.8 }).generate(new NormalSampler(new Rng(1)), prices, steps, 1 / 8760);
    const funding = Float64Array.from({ length: steps + 1 }, (_, t) => 0.1 * Math.sin(t) + 1e-9 * t);
    const one: MarketPath = { assets: 1, names: ['ETH'], steps, times: uniformGrid(steps, T0, 3600), prices, funding };
    const back = parsePriceCsv(formatPriceCsv(one), { name: 'ETH' });
    expect(back.times).toEqual(one.times);
    expect(back.prices).toEqual(one.prices);
    expect(back.funding).toEqual(funding);
    expect(back.names).toEqual(['ETH']);

    const model = new CorrelatedGbm({
      assets: [{ name: 'ETH', s0: 3000, mu: 0, sigma: 0.8 }, { name: 'BTC', s0: 60000, mu: 0, sigma: 0.6 }, { name: 'SOL', s0: 150, mu: 0, sigma: 1.1 }],
      correlation: [[1, 0.7, 0.6], [0.7, 1, 0.5], [0.6, 0.5, 1]],
    });
    const multi = new Float64Array((steps + 1) * 3);
    model.generate(new NormalSampler(new Rng(2)), multi, steps, 1 / 8760);
    const three: MarketPath = { assets: 3, names: model.names, steps, times: uniformGrid(steps, T0 + 0.5, 3600), prices: multi };
    const back3 = parsePriceCsv(formatPriceCsv(three), { column: [...model.names] });
    expect(back3.prices).toEqual(multi);
    expect(back3.times).toEqual(three.times);
    expect(back3.names).toEqual(['ETH', 'BTC', 'SOL']);
  });

  it('reads a file by path, naming the asset after the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-csv-'));
    const file = join(dir, 'eth-usdc.csv');
    writeFileSync(file, 'date,close\n2024-01-01,1\n2024-01-02,2\n');
    const p = readPriceCsv(file);
    expect(p.names).toEqual(['eth-usdc']);
    expect(p.source).toBe(file);
    writeFileSync(file, 'date,close\n2024-01-01,1\n2024-01-01,2\n');
    expect(() => readPriceCsv(file)).toThrow(`${file}:3: duplicate time`);
    expect(() => readPriceCsv(join(dir, 'missing.csv'))).toThrow(/missing\.csv: cannot read the price file: no such file/);
  });
});

describe('parsePriceCsv: one clear DataError per problem, with file, line and field', () => {
  it('empty file or header only', () => {
    expectDataError('', 0, /the file is empty; expected a header row/);
    expectDataError('\n  \n', 0, /the file is empty/);
    expectDataError('date,close\n', 1, /no data rows after the header/);
    expectDataError('date,close\n2024-01-01,1\n', 2, /only one data row; a price path needs at least two/);
  });

  it('missing time or price column lists the columns found and the names accepted', () => {
    expectDataError('day,close\n2024-01-01,1\n', 1, /no time column: found columns day, close; expected one named timestamp \(Unix seconds or milliseconds\), date or time/);
    expectDataError('date,last\n2024-01-01,1\n', 1, /no price column: found columns date, last; expected one named close or price \(or choose one with the column option\)/);
    expectDataError('date,close\n2024-01-01,1\n', 1, /no price column "ETH" \(from the column option\): found columns date, close/, { column: 'ETH' });
    expectDataError('date,close,Close\n', 1, /column "Close" appears twice in the header \(columns 2 and 3\)/);
  });

  it('unparseable number, empty price, non-positive price', () => {
    expectDataError('date,close\n2024-01-01,1\n2024-01-02,abc\n', 3, /close "abc" is not a number; expected a plain decimal number such as 1455.22/);
    expectDataError('date,close\n2024-01-01,1\n2024-01-02,1,5\n', 3, /3 fields but the header \(line 1\) has 2: date, close/);
    expectDataError('date,close\n2024-01-01,\n', 2, /close is empty; expected a number/);
    expectDataError('date,close\n2024-01-01,1\n2024-01-02,0\n', 3, /close 0 is not positive; prices are quote per base and must be > 0/);
    expectDataError('date,close\n2024-01-01,1\n2024-01-02,-5\n', 3, /close -5 is not positive/);
    expectDataError('date,close\n2024-01-01,1\n2024-01-02,Infinity\n', 3, /close "Infinity" is not a number/);
  });

  it('unparseable date or timestamp', () => {
    expectDataError('date,close\n2024-01-01,1\n2024-02-30,2\n', 3, /date "2024-02-30" is not a valid date; expected ISO 8601 such as 2020-01-31/);
    expectDataError('date,close\n1704067200,1\n', 2, /date "1704067200" is not a valid date.*name the column timestamp/);
    expectDataError('timestamp,close\n2024-01-01,1\n', 2, /timestamp "2024-01-01" is not a number; expected Unix time in seconds \(1700000000\) or milliseconds/);
    expectDataError('timestamp,close\n1704067200000000,1\n', 2, /looks like micro- or nanoseconds/);
    expectDataError(`timestamp,close\n${T0},1\n${T0 * 1000 + 5000},2\n`, 3, /timestamp 1704067205000 looks like milliseconds but line 2 was in seconds; use one unit/);
  });

  it('times not strictly increasing names both lines; a duplicate time names both lines', () => {
    expectDataError('date,close\n2024-01-02,1\n\n2024-01-01,2\n', 4, /time 2024-01-01T00:00:00Z is before line 2 \(2024-01-02T00:00:00Z\); rows must be in strictly increasing time order/);
    expectDataError('date,close\n2024-01-01,1\n2024-01-02,1\n2024-01-02T00:00Z,2\n', 4, /duplicate time 2024-01-02T00:00:00Z: line 3 has the same time/);
  });

  it('inconsistent OHLC, negative volume', () => {
    expectDataError('date,open,high,low,close\n2024-01-01,10,9,11,10\n', 2, /high 9 is below low 11/);
    expectDataError('date,open,high,low,close\n2024-01-01,10,12,9,13\n', 2, /close 13 is above high 12; expected low <= close <= high/);
    expectDataError('date,open,high,low,close\n2024-01-01,8,12,9,10\n', 2, /open 8 is below low 9; expected low <= open <= high/);
    expectDataError('date,close,volume\n2024-01-01,10,-1\n', 2, /volume -1 must be >= 0/);
    expectDataError('date,close,high\n2024-01-01,10,x\n', 2, /high "x" is not a number/);
  });

  it('funding must be on every row; quotes must close; bad options', () => {
    expectDataError('date,close,funding\n2024-01-01,10,0.1\n2024-01-02,10,\n', 3, /funding is empty; give the funding rate per year on every row/);
    expectDataError('date,close\n2024-01-01,"10\n', 2, /unterminated quote/);
    expectDataError('date,close\n2024-01-01,10\n', 0, /fundingColumn lists 2 column\(s\) for 1 price column/, { fundingColumn: ['a', 'b'] });
    expectDataError('symbol,date,close\nA,2024-01-01,10\n', 1, /no data rows with symbol = B/, { where: { column: 'symbol', equals: 'B' } });
  });
});
