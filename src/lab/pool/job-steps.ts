import { RunCounter, type LabSteps, type RunControl } from '../run-steps.js';
import type { RunSummary } from '../../metrics/run-summary.js';
import { executeJobWithRun } from './execute-job.js';
import type { CellJob, JobContext, JobResult, PlannedJob } from './lab-job.js';

export interface JobStepsControl extends RunControl {
  /** Sees the full summary of every complete cell run. */
  readonly onRun?: (run: RunSummary, job: CellJob) => void;
}

/**
 * Runs planned jobs one after another in this thread, in plan order, as lab steps (a yield
 * before each job: see run-steps.ts). The one in-process job loop: the library's compare and
 * sweep and the CLI's `--workers 1` all run through it. Throws LabStoppedError when stopped;
 * a run cut short by the stop is never returned.
 */
export function* jobSteps(context: JobContext, jobs: readonly PlannedJob[], control: JobStepsControl = {}): LabSteps<JobResult[]> {
  const counter = new RunCounter(jobs.length, control);
  const results: JobResult[] = [];
  for (const { job, label } of jobs) {
    yield;
    counter.checkStop();
    const { result, run } = executeJobWithRun(context, job, { onProgress: counter.progressFor(label), shouldStop: control.shouldStop });
    counter.checkStop();
    if (run !== undefined && job.kind === 'cell') control.onRun?.(run, job);
    results.push(result);
    counter.finishRun(label);
  }
  return results;
}
