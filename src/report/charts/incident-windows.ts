/** Incident windows (deduplicated across strategies) as chart rows in a given time unit. */
import type { CompareSummary } from '../../lab/compare-summary.js';
import type { TimeUnit } from '../time-axis.js';
import { toUnit } from '../time-axis.js';

export interface IncidentWindowRow {
  readonly start: number;
  readonly end: number;
  readonly label: string;
}

/** Every strategy replays the same world, so windows repeat; keep each (provider, kind, start, end) once. */
export function incidentWindows(summary: CompareSummary, unit: TimeUnit): IncidentWindowRow[] {
  const seen = new Map<string, IncidentWindowRow>();
  for (const s of summary.strategies) {
    for (const inc of s.sample.incidents) {
      const key = `${inc.providerId}|${inc.kind}|${inc.startS}|${inc.endS}`;
      if (!seen.has(key)) {
        seen.set(key, { start: toUnit(inc.startS, unit), end: toUnit(inc.endS, unit), label: `${inc.providerId} ${inc.kind}` });
      }
    }
  }
  return [...seen.values()].sort((a, b) => a.start - b.start || a.end - b.end || (a.label < b.label ? -1 : 1));
}
