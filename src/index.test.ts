/**
 * The package's library entry point: what `import ... from 'keel'` gives, used the way the module
 * doc shows (a config run end to end, and a simulation wired by hand through runPath).
 */
import { describe, expect, it } from 'vitest';
import * as keel from './index.js';

describe('library entry point', () => {
  it('runs a config from a plain object, as the CLI does', async () => {
    const config = keel.resolveConfig(
      {
        name: 'library',
        market: { model: 'gbm', s0: 1, mu: 0, sigma: 0.8 },
        time: { start: '2024-01-01T00:00:00Z', step: '1h', horizon: '30d' },
        monteCarlo: { paths: 64, seed: 3 },
        product: { type: 'leveraged-token', target: 3, initialNav: 1, backing: 'perp' },
        policy: { band: { min: 2.5, max: 3.5, recenteringSpeed: 1 }, schedule: { every: '24h' } },
        venue: { type: 'cost-model', feeBps: 10 },
      },
      'library test',
      process.cwd(),
    );
    const r = await keel.runConfig(config, { threads: 1, fan: false });
    const logNav = r.variants[0].summaries.find((s) => s.key === 'logNav');
    expect(r.paths).toBe(64);
    expect(logNav?.n).toBe(64);
    // 30 days at sigma 0.8: -beta^2 sigma^2 T / 2 = -0.237 for continuous rebalancing, within Monte Carlo error.
    expect(logNav?.mean).toBeGreaterThan(-0.237 - 4 * (logNav?.sd ?? 0) / 8);
    expect(logNav?.mean).toBeLessThan(-0.237 + 4 * (logNav?.sd ?? 0) / 8);
  });

  it('wires a simulation by hand and runs one path with runPath', () => {
    const sim = keel.createLeveragedTokenSimulation({ name: 'hand', product: { target: 2 }, policy: { band: { min: 1, max: 3, recenteringSpeed: 1 } }, venue: new keel.CostModelVenue() });
    const prices = Float64Array.of(100, 110, 121);
    const path = { assets: 1, names: ['asset'], steps: 2, times: Float64Array.of(0, 86_400, 172_800), prices };
    const out = new Float64Array(sim.metrics.defs.length);
    expect(keel.runPath(sim, path, out, 0)).toBe(2);
    // Leverage drifts to 1.83 and 1.70, inside the band: never rebalanced, units fixed at 2 NAV / S0, so NAV = 1 + 2 (S / S0 - 1).
    expect(out[sim.metrics.defs.findIndex((d) => d.key === 'finalNav')]).toBeCloseTo(1 + 2 * 0.21, 12);
  });

  it('exports the typed errors a caller catches, and the V8 settings the CLI applies', () => {
    expect(() => keel.resolveConfig({}, 'empty', process.cwd())).toThrow(keel.ConfigError);
    expect(new keel.ConfigError('a', 'b')).toBeInstanceOf(keel.KeelError);
    expect(keel.V8_FLAGS.every((f) => f.startsWith('--max-inlined-bytecode-size'))).toBe(true);
  });
});
