/**
 * Units and conventions, written once. See docs/conventions.md.
 *
 * - Time is in seconds since the Unix epoch (UTC) inside the engine; model time (rates, volatility)
 *   is in years of 365 days, the convention of crypto venues that trade every day.
 * - Rates (funding, borrow, management fee) are per year, continuously accrued: a balance B pays
 *   B * rate * dt over dt years.
 * - Basis points are only ever named as such (`feeBps`); internally everything is a plain fraction.
 * - Prices are in quote per base (USDC per ETH).
 */
import { ConfigError } from './errors.js';

export const SECONDS_PER_MINUTE = 60;
export const SECONDS_PER_HOUR = 3_600;
export const SECONDS_PER_DAY = 86_400;
export const DAYS_PER_YEAR = 365;
export const SECONDS_PER_YEAR = DAYS_PER_YEAR * SECONDS_PER_DAY;

/** Basis points to a fraction: 10 bps -> 0.001. */
export function bps(value: number): number {
  return value / 10_000;
}

/** Seconds to years (365-day years). */
export function yearsFromSeconds(seconds: number): number {
  return seconds / SECONDS_PER_YEAR;
}

const DURATION_UNITS: Record<string, number> = {
  s: 1,
  m: SECONDS_PER_MINUTE,
  h: SECONDS_PER_HOUR,
  d: SECONDS_PER_DAY,
  w: 7 * SECONDS_PER_DAY,
  y: SECONDS_PER_YEAR,
};

/**
 * Parses a duration such as `12s`, `30m`, `4h`, `1d`, `2w`, `1y` or `1h30m` into seconds.
 * A bare number is taken as seconds. `field` names the config field for the error message.
 */
export function parseDuration(text: string | number, field = 'duration'): number {
  if (typeof text === 'number') {
    if (!Number.isFinite(text) || text < 0) throw new ConfigError(field, `expected a non-negative number of seconds, got ${text}`);
    return text;
  }
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const re = /(\d+(?:\.\d+)?)\s*([smhdwy])/g;
  let total = 0;
  let consumed = 0;
  for (const m of trimmed.matchAll(re)) {
    if (m.index !== consumed) break;
    total += Number(m[1]) * DURATION_UNITS[m[2]];
    consumed = m.index + m[0].length;
  }
  if (consumed === 0 || consumed !== trimmed.length) {
    throw new ConfigError(field, `"${text}" is not a duration; use a number with a unit s, m, h, d, w or y, e.g. "30s", "4h", "1d", "1h30m"`);
  }
  return total;
}

/** Formats seconds as a short duration (`90` -> `1m30s`), for reports and messages. */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const parts: string[] = [];
  let rest = Math.round(seconds);
  for (const [unit, size] of [['d', SECONDS_PER_DAY], ['h', SECONDS_PER_HOUR], ['m', SECONDS_PER_MINUTE], ['s', 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join('');
}
