import type { Argv } from 'yargs';
import { LabStoppedError } from '../../lab/errors.js';
import { defaultCompareOutDir } from '../../lab/out-dir.js';
import { writeResults, type AnySummary } from '../../lab/results-writer.js';
import type { RunControl } from '../../lab/run-steps.js';
import type { JobResult, LabPlan, PlannedJob } from '../../lab/pool/lab-job.js';
import { runJobs } from '../../lab/pool/run-jobs.js';
import { checkWorkers, defaultWorkers } from '../../lab/pool/workers-option.js';
import { readScenarioSource } from '../../lab/scenario-source.js';
import { printWarning } from '../print-warning.js';
import { formatShard, parseShard, shardJobIndices, type ShardSpec } from '../../lab/shard.js';
import { makePartial, writePartial } from '../../lab/shard-partial.js';
import { planLabRequest, type LabRequest, type ScenarioRecord } from '../../lab/shard-request.js';
import { INTERRUPTED_EXIT_CODE, installInterruptHandler } from '../../lab/signals.js';
import { toStableJson } from '../../lab/stable-json.js';
import { resolveStrategyNames } from '../../lab/strategy-list.js';
import { routesimVersion } from '../../lab/version.js';
import { checkEventBudget } from '../../sim/estimate-events.js';
import { formatCompareTable } from '../format-compare.js';
import { ProgressBar } from '../progress-bar.js';
import { reportRenderer } from '../report-renderer.js';
import { applyOnBadRow, onBadRowOption } from '../on-bad-row-option.js';

/**
 * Runs a lab job with a progress bar and Ctrl-C handling: the first Ctrl-C stops (in process:
 * after the current run; on a worker pool: at once, terminating the workers; nothing written,
 * exit 130), a second one quits at once. Returns undefined when stopped. The event loop gets a
 * turn between in-process runs so the signal can be seen.
 */
export async function runLabJob<T>(
  label: string,
  quiet: boolean,
  job: (control: RunControl, pause: () => Promise<void>, stop: AbortSignal) => Promise<T>,
  /** Written to stderr once Ctrl-C is handled, so a Ctrl-C right after it is a clean stop. */
  header?: string,
): Promise<T | undefined> {
  const bar = new ProgressBar(label, quiet);
  const stop = new AbortController();
  const interrupt = installInterruptHandler({
    notify: (message) => {
      bar.done();
      process.stderr.write(`\n${message}\n`);
      stop.abort();
    },
    quitNow: () => process.exit(INTERRUPTED_EXIT_CODE),
  });
  const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
  if (header !== undefined) process.stderr.write(header);
  try {
    return await job({ onProgress: (f, detail) => bar.update(f, detail), shouldStop: interrupt.shouldStop }, pause, stop.signal);
  } catch (e) {
    if (e instanceof LabStoppedError) {
      bar.done();
      process.stderr.write(`routesim: ${e.message}; earlier results are untouched\n`);
      process.exitCode = INTERRUPTED_EXIT_CODE;
      return undefined;
    }
    throw e;
  } finally {
    bar.done();
    interrupt.dispose();
  }
}

/** "results: <dir>/ (summary.json, …, charts/)" for the relative paths written. */
export function resultsWhere(outDir: string, files: readonly string[]): string {
  return `results: ${outDir}/ (${files.filter((f) => !f.includes('/')).join(', ')}${files.some((f) => f.startsWith('charts/')) ? ', charts/' : ''})`;
}

/** Writes the results directory (with the report) and says where, unless --json. */
export async function writeAndAnnounce(summary: AnySummary, outDir: string, json: boolean, quiet: boolean): Promise<void> {
  const where = resultsWhere(outDir, await writeResults(summary, outDir, { render: await reportRenderer() }));
  if (json) {
    if (!quiet) process.stderr.write(`${where}\n`);
  } else process.stdout.write(`\n${where}\n`);
}

/** `--workers` and `--shard`, shared by compare and sweep. */
export function withScaleOptions<T>(c: Argv<T>) {
  return c
    .option('workers', { type: 'number', describe: 'worker threads running simulations in parallel (default: one per CPU this process may use, container CPU limits included; 1 = in this process); results are identical for any number' })
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
  return runLabJob(label, quiet, (control, pause, stop) => runJobs(plan.context, jobs, { workers: scale.workers, pause, stop, ...control }), header);
}

/** Writes a shard's partial result (default: `<out>.shard-i-of-N`) and says where. */
export function writeShardAndAnnounce(
  args: { request: LabRequest; source: ScenarioRecord; plan: LabPlan<unknown>; shard: ShardSpec; results: readonly JobResult[]; defaultOutDir: string; out?: string },
  json: boolean,
  quiet: boolean,
): void {
  const { shard } = args;
  const dir = args.out ?? `${args.defaultOutDir}.shard-${shard.index}-of-${shard.count}`;
  const partial = makePartial({ ...args, routesimVersion: routesimVersion() });
  writePartial(dir, partial);
  const where = `partial result: ${dir}/ (shard ${formatShard(shard)}: ${partial.results.length} of ${partial.jobCount} jobs); combine all ${shard.count} with 'routesim merge'`;
  if (json) {
    if (!quiet) process.stderr.write(`${where}\n`);
  } else process.stdout.write(`${where}\n`);
}

export function registerCompareCommand(y: Argv): Argv {
  return y.command(
    'compare <scenario>',
    'Compare routing strategies on one scenario: replications, confidence intervals, ranking, report',
    (c) =>
      withScaleOptions(c)
        .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario file (.yaml/.yml/.json)' })
        .option('strategies', { type: 'string', default: 'all', describe: "'all' or a comma-separated list (see `routesim strategies`)" })
        .option('replications', { type: 'number', describe: "replications per strategy (default: the scenario's replications)" })
        .option('seed', { type: 'string', describe: "root seed (default: the scenario's seed)" })
        .option('baseline', { type: 'string', describe: "strategy the others are compared with (default: the scenario's router.strategy if compared, else the first)" })
        .option('out', { type: 'string', describe: 'results directory (default: results/<scenario>-<strategies>, or -compare for all; with --shard: <that>.shard-i-of-N)' })
        .option('max-events', { type: 'number', describe: 'refuse scenarios estimated above this many events per run (default 2e9)' })
        .option('quiet', { type: 'boolean', default: false, describe: 'no progress bar' })
        .option('json', { type: 'boolean', default: false, describe: 'print the summary (summary.json content) instead of the table' })
        .option('on-bad-row', onBadRowOption)
        .example('$0 compare scenarios/quickstart.yaml --strategies round-robin,p2c-ewma,cost', 'three strategies, the scenario\'s replications')
        .example('$0 compare scenarios/default.yaml --shard 2/4 --out partials/2', 'one machine of four; then: $0 merge partials/*')
        .example('$0 compare scenarios/quickstart.yaml --replications 10 --baseline round-robin --out results/qs', 'all strategies against round-robin'),
    async (argv) => {
      const read = readScenarioSource(argv.scenario as string, printWarning);
      const src = { ...read, scenario: applyOnBadRow(read.scenario, argv['on-bad-row']) };
      checkEventBudget(src.scenario, argv['max-events'] as number | undefined);
      const strategies = resolveStrategyNames(argv.strategies);
      const scale = scaleOptions(argv);
      const quiet = argv.quiet || argv.json;
      const request: LabRequest = { kind: 'compare', strategies, replications: argv.replications, seed: argv.seed, baseline: argv.baseline };
      const plan = planLabRequest(request, src, routesimVersion());
      const defaultOutDir = defaultCompareOutDir(src.scenario.name, strategies, argv.strategies.trim() === 'all');
      const claims = src.scenario.claims;
      const jobs = jobsToRun(plan, scale);
      const header =
        claims !== undefined && !quiet && jobs.some((j) => j.job.kind === 'claims')
          ? `checking the scenario's claims ('${claims.routedStrategy}' vs '${claims.baselineStrategy}' on ${claims.baselineProviders.join(', ')}) along the way…\n`
          : undefined;
      const results = await runPlan('comparing', quiet, plan, jobs, scale, header);
      if (results === undefined) return;
      if (scale.shard !== undefined) {
        writeShardAndAnnounce({ request, source: src, plan, shard: scale.shard, results, defaultOutDir, out: argv.out }, argv.json, argv.quiet);
        return;
      }
      const summary = plan.aggregate(results);
      if (argv.json) process.stdout.write(toStableJson(summary, 0));
      else process.stdout.write(`${formatCompareTable(summary)}\n`);
      await writeAndAnnounce(summary, argv.out ?? defaultOutDir, argv.json, argv.quiet);
    },
  );
}

