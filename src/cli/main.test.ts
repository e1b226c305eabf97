import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './main.js';
import { KEEL_VERSION } from '../version.js';

async function keel(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    const code = await main(['node', 'keel', ...args]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const examples = join(import.meta.dirname, '..', '..', 'examples');

describe('keel command line', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints its version, equal to package.json', async () => {
    const r = await keel('--version');
    expect(r.code).toBe(0);
    expect(r.out.trim()).toBe(KEEL_VERSION);
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'));
    expect(KEEL_VERSION).toBe(pkg.version);
  });

  it('rejects bad flags with exit code 2 and a one-line reason, no stack trace', async () => {
    const r = await keel('bench', 'lt', '--paths', 'many');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--paths must be a positive integer, got "many"/);
    expect(r.err).not.toMatch(/at .*\.ts:\d+/);
    const u = await keel('bench', 'nope');
    expect(u.code).toBe(2);
    expect(u.err).toMatch(/keel: unknown workload "nope"; available: lt/);
    const c = await keel('frobnicate');
    expect(c.code).toBe(2);
  });

  it('names a missing config file and a bad config field', async () => {
    const m = await keel('validate', 'no-such.yaml');
    expect(m.code).toBe(2);
    expect(m.err).toMatch(/^keel: cannot read config no-such\.yaml: no such file\n$/);
    const dir = mkdtempSync(join(tmpdir(), 'keel-cli-'));
    const f = join(dir, 'bad.yaml');
    writeFileSync(f, 'market: { model: gbm, s0: 1, sigma: 0.5 }\nproduct: { type: leveraged-token, target: 3 }\npolicy: { band: { min: 2, max: 4, recenteringSped: 1 } }\n');
    const b = await keel('validate', f);
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/policy\.band: unknown field "recenteringSped"; allowed: min, max, recenteringSpeed/);
  });

  it('names the line of a bad CSV row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-cli-'));
    writeFileSync(join(dir, 'p.csv'), 'date,close\n2024-01-01,100\n2024-01-02,abc\n');
    writeFileSync(join(dir, 'c.yaml'), 'market: { history: { file: p.csv } }\nproduct: { type: leveraged-token, target: 2 }\npolicy: { interval: 1d }\n');
    const r = await keel('simulate', join(dir, 'c.yaml'), '--out', join(dir, 'out'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/p\.csv:3: .*abc/);
    expect(existsSync(join(dir, 'out'))).toBe(false); // nothing half-written
  });

  it('simulate writes the report, the summary and the CSV files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-cli-'));
    const r = await keel('simulate', join(examples, 'quickstart.yaml'), '--out', dir, '--no-progress');
    expect(r.code).toBe(0);
    for (const f of ['report.html', 'summary.json', 'metrics.csv']) expect(existsSync(join(dir, f)), f).toBe(true);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(summary.mode).toBe('backtest');
    expect(summary.variants[0].metrics.finalNav).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('<svg');
  });

  it('--json prints the summary and writes nothing unless --out is given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-cli-'));
    // An absolute loader URL: `--import tsx` would resolve from the temporary working directory.
    const tsx = pathToFileURL(join(import.meta.dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
    const r = spawnSync(process.execPath, ['--import', tsx, join(import.meta.dirname, 'main.ts'), 'simulate', join(examples, 'eth3x-monte-carlo.yaml'), '--json', '--paths', '64'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.mode).toBe('monte-carlo');
    expect(s.paths).toBe(64);
    expect(s.variants[0].metrics.logNav.meanCi95).toHaveLength(2);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('compare needs variants, and says how to add them', async () => {
    const r = await keel('compare', join(examples, 'quickstart.yaml'), '--json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/has no variants to compare; add a compare: list/);
  });

  it('bench prints one JSON line with the workload statistics', async () => {
    const r = await keel('bench', 'lt', '--paths', '40', '--seed', '3');
    expect(r.code).toBe(0);
    const line = JSON.parse(r.out);
    expect(Object.keys(line)).toEqual(expect.arrayContaining(['workload', 'paths', 'steps', 'pathStepsPerSecond', 'meanLogNav', 'sdLogNav', 'wipedOut', 'meanRebalances', 'meanCosts']));
    expect(line.steps).toBe(8760);
  });

  it('lists the built-in data sets', async () => {
    const r = await keel('datasets');
    expect(r.out).toMatch(/^sp500\s+2000-01-03/m);
  });
});
