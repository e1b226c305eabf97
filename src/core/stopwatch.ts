/**
 * Elapsed time for benchmarks and progress bars. This and the wall clock are the only modules
 * allowed to read real time; simulation code reads the injected Clock instead.
 */
export class Stopwatch {
  private start = performance.now();

  /** Starts counting again from now. */
  restart(): void {
    this.start = performance.now();
  }

  /** Seconds since construction or the last restart. */
  seconds(): number {
    return (performance.now() - this.start) / 1000;
  }
}
