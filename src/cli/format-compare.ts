import { DEFAULT_SKETCH_RELATIVE_ERROR, type CompareSummary, type MetricCi, type PairedDiff, type StrategyResult, type SweepSummary } from '../lab/compare-summary.js';
import { rankingRuleText, sameDecisionLines, tieGroupLines } from '../report/decision-text.js';
import { openAtCapLines } from '../report/open-pairs-text.js';
import { rankedStrategies } from '../report/strategy-order.js';
import { fmtNum, fmtUsd, renderTable } from './table.js';

/** Text tables for `routesim compare` and `routesim sweep`. */

export const NOT_SIGNIFICANT = '≈';
export const PARETO_MARK = '★';

function halfWidth(ci: MetricCi): number {
  return ci.n >= 2 ? (ci.hi - ci.lo) / 2 : NaN;
}

function withHalf(mean: string, half: string | undefined): string {
  return half === undefined || mean === '–' ? mean : `${mean} ±${half}`;
}

export function fmtFractionCi(ci: MetricCi): string {
  const h = halfWidth(ci);
  const mean = Number.isFinite(ci.mean) ? `${(ci.mean * 100).toFixed(2)}%` : '–';
  return withHalf(mean, Number.isFinite(h) ? (h * 100).toFixed(2) : undefined);
}

export function fmtUsdCi(ci: MetricCi): string {
  const h = halfWidth(ci);
  return withHalf(fmtUsd(ci.mean), Number.isFinite(h) ? fmtUsd(h).replace('$', '') : undefined);
}

/** A sketch quantile: never narrower than the sketch's resolution α·mean (then marked "(sketch)"), never a false ±0. */
export function fmtMsCi(ci: MetricCi, sketchRelativeError = DEFAULT_SKETCH_RELATIVE_ERROR): string {
  const h = halfWidth(ci);
  const resolution = sketchRelativeError * Math.abs(ci.mean);
  if (Number.isFinite(h) && h < resolution) return withHalf(fmtNum(ci.mean, 0), `${fmtNum(resolution, 0)} (sketch)`);
  return withHalf(fmtNum(ci.mean, 0), Number.isFinite(h) ? fmtNum(h, 0) : undefined);
}

function mark(d: PairedDiff, text: string): string {
  return text === '–' || d.significant ? text : `${NOT_SIGNIFICANT}${text}`;
}

function signed(v: number, text: string): string {
  return v > 0 ? `+${text}` : v < 0 ? `−${text.replace('-', '')}` : text;
}

/** Difference in percentage points (fractions). */
export function fmtDeltaPp(d: PairedDiff | undefined): string {
  if (d === undefined) return 'base';
  if (!Number.isFinite(d.mean)) return '–';
  return mark(d, `${signed(d.mean, (d.mean * 100).toFixed(2))}pp`);
}

/** Difference relative to the baseline's mean, in percent. */
export function fmtDeltaRel(d: PairedDiff | undefined, baselineMean: number): string {
  if (d === undefined) return 'base';
  if (!Number.isFinite(d.mean) || !Number.isFinite(baselineMean) || baselineMean === 0) return '–';
  const rel = (d.mean / Math.abs(baselineMean)) * 100;
  return mark(d, `${signed(rel, Math.abs(rel).toFixed(1))}%`);
}

function fmtPctPlain(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(1)}%`;
}

export function formatCompareTable(summary: CompareSummary): string {
  const sequential = summary.minReplications !== undefined;
  const base = summary.strategies.find((s) => s.strategy === summary.baseline);
  const tied = new Set((summary.rankGroups ?? []).filter((g) => g.length > 1).flat());
  const p99 = (s: StrategyResult) => s.metrics.latencyAllP99Ms ?? s.metrics.latencyP99Ms;
  const rows = rankedStrategies(summary).map((s) => [
    `${tied.has(s.strategy) ? '=' : ''}${s.rank}`,
    s.strategy,
    fmtFractionCi(s.metrics.uptime),
    fmtFractionCi(s.metrics.successRate),
    fmtUsdCi(s.metrics.costPer1kSuccessfulUsd),
    fmtMsCi(p99(s), summary.rules?.quantileRelativeError),
    fmtPctPlain(s.metrics.belowTierRate?.mean),
    fmtDeltaPp(s.vsBaseline?.uptime),
    fmtDeltaRel(s.vsBaseline?.costPer1kSuccessfulUsd, base?.metrics.costPer1kSuccessfulUsd.mean ?? NaN),
    fmtDeltaRel(s.vsBaseline?.latencyAllP99Ms ?? s.vsBaseline?.latencyP99Ms, base ? p99(base).mean : NaN),
    s.pareto ? PARETO_MARK : s.meetsFloor === false ? 'below floor' : '',
    ...(sequential ? [`${s.replicationsRun}${s.stopReason === 'cap' ? ' (cap)' : ''}`] : []),
  ]);
  const headers = ['#', 'strategy', 'uptime', 'success', 'cost/1k ok', 'p99 all ms', 'below tier', 'Δ uptime', 'Δ cost', 'Δ p99', 'Pareto', ...(sequential ? ['reps'] : [])];
  const align = headers.map((_, i) => i !== 1 && i !== 10);
  const notes = [
    sequential
      ? `${summary.scenario.name}: sequential, ${summary.minReplications} to ${summary.replications} replications per strategy on common random numbers, seed ${summary.seed}; each strategy stopped once its order against every other was settled (reps; '(cap)' = not settled by the cap); ± = 95% CI half-width.`
      : `${summary.scenario.name}: ${summary.replications} replication${summary.replications === 1 ? '' : 's'} per strategy on common random numbers, seed ${summary.seed}; ± = 95% CI half-width.`,
    `Δ = paired difference vs baseline '${summary.baseline}'; ${NOT_SIGNIFICANT} = not significant (95% interval contains 0). "=n" = shared rank (indistinguishable at 95%).`,
    ...sameDecisionLines(summary),
    ...tieGroupLines(summary),
    ...openAtCapLines(summary),
    rankingRuleText(summary),
    '"p99 all" = p99 latency over all requests, failures counted at their cost. "below tier" = successful requests served by a model below the quality tier they asked for.',
  ];
  for (const s of summary.strategies.filter((x) => x.bound)) notes.push(`'${s.strategy}' sees the simulator's ground truth: a bound to measure against, not a deployable strategy (never on the Pareto front).`);
  const policies = formatPolicyMetrics(summary);
  return [renderTable(headers, rows, align), '', ...notes, ...(policies === '' ? [] : ['', policies])].join('\n');
}

/** Budgets and tenants per strategy (mean ± 95% CI half-width over replications); '' when the scenario has neither. */
export function formatPolicyMetrics(summary: CompareSummary): string {
  const withPolicies = summary.strategies.filter((s) => s.policyMetrics !== undefined);
  if (withPolicies.length === 0) return '';
  const labels = [...new Set(withPolicies.flatMap((s) => Object.keys(s.policyMetrics!)))];
  const fmt = (label: string, ci: MetricCi | undefined): string => {
    if (ci === undefined || ci.n === 0) return '–';
    if (label.endsWith('success rate')) return fmtFractionCi(ci);
    if (label.endsWith('cost USD')) return fmtUsdCi(ci);
    if (label.endsWith('windows run out')) return withHalf(fmtNum(ci.mean, 1), ci.n >= 2 ? fmtNum(halfWidth(ci), 1) : undefined);
    const h = halfWidth(ci);
    return withHalf(fmtNum(ci.mean, ci.mean < 10 ? 3 : 0), Number.isFinite(h) ? fmtNum(h, h < 10 ? 3 : 0) : undefined);
  };
  const rows = labels.map((label) => [label, ...withPolicies.map((s) => fmt(label, s.policyMetrics![label]))]);
  const headers = ['budgets and tenants', ...withPolicies.map((s) => s.strategy)];
  const note = 'A budget "runs out after" the seconds into its window at which, spending at the run\'s rate before the budget held it back, it would be used up (beyond the window: it never is).';
  const table = renderTable(headers, rows, headers.map((_, i) => i > 0));
  return labels.some((l) => l.startsWith('budget ')) ? [table, '', note].join('\n') : table;
}

function fmtSetting(v: number | string | boolean | undefined): string {
  return v === undefined ? '' : String(v);
}

export function formatSweepTable(summary: SweepSummary): string {
  const paths = summary.axes.map((a) => a.path);
  const headers = [...paths.map((p) => p.split('.').slice(-2).join('.')), 'strategy', 'uptime', 'success', 'cost/1k ok', 'p99 ms'];
  const rows = summary.points.map((p) => [
    ...paths.map((path) => fmtSetting(p.settings[path])),
    p.strategy,
    fmtFractionCi(p.metrics.uptime),
    fmtFractionCi(p.metrics.successRate),
    fmtUsdCi(p.metrics.costPer1kSuccessfulUsd),
    fmtMsCi(p.metrics.latencyP99Ms),
  ]);
  const align = headers.map((_, i) => i < paths.length || i > paths.length);
  const note = `${summary.scenario.name}: ${summary.points.length} grid point × strategy combinations, ${summary.replications} replication${summary.replications === 1 ? '' : 's'} each, seed ${summary.seed}; ± = 95% CI half-width.`;
  return [renderTable(headers, rows, align), '', note].join('\n');
}
