import type { CompareSummary, MetricCi, MetricName } from '../../lab/compare-summary.js';
import { ciParts } from '../format.js';
import { rankedStrategies } from '../strategy-order.js';
import { cell, ciCell, left, right, type Cell, type Table } from './table.js';

/** Which compared metric's unit a policy figure is written in (lab/policy-values.ts labels). */
function unitOf(label: string): MetricName | 'index' {
  if (label.endsWith('success rate')) return 'successRate';
  if (label.endsWith('cost USD')) return 'costTotalUsd';
  if (label.endsWith('latency ms')) return 'latencyP95Ms';
  if (label.includes('runs out after')) return 'meanDetectS';
  if (label.endsWith('windows run out')) return 'retries';
  return 'index';
}

function policyCell(label: string, ci: MetricCi | undefined): Cell {
  const unit = unitOf(label);
  if (unit !== 'index') return ciCell(ciParts(unit, ci));
  if (ci === undefined || !Number.isFinite(ci.mean)) return cell('–');
  return ciCell({ mean: ci.mean.toFixed(3), halfWidth: ci.n >= 2 && Number.isFinite(ci.hi - ci.lo) ? ((ci.hi - ci.lo) / 2).toFixed(3) : undefined });
}

/** Budgets and tenants, one row per figure and one column per strategy (rank order); undefined when no strategy has them. */
export function policyTable(summary: CompareSummary): Table | undefined {
  const strategies = rankedStrategies(summary).filter((s) => s.policyMetrics !== undefined);
  if (strategies.length === 0) return undefined;
  const labels = [...new Set(strategies.flatMap((s) => Object.keys(s.policyMetrics!)))];
  return {
    columns: [left('Figure'), ...strategies.map((s) => right(s.strategy))],
    rows: labels.map((label) => [cell(label), ...strategies.map((s) => policyCell(label, s.policyMetrics![label]))]),
  };
}
