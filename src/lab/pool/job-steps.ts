import type { RunSummary } from '../../metrics/run-summary.js';
import { runEach, type LabSteps, type RunControl } from '../run-steps.js';
import { TrafficCache } from '../../sim/traffic/traffic-cache.js';
import { executeJobWithRun } from './execute-job.js';
import type { CellJob, JobContext, JobResult, PlannedJob } from './lab-job.js';

export interface JobStepsControl extends RunControl {
  /** Sees the full summary of every complete cell run. */
  readonly onRun?: (run: RunSummary, job: CellJob) => void;
}

/**
 * Runs planned jobs one after another in this thread, in plan order (runEach): the library's
 * compare and sweep and the CLI's `--workers 1` all run through it.
 */
export function* jobSteps(context: JobContext, jobs: readonly PlannedJob[], control: JobStepsControl = {}): LabSteps<JobResult[]> {
  const trafficCache = new TrafficCache();
  const done = yield* runEach(
    jobs,
    (j) => j.label,
    (j, progress) => executeJobWithRun(context, j.job, { ...progress, trafficCache }),
    control,
    ({ job }, { run }) => {
      if (run !== undefined && job.kind === 'cell') control.onRun?.(run, job);
    },
  );
  return done.map((d) => d.result);
}
