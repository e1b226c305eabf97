/**
 * The venue conformance suite run against every venue Keel ships (cost model in each impact model,
 * the perp venue with and without its limits), plus venues broken on purpose to show each rule can
 * fail. Also the perp venue's own cases: Lyra Newport's canHedge refusals and partial fills.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { CostModelVenue } from './cost-model-venue.js';
import { Fill, FillStatus } from './fill.js';
import { PerpVenue } from './perp-venue.js';
import { checkVenueConformance } from './venue-conformance.js';
import { tradeOnce, type Venue } from './venue.js';

describe('venue conformance', () => {
  it.each([
    ['cost model, no costs', () => new CostModelVenue({})],
    ['cost model, fee + gas + linear impact', () => new CostModelVenue({ fee: 0.003, gas: 2, impact: 'linear', depth: 1e5 })],
    ['cost model, sqrt impact and a size cap', () => new CostModelVenue({ fee: 0.001, impact: 'sqrt', depth: 1e6, coefficient: 0.5, maxNotional: 5e4 })],
    ['cost model, two assets', () => new CostModelVenue({ fee: 0.001, impact: 'linear', depth: 1e6 }, 2), 2],
    ['perp, no limits', () => new PerpVenue({ fee: 0.0005 })],
    ['perp, open-interest cap (refuse)', () => new PerpVenue({ fee: 0.0005, impact: 'sqrt', depth: 1e7, maxOpenInterest: 50, depthBuffer: 1.1 })],
    ['perp, open-interest cap (partial)', () => new PerpVenue({ fee: 0.0005, gas: 1, maxOpenInterest: 50, depthBuffer: 1.1, onLimit: 'partial' })],
    ['perp, funding above the maximum', () => new PerpVenue({ fundingRate: 0.5, maxFundingRate: 0.1 })],
    ['perp, two assets', () => new PerpVenue({ fee: 0.0005, maxOpenInterest: 20, onLimit: 'partial' }, 2), 2],
  ] as [string, () => Venue, number?][])('%s conforms', (name, make, assets) => {
    expect(checkVenueConformance(name, make, { assets: assets ?? 1 })).toEqual([]);
  });

  /** A venue with one deliberate defect, to prove the suite catches it. */
  function broken(defect: 'sign' | 'negativeFee' | 'limit' | 'zero' | 'refusalCharges' | 'state'): Venue {
    const inner = new CostModelVenue({ fee: 0.001, impact: 'linear', depth: 1e4 });
    let calls = 0;
    return {
      kind: 'broken',
      reset: () => inner.reset(),
      update: () => inner.update(),
      trade(asset, prices, row, fill: Fill) {
        const units = fill.requested, limit = fill.limit;
        inner.trade(asset, prices, row, fill);
        calls++;
        if (defect === 'sign' && fill.units !== 0) fill.units = -fill.units;
        if (defect === 'negativeFee' && fill.units !== 0) fill.fee = -1;
        if (defect === 'limit' && fill.status === FillStatus.RefusedSlippage) {
          fill.status = FillStatus.Filled;
          fill.units = units;
          fill.price = limit * 1.5 || 1;
          fill.impact = (fill.price - fill.mid) * units;
        }
        if (defect === 'zero' && units === 0) fill.gas = 1;
        if (defect === 'refusalCharges' && fill.status === FillStatus.RefusedSlippage) fill.gas = 5;
        if (defect === 'state' && calls > 3) fill.fee += 0.01;
      },
    };
  }

  it.each(['sign', 'negativeFee', 'limit', 'zero', 'refusalCharges', 'state'] as const)('catches a venue that breaks the rule: %s', (defect) => {
    const errors = checkVenueConformance(`broken-${defect}`, () => broken(defect));
    expect(errors.length).toBeGreaterThan(0);
  });
});

describe('perp venue: Lyra Newport canHedge', () => {
  const prices = Float64Array.of(2000, 2000, 2000);
  const fill = new Fill();

  it('refuses a risk-increasing trade while |funding| > maxFundingRate, but always lets risk be reduced', () => {
    const v = new PerpVenue({ fundingRate: -0.2, maxFundingRate: 0.1 });
    v.reset();
    tradeOnce(v, 0, 5, Infinity, prices, 0, 0, fill);
    expect(fill.status).toBe(FillStatus.RefusedVenue);
    expect(fill.units).toBe(0);
    // Build a position with funding allowed, then turn funding up: reducing passes, adding does not.
    const w = new PerpVenue({ fundingRate: 0.05, maxFundingRate: 0.1 });
    w.reset();
    tradeOnce(w, 0, -10, 0, prices, 0, 0, fill);
    expect(fill.units).toBe(-10);
    w.useFundingSeries(Float64Array.of(0.05, 0.5, 0.5));
    tradeOnce(w, 0, -1, 0, prices, 1, 0, fill);
    expect(fill.status).toBe(FillStatus.RefusedVenue);
    tradeOnce(w, 0, 4, Infinity, prices, 1, 0, fill);
    expect(fill.units).toBe(4);
    expect(w.positions[0]).toBe(-6);
  });

  it('caps |position| x depthBuffer at maxOpenInterest: refuse whole, or fill up to the limit', () => {
    const refuse = new PerpVenue({ maxOpenInterest: 110, depthBuffer: 1.1 });
    refuse.reset();
    tradeOnce(refuse, 0, 90, Infinity, prices, 0, 0, fill);
    expect(fill.units).toBe(90);
    tradeOnce(refuse, 0, 20, Infinity, prices, 0, 0, fill); // 110 x 1.1 > 110
    expect(fill.status).toBe(FillStatus.RefusedVenue);
    const partial = new PerpVenue({ maxOpenInterest: 110, depthBuffer: 1.1, onLimit: 'partial' });
    partial.reset();
    tradeOnce(partial, 0, 90, Infinity, prices, 0, 0, fill);
    tradeOnce(partial, 0, 20, Infinity, prices, 0, 0, fill);
    expect(fill.status).toBe(FillStatus.Partial);
    expect(fill.units).toBeCloseTo(10, 12);
    tradeOnce(partial, 0, 5, Infinity, prices, 0, 0, fill); // at the cap: nothing more
    expect(fill.status).toBe(FillStatus.RefusedVenue);
    tradeOnce(partial, 0, -250, 0, prices, 0, 0, fill); // through zero to the other side's cap
    expect(fill.units).toBeCloseTo(-200, 12);
    expect(partial.positions[0]).toBeCloseTo(-100, 12);
  });

  it('rejects bad parameters naming the field', () => {
    expect(() => new PerpVenue({ depthBuffer: 0.5 })).toThrow(ConfigError);
    expect(() => new PerpVenue({ maxOpenInterest: 0 })).toThrow(/venue\.maxOpenInterest/);
    expect(() => new PerpVenue({ maxFundingRate: -1 })).toThrow(/venue\.maxFundingRate/);
  });
});
