import { describe, expect, it } from 'vitest';
import { NormalSampler } from './normal.js';
import { QuantileSketch } from './quantile-sketch.js';
import { Rng } from './rng.js';
import { RunningStats } from './running-stats.js';

describe('RunningStats', () => {
  it('matches the two-pass formulas', () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    const s = new RunningStats();
    xs.forEach((x) => s.push(x));
    expect(s.mean).toBe(5);
    expect(s.variance).toBeCloseTo(32 / 7, 14);
    expect(s.min).toBe(2);
    expect(s.max).toBe(9);
    const m = 5, n = xs.length;
    const m3 = xs.reduce((a, x) => a + (x - m) ** 3, 0), m4 = xs.reduce((a, x) => a + (x - m) ** 4, 0);
    expect(s.m3).toBeCloseTo(m3, 10);
    expect(s.m4).toBeCloseTo(m4, 10);
    expect(s.kurtosis).toBeCloseTo((n * m4) / (32 * 32) - 3, 12);
  });

  it('merging blocks equals one pass over all values', () => {
    const ns = new NormalSampler(new Rng(5));
    const all = new RunningStats();
    const blocks = [new RunningStats(), new RunningStats(), new RunningStats()];
    for (let i = 0; i < 3000; i++) {
      const x = 3 + 2 * ns.next() + (i % 7 === 0 ? ns.next() ** 3 : 0);
      all.push(x);
      blocks[i % 3].push(x);
    }
    const merged = new RunningStats();
    blocks.forEach((b) => merged.merge(b));
    expect(merged.n).toBe(all.n);
    expect(merged.mean).toBeCloseTo(all.mean, 12);
    expect(merged.m2 / all.m2).toBeCloseTo(1, 12);
    expect(merged.m3 / all.m3).toBeCloseTo(1, 10);
    expect(merged.m4 / all.m4).toBeCloseTo(1, 10);
  });

  it('95% intervals for mean and sd cover the truth at about the nominal rate', () => {
    const ns = new NormalSampler(new Rng(11));
    let coverMean = 0, coverSd = 0;
    const trials = 400;
    for (let k = 0; k < trials; k++) {
      const s = new RunningStats();
      for (let i = 0; i < 500; i++) s.push(1 + 2 * ns.next());
      const mc = s.meanCi(), sc = s.sdCi();
      if (mc.low <= 1 && 1 <= mc.high) coverMean++;
      if (sc.low <= 2 && 2 <= sc.high) coverSd++;
    }
    // Binomial(400, 0.95) has sd 4.4: 95% +/- 3.5 sd.
    expect(coverMean).toBeGreaterThan(365);
    expect(coverSd).toBeGreaterThan(360);
  });

  it('serialises and restores exactly', () => {
    const s = new RunningStats();
    [1, 2, 3.5].forEach((x) => s.push(x));
    const back = RunningStats.fromJSON(JSON.parse(JSON.stringify(s)));
    expect(back.toJSON()).toEqual(s.toJSON());
  });

  it('packs into a shared typed array and back exactly, an empty sample included', () => {
    const a = new RunningStats(), empty = new RunningStats();
    [4, -1, 2.25, 1e-9].forEach((x) => a.push(x));
    const packed = new Float64Array(3 * RunningStats.PACKED).fill(7);
    a.writeTo(packed, 0);
    empty.writeTo(packed, RunningStats.PACKED);
    const back = structuredClone(packed);
    const a2 = new RunningStats(), e2 = new RunningStats();
    a2.push(99); // overwritten
    a2.readFrom(back, 0);
    e2.readFrom(back, RunningStats.PACKED);
    expect(a2.toJSON()).toEqual(a.toJSON());
    expect(e2.min).toBe(Infinity);
    expect(e2.max).toBe(-Infinity);
    expect(e2.n).toBe(0);
    expect(Array.from(packed.subarray(2 * RunningStats.PACKED))).toEqual(Array(RunningStats.PACKED).fill(7));
    // And merging the copy equals merging the original.
    const m1 = new RunningStats(), m2 = new RunningStats();
    [1, 2].forEach((x) => (m1.push(x), m2.push(x)));
    m1.merge(a);
    m2.merge(a2);
    expect(m2.toJSON()).toEqual(m1.toJSON());
  });
});

describe('QuantileSketch', () => {
  it('returns quantiles of a normal sample within its relative accuracy', () => {
    const ns = new NormalSampler(new Rng(8));
    const q = new QuantileSketch(0.005);
    const xs: number[] = [];
    for (let i = 0; i < 50_000; i++) {
      const x = ns.next();
      xs.push(x);
      q.push(x);
    }
    xs.sort((a, b) => a - b);
    for (const p of [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]) {
      const exact = xs[Math.floor(p * (xs.length - 1))];
      expect(Math.abs(q.quantile(p) - exact)).toBeLessThanOrEqual(0.005 * Math.abs(exact) + 1e-12);
    }
    // Expected shortfall of the worst 5%: exact mean of the lowest 2500 values.
    const es = xs.slice(0, 2500).reduce((a, b) => a + b, 0) / 2500;
    expect(q.lowerTailMean(0.05) / es).toBeCloseTo(1, 2);
  });

  it('merges by adding counts, independent of order', () => {
    const a = new QuantileSketch(), b = new QuantileSketch(), all = new QuantileSketch();
    for (let i = -500; i < 700; i++) {
      const x = i / 10;
      (i % 2 ? a : b).push(x);
      all.push(x);
    }
    const ab = new QuantileSketch(); ab.merge(a); ab.merge(b);
    const ba = new QuantileSketch(); ba.merge(b); ba.merge(a);
    expect(ab.toMessage()).toEqual(all.toMessage());
    expect(ba.toMessage()).toEqual(all.toMessage());
  });

  it('travels as a message (structured clone) and merges from it as from the sketch itself', () => {
    const a = new QuantileSketch(), b = new QuantileSketch();
    for (let i = -500; i < 700; i++) (i % 3 ? a : b).push(i / 7);
    b.push(0);
    const m = structuredClone(b.toMessage());
    // Non-empty buckets only, as (index, count) pairs.
    expect(m.pos.length % 2).toBe(0);
    for (let i = 1; i < m.pos.length; i += 2) expect(m.pos[i]).toBeGreaterThan(0);
    const viaMessage = QuantileSketch.fromMessage(structuredClone(a.toMessage()));
    viaMessage.mergeMessage(m);
    const direct = new QuantileSketch();
    direct.merge(a);
    direct.merge(b);
    expect(viaMessage.toMessage()).toEqual(direct.toMessage());
    expect(viaMessage.count).toBe(1201);
    for (const q of [0, 0.01, 0.5, 0.99, 1]) expect(viaMessage.quantile(q)).toBe(direct.quantile(q));
    expect(() => new QuantileSketch(0.01).mergeMessage(m)).toThrow(RangeError);
  });

  it('round-trips through JSON text', () => {
    const a = new QuantileSketch();
    for (let i = -50; i < 80; i++) a.push(i * 1.3);
    const back = QuantileSketch.fromJSON(JSON.parse(JSON.stringify(a)));
    expect(back.toMessage()).toEqual(a.toMessage());
    expect(back.quantile(0.3)).toBe(a.quantile(0.3));
  });

  it('empties with clear and is as good as new afterwards, whatever it held or merged', () => {
    const s = new QuantileSketch(), other = new QuantileSketch();
    for (let i = 1; i <= 300; i++) other.push(i * i * (i % 2 ? 1 : -1));
    s.push(5);
    s.merge(other); // a range wider than its own pushes
    expect(s.toMessage().pos.length / 2 + s.toMessage().neg.length / 2).toBeGreaterThan(200);
    s.clear();
    expect(s.count).toBe(0);
    expect(s.quantile(0.5)).toBeNaN();
    expect(s.toMessage().pos.length + s.toMessage().neg.length).toBe(0);
    const fresh = new QuantileSketch();
    for (const x of [-3, 0, 2, 2, 1e6]) {
      s.push(x);
      fresh.push(x);
    }
    expect(s.toMessage()).toEqual(fresh.toMessage());
    for (const q of [0, 0.25, 0.5, 1]) expect(s.quantile(q)).toBe(fresh.quantile(q));
  });

  it('gives a quantile confidence interval that brackets the estimate', () => {
    const q = new QuantileSketch();
    for (let i = 1; i <= 10_000; i++) q.push(i);
    const ci = q.quantileCi(0.05);
    expect(ci.low).toBeLessThanOrEqual(q.quantile(0.05));
    expect(ci.high).toBeGreaterThanOrEqual(q.quantile(0.05));
    expect(ci.low).toBeGreaterThan(440);
    expect(ci.high).toBeLessThan(560);
  });
});
