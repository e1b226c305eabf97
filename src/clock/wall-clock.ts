import type { Clock } from './clock.js';

/** The real clock, for the keeper. The only place in Keel that reads the system time. */
export class WallClock implements Clock {
  now(): number {
    return Date.now() / 1000;
  }
}
