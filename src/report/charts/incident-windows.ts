/** Incident windows (deduplicated across strategies) as chart rows in a given time unit. */
import type { CompareSummary } from '../../lab/compare-summary.js';
import type { IncidentSummary } from '../../metrics/run-summary.js';
import type { TimeUnit } from '../time-axis.js';
import { toUnit } from '../time-axis.js';

export interface IncidentWindowRow {
  readonly start: number;
  readonly end: number;
  readonly label: string;
}

/** Identity of an incident window: every strategy replays the same world, so windows repeat across them. */
export const incidentKey = (i: IncidentSummary): string => `${i.providerId}|${i.kind}|${i.startS}|${i.endS}`;

/** Distinct incidents over all strategies, in time order. */
export function distinctIncidents(summary: CompareSummary): IncidentSummary[] {
  const seen = new Map<string, IncidentSummary>();
  for (const s of summary.strategies) for (const i of s.sample.incidents) if (!seen.has(incidentKey(i))) seen.set(incidentKey(i), i);
  return [...seen.values()].sort((a, b) => a.startS - b.startS || a.endS - b.endS || (incidentKey(a) < incidentKey(b) ? -1 : 1));
}

/** The distinct incident windows as chart rows in `unit`. */
export function incidentWindows(summary: CompareSummary, unit: TimeUnit): IncidentWindowRow[] {
  return distinctIncidents(summary).map((inc) => ({ start: toUnit(inc.startS, unit), end: toUnit(inc.endS, unit), label: `${inc.providerId} ${inc.kind}` }));
}
