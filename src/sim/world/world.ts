import type { Cancel, Rng } from '../../core/ports.js';
import type { Scenario } from '../../config/scenario-schema.js';
import type { AttemptDone, Deployment, FirstTokenArrived, RouteRequest, Transport, TruthPort } from '../../routing/types.js';
import type { SimScheduler } from '../sim-scheduler.js';
import { buildIncidentWindows, type IncidentWindow } from './incident-timeline.js';
import { ProviderSim } from './provider-sim.js';

/**
 * The simulated outside world: providers with their incidents and price changes. It offers
 * the router a Transport (requests, health probes) and the oracle a TruthPort.
 */
export class World implements Transport, TruthPort {
  readonly providers = new Map<string, ProviderSim>();
  /** Each deployment's provider and index in `deployments`, by deployment id: one lookup per attempt sent. */
  private readonly routes = new Map<string, { readonly deployment: Deployment; readonly sim: ProviderSim; readonly index: number }>();
  readonly incidents: IncidentWindow[] = [];

  constructor(
    scenario: Scenario,
    deployments: readonly Deployment[],
    private readonly scheduler: SimScheduler,
    rng: Rng,
    /** What a deployment (by index in `deployments`) bills, and when. */
    billing: (deploymentIndex: number, costUsd: number, atMs: number) => void,
    /** Every attempt sent, by deployment index. */
    private readonly onSent: (deploymentIndex: number, atMs: number) => void,
  ) {
    const horizonMs = scenario.durationS * 1000;
    for (const p of scenario.providers) {
      const own = deployments.filter((d) => d.providerId === p.id);
      const indices = own.map((d) => deployments.indexOf(d));
      const sim = new ProviderSim(p, own, scheduler, rng.fork(`provider:${p.id}`), (k, costUsd, atMs) => billing(indices[k], costUsd, atMs));
      this.providers.set(p.id, sim);
      own.forEach((d, k) => this.routes.set(d.id, { deployment: d, sim, index: indices[k] }));
      for (const w of buildIncidentWindows(p.id, p.incidents, rng.fork(`incidents:${p.id}`), horizonMs)) {
        this.incidents.push(w);
        // Priority -1: a state change at time t applies to requests arriving at t.
        scheduler.scheduleAt(w.startMs, () => sim.incidentStarted(w), -1);
        scheduler.scheduleAt(w.endMs, () => sim.incidentEnded(w), -1);
      }
      for (const change of p.priceChanges) {
        const d = own.find((x) => x.modelId === change.model);
        if (d === undefined) continue;
        scheduler.scheduleAt(change.atS * 1000, () => {
          if (change.inputUsdPerMTok !== undefined) d.inputUsdPerMTok = change.inputUsdPerMTok;
          if (change.outputUsdPerMTok !== undefined) d.outputUsdPerMTok = change.outputUsdPerMTok;
          if (change.cachedInputUsdPerMTok !== undefined) d.cachedInputUsdPerMTok = change.cachedInputUsdPerMTok;
        }, -1);
      }
    }
  }

  send<T>(deployment: Deployment, req: RouteRequest, attemptNo: number, onDone: AttemptDone<T>, token: T, onFirstToken?: FirstTokenArrived<T>): Cancel {
    const route = this.routes.get(deployment.id)!;
    this.onSent(route.index, this.scheduler.now());
    return route.sim.submit(deployment.modelId, req, attemptNo, onDone, token, onFirstToken);
  }

  probe(deployment: Deployment, onDone: (ok: boolean) => void): Cancel {
    return this.providers.get(deployment.providerId)!.probe(onDone);
  }

  isServing(deploymentId: string, req?: RouteRequest, attemptNo?: number): boolean {
    const { deployment, sim } = this.routes.get(deploymentId)!;
    return sim.isServing(deployment.modelId, req, attemptNo);
  }

  expectedLatencyMs(deploymentId: string, req: RouteRequest, attemptNo?: number): number {
    const { deployment, sim } = this.routes.get(deploymentId)!;
    return sim.expectedLatencyMs(deployment.modelId, req, attemptNo);
  }
}
