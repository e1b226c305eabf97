import { nearestUsableTick as sdkNearestUsableTick } from '@uniswap/v3-sdk';
import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.js';
import { charmRanges, charmTickInBounds } from './charm-ranges.js';
import { floorToSpacing, fullRange, nearestUsableTick } from './v3/tick-utils.js';

describe('Charm range arithmetic', () => {
  it('spacing 60, tick -1234, base 3600, limit 1200: X = -1260, base [-4860, 2400], bid [-2460, -1260], ask [-1200, 0]', () => {
    expect(floorToSpacing(-1234, 60)).toBe(-1260); // toward -infinity, not toward zero
    expect(charmRanges(-1234, 60, 3600, 1200)).toEqual({ base: [-4860, 2400], bid: [-2460, -1260], ask: [-1200, 0] });
  });

  it('a tick on the grid is its own X; thresholds off the grid are refused', () => {
    expect(charmRanges(120, 60, 600, 60).base).toEqual([-480, 780]);
    expect(() => charmRanges(0, 60, 100, 60)).toThrow(/multiple of the tick spacing/);
  });

  it('refuses ticks too close to the ends of the curve', () => {
    expect(charmTickInBounds(0, 60, 3600, 1200)).toBe(true);
    expect(charmTickInBounds(-887272 + 3600 + 60, 60, 3600, 1200)).toBe(true);
    expect(charmTickInBounds(-887272 + 3600 + 59, 60, 3600, 1200)).toBe(false);
    expect(charmTickInBounds(887272 - 3600 - 61, 60, 3600, 1200)).toBe(true);
    expect(charmTickInBounds(887272 - 3600 - 59, 60, 3600, 1200)).toBe(false);
  });
});

describe('tick helpers', () => {
  it('nearestUsableTick rounds halves up (Math.round), as the SDK does, and stays on the curve', () => {
    expect(nearestUsableTick(-90, 60)).toBe(-60); // -1.5 spacings -> -1
    expect(nearestUsableTick(90, 60)).toBe(120);
    expect(nearestUsableTick(-887272, 60)).toBe(-887220);
    expect(nearestUsableTick(887272, 200)).toBe(887200);
    const rng = new Rng(81);
    for (let k = 0; k < 2000; k++) {
      const s = [1, 10, 60, 200, 7][k % 5];
      const t = rng.nextBelow(887272 * 2 + 1) - 887272;
      expect(nearestUsableTick(t, s)).toBe(sdkNearestUsableTick(t, s));
    }
  });

  it('full ranges per spacing', () => {
    expect(fullRange(60)).toEqual([-887220, 887220]);
    expect(fullRange(10)).toEqual([-887270, 887270]);
    expect(fullRange(1)).toEqual([-887272, 887272]);
  });
});
