import type { Argv } from 'yargs';
import { LabStoppedError } from '../lab/errors.js';
import { RESULTS_DIR, checkOutputDir } from '../lab/atomic-dir.js';
import { writeResults, type AnySummary } from '../lab/results-writer.js';
import type { RunControl } from '../lab/run-steps.js';
import type { JobResult, LabPlan, PlannedJob } from '../lab/pool/lab-job.js';
import { runJobs } from '../lab/pool/run-jobs.js';
import { LabWorkerPool } from '../lab/pool/worker-pool.js';
import { checkWorkers, defaultWorkers } from '../lab/pool/workers-option.js';
import { formatShard, parseShard, shardJobIndices, type ShardSpec } from '../lab/shard.js';
import { PARTIAL_DIR, makePartial, writePartial } from '../lab/shard-partial.js';
import type { LabRequest, ScenarioRecord } from '../lab/shard-request.js';
import { INTERRUPTED_EXIT_CODE } from '../lab/signals.js';
import { routesimVersion } from '../lab/version.js';
import { toStableJson } from '../lab/stable-json.js';
import { formatCompareTable, formatSweepTable } from './format-compare.js';
import { handlePendingInterrupt, nextTurn, processInterrupt, testMarker } from './process-interrupt.js';
import { ProgressBar } from './progress-bar.js';
import { reportRenderer } from './report-renderer.js';
import { printErr, printOut } from './terminal-output.js';

/** What the lab commands (compare, sweep, merge, quality) share: scale options, running a plan with progress and Ctrl-C, writing and announcing results. */

/**
 * Runs a lab job with a progress bar under the process's Ctrl-C handler: the first Ctrl-C
 * stops (on the worker threads: at once, terminating them; in process: after the current
 * run; nothing written, exit 130), a second one quits at once. Returns undefined when
 * stopped. The event loop gets a turn between in-process runs so the signal can be seen.
 */
export async function runLabJob<T>(
  label: string,
  quiet: boolean,
  job: (control: RunControl, pause: () => Promise<void>, stop: AbortSignal) => Promise<T>,
  /** Written to stderr once the job is stoppable. */
  header?: string,
): Promise<T | undefined> {
  const bar = new ProgressBar(label, quiet);
  const interrupt = processInterrupt();
  try {
    return await interrupt.stoppable((stop) => {
      testMarker('running');
      if (header !== undefined) printErr(header);
      return job({ onProgress: (f, detail) => bar.update(f, detail), shouldStop: interrupt.shouldStop }, nextTurn, stop);
    }, () => bar.done());
  } catch (e) {
    if (e instanceof LabStoppedError) {
      bar.done();
      printErr(`routesim: ${e.message}; earlier results are untouched\n`);
      process.exitCode = INTERRUPTED_EXIT_CODE;
      return undefined;
    }
    throw e;
  } finally {
    bar.done();
  }
}

/** "results: <dir>/ (summary.json, …, charts/)" for the relative paths written. */
export function resultsWhere(outDir: string, files: readonly string[]): string {
  return `results: ${outDir}/ (${files.filter((f) => !f.includes('/')).join(', ')}${files.some((f) => f.startsWith('charts/')) ? ', charts/' : ''})`;
}

/** Says where results went: after the table on stdout, or on stderr with --json (unless --quiet, which keeps stdout pure JSON). */
export function announce(where: string, json: boolean, quiet: boolean, lead = '\n'): void {
  if (json) {
    if (!quiet) printErr(`${where}\n`);
  } else printOut(`${lead}${where}\n`);
}

/** Prints a compare or sweep summary (JSON with --json, else the table), writes the results directory with the report, and says where. */
export async function printAndWrite(summary: AnySummary, outDir: string, json: boolean, quiet: boolean): Promise<void> {
  if (json) printOut(toStableJson(summary, 0));
  else printOut(`${summary.kind === 'compare' ? formatCompareTable(summary) : formatSweepTable(summary)}\n`);
  const render = await reportRenderer();
  const written = await writeResults(summary, outDir, { render, beforeWrite: () => testMarker('writing') });
  await handlePendingInterrupt();
  announce(resultsWhere(outDir, written), json, quiet);
}

/** `--workers` and `--shard`, shared by compare and sweep. */
export function withScaleOptions<T>(c: Argv<T>) {
  return c
    .option('workers', { type: 'number', describe: 'worker threads running simulations in parallel (default: one per CPU this process may use, container CPU limits included; 1 = one at a time); results are identical for any number' })
    .option('shard', { type: 'string', describe: "run only slice i of N (1-based, e.g. 2/4) and write a partial result; combine the N partials with 'routesim merge'" });
}

export interface ScaleOptions {
  readonly workers: number;
  readonly shard?: ShardSpec;
}

export function scaleOptions(argv: { workers?: number; shard?: string }): ScaleOptions {
  return {
    workers: checkWorkers(argv.workers ?? defaultWorkers()),
    ...(argv.shard === undefined ? {} : { shard: parseShard(argv.shard) }),
  };
}

/** The jobs this process runs: the whole plan, or its shard's slice (in plan order). */
export function jobsToRun(plan: LabPlan<unknown>, scale: ScaleOptions): readonly PlannedJob[] {
  return scale.shard === undefined ? plan.jobs : shardJobIndices(plan.jobs.length, scale.shard).map((k) => plan.jobs[k]);
}

/** Runs `jobs` (from jobsToRun) with progress and Ctrl-C; results in their order, undefined when stopped. */
export function runPlan(label: string, quiet: boolean, plan: LabPlan<unknown>, jobs: readonly PlannedJob[], scale: ScaleOptions, header?: string): Promise<JobResult[] | undefined> {
  // The main thread idles while workers simulate: load the report code then (a shard writes no report).
  if (scale.workers > 1 && scale.shard === undefined) void reportRenderer();
  // Always on worker threads (one is enough): this thread stays free to see Ctrl-C however long a run takes.
  return runLabJob(label, quiet, (control, pause, stop) => runJobs(plan.context, jobs, { workers: scale.workers, offMainThread: true, pause, stop, ...control }), header);
}

/**
 * Where a lab command writes: `--out`, else the default (a shard: `<default>.shard-i-of-N`),
 * checked before any simulation (exists as a file, unwritable, someone else's directory: exit 2).
 */
export function labOutDir(out: string | undefined, defaultOutDir: string, shard?: ShardSpec): string {
  const dir = out ?? (shard === undefined ? defaultOutDir : `${defaultOutDir}.shard-${shard.index}-of-${shard.count}`);
  checkOutputDir(dir, shard === undefined ? RESULTS_DIR : PARTIAL_DIR);
  return dir;
}

/**
 * Runs a sequential plan's rounds (LabPlan.rounds) with one progress bar and Ctrl-C handling;
 * the bar counts against the most jobs the plan can take. Undefined when stopped.
 */
export function runRounds<S>(label: string, quiet: boolean, plan: LabPlan<S>, scale: ScaleOptions, header?: string): Promise<S | undefined> {
  if (scale.workers > 1) void reportRenderer();
  return runLabJob(label, quiet, async (control, _pause, stop) => {
    const rounds = plan.rounds!();
    let doneJobs = 0;
    let batch = rounds.next([]);
    if (batch.done) return batch.value;
    // On worker threads, as runPlan (this thread stays free to see Ctrl-C), kept up across rounds.
    const pool = new LabWorkerPool(plan.context, Math.min(scale.workers, batch.value.length));
    try {
      while (!batch.done) {
        const size = batch.value.length;
        const onProgress = (f: number, detail: string) => control.onProgress?.((doneJobs + f * size) / plan.jobs.length, detail);
        const results = await pool.run(batch.value, { stop, shouldStop: control.shouldStop, onProgress });
        doneJobs += size;
        batch = rounds.next(results);
      }
    } finally {
      await pool.close();
    }
    return batch.value;
  }, header);
}

/** Writes a shard's partial result (default: `<out>.shard-i-of-N`) and says where. */
export async function writeShardAndAnnounce(
  args: { request: LabRequest; source: ScenarioRecord; plan: LabPlan<unknown>; shard: ShardSpec; results: readonly JobResult[]; defaultOutDir: string; out?: string },
  json: boolean,
  quiet: boolean,
): Promise<void> {
  const { shard } = args;
  const dir = args.out ?? `${args.defaultOutDir}.shard-${shard.index}-of-${shard.count}`;
  const partial = makePartial({ ...args, routesimVersion: routesimVersion() });
  writePartial(dir, partial);
  await handlePendingInterrupt();
  announce(`partial result: ${dir}/ (shard ${formatShard(shard)}: ${partial.results.length} of ${partial.jobCount} jobs); combine all ${shard.count} with 'routesim merge'`, json, quiet, '');
}
