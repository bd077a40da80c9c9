import type { PriorityQueueConfig } from '../../config/admission-schema.js';
import { ownEntry } from '../../core/own-entry.js';
import type { RouteRequest } from '../types.js';

/** A request's priority class: its own `priority`, else its tenant's, else the default. Higher is more important. */
export function priorityOf(req: RouteRequest, c: PriorityQueueConfig): number {
  if (req.priority !== undefined) return req.priority;
  if (req.tenant !== undefined) {
    const p = ownEntry(c.tenantPriorities, req.tenant);
    if (p !== undefined) return p;
  }
  return c.defaultPriority;
}

export interface Waiting<T> {
  readonly item: T;
  readonly priority: number;
  /** Arrival order in the queue: FIFO within a priority. */
  readonly seq: number;
}

/** What `offer` decided: the newcomer waits (maybe pushing out `shed`), or is itself refused. */
export type OfferResult<T> = { readonly queued: true; readonly shed?: T } | { readonly queued: false };

/**
 * The gateway's waiting line when every deployment is at its concurrency limit: highest
 * priority first, FIFO within a priority. When full, a newcomer of higher priority than the
 * lowest waiting one pushes out the newest of the lowest class; otherwise the newcomer is
 * refused. So a request is never shed while one of lower priority keeps its place.
 *
 * An array kept sorted by (priority desc, seq asc): the queue exists only under saturation
 * and is bounded by maxLength, so binary insertion is cheap enough and keeps the order plain.
 */
export class AdmissionQueue<T> {
  private readonly items: Waiting<T>[] = [];
  private nextSeq = 0;

  constructor(private readonly maxLength: number) {}

  get size(): number {
    return this.items.length;
  }

  /** The next to serve (highest priority, oldest), without removing it. */
  peek(): Waiting<T> | undefined {
    return this.items[0];
  }

  shift(): Waiting<T> | undefined {
    return this.items.shift();
  }

  offer(item: T, priority: number): OfferResult<T> {
    let shed: T | undefined;
    if (this.items.length >= this.maxLength) {
      const lowest = this.items[this.items.length - 1];
      if (lowest.priority >= priority) return { queued: false };
      this.items.pop();
      shed = lowest.item;
    }
    const w: Waiting<T> = { item, priority, seq: this.nextSeq++ };
    // Insert after every entry of equal or higher priority.
    let lo = 0, hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid].priority >= priority) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, w);
    return shed === undefined ? { queued: true } : { queued: true, shed };
  }

  /** Takes `item` out (it ended while waiting); false if it was not waiting. */
  remove(item: T): boolean {
    const i = this.items.findIndex((w) => w.item === item);
    if (i < 0) return false;
    this.items.splice(i, 1);
    return true;
  }

  /** Priorities waiting now, best first (tests and --explain). */
  priorities(): number[] {
    return this.items.map((w) => w.priority);
  }
}
