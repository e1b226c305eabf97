import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/config.js';
import { ConfigError } from '../core/errors.js';
import { gridPoints, runSweep, sweepAxes, withValue } from './sweep.js';

const raw = (paths = 120) => ({
  name: 'sweep test',
  market: { model: 'gbm', s0: 100, sigma: 0.8 },
  time: { step: '1h', horizon: '10d' },
  monteCarlo: { paths, seed: 4, blockSize: 32 },
  product: { type: 'leveraged-token', target: 3 },
  policy: { band: { min: 2.5, max: 3.5, recenteringSpeed: 1 } },
  venue: { type: 'cost-model', feeBps: 10 },
  sweep: { parameters: { 'policy.band.max': [3.3, 3.6, 4.0], 'venue.feeBps': { from: 5, to: 20, steps: 2 } } },
});

describe('sweep grid', () => {
  it('expands lists and ranges, linear or log, into a cross product', () => {
    const axes = sweepAxes({ parameters: { a: [1, 2], b: { from: 1, to: 100, steps: 3, scale: 'log' } } });
    expect(axes[1].values.map((v) => Math.round(v))).toEqual([1, 10, 100]);
    expect(gridPoints(axes)).toEqual([[1, 1], [1, 10], [1, 100], [2, 1], [2, 10], [2, 100]].map(([a, b]) => [a, expect.closeTo(b, 10)]));
  });

  it('sets dotted paths on a copy and refuses to descend into a number', () => {
    const r = raw();
    const w = withValue(r, 'policy.band.max', 9);
    expect((w.policy as { band: { max: number } }).band.max).toBe(9);
    expect(r.policy.band.max).toBe(3.5);
    expect(() => withValue(r, 'policy.band.max.x', 1)).toThrow(/"max" is not a section with fields/);
  });

  it('rejects a grid point that makes the config invalid before running anything', async () => {
    const bad = { ...raw(), sweep: { parameters: { 'policy.band.max': [3.5, 2.9] } } };
    await expect(runSweep(resolveConfig(bad, 't', '.'), { checkpointDir: null })).rejects.toThrow(/sweep point 2 \(policy\.band\.max = 2\.9\): policy\.band\.max: must be at least \|target\| = 3/);
  });
});

describe('sweep checkpoint', () => {
  it('resumes after an interruption and gives the same results as an uninterrupted run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-sweep-'));
    const cfg = () => resolveConfig(raw(), 't', '.');
    let seen = 0;
    await expect(
      runSweep(cfg(), {
        checkpointDir: dir,
        afterPoint: () => {
          if (++seen === 2) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const resumed = await runSweep(cfg(), { checkpointDir: dir });
    expect(resumed.resumed).toBe(2);
    const fresh = await runSweep(cfg(), { checkpointDir: null });
    expect(resumed.points.map((p) => p.summaries)).toEqual(fresh.points.map((p) => p.summaries));
    expect(resumed.points.map((p) => p.values)).toEqual(fresh.points.map((p) => p.values));
  });

  it('refuses a checkpoint of another sweep unless told to restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-sweep-'));
    await runSweep(resolveConfig(raw(64), 't', '.'), { checkpointDir: dir });
    await expect(runSweep(resolveConfig(raw(96), 't', '.'), { checkpointDir: dir, paths: 96 })).rejects.toThrow(ConfigError);
    const again = await runSweep(resolveConfig(raw(96), 't', '.'), { checkpointDir: dir, restart: true });
    expect(again.resumed).toBe(0);
  });

  it('the CLI resumes a sweep killed with SIGKILL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-sweep-cli-'));
    const config = join(dir, 'sweep.yaml');
    writeFileSync(config, JSON.stringify(raw(2000)));
    const out = join(dir, 'out');
    const cli = join(import.meta.dirname, '..', 'cli', 'main.ts');
    const checkpoint = join(out, 'sweep-checkpoint.jsonl');
    const child = spawn(process.execPath, ['--import', 'tsx', cli, 'sweep', config, '--out', out, '--no-progress'], { stdio: 'ignore' });
    // Kill it as soon as the first grid point is on disk.
    await new Promise<void>((resolveWait, reject) => {
      const t = setInterval(() => {
        if (existsSync(checkpoint) && readFileSync(checkpoint, 'utf8').trim().split('\n').length >= 2) {
          clearInterval(t);
          child.kill('SIGKILL');
          resolveWait();
        }
      }, 20);
      child.on('exit', () => {
        clearInterval(t);
        reject(new Error('the sweep finished before it could be killed'));
      });
    });
    await new Promise((r) => child.once('exit', r));
    expect(existsSync(join(out, 'report.html'))).toBe(false);
    const done = readFileSync(checkpoint, 'utf8').trim().split('\n').length - 1;
    expect(done).toBeGreaterThanOrEqual(1);
    expect(done).toBeLessThan(6);
    const second = spawn(process.execPath, ['--import', 'tsx', cli, 'sweep', config, '--out', out, '--no-progress'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    second.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((r) => second.once('exit', r));
    expect(code).toBe(0);
    expect(stderr).toMatch(new RegExp(`resumed: ${done} of 6 points from the checkpoint`));
    expect(readFileSync(join(out, 'sweep.csv'), 'utf8').trim().split('\n')).toHaveLength(7);
  }, 120_000);
});
