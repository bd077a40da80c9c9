import { groupBy } from '../core/group-by.js';
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
  const byProvider = groupBy(timeline, (e) => providerOf(e.deploymentId));
  return incidents.map((w) => {
    const startS = w.startMs / 1000;
    const endS = w.endMs / 1000;
    const own = byProvider.get(w.providerId) ?? [];
    // Already excluded when the incident began (e.g. a cooldown from the previous flap still
    // running): the router was protected from the first moment, so it counts as detected at 0.
    const before = new ExclusionState();
    for (const e of own) if (e.atS < startS) before.set(e);
    const detected = own.find((e) => e.excluded && e.atS >= startS && e.atS < endS);
    // Exclusion state per (deployment, source) at the end of the incident, then watch it clear.
    const state = new ExclusionState();
    let recoverS: number | undefined;
    let excludedAtEnd: boolean | undefined;
    for (const e of own) {
      if (e.atS >= endS && excludedAtEnd === undefined) excludedAtEnd = state.any;
      const wasAny = state.any;
      state.set(e);
      if (e.atS >= endS && wasAny && !state.any) {
        recoverS = e.atS - endS;
        break;
      }
    }
    // Still excluded when the incident ended and never let back in: a recovery that never came
    // (counted, not left out of the mean as if it did not exist).
    const neverRecovered = recoverS === undefined && (excludedAtEnd ?? state.any);
    return {
      providerId: w.providerId,
      kind: w.kind,
      startS,
      endS,
      detectS: before.any ? 0 : detected ? detected.atS - startS : undefined,
      recoverS,
      ...(neverRecovered ? { neverRecovered: true } : {}),
    };
  });
}

/** Latest exclusion verdict per (deployment, source), with a count of those excluding. */
class ExclusionState {
  private readonly verdicts = new Map<string, boolean>();
  private excluding = 0;

  get any(): boolean {
    return this.excluding > 0;
  }

  set(e: HealthTimelineEntry): void {
    const key = `${e.deploymentId}|${e.source}`;
    if ((this.verdicts.get(key) === true) !== e.excluded) this.excluding += e.excluded ? 1 : -1;
    this.verdicts.set(key, e.excluded);
  }
}
