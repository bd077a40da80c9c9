import type { IncidentWindow } from '../sim/world/incident-timeline.js';
import type { HealthTimelineEntry, IncidentSummary } from './run-summary.js';

/**
 * Time to detect and time to recover, per incident, from the router's health timeline:
 * detect = first exclusion of any of the provider's deployments in [start, end), or 0 when
 * one was already excluded as the incident began;
 * recover = after the end, the moment the last of its excluded deployments was let back in.
 */
export function summarizeIncidents(
  incidents: readonly IncidentWindow[],
  timeline: readonly HealthTimelineEntry[],
  providerOf: (deploymentId: string) => string,
): IncidentSummary[] {
  return incidents.map((w) => {
    const startS = w.startMs / 1000;
    const endS = w.endMs / 1000;
    const own = timeline.filter((e) => providerOf(e.deploymentId) === w.providerId);
    // Already excluded when the incident began (e.g. a cooldown from the previous flap still
    // running): the router was protected from the first moment, so it counts as detected at 0.
    const before = new Map<string, boolean>();
    for (const e of own) if (e.atS < startS) before.set(`${e.deploymentId}|${e.source}`, e.excluded);
    const alreadyExcluded = [...before.values()].some(Boolean);
    const detected = own.find((e) => e.excluded && e.atS >= startS && e.atS < endS);
    // Exclusion state per (deployment, source) at the end of the incident, then watch it clear.
    const state = new Map<string, boolean>();
    let recoverS: number | undefined;
    for (const e of own) {
      const key = `${e.deploymentId}|${e.source}`;
      if (e.atS >= endS && recoverS === undefined) {
        const wasAny = [...state.values()].some(Boolean);
        state.set(key, e.excluded);
        if (wasAny && ![...state.values()].some(Boolean)) recoverS = e.atS - endS;
      } else state.set(key, e.excluded);
    }
    return {
      providerId: w.providerId,
      kind: w.kind,
      startS,
      endS,
      detectS: alreadyExcluded ? 0 : detected ? detected.atS - startS : undefined,
      recoverS,
    };
  });
}
