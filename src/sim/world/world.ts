import type { Cancel, Rng } from '../../core/ports.js';
import type { Scenario } from '../../config/scenario-schema.js';
import type { AttemptDone, Deployment, FirstTokenArrived, RouteRequest, Transport, TruthPort } from '../../routing/types.js';
import type { SimScheduler } from '../sim-scheduler.js';
import { groupBy } from '../../core/group-by.js';
import type { IncidentWindow } from './incident-timeline.js';
import { scheduleProviderChanges } from './provider-schedule.js';
import { ProviderSim } from './provider-sim.js';

/** Incident windows kept for the run summary; more are simulated but not listed (incidentsTruncated). */
const MAX_INCIDENTS_LOGGED = 20_000;

/**
 * The simulated outside world: providers with their incidents and price changes. It offers
 * the router a Transport (requests, health probes) and the oracle a TruthPort.
 */
export class World implements Transport, TruthPort {
  readonly providers = new Map<string, ProviderSim>();
  /** Each deployment's provider and index in `deployments`, by deployment id: one lookup per attempt sent. */
  private readonly routes = new Map<string, { readonly deployment: Deployment; readonly sim: ProviderSim; readonly index: number }>();
  /** Windows generated so far, with their provider's and spec's index (for the summary's order). */
  private readonly incidentLog: { readonly w: IncidentWindow; readonly provider: number; readonly spec: number }[] = [];
  private incidentLogFull = false;

  constructor(
    scenario: Scenario,
    deployments: readonly Deployment[],
    private readonly scheduler: SimScheduler,
    rng: Rng,
    /** What a deployment (by index in `deployments`) bills, and when. */
    billing: (deploymentIndex: number, costUsd: number, atMs: number) => void,
    /** Every attempt sent, by deployment index. */
    private readonly onSent: (deploymentIndex: number, atMs: number) => void,
    /** A scenario price change was applied to the (shared) deployments. */
    onPricesChanged: () => void = () => {},
  ) {
    const horizonMs = scenario.durationS * 1000;
    // Indices grouped by provider once: a filter per provider would make setup O(N²).
    const indicesOf = groupBy(deployments.keys(), (i) => deployments[i].providerId);
    scenario.providers.forEach((p, providerIndex) => {
      const indices = indicesOf.get(p.id) ?? [];
      const own = indices.map((i) => deployments[i]);
      const sim = new ProviderSim(p, own, scheduler, rng.fork(`provider:${p.id}`), (k, costUsd, atMs) => billing(indices[k], costUsd, atMs));
      this.providers.set(p.id, sim);
      own.forEach((d, k) => this.routes.set(d.id, { deployment: d, sim, index: indices[k] }));
      // Priority -1: a state change at time t applies to requests arriving at t.
      const at = (atMs: number, fn: () => void) => void scheduler.scheduleAt(atMs, fn, -1);
      scheduleProviderChanges(p, sim, own, rng.fork(`incidents:${p.id}`), horizonMs, at, (w, spec) => this.logIncident(w, providerIndex, spec), onPricesChanged);
    });
  }

  /** Every incident window that began before the horizon, by provider, then start and end (at most MAX_INCIDENTS_LOGGED). */
  get incidents(): IncidentWindow[] {
    const log = [...this.incidentLog].sort((a, b) => a.provider - b.provider || a.w.startMs - b.w.startMs || a.w.endMs - b.w.endMs || a.spec - b.spec);
    return log.map((e) => e.w);
  }

  /** Whether windows beyond MAX_INCIDENTS_LOGGED were simulated but left out of `incidents`. */
  get incidentsTruncated(): boolean {
    return this.incidentLogFull;
  }

  private logIncident(w: IncidentWindow, provider: number, spec: number): void {
    if (this.incidentLog.length < MAX_INCIDENTS_LOGGED) this.incidentLog.push({ w, provider, spec });
    else this.incidentLogFull = true;
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
