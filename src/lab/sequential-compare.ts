import type { CellResult, ComparePlan } from './compare.js';
import { aggregateCompare } from './compare.js';
import { RANKING_ZONES } from './ranking-rule.js';
import type { CompareSummary, MetricName } from './compare-summary.js';
import { cellOf, verdictsOf, type JobResult, type PlannedJob } from './pool/lab-job.js';
import { settledNow, type StopReason, type ValuesSoFar } from './sequential-stopping.js';

/**
 * A sequential comparison as rounds of jobs: first every strategy's `minReplications` (and the
 * claims check, when asked), then one replication more for each strategy whose place is not
 * yet settled, until none is left or the cap is reached. A driver (in process, or a worker
 * pool) runs each batch and hands its results back in batch order; the rounds are the same
 * whoever runs them, so the summary is too.
 */
export function* sequentialRounds(plan: ComparePlan, opts: { readonly claims?: boolean } = {}): Generator<PlannedJob[], CompareSummary, JobResult[]> {
  const { strategies, replications: cap, minReplications: min } = plan;
  const cells: CellResult[][] = strategies.map(() => []);
  const stopped: (StopReason | undefined)[] = strategies.map(() => undefined);
  const label = (strategy: string, r: number) => `${strategy} ${r}/${cap}`;
  const first: PlannedJob[] = [];
  const withClaims = plan.scenario.claims !== undefined && opts.claims !== false;
  if (withClaims) first.push({ job: { kind: 'claims' }, label: 'claims' });
  for (let r = 1; r <= min; r++) for (const strategy of strategies) first.push({ job: { kind: 'cell', point: 0, strategy, replication: r }, label: label(strategy, r) });
  let batch = first;
  let claims: ReturnType<typeof verdictsOf> | undefined;
  for (let r = min; ; r++) {
    const results = yield batch;
    batch.forEach(({ job, label: l }, k) => {
      if (job.kind === 'claims') claims = verdictsOf(results[k], l);
      else cells[strategies.indexOf(job.strategy)][job.replication - 1] = cellOf(results[k], l);
    });
    const active = stopped.map((s) => s === undefined);
    const values = cells.map((row) => valuesOf(row));
    const settled = settledNow(values, cells.map((c) => c.length), active, min, RANKING_ZONES);
    settled.forEach((s, i) => s && (stopped[i] = 'settled'));
    if (r >= cap) stopped.forEach((s, i) => s === undefined && (stopped[i] = 'cap'));
    if (stopped.every((s) => s !== undefined)) break;
    batch = strategies.flatMap((strategy, i) => (stopped[i] === undefined ? [{ job: { kind: 'cell' as const, point: 0, strategy, replication: r + 1 }, label: label(strategy, r + 1) }] : []));
  }
  const summary = aggregateCompare(plan, cells, stopped as StopReason[]);
  return claims === undefined ? summary : { ...summary, claims };
}

function valuesOf(row: readonly CellResult[]): ValuesSoFar<MetricName> {
  const out: Partial<Record<MetricName, number[]>> = {};
  for (const { metric } of RANKING_ZONES) out[metric] = row.map((c) => c.values[metric]);
  return out as ValuesSoFar<MetricName>;
}
