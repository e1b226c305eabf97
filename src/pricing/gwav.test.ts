import { describe, expect, it } from 'vitest';
import { ModelError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { GwavOracle } from './gwav.js';

const HOUR = 3600;

describe('GwavOracle', () => {
  it('12 hours at 1.0 then 12 hours at 2.0 average to sqrt 2 = 1.41421', () => {
    const g = new GwavOracle(8);
    g.write(0, 1);
    g.write(12 * HOUR, 2);
    expect(g.average(0, 24 * HOUR)).toBeCloseTo(Math.SQRT2, 14);
    expect(Math.abs(g.average(0, 24 * HOUR) - 1.41421)).toBeLessThan(5e-6);
    expect(g.latest()).toBe(2);
  });

  it('holds each value until the next write and the first value before the first write', () => {
    const g = new GwavOracle(8);
    g.write(100, 4);
    g.write(200, 1);
    expect(g.average(0, 100)).toBeCloseTo(4, 14); // before the first observation
    expect(g.average(150, 250)).toBeCloseTo(2, 14); // 50 at 4, 50 at 1
    expect(g.average(300, 400)).toBeCloseTo(1, 14); // after the last one
    expect(g.average(150, 150)).toBe(4); // a point window is the value in effect
  });

  it('a second write at the same time replaces the value', () => {
    const g = new GwavOracle(4);
    g.write(0, 1);
    g.write(10, 9);
    g.write(10, 4);
    expect(g.size).toBe(2);
    expect(g.average(10, 20)).toBeCloseTo(4, 14);
  });

  it('matches a brute-force geometric mean of a random step series', () => {
    const rng = new Rng(42);
    const g = new GwavOracle(64);
    const times: number[] = [], values: number[] = [];
    let t = 0;
    for (let i = 0; i < 50; i++) {
      t += 1 + Math.floor(rng.nextFloat() * 600);
      const v = 0.5 + rng.nextFloat();
      g.write(t, v);
      times.push(t);
      values.push(v);
    }
    const brute = (from: number, to: number) => {
      let s = 0;
      for (let i = 0; i < times.length; i++) {
        const start = Math.max(i === 0 ? -Infinity : times[i], from);
        const end = Math.min(i + 1 < times.length ? times[i + 1] : Infinity, to);
        if (end > start) s += Math.log(values[i]) * (end - start);
      }
      return Math.exp(s / (to - from));
    };
    for (const [a, b] of [[times[3] + 17, times[40] - 5], [times[0] - 1000, times[10]], [times[45], t + 500], [times[20], times[21]]]) {
      expect(g.average(a, b) / brute(a, b) - 1).toBeCloseTo(0, 12);
    }
  });

  it('rejects windows older than the retained history once the ring has wrapped', () => {
    const g = new GwavOracle(3);
    for (let i = 0; i < 5; i++) g.write(i * 10, i + 1); // keeps t = 20, 30, 40
    expect(g.average(20, 45)).toBeCloseTo(Math.exp((10 * Math.log(3) + 10 * Math.log(4) + 5 * Math.log(5)) / 25), 14);
    expect(() => g.average(15, 45)).toThrow(/before the oldest retained observation/);
  });

  it('rejects bad writes and windows', () => {
    const g = new GwavOracle(2);
    expect(() => g.latest()).toThrow(ModelError);
    expect(() => g.average(0, 1)).toThrow(ModelError);
    g.write(10, 1);
    expect(() => g.write(5, 1)).toThrow(/time order/);
    expect(() => g.write(20, 0)).toThrow(/> 0/);
    expect(() => g.average(5, 1)).toThrow(/must be >= window start/);
    expect(() => new GwavOracle(0)).toThrow(/capacity/);
  });
});
