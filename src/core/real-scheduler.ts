import type { Cancel, Scheduler } from './ports.js';

/** The wall-clock sources a RealScheduler uses (swappable for fake timers in tests). */
export interface WallTimers {
  now(): number;
  setTimeout(fn: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface RealSchedulerOptions {
  readonly timers?: WallTimers;
  /**
   * The `timers.now()` reading that is time 0 for this scheduler (default: its construction).
   * An explicit epoch lets a live gateway and its load generator agree on "ms since start".
   */
  readonly epochMs?: number;
  /**
   * Receives an error thrown by a scheduled callback. The scheduler reports it and keeps
   * going: one request's bug must not take every other request (and the process) down.
   * Default: a one-line message on stderr.
   */
  readonly onCallbackError?: (err: unknown) => void;
}

/**
 * Node runs a timer longer than 2³¹−1 ms (24.8 days) after 1 ms. Longer delays are chained
 * through timers of at most this length.
 */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

const defaultTimers: WallTimers = {
  now: () => performance.now(),
  setTimeout: (fn, delayMs) => globalThis.setTimeout(fn, delayMs),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

function reportToStderr(err: unknown): void {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  process.stderr.write(`routesim: a scheduled callback threw (${text}); continuing\n`);
}

/**
 * Wall-clock scheduler for running the router live. The only place in src/ (with the CLI)
 * allowed to touch timers or the wall clock; test/determinism-guard.test.ts enforces it.
 */
export class RealScheduler implements Scheduler {
  private readonly timers: WallTimers;
  private readonly epochMs: number;
  private readonly onCallbackError: (err: unknown) => void;

  constructor(opts: RealSchedulerOptions = {}) {
    this.timers = opts.timers ?? defaultTimers;
    this.epochMs = opts.epochMs ?? this.timers.now();
    this.onCallbackError = opts.onCallbackError ?? reportToStderr;
  }

  now(): number {
    return this.timers.now() - this.epochMs;
  }

  schedule(delayMs: number, fn: () => void): Cancel {
    const dueMs = this.now() + Math.max(0, delayMs);
    let handle: unknown;
    let cancelled = false;
    /** True while waiting on a link of a chain (a delay beyond MAX_TIMER_DELAY_MS). */
    let chained = false;
    const arm = (waitMs: number) => {
      chained = waitMs > MAX_TIMER_DELAY_MS;
      handle = this.timers.setTimeout(fire, chained ? MAX_TIMER_DELAY_MS : waitMs);
    };
    const fire = () => {
      if (cancelled) return;
      if (chained) return arm(Math.max(0, dueMs - this.now()));
      try {
        fn();
      } catch (err) {
        this.onCallbackError(err);
      }
    };
    arm(Math.max(0, delayMs));
    return () => {
      cancelled = true;
      this.timers.clearTimeout(handle);
    };
  }
}
