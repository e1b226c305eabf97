/**
 * Historical prices from a CSV file into a MarketPath, for backtests and keeper replays.
 *
 * Format (one header row, then one row per time, in strictly increasing time order):
 * - Column names are matched case-insensitively after trimming; columns not listed here are ignored.
 * - Time, one column:
 *   - `timestamp`: Unix time as a number, in seconds or milliseconds. The unit is detected per
 *     file from the first row: a magnitude of 1e11 or more is milliseconds (1e11 s is the year
 *     5138, 1e11 ms is March 1973), so any date after 1973 is read right either way. Every row
 *     must use the first row's unit; micro- and nanoseconds (>= 1e14) are rejected.
 *   - or `date` / `time`: ISO 8601, `2020-01-31`, `2020-01-31T16:00`, `2020-01-31 16:00:00.5`,
 *     optionally with `Z` or an offset `+02:00`. Without an offset the time is UTC. A date without
 *     a time is stamped at 00:00 UTC (or `dateOnlyOffsetSeconds` later). The vega-datasets style
 *     `Jan 1 2000` is accepted as a date.
 *   If several are present, `timestamp` wins over `date`, `date` over `time`.
 * - Price, required: `close`, else `price` (quote per base, > 0); or the column(s) named by the
 *   `column` option, several for a multi-asset file (one asset per column, same times).
 * - Optional for single-asset files: `open`, `high`, `low` (> 0; checked low <= open, close <= high),
 *   `volume` (>= 0) — an empty cell in these is stored as NaN (not reported) — and `funding`, the
 *   perpetual funding rate per year (positive: longs pay shorts), which must be given on every row.
 *   Multi-asset files name funding columns with `fundingColumn`.
 * - Fields are split on the delimiter (`,` by default) with plain string splitting; a field may be
 *   wrapped in double quotes (a doubled `""` inside is one quote), but a quoted field cannot span
 *   lines. Blank lines are skipped; line numbers in messages are physical lines of the file, 1-based.
 *
 * Any problem raises one DataError naming the file, the line, the column and value, and what is
 * allowed, and parsing stops there: a backtest on half-read data is worse than none.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { DataError } from '../core/errors.js';
import { SECONDS_PER_DAY } from '../core/units.js';
import type { MarketPath } from './market-path.js';

/**
 * A MarketPath read from data. Extends the engine's interface rather than changing it: OHLC and
 * volume are for reports and execution models that want intrabar ranges; the engine itself only
 * reads the MarketPath members.
 */
export interface PriceHistory extends MarketPath {
  /** The file path or label the data came from, as used in error messages. */
  readonly source: string;
  /** Per row, single-asset files only, when the columns exist; NaN where a cell was empty. Quote per base. */
  readonly open?: Float64Array;
  readonly high?: Float64Array;
  readonly low?: Float64Array;
  /** Traded volume per row as given in the file (usually base units); NaN where empty. */
  readonly volume?: Float64Array;
}

export interface CsvOptions {
  /** Label for error messages when parsing a string (readPriceCsv uses the path). Default `<csv>`. */
  source?: string;
  /** Asset name of a single-asset file. Default: the file name without extension, else `asset`. */
  name?: string;
  /** Price column to read instead of close/price, or several for a multi-asset file. */
  column?: string | readonly string[];
  /** Asset names for the `column`s (default: the column names as written in the header). */
  names?: readonly string[];
  /** Funding column(s), one per price column, per-year rates. Default: `funding` if a single-asset file has it. */
  fundingColumn?: string | readonly string[];
  /** Seconds after 00:00 UTC at which date-only rows are stamped, in [0, 86400). Default 0. */
  dateOnlyOffsetSeconds?: number;
  /** Keep only the rows whose `column` equals `equals` (long-format files with a symbol column). */
  where?: { column: string; equals: string };
  /** Field delimiter, one character. Default `,`. */
  delimiter?: string;
}

/** Reads a price CSV file. Errors name `path`. */
export function readPriceCsv(path: string, options: CsvOptions = {}): PriceHistory {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, expected a CSV file' : String((err as Error).message);
    throw new DataError(path, 0, `cannot read the price file: ${why}`, { cause: err });
  }
  const name = options.name ?? basename(path, extname(path));
  return parsePriceCsv(text, { ...options, source: path, name });
}

const TIME_COLUMNS = ['timestamp', 'date', 'time'] as const;
const PRICE_COLUMNS = ['close', 'price'] as const;
const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const VEGA_DATE_RE = /^([A-Za-z]{3})\s+(\d{1,2}),?\s+(\d{4})$/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** Seconds vs milliseconds threshold (see the module comment) and the start of micro/nanoseconds. */
const MS_THRESHOLD = 1e11;
const TOO_FINE_THRESHOLD = 1e14;

/** Splits one line into fields, honouring double quotes. Returns null on an unterminated quote. */
function splitLine(line: string, delimiter: string): string[] | null {
  if (!line.includes('"')) return line.split(delimiter);
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    // skip leading spaces before a possible quote
    let j = i;
    while (j < line.length && line[j] === ' ') j++;
    if (line[j] === '"') {
      let value = '';
      let k = j + 1;
      for (;;) {
        const q = line.indexOf('"', k);
        if (q < 0) return null;
        value += line.slice(k, q);
        if (line[q + 1] === '"') {
          value += '"';
          k = q + 2;
        } else {
          k = q + 1;
          break;
        }
      }
      const next = line.indexOf(delimiter, k);
      const rest = next < 0 ? line.slice(k) : line.slice(k, next);
      fields.push(value + rest.trim());
      if (next < 0) return fields;
      i = next + delimiter.length;
    } else {
      const next = line.indexOf(delimiter, i);
      if (next < 0) {
        fields.push(line.slice(i));
        return fields;
      }
      fields.push(line.slice(i, next));
      i = next + delimiter.length;
    }
  }
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Parses an ISO 8601 date or date-time (or `Jan 1 2000`) to seconds since the epoch, UTC.
 * Returns NaN when the text is not one.
 */
export function parseIsoTime(text: string, dateOnlyOffsetSeconds = 0): number {
  const m = ISO_RE.exec(text);
  if (m) {
    const year = Number(m[1]), month = Number(m[2]), day = Number(m[3]);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
    if (m[4] === undefined) return Date.UTC(year, month - 1, day) / 1000 + dateOnlyOffsetSeconds;
    const hour = Number(m[4]), minute = Number(m[5]), second = m[6] === undefined ? 0 : Number(m[6]);
    if (hour > 23 || minute > 59 || second > 59) return NaN;
    let t = Date.UTC(year, month - 1, day, hour, minute, second) / 1000 + (m[7] ? Number(m[7]) : 0);
    const zone = m[8];
    if (zone && zone.toUpperCase() !== 'Z') {
      const sign = zone[0] === '-' ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      const oh = Number(digits.slice(0, 2)), om = digits.length > 2 ? Number(digits.slice(2)) : 0;
      if (oh > 23 || om > 59) return NaN;
      t -= sign * (oh * 3600 + om * 60);
    }
    return t;
  }
  const v = VEGA_DATE_RE.exec(text);
  if (v) {
    const month = MONTHS.indexOf(v[1].toLowerCase()) + 1;
    const day = Number(v[2]), year = Number(v[3]);
    if (month === 0 || day < 1 || day > daysInMonth(year, month)) return NaN;
    return Date.UTC(year, month - 1, day) / 1000 + dateOnlyOffsetSeconds;
  }
  return NaN;
}

/** ISO form of a time in seconds, for messages. */
function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

function asList(x: string | readonly string[] | undefined): readonly string[] | undefined {
  return x === undefined ? undefined : typeof x === 'string' ? [x] : x;
}

/** Parses CSV text (the contents, not a path). `options.source` names it in error messages. */
export function parsePriceCsv(text: string, options: CsvOptions = {}): PriceHistory {
  const source = options.source ?? '<csv>';
  const delimiter = options.delimiter ?? ',';
  const fail = (line: number, message: string): never => {
    throw new DataError(source, line, message);
  };
  const dateOffset = options.dateOnlyOffsetSeconds ?? 0;
  if (!(dateOffset >= 0 && dateOffset < SECONDS_PER_DAY)) fail(0, `dateOnlyOffsetSeconds must be in [0, 86400), got ${dateOffset}`);
  if (delimiter.length !== 1 || delimiter === '"') fail(0, `the delimiter must be one character other than ", got "${delimiter}"`);

  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let headerIndex = 0;
  while (headerIndex < lines.length && lines[headerIndex].trim() === '') headerIndex++;
  if (headerIndex === lines.length) fail(0, 'the file is empty; expected a header row such as "date,close" followed by one row per time');
  const headerLine = headerIndex + 1;
  const rawHeader = splitLine(lines[headerIndex], delimiter) ?? fail(headerLine, 'unterminated quote in the header row');
  const header = rawHeader.map((h) => h.trim());
  const lower = header.map((h) => h.toLowerCase());
  const found = header.map((h) => (h === '' ? '(empty)' : h)).join(', ');
  lower.forEach((h, i) => {
    if (h !== '' && lower.indexOf(h) !== i) fail(headerLine, `column "${header[i]}" appears twice in the header (columns ${lower.indexOf(h) + 1} and ${i + 1})`);
  });
  const find = (name: string) => lower.indexOf(name.trim().toLowerCase());

  // Time column.
  const timeName = TIME_COLUMNS.find((n) => lower.includes(n));
  if (timeName === undefined) {
    fail(headerLine, `no time column: found columns ${found}; expected one named timestamp (Unix seconds or milliseconds), date or time (ISO 8601, UTC)`);
  }
  const timeCol = lower.indexOf(timeName as string);

  // Price column(s).
  const wanted = asList(options.column);
  let priceCols: number[];
  let names: string[];
  if (wanted !== undefined) {
    if (wanted.length === 0) fail(0, 'the column option lists no columns');
    priceCols = wanted.map((c) => {
      const i = find(c);
      if (i < 0) fail(headerLine, `no price column "${c}" (from the column option): found columns ${found}`);
      return i;
    });
    names = priceCols.map((i) => header[i]);
  } else {
    const i = PRICE_COLUMNS.map((n) => lower.indexOf(n)).find((k) => k >= 0);
    if (i === undefined) fail(headerLine, `no price column: found columns ${found}; expected one named close or price (or choose one with the column option)`);
    priceCols = [i as number];
    names = [options.name ?? 'asset'];
  }
  const assets = priceCols.length;
  if (options.names !== undefined) {
    if (options.names.length !== assets) fail(0, `the names option gives ${options.names.length} names for ${assets} price column(s)`);
    names = [...options.names];
  } else if (wanted !== undefined && assets === 1 && options.name !== undefined) {
    names = [options.name];
  }

  // Optional columns.
  const single = assets === 1;
  const opt = (n: string) => (single ? lower.indexOf(n) : -1);
  const openCol = opt('open'), highCol = opt('high'), lowCol = opt('low'), volumeCol = opt('volume');
  let fundingCols: number[] | undefined;
  const fundingWanted = asList(options.fundingColumn);
  if (fundingWanted !== undefined) {
    if (fundingWanted.length !== assets) fail(0, `fundingColumn lists ${fundingWanted.length} column(s) for ${assets} price column(s); give one per price column`);
    fundingCols = fundingWanted.map((c) => {
      const i = find(c);
      if (i < 0) fail(headerLine, `no funding column "${c}" (from the fundingColumn option): found columns ${found}`);
      return i;
    });
  } else if (single && lower.includes('funding')) {
    fundingCols = [lower.indexOf('funding')];
  }
  const priceIsClose = wanted === undefined ? lower[priceCols[0]] === 'close' : false;
  let whereCol = -1;
  if (options.where !== undefined) {
    whereCol = find(options.where.column);
    if (whereCol < 0) fail(headerLine, `no column "${options.where.column}" (from the where option): found columns ${found}`);
  }

  // Rows.
  const times: number[] = [];
  const prices: number[] = [];
  const funding: number[] = [];
  const open: number[] = [], high: number[] = [], low: number[] = [], volume: number[] = [];
  let prevTime = NaN, prevLine = 0, firstTimeLine = 0;
  let millis: boolean | undefined;

  const parseNumber = (cell: string, column: string, line: number, example: string): number => {
    const s = cell.trim();
    if (s === '') fail(line, `${column} is empty; expected a number such as ${example}`);
    if (!NUMBER_RE.test(s)) fail(line, `${column} "${s}" is not a number; expected a plain decimal number such as ${example}`);
    return Number(s);
  };
  const parseOptional = (cells: string[], col: number, line: number, allowZero: boolean): number => {
    if (col < 0) return NaN;
    const s = cells[col].trim();
    if (s === '') return NaN;
    const x = parseNumber(s, header[col], line, allowZero ? '1200' : '1455.22');
    if (allowZero ? !(x >= 0) : !(x > 0)) fail(line, `${header[col]} ${s} must be ${allowZero ? '>= 0' : '> 0 (quote per base)'}`);
    return x;
  };

  for (let li = headerIndex + 1; li < lines.length; li++) {
    const raw = lines[li];
    if (raw.trim() === '') continue;
    const line = li + 1;
    const cells = splitLine(raw, delimiter) ?? fail(line, 'unterminated quote: a quoted field must end with " on the same line');
    if (cells.length !== header.length) fail(line, `${cells.length} fields but the header (line ${headerLine}) has ${header.length}: ${found}`);
    if (whereCol >= 0 && cells[whereCol].trim() !== options.where!.equals) continue;

    // Time.
    const tCell = cells[timeCol].trim();
    let t: number;
    if (timeName === 'timestamp') {
      if (tCell === '' || !NUMBER_RE.test(tCell)) {
        fail(line, `timestamp "${tCell}" is not a number; expected Unix time in seconds (1700000000) or milliseconds (1700000000000)`);
      }
      const x = Number(tCell);
      const mag = Math.abs(x);
      if (mag >= TOO_FINE_THRESHOLD) fail(line, `timestamp ${tCell} looks like micro- or nanoseconds; use Unix seconds or milliseconds`);
      const isMs = mag >= MS_THRESHOLD;
      if (millis === undefined) {
        millis = isMs;
        firstTimeLine = line;
      } else if (isMs !== millis) {
        fail(line, `timestamp ${tCell} looks like ${isMs ? 'milliseconds' : 'seconds'} but line ${firstTimeLine} was in ${millis ? 'milliseconds' : 'seconds'}; use one unit for the whole file`);
      }
      t = isMs ? x / 1000 : x;
    } else {
      t = parseIsoTime(tCell, dateOffset);
      if (Number.isNaN(t)) {
        const hint = NUMBER_RE.test(tCell) ? ` (it looks like a Unix time: name the column timestamp)` : '';
        fail(line, `${header[timeCol]} "${tCell}" is not a valid date; expected ISO 8601 such as 2020-01-31 or 2020-01-31T16:00:00Z (UTC unless an offset is given)${hint}`);
      }
    }
    if (times.length > 0) {
      if (t === prevTime) fail(line, `duplicate time ${iso(t)}: line ${prevLine} has the same time; each time must appear once`);
      if (t < prevTime) fail(line, `time ${iso(t)} is before line ${prevLine} (${iso(prevTime)}); rows must be in strictly increasing time order`);
    }

    // Prices.
    for (let a = 0; a < assets; a++) {
      const col = priceCols[a];
      const x = parseNumber(cells[col], header[col], line, '1455.22');
      if (!(x > 0)) fail(line, `${header[col]} ${cells[col].trim()} is not positive; prices are quote per base and must be > 0`);
      prices.push(x);
    }
    if (fundingCols !== undefined) {
      for (const col of fundingCols) {
        const s = cells[col].trim();
        if (s === '') fail(line, `${header[col]} is empty; give the funding rate per year on every row (0.1 = 10%/year, positive: longs pay) or remove the column`);
        funding.push(parseNumber(s, header[col], line, '0.1 (per year)'));
      }
    }
    if (single) {
      const o = parseOptional(cells, openCol, line, false), h = parseOptional(cells, highCol, line, false), l = parseOptional(cells, lowCol, line, false);
      if (h < l) fail(line, `high ${cells[highCol].trim()} is below low ${cells[lowCol].trim()}`);
      const close = priceIsClose ? prices[prices.length - 1] : NaN;
      for (const [label, col, x] of [['open', openCol, o], ['close', priceCols[0], close]] as const) {
        if (x > h) fail(line, `${label} ${cells[col].trim()} is above high ${cells[highCol].trim()}; expected low <= ${label} <= high`);
        if (x < l) fail(line, `${label} ${cells[col].trim()} is below low ${cells[lowCol].trim()}; expected low <= ${label} <= high`);
      }
      open.push(o); high.push(h); low.push(l);
      volume.push(parseOptional(cells, volumeCol, line, true));
    }
    times.push(t);
    prevTime = t;
    prevLine = line;
  }

  if (times.length === 0) {
    fail(headerLine, options.where ? `no data rows with ${options.where.column} = ${options.where.equals}` : 'no data rows after the header');
  }
  if (times.length === 1) fail(prevLine, 'only one data row; a price path needs at least two (a start and one step)');

  const result: {
    -readonly [K in keyof PriceHistory]: PriceHistory[K];
  } = {
    source,
    assets,
    names: Object.freeze(names),
    steps: times.length - 1,
    times: Float64Array.from(times),
    prices: Float64Array.from(prices),
  };
  if (fundingCols !== undefined) result.funding = Float64Array.from(funding);
  if (single) {
    if (openCol >= 0) result.open = Float64Array.from(open);
    if (highCol >= 0) result.high = Float64Array.from(high);
    if (lowCol >= 0) result.low = Float64Array.from(low);
    if (volumeCol >= 0) result.volume = Float64Array.from(volume);
  }
  return result;
}

/**
 * Writes a MarketPath as CSV text that parsePriceCsv reads back to the same numbers: a
 * `timestamp` column in Unix seconds, one price column per asset (named `close` for a single
 * asset, else by asset name), and `funding` column(s) when the path has funding. Numbers are
 * written in JavaScript's shortest round-trip form, so nothing is lost.
 */
export function formatPriceCsv(path: MarketPath): string {
  const n = path.assets;
  const single = n === 1;
  const priceNames = single ? ['close'] : [...path.names];
  const fundingNames = path.funding ? (single ? ['funding'] : path.names.map((a) => `funding_${a}`)) : [];
  const rows = [['timestamp', ...priceNames, ...fundingNames].join(',')];
  for (let t = 0; t <= path.steps; t++) {
    const cells = [String(path.times[t])];
    for (let i = 0; i < n; i++) cells.push(String(path.prices[t * n + i]));
    if (path.funding) for (let i = 0; i < n; i++) cells.push(String(path.funding[t * n + i]));
    rows.push(cells.join(','));
  }
  return rows.join('\n') + '\n';
}
