import type { RunSummary } from '../metrics/run-summary.js';
import type { MetricCi } from './compare-summary.js';
import { meanCi } from './statistics.js';

/**
 * The budget and tenant figures of one run that `compare` aggregates across replications (a
 * mean and 95% CI each), keyed by a readable label: when each budget runs out at the rate the
 * run spent it (seconds after its window starts), how many windows it ran out in, each tenant's
 * success rate, p95 latency and cost, and Jain's indices. Undefined when the run had neither
 * budgets nor tenants, so other comparisons' summaries keep their bytes.
 */
export function policyValuesOf(run: RunSummary): Record<string, number> | undefined {
  if (run.budgets === undefined && run.tenants === undefined) return undefined;
  const out: Record<string, number> = {};
  for (const b of run.budgets ?? []) {
    out[`budget ${b.name}: runs out after (s into its ${b.window})`] = b.runsOutAfterS;
    out[`budget ${b.name}: windows run out`] = b.exhaustions.length;
  }
  for (const t of run.tenants?.perTenant ?? []) {
    out[`tenant ${t.tenant}: success rate`] = t.successRate;
    out[`tenant ${t.tenant}: p95 latency ms`] = t.latencyMs.p95;
    out[`tenant ${t.tenant}: cost USD`] = t.costUsd;
  }
  if (run.tenants !== undefined) {
    out["Jain's index over tenants' success rates"] = run.tenants.jainIndexSuccessRate;
    out["Jain's index over tenants' requests served"] = run.tenants.jainIndexServed;
  }
  return out;
}

/** Mean and CI per label over the replications that report it (labels in first-seen order). */
export function aggregatePolicyValues(cells: readonly { readonly policy?: Record<string, number> }[]): Record<string, MetricCi> | undefined {
  if (cells.every((c) => c.policy === undefined)) return undefined;
  const labels: string[] = [];
  for (const c of cells) for (const k of Object.keys(c.policy ?? {})) if (!labels.includes(k)) labels.push(k);
  return Object.fromEntries(labels.map((k) => [k, meanCi(cells.map((c) => c.policy?.[k] ?? NaN))]));
}
