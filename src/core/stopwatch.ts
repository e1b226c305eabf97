/**
 * Elapsed time for benchmarks and progress bars. This and the wall clock are the only modules
 * allowed to read real time; simulation code reads the injected Clock instead.
 */
export class Stopwatch {
  private readonly start = performance.now();

  /** Seconds since construction. */
  seconds(): number {
    return (performance.now() - this.start) / 1000;
  }
}
