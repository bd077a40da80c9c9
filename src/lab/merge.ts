import { LabUsageError } from './errors.js';
import type { JobResult } from './pool/lab-job.js';
import type { AnySummary } from './results-writer.js';
import { formatShard, shardJobIndices } from './shard.js';
import type { PartialResult } from './shard-partial.js';
import { planLabRequest } from './shard-request.js';
import { toStableJson } from './stable-json.js';

/**
 * `routesim merge`: partial results of the shards of one run → the summary a single machine
 * would have produced. The partials must come from the same request on the same scenario
 * bytes with the same routesim (which must be this one: aggregation and report are its code)
 * and cover every job of the plan exactly once.
 */

export class MergeError extends LabUsageError {
  override readonly name = 'MergeError';
}

export interface LoadedPartial {
  readonly dir: string;
  readonly partial: PartialResult;
}

const short = (sha: string) => (sha.length > 12 ? `${sha.slice(0, 12)}…` : sha);

/** What must be equal across the partials of one run, with how to name a difference. */
const IDENTITY: readonly [string, (p: PartialResult) => string, (p: PartialResult) => string][] = [
  ['routesim version', (p) => p.routesimVersion, (p) => `routesim ${p.routesimVersion}`],
  ['kind', (p) => p.kind, (p) => `a ${p.kind}`],
  ['scenario', (p) => p.scenario.sha256, (p) => `scenario sha256 ${short(p.scenario.sha256)}`],
  ['scenario file', (p) => p.scenario.file, (p) => `scenario file ${p.scenario.file}`],
  ['options', (p) => toStableJson(p.request, 0), (p) => `options ${toStableJson(p.request, 0).trim()}`],
  ['plan', (p) => String(p.jobCount), (p) => `a plan of ${p.jobCount} jobs`],
  ['output directory', (p) => p.defaultOutDir, (p) => `default output ${p.defaultOutDir}`],
  ['shard count', (p) => String(p.shard.count), (p) => `${p.shard.count} shards`],
];

/** Checks the partials belong together and cover the plan exactly once; returns all results in plan order. */
export function combinePartials(loaded: readonly LoadedPartial[], routesimVersion: string): JobResult[] {
  if (loaded.length === 0) throw new MergeError('cannot merge: no partial directories given');
  const first = loaded[0];
  for (const other of loaded.slice(1)) {
    for (const [what, key, describe] of IDENTITY) {
      if (key(other.partial) !== key(first.partial)) {
        throw new MergeError(
          `cannot merge: ${first.dir} and ${other.dir} come from different runs (different ${what}: ${describe(first.partial)} vs ${describe(other.partial)})`,
        );
      }
    }
  }
  if (first.partial.routesimVersion !== routesimVersion) {
    throw new MergeError(
      `cannot merge: the shards ran routesim ${first.partial.routesimVersion} and this is routesim ${routesimVersion}; merge with the version that ran them`,
    );
  }
  const count = first.partial.shard.count;
  const dirsByShard = new Map<number, string[]>();
  for (const { dir, partial } of loaded) dirsByShard.set(partial.shard.index, [...(dirsByShard.get(partial.shard.index) ?? []), dir]);
  const problems: string[] = [];
  for (const [index, dirs] of [...dirsByShard].sort((a, b) => a[0] - b[0])) {
    if (dirs.length > 1) problems.push(`shard ${formatShard({ index, count })} is given ${dirs.length} times (${dirs.join(', ')})`);
  }
  const missing: string[] = [];
  for (let i = 1; i <= count; i++) if (!dirsByShard.has(i)) missing.push(formatShard({ index: i, count }));
  if (missing.length > 0) problems.push(`missing shard${missing.length === 1 ? '' : 's'} ${missing.join(', ')}`);
  if (problems.length > 0) throw new MergeError(`cannot merge: ${problems.join('; ')}`);

  const jobCount = first.partial.jobCount;
  const results: JobResult[] = new Array<JobResult>(jobCount);
  for (const { dir, partial } of loaded) {
    const expected = shardJobIndices(jobCount, partial.shard);
    const got = partial.results.map((r) => r.job);
    if (got.length !== expected.length || got.some((k, i) => k !== expected[i])) {
      throw new MergeError(`${dir}: damaged partial result: shard ${formatShard(partial.shard)} should hold ${jobsCount(expected.length)} (${describeJobs(expected)}), it holds ${got.length} (${describeJobs(got)})`);
    }
    for (const r of partial.results) results[r.job] = r.result;
  }
  return results;
}

const jobsCount = (n: number) => `${n} job${n === 1 ? '' : 's'}`;

function describeJobs(jobs: readonly number[]): string {
  const head = jobs.slice(0, 6).map((k) => `#${k + 1}`).join(', ');
  return jobs.length > 6 ? `${head}, …` : head || 'none';
}

export interface MergedRun {
  readonly summary: AnySummary;
  /** The directory a single-machine run would have written to by default. */
  readonly defaultOutDir: string;
}

/** The summary of the whole run, aggregated exactly as a single-machine compare or sweep aggregates it. */
export function mergePartials(loaded: readonly LoadedPartial[], routesimVersion: string): MergedRun {
  const results = combinePartials(loaded, routesimVersion);
  const ref = loaded[0].partial;
  // The scenarios the shards ran: no file access (the scenario or its traces need not be here).
  const { file, sha256, base, points } = ref.scenario;
  const plan = planLabRequest(ref.request, { file, sha256, scenario: base, points }, ref.routesimVersion);
  const labels = new Map(loaded.flatMap(({ partial }) => partial.results.map((r) => [r.job, r.label] as const)));
  const mismatch = plan.jobs.findIndex((j, k) => labels.get(k) !== j.label);
  if (plan.jobs.length !== ref.jobCount || mismatch >= 0) {
    throw new MergeError(
      `cannot merge: the partials do not match the plan this routesim makes of their request (${plan.jobs.length} jobs vs ${ref.jobCount}${mismatch >= 0 ? `; job #${mismatch + 1} is '${plan.jobs[mismatch]?.label}' here, '${labels.get(mismatch)}' in the partial` : ''})`,
    );
  }
  plan.jobs.forEach(({ job, label }, k) => {
    const r = results[k];
    const fits = job.kind === 'claims' ? r.kind === 'claims' : r.kind === 'cell' && (job.replication !== 1 || r.cell.sample !== undefined);
    if (!fits) throw new MergeError(`cannot merge: damaged partial result: job #${k + 1} ('${label}') does not hold ${job.kind === 'claims' ? 'claim verdicts' : 'a run result'}`);
  });
  return { summary: plan.aggregate(results), defaultOutDir: ref.defaultOutDir };
}
