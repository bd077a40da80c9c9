/**
 * Turns the health timeline (a list of "source X now excludes / re-admits deployment D"
 * transitions) into closed intervals, one per stretch of exclusion, for the timeline chart.
 */
import type { HealthTimelineEntry } from '../metrics/run-summary.js';
import { compareText } from './strategy-order.js';

export interface ExclusionInterval {
  readonly deploymentId: string;
  readonly source: string;
  readonly startS: number;
  readonly endS: number;
  /** True when the run ended while the deployment was still excluded. */
  readonly openAtEnd: boolean;
}

/**
 * Repeated "excluded" transitions extend the current interval (the earliest start wins);
 * a re-admission without a preceding exclusion is ignored. Intervals still open at the end
 * are closed at `durationS`. Output is sorted by (deploymentId, source, startS).
 */
export function exclusionIntervals(timeline: readonly HealthTimelineEntry[], durationS: number): ExclusionInterval[] {
  // Stable sort by time: entries at equal times keep their recorded order.
  const ordered = timeline.map((e, i) => ({ e, i })).sort((a, b) => a.e.atS - b.e.atS || a.i - b.i);
  const openSince = new Map<string, { deploymentId: string; source: string; startS: number }>();
  const out: ExclusionInterval[] = [];
  for (const { e } of ordered) {
    const key = `${e.deploymentId}\u0000${e.source}`;
    const open = openSince.get(key);
    if (e.excluded) {
      if (!open) openSince.set(key, { deploymentId: e.deploymentId, source: e.source, startS: e.atS });
    } else if (open) {
      out.push({ ...open, endS: Math.max(open.startS, e.atS), openAtEnd: false });
      openSince.delete(key);
    }
  }
  for (const open of openSince.values()) {
    out.push({ ...open, endS: Math.max(open.startS, durationS), openAtEnd: true });
  }
  return out.sort((a, b) =>
    compareText(a.deploymentId, b.deploymentId) || compareText(a.source, b.source) || a.startS - b.startS);
}
