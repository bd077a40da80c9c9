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
   * A driver that prints passes its own reporter (through the CLI's escaping terminal
   * output); without one the errors are kept in `callbackErrors` (the last 100) and counted.
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

const KEPT_ERRORS = 100;

/**
 * Wall-clock scheduler for running the router live. The only place in src/ (with the CLI)
 * allowed to touch timers or the wall clock; test/determinism-guard.test.ts enforces it.
 */
export class RealScheduler implements Scheduler {
  private readonly timers: WallTimers;
  private readonly epochMs: number;
  private readonly onCallbackError: (err: unknown) => void;
  /** Errors thrown by callbacks when no reporter was given: the newest 100, and how many in all. */
  readonly callbackErrors: unknown[] = [];
  callbackErrorCount = 0;

  constructor(opts: RealSchedulerOptions = {}) {
    this.timers = opts.timers ?? defaultTimers;
    this.epochMs = opts.epochMs ?? this.timers.now();
    this.onCallbackError = opts.onCallbackError ?? ((err) => this.keep(err));
  }

  private keep(err: unknown): void {
    this.callbackErrorCount++;
    this.callbackErrors.push(err);
    if (this.callbackErrors.length > KEPT_ERRORS) this.callbackErrors.shift();
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
