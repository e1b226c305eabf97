/**
 * Parameter sweeps: a grid over numeric fields of a config (band width, interval, thresholds,
 * TWAP size, leverage, range width, ...), every grid point run on the same seed, hence the same
 * random numbers (common random numbers: differences between points come from the parameters).
 *
 * Each finished grid point is appended to a checkpoint file (JSON lines) in the output directory;
 * a sweep that is stopped and started again with the same config skips the points it has, so it
 * resumes where it left off (at worst losing the point that was running).
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { Stopwatch } from '../core/stopwatch.js';
import type { MetricSummary } from '../engine/metric-accumulator.js';
import { resolveConfig, type ResolvedConfig, type SweepConfig } from '../config/config.js';
import { runConfig, type RunOptions } from './run.js';

export interface SweepAxis {
  /** Dotted path of the field, e.g. policy.band.max. */
  path: string;
  values: number[];
}

export interface SweepPoint {
  index: number;
  /** Value of each axis at this point, in axis order. */
  values: number[];
  summaries: MetricSummary[];
  seconds: number;
}

export interface SweepResult {
  config: ResolvedConfig;
  axes: SweepAxis[];
  points: SweepPoint[];
  objective: { key: string; minimize: boolean };
  paths: number;
  seed: number;
  /** Points read back from the checkpoint instead of run. */
  resumed: number;
  seconds: number;
}

export function sweepAxes(s: SweepConfig): SweepAxis[] {
  return Object.entries(s.parameters).map(([path, spec]) => {
    if (Array.isArray(spec)) return { path, values: spec };
    const { from, to, steps, scale } = spec;
    if (scale === 'log' && !(from > 0 && to > 0)) throw new ConfigError(`sweep.parameters.${path}`, 'a log scale needs from and to > 0');
    const values = Array.from({ length: steps }, (_, i) => (scale === 'log' ? from * Math.pow(to / from, i / (steps - 1)) : from + ((to - from) * i) / (steps - 1)));
    return { path, values };
  });
}

/** Cross product of the axes, first axis varying slowest. */
export function gridPoints(axes: SweepAxis[]): number[][] {
  let points: number[][] = [[]];
  for (const a of axes) points = points.flatMap((p) => a.values.map((v) => [...p, v]));
  return points;
}

/** Sets a dotted path in a deep copy of `raw`; intermediate objects are created as needed. */
export function withValue(raw: Record<string, unknown>, path: string, value: number): Record<string, unknown> {
  const copy = structuredClone(raw);
  const keys = path.split('.');
  let o: Record<string, unknown> = copy;
  for (const k of keys.slice(0, -1)) {
    const next = o[k];
    if (next === undefined) o[k] = {};
    else if (typeof next !== 'object' || next === null || Array.isArray(next)) throw new ConfigError(`sweep.parameters.${path}`, `"${k}" is not a section with fields`);
    o = o[k] as Record<string, unknown>;
  }
  o[keys.at(-1)!] = value;
  return copy;
}

export interface SweepOptions extends Pick<RunOptions, 'paths' | 'seed' | 'threads'> {
  /** Directory of the checkpoint file; null for none. */
  checkpointDir: string | null;
  /** Ignore an existing checkpoint and start over. */
  restart?: boolean;
  /** Progress over all grid points: blocks done and total. */
  onProgress?: (done: number, total: number, point: number, points: number) => void;
  /** Called after each point is stored (tests use it to stop a sweep midway). */
  afterPoint?: (point: SweepPoint) => void;
}

const CHECKPOINT = 'sweep-checkpoint.jsonl';

/** JSON keeps every finite double exactly; NaN and the infinities travel as strings so a point reads back identical. */
const encode = (_k: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);
const decode = (_k: string, v: unknown) => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v);

export async function runSweep(config: ResolvedConfig, options: SweepOptions): Promise<SweepResult> {
  if (!config.sweep) throw new ConfigError('sweep', `${config.source} has no sweep section; add sweep: { parameters: { "policy.band.max": [3.25, 3.5, 4] } }`);
  if (config.market.kind !== 'model') throw new ConfigError('market', 'a sweep needs a simulated market (a price model): it runs every grid point on the same random numbers');
  const axes = sweepAxes(config.sweep);
  const grid = gridPoints(axes);
  const paths = options.paths ?? config.monteCarlo.paths;
  const seed = options.seed ?? config.monteCarlo.seed;
  const objective = { key: config.sweep.objective ?? config.family.objective.key, minimize: config.sweep.minimize ?? (config.sweep.objective ? false : config.family.objective.minimize) };
  // Validate every grid point before running any: a bad value should not surface after an hour.
  const rawPoints = grid.map((values, i) => {
    let raw = config.raw;
    axes.forEach((a, j) => (raw = withValue(raw, a.path, values[j])));
    delete raw.sweep;
    delete raw.compare;
    try {
      resolveConfig(raw, config.source, config.dir);
    } catch (e) {
      if (e instanceof ConfigError) throw new ConfigError(e.field, `sweep point ${i + 1} (${axes.map((a, j) => `${a.path} = ${values[j]}`).join(', ')}): ${e.message}`);
      throw e;
    }
    return raw;
  });
  // The checkpoint belongs to exactly this config, grid, path count and seed.
  const key = createHash('sha256').update(JSON.stringify({ raw: config.raw, paths, seed })).digest('hex').slice(0, 16);
  const done = new Map<number, SweepPoint>();
  const file = options.checkpointDir ? join(options.checkpointDir, CHECKPOINT) : null;
  if (file && existsSync(file) && !options.restart) {
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    const header = lines.length ? (JSON.parse(lines[0]) as { key: string }) : null;
    if (header?.key !== key) {
      throw new ConfigError('sweep', `${file} belongs to a different sweep (the config, paths or seed changed); run with --restart to start over, or use another --out directory`);
    }
    for (const line of lines.slice(1)) {
      try {
        const p = JSON.parse(line, decode) as SweepPoint;
        done.set(p.index, p);
      } catch {
        // A line cut short by a kill: that point runs again.
      }
    }
  } else if (file) {
    mkdirSync(options.checkpointDir!, { recursive: true });
    writeFileSync(file, JSON.stringify({ key, config: config.source, axes, paths, seed }) + '\n');
  }
  const watch = new Stopwatch();
  const blocksPerPoint = Math.ceil(paths / config.monteCarlo.blockSize);
  const total = blocksPerPoint * grid.length;
  let before = done.size * blocksPerPoint;
  const points: SweepPoint[] = [];
  for (let i = 0; i < grid.length; i++) {
    const have = done.get(i);
    if (have) {
      points.push(have);
      continue;
    }
    const c = resolveConfig(rawPoints[i], config.source, config.dir);
    const r = await runConfig(c, {
      paths,
      seed,
      threads: options.threads,
      variants: 'base',
      fan: false,
      onProgress: (d) => options.onProgress?.(before + d, total, i + 1, grid.length),
    });
    before += blocksPerPoint;
    const point: SweepPoint = { index: i, values: grid[i], summaries: r.variants[0].summaries, seconds: r.seconds };
    if (file) appendFileSync(file, JSON.stringify(point, encode) + '\n');
    points.push(point);
    options.afterPoint?.(point);
  }
  return { config, axes, points, objective, paths, seed, resumed: done.size, seconds: watch.seconds() };
}
