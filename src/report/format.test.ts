import { describe, expect, it } from 'vitest';
import {
  decimalsFor,
  formatCell,
  formatCiParts,
  formatDuration,
  formatNumber,
  formatTick,
  formatUtc,
  formatWithCi,
  labelWithUnit,
  MISSING,
  unitSuffix,
} from './format.js';

describe('formatNumber by unit', () => {
  it.each([
    [0.1234, '12.3%'],
    [0.5, '50.0%'],
    [1, '100%'],
    [2.5, '250%'],
    [-0.0123, '-1.23%'],
    [0.001234, '0.123%'],
    [0, '0%'],
    [1e-9, '1.00e-7%'],
  ])('fraction %s -> %s', (v, text) => {
    expect(formatNumber(v, 'fraction')).toBe(text);
    expect(formatNumber(v, 'probability')).toBe(text);
  });

  it('bps shows a raw fraction in basis points', () => {
    expect(formatNumber(0.0012, 'bps')).toBe('12.0 bps');
    expect(formatNumber(0.0001, 'bps')).toBe('1.00 bps');
    expect(formatNumber(-0.05, 'bps')).toBe('-500 bps');
  });

  it.each([
    [1234.5, '1,234.50'],
    [-987654.321, '-987,654.32'],
    [1_234_567.8, '1.23M'],
    [2.5e9, '2.50B'],
    [999_999_999, '1.00B'],
    [-5e12, '-5.00T'],
    [0.00123, '0.00123'],
    [0, '0.00'],
    [1e20, '1.00e+20'],
    [3e-9, '3.00e-9'],
  ])('quote %s -> %s', (v, text) => {
    expect(formatNumber(v, 'quote')).toBe(text);
  });

  it('count: integers with separators, mean counts with a few decimals', () => {
    expect(formatNumber(12345, 'count')).toBe('12,345');
    expect(formatNumber(-7, 'count')).toBe('-7');
    expect(formatNumber(12.345, 'count')).toBe('12.3');
    expect(formatNumber(0.5, 'count')).toBe('0.50');
    expect(formatNumber(3e12, 'count')).toBe('3.00T');
  });

  it('leverage with an x', () => {
    expect(formatNumber(3, 'leverage')).toBe('3.00x');
    expect(formatNumber(-1, 'leverage')).toBe('-1.00x');
    expect(formatNumber(2.0049, 'leverage')).toBe('2.00x');
    expect(formatNumber(0.01234, 'leverage')).toBe('0.0123x');
  });

  it('log as a signed decimal', () => {
    expect(formatNumber(0.0123, 'log')).toBe('+0.0123');
    expect(formatNumber(-0.5, 'log')).toBe('-0.500');
    expect(formatNumber(0, 'log')).toBe('0');
    expect(formatNumber(1e-9, 'log')).toBe('+1.00e-9');
  });

  it('years and seconds as durations', () => {
    expect(formatNumber(2.5, 'years')).toBe('2.50 years');
    expect(formatNumber(1, 'years')).toBe('1.00 year');
    expect(formatNumber(0.25, 'years')).toBe('91.3 days');
    expect(formatNumber(1 / 365 / 24, 'years')).toBe('1h');
    expect(formatNumber(45, 'seconds')).toBe('45.0 s');
    expect(formatNumber(5400, 'seconds')).toBe('1h 30m');
    expect(formatNumber(86_400 * 3.5, 'seconds')).toBe('3d 12h');
    expect(formatNumber(90_061, 'seconds')).toBe('1d 1h');
    expect(formatNumber(750, 'seconds')).toBe('12m 30s');
    expect(formatNumber(0.0025, 'seconds')).toBe('2.50 ms');
    expect(formatNumber(-120, 'seconds')).toBe('-2m');
    expect(formatDuration(0)).toBe('0 s');
  });

  it('other units: a decimal followed by the unit', () => {
    expect(formatNumber(0.7491, 'per sqrt year')).toBe('0.749 per sqrt year');
    expect(formatNumber(0.7491, 'per sqrt year', { withUnit: false })).toBe('0.749');
    expect(formatNumber(3012.456, 'quote per base')).toBe('3,012 quote per base');
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(12.3456)).toBe('12.3');
  });

  it('significant digits from the magnitude', () => {
    expect(formatNumber(123.456)).toBe('123');
    expect(formatNumber(0.0012345)).toBe('0.00123');
    expect(formatNumber(9.996)).toBe('10.0');
    expect(formatNumber(0.09996)).toBe('0.100');
    expect(formatNumber(1.5e-9)).toBe('1.50e-9');
    expect(formatNumber(1.5e18)).toBe('1.50e+18');
    expect(formatNumber(-1.5e18)).toBe('-1.50e+18');
    expect(formatNumber(0.123456, '', { sig: 5 })).toBe('0.12346');
    expect(decimalsFor(0)).toBe(0);
  });

  it('never prints a negative zero', () => {
    expect(formatNumber(-1e-7, 'fraction', { decimals: 2 })).toBe('0.00%');
    expect(formatNumber(-0.0004, 'quote', { decimals: 2 })).toBe('0.00');
    expect(formatNumber(-0)).toBe('0');
  });

  it.each([Number.NaN, null, undefined, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('missing %s -> em dash', (v) => {
    for (const unit of ['fraction', 'quote', 'count', 'leverage', 'log', 'seconds', 'years', 'bps', 'other']) {
      expect(formatNumber(v, unit)).toBe(MISSING);
    }
  });
});

describe('confidence intervals', () => {
  it('value (95% CI low to high) with shared decimals that show the width', () => {
    expect(formatWithCi(0.1234, 0.119, 0.1278, 'fraction')).toBe('12.34% (95% CI 11.90% to 12.78%)');
    expect(formatWithCi(0.0412, 0.0301, 0.0523, 'fraction')).toBe('4.12% (95% CI 3.01% to 5.23%)');
    expect(formatWithCi(-0.01234, -0.0131, -0.0116, 'log')).toBe('-0.0123 (95% CI -0.0131 to -0.0116)');
    expect(formatWithCi(2.0123, 2.001, 2.023, 'leverage')).toBe('2.012x (95% CI 2.001x to 2.023x)');
    expect(formatWithCi(1234.56, 1200, 1270, 'quote')).toBe('1,235 (95% CI 1,200 to 1,270)');
    expect(formatWithCi(1_041_200, 1_030_100, 1_052_300, 'quote')).toBe('1.04M (95% CI 1.03M to 1.05M)');
  });

  it('puts a trailing unit once, at the end', () => {
    expect(formatWithCi(0.8, 0.78, 0.82, 'per sqrt year')).toBe('0.800 (95% CI 0.780 to 0.820) per sqrt year');
    expect(formatCiParts(0.8, 0.78, 0.82, 'per sqrt year')).toEqual({ value: '0.800', low: '0.780', high: '0.820', unit: 'per sqrt year' });
  });

  it('degrades gracefully with missing bounds or value', () => {
    expect(formatWithCi(0.5, Number.NaN, 0.6, 'fraction')).toBe('50.0%');
    expect(formatWithCi(Number.NaN, 0.4, 0.6, 'fraction')).toBe(MISSING);
    expect(formatWithCi(0, 0, 0.003, 'probability')).toBe('0% (95% CI 0% to 0.300%)');
  });

  it('formats table cells: text as is, numbers by unit, triples as CI', () => {
    expect(formatCell('Band <1>', 'fraction')).toBe('Band <1>');
    expect(formatCell(0.25, 'fraction')).toBe('25.0%');
    expect(formatCell([0.1234, 0.119, 0.1278], 'fraction')).toBe('12.34% (95% CI 11.90% to 12.78%)');
    expect(formatCell(null, 'quote')).toBe(MISSING);
    expect(formatCell(Number.NaN, 'quote')).toBe(MISSING);
  });
});

describe('labels and ticks', () => {
  it('unit suffix only where the number does not say it', () => {
    expect(unitSuffix('fraction')).toBe('');
    expect(unitSuffix('leverage')).toBe('');
    expect(unitSuffix('quote')).toBe('quote');
    expect(unitSuffix('per sqrt year')).toBe('per sqrt year');
    expect(labelWithUnit('Return', 'fraction')).toBe('Return (%)');
    expect(labelWithUnit('NAV', 'quote')).toBe('NAV (quote)');
    expect(labelWithUnit('Trades', 'count')).toBe('Trades');
  });

  it('ticks are short', () => {
    expect(formatTick(0.125, 'fraction')).toBe('12.5%');
    expect(formatTick(0.1, 'fraction')).toBe('10%');
    expect(formatTick(0, 'fraction')).toBe('0%');
    expect(formatTick(2.5, 'leverage')).toBe('2.5x');
    expect(formatTick(1_500_000, 'quote')).toBe('1.5M');
    expect(formatTick(2000, 'quote')).toBe('2,000');
    expect(formatTick(0.25)).toBe('0.25');
    expect(formatTick(-0.5, 'log')).toBe('-0.5');
    expect(formatTick(3600, 'seconds')).toBe('1h');
  });

  it('UTC dates', () => {
    expect(formatUtc(0)).toBe('1970-01-01 00:00');
    expect(formatUtc(Date.UTC(2024, 1, 29, 23, 59) / 1000, true)).toBe('2024-02-29 23:59');
    expect(formatUtc(Date.UTC(2024, 1, 29) / 1000, false)).toBe('2024-02-29');
    expect(formatUtc(Number.NaN)).toBe(MISSING);
  });
});
