import type { Cancel, Scheduler } from './ports.js';

/**
 * Simulated time on a real clock, `timeScale` times faster: 1 simulated second lasts
 * 1/timeScale real seconds. `now()` and delays are in simulated ms, so models written for the
 * simulator (latencies, rate-limit windows, incident schedules) run unchanged in real time.
 */
export class ScaledScheduler implements Scheduler {
  constructor(private readonly real: Scheduler, readonly timeScale: number) {
    if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new RangeError(`timeScale must be a positive number, got ${timeScale}`);
  }

  now(): number {
    return this.real.now() * this.timeScale;
  }

  schedule(delayMs: number, fn: () => void): Cancel {
    return this.real.schedule(delayMs / this.timeScale, fn);
  }

  /** Simulated ms → real ms. */
  toRealMs(simMs: number): number {
    return simMs / this.timeScale;
  }
}
