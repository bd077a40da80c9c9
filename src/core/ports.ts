/**
 * Ports that keep routing code clock-agnostic and the simulator deterministic.
 * The router, health checkers, breakers and retry timers only ever talk to these.
 */

/** Cancels a scheduled callback; calling it after the callback ran is a no-op. */
export type Cancel = () => void;

export interface Clock {
  /** Current time in milliseconds (simulated or wall-clock, the caller cannot tell). */
  now(): number;
}

export interface Scheduler extends Clock {
  /** Run `fn` after `delayMs` (>= 0). Callbacks scheduled for the same time run in scheduling order. */
  schedule(delayMs: number, fn: () => void): Cancel;
}

/** A deterministic stream of uniform random numbers. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** An independent named child stream; the same label always yields the same stream. */
  fork(label: string): Rng;
  /** The seed string this stream was created from (for diagnostics). */
  readonly seed: string;
}
