import { availableParallelism } from 'node:os';
import { LabUsageError } from '../errors.js';

/** Default size of the lab pool: one worker per core Node may use. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/** `--workers N`: a whole number >= 1 (1 = run in process). */
export function checkWorkers(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new LabUsageError(`--workers must be a whole number >= 1 (got ${n})`);
  return n;
}
