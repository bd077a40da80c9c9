/**
 * Incidents as each strategy lived them (replication 1): one row per strategy, two columns
 * per incident: how long until the router excluded the provider, and how long after the
 * incident ended until it let the provider back in. A second table gives the means over all
 * replications.
 */
import type { CompareSummary, StrategyResult } from '../../lab/compare-summary.js';
import type { IncidentSummary } from '../../metrics/run-summary.js';
import { distinctIncidents, incidentKey } from '../charts/incident-windows.js';
import { ciParts, formatCount, formatSeconds, isFiniteNumber, MISSING } from '../format.js';
import { rankedStrategies } from '../strategy-order.js';
import type { Cell, Column, Table } from './table.js';
import { cell, ciCell, nameColumn, right } from './table.js';

/** 600 → "10:00", 3725 → "1:02:05": a simulated-clock reading. */
export function formatClock(seconds: number): string {
  if (!isFiniteNumber(seconds)) return MISSING;
  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(h > 0 ? 2 : 1, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

function detectCells(s: StrategyResult, incident: IncidentSummary): [Cell, Cell] {
  const mine = s.sample.incidents.find((i) => incidentKey(i) === incidentKey(incident));
  if (!mine) return [cell(MISSING, { tone: 'muted' }), cell(MISSING, { tone: 'muted' })];
  if (!isFiniteNumber(mine.detectS)) return [cell('not detected', { tone: 'muted' }), cell(MISSING, { tone: 'muted' })];
  return [
    cell(formatSeconds(mine.detectS)),
    isFiniteNumber(mine.recoverS) ? cell(formatSeconds(mine.recoverS)) : cell('not readmitted', { tone: 'muted' }),
  ];
}

/** Undefined when the scenario injected no incidents. */
export function incidentsTable(summary: CompareSummary): Table | undefined {
  const incidents = distinctIncidents(summary);
  if (incidents.length === 0) return undefined;
  const columns: Column[] = [nameColumn('Strategy')];
  for (const i of incidents) {
    const name = `${i.providerId} ${i.kind} ${formatClock(i.startS)}–${formatClock(i.endS)}`;
    columns.push(right(`${name}: detect`), right(`${name}: recover`));
  }
  return {
    columns,
    rows: rankedStrategies(summary).map((s) => [cell(s.strategy), ...incidents.flatMap((i) => detectCells(s, i))]),
  };
}

/**
 * Means over the incidents a strategy detected (recovered from), beside how many it never did:
 * a mean over detected incidents alone would make a strategy that never noticed a brownout look
 * quick. Counts are per run, averaged over replications.
 */
export function detectionMeansTable(summary: CompareSummary): Table {
  const count = (ci: StrategyResult['metrics']['undetectedIncidents'] | undefined): Cell => {
    if (!ci || !isFiniteNumber(ci.mean)) return cell(MISSING, { tone: 'muted' });
    const text = formatCount(ci.mean);
    return ci.mean > 0 ? cell(text, { tone: 'worse' }) : cell(text);
  };
  return {
    columns: [nameColumn('Strategy'), right('Mean time to detect (detected)'), right('Never detected'), right('Mean time to recover (recovered)'), right('Never recovered')],
    rows: rankedStrategies(summary).map((s) => [
      cell(s.strategy),
      ciCell(ciParts('meanDetectS', s.metrics.meanDetectS)),
      count(s.metrics.undetectedIncidents),
      ciCell(ciParts('meanRecoverS', s.metrics.meanRecoverS)),
      count(s.metrics.unrecoveredIncidents),
    ]),
  };
}
