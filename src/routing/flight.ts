import type { Cancel } from '../core/ports.js';
import type { RouterSlot } from './candidate-partition.js';
import type { AttemptOutcome, AttemptOutcomeKind, FailureReason, RouteDone, RouteRequest, RouteResult, StreamProgress } from './types.js';

/**
 * One request in flight and its attempts. Attempts and flights sit in intrusive lists: most
 * requests have one attempt and no extra timers, and the hot path allocates no arrays or
 * sets for them (the tried set is made only when a second attempt needs it).
 */
export interface LiveAttempt {
  readonly flight: Flight;
  readonly no: number;
  readonly slot: RouterSlot;
  readonly isRetry: boolean;
  readonly sentAtMs: number;
  cancelSend: Cancel;
  /** The attempt timeout's RouterTimers handle. */
  timeoutSlot: number;
  timeoutSeq: number;
  /** The first-token timeout's RouterTimers handle (streams with timeouts.firstTokenMs; -1: none). */
  firstTokenSlot: number;
  firstTokenSeq: number;
  /** Set at the attempt's first token (streams): how far the client has received it. */
  progress: StreamProgress | undefined;
  done: boolean;
  prev: LiveAttempt | undefined;
  next: LiveAttempt | undefined;
}

export interface Flight {
  readonly req: RouteRequest;
  readonly done: RouteDone;
  /** Deployments tried; undefined while at most one attempt was sent (its id is lastId). */
  tried: Set<string> | undefined;
  liveHead: LiveAttempt | undefined;
  liveTail: LiveAttempt | undefined;
  liveCount: number;
  attempts: number;
  retries: number;
  failovers: number;
  hedges: number;
  costUsd: number;
  panic: boolean;
  finished: boolean;
  lastId: string | undefined;
  lastErrorKind: AttemptOutcomeKind | undefined;
  /** The deadline's RouterTimers handle. */
  deadlineSlot: number;
  deadlineSeq: number;
  /** The hedge timer's RouterTimers handle (-1: none). */
  hedgeSlot: number;
  hedgeSeq: number;
  /** The pending retry's RouterTimers handle, and where it goes: a fallback target, the same deployment, or the strategy's pick. */
  retrySlot: number;
  retrySeq: number;
  retryPreferredId: string | undefined;
  retryIsFailover: boolean;
  retryPending: boolean;
  /** Streams: the attempt the request committed to at its first token (no retry, hedge or failover after). */
  committed: LiveAttempt | undefined;
  firstTokenAtMs: number;
  /** The idle timeout's RouterTimers handle (after commit, with timeouts.idleMs). */
  idleSlot: number;
  idleSeq: number;
  /** Position in the router's FlightList. */
  listIndex: number;
  /** Retries made after failures of each kind (statusRules.maxRetriesByKind only). */
  kindRetries: Partial<Record<AttemptOutcomeKind, number>> | undefined;
  /** Priority class (router.priorityQueue only). */
  priority: number | undefined;
  /** Gateway queue: ms waited so far, and since when it waits now (NaN: not waiting). */
  queuedMs: number;
  queuedSinceMs: number;
  /** The queue-timeout's RouterTimers handle. */
  queueSlot: number;
  queueSeq: number;
}

export function newFlight(req: RouteRequest, done: RouteDone): Flight {
  return {
    req, done, tried: undefined, liveHead: undefined, liveTail: undefined, liveCount: 0,
    attempts: 0, retries: 0, failovers: 0, hedges: 0, costUsd: 0, panic: false, finished: false,
    lastId: undefined, lastErrorKind: undefined, deadlineSlot: -1, deadlineSeq: -1, hedgeSlot: -1, hedgeSeq: -1,
    retrySlot: -1, retrySeq: -1, retryPreferredId: undefined, retryIsFailover: false, retryPending: false,
    committed: undefined, firstTokenAtMs: NaN, idleSlot: -1, idleSeq: -1, listIndex: -1,
    kindRetries: undefined, priority: undefined, queuedMs: 0, queuedSinceMs: NaN, queueSlot: -1, queueSeq: -1,
  };
}

/**
 * The result of a flight ending now: `winnerId` and `o` are the winning attempt's deployment and
 * outcome (successes). A committed stream's TTFT is its first token's arrival; otherwise the
 * winner's TTFT shifted by the queueing and backoff before its attempt.
 */
export function resultOf(f: Flight, failure: FailureReason | undefined, winnerId: string | undefined, o: AttemptOutcome | undefined, nowMs: number): RouteResult {
  const r = baseResultOf(f, failure, winnerId, o, nowMs);
  if (f.priority === undefined && f.queuedMs === 0) return r;
  return { ...r, priority: f.priority, ...(f.queuedMs > 0 ? { gatewayQueueMs: f.queuedMs } : {}) };
}

function baseResultOf(f: Flight, failure: FailureReason | undefined, winnerId: string | undefined, o: AttemptOutcome | undefined, nowMs: number): RouteResult {
  return {
    requestId: f.req.id,
    ok: failure === undefined,
    failureReason: failure,
    lastErrorKind: failure === undefined ? undefined : f.lastErrorKind,
    deploymentId: winnerId ?? f.lastId,
    attempts: f.attempts,
    retries: f.retries,
    failovers: f.failovers,
    hedges: f.hedges,
    costUsd: f.costUsd,
    latencyMs: nowMs - f.req.arrivalMs,
    ttftMs: f.committed !== undefined ? f.firstTokenAtMs - f.req.arrivalMs : o?.ttftMs !== undefined ? nowMs - f.req.arrivalMs - o.latencyMs + o.ttftMs : undefined,
    queueMs: o?.queueMs,
    inputTokens: f.req.inputTokens,
    outputTokens: o?.outputTokens ?? 0,
    panic: f.panic,
  };
}

export const NOTHING_TRIED: ReadonlySet<string> = new Set();

/** The deployments this flight tried so far (materialized on the first need after one attempt). */
export function triedOf(f: Flight): ReadonlySet<string> {
  if (f.tried !== undefined) return f.tried;
  if (f.attempts === 0) return NOTHING_TRIED;
  f.tried = new Set([f.lastId!]);
  return f.tried;
}

/** Records a send to `id` (call after `triedOf` made the set, if more than one attempt). */
export function noteTried(f: Flight, id: string): void {
  f.tried?.add(id);
  f.lastId = id;
}

export function appendLive(f: Flight, a: LiveAttempt): void {
  a.prev = f.liveTail;
  if (f.liveTail !== undefined) f.liveTail.next = a;
  else f.liveHead = a;
  f.liveTail = a;
  f.liveCount++;
}

export function removeLive(f: Flight, a: LiveAttempt): void {
  if (a.prev !== undefined) a.prev.next = a.next;
  else f.liveHead = a.next;
  if (a.next !== undefined) a.next.prev = a.prev;
  else f.liveTail = a.prev;
  a.prev = a.next = undefined;
  f.liveCount--;
}

/** Detaches every live attempt, oldest first. */
export function takeAllLive(f: Flight): LiveAttempt | undefined {
  const head = f.liveHead;
  f.liveHead = f.liveTail = undefined;
  f.liveCount = 0;
  return head;
}

/**
 * Flights in arrival order with O(1) removal: an array with holes, compacted (order kept)
 * when three quarters of it are holes. Removal touches only the array, never neighbouring flights.
 */
export class FlightList {
  private items: (Flight | undefined)[] = [];
  size = 0;

  add(f: Flight): void {
    f.listIndex = this.items.length;
    this.items.push(f);
    this.size++;
  }

  delete(f: Flight): void {
    this.items[f.listIndex] = undefined;
    f.listIndex = -1;
    this.size--;
    if (this.items.length >= 1024 && this.size * 4 < this.items.length) this.compact();
  }

  toArray(): Flight[] {
    const out: Flight[] = [];
    for (const f of this.items) if (f !== undefined) out.push(f);
    return out;
  }

  private compact(): void {
    const items = this.toArray();
    for (let i = 0; i < items.length; i++) items[i].listIndex = i;
    this.items = items;
  }
}

export function noop(): void {}
