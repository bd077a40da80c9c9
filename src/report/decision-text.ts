/**
 * The sentences that tell a reader what to deploy, shared by the terminal table and the report
 * (so the two never disagree): the best group, the tie groups, strategies that are one choice
 * under several names, and the rules the ranking followed.
 */
import type { CompareSummary, StrategyResult } from '../lab/compare-summary.js';
import { formatMetric, formatMs, formatPercent } from './format.js';
import { oracleNameOf, rankedStrategies } from './strategy-order.js';

/** Groups of strategies sharing a rank, best first (from `rankGroups`, else equal ranks). */
export function rankGroupsOf(summary: CompareSummary): StrategyResult[][] {
  const byName = new Map(summary.strategies.map((s) => [s.strategy, s]));
  if (summary.rankGroups !== undefined) {
    return summary.rankGroups.map((g) => g.map((name) => byName.get(name)).filter((s): s is StrategyResult => s !== undefined)).filter((g) => g.length > 0);
  }
  const groups: StrategyResult[][] = [];
  for (const s of rankedStrategies(summary)) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last[0].rank === s.rank) last.push(s);
    else groups.push([s]);
  }
  return groups;
}

/** The best-ranked group without the ground-truth bound. */
export function bestGroupOf(summary: CompareSummary): StrategyResult[] {
  const oracle = oracleNameOf(summary);
  for (const g of rankGroupsOf(summary)) {
    const deployable = g.filter((s) => s.strategy !== oracle);
    if (deployable.length > 0) return deployable;
  }
  return [];
}

/** "cost = hybrid = cheapest-healthy" for each set of strategies that made the same decisions. */
export function sameDecisionLines(summary: CompareSummary): string[] {
  return (summary.sameDecisions ?? []).map((set) => `${set.join(' = ')} on this scenario: same decisions on every request, one choice under ${set.length} names.`);
}

/**
 * Names in order, with strategies that made the same decisions written once as "a = b = c":
 * they are one choice, not several that happen to tie.
 */
export function choicesText(summary: CompareSummary, list: readonly string[]): string[] {
  const sets = summary.sameDecisions ?? [];
  const out: string[] = [];
  const done = new Set<string>();
  for (const name of list) {
    if (done.has(name)) continue;
    const set = sets.find((s) => s.includes(name));
    const same = set ? list.filter((n) => set.includes(n)) : [name];
    for (const n of same) done.add(n);
    out.push(same.join(' = '));
  }
  return out;
}

function names(list: readonly string[]): string {
  return list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

/** One sentence a reader can stop after: the best group, its numbers and the Pareto set. */
export function headlineText(summary: CompareSummary): string {
  const group = bestGroupOf(summary);
  if (group.length === 0) return 'No strategies were compared.';
  const lead = group[0];
  const m = lead.metrics;
  const who = group.length === 1
    ? `Best ranked deployable strategy: ${lead.strategy} (rank ${lead.rank})`
    : `Best ranked deployable strategies, indistinguishable at 95% (shared rank ${lead.rank}): ${names(choicesText(summary, group.map((s) => s.strategy)))}; ${lead.strategy}`;
  const floor = summary.rules?.availabilityFloor;
  const pareto = rankedStrategies(summary).filter((s) => s.pareto).map((s) => s.strategy);
  const belowFloor = summary.strategies.filter((s) => s.meetsFloor === false).map((s) => s.strategy);
  return `${who} has ${formatMetric('uptime', m.uptime?.mean)} uptime, ${formatMetric('successRate', m.successRate?.mean)} success, `
    + `${formatMetric('costPer1kSuccessfulUsd', m.costPer1kSuccessfulUsd?.mean)} per 1k successful requests and `
    + `${formatMetric('latencyAllP99Ms', m.latencyAllP99Ms?.mean ?? m.latencyP99Ms?.mean)} p99 latency with failures counted. `
    + (pareto.length > 0 ? `Pareto-optimal: ${pareto.join(', ')}.` : 'No strategy is Pareto-optimal.')
    + (belowFloor.length > 0 && floor !== undefined ? ` Below the ${formatPercent(floor, 1)} availability floor (never optimal, ranked last): ${belowFloor.join(', ')}.` : '');
}

/** "Rank 2 (tie): cost, hybrid, …" for every group of two or more. */
export function tieGroupLines(summary: CompareSummary): string[] {
  return rankGroupsOf(summary)
    .filter((g) => g.length > 1)
    .map((g) => `Rank ${g[0].rank}, indistinguishable at 95%: ${choicesText(summary, g.map((s) => s.strategy)).join(', ')}.`);
}

/** How the ranking and the Pareto front were decided, in words. */
export function rankingRuleText(summary: CompareSummary): string {
  const r = summary.rules;
  const floor = r ? formatPercent(r.availabilityFloor, 1) : 'the SLO';
  const penalty = r ? formatMs(r.failurePenaltyMs) : 'the deadline';
  const target = r ? formatMs(r.latencyTargetMs) : 'the latency target';
  return `Strategies whose success rate is below the availability floor (${floor}) rank after all others and are never Pareto-optimal. `
    + 'The rest are ranked by uptime, then cost per 1k successful requests, then p99 latency over all requests with a failed request counted at what it cost its user '
    + `(the larger of its own latency and ${penalty}), so no strategy looks fast or cheap by failing. `
    + 'Each step uses paired differences at 95%: strategies the data cannot tell apart stay tied and go on to the next metric; those tied on every metric share a rank. '
    + `SLO attainment is the share of requests that succeeded within ${target}. `
    + 'Pareto-optimal (★): meets the floor and no other such strategy is at least as good on cost per 1k successful, uptime, SLO attainment and p99 with failures counted, and strictly better on one.';
}
