/**
 * Built-in historical data, so a backtest runs out of the box without the user finding a CSV.
 *
 * The files come from the npm package `vega-datasets` (BSD-3-Clause), a dependency of Keel. They
 * are equity prices, not crypto: the point is real paths with real crashes (2000-02, 2008-09,
 * March 2020) to stress rebalancing policies. Note that equities trade on business days only, so
 * steps are 1 day apart on weekdays and 3 over a weekend; the engine's time is the true elapsed
 * time (365-day years), so per-step accruals come out right, but a "daily" schedule has no price
 * on weekends.
 *
 * Times: the files give dates only; each row is stamped at 00:00 UTC of its date, like any
 * date-only row in a CSV (see csv.ts). That is a convention, not when the close happened (16:00 New
 * York, 20:00 or 21:00 UTC): pass `dateOnlyOffsetSeconds: 75600` to stamp rows at 21:00 UTC
 * instead. Only the spacing of times matters to a backtest, and it is the same either way.
 *
 * The files are found through the package's resolved entry point, never a fixed path, so they
 * load from any install location (global, workspace, bundled node_modules).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ConfigError, DataError } from '../core/errors.js';
import { readPriceCsv, type CsvOptions, type PriceHistory } from './csv.js';

export interface DatasetInfo {
  /** Identifier used in configs and on the command line, e.g. `sp500`. */
  readonly id: string;
  /** One line for `keel datasets`. */
  readonly description: string;
  /** Asset name the path carries. */
  readonly asset: string;
  readonly frequency: 'daily (business days)' | 'monthly';
  /** First and last dates, ISO. */
  readonly first: string;
  readonly last: string;
  /** Number of rows (the path has rows - 1 steps). */
  readonly rows: number;
  /** Where the data comes from. */
  readonly source: string;
}

interface DatasetEntry extends DatasetInfo {
  readonly file: string;
  readonly csv: CsvOptions;
}

const VEGA = 'vega-datasets (BSD-3-Clause), originally Yahoo Finance';

function stock(symbol: string, company: string, first: string, rows: number): DatasetEntry {
  return {
    id: symbol.toLowerCase(),
    description: `${company} (${symbol}) monthly stock price, ${first.slice(0, 7)} to 2010-03, dot-com bust and 2008 included`,
    asset: symbol,
    frequency: 'monthly',
    first,
    last: '2010-03-01',
    rows,
    source: VEGA,
    file: 'stocks.csv',
    csv: { column: 'price', name: symbol, where: { column: 'symbol', equals: symbol } },
  };
}

const DATASETS: readonly DatasetEntry[] = [
  {
    id: 'sp500',
    description: 'S&P 500 index, daily open/high/low/close and volume, 2000-01-03 to 2020-04-17: the dot-com bust, 2008 (low 676.53 on 2009-03-09) and the March 2020 crash',
    asset: 'SPX',
    frequency: 'daily (business days)',
    first: '2000-01-03',
    last: '2020-04-17',
    rows: 5105,
    source: VEGA,
    file: 'sp500-2000.csv',
    csv: { name: 'SPX' },
  },
  {
    id: 'sp500-monthly',
    description: 'S&P 500 index, monthly closes, 2000-01 to 2010-03',
    asset: 'SPX',
    frequency: 'monthly',
    first: '2000-01-01',
    last: '2010-03-01',
    rows: 123,
    source: VEGA,
    file: 'sp500.csv',
    csv: { name: 'SPX' },
  },
  stock('AAPL', 'Apple', '2000-01-01', 123),
  stock('AMZN', 'Amazon', '2000-01-01', 123),
  stock('GOOG', 'Google', '2004-08-01', 68),
  stock('IBM', 'IBM', '2000-01-01', 123),
  stock('MSFT', 'Microsoft', '2000-01-01', 123),
];

/** The built-in datasets, for `keel datasets` and config validation. */
export function listDatasets(): readonly DatasetInfo[] {
  return DATASETS.map(({ file: _file, csv: _csv, ...info }) => info);
}

/** Directory of the installed vega-datasets package's data files. */
function vegaDataDir(): string {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve('vega-datasets');
  } catch (err) {
    throw new DataError('vega-datasets', 0, 'the vega-datasets package is not installed; it is a dependency of keel, reinstall with npm install', { cause: err });
  }
  // The package exports only its entry point, so walk up from it to the package root.
  for (let dir = dirname(entry); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'vega-datasets') return join(dir, 'data');
    if (dirname(dir) === dir) throw new DataError(entry, 0, 'cannot find the root of the vega-datasets package above its entry point');
  }
}

/** Absolute path of a dataset's file in the installed package. */
export function datasetPath(id: string, field = 'dataset'): string {
  return join(vegaDataDir(), entry(id, field).file);
}

function entry(id: string, field: string): DatasetEntry {
  const e = DATASETS.find((d) => d.id === id.trim().toLowerCase());
  if (!e) throw new ConfigError(field, `unknown dataset "${id}"; available: ${DATASETS.map((d) => d.id).join(', ')}`);
  return e;
}

/**
 * Loads a built-in dataset as a price path. `field` names the config field in the error for an
 * unknown id. `dateOnlyOffsetSeconds` moves the stamp of each date from 00:00 UTC (see above).
 */
export function loadDataset(id: string, options: { dateOnlyOffsetSeconds?: number; field?: string } = {}): PriceHistory {
  const e = entry(id, options.field ?? 'dataset');
  return readPriceCsv(join(vegaDataDir(), e.file), { ...e.csv, dateOnlyOffsetSeconds: options.dateOnlyOffsetSeconds });
}
