import type { ConcurrencyLimitConfig } from '../../config/admission-schema.js';
import { ownEntry } from '../../core/own-entry.js';
import type { EventSink } from '../events.js';
import type { AttemptOutcome, Deployment } from '../types.js';
import { LIMIT_ALGORITHMS, type LimitAlgorithm } from './limit-algorithms.js';

interface LimitEntry {
  readonly id: string;
  readonly algorithm: LimitAlgorithm;
  limit: number;
  /** floor(limit) clamped to the bounds: the cap in force, announced on change. */
  cap: number;
  inFlight: number;
}

/** Outcomes that say "too much load here": what makes a limit back off. */
function isDrop(o: AttemptOutcome): boolean {
  return o.kind === 'rate-limited' || o.kind === 'overloaded' || o.kind === 'timeout';
}

/**
 * Per-deployment in-flight limits (`router.concurrencyLimit`). A deployment at its cap is
 * left out of the pool before the strategy picks — a stage after the health partition, so
 * strategies never see it — and when every eligible deployment is at its cap the router is
 * saturated (the priority queue's business). Each finished attempt feeds the deployment's
 * algorithm; a change of the cap is announced as `concurrency.changed`.
 *
 * Entries are found by deployment id; the gate exists only when configured, so runs without
 * it pay nothing.
 */
export class ConcurrencyGate {
  private readonly entries = new Map<string, LimitEntry>();
  private readonly minLimit: number;
  private readonly maxLimit: number;

  constructor(deployments: readonly Deployment[], config: ConcurrencyLimitConfig, private readonly sink: EventSink) {
    this.minLimit = config.minLimit;
    this.maxLimit = Math.max(config.minLimit, config.maxLimit);
    for (const d of deployments) {
      const start = this.clamp(ownEntry(config.limits, d.id) ?? ownEntry(config.limits, d.providerId) ?? config.initialLimit);
      this.entries.set(d.id, { id: d.id, algorithm: LIMIT_ALGORITHMS[config.algorithm](config), limit: start, cap: Math.floor(start), inFlight: 0 });
    }
  }

  /** The cap in force for a deployment. */
  capOf(id: string): number {
    return this.entry(id).cap;
  }

  inFlightOf(id: string): number {
    return this.entry(id).inFlight;
  }

  hasRoom(id: string): boolean {
    const e = this.entry(id);
    return e.inFlight < e.cap;
  }

  /** `pool` itself when every slot in it has room (no allocation), else those that have. */
  admit<S extends { readonly deployment: { readonly id: string } }>(pool: S[]): S[] {
    let i = 0;
    while (i < pool.length && this.hasRoom(pool[i].deployment.id)) i++;
    if (i === pool.length) return pool;
    const open: S[] = pool.slice(0, i);
    for (i++; i < pool.length; i++) if (this.hasRoom(pool[i].deployment.id)) open.push(pool[i]);
    return open;
  }

  onSent(id: string): void {
    this.entry(id).inFlight++;
  }

  /** An attempt ended; `o` undefined when the router dropped it (hedge loser, deadline): it frees the slot and teaches nothing. */
  onDone(id: string, o: AttemptOutcome | undefined, nowMs: number): void {
    const e = this.entry(id);
    const inFlight = e.inFlight;
    e.inFlight--;
    if (o === undefined || o.kind === 'cancelled' || o.kind === 'client-error' || o.kind === 'context-exceeded') return;
    const dropped = isDrop(o);
    if (!dropped && o.kind !== 'success') return; // a 5xx says the provider is broken, not full
    e.limit = this.clamp(e.algorithm.update(e.limit, { dropped, latencyMs: dropped ? NaN : o.latencyMs, inFlight }));
    const cap = Math.floor(e.limit);
    if (cap !== e.cap) {
      e.cap = cap;
      this.sink({ type: 'concurrency.changed', atMs: nowMs, deploymentId: e.id, limit: cap });
    }
  }

  private entry(id: string): LimitEntry {
    return this.entries.get(id)!;
  }

  private clamp(limit: number): number {
    return Math.min(this.maxLimit, Math.max(this.minLimit, limit));
  }
}
