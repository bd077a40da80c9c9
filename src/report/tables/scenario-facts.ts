/** The "what was run" block: enough to reproduce the numbers. */
import type { CompareSummary, SweepSummary } from '../../lab/compare-summary.js';
import { formatDuration } from '../format.js';
import type { Table } from './table.js';
import { cell, left } from './table.js';

export function scenarioFacts(summary: CompareSummary | SweepSummary): Table {
  const sc = summary.scenario;
  const rows = [
    [cell('Scenario'), cell(sc.name)],
    [cell('Description'), cell(sc.description || '—')],
    [cell('File'), cell(sc.file, { code: true })],
    [cell('SHA-256'), cell(sc.sha256, { code: true })],
    [cell('Simulated duration'), cell(`${formatDuration(sc.durationS)} (${sc.durationS.toLocaleString('en-US')} s), ${sc.bucketS} s buckets`)],
    [cell('Seed'), cell(summary.seed, { code: true })],
    [cell('Replications'), cell(String(summary.replications))],
    ...(summary.kind === 'compare'
      ? [[cell('Baseline'), cell(summary.baseline)], [cell('Strategies'), cell(String(summary.strategies.length))]]
      : [[cell('Grid'), cell(summary.axes.map((a) => `${a.path} ∈ {${a.values.join(', ')}}`).join('; '))]]),
    [cell('routesim'), cell(`${summary.routesimVersion || 'unknown version'} (summary schema v${summary.schemaVersion})`)],
  ];
  return { columns: [left('Setting'), left('Value')], rows };
}
