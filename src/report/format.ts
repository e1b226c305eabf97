/**
 * Number formatting for reports, by unit (see the Report doc comment in report-model.ts).
 *
 * Values arrive raw (fractions, not percentages) and leave as display text:
 *
 * | unit                       | value     | shown as         |
 * | -------------------------- | --------- | ---------------- |
 * | 'fraction', 'probability'  | 0.1234    | 12.3%            |
 * | 'bps' (a fraction)         | 0.0012    | 12.0 bps         |
 * | 'quote'                    | 1234567.8 | 1.23M            |
 * | 'count'                    | 12345     | 12,345           |
 * | 'leverage'                 | 3         | 3.00x            |
 * | 'log'                      | -0.0123   | -0.0123          |
 * | 'years'                    | 0.25      | 91.3 days        |
 * | 'seconds'                  | 5400      | 1h 30m           |
 * | anything else              | 0.8       | 0.800 per year   |
 *
 * 'bps' follows the model's rule that numbers are raw fractions: 0.0012 is shown as 12.0 bps.
 *
 * Precision comes from the magnitude (three significant digits by default, more for large
 * numbers that keep their integer part), and for a value with a confidence interval from the
 * interval's width, so the digits shown are the ones the estimate supports. Output never depends
 * on the machine's locale: the thousands separator is always "," and the decimal point ".".
 * Missing or non-finite values (null, undefined, NaN, ±Infinity) are shown as an em dash.
 */

import { DAYS_PER_YEAR, SECONDS_PER_DAY, SECONDS_PER_YEAR } from '../core/units.js';

/** What a missing or non-finite number is shown as. */
export const MISSING = '\u2014';


/** Default significant digits. */
const SIG = 3;
/** Below this magnitude (after scaling to the display unit) a number is written in exponent form. */
const TINY = 1e-6;
/** From this magnitude on a number is written in exponent form (or compact for quote/count). */
const HUGE = 1e15;

export interface FormatOptions {
  /** Significant digits (default 3). */
  sig?: number;
  /** Fixed number of decimals (in the display unit, e.g. percent points); overrides `sig`. */
  decimals?: number;
  /**
   * Append the unit for units whose number carries no symbol of its own (the default case,
   * e.g. "0.800 per sqrt year"). Tables turn this off and put the unit in the column header.
   * Default true.
   */
  withUnit?: boolean;
}

export function isMissing(value: number | null | undefined): value is null | undefined {
  return value === null || value === undefined || !Number.isFinite(value);
}

/** Decimals that show `abs` with `sig` significant digits (0 for numbers with that many integer digits). */
export function decimalsFor(abs: number, sig: number = SIG, maxDecimals = 12): number {
  if (!(abs > 0) || !Number.isFinite(abs)) return 0;
  const magnitude = Math.floor(Math.log10(abs));
  let decimals = Math.min(maxDecimals, Math.max(0, sig - 1 - magnitude));
  // 9.996 at 3 digits rounds to 10.00: one decimal fewer keeps the digit count.
  if (decimals > 0 && Math.abs(Number(abs.toFixed(decimals))) >= 10 ** (magnitude + 1)) decimals -= 1;
  return decimals;
}

/** `value` with `decimals` decimals and "," between thousands; never "-0". */
export function fixed(value: number, decimals: number): string {
  const d = Math.max(0, Math.min(20, Math.round(decimals)));
  let text = Math.abs(value).toFixed(d);
  if (text.includes('e')) return expo(value, SIG);
  const negative = value < 0 && /[1-9]/.test(text);
  const dot = text.indexOf('.');
  const intPart = dot < 0 ? text : text.slice(0, dot);
  const fracPart = dot < 0 ? '' : text.slice(dot);
  text = groupThousands(intPart) + fracPart;
  return negative ? `-${text}` : text;
}

function groupThousands(digits: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return out;
}

/** Exponent form with `sig` significant digits: 1.23e-7, -4.56e+18. */
function expo(value: number, sig: number): string {
  return value.toExponential(Math.max(0, sig - 1));
}

/** A plain decimal with significant digits chosen from the magnitude, exponent form when tiny or huge. */
export function formatDecimal(value: number, opts: { sig?: number; decimals?: number } = {}): string {
  if (isMissing(value)) return MISSING;
  const sig = opts.sig ?? SIG;
  const abs = Math.abs(value);
  if (opts.decimals === undefined && abs !== 0 && (abs < TINY || abs >= HUGE)) return expo(value, sig);
  return fixed(value, opts.decimals ?? decimalsFor(abs, sig));
}

const COMPACT: [number, string][] = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
];

/** Large numbers as 1.23M / 4.56B / 7.89T (exponent form from 1e15), smaller ones as decimals. */
export function formatCompact(value: number, opts: { sig?: number; decimals?: number; below?: (v: number) => string } = {}): string {
  if (isMissing(value)) return MISSING;
  const abs = Math.abs(value);
  const sig = opts.sig ?? SIG;
  if (abs >= HUGE) return expo(value, sig);
  for (const [scale, suffix] of COMPACT) {
    if (abs >= scale) {
      const scaled = value / scale;
      // 999.96M would round to 1000.0M: move to the next suffix through the generic path.
      const decimals = opts.decimals ?? decimalsFor(Math.abs(scaled), sig);
      const text = fixed(scaled, decimals);
      if (Math.abs(Number(text.replace(/,/g, ''))) >= 1000 && scale < 1e12) {
        return formatCompact(Math.sign(value) * 1000 * scale, opts);
      }
      return `${text}${suffix}`;
    }
  }
  return opts.below ? opts.below(value) : formatDecimal(value, opts);
}

/** Quote amounts: 2 decimals with separators below a million, compact above, significant digits below 1. */
function formatQuote(value: number, opts: FormatOptions): string {
  return formatCompact(value, {
    ...opts,
    below: (v) => {
      const abs = Math.abs(v);
      if (opts.decimals !== undefined) return fixed(v, opts.decimals);
      if (abs === 0) return '0.00';
      if (abs < TINY) return expo(v, opts.sig ?? SIG);
      return fixed(v, abs >= 1 ? 2 : decimalsFor(abs, opts.sig ?? SIG));
    },
  });
}

function formatCount(value: number, opts: FormatOptions): string {
  const abs = Math.abs(value);
  if (abs >= 1e12) return formatCompact(value, opts);
  if (opts.decimals !== undefined) return fixed(value, opts.decimals);
  if (Number.isInteger(value)) return fixed(value, 0);
  // A mean count (12.34 rebalances per path) keeps a few decimals.
  return fixed(value, Math.min(2, decimalsFor(abs, opts.sig ?? SIG)));
}

function formatPercent(value: number, opts: FormatOptions): string {
  const pct = value * 100;
  const abs = Math.abs(pct);
  if (opts.decimals === undefined && abs !== 0 && abs < TINY * 100) return `${expo(pct, opts.sig ?? SIG)}%`;
  if (opts.decimals === undefined && abs >= HUGE) return `${expo(pct, opts.sig ?? SIG)}%`;
  return `${fixed(pct, opts.decimals ?? decimalsFor(abs, opts.sig ?? SIG))}%`;
}

function formatLeverage(value: number, opts: FormatOptions): string {
  const abs = Math.abs(value);
  const decimals = opts.decimals ?? (abs !== 0 && abs < 0.1 ? decimalsFor(abs, opts.sig ?? SIG) : 2);
  if (opts.decimals === undefined && abs >= HUGE) return `${expo(value, SIG)}x`;
  return `${fixed(value, decimals)}x`;
}

function formatLog(value: number, opts: FormatOptions): string {
  const text = formatDecimal(value, opts);
  return value > 0 && /[1-9]/.test(text) ? `+${text}` : text;
}

/**
 * A duration in seconds for reading: "45.0 s", "12m 30s", "4h 5m", "3d 12h"; under a second in
 * ms or µs. Durations of a minute or more are rounded to the second and show their two largest
 * parts. (core/units formatDuration writes the config syntax, "1h30m", exactly.)
 */
export function formatDuration(seconds: number, opts: { sig?: number; decimals?: number } = {}): string {
  if (isMissing(seconds)) return MISSING;
  const sign = seconds < 0 ? '-' : '';
  const abs = Math.abs(seconds);
  if (abs === 0) return '0 s';
  if (abs < 1e-3) return `${sign}${formatDecimal(abs * 1e6, opts)} \u00b5s`;
  if (abs < 1) return `${sign}${formatDecimal(abs * 1e3, opts)} ms`;
  if (abs < 60 || opts.decimals !== undefined) return `${sign}${formatDecimal(abs, opts)} s`;
  if (abs >= 1000 * SECONDS_PER_YEAR) return `${sign}${formatDecimal(abs / SECONDS_PER_YEAR, opts)} years`;
  const total = Math.round(abs);
  const parts: [number, string][] = [
    [Math.floor(total / SECONDS_PER_DAY), 'd'],
    [Math.floor((total % SECONDS_PER_DAY) / 3600), 'h'],
    [Math.floor((total % 3600) / 60), 'm'],
    [total % 60, 's'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  const shown = parts.slice(first, first + 2).filter(([n]) => n > 0);
  return sign + shown.map(([n, u]) => `${groupThousands(String(n))}${u}`).join(' ');
}

/** Years of 365 days: "2.50 years" from one year on, days or a duration below. */
function formatYears(value: number, opts: FormatOptions): string {
  const abs = Math.abs(value);
  if (abs >= 1 || abs === 0) return `${formatDecimal(value, opts)} ${abs === 1 ? 'year' : 'years'}`;
  const days = value * DAYS_PER_YEAR;
  if (Math.abs(days) >= 1) return `${formatDecimal(days, opts)} days`;
  return formatDuration(value * SECONDS_PER_YEAR, opts);
}

/** Units whose formatted number carries the unit itself (%, bps, x, durations) or needs none. */
const SELF_DESCRIBING = new Set(['fraction', 'probability', 'bps', 'leverage', 'count', 'log', 'years', 'seconds', '']);

/**
 * Format one number for display by its unit (see the table at the top of this file). `null`,
 * `undefined`, NaN and ±Infinity give an em dash.
 */
export function formatNumber(value: number | null | undefined, unit = '', opts: FormatOptions = {}): string {
  if (isMissing(value)) return MISSING;
  switch (unit) {
    case 'fraction':
    case 'probability':
      return formatPercent(value, opts);
    case 'bps':
      return `${formatDecimal(value * 1e4, opts)} bps`;
    case 'quote':
      return formatQuote(value, opts);
    case 'count':
      return formatCount(value, opts);
    case 'leverage':
      return formatLeverage(value, opts);
    case 'log':
      return formatLog(value, opts);
    case 'years':
      return formatYears(value, opts);
    case 'seconds':
      return formatDuration(value, opts);
    default: {
      const text = formatDecimal(value, opts);
      return unit && opts.withUnit !== false ? `${text} ${unit}` : text;
    }
  }
}

/**
 * The unit as a reader sees it next to a number or in a header, or '' when the formatted number
 * already says it (percent, bps, x, durations, counts, log ratios).
 */
export function unitSuffix(unit: string | undefined): string {
  if (!unit || SELF_DESCRIBING.has(unit)) return '';
  return unit;
}

/** A short description of the unit for figure cards and axis names ("percent", "basis points", "quote"). */
export function unitName(unit: string | undefined): string {
  switch (unit ?? '') {
    case 'fraction':
      return 'percent';
    case 'probability':
      return 'probability, percent';
    case 'bps':
      return 'basis points';
    case 'leverage':
      return 'leverage, x';
    case 'log':
      return 'log ratio';
    case 'count':
      return 'count';
    case 'years':
    case 'seconds':
      return 'duration';
    case '':
      return '';
    default:
      return unit as string;
  }
}

/** The unit in the same scale as the tick labels of a chart axis, for the axis name ("%", "bps", "x"). */
export function axisUnitLabel(unit: string | undefined): string {
  switch (unit ?? '') {
    case 'fraction':
    case 'probability':
      return '%';
    case 'bps':
      return 'bps';
    case 'leverage':
      return 'x';
    case 'log':
      return 'log ratio';
    case 'count':
      return '';
    case 'years':
      return 'years';
    case 'seconds':
      return '';
    default:
      return unit ?? '';
  }
}

/** "Label (unit)" for axis names and column headers; just the label when there is no unit to add. */
export function labelWithUnit(label: string, unit: string | undefined): string {
  const u = axisUnitLabel(unit);
  return u ? `${label} (${u})` : label;
}

/** Decimals (in the display scale) that show a CI of this width with two significant digits. */
function ciDecimals(value: number, low: number, high: number, unit: string, sig: number): number | undefined {
  const scale = unit === 'fraction' || unit === 'probability' ? 100 : unit === 'bps' ? 1e4 : 1;
  const width = Math.abs(high - low) * scale;
  const mid = Math.abs(value) * scale;
  if (!(width > 0) || !(mid > 0)) return undefined;
  if (mid < TINY || mid >= 1e6 || unit === 'seconds' || unit === 'years') return undefined;
  if (unit === 'count' && Number.isInteger(value) && Number.isInteger(low) && Number.isInteger(high)) return undefined;
  // At least the value's own precision, at most enough to show the width with 2 digits.
  return Math.min(8, Math.max(decimalsFor(mid, sig), decimalsFor(width, 2)));
}

/** The parts of a value with its CI, formatted with shared decimals (see formatWithCi). */
export interface CiParts {
  value: string;
  low: string;
  high: string;
  /** Unit word to write after the numbers ('' when they carry their unit or need none). */
  unit: string;
}

export function formatCiParts(value: number, low: number, high: number, unit = '', opts: FormatOptions = {}): CiParts {
  const decimals = opts.decimals ?? ciDecimals(value, low, high, unit, opts.sig ?? SIG);
  const inner: FormatOptions = { ...opts, withUnit: false, ...(decimals === undefined ? {} : { decimals }) };
  const f = (v: number) => formatNumber(v, unit, inner);
  return { value: f(value), low: f(low), high: f(high), unit: unitSuffixForText(unit) };
}

/**
 * A value with its 95% confidence interval: "12.3% (95% CI 11.9% to 12.7%)". Decimals are shared
 * by the three numbers and chosen so the interval's width shows. For units written after the
 * number, the unit appears once at the end.
 */
export function formatWithCi(
  value: number | null | undefined,
  low: number | null | undefined,
  high: number | null | undefined,
  unit = '',
  opts: FormatOptions = {},
): string {
  if (isMissing(value)) return MISSING;
  if (isMissing(low) || isMissing(high)) return formatNumber(value, unit, opts);
  const p = formatCiParts(value, low, high, unit, opts);
  const suffix = opts.withUnit !== false && p.unit ? ` ${p.unit}` : '';
  return `${p.value} (95% CI ${p.low} to ${p.high})${suffix}`;
}

/** The unit written after a default-unit number ('' for quote, whose amounts go without a word). */
function unitSuffixForText(unit: string): string {
  return unit === 'quote' ? '' : unitSuffix(unit);
}

export type Cell = string | number | null | undefined | [number, number, number];

/** A table cell: text as is, a number by its unit, [value, low, high] as a value with its CI. */
export function formatCell(cell: Cell, unit = '', opts: FormatOptions = {}): string {
  if (cell === null || cell === undefined) return MISSING;
  if (typeof cell === 'string') return cell;
  if (Array.isArray(cell)) return formatWithCi(cell[0], cell[1], cell[2], unit, opts);
  return formatNumber(cell, unit, opts);
}

/**
 * A short label for an axis tick: like formatNumber but compact (1.2M), trailing zeros trimmed,
 * and without a unit word (the axis name carries it).
 */
export function formatTick(value: number, unit = ''): string {
  if (isMissing(value)) return '';
  if (value === 0) return unit === 'fraction' || unit === 'probability' ? '0%' : unit === 'leverage' ? '0x' : '0';
  const trim = (s: string) => s.replace(/(\.\d*?)0+(?=$|[^\d])/, '$1').replace(/\.(?=$|[^\d])/, '');
  switch (unit) {
    case 'fraction':
    case 'probability':
      return trim(formatPercent(value, { sig: 3 }));
    case 'bps':
      return trim(formatDecimal(value * 1e4, { sig: 3 }));
    case 'leverage':
      return trim(formatLeverage(value, { sig: 3, decimals: decimalsFor(Math.abs(value), 3) }));
    case 'log':
      return trim(formatLog(value, { sig: 3 }));
    case 'seconds':
      return formatDuration(value, { sig: 3 });
    case 'count':
    default:
      return trim(formatCompact(value, { sig: 3, below: (v) => formatDecimal(v, { sig: 3, decimals: Math.abs(v) >= 100 ? 0 : undefined }) }));
  }
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** A UTC date (and time when `withTime`) from seconds since the epoch: "2024-03-01 08:00". */
export function formatUtc(seconds: number, withTime = true): string {
  if (isMissing(seconds)) return MISSING;
  const d = new Date(seconds * 1000);
  if (Number.isNaN(d.getTime())) return MISSING;
  const date = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  return withTime ? `${date} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}` : date;
}
