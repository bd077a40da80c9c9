import { CallsOverScheduler } from '../../core/call-scheduler.js';
import { createRng } from '../../core/rng.js';
import type { Scheduler } from '../../core/ports.js';
import type { ProviderSpec, Scenario } from '../../config/scenario-schema.js';
import type { Deployment } from '../../routing/types.js';
import { buildDeployments } from '../../sim/world/build-deployments.js';
import type { IncidentWindow } from '../../sim/world/incident-timeline.js';
import { scheduleProviderChanges } from '../../sim/world/provider-schedule.js';
import { ProviderSim } from '../../sim/world/provider-sim.js';
import { AttemptKeys } from './attempt-keys.js';
import { DueChanges } from './due-changes.js';

/** Incident windows kept per provider for inspection (the schedule itself runs on regardless). */
const MAX_INCIDENTS_KEPT = 10_000;

/** What one deployment (provider × model) billed so far under the scenario's billing rules. */
export interface LedgerEntry {
  readonly deploymentId: string;
  readonly modelId: string;
  costUsd: number;
  billedAttempts: number;
  /** Chat completions this deployment received (billed or not: a failover shows as received, unbilled). */
  attemptsReceived: number;
}

/** One scenario provider on the real clock: the simulator's ProviderSim and its deployments. */
export interface EmulatedProvider {
  readonly id: string;
  readonly spec: ProviderSpec;
  readonly sim: ProviderSim;
  readonly deployments: readonly Deployment[];
  readonly ledger: readonly LedgerEntry[];
  /** The incident windows scheduled so far (each generated when the previous one of its spec ends). */
  readonly incidents: readonly IncidentWindow[];
}

/**
 * The scenario's providers built exactly as the simulator's World builds them — same random
 * streams (`world` → `provider:<id>` / `incidents:<id>` under the root seed), same incident and
 * price-change schedule — but driven by `scheduler`, a (scaled) wall clock. So a request with
 * the same (request id, attempt) meets the same luck here as in the simulation.
 */
export class EmulatedProviders {
  readonly providers = new Map<string, EmulatedProvider>();
  /** Attempt numbers per request id, across providers (see AttemptKeys). */
  readonly attempts = new AttemptKeys();
  private readonly calls: CallsOverScheduler;
  /** The incident and price-change schedule of every provider, cancelled by `close`. */
  private readonly changes: DueChanges;

  constructor(scenario: Scenario, seed: string | number, readonly scheduler: Scheduler) {
    this.calls = new CallsOverScheduler(scheduler);
    this.changes = new DueChanges(scheduler);
    const rng = createRng(String(seed)).fork('world');
    const deployments = buildDeployments(scenario);
    const horizonMs = scenario.durationS * 1000;
    for (const p of scenario.providers) {
      const own = deployments.filter((d) => d.providerId === p.id);
      const ledger: LedgerEntry[] = own.map((d) => ({ deploymentId: d.id, modelId: d.modelId, costUsd: 0, billedAttempts: 0, attemptsReceived: 0 }));
      const sim = new ProviderSim(p, own, this.calls, rng.fork(`provider:${p.id}`), (k, costUsd) => {
        ledger[k].costUsd += costUsd;
        ledger[k].billedAttempts++;
      });
      const at = (atMs: number, fn: () => void) => this.changes.at(atMs, fn);
      const incidents: IncidentWindow[] = [];
      scheduleProviderChanges(p, sim, own, rng.fork(`incidents:${p.id}`), horizonMs, at, (w) => {
        if (incidents.length < MAX_INCIDENTS_KEPT) incidents.push(w);
      });
      this.providers.set(p.id, { id: p.id, spec: p, sim, deployments: own, ledger, incidents });
    }
    this.changes.applyDue();
  }

  /**
   * Brings every provider up to the schedule (incidents started or ended, prices changed by
   * now). The server calls it before it answers a request, since a timer may still be pending.
   */
  applyDueChanges(): void {
    this.changes.applyDue();
  }

  /** Cancels every pending timer (schedule, services, streams), so the process can end. */
  close(): void {
    this.changes.close();
    this.calls.cancelAll();
  }

  /** The ledger as JSON: per provider and model, what was billed. */
  ledgerReport(): { providers: { id: string; costUsd: number; models: LedgerEntry[] }[]; totalCostUsd: number } {
    const providers = [...this.providers.values()].map((p) => ({
      id: p.id,
      costUsd: p.ledger.reduce((s, e) => s + e.costUsd, 0),
      models: p.ledger.map((e) => ({ ...e })),
    }));
    return { providers, totalCostUsd: providers.reduce((s, p) => s + p.costUsd, 0) };
  }
}
