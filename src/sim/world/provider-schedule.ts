import type { Rng } from '../../core/ports.js';
import type { ProviderSpec } from '../../config/scenario-schema.js';
import type { Deployment } from '../../routing/types.js';
import { IncidentWindowStream, type IncidentWindow } from './incident-timeline.js';
import type { ProviderSim } from './provider-sim.js';

/** Runs `fn` at absolute time `atMs` on whichever clock drives the provider. */
export type ScheduleAt = (atMs: number, fn: () => void) => void;

/**
 * A provider's timed changes: its incident windows start and end, and its price changes apply
 * to `own` deployments, each at its time. Shared by the simulated World and the emulated
 * providers served over HTTP, so both follow one schedule. Incidents are generated lazily:
 * each spec's next window when its previous one ends, so pending events and memory stay one
 * window per spec however many the horizon holds. `onWindow` hears of each window as it is
 * scheduled, with the index of its spec; `onPricesChanged` of each price change once applied.
 */
export function scheduleProviderChanges(
  p: ProviderSpec, sim: ProviderSim, own: readonly Deployment[], incidentsRng: Rng, horizonMs: number,
  at: ScheduleAt, onWindow: (w: IncidentWindow, spec: number) => void, onPricesChanged: () => void = () => {},
): void {
  const scheduleIncident = (w: IncidentWindow, spec: number, stream: IncidentWindowStream): void => {
    onWindow(w, spec);
    at(w.startMs, () => sim.incidentStarted(w));
    at(w.endMs, () => {
      sim.incidentEnded(w);
      const next = stream.next();
      if (next !== undefined) scheduleIncident(next, spec, stream);
    });
  };
  const first: { w: IncidentWindow; spec: number; stream: IncidentWindowStream }[] = [];
  p.incidents.forEach((spec, i) => {
    const stream = new IncidentWindowStream(p.id, spec, i, incidentsRng, horizonMs);
    const w = stream.next();
    if (w !== undefined) first.push({ w, spec: i, stream });
  });
  first.sort((a, b) => a.w.startMs - b.w.startMs || a.w.endMs - b.w.endMs);
  for (const f of first) scheduleIncident(f.w, f.spec, f.stream);
  for (const change of p.priceChanges) {
    const d = own.find((x) => x.modelId === change.model);
    if (d === undefined) continue;
    at(change.atS * 1000, () => {
      if (change.inputUsdPerMTok !== undefined) d.inputUsdPerMTok = change.inputUsdPerMTok;
      if (change.outputUsdPerMTok !== undefined) d.outputUsdPerMTok = change.outputUsdPerMTok;
      if (change.cachedInputUsdPerMTok !== undefined) d.cachedInputUsdPerMTok = change.cachedInputUsdPerMTok;
      onPricesChanged();
    });
  }
}
