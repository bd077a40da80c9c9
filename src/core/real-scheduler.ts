import type { Cancel, Scheduler } from './ports.js';

/**
 * Wall-clock scheduler for running the router live. The only place in src/ (with the CLI)
 * allowed to touch timers or the wall clock; test/determinism-guard.test.ts enforces it.
 */
export class RealScheduler implements Scheduler {
  private readonly originMs: number;

  constructor(private readonly timers: { now(): number; setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout } = {
    now: () => performance.now(),
    setTimeout: globalThis.setTimeout.bind(globalThis),
    clearTimeout: globalThis.clearTimeout.bind(globalThis),
  }) {
    this.originMs = timers.now();
  }

  now(): number {
    return this.timers.now() - this.originMs;
  }

  schedule(delayMs: number, fn: () => void): Cancel {
    const handle = this.timers.setTimeout(fn, Math.max(0, delayMs));
    return () => this.timers.clearTimeout(handle);
  }
}
