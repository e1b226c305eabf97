import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { configJsonSchema, loadConfig, parseConfigText, resolveConfig } from './config.js';
import { configReferenceMarkdown } from './config-docs.js';

const base = () => ({
  name: 'test',
  market: { model: 'gbm', s0: 100, sigma: 0.8 },
  time: { step: '1h', horizon: '30d' },
  product: { type: 'leveraged-token', target: 3 },
  policy: { band: { min: 2.5, max: 3.5 } },
});

function errorOf(raw: Record<string, unknown>): string {
  try {
    resolveConfig(raw, 'test.yaml', '.');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('config resolution', () => {
  it('resolves a minimal config with defaults', () => {
    const c = resolveConfig(base(), 'test.yaml', '.');
    expect(c.family.type).toBe('leveraged-token');
    expect(c.market.kind).toBe('model');
    if (c.market.kind === 'model') {
      expect(c.market.steps).toBe(720);
      expect(c.market.stepSeconds).toBe(3600);
    }
    expect(c.monteCarlo).toEqual({ paths: 1000, seed: 1, threads: 1, blockSize: 256 });
    expect(c.variants[0].venue).toMatchObject({ type: 'cost-model', feeBps: 0 });
  });

  it('names an unknown field and lists the allowed ones', () => {
    const raw = base();
    (raw.policy as Record<string, unknown>).bnad = {};
    expect(errorOf(raw)).toMatch(/policy: unknown field "bnad"; allowed: schedule, interval, band, priceMove, deleverOnlyIntraday, ripcord/);
  });

  it('names a bad enum value with the allowed values', () => {
    const raw = { ...base(), product: { type: 'leveraged-tokn', target: 3 } };
    expect(errorOf(raw)).toMatch(/product\.type: must be one of "leveraged-token"/);
    const m = { ...base(), market: { model: 'gbn', s0: 1, sigma: 1 } };
    expect(errorOf(m)).toMatch(/market/);
  });

  it('names out-of-range numbers with the bound and the value', () => {
    const raw = base();
    (raw.market as Record<string, unknown>).sigma = -0.2;
    expect(errorOf(raw)).toMatch(/market\.sigma: must be >= 0, got -0\.2/);
    const r2 = { ...base(), policy: { band: { min: 2.5, max: 3.5, recenteringSpeed: 1.5 } } };
    expect(errorOf(r2)).toMatch(/policy\.band\.recenteringSpeed: must be <= 1, got 1\.5/);
  });

  it('names bad durations, times and cross-field rules', () => {
    expect(errorOf({ ...base(), time: { step: '1 hour' } })).toMatch(/time\.step: "1 hour" is not a duration/);
    expect(errorOf({ ...base(), time: { step: '7h', horizon: '1d' } })).toMatch(/time\.horizon: must be a whole number of steps of 7h/);
    expect(errorOf({ ...base(), time: { start: 'yesterday' } })).toMatch(/time\.start: "yesterday" is not an ISO date-time/);
    expect(errorOf({ ...base(), policy: { band: { min: 3.6, max: 4 } } })).toMatch(/policy\.band\.min: must satisfy 0 < min <= \|target\| = 3/);
    expect(errorOf({ ...base(), policy: {} })).toMatch(/policy: set at least one trigger/);
  });

  it('names a missing required field', () => {
    const raw = base();
    delete (raw.market as Record<string, unknown>).s0;
    expect(errorOf(raw)).toMatch(/market\.s0: expected a number, got nothing/);
  });

  it('rejects an unknown data set with the list of built-in ones', () => {
    expect(errorOf({ ...base(), market: { history: { dataset: 'btc' } } })).toMatch(/btc/);
    expect(errorOf({ ...base(), market: { history: { dataset: 'btc' } } })).toMatch(/sp500/);
  });

  it('validates compare variants: sections replace the base, names are unique, one family', () => {
    const c = resolveConfig({ ...base(), compare: [{ name: 'daily', policy: { schedule: { daily: '00:00' } } }] }, 't', '.');
    expect(c.variants.map((v) => v.name)).toEqual(['test', 'daily']);
    expect(c.variants[1].policy).toMatchObject({ schedule: { daily: '00:00' } });
    expect((c.variants[1].policy as { band?: unknown }).band).toBeUndefined(); // replaced, not merged
    expect(errorOf({ ...base(), compare: [{ name: 'test', policy: { interval: '1d' } }] })).toMatch(/compare\[0\]\.name: "test" is used twice/);
    expect(errorOf({ ...base(), compare: [{ name: 'x', polcy: {} }] })).toMatch(/compare\[0\]: unknown section "polcy"/);
    expect(errorOf({ ...base(), compare: [{ name: 'x', policy: { band: { min: 1, max: 9, recenteringSpeed: 2 } } }] })).toMatch(/compare\[0\]\.policy\.band\.recenteringSpeed/);
  });

  it('reports YAML syntax errors with the line', () => {
    expect(() => parseConfigText('market:\n  model: gbm\n  s0: [1,\n', 'bad.yaml')).toThrow(/bad\.yaml:\d+:\d+/);
    expect(() => parseConfigText('- a\n- b\n', 'list.yaml')).toThrow(/a config is a mapping of sections/);
  });

  it('loads every example config', () => {
    const dir = join(import.meta.dirname, '..', '..', 'examples');
    for (const f of ['quickstart.yaml', 'eth3x-monte-carlo.yaml', 'eth3x-compare.yaml', 'btc2x-fli.yaml']) {
      expect(() => loadConfig(join(dir, f)), f).not.toThrow();
    }
  });

  it('reads a CSV history relative to the config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keel-cfg-'));
    writeFileSync(join(dir, 'p.csv'), 'date,close\n2024-01-01,100\n2024-01-02,101\n2024-01-03,99\n');
    writeFileSync(join(dir, 'c.yaml'), 'market: { history: { file: p.csv } }\nproduct: { type: leveraged-token, target: 2 }\npolicy: { interval: 1d }\n');
    const c = loadConfig(join(dir, 'c.yaml'));
    expect(c.market.kind === 'history' && c.market.path.steps).toBe(2);
  });
});

describe('JSON Schema', () => {
  it('the committed schema/keel.schema.json is current (regenerate with npm run schema)', () => {
    const committed = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'schema', 'keel.schema.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(configJsonSchema())));
  });

  it('the committed docs/config.md is current (regenerate with npm run schema)', () => {
    const committed = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'config.md'), 'utf8');
    expect(committed).toBe(configReferenceMarkdown());
  });

  it('describes fields with their units', () => {
    const text = JSON.stringify(configJsonSchema());
    expect(text).toContain('Volatility per sqrt(year)');
    expect(text).toContain('in basis points');
  });
});
