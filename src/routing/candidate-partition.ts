import type { EventSink } from './events.js';
import type { HealthBoard } from './health/health-board.js';
import type { HedgeDelayEstimator } from './resilience/hedge-delay-estimator.js';
import type { DeploymentStatsTracker } from './stats/deployment-stats-tracker.js';
import type { Deployment, HealthLevel } from './types.js';
import { minOf } from '../core/bulk-array.js';

/** The router's per-deployment record; strategies see it as a Candidate. */
export interface RouterSlot {
  readonly deployment: Deployment;
  readonly stats: DeploymentStatsTracker;
  health: HealthLevel;
  /** Percentile hedging's delay, learned from this deployment's first attempts (hedging.percentile only). */
  readonly hedgeDelay?: HedgeDelayEstimator;
}

export interface RemovedCandidate {
  readonly id: string;
  readonly by: string[];
}

const NO_REMOVED: readonly RemovedCandidate[] = [];

/**
 * Which deployments an attempt may use. Context-window misfits are never eligible (when
 * something fits). Health sources exclude the rest; when fewer than panicThresholdPercent of
 * all deployments are healthy, the router panics (as Envoy does) and routes across every
 * eligible deployment, marking the unhealthy ones 'degraded'. Deployments the request already
 * tried go last: they are used only when nothing untried remains.
 *
 * Health verdicts are cached while the HealthBoard reports no change (its `version`) and no
 * time-based change is due, so the common attempt — untried, fits everywhere — costs a few
 * comparisons and reuses one pool array; an explained attempt takes the same path and only
 * adds the removal reasons. A pool array handed out is never mutated: a change of verdicts
 * builds new arrays.
 */
export class CandidatePartition {
  /** Deployments removed before the strategy ran (filled only for explained attempts). */
  removed: readonly RemovedCandidate[] = NO_REMOVED;
  /** Whether the last `pool` call routed in panic mode. */
  panicked = false;
  private panic = false;
  /** Prompt + output tokens at or below this fit every deployment. */
  private readonly fitsAllTokens: number;
  private verdictVersion = -1;
  private verdictUntilMs = -Infinity;
  private readonly healthyNow: boolean[];
  private healthyCount = 0;
  /** Healthy slots, in slot order, under the cached verdicts (all healthy until the first refresh). */
  private healthyPool: RouterSlot[];

  constructor(
    private readonly slots: readonly RouterSlot[],
    private readonly health: HealthBoard,
    private readonly panicThresholdPercent: number,
    private readonly sink: EventSink,
  ) {
    this.fitsAllTokens = minOf(slots.map((s) => s.deployment.contextWindowTokens));
    this.healthyNow = slots.map(() => true);
    this.healthyPool = slots.slice();
  }

  /**
   * The pool for one attempt (empty only when nothing is eligible); `panicked` tells whether
   * the router panicked and, when `explain`, `removed` what was left out and why. `keepId` (a
   * fallback target, a same-deployment retry) stays in the pool even if tried.
   */
  pool(tokens: number, tried: ReadonlySet<string>, nowMs: number, explain: boolean, keepId: string | undefined): RouterSlot[] {
    if (this.verdictVersion !== this.health.version || nowMs >= this.verdictUntilMs) this.refreshVerdicts(nowMs);
    const panic = this.notePanic(this.healthyCount, nowMs);
    const fitsAll = tokens <= this.fitsAllTokens || !this.anyFits(tokens);
    this.removed = explain ? this.removedFor(tokens, fitsAll, panic, nowMs) : NO_REMOVED;
    let pool: RouterSlot[];
    if (fitsAll) {
      pool = panic ? (this.slots as RouterSlot[]) : this.healthyPool;
    } else {
      pool = [];
      for (const s of panic ? this.slots : this.healthyPool) if (tokens <= s.deployment.contextWindowTokens) pool.push(s);
    }
    return tried.size === 0 ? pool : untriedFirst(pool, tried, keepId);
  }

  /** Re-asks every source and notes until when the answers hold (see HealthBoard). */
  private refreshVerdicts(nowMs: number): void {
    this.verdictVersion = this.health.version;
    let untilMs = Infinity, healthyCount = 0, changed = false;
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i];
      const id = s.deployment.id;
      const isHealthy = !this.health.isExcluded(id, nowMs);
      s.health = isHealthy ? 'healthy' : 'degraded';
      if (isHealthy) healthyCount++;
      if (isHealthy !== this.healthyNow[i]) changed = true;
      this.healthyNow[i] = isHealthy;
      untilMs = Math.min(untilMs, this.health.verdictStableUntilMs(id, nowMs));
    }
    this.verdictUntilMs = untilMs;
    this.healthyCount = healthyCount;
    if (changed) this.healthyPool = this.slots.filter((_, i) => this.healthyNow[i]);
  }

  /**
   * The removal reasons --explain prints, in slot order: context-window misfits (when
   * something fits), and unless the router panicked, the unhealthy ones with the sources that
   * exclude them. The verdicts are the cache's, just refreshed if due, so they are exactly
   * what the pool was built from (sources' verdicts are pure in (id, nowMs)).
   */
  private removedFor(tokens: number, fitsAll: boolean, panic: boolean, nowMs: number): RemovedCandidate[] {
    const removed: RemovedCandidate[] = [];
    for (let i = 0; i < this.slots.length; i++) {
      const id = this.slots[i].deployment.id;
      if (!fitsAll && tokens > this.slots[i].deployment.contextWindowTokens) removed.push({ id, by: ['context-window'] });
      else if (!panic && !this.healthyNow[i]) removed.push({ id, by: this.health.excludedBy(id, nowMs, []) });
    }
    return removed;
  }

  /** Panic when too few deployments are healthy; announces each change. */
  private notePanic(healthyTotal: number, nowMs: number): boolean {
    const total = this.slots.length;
    const panic = total > 0 && healthyTotal * 100 < this.panicThresholdPercent * total;
    if (panic !== this.panic) {
      this.panic = panic;
      this.sink({ type: 'panic.changed', atMs: nowMs, panic });
    }
    this.panicked = panic;
    return panic;
  }

  private anyFits(tokens: number): boolean {
    for (const s of this.slots) if (tokens <= s.deployment.contextWindowTokens) return true;
    return false;
  }
}

/** Untried slots (plus `keepId`), or the whole pool when every one was tried. */
function untriedFirst(pool: RouterSlot[], tried: ReadonlySet<string>, keepId: string | undefined): RouterSlot[] {
  const untried = pool.filter((s) => !tried.has(s.deployment.id) || s.deployment.id === keepId);
  return untried.length > 0 ? untried : pool;
}
