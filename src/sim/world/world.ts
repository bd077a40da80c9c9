import type { Cancel, Rng } from '../../core/ports.js';
import type { Scenario } from '../../config/scenario-schema.js';
import type { AttemptDone, Deployment, RouteRequest, Transport, TruthPort } from '../../routing/types.js';
import type { SimScheduler } from '../sim-scheduler.js';
import { buildIncidentWindows, type IncidentWindow } from './incident-timeline.js';
import { ProviderSim, type BillingSink } from './provider-sim.js';

/**
 * The simulated outside world: providers with their incidents and price changes. It offers
 * the router a Transport (requests, health probes) and the oracle a TruthPort.
 */
export class World implements Transport, TruthPort {
  readonly providers = new Map<string, ProviderSim>();
  /** Provider and index of each deployment object: one lookup per attempt sent. */
  private readonly routes = new Map<Deployment, { sim: ProviderSim; index: number }>();
  readonly incidents: IncidentWindow[] = [];

  constructor(
    scenario: Scenario,
    private readonly deployments: readonly Deployment[],
    private readonly scheduler: SimScheduler,
    rng: Rng,
    billing: BillingSink,
    /** Every attempt sent, with the deployment's index in `deployments`. */
    private readonly onSent: (deploymentId: string, atMs: number, deploymentIndex: number) => void,
  ) {
    const horizonMs = scenario.durationS * 1000;
    for (const p of scenario.providers) {
      const own = deployments.filter((d) => d.providerId === p.id);
      const sim = new ProviderSim(p, own, scheduler, rng.fork(`provider:${p.id}`), billing);
      this.providers.set(p.id, sim);
      for (const d of own) this.routes.set(d, { sim, index: deployments.indexOf(d) });
      for (const w of buildIncidentWindows(p.id, p.incidents, rng.fork(`incidents:${p.id}`), horizonMs)) {
        this.incidents.push(w);
        // Priority -1: a state change at time t applies to requests arriving at t.
        scheduler.scheduleAt(w.startMs, () => sim.incidentStarted(w), -1);
        scheduler.scheduleAt(w.endMs, () => sim.incidentEnded(w), -1);
      }
      for (const change of p.priceChanges) {
        const d = deployments.find((x) => x.providerId === p.id && x.modelId === change.model);
        if (d === undefined) continue;
        scheduler.scheduleAt(change.atS * 1000, () => {
          if (change.inputUsdPerMTok !== undefined) d.inputUsdPerMTok = change.inputUsdPerMTok;
          if (change.outputUsdPerMTok !== undefined) d.outputUsdPerMTok = change.outputUsdPerMTok;
          if (change.cachedInputUsdPerMTok !== undefined) d.cachedInputUsdPerMTok = change.cachedInputUsdPerMTok;
        }, -1);
      }
    }
  }

  send<T>(deployment: Deployment, req: RouteRequest, attemptNo: number, onDone: AttemptDone<T>, token: T): Cancel {
    const route = this.routes.get(deployment) ?? this.routeById(deployment.id);
    this.onSent(deployment.id, this.scheduler.now(), route.index);
    return route.sim.submit(deployment.modelId, req, attemptNo, onDone, token);
  }

  /** A deployment passed as a copy rather than the very object the world was built with. */
  private routeById(id: string): { sim: ProviderSim; index: number } {
    const d = this.byId(id);
    return this.routes.get(d)!;
  }

  probe(deployment: Deployment, onDone: (ok: boolean) => void): Cancel {
    return this.providers.get(deployment.providerId)!.probe(onDone);
  }

  isServing(deploymentId: string, req?: RouteRequest, attemptNo?: number): boolean {
    const d = this.byId(deploymentId);
    return this.providers.get(d.providerId)!.isServing(d.modelId, req, attemptNo);
  }

  expectedLatencyMs(deploymentId: string, req: RouteRequest, attemptNo?: number): number {
    const d = this.byId(deploymentId);
    return this.providers.get(d.providerId)!.expectedLatencyMs(d.modelId, req, attemptNo);
  }

  private readonly index = new Map<string, Deployment>();

  private byId(id: string): Deployment {
    let d = this.index.get(id);
    if (d === undefined) {
      d = this.deployments.find((x) => x.id === id)!;
      this.index.set(id, d);
    }
    return d;
  }
}
