/**
 * Throughput of the Monte Carlo fast paths against the exact pools: swaps back and forth across a
 * few ranges (`npm run bench`).
 */
import { bench, describe } from 'vitest';
import { CpmmPool } from '../cpmm.js';
import { FloatCpmmPool } from '../cpmm-float.js';
import { FloatV3Pool } from './float-pool.js';
import { V3Pool } from './pool.js';

function book(): V3Pool {
  const pool = new V3Pool({ fee: 3000, sqrtPriceX96: 1n << 96n });
  pool.mint('full', -887220, 887220, 10n ** 21n);
  pool.mint('a', -1200, 1200, 10n ** 22n);
  pool.mint('b', -600, 0, 10n ** 22n);
  pool.mint('c', 0, 600, 10n ** 22n);
  return pool;
}

describe('v3 swap, 1e20 in each way (crosses a few ticks)', () => {
  const exact = book();
  const fast = FloatV3Pool.fromExact(book());
  let flip = false;
  bench('exact bigint V3Pool', () => {
    flip = !flip;
    exact.swap(flip, 10n ** 20n);
  });
  bench('FloatV3Pool', () => {
    flip = !flip;
    fast.swap(flip, 1e20);
  });
});

describe('constant product swap', () => {
  const exact = CpmmPool.withReserves(10n ** 24n, 10n ** 24n);
  const fast = new FloatCpmmPool(1e24, 1e24);
  let flip = false;
  bench('exact bigint CpmmPool', () => {
    flip = !flip;
    exact.swapExactIn(flip, 10n ** 21n);
  });
  bench('FloatCpmmPool', () => {
    flip = !flip;
    fast.swapExactIn(flip, 1e21);
  });
});
