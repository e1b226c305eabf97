/**
 * The shared conformance suite every Venue must pass: one set of assertions run against any venue
 * factory, so a cost model, a perp venue, an AMM pool or a paper venue all honour the same contract
 * the executor and products rely on (venue.ts):
 *
 * 1. fills are signed like the request and never larger: 0 <= fill.units / units <= 1;
 * 2. fee, gas and impact are never negative, and impact = (price - mid) x units: a buy never fills
 *    below the mid nor a sell above it;
 * 3. limit prices are respected: a buy fills at or below its limit, a sell at or above, or not at all;
 * 4. a zero trade is a no-op: nothing filled, nothing charged, and the venue behaves afterwards as if
 *    it had not been called;
 * 5. a refusal (status refused) fills nothing and charges nothing;
 * 6. fill.mid is the oracle price of the traded asset at the row;
 * 7. the same calls after `reset` give the same fills (no hidden state survives a reset).
 *
 * Plain code with no test framework, so any test file can run it and so can a user checking a venue
 * of their own: `checkVenueConformance` returns the list of violations (empty when the venue
 * conforms), each naming the scenario.
 */
import { Fill, FillStatus } from './fill.js';
import { tradeOnce, type Venue } from './venue.js';

export interface ConformanceOptions {
  /** Asset columns the venue is built for (default 1). */
  assets?: number;
  /** Price rows to trade on, time-major (default: three rows around 100 per asset). */
  prices?: Float64Array;
  /** Trade sizes to try, in base units (both signs are tried). */
  sizes?: readonly number[];
}

/** Relative tolerance for floating-point identities (impact = (price - mid) x units). */
const TOL = 1e-12;

interface Attempt {
  asset: number;
  units: number;
  limit: number;
  row: number;
}

function defaultPrices(assets: number): Float64Array {
  const rows = [100, 101.5, 98.25];
  const out = new Float64Array(rows.length * assets);
  rows.forEach((p, r) => {
    for (let a = 0; a < assets; a++) out[r * assets + a] = p * (1 + 0.37 * a);
  });
  return out;
}

function snapshot(f: Fill): number[] {
  return [f.units, f.price, f.mid, f.fee, f.gas, f.impact, f.status];
}

/**
 * Runs every assertion against venues made by `make` (called once per scenario, so each starts
 * fresh). Returns violations as messages; an empty list means the venue conforms.
 */
export function checkVenueConformance(name: string, make: () => Venue, options: ConformanceOptions = {}): string[] {
  const assets = options.assets ?? 1;
  const prices = options.prices ?? defaultPrices(assets);
  const rows = prices.length / assets;
  const sizes = options.sizes ?? [1e-9, 0.001, 0.5, 1, 3, 10, 100, 1e4, 1e6];
  const errors: string[] = [];
  const fail = (what: string, a: Attempt, f: Fill) =>
    errors.push(`${name}: ${what} (asset ${a.asset}, units ${a.units}, limit ${a.limit}, row ${a.row}; got units ${f.units}, price ${f.price}, mid ${f.mid}, fee ${f.fee}, gas ${f.gas}, impact ${f.impact}, status ${f.status})`);

  const attempts: Attempt[] = [];
  for (let row = 0; row < rows; row++) {
    for (let asset = 0; asset < assets; asset++) {
      const mid = prices[row * assets + asset];
      for (const s of sizes) {
        for (const units of [s, -s]) {
          attempts.push({ asset, units, limit: units > 0 ? Infinity : 0, row });
          // A loose limit, a tight one (5 bps) and one the trade cannot meet (on the wrong side of mid).
          for (const bpsAway of [500, 5, -1]) attempts.push({ asset, units, limit: mid * (1 + Math.sign(units) * bpsAway * 1e-4), row });
        }
      }
    }
  }

  const check = (a: Attempt, f: Fill) => {
    const mid = prices[a.row * assets + a.asset];
    if (f.mid !== mid) fail(`fill.mid must be the oracle price ${mid}`, a, f);
    if (!(f.fee >= 0)) fail('fee must be >= 0', a, f);
    if (!(f.gas >= 0)) fail('gas must be >= 0', a, f);
    if (!(f.impact >= -TOL * Math.abs(f.units * f.mid))) fail('impact must be >= 0', a, f);
    const ratio = f.units / a.units;
    if (!(ratio >= 0 && ratio <= 1 + TOL)) fail('fill must have the sign of the request and not exceed it', a, f);
    if (f.units !== 0) {
      if (Math.abs(f.impact - (f.price - f.mid) * f.units) > TOL * Math.max(1, Math.abs(f.units * f.mid))) fail('impact must equal (price - mid) x units', a, f);
      if (a.units > 0 ? f.price > a.limit * (1 + TOL) : f.price < a.limit * (1 - TOL)) fail('fill price breaks the limit', a, f);
      if (f.status === FillStatus.RefusedSlippage || f.status === FillStatus.RefusedVenue) fail('a refused trade must fill nothing', a, f);
    } else if (f.status === FillStatus.RefusedSlippage || f.status === FillStatus.RefusedVenue) {
      if (f.fee !== 0 || f.impact !== 0 || f.gas !== 0) fail('a refusal must charge nothing', a, f);
    } else if (f.status === FillStatus.Filled || f.status === FillStatus.Partial) {
      fail('a filled status needs filled units', a, f);
    }
  };

  // 1-3, 5, 6: every attempt on a fresh venue.
  const fill = new Fill();
  for (const a of attempts) {
    const v = make();
    v.reset(prices, 0, 0);
    if (a.row > 0) for (let r = 1; r <= a.row; r++) v.update(prices, r, r);
    tradeOnce(v, a.asset, a.units, a.limit, prices, a.row, a.row, fill);
    check(a, fill);
  }

  // 4: zero trades charge nothing and change nothing.
  for (let asset = 0; asset < assets; asset++) {
    const a: Attempt = { asset, units: 0, limit: Infinity, row: 0 };
    const v = make();
    v.reset(prices, 0, 0);
    tradeOnce(v, asset, 0, Infinity, prices, 0, 0, fill);
    if (fill.units !== 0 || fill.fee !== 0 || fill.gas !== 0 || fill.impact !== 0) fail('a zero trade must fill and charge nothing', a, fill);
    if (fill.status !== FillStatus.Filled) fail('a zero trade is not a refusal', a, fill);
    tradeOnce(v, asset, 0, 0, prices, 0, 0, fill);
    tradeOnce(v, asset, 3, Infinity, prices, 0, 0, fill);
    const afterZero = snapshot(fill);
    const fresh = make();
    fresh.reset(prices, 0, 0);
    tradeOnce(fresh, asset, 3, Infinity, prices, 0, 0, fill);
    if (snapshot(fill).some((x, i) => x !== afterZero[i])) fail('a trade after zero trades must equal the same trade on a fresh venue', { ...a, units: 3 }, fill);
  }

  // 7: a sequence, then reset, then the same sequence gives the same fills.
  const seq: Attempt[] = attempts.filter((_, i) => i % 7 === 0).slice(0, 40);
  const v = make();
  const run = () => {
    v.reset(prices, 0, 0);
    return seq.map((a) => {
      tradeOnce(v, a.asset, a.units, a.limit, prices, Math.min(a.row, rows - 1), 0, fill);
      return snapshot(fill);
    });
  };
  const first = run(), second = run();
  first.forEach((s, i) => {
    if (s.some((x, j) => x !== second[i][j])) fail('after reset the same trades must give the same fills', seq[i], fill);
  });
  return errors;
}
