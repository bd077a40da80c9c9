import type { RunSummary } from '../../metrics/run-summary.js';
import { evaluateClaims } from '../claims.js';
import { runCompareCell } from '../compare.js';
import type { TrafficCache } from '../../sim/traffic/traffic-cache.js';
import type { JobContext, JobResult, LabJob } from './lab-job.js';

/** Progress within the run and a stop request (in-process runs only; a pool stops workers instead). */
export interface JobControl {
  readonly onProgress?: (fraction: number) => void;
  readonly shouldStop?: () => boolean;
  /** Kept by whoever runs a series of jobs (a worker, a jobSteps call): strategies of a replication share its traffic. */
  readonly trafficCache?: TrafficCache;
}

/** Runs one job (in process, or inside a pool worker). */
export function executeJob(context: JobContext, job: LabJob, control: JobControl = {}): JobResult {
  return executeJobWithRun(context, job, control).result;
}

/** executeJob, also returning a cell's full run summary (the job result keeps only the cell). */
export function executeJobWithRun(context: JobContext, job: LabJob, control: JobControl = {}): { result: JobResult; run?: RunSummary } {
  if (job.kind === 'claims') {
    const scenario = context.scenarios[0];
    if (scenario?.claims === undefined) throw new RangeError('a claims job needs a scenario with claims');
    // String(seed): the seed as the summary records it, as the single-machine CLI always passed it.
    return { result: { kind: 'claims', verdicts: evaluateClaims(scenario, scenario.claims, context.replications, String(context.seed)) } };
  }
  const scenario = context.scenarios[job.point];
  if (scenario === undefined) throw new RangeError(`job names grid point ${job.point + 1}, the plan has ${context.scenarios.length}`);
  const { run, cell } = runCompareCell({ scenario, seed: context.seed }, job.strategy, job.replication, control);
  return { result: { kind: 'cell', cell }, run };
}
