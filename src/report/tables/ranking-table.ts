/**
 * The main table: strategies in rank order with mean ± 95% CI half-width, paired differences
 * against the baseline (marked n.s. when the interval contains 0) and the gap to the oracle.
 */
import type { CompareSummary, MetricName, StrategyResult } from '../../lab/compare-summary.js';
import { METRICS } from '../../lab/compare-summary.js';
import { ciParts, formatDelta, isFiniteNumber, MISSING } from '../format.js';
import { rankGroupsOf } from '../decision-text.js';
import { oracleNameOf, rankedStrategies } from '../strategy-order.js';
import type { Cell, Column, Table, Tone } from './table.js';
import { cell, center, ciCell, nameColumn, right } from './table.js';

/** The ranking metrics and what failing cannot improve; the rest is in the details table. */
const VALUE_COLUMNS: readonly { metric: MetricName; label: string }[] = [
  { metric: 'uptime', label: 'Uptime' },
  { metric: 'successRate', label: 'Success' },
  { metric: 'sloAttainment', label: 'In SLO' },
  { metric: 'costPer1kSuccessfulUsd', label: 'Cost / 1k ok' },
  { metric: 'latencyAllP99Ms', label: 'p99 (all)' },
];

/** Per-request behaviour, for the details table below the ranking. */
const DETAIL_COLUMNS: readonly { metric: MetricName; label: string }[] = [
  { metric: 'latencyP50Ms', label: 'p50 latency (ok)' },
  { metric: 'latencyP99Ms', label: 'p99 latency (ok)' },
  { metric: 'latencyAllP50Ms', label: 'p50 (all)' },
  { metric: 'ttftP50Ms', label: 'p50 TTFT' },
  { metric: 'retries', label: 'Retries' },
  { metric: 'failovers', label: 'Failovers' },
  { metric: 'hedges', label: 'Hedges' },
  { metric: 'belowTierRate', label: 'Below tier' },
];

export const DELTA_METRICS: readonly { metric: MetricName; label: string }[] = [
  { metric: 'uptime', label: 'Δ uptime' },
  { metric: 'costPer1kSuccessfulUsd', label: 'Δ cost / 1k' },
  { metric: 'latencyAllP99Ms', label: 'Δ p99 (all)' },
];

const ORACLE_GAP_METRICS: readonly { metric: MetricName; label: string }[] = [
  { metric: 'uptime', label: 'Oracle gap: uptime' },
  { metric: 'costPer1kSuccessfulUsd', label: 'Oracle gap: cost / 1k' },
];

/** "★ cost" with a "(baseline)" note: the star marks Pareto-optimal strategies. */
export function strategyCell(s: StrategyResult, summary: CompareSummary): Cell {
  const tags = [s.strategy === summary.baseline ? 'baseline' : '', s.strategy === oracleNameOf(summary) ? 'not deployable' : '']
    .filter((t) => t !== '');
  if (s.meetsFloor === false) tags.push('below floor');
  const text = `${s.pareto ? '★ ' : ''}${s.strategy}`;
  return tags.length > 0 ? cell(text, { note: `(${tags.join(', ')})` }) : cell(text);
}

export function deltaCell(metric: MetricName, s: StrategyResult, summary: CompareSummary): Cell {
  if (s.strategy === summary.baseline) return cell('baseline', { tone: 'muted' });
  const d = s.vsBaseline?.[metric];
  if (!d || !isFiniteNumber(d.mean)) return cell(MISSING);
  const text = formatDelta(metric, d.mean);
  if (!d.significant) return cell(`${text} (n.s.)`, { tone: 'muted' });
  const better = METRICS[metric].better === 'higher' ? d.mean > 0 : d.mean < 0;
  const tone: Tone | undefined = d.mean === 0 ? undefined : better ? 'better' : 'worse';
  return cell(text, tone ? { tone } : {});
}

export function rankingTable(summary: CompareSummary): Table {
  const showOracle = summary.strategies.some((s) => s.oracleGap !== undefined);
  const columns: Column[] = [
    center('Rank'), nameColumn('Strategy'),
    ...VALUE_COLUMNS.map((c) => right(c.label)),
    ...DELTA_METRICS.map((c) => right(c.label)),
    ...(showOracle ? ORACLE_GAP_METRICS.map((c) => right(c.label)) : []),
  ];
  const tied = new Set(rankGroupsOf(summary).filter((g) => g.length > 1).flat().map((s) => s.strategy));
  const rows = rankedStrategies(summary).map((s) => [
    // "=2": shares rank 2 with the rest of its tie group.
    cell(isFiniteNumber(s.rank) ? `${tied.has(s.strategy) ? '=' : ''}${s.rank}` : MISSING),
    strategyCell(s, summary),
    ...VALUE_COLUMNS.map((c) => ciCell(ciParts(c.metric, s.metrics[c.metric], summary.rules?.quantileRelativeError))),
    ...DELTA_METRICS.map((c) => deltaCell(c.metric, s, summary)),
    ...(showOracle
      ? ORACLE_GAP_METRICS.map((c) => (s.oracleGap ? cell(formatDelta(c.metric, s.oracleGap[c.metric])) : cell(MISSING, { tone: 'muted' })))
      : []),
  ]);
  return { columns, rows };
}

/** Latency, TTFT and per-request behaviour in rank order (the ranking table keeps to the ranking metrics). */
export function detailsTable(summary: CompareSummary): Table {
  return {
    columns: [nameColumn('Strategy'), ...DETAIL_COLUMNS.map((c) => right(c.label))],
    rows: rankedStrategies(summary).map((s) => [cell(s.strategy), ...DETAIL_COLUMNS.map((c) => ciCell(ciParts(c.metric, s.metrics[c.metric], summary.rules?.quantileRelativeError)))]),
  };
}
