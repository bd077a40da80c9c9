import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeDirectoryAtomically, type ReplaceableDir } from './atomic-dir.js';
import { LabUsageError } from './errors.js';
import type { Scenario } from '../config/scenario-schema.js';
import type { JobResult, LabPlan } from './pool/lab-job.js';
import { shardJobIndices, type ShardSpec } from './shard.js';
import { parseLosslessJson, toLosslessJson } from './shard-json.js';
import { PARTIAL_FORMAT, PARTIAL_FORMAT_VERSION, checkPartialShape } from './shard-partial-check.js';
import type { LabRequest } from './shard-request.js';

/**
 * A shard's output: `<dir>/partial.json`, holding what `routesim merge` needs to check that
 * partials belong together and to aggregate them: the request, the scenario (path, sha256 and
 * the validated scenarios the shard ran, so the merge needs neither the file nor any trace it
 * names), the routesim version, the plan's job count, the shard id and the results of this
 * shard's jobs. No report: that is the merge's job.
 */

export const PARTIAL_FILE = 'partial.json';

export interface PartialJobResult {
  /** Index of the job in the plan (0-based, plan order). */
  readonly job: number;
  readonly label: string;
  readonly result: JobResult;
}

export interface PartialResult {
  readonly format: typeof PARTIAL_FORMAT;
  readonly formatVersion: number;
  readonly routesimVersion: string;
  readonly kind: LabRequest['kind'];
  readonly scenario: {
    readonly file: string;
    readonly sha256: string;
    /** The file's scenario as the shard validated it (CLI flags applied). */
    readonly base: Scenario;
    /** Sweep: every grid point's scenario, grid order. */
    readonly points?: readonly Scenario[];
  };
  readonly request: LabRequest;
  /** Jobs in the whole plan (all shards). */
  readonly jobCount: number;
  /** Where the merged results go unless `merge --out` says otherwise. */
  readonly defaultOutDir: string;
  readonly shard: ShardSpec;
  /** This shard's jobs, plan order. */
  readonly results: readonly PartialJobResult[];
}

/** A partial directory that is missing, unreadable, damaged or of another format version. */
export class PartialFormatError extends LabUsageError {
  override readonly name = 'PartialFormatError';
}

/**
 * Writes `dir/partial.json` atomically. An existing `dir` is replaced only if it is empty or
 * is itself a partial directory (re-running a shard); anything else is refused.
 */
/** A shard's directory: replaceable only by another partial result. */
export const PARTIAL_DIR: ReplaceableDir = { kind: 'partial' };

export function writePartial(dir: string, partial: PartialResult): void {
  writeDirectoryAtomically(dir, (write) => write(PARTIAL_FILE, toLosslessJson(partial)), PARTIAL_DIR);
}

export function readPartial(dir: string): PartialResult {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new PartialFormatError(`${dir}: no such directory`);
  const file = join(dir, PARTIAL_FILE);
  if (!existsSync(file)) {
    const hint = existsSync(join(dir, 'summary.json')) ? ' (it holds a complete result, not a shard)' : '';
    throw new PartialFormatError(`${dir}: no ${PARTIAL_FILE} here${hint}; pass the directories written by 'routesim compare|sweep --shard i/N'`);
  }
  let value: unknown;
  try {
    value = parseLosslessJson(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new PartialFormatError(`${file}: not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const problem = checkPartialShape(value);
  if (problem !== undefined) throw new PartialFormatError(`${file}: ${problem}`);
  return value as PartialResult;
}

/** The partial of one shard: its jobs' results, `results[i]` for the i-th job of the shard (plan order). */
export function makePartial(args: {
  readonly request: LabRequest;
  readonly source: { readonly file: string; readonly sha256: string };
  readonly routesimVersion: string;
  readonly plan: LabPlan<unknown>;
  readonly shard: ShardSpec;
  readonly defaultOutDir: string;
  readonly results: readonly JobResult[];
}): PartialResult {
  const { jobs } = args.plan;
  const indices = shardJobIndices(jobs.length, args.shard);
  if (indices.length !== args.results.length) throw new RangeError(`shard ${args.shard.index}/${args.shard.count} has ${indices.length} jobs, got ${args.results.length} results`);
  return {
    format: PARTIAL_FORMAT,
    formatVersion: PARTIAL_FORMAT_VERSION,
    routesimVersion: args.routesimVersion,
    kind: args.request.kind,
    scenario: {
      file: args.source.file,
      sha256: args.source.sha256,
      base: args.plan.base,
      ...(args.request.kind === 'sweep' ? { points: args.plan.context.scenarios } : {}),
    },
    request: args.request,
    jobCount: jobs.length,
    defaultOutDir: args.defaultOutDir,
    shard: { index: args.shard.index, count: args.shard.count },
    results: indices.map((k, i) => ({ job: k, label: jobs[k].label, result: args.results[i] })),
  };
}
