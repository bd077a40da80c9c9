import { groupBy } from '../core/group-by.js';
import { MIN_FIT_SAMPLES, fitSample, type FitOptions, type SampleFit } from './fit-candidates.js';
import type { FamilyName } from './fitted-distribution.js';
import type { IncidentRecord } from './input/incident-reader.js';

/**
 * `routesim fit outages`: per service, the alternating up/down process a stochastic incident
 * models — time between failures (end of one incident to the start of the next) and time to
 * repair (incident duration) — fitted by maximum likelihood.
 *
 * Overlapping or touching incidents are merged first: the provider is either down or not.
 * The up-time before the first and after the last incident is censored (its length is
 * unknown) and left out, which biases MTBF slightly low for services with few incidents.
 */
export const OUTAGE_FAMILIES: readonly FamilyName[] = ['exponential', 'lognormal', 'weibull'];

export interface OutageGroupFit {
  readonly group: string;
  /** Incidents after merging overlaps. */
  readonly incidents: number;
  readonly merged: number;
  /** From the first start to the last end, seconds. */
  readonly observedS: number;
  /** Fraction of the observed span not inside an incident. */
  readonly availability: number;
  readonly meanSeverity?: number;
  readonly timeBetweenS?: SampleFit;
  readonly durationS?: SampleFit;
  /** The fitted values themselves (for Q–Q charts); not part of the JSON output. */
  readonly samples: { readonly timeBetweenS: readonly number[]; readonly durationS: readonly number[] };
}

export function fitOutageGroups(records: readonly IncidentRecord[], opts: FitOptions = {}): OutageGroupFit[] {
  const fitOpts: FitOptions = { families: OUTAGE_FAMILIES, ...opts };
  return [...groupBy(records, (r) => r.group)].map(([group, list]) => {
    const sorted = [...list].sort((a, b) => a.startS - b.startS || a.endS - b.endS);
    const spans: { startS: number; endS: number }[] = [];
    for (const r of sorted) {
      const last = spans[spans.length - 1];
      if (last !== undefined && r.startS <= last.endS) last.endS = Math.max(last.endS, r.endS);
      else spans.push({ startS: r.startS, endS: r.endS });
    }
    const durations = spans.map((s) => s.endS - s.startS).filter((d) => d > 0);
    const gaps = spans.slice(1).map((s, i) => s.startS - spans[i].endS);
    const observedS = spans[spans.length - 1].endS - spans[0].startS;
    const downS = spans.reduce((t, s) => t + (s.endS - s.startS), 0);
    const severities = list.map((r) => r.severity).filter((v): v is number => v !== undefined);
    return {
      group,
      incidents: spans.length,
      merged: list.length - spans.length,
      observedS,
      availability: observedS > 0 ? 1 - downS / observedS : NaN,
      ...(severities.length > 0 ? { meanSeverity: severities.reduce((a, b) => a + b, 0) / severities.length } : {}),
      ...(gaps.length >= MIN_FIT_SAMPLES ? { timeBetweenS: fitSample(gaps, fitOpts) } : {}),
      ...(durations.length >= MIN_FIT_SAMPLES ? { durationS: fitSample(durations, fitOpts) } : {}),
      samples: { timeBetweenS: gaps, durationS: durations },
    };
  });
}
