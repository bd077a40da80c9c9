import { availableParallelism } from 'node:os';
import { LabUsageError } from '../errors.js';
import { cgroupCpuLimit } from './cpu-quota.js';

/** Default size of the lab pool: one worker per core this process may use (CPU affinity and any cgroup CPU quota). */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(availableParallelism(), cgroupCpuLimit() ?? Infinity));
}

/** `--workers N`: a whole number >= 1 (1 = run in process). */
export function checkWorkers(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new LabUsageError(`--workers must be a whole number >= 1 (got ${n})`);
  return n;
}
