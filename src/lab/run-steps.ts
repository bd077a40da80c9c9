import { LabStoppedError } from './errors.js';

/**
 * A lab job written once as a generator: each `yield` is a point between two simulation runs.
 * Driven synchronously (library, tests) or asynchronously (the CLI gives the event loop a turn
 * there, so a Ctrl-C can be noticed; simulation runs themselves are synchronous).
 */
export type LabSteps<T> = Generator<void, T, void>;

export function runStepsSync<T>(steps: LabSteps<T>): T {
  let r = steps.next();
  while (!r.done) r = steps.next();
  return r.value;
}

export async function runStepsAsync<T>(steps: LabSteps<T>, pause: () => Promise<void>): Promise<T> {
  let r = steps.next();
  while (!r.done) {
    await pause();
    r = steps.next();
  }
  return r.value;
}

export interface RunControl {
  /** Fraction of all runs done (0..1) and what is running now. */
  readonly onProgress?: (fraction: number, detail: string) => void;
  /** Polled between runs and inside them; true stops the job with LabStoppedError. */
  readonly shouldStop?: () => boolean;
}

/** Counts finished runs for progress and turns a stop request into LabStoppedError. */
export class RunCounter {
  private done = 0;

  constructor(readonly total: number, private readonly control: RunControl = {}) {}

  /** Throws LabStoppedError when a stop was requested. */
  checkStop(): void {
    if (this.control.shouldStop?.() === true) throw new LabStoppedError(this.done, this.total);
  }

  /** Progress callback for the run about to start (fraction of that run → fraction of all). */
  progressFor(detail: string): ((fraction: number) => void) | undefined {
    const report = this.control.onProgress;
    if (report === undefined) return undefined;
    return (f) => report((this.done + Math.min(1, Math.max(0, f))) / this.total, detail);
  }

  finishRun(detail: string): void {
    this.done++;
    this.control.onProgress?.(this.done / this.total, detail);
  }
}
