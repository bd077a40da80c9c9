import type { EventSink } from './events.js';
import type { HealthBoard } from './health/health-board.js';
import type { HedgeDelayEstimator } from './resilience/hedge-delay-estimator.js';
import type { DeploymentStatsTracker } from './stats/deployment-stats-tracker.js';
import type { Deployment, HealthLevel } from './types.js';
import { maxOf, minOf } from '../core/bulk-array.js';
import { DueHeap } from '../core/due-heap.js';

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
 * Health verdicts are cached per deployment and re-asked only for the deployment an
 * announcement names (HealthBoard.onChange) and when its verdict's time-based end comes
 * (HealthBoard.verdictStableUntilMs, kept in a heap), so an attempt costs no scan of the
 * fleet: the common attempt — untried, fits everywhere — reuses one pool array, and a change
 * of one verdict costs a re-ask of one deployment and a copy of the pool. An explained
 * attempt takes the same path and only adds the removal reasons. A pool array handed out is
 * never mutated: a change of verdicts builds a new array.
 */
export class CandidatePartition {
  /** Deployments removed before the strategy ran (filled only for explained attempts). */
  removed: readonly RemovedCandidate[] = NO_REMOVED;
  /** Whether the last `pool` call routed in panic mode. */
  panicked = false;
  /** Bumped whenever a slot's `health` flag changes in place (see PickContext.healthVersion). */
  healthVersion = 0;
  private panic = false;
  /** Prompt + output tokens at or below this fit every deployment; above `fitsSomeTokens` none. */
  private readonly fitsAllTokens: number;
  private readonly fitsSomeTokens: number;
  /** Distinct context windows, ascending: which deployments a request fits depends only on how many of these it exceeds. */
  private readonly windows: number[];
  /** Pools of the deployments that fit, by that count, filtered from `fittedFrom` (rebuilt when it changes). */
  private readonly fitted = new Map<number, RouterSlot[]>();
  private fittedFrom: readonly RouterSlot[] | undefined;
  private verdictsKnown = false;
  private readonly healthyNow: boolean[];
  private healthyCount: number;
  /** Healthy slots, in slot order, under the cached verdicts (all healthy until the first refresh), and their slot indices. */
  private healthyPool: RouterSlot[];
  private readonly healthyIndices: number[];
  private readonly indexById = new Map<string, number>();
  private readonly indexBySlot = new Map<RouterSlot, number>();
  /** Slots an announcement named since the last refresh; `marked` dedupes. */
  private changed: number[] = [];
  private readonly marked: Uint8Array;
  /** When each slot's cached verdict may end by the clock alone; `queuedMs` avoids duplicate entries. */
  private readonly due = new DueHeap();
  private readonly queuedMs: Float64Array;

  constructor(
    private readonly slots: readonly RouterSlot[],
    private readonly health: HealthBoard,
    private readonly panicThresholdPercent: number,
    private readonly sink: EventSink,
  ) {
    this.fitsAllTokens = minOf(slots.map((s) => s.deployment.contextWindowTokens));
    this.fitsSomeTokens = maxOf(slots.map((s) => s.deployment.contextWindowTokens));
    this.windows = [...new Set(slots.map((s) => s.deployment.contextWindowTokens))].sort((a, b) => a - b);
    this.healthyNow = slots.map(() => true);
    this.healthyCount = slots.length;
    this.healthyPool = slots.slice();
    this.healthyIndices = [...slots.keys()];
    slots.forEach((s, i) => {
      this.indexById.set(s.deployment.id, i);
      this.indexBySlot.set(s, i);
    });
    this.marked = new Uint8Array(slots.length);
    this.queuedMs = new Float64Array(slots.length).fill(NaN);
    health.onChange((id) => {
      const i = this.indexById.get(id);
      if (i === undefined || this.marked[i] === 1) return;
      this.marked[i] = 1;
      this.changed.push(i);
    });
  }

  /**
   * The pool for one attempt (empty only when nothing is eligible); `panicked` tells whether
   * the router panicked and, when `explain`, `removed` what was left out and why. `keepId` (a
   * fallback target, a same-deployment retry) stays in the pool even if tried.
   */
  pool(tokens: number, tried: ReadonlySet<string>, nowMs: number, explain: boolean, keepId: string | undefined): RouterSlot[] {
    if (!this.verdictsKnown) this.refreshAll(nowMs);
    else if (this.changed.length > 0 || nowMs >= this.due.nextDueMs) this.refreshChanged(nowMs);
    const panic = this.notePanic(this.healthyCount, nowMs);
    const fitsAll = tokens <= this.fitsAllTokens || tokens > this.fitsSomeTokens;
    this.removed = explain ? this.removedFor(tokens, fitsAll, panic, nowMs) : NO_REMOVED;
    let pool: RouterSlot[];
    if (fitsAll) {
      pool = panic ? (this.slots as RouterSlot[]) : this.healthyPool;
    } else {
      pool = this.fittingPool(panic ? this.slots : this.healthyPool, tokens);
    }
    return tried.size === 0 ? pool : this.untriedFirst(pool, tried, keepId);
  }

  /**
   * The deployments of `base` a request of `tokens` fits, kept per window class while `base`
   * (a pool array, never mutated) stays the same: a long prompt costs a map lookup, not a
   * scan, and strategies get the same array each time (the round-robin picker indexes it).
   */
  private fittingPool(base: readonly RouterSlot[], tokens: number): RouterSlot[] {
    if (base !== this.fittedFrom) {
      this.fitted.clear();
      this.fittedFrom = base;
    }
    const exceeded = lowerBound(this.windows, tokens);
    let pool = this.fitted.get(exceeded);
    if (pool === undefined) {
      pool = base.filter((s) => tokens <= s.deployment.contextWindowTokens);
      this.fitted.set(exceeded, pool);
    }
    return pool;
  }

  /** Asks every source about every deployment (the first pool). */
  private refreshAll(nowMs: number): void {
    this.verdictsKnown = true;
    const changedSlots: number[] = [];
    for (let i = 0; i < this.slots.length; i++) if (this.reask(i, nowMs)) changedSlots.push(i);
    this.applyToPool(changedSlots);
  }

  /** Re-asks the sources about the deployments announced since, and those whose verdict's time ran out. */
  private refreshChanged(nowMs: number): void {
    const todo = this.changed;
    this.changed = [];
    for (const i of todo) this.marked[i] = 0;
    while (nowMs >= this.due.nextDueMs) {
      const dueMs = this.due.nextDueMs;
      const i = this.due.pop();
      if (this.queuedMs[i] === dueMs) this.queuedMs[i] = NaN;
      todo.push(i);
    }
    const changedSlots: number[] = [];
    for (const i of todo) {
      if (this.marked[i] === 2) continue; // already re-asked in this refresh
      this.marked[i] = 2;
      if (this.reask(i, nowMs)) changedSlots.push(i);
    }
    for (const i of todo) if (this.marked[i] === 2) this.marked[i] = 0;
    this.applyToPool(changedSlots);
  }

  /** Re-asks the sources about slot i; true when its verdict changed. Notes when the answer may end. */
  private reask(i: number, nowMs: number): boolean {
    const s = this.slots[i];
    const id = s.deployment.id;
    const isHealthy = !this.health.isExcluded(id, nowMs);
    const level = isHealthy ? 'healthy' : 'degraded';
    if (s.health !== level) {
      s.health = level;
      this.healthVersion++;
    }
    const untilMs = this.health.verdictStableUntilMs(id, nowMs);
    if (untilMs !== Infinity && untilMs !== this.queuedMs[i]) {
      this.due.push(untilMs, i);
      this.queuedMs[i] = untilMs;
    }
    if (isHealthy === this.healthyNow[i]) return false;
    this.healthyNow[i] = isHealthy;
    this.healthyCount += isHealthy ? 1 : -1;
    return true;
  }

  /** A new healthy pool (the old array stays as it was) with the changed slots added or removed in slot order. */
  private applyToPool(changedSlots: readonly number[]): void {
    if (changedSlots.length === 0) return;
    const pool = this.healthyPool.slice();
    const indices = this.healthyIndices;
    for (const i of changedSlots) {
      const at = lowerBound(indices, i);
      if (this.healthyNow[i]) {
        indices.splice(at, 0, i);
        pool.splice(at, 0, this.slots[i]);
      } else {
        indices.splice(at, 1);
        pool.splice(at, 1);
      }
    }
    this.healthyPool = pool;
  }

  /**
   * Untried slots (plus `keepId`), or the whole pool when every one was tried. A request has
   * tried a few deployments at most: they are found by binary search (pools are in slot
   * order) and the rest is copied in slices, instead of asking `tried` about every slot.
   */
  private untriedFirst(pool: RouterSlot[], tried: ReadonlySet<string>, keepId: string | undefined): RouterSlot[] {
    const cut: number[] = [];
    for (const id of tried) {
      const i = id === keepId ? undefined : this.indexById.get(id);
      if (i === undefined) continue;
      const at = this.positionIn(pool, i);
      if (at >= 0) cut.push(at);
    }
    if (cut.length === 0 || cut.length === pool.length) return pool;
    cut.sort((a, b) => a - b);
    // One copy of exact size (slices and concats made two or three: 80 kB each at N = 10,000, young-generation churn).
    const out = new Array<RouterSlot>(pool.length - cut.length);
    let to = 0, k = 0;
    for (let i = 0; i < pool.length; i++) {
      if (k < cut.length && cut[k] === i) k++;
      else out[to++] = pool[i];
    }
    return out;
  }

  /** Where slot i sits in a pool (pools are in slot order), or -1. */
  private positionIn(pool: readonly RouterSlot[], i: number): number {
    let lo = 0, hi = pool.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.indexBySlot.get(pool[mid])! < i) lo = mid + 1;
      else hi = mid;
    }
    return lo < pool.length && this.indexBySlot.get(pool[lo]) === i ? lo : -1;
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
}

/** Position of the first element >= value in an ascending array. */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
