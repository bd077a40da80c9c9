import type { MetricName } from './compare-summary.js';
import type { RankingDimension } from './sequential-stopping.js';
import type { Better } from './statistics.js';

/**
 * The ranking's metrics, most important first (after the availability floor): uptime, cost per
 * 1k successful requests, p99 with failures counted; each paired at 95%. With them the
 * differences too small to matter (indifference zones) that let a sequential comparison call two
 * strategies tied: 0.05 percentage points of uptime, 1% of cost, 2% of p99 latency. A module of
 * its own (no simulator behind it), so the report and live/ can read the rule.
 */
export const RANKING_ZONES: readonly RankingDimension<MetricName>[] = [
  { metric: 'uptime', better: 'higher', zone: { absolute: 0.0005 } },
  { metric: 'costPer1kSuccessfulUsd', better: 'lower', zone: { relative: 0.01 } },
  { metric: 'latencyAllP99Ms', better: 'lower', zone: { relative: 0.02 } },
];

/** The ranking's metrics and directions, most important first. */
export const RANKING: readonly [MetricName, Better][] = RANKING_ZONES.map(({ metric, better }) => [metric, better]);
