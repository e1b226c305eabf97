/**
 * V8 settings for the engine's step loop, applied by the `keel` program at start-up.
 *
 * Why: a step is a handful of small calls (venue, product, policy, executor, metrics) that are
 * cheap only when V8 inlines them into the loop, and V8's default budget (at most 460 bytes of
 * bytecode per inlined function and 920 in all per optimized function) is spent before the loop's
 * last calls: the hedge benchmark's policy, executor and metrics calls stayed out of line. With
 * the budget below every one of them is inlined. Measured on the benchmark workloads (best of
 * five runs, one thread): hedge 67 -> 57 ns per path-step, lt 19 -> 18.
 *
 * Larger budgets are not better: at 2000 and 8000 the hedge loop ran at 72 ns, as the inlined
 * code grew past what the register allocator handles well. Library users get the same loop by
 * starting Node with these flags, or by calling `tuneV8()` before running simulations.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const V8_FLAGS = ['--max-inlined-bytecode-size=1000', '--max-inlined-bytecode-size-cumulative=4000'] as const;

/**
 * Sets V8_FLAGS for this process (worker threads share them). Call before the first simulation:
 * the budget applies to code V8 optimizes afterwards.
 */
export function tuneV8(): void {
  for (const flag of V8_FLAGS) setFlagsFromString(flag);
}

/**
 * Benchmarks only: a full garbage collection of this thread's heap. `keel bench --threads K` calls
 * it on the main thread once the workers have warmed up: measured on hedge with two threads, the
 * main thread's first full collection (15 MB of module-loading garbage) otherwise fell inside the
 * timed run, and V8's parallel collector took both cores from the workers for about 30 ms. Not
 * called on threads that run simulations: the effect there could not be told from noise.
 *
 * V8 offers `gc()` only to code started with --expose-gc; the flag set now applies to contexts
 * created afterwards, so a fresh context hands out the function.
 */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
