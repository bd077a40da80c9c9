import { parseScenarioText } from '../config/load-scenario.js';
import type { Scenario } from '../config/scenario-schema.js';
import { compareLabPlan, planCompare } from './compare.js';
import type { CompareSummary, SweepSummary } from './compare-summary.js';
import type { LabPlan } from './pool/lab-job.js';
import { buildSweepPoints, planSweep, sweepLabPlan, type SweepPoint } from './sweep.js';
import { sweepGrid, type SweepAxis } from './sweep-settings.js';

/**
 * What the user asked `compare` or `sweep` for, as plain data. A single-machine run, every
 * shard and `routesim merge` build their plan from it with the same function, so the plan
 * (its jobs, their order, the aggregation) is the same wherever it is rebuilt.
 */
export type LabRequest =
  | {
      readonly kind: 'compare';
      readonly strategies: readonly string[];
      readonly replications?: number;
      /** Sequential floor (see CompareOptions); a shard and a merge run the full plan whatever it says. */
      readonly minReplications?: number;
      readonly seed?: number | string;
      readonly baseline?: string;
    }
  | {
      readonly kind: 'sweep';
      readonly axes: readonly SweepAxis[];
      /** Absent: each grid point's own router.strategy. */
      readonly strategies?: readonly string[];
      readonly replications?: number;
      readonly seed?: number | string;
    };

/**
 * The scenario of a request: the file's path as given and the sha256 of its bytes (recorded in
 * the summary), and either its text or the scenarios already validated. A merge passes the
 * scenarios the shards ran (stored in their partials), so it needs neither the file nor the
 * trace files it names.
 */
export interface ScenarioRecord {
  readonly file: string;
  readonly sha256: string;
  readonly text?: string;
  /** The file's scenario as validated (with any CLI flags applied); default: parsed from text. */
  readonly scenario?: Scenario;
  /** Sweep: every grid point's scenario in grid order (sweepGrid); default: built from text. */
  readonly points?: readonly Scenario[];
}

export type LabSummaryPlan = LabPlan<CompareSummary> | LabPlan<SweepSummary>;

export type CompareRequest = Extract<LabRequest, { kind: 'compare' }>;
export type SweepRequest = Extract<LabRequest, { kind: 'sweep' }>;

function textOf(source: ScenarioRecord): string {
  if (source.text === undefined) throw new RangeError(`planLabRequest needs the text or the scenarios of ${source.file}`);
  return source.text;
}

/** Validates the request (throws the loader's and the lab's usage errors) and plans its jobs. */
export function planLabRequest(request: CompareRequest, source: ScenarioRecord, routesimVersion: string): LabPlan<CompareSummary>;
export function planLabRequest(request: SweepRequest, source: ScenarioRecord, routesimVersion: string): LabPlan<SweepSummary>;
export function planLabRequest(request: LabRequest, source: ScenarioRecord, routesimVersion: string): LabSummaryPlan;
export function planLabRequest(request: LabRequest, source: ScenarioRecord, routesimVersion: string): LabSummaryPlan {
  const origin = { file: source.file, sha256: source.sha256 };
  if (request.kind === 'compare') {
    const scenario = source.scenario ?? parseScenarioText(textOf(source), source.file);
    const plan = planCompare(scenario, {
      strategies: request.strategies,
      replications: request.replications,
      minReplications: request.minReplications,
      seed: request.seed,
      baseline: request.baseline,
      origin,
      routesimVersion,
    });
    return compareLabPlan(plan);
  }
  const { base, points } = sweepPointsOf(request, source);
  const plan = planSweep(base, points, {
    axes: request.axes,
    strategies: request.strategies,
    replications: request.replications,
    seed: request.seed,
    origin,
    routesimVersion,
  });
  return sweepLabPlan(plan);
}

function sweepPointsOf(request: SweepRequest, source: ScenarioRecord): { base: Scenario; points: SweepPoint[] } {
  if (source.scenario === undefined || source.points === undefined) return buildSweepPoints(textOf(source), source.file, request.axes, source.scenario);
  const grid = sweepGrid(request.axes);
  const given = source.points;
  if (given.length !== grid.length) throw new RangeError(`the sweep grid has ${grid.length} points, ${given.length} scenarios were given`);
  return { base: source.scenario, points: grid.map((settings, i) => ({ settings, scenario: given[i] })) };
}
