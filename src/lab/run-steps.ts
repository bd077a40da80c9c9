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

/** What one run gets: its share of the progress bar and the stop request (polled inside the run). */
export interface RunProgress {
  readonly onProgress?: (fraction: number) => void;
  readonly shouldStop?: () => boolean;
}

/**
 * The lab's one run loop: runs `items` in order, a yield before each (see LabSteps), with a
 * stop check before and after every run, so a run cut short by a stop is never returned or
 * passed to `onComplete`. Throws LabStoppedError when stopped.
 */
export function* runEach<T, R>(
  items: readonly T[],
  labelOf: (item: T) => string,
  run: (item: T, progress: RunProgress) => R,
  control: RunControl = {},
  onComplete?: (item: T, result: R) => void,
): LabSteps<R[]> {
  const counter = new RunCounter(items.length, control);
  const results: R[] = [];
  for (const item of items) {
    yield;
    counter.checkStop();
    const label = labelOf(item);
    const result = run(item, { onProgress: counter.progressFor(label), shouldStop: control.shouldStop });
    counter.checkStop();
    onComplete?.(item, result);
    results.push(result);
    counter.finishRun(label);
  }
  return results;
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
