import type { EventSink } from './events.js';
import type { HealthBoard } from './health/health-board.js';
import type { DeploymentStatsTracker } from './stats/deployment-stats-tracker.js';
import type { Deployment, HealthLevel } from './types.js';

/** The router's per-deployment record; strategies see it as a Candidate. */
export interface RouterSlot {
  readonly deployment: Deployment;
  readonly stats: DeploymentStatsTracker;
  health: HealthLevel;
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
 * time-based change is due, so the common attempt — untried, fits everywhere, no --explain —
 * costs a few comparisons and reuses one pool array. A pool array handed out is never
 * mutated: a change of verdicts builds new arrays.
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
  /** Healthy slots, in slot order, under the cached verdicts. */
  private healthyPool: RouterSlot[] = [];

  constructor(
    private readonly slots: readonly RouterSlot[],
    private readonly health: HealthBoard,
    private readonly panicThresholdPercent: number,
    private readonly sink: EventSink,
  ) {
    this.fitsAllTokens = Math.min(...slots.map((s) => s.deployment.contextWindowTokens));
    this.healthyNow = slots.map(() => true);
  }

  /**
   * The pool for one attempt (empty only when nothing is eligible); `panicked` tells whether
   * the router panicked. `keepId` (a fallback target, a same-deployment retry) stays in the
   * pool even if tried.
   */
  pool(tokens: number, tried: ReadonlySet<string>, nowMs: number, explain: boolean, keepId: string | undefined): RouterSlot[] {
    if (explain) return this.partitionFully(tokens, tried, nowMs, explain, keepId);
    if (this.verdictVersion !== this.health.version || nowMs >= this.verdictUntilMs) this.refreshVerdicts(nowMs);
    this.removed = NO_REMOVED;
    const panic = this.notePanic(this.healthyCount, nowMs);
    let pool: RouterSlot[];
    if (tokens <= this.fitsAllTokens || !this.anyFits(tokens)) {
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
    if (changed || this.healthyPool.length !== healthyCount) this.healthyPool = this.slots.filter((_, i) => this.healthyNow[i]);
  }

  /** The uncached partition, with the removal reasons --explain prints. */
  private partitionFully(tokens: number, tried: ReadonlySet<string>, nowMs: number, explain: boolean, keepId: string | undefined): RouterSlot[] {
    const eligible: RouterSlot[] = [];
    const healthy: RouterSlot[] = [];
    const removed: RemovedCandidate[] = [];
    const checkFit = this.anyFits(tokens);
    let healthyTotal = 0;
    this.verdictVersion = -1; // what follows may disagree with the cache: rebuild it next time
    for (const s of this.slots) {
      const by = explain ? this.health.excludedBy(s.deployment.id, nowMs, []) : undefined;
      const isHealthy = by !== undefined ? by.length === 0 : !this.health.isExcluded(s.deployment.id, nowMs);
      s.health = isHealthy ? 'healthy' : 'degraded';
      if (isHealthy) healthyTotal++;
      if (checkFit && tokens > s.deployment.contextWindowTokens) {
        if (explain) removed.push({ id: s.deployment.id, by: ['context-window'] });
        continue;
      }
      eligible.push(s);
      if (isHealthy) healthy.push(s);
      else if (by !== undefined) removed.push({ id: s.deployment.id, by });
    }
    const panic = this.notePanic(healthyTotal, nowMs);
    this.removed = panic ? removed.filter((r) => r.by[0] === 'context-window') : removed;
    return untriedFirst(panic ? eligible : healthy, tried, keepId);
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
