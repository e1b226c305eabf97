import { describe, expect, it } from 'vitest';
import { MetricAccumulator } from './metric-accumulator.js';
import type { MetricDef } from './path-metrics.js';

const defs: MetricDef[] = [
  { key: 'pnl', label: 'P&L', unit: 'quote' },
  { key: 'hit', label: 'Hit', unit: 'probability' },
  { key: 'gap', label: 'Gap', unit: 'quote' },
];

function filled(): MetricAccumulator {
  const a = new MetricAccumulator(defs);
  for (let i = 0; i < 500; i++) a.push(Float64Array.of(Math.sin(i) * 3, i % 7 === 0 ? 1 : 0, i % 5 === 0 ? NaN : i / 10), 0);
  return a;
}

describe('MetricAccumulator', () => {
  it('leaves NaN values out of a metric and gives each metric its own count', () => {
    const s = filled().summaries();
    expect(s.map((m) => m.n)).toEqual([500, 500, 400]);
    expect(s[1].mean).toBeCloseTo(72 / 500, 12);
    // A probability gets the Wilson interval, inside [0, 1].
    expect(s[1].meanCi[0]).toBeGreaterThan(0);
    expect(s[1].meanCi[1]).toBeLessThan(1);
  });

  it('travels as a worker message (structured clone) and as JSON text with the same summaries', () => {
    const a = filled();
    const viaMessage = MetricAccumulator.fromMessage(defs, structuredClone(a.toMessage()));
    const viaJson = MetricAccumulator.fromJSON(defs, JSON.parse(JSON.stringify(a)));
    expect(viaMessage.summaries()).toEqual(a.summaries());
    expect(viaJson.summaries()).toEqual(a.summaries());
  });

  it("adds a worker's sketches to its own", () => {
    const a = filled(), b = filled();
    const both = new MetricAccumulator(defs);
    both.mergeSketches(a);
    both.mergeSketchMessages(structuredClone(b.toMessage()));
    expect(both.sketches[0].count).toBe(1000);
    expect(both.sketches[2].count).toBe(800);
    expect(both.sketches[0].quantile(0.5)).toBe(a.sketches[0].quantile(0.5));
  });
});
