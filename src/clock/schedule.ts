/**
 * Calendar schedules: "every 4 hours", "daily at 00:02 UTC", "Fridays at 08:00 UTC".
 *
 * A schedule is a grid of instants `anchor + k * period`; `next(after)` is pure arithmetic on
 * seconds, so a policy checks a schedule in the hot loop with one comparison (`now >= due`) and
 * computes the next due time only when it fires. No Date objects, no allocation.
 */
import { ConfigError } from '../core/errors.js';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE, parseDuration } from '../core/units.js';

export interface Schedule {
  /** Seconds between instants. */
  readonly period: number;
  /** One instant of the grid, seconds since the epoch (UTC). */
  readonly anchor: number;
  /** Human-readable description for reports. */
  readonly label: string;
}

/** First instant of the schedule strictly after `time`. */
export function nextAfter(s: Schedule, time: number): number {
  const k = Math.floor((time - s.anchor) / s.period) + 1;
  let t = s.anchor + k * s.period;
  if (t <= time) t += s.period; // guard against rounding at exact grid points
  return t;
}

/** First instant of the schedule at or after `time`. */
export function nextAtOrAfter(s: Schedule, time: number): number {
  const k = Math.ceil((time - s.anchor) / s.period);
  const t = s.anchor + k * s.period;
  return t < time ? t + s.period : t;
}

/** Every `period` seconds on the grid that contains `anchor` (default: the epoch, so "every 4h" falls at 00:00, 04:00, ... UTC). */
export function every(period: number, anchor = 0): Schedule {
  if (!(period > 0)) throw new ConfigError('schedule.every', `period must be positive, got ${period}`);
  return { period, anchor, label: `every ${period}s` };
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
/** 1970-01-01 was a Thursday (weekday 4). */
const EPOCH_WEEKDAY = 4;

function parseTimeOfDay(text: string, field: string): number {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) {
    throw new ConfigError(field, `"${text}" is not a UTC time of day; use HH:MM or HH:MM:SS, e.g. "00:02"`);
  }
  return Number(m[1]) * SECONDS_PER_HOUR + Number(m[2]) * SECONDS_PER_MINUTE + Number(m[3] ?? 0);
}

/** Daily at a UTC time of day, e.g. `daily('00:02')` (FTX's rebalance time). */
export function daily(timeOfDay: string, field = 'schedule.daily'): Schedule {
  const offset = parseTimeOfDay(timeOfDay, field);
  return { period: SECONDS_PER_DAY, anchor: offset, label: `daily at ${timeOfDay} UTC` };
}

/** Weekly on a weekday at a UTC time, e.g. `weekly('fri', '08:00')` (Ribbon's expiry). */
export function weekly(weekday: string, timeOfDay: string, field = 'schedule.weekly'): Schedule {
  const wd = WEEKDAYS.indexOf(weekday.trim().slice(0, 3).toLowerCase());
  if (wd < 0) throw new ConfigError(field, `"${weekday}" is not a weekday; use mon, tue, wed, thu, fri, sat or sun`);
  const offset = parseTimeOfDay(timeOfDay, field);
  const days = (wd - EPOCH_WEEKDAY + 7) % 7;
  return { period: 7 * SECONDS_PER_DAY, anchor: days * SECONDS_PER_DAY + offset, label: `weekly on ${WEEKDAYS[wd]} at ${timeOfDay} UTC` };
}

/**
 * Parses the schedule forms used in configs:
 * - `{ every: "4h" }`, optionally `{ every: "4h", at: "00:30" }` to shift the grid;
 * - `{ daily: "00:02" }`;
 * - `{ weekly: "fri", at: "08:00" }`.
 */
export function parseSchedule(spec: { every?: string | number; daily?: string; weekly?: string; at?: string }, field = 'schedule'): Schedule {
  if (spec.every !== undefined) {
    const period = parseDuration(spec.every, `${field}.every`);
    if (!(period > 0)) throw new ConfigError(`${field}.every`, 'must be a positive duration');
    const anchor = spec.at ? parseTimeOfDay(spec.at, `${field}.at`) : 0;
    return { period, anchor, label: spec.at ? `every ${spec.every} from ${spec.at} UTC` : `every ${spec.every}` };
  }
  if (spec.daily !== undefined) return daily(spec.daily, `${field}.daily`);
  if (spec.weekly !== undefined) return weekly(spec.weekly, spec.at ?? '00:00', `${field}.weekly`);
  throw new ConfigError(field, 'give one of every (e.g. "4h"), daily (e.g. "00:02") or weekly (e.g. "fri") with at');
}
