import { CounterRng, CounterRngPort } from '../core/counter-rng.js';
import type { Cancel, Rng, Scheduler } from '../core/ports.js';
import type { RouterConfig } from '../config/router-schema.js';
import { noopSink, type EventSink } from './events.js';
import type { AttemptReason, ExplainSink } from './explain.js';
import { AttemptChooser } from './attempt-chooser.js';
import { CandidatePartition, type RouterSlot } from './candidate-partition.js';
import { appendLive, FlightList, newFlight, noop, noteTried, removeLive, resultOf, takeAllLive, triedOf, type Flight, type LiveAttempt } from './flight.js';
import { HealthBoard } from './health/health-board.js';
import { BudgetPolicies } from './policies/budget-policies.js';
import { RouterTimers } from './router-timers.js';
import { retryDelayMs } from './resilience/backoff.js';
import { buildFallbackPlan, type FallbackPlan } from './resilience/fallback-plan.js';
import { HedgeBudget, hedgeDelayMs } from './resilience/hedge-budget.js';
import { HedgeDelayEstimator } from './resilience/hedge-delay-estimator.js';
import { RetryBudget } from './resilience/retry-budget.js';
import { DeploymentStatsTracker } from './stats/deployment-stats-tracker.js';
import {
  errorClassOf,
  type AttemptOutcome,
  type Deployment,
  type FailureReason,
  type HealthLevel,
  type RouteDone,
  type RouteRequest,
  type Strategy,
  type StreamProgress,
  type Transport,
  type TruthPort,
} from './types.js';
import { TransportGuard, withRetryAfterCap } from './transport-contract.js';
import { AdmissionControl, type StartResult } from './policies/admission-control.js';
import { StatusRules } from './policies/status-rules.js';

export interface RouterOptions {
  readonly scheduler: Scheduler;
  readonly rng: Rng;
  readonly deployments: readonly Deployment[];
  readonly config: RouterConfig;
  readonly strategy: Strategy;
  readonly transport: Transport;
  readonly sink?: EventSink;
  /** Ground truth for the `oracle` strategy only (the simulator provides it). */
  readonly truth?: TruthPort;
  readonly explain?: ExplainSink;
}

type Slot = RouterSlot;

const CANCELLED: AttemptOutcome = { kind: 'cancelled', latencyMs: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };

function timedOut(f: Flight, latencyMs: number): AttemptOutcome {
  return { kind: 'timeout', latencyMs, inputTokens: f.req.inputTokens, outputTokens: 0, costUsd: 0 };
}

/**
 * The router: partitions deployments by health, lets the strategy pick among the allowed
 * candidates, and runs attempts with timeouts, retries (budgeted, backed off), fallback
 * chains and hedging. Synchronous and callback driven: it only talks to the Scheduler, the
 * Transport and its Rng, so it runs unchanged on simulated or wall-clock time.
 *
 * Streams (`req.stream`): the request commits to the first attempt whose first token arrives.
 * Its siblings are cancelled then, hedge and retry timers stop, and a later failure ends the
 * request as 'stream-interrupted' (the client already has part of an answer). Before the
 * commit, `timeouts.firstTokenMs` fails an attempt over; after it, `timeouts.idleMs` bounds
 * the gap between tokens.
 *
 * Per request the hot path allocates little: health verdicts are cached (CandidatePartition),
 * deadlines and attempt timeouts are (slot, seq) timers without closures (RouterTimers), and
 * flights and attempts live in intrusive lists (flight.ts).
 */
export class Router {
  readonly health: HealthBoard;
  private readonly slots: Slot[];
  private readonly slotById = new Map<string, Slot>();
  private readonly retryBudget: RetryBudget;
  private readonly hedgeBudget?: HedgeBudget;
  private readonly fallbacks: FallbackPlan;
  /**
   * The retry backoff's draws are keyed by (request, attempt), as the strategy's are
   * (AttemptChooser): one reply arriving a little later live does not shift every later draw.
   */
  private readonly retryCounter: CounterRng;
  private readonly retryRng: Rng;
  private readonly sink: EventSink;
  private readonly flights = new FlightList();
  private readonly partition: CandidatePartition;
  private readonly chooser: AttemptChooser;
  private readonly timers: RouterTimers;
  private readonly guard = new TransportGuard();
  private readonly ttftBasis: boolean;
  /** Budgets, tenant limits and selection constraints; undefined when none is configured. */
  readonly policies?: BudgetPolicies;
  private readonly admission: AdmissionControl;
  private readonly rules?: StatusRules;

  constructor(private readonly o: RouterOptions) {
    const { scheduler, config } = o;
    this.sink = o.sink ?? noopSink;
    const h = config.hedging;
    const learnsDelay = h !== false && h.delayMs === undefined && h.percentile !== undefined;
    this.ttftBasis = h !== false && h.basis === 'ttft';
    this.slots = o.deployments.map((d) => ({
      deployment: d,
      stats: new DeploymentStatsTracker(config.historySize, config.ewmaHalfLifeMs, () => scheduler.now()),
      health: 'healthy' as HealthLevel,
      hedgeDelay: learnsDelay ? new HedgeDelayEstimator(h.windowSize) : undefined,
    }));
    for (const s of this.slots) this.slotById.set(s.deployment.id, s);
    const strategyStream = o.rng.fork('strategy');
    const retryStream = o.rng.fork('retry');
    this.retryCounter = new CounterRng(retryStream);
    this.retryRng = new CounterRngPort(this.retryCounter, retryStream);
    this.health = new HealthBoard(scheduler, o.rng.fork('health'), o.deployments, config, (id, done) => o.transport.probe(this.slotById.get(id)!.deployment, done), this.sink);
    this.retryBudget = new RetryBudget(config.retries);
    if (h !== false) this.hedgeBudget = new HedgeBudget(h.maxHedgeRatio, h.budgetWindowMs);
    this.fallbacks = buildFallbackPlan(config.fallbacks, o.deployments);
    this.partition = new CandidatePartition(this.slots, this.health, config.panicThresholdPercent, this.sink);
    this.timers = new RouterTimers(scheduler);
    this.policies = BudgetPolicies.create(config, o.deployments, scheduler, this.sink);
    this.admission = new AdmissionControl(o.deployments, config, this.timers, () => scheduler.now(), this.sink, {
      resume: (f) => this.resume(f),
      fail: (f, reason) => this.finish(f, reason === 'no-provider' ? this.noProviderReason() : reason),
    });
    if (config.statusRules !== false) this.rules = new StatusRules(config.statusRules);
    this.chooser = new AttemptChooser({
      strategy: o.strategy, partition: this.partition, health: this.health, policies: this.policies, gate: this.admission.gate,
      explain: o.explain, strategyStream, truth: o.truth,
    });
  }

  start(): void {
    this.health.start();
  }

  /** Stops background timers (health checks, sweeps); in-flight requests keep going. */
  stop(): void {
    this.health.stop();
    this.policies?.stop();
  }

  /** The hedge delay a first attempt sent to this deployment now would get (undefined: no hedge). */
  hedgeDelayOf(deploymentId: string): number | undefined {
    const slot = this.slotById.get(deploymentId);
    return slot === undefined ? undefined : hedgeDelayMs(this.o.config.hedging, slot.hedgeDelay);
  }

  get inFlightRequests(): number {
    return this.flights.size;
  }

  /**
   * Routes one request; `done` gets its result once, with the request itself (so one shared
   * callback can serve every request). The returned Cancel is the client going away: the
   * request ends as 'client-cancelled', its attempts are cancelled (billed as their providers
   * bill a cancel) and its timers stop; after the request ended it does nothing.
   */
  route(req: RouteRequest, done: RouteDone): Cancel {
    const f = newFlight(req, done);
    const nowMs = this.o.scheduler.now();
    this.flights.add(f);
    this.retryBudget.requestStarted();
    const refusal = this.policies?.admit(req, nowMs);
    if (refusal !== undefined) {
      this.finish(f, refusal);
      return noop;
    }
    this.hedgeBudget?.requestStarted(nowMs);
    const untilDeadline = req.arrivalMs + this.o.config.timeouts.deadlineMs - nowMs;
    f.deadlineSeq = this.timers.start(Math.max(0, untilDeadline), this.deadlineReached, f);
    f.deadlineSlot = this.timers.lastSlot;
    this.admission.admitted(f);
    if (this.admission.anyWaiting) this.admission.lineUp(f);
    else this.started(f, this.startAttempt(f, 'first'));
    return () => this.finish(f, 'client-cancelled');
  }

  private readonly deadlineReached = (f: Flight): void => this.finish(f, 'deadline');

  /** After a first attempt or a retry tried to start: nothing eligible ends the request; all full waits or sheds. */
  private started(f: Flight, r: StartResult): void {
    if (r === 'none') this.finish(f, this.noProviderReason());
    else if (r === 'saturated') this.admission.saturated(f);
  }

  /** Why a request found nowhere to go: what the budget policies left out, else no provider. */
  private noProviderReason(): FailureReason {
    return this.policies?.emptyReason ?? 'no-provider';
  }

  /** A queued flight's turn: its first attempt, or the retry it waited to make. */
  private resume(f: Flight): StartResult {
    if (f.attempts === 0) return this.startAttempt(f, 'first');
    f.retryPending = false;
    const r = this.startAttempt(f, f.retryIsFailover ? 'failover' : 'retry', f.retryPreferredId, f.retryIsFailover);
    if (r === 'saturated') f.retryPending = true;
    else if (r === 'none') this.retryBudget.retryFinished();
    return r;
  }

  /** Requests waiting in the gateway queue (router.priorityQueue). */
  get queuedRequests(): number {
    return this.admission.waiting;
  }

  /** The in-flight cap of a deployment under router.concurrencyLimit (undefined: no limit). */
  concurrencyLimitOf(deploymentId: string): number | undefined {
    return this.admission.gate?.capOf(deploymentId);
  }

  /** Ends every request still in flight (used when a run stops at its horizon). */
  abandonInFlight(): void {
    for (const f of this.flights.toArray()) this.finish(f, 'in-flight-at-horizon');
  }

  // ---- choosing ---------------------------------------------------------------------------

  private startAttempt(f: Flight, reason: AttemptReason, preferredId?: string, viaFallback = false): StartResult {
    const choice = this.chooser.choose(f, reason, this.o.scheduler.now(), preferredId, viaFallback);
    if (choice === 'none' || choice === 'saturated') return choice;
    this.send(f, choice, reason);
    return 'sent';
  }

  // ---- attempts ---------------------------------------------------------------------------

  private send(f: Flight, slot: Slot, reason: AttemptReason): void {
    const { scheduler, transport, config } = this.o;
    const id = slot.deployment.id;
    if (reason !== 'first' && reason !== 'hedge' && f.lastId !== undefined && f.lastId !== id) f.failovers++;
    noteTried(f, id);
    const nowMs = scheduler.now();
    const a: LiveAttempt = {
      flight: f, no: f.attempts++, slot, isRetry: reason === 'retry' || reason === 'failover', sentAtMs: nowMs,
      cancelSend: noop, timeoutSlot: -1, timeoutSeq: -1, firstTokenSlot: -1, firstTokenSeq: -1, progress: undefined,
      done: false, prev: undefined, next: undefined,
    };
    appendLive(f, a);
    slot.stats.onSent(f.req.inputTokens + f.req.expectedOutputTokens, nowMs);
    this.admission.onSent(id);
    a.timeoutSeq = this.timers.start(config.timeouts.attemptMs, this.attemptTimedOut, a);
    a.timeoutSlot = this.timers.lastSlot;
    const streamed = f.req.stream === true;
    if (streamed && config.timeouts.firstTokenMs !== undefined) {
      a.firstTokenSeq = this.timers.start(config.timeouts.firstTokenMs, this.firstTokenTimedOut, a);
      a.firstTokenSlot = this.timers.lastSlot;
    }
    a.cancelSend = this.guard.send(transport, slot.deployment, f.req, a.no, this.attemptDone, a, streamed ? this.firstTokenArrived : undefined);
    if (reason === 'first' && this.hedgeBudget !== undefined) {
      const delayMs = hedgeDelayMs(config.hedging, slot.hedgeDelay);
      if (delayMs !== undefined) {
        f.hedgeSeq = this.timers.start(delayMs, this.hedgeDue, f);
        f.hedgeSlot = this.timers.lastSlot;
      }
    }
  }

  private readonly attemptDone = (o: AttemptOutcome, a: LiveAttempt): void => {
    this.guard.assertOutside('onDone');
    this.onOutcome(a.flight, a, withRetryAfterCap(o, this.o.config.maxRetryAfterMs));
    this.admission.settle();
  };

  private readonly attemptTimedOut = (a: LiveAttempt): void => {
    this.guard.cancel(a.cancelSend);
    this.onOutcome(a.flight, a, timedOut(a.flight, this.o.config.timeouts.attemptMs));
    this.admission.settle();
  };

  /** No first token within timeouts.firstTokenMs: give up on this attempt before any byte reached the client. */
  private readonly firstTokenTimedOut = (a: LiveAttempt): void => {
    a.firstTokenSeq = -1;
    this.guard.cancel(a.cancelSend);
    this.onOutcome(a.flight, a, timedOut(a.flight, this.o.config.timeouts.firstTokenMs!));
    this.admission.settle();
  };

  /** The commit point: the first attempt with a first token wins the request; nothing else may start. */
  private readonly firstTokenArrived = (a: LiveAttempt, progress: StreamProgress): void => {
    this.guard.assertOutside('onFirstToken');
    const f = a.flight;
    if (a.done || f.finished || f.committed !== undefined) return;
    const nowMs = this.o.scheduler.now();
    a.progress = progress;
    this.timers.cancel(a.firstTokenSlot, a.firstTokenSeq);
    if (a.no === 0 && this.ttftBasis) a.slot.hedgeDelay?.observe(nowMs - a.sentAtMs);
    f.committed = a;
    f.firstTokenAtMs = nowMs;
    this.timers.cancel(f.hedgeSlot, f.hedgeSeq);
    this.timers.cancel(f.retrySlot, f.retrySeq);
    for (let b = takeAllLive(f), next: LiveAttempt | undefined; b !== undefined; b = next) {
      next = b.next;
      b.prev = b.next = undefined;
      if (b !== a) this.dropAttempt(b, nowMs);
    }
    appendLive(f, a);
    const idleMs = this.o.config.timeouts.idleMs;
    if (idleMs !== undefined) this.armIdle(f, idleMs);
    this.admission.settle();
  };

  private armIdle(f: Flight, delayMs: number): void {
    f.idleSeq = this.timers.start(delayMs, this.idleCheck, f);
    f.idleSlot = this.timers.lastSlot;
  }

  /** Fires idleMs after the last token seen: a stream quiet that long has stalled; otherwise re-arm from its last token. */
  private readonly idleCheck = (f: Flight): void => {
    f.idleSeq = -1;
    const a = f.committed!;
    const idleMs = this.o.config.timeouts.idleMs!;
    const nowMs = this.o.scheduler.now();
    const leftMs = a.progress!.lastTokenAtMs() + idleMs - nowMs;
    // Whole microseconds left or more: re-arm. (Below that, float rounding of the last-token
    // time could re-arm a zero delay forever at one instant.)
    if (leftMs >= 1e-3) return this.armIdle(f, leftMs);
    this.guard.cancel(a.cancelSend);
    this.onOutcome(f, a, timedOut(f, nowMs - a.sentAtMs));
    this.admission.settle();
  };

  private readonly hedgeDue = (f: Flight): void => {
    f.hedgeSeq = -1;
    if (f.finished || f.liveCount === 0 || f.committed !== undefined || this.admission.anyWaiting || !this.hedgeBudget!.tryHedge(this.o.scheduler.now())) return;
    f.hedges++;
    if (this.startAttempt(f, 'hedge') === 'saturated') f.hedges--; // every deployment at its concurrency limit: no hedge was sent
  };

  private onOutcome(f: Flight, a: LiveAttempt, o: AttemptOutcome): void {
    if (a.done) return;
    a.done = true;
    this.timers.cancel(a.timeoutSlot, a.timeoutSeq);
    this.timers.cancel(a.firstTokenSlot, a.firstTokenSeq);
    removeLive(f, a);
    const nowMs = this.o.scheduler.now();
    const id = a.slot.deployment.id;
    if (a.no === 0) a.slot.hedgeDelay?.firstAttemptEnded(o, nowMs - a.sentAtMs, this.ttftBasis, a.progress !== undefined);
    a.slot.stats.onFinished(o, nowMs);
    this.admission.released(id, o, nowMs);
    this.health.observe(id, o, nowMs);
    this.o.strategy.observe?.(id, o, nowMs);
    if (a.isRetry) this.retryBudget.retryFinished();
    f.costUsd += o.costUsd;
    this.policies?.attemptEnded(a.slot.deployment, f.req, o, nowMs);
    if (this.o.explain?.wants(f.req.id)) {
      this.o.explain.attempt({ requestId: f.req.id, attemptNo: a.no, atMs: nowMs, deploymentId: id, kind: o.kind, latencyMs: o.latencyMs, costUsd: o.costUsd });
    }
    if (f.finished) return;
    if (o.kind === 'success') {
      this.finish(f, undefined, a, o);
      return;
    }
    f.lastErrorKind = o.kind;
    if (f.committed === a) return this.finish(f, 'stream-interrupted');
    if (f.liveCount > 0 || f.retryPending) return; // a hedge is still running
    // Nothing is running: a pending hedge timer would hedge the retry, not this attempt.
    this.timers.cancel(f.hedgeSlot, f.hedgeSeq);
    f.hedgeSeq = -1;
    this.retryAfterFailure(f, id, o);
  }

  private retryAfterFailure(f: Flight, id: string, o: AttemptOutcome): void {
    const { config, scheduler } = this.o;
    const errorClass = errorClassOf(o.kind);
    const rules = this.rules;
    const fallbackId = errorClass === undefined || (rules !== undefined && !rules.fallsBack(o)) ? undefined : this.fallbacks.next(id, errorClass, triedOf(f));
    if (o.kind === 'client-error' || (o.kind === 'context-exceeded' && fallbackId === undefined)) return this.finish(f, 'non-retryable');
    if (rules !== undefined && fallbackId === undefined && !rules.retries(o)) return this.finish(f, 'non-retryable');
    const kindMax = rules?.maxRetriesAfter(o.kind);
    if (kindMax !== undefined ? (f.kindRetries?.[o.kind] ?? 0) >= kindMax : f.retries >= config.retries.maxRetries) return this.finish(f, 'retries-exhausted');
    if (!this.retryBudget.tryAcquireRetry()) return this.finish(f, 'retries-exhausted');
    const honourHint = config.retries.sameDeployment ? o.retryAfterMs : undefined;
    this.retryCounter.reset(f.req.id, f.retries + 1);
    const delayMs = retryDelayMs(f.retries + 1, this.retryRng, config.retries, honourHint);
    if (scheduler.now() + delayMs >= f.req.arrivalMs + config.timeouts.deadlineMs) {
      this.retryBudget.retryFinished();
      return this.finish(f, 'deadline');
    }
    f.retries++;
    if (kindMax !== undefined) (f.kindRetries ??= {})[o.kind] = (f.kindRetries[o.kind] ?? 0) + 1;
    f.retryPending = true;
    f.retryPreferredId = fallbackId ?? (config.retries.sameDeployment ? id : undefined);
    f.retryIsFailover = fallbackId !== undefined;
    f.retrySeq = this.timers.start(delayMs, this.retryDue, f);
    f.retrySlot = this.timers.lastSlot;
  }

  private readonly retryDue = (f: Flight): void => {
    // Requests wait in the gateway queue: a retry lines up by its priority rather than take the next free slot.
    if (this.admission.anyWaiting) return this.admission.lineUp(f);
    const r = this.resume(f);
    if (r === 'none') this.finish(f, this.noProviderReason());
    else if (r === 'saturated') this.admission.saturated(f);
  };

  private finish(f: Flight, failure: FailureReason | undefined, winner?: LiveAttempt, o?: AttemptOutcome): void {
    if (f.finished) return;
    f.finished = true;
    this.flights.delete(f);
    const nowMs = this.o.scheduler.now();
    this.timers.cancel(f.deadlineSlot, f.deadlineSeq);
    this.timers.cancel(f.hedgeSlot, f.hedgeSeq);
    this.timers.cancel(f.retrySlot, f.retrySeq);
    this.timers.cancel(f.idleSlot, f.idleSeq);
    this.admission.forget(f);
    for (let a = takeAllLive(f), next: LiveAttempt | undefined; a !== undefined; a = next) {
      next = a.next;
      this.dropAttempt(a, nowMs);
    }
    if (f.retryPending) this.retryBudget.retryFinished();
    this.retryBudget.requestFinished();
    const result = resultOf(f, failure, winner?.slot.deployment.id, o, nowMs);
    this.policies?.requestEnded(f.req, result.outputTokens, nowMs);
    this.o.explain?.wants(f.req.id) && this.o.explain.finished(result);
    f.done(result, f.req);
    this.admission.settle();
  }

  /** Ends a live attempt the router gives up on (loser, deadline, cancel): cancelled at the transport, nothing learnt but censoring. */
  private dropAttempt(a: LiveAttempt, nowMs: number): void {
    a.done = true;
    this.timers.cancel(a.timeoutSlot, a.timeoutSeq);
    this.timers.cancel(a.firstTokenSlot, a.firstTokenSeq);
    this.guard.cancel(a.cancelSend);
    if (a.no === 0 && (a.progress === undefined || !this.ttftBasis)) a.slot.hedgeDelay?.censor(nowMs - a.sentAtMs);
    a.slot.stats.onFinished(CANCELLED, nowMs);
    this.admission.released(a.slot.deployment.id, undefined, nowMs);
    this.health.observe(a.slot.deployment.id, CANCELLED, nowMs);
    if (a.isRetry) this.retryBudget.retryFinished();
  }
}
