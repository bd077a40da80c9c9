import type { RouterConfig } from '../../config/router-schema.js';
import type { EventSink } from '../events.js';
import type { Flight } from '../flight.js';
import type { RouterTimers } from '../router-timers.js';
import type { AttemptOutcome, Deployment, FailureReason } from '../types.js';
import { AdmissionQueue, priorityOf } from './admission-queue.js';
import { ConcurrencyGate } from './concurrency-gate.js';

/** How an attempt start went: sent, nothing eligible at all, or everything eligible at its limit. */
export type StartResult = 'sent' | 'none' | 'saturated';

/** What AdmissionControl asks of the router. */
export interface AdmissionHooks {
  /** Starts the flight's next attempt (its first, or the retry it was waiting to make). */
  resume(f: Flight): StartResult;
  /** Ends the flight as failed. */
  fail(f: Flight, reason: FailureReason): void;
}

/**
 * The gateway's admission stage (router.concurrencyLimit + router.priorityQueue): per-deployment
 * in-flight limits and, when every eligible deployment is at its limit, a priority queue with
 * a maximum wait. Sheddable requests (priority below `sheddableBelow`) are refused at once
 * under saturation; a full queue pushes out its lowest class for a higher one. A freed slot
 * drains the queue highest priority first once the router has finished handling the event
 * that freed it (`settle`, synchronously: a zero-delay timer would run 1 ms late on the wall
 * clock, and the two clocks must decide alike), and while anybody waits, newcomers and
 * retries line up behind them instead of taking a freed slot first.
 *
 * Capacity that appears without a release (a deployment readmitted by its health sources)
 * is used at the next release or arrival's drain; waiting requests do not poll.
 */
export class AdmissionControl {
  readonly gate?: ConcurrencyGate;
  private readonly queue?: AdmissionQueue<Flight>;
  private drainWanted = false;
  private draining = false;

  constructor(
    deployments: readonly Deployment[],
    private readonly config: RouterConfig,
    private readonly timers: RouterTimers,
    private readonly nowMs: () => number,
    private readonly sink: EventSink,
    private readonly hooks: AdmissionHooks,
  ) {
    if (config.concurrencyLimit !== false) this.gate = new ConcurrencyGate(deployments, config.concurrencyLimit, sink);
    if (config.priorityQueue !== false) this.queue = new AdmissionQueue(config.priorityQueue.maxLength);
  }

  /** Notes the request's priority class (when there is a queue). */
  admitted(f: Flight): void {
    if (this.config.priorityQueue !== false) f.priority = priorityOf(f.req, this.config.priorityQueue);
  }

  /** Somebody is waiting: a newcomer must line up rather than start. */
  get anyWaiting(): boolean {
    return this.queue !== undefined && this.queue.size > 0;
  }

  /** Requests waiting now. */
  get waiting(): number {
    return this.queue?.size ?? 0;
  }

  /** Every deployment the flight could use is at its limit: queue it, or shed it. */
  saturated(f: Flight): void {
    const q = this.queue, c = this.config.priorityQueue;
    if (q === undefined || c === false) return this.hooks.fail(f, 'shed');
    if (f.priority! < c.sheddableBelow) return this.hooks.fail(f, 'shed');
    const offered = q.offer(f, f.priority!);
    if (!offered.queued) return this.hooks.fail(f, 'shed');
    f.queuedSinceMs = this.nowMs();
    this.sink({ type: 'request.queued', atMs: f.queuedSinceMs, requestId: f.req.id, priority: f.priority! });
    f.queueSeq = this.timers.start(c.maxWaitMs, this.waitedTooLong, f);
    f.queueSlot = this.timers.lastSlot;
    if (offered.shed !== undefined) this.hooks.fail(offered.shed, 'shed');
  }

  /** A newcomer while others wait: straight into the queue (the drain decides who goes next). */
  lineUp(f: Flight): void {
    this.saturated(f);
  }

  onSent(id: string): void {
    this.gate?.onSent(id);
  }

  /** An attempt at `id` ended (`o` undefined: dropped by the router): the limit learns, the queue may move. */
  released(id: string, o: AttemptOutcome | undefined, nowMs: number): void {
    if (this.gate === undefined) return;
    this.gate.onDone(id, o, nowMs);
    if (this.anyWaiting) this.drainWanted = true;
  }

  /** Called by the router when it has finished handling an event: a freed slot goes to the queue now. */
  settle(): void {
    if (!this.drainWanted || this.draining) return;
    this.drainWanted = false;
    this.draining = true;
    try {
      this.drain();
    } finally {
      this.draining = false;
    }
  }

  /** The flight ended (any reason): take it out of the queue if it waited there. */
  forget(f: Flight): void {
    if (Number.isNaN(f.queuedSinceMs)) return;
    this.leaveQueue(f);
    this.queue!.remove(f);
  }

  private leaveQueue(f: Flight): void {
    this.timers.cancel(f.queueSlot, f.queueSeq);
    f.queueSeq = -1;
    f.queuedMs += this.nowMs() - f.queuedSinceMs;
    f.queuedSinceMs = NaN;
  }

  private readonly waitedTooLong = (f: Flight): void => {
    f.queueSeq = -1;
    this.hooks.fail(f, 'queue-timeout');
  };

  /** Starts waiting requests, best first, until the head finds every deployment full. */
  private drain(): void {
    const q = this.queue!;
    for (let head = q.peek(); head !== undefined; head = q.peek()) {
      const f = head.item;
      // Tried in place: a head that still finds every deployment full keeps its place and its timer.
      const started = this.hooks.resume(f);
      if (started === 'saturated') return;
      if (started === 'none') {
        this.hooks.fail(f, 'no-provider');
        continue;
      }
      q.shift();
      this.leaveQueue(f);
    }
  }
}
