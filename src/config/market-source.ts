/**
 * Resolves the `market` and `time` sections into a source of market paths: a price model with a
 * time grid (Monte Carlo) or one historical path (backtest).
 */
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../core/errors.js';
import { parseDuration } from '../core/units.js';
import { CorrelatedGbm } from '../market/correlated-gbm.js';
import { parseIsoTime, readPriceCsv } from '../market/csv.js';
import { loadDataset } from '../market/datasets.js';
import { Garch } from '../market/garch.js';
import { Gbm } from '../market/gbm.js';
import { Heston } from '../market/heston.js';
import type { MarketPath } from '../market/market-path.js';
import { Merton } from '../market/merton.js';
import type { PriceModel } from '../market/price-model.js';
import type { MarketConfig, TimeConfig } from './common.js';

export type MarketSource =
  | {
      kind: 'model';
      model: PriceModel;
      /** Steps per path, seconds per step, time of row 0 and seconds per block. */
      steps: number;
      stepSeconds: number;
      start: number;
      blockTime: number;
      assets: number;
      names: readonly string[];
      label: string;
    }
  | { kind: 'history'; path: MarketPath; blockTime: number; assets: number; names: readonly string[]; label: string };

export function buildPriceModel(m: Extract<MarketConfig, { model: string }>): PriceModel {
  switch (m.model) {
    case 'gbm':
      return new Gbm({ s0: m.s0, mu: m.mu, sigma: m.sigma, name: m.name });
    case 'merton':
      return new Merton({ s0: m.s0, mu: m.mu, sigma: m.sigma, lambda: m.lambda, muJ: m.muJ, sigmaJ: m.sigmaJ, name: m.name });
    case 'heston':
      return new Heston({ s0: m.s0, mu: m.mu, v0: m.v0, kappa: m.kappa, theta: m.theta, xi: m.xi, rho: m.rho, name: m.name });
    case 'garch':
      return new Garch({ s0: m.s0, mu: m.mu, longRunVol: m.longRunVol, omega: m.omega, alpha: m.alpha, beta: m.beta, initialVol: m.initialVol, nu: m.nu, name: m.name });
    case 'correlated-gbm':
      return new CorrelatedGbm({ assets: m.assets, correlation: m.correlation });
  }
}

function modelLabel(m: Extract<MarketConfig, { model: string }>): string {
  switch (m.model) {
    case 'gbm':
      return `GBM, sigma ${m.sigma}/yr, mu ${m.mu}/yr, S0 ${m.s0}`;
    case 'merton':
      return `Merton jumps, sigma ${m.sigma}, ${m.lambda} jumps/yr of mean log size ${m.muJ} (sd ${m.sigmaJ})`;
    case 'heston':
      return `Heston, v0 ${m.v0}, long-run variance ${m.theta}, kappa ${m.kappa}, vol of vol ${m.xi}, rho ${m.rho}`;
    case 'garch':
      return `GARCH(1,1), alpha ${m.alpha}, beta ${m.beta}${m.longRunVol ? `, long-run vol ${m.longRunVol}` : ''}`;
    case 'correlated-gbm':
      return `Correlated GBM: ${m.assets.map((a) => `${a.name} (sigma ${a.sigma})`).join(', ')}`;
  }
}

/** Keeps rows whose time is within [from, to] (inclusive, whole days for date-only bounds). */
function window(path: MarketPath, from?: string, to?: string): MarketPath {
  if (!from && !to) return path;
  const lo = from ? parseBound(from, 'market.from', 0) : -Infinity;
  const hi = to ? parseBound(to, 'market.to', /^\d{4}-\d{2}-\d{2}$/.test(to) ? 86_399 : 0) : Infinity;
  let first = 0;
  while (first <= path.steps && path.times[first] < lo) first++;
  let last = path.steps;
  while (last >= 0 && path.times[last] > hi) last--;
  if (last - first < 1) throw new ConfigError('market.from', `the window ${from ?? 'start'} to ${to ?? 'end'} keeps fewer than two rows of the data`);
  const n = path.assets;
  return {
    ...path,
    steps: last - first,
    times: path.times.slice(first, last + 1),
    prices: path.prices.slice(first * n, (last + 1) * n),
    funding: path.funding?.slice(first * n, (last + 1) * n),
    logReturns: undefined,
  };
}

function parseBound(text: string, field: string, extra: number): number {
  const t = parseIsoTime(text);
  if (Number.isNaN(t)) throw new ConfigError(field, `"${text}" is not an ISO date or date-time (e.g. 2008-01-01 or 2020-03-01T00:00:00Z)`);
  return t + extra;
}

export function buildMarketSource(market: MarketConfig, time: TimeConfig, configDir: string): MarketSource {
  const blockTime = parseDuration(time.blockTime, 'time.blockTime');
  if ('history' in market) {
    const h = market.history;
    const raw = 'dataset' in h ? loadDataset(h.dataset, { field: 'market.history.dataset' }) : readPriceCsv(resolve(configDir, h.file), { column: h.column, fundingColumn: h.fundingColumn, name: h.name });
    const path = window(raw, market.from, market.to);
    const label = 'dataset' in h ? `history: ${h.dataset} data set` : `history: ${h.file}`;
    return { kind: 'history', path, blockTime, assets: path.assets, names: path.names, label };
  }
  const stepSeconds = parseDuration(time.step, 'time.step');
  const horizon = parseDuration(time.horizon, 'time.horizon');
  if (!(stepSeconds > 0)) throw new ConfigError('time.step', 'must be a positive duration');
  const steps = Math.round(horizon / stepSeconds);
  if (steps < 1) throw new ConfigError('time.horizon', `must be at least one step (${time.step}); got ${time.horizon}`);
  if (Math.abs(steps * stepSeconds - horizon) > 1e-6 * horizon) throw new ConfigError('time.horizon', `must be a whole number of steps of ${time.step}; got ${time.horizon}`);
  const start = parseIsoTime(time.start);
  if (Number.isNaN(start)) throw new ConfigError('time.start', `"${time.start}" is not an ISO date-time such as 2024-01-01T00:00:00Z`);
  const model = buildPriceModel(market);
  return { kind: 'model', model, steps, stepSeconds, start, blockTime, assets: model.assets, names: model.names, label: modelLabel(market) };
}

export function configDirectory(file: string): string {
  return dirname(resolve(file));
}
