import { runStepsAsync, type RunControl } from '../run-steps.js';
import { jobSteps } from './job-steps.js';
import type { JobContext, JobResult, PlannedJob } from './lab-job.js';
import { runInPool } from './worker-pool.js';

export interface RunJobsOptions extends RunControl {
  /** 1 runs in this thread (as before the pool existed); more starts that many worker threads (at most one per job). */
  readonly workers: number;
  /** Run even a single worker's jobs on a worker thread, so the calling thread stays free (to see Ctrl-C during a long run). */
  readonly offMainThread?: boolean;
  /** Awaited before each in-process job: the CLI gives the event loop a turn there, so Ctrl-C is seen. */
  readonly pause?: () => Promise<void>;
  /** Aborting stops the job: in process after the current run, on a pool at once. */
  readonly stop?: AbortSignal;
  /** Worker script override (tests); default: see workerEntryUrl. */
  readonly workerUrl?: URL;
}

/**
 * Runs planned jobs and returns their results in the order given (plan order), whichever way
 * they ran: the same inputs give the same results with 1 worker or many. Throws
 * LabStoppedError when stopped; nothing partial is returned.
 */
export function runJobs(context: JobContext, jobs: readonly PlannedJob[], opts: RunJobsOptions): Promise<JobResult[]> {
  if (Math.min(opts.workers, jobs.length) > 1 || (opts.offMainThread === true && jobs.length > 0)) {
    return runInPool(context, jobs, { workers: opts.workers, onProgress: opts.onProgress, stop: opts.stop, shouldStop: opts.shouldStop, workerUrl: opts.workerUrl });
  }
  return runInProcess(context, jobs, opts);
}

function runInProcess(context: JobContext, jobs: readonly PlannedJob[], opts: RunJobsOptions): Promise<JobResult[]> {
  const shouldStop = () => opts.stop?.aborted === true || opts.shouldStop?.() === true;
  return runStepsAsync(jobSteps(context, jobs, { onProgress: opts.onProgress, shouldStop }), opts.pause ?? (async () => {}));
}
