import type { Scenario } from '../../config/scenario-schema.js';
import type { ClaimVerdict } from '../compare-summary.js';
import type { CellResult } from '../compare.js';

/**
 * A lab run (compare or sweep) as a list of independent jobs. Each job is a pure function of
 * (scenario, strategy, seed, replication), so jobs can run in any order, on worker threads or
 * on other machines (shards), and still aggregate to the same bytes when results are put back
 * in plan order.
 */

/** One simulation run, or the scenario's claims check (2 × replications runs of its own). */
export type LabJob = CellJob | { readonly kind: 'claims' };

/** One (grid point, strategy, replication) run; a comparison has one point, 0. */
export interface CellJob {
  readonly kind: 'cell';
  readonly point: number;
  readonly strategy: string;
  readonly replication: number;
}

/** What every job of one plan shares. Plain data: structured-cloneable for worker threads. */
export interface JobContext {
  /** One scenario per sweep grid point; a comparison has one. */
  readonly scenarios: readonly Scenario[];
  readonly seed: number | string;
  readonly replications: number;
}

export type JobResult =
  | { readonly kind: 'cell'; readonly cell: CellResult }
  | { readonly kind: 'claims'; readonly verdicts: readonly ClaimVerdict[] };

export interface PlannedJob {
  readonly job: LabJob;
  /** Human-readable, e.g. `p2c 2/5` or `point 3/6 p2c 2/5` (progress bar, partial files). */
  readonly label: string;
}

/** A validated lab request as jobs, plus how to turn their results (plan order) into the summary. */
export interface LabPlan<S> {
  /** The scenario file's scenario, before any sweep settings (a comparison runs it as is). */
  readonly base: Scenario;
  readonly context: JobContext;
  readonly jobs: readonly PlannedJob[];
  aggregate(results: readonly JobResult[]): S;
  /**
   * A sequential comparison: batches of jobs to run one after another (each batch's results go
   * back in), ending with the summary; `jobs` is then the most it can take (the cap), which is
   * what a shard runs.
   */
  rounds?(): Generator<PlannedJob[], S, JobResult[]>;
}

export function cellOf(result: JobResult | undefined, label: string): CellResult {
  if (result?.kind !== 'cell') throw new RangeError(`job '${label}' has no run result`);
  return result.cell;
}

export function verdictsOf(result: JobResult | undefined, label: string): readonly ClaimVerdict[] {
  if (result?.kind !== 'claims') throw new RangeError(`job '${label}' has no claims result`);
  return result.verdicts;
}
