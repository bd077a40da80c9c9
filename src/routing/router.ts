import type { Cancel, Rng, Scheduler } from '../core/ports.js';
import type { RouterConfig } from '../config/router-schema.js';
import { noopSink, type EventSink } from './events.js';
import type { AttemptReason, ExplainSink } from './explain.js';
import { HealthBoard } from './health/health-board.js';
import { retryDelayMs } from './resilience/backoff.js';
import { buildFallbackPlan, type FallbackPlan } from './resilience/fallback-plan.js';
import { HedgeBudget } from './resilience/hedge-budget.js';
import { RetryBudget } from './resilience/retry-budget.js';
import { DeploymentStatsTracker } from './stats/deployment-stats-tracker.js';
import {
  errorClassOf,
  type AttemptOutcome,
  type AttemptOutcomeKind,
  type Candidate,
  type Deployment,
  type FailureReason,
  type HealthLevel,
  type RouteRequest,
  type RouteResult,
  type Strategy,
  type Transport,
  type TruthPort,
} from './types.js';

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

interface Slot {
  readonly deployment: Deployment;
  readonly stats: DeploymentStatsTracker;
  health: HealthLevel;
}

interface LiveAttempt {
  readonly no: number;
  readonly slot: Slot;
  readonly isRetry: boolean;
  cancelSend: Cancel;
  cancelTimeout: Cancel;
  done: boolean;
}

interface Flight {
  readonly req: RouteRequest;
  readonly done: (r: RouteResult) => void;
  readonly tried: Set<string>;
  readonly live: LiveAttempt[];
  attempts: number;
  retries: number;
  failovers: number;
  hedges: number;
  costUsd: number;
  panic: boolean;
  finished: boolean;
  lastId?: string;
  lastErrorKind?: AttemptOutcomeKind;
  timers: Cancel[];
  retryPending: boolean;
}

const CANCELLED: AttemptOutcome = { kind: 'cancelled', latencyMs: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };

/**
 * The router: partitions deployments by health, lets the strategy pick among the allowed
 * candidates, and runs attempts with timeouts, retries (budgeted, backed off), fallback
 * chains and hedging. Synchronous and callback driven: it only talks to the Scheduler, the
 * Transport and its Rng, so it runs unchanged on simulated or wall-clock time.
 */
export class Router {
  readonly health: HealthBoard;
  private readonly slots: Slot[];
  private readonly slotById = new Map<string, Slot>();
  private readonly retryBudget: RetryBudget;
  private readonly hedgeBudget?: HedgeBudget;
  private readonly fallbacks: FallbackPlan;
  private readonly strategyRng: Rng;
  private readonly retryRng: Rng;
  private readonly sink: EventSink;
  private readonly flights = new Set<Flight>();
  private panic = false;

  constructor(private readonly o: RouterOptions) {
    const { scheduler, config } = o;
    this.sink = o.sink ?? noopSink;
    this.slots = o.deployments.map((d) => ({
      deployment: d,
      stats: new DeploymentStatsTracker(config.historySize, config.ewmaHalfLifeMs, () => scheduler.now()),
      health: 'healthy' as HealthLevel,
    }));
    for (const s of this.slots) this.slotById.set(s.deployment.id, s);
    this.strategyRng = o.rng.fork('strategy');
    this.retryRng = o.rng.fork('retry');
    this.health = new HealthBoard(scheduler, o.rng.fork('health'), o.deployments, config, (id, done) => o.transport.probe(this.slotById.get(id)!.deployment, done), this.sink);
    this.retryBudget = new RetryBudget(config.retries);
    if (config.hedging !== false) this.hedgeBudget = new HedgeBudget(config.hedging.maxHedgeRatio);
    this.fallbacks = buildFallbackPlan(config.fallbacks, o.deployments);
  }

  start(): void {
    this.health.start();
  }

  /** Stops background timers (health checks, sweeps); in-flight requests keep going. */
  stop(): void {
    this.health.stop();
  }

  get inFlightRequests(): number {
    return this.flights.size;
  }

  /** Read-only view of a deployment's live statistics. */
  statsOf(id: string): DeploymentStatsTracker | undefined {
    return this.slotById.get(id)?.stats;
  }

  route(req: RouteRequest, done: (r: RouteResult) => void): void {
    const f: Flight = {
      req, done, tried: new Set(), live: [], attempts: 0, retries: 0, failovers: 0, hedges: 0, costUsd: 0,
      panic: false, finished: false, timers: [], retryPending: false,
    };
    this.flights.add(f);
    this.retryBudget.requestStarted();
    this.hedgeBudget?.requestStarted();
    const untilDeadline = req.arrivalMs + this.o.config.timeouts.deadlineMs - this.o.scheduler.now();
    f.timers.push(this.o.scheduler.schedule(Math.max(0, untilDeadline), () => this.finish(f, 'deadline')));
    if (!this.startAttempt(f, 'first')) this.finish(f, 'no-provider');
  }

  /** Ends every request still in flight (used when a run stops at its horizon). */
  abandonInFlight(): void {
    for (const f of [...this.flights]) this.finish(f, 'in-flight-at-horizon');
  }

  // ---- choosing ---------------------------------------------------------------------------

  /**
   * Which deployments this attempt may use. Context-window misfits are never eligible (when
   * something fits). Health sources exclude the rest; when fewer than panicThresholdPercent
   * of all deployments are healthy, the router panics (as Envoy does) and routes across every
   * eligible deployment, marking the unhealthy ones 'degraded'. Deployments this request
   * already tried go last: they are used only when nothing untried remains.
   */
  private partition(f: Flight, nowMs: number, explain: boolean, keepId?: string): { pool: Slot[]; removed: { id: string; by: string[] }[] } {
    const eligible: Slot[] = [];
    const healthy: Slot[] = [];
    const removed: { id: string; by: string[] }[] = [];
    const tokens = f.req.inputTokens + f.req.expectedOutputTokens;
    const checkFit = this.anyFits(tokens);
    let healthyTotal = 0;
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
    const total = this.slots.length;
    const panic = total > 0 && healthyTotal * 100 < this.o.config.panicThresholdPercent * total;
    if (panic !== this.panic) {
      this.panic = panic;
      this.sink({ type: 'panic.changed', atMs: nowMs, panic });
    }
    if (panic) f.panic = true;
    const pool = panic ? eligible : healthy;
    // keepId: a deliberate target (fallback chain, same-deployment retry) stays even if tried.
    const untried = pool.filter((s) => !f.tried.has(s.deployment.id) || s.deployment.id === keepId);
    return { pool: untried.length > 0 ? untried : pool, removed: panic ? removed.filter((r) => r.by[0] === 'context-window') : removed };
  }

  private anyFits(tokens: number): boolean {
    for (const s of this.slots) if (tokens <= s.deployment.contextWindowTokens) return true;
    return false;
  }

  private startAttempt(f: Flight, reason: AttemptReason, preferredId?: string, viaFallback = false): boolean {
    const { scheduler, strategy, explain } = this.o;
    const nowMs = scheduler.now();
    const wantExplain = explain !== undefined && explain.wants(f.req.id);
    const { pool, removed } = this.partition(f, nowMs, wantExplain, preferredId);
    for (const s of pool) s.stats.refreshMinute(nowMs);
    let slot: Slot | undefined;
    let via: 'strategy' | 'fallback' = 'strategy';
    let candidates: Slot[] = pool;
    const ctx = { nowMs, rng: this.strategyRng, attempt: f.attempts, tried: f.tried, truth: this.o.truth };
    while (candidates.length > 0) {
      const preferred = preferredId !== undefined ? candidates.find((s) => s.deployment.id === preferredId) : undefined;
      slot = preferred ?? (strategy.pick(f.req, candidates as Candidate[], ctx) as Slot | undefined);
      via = preferred && viaFallback ? 'fallback' : 'strategy';
      if (slot === undefined) break;
      if (this.health.breakers === undefined || this.health.breakers.tryAcquire(slot.deployment.id, nowMs)) break;
      candidates = candidates.filter((s) => s !== slot); // half-open and out of probe slots
      slot = undefined;
    }
    if (wantExplain) {
      explain!.decision({
        requestId: f.req.id, attemptNo: f.attempts, atMs: nowMs, reason, removed,
        candidates: pool.map((s) => s.deployment.id),
        scores: strategy.explain?.(f.req, pool as Candidate[], ctx),
        picked: slot?.deployment.id, via, panic: f.panic,
      });
    }
    if (slot === undefined) return false;
    this.send(f, slot, reason);
    return true;
  }

  // ---- attempts ---------------------------------------------------------------------------

  private send(f: Flight, slot: Slot, reason: AttemptReason): void {
    const { scheduler, transport, config } = this.o;
    const id = slot.deployment.id;
    if (reason !== 'first' && reason !== 'hedge' && f.lastId !== undefined && f.lastId !== id) f.failovers++;
    f.tried.add(id);
    f.lastId = id;
    const a: LiveAttempt = {
      no: f.attempts++, slot, isRetry: reason === 'retry' || reason === 'failover',
      cancelSend: noop, cancelTimeout: noop, done: false,
    };
    f.live.push(a);
    slot.stats.onSent(f.req.inputTokens + f.req.expectedOutputTokens, scheduler.now());
    a.cancelTimeout = scheduler.schedule(config.timeouts.attemptMs, () => {
      a.cancelSend();
      this.onOutcome(f, a, { kind: 'timeout', latencyMs: config.timeouts.attemptMs, inputTokens: f.req.inputTokens, outputTokens: 0, costUsd: 0 });
    });
    a.cancelSend = transport.send(slot.deployment, f.req, a.no, (o) => this.onOutcome(f, a, o));
    if (reason === 'first' && this.hedgeBudget !== undefined && config.hedging !== false) {
      const delayMs = this.hedgeBudget.hedgeDelayMs(config.hedging, (p) => {
        const v = slot.stats.latencyQuantileMs(p / 100);
        return Number.isNaN(v) ? undefined : v;
      });
      if (delayMs !== undefined) f.timers.push(scheduler.schedule(delayMs, () => this.hedge(f)));
    }
  }

  private hedge(f: Flight): void {
    if (f.finished || f.live.length === 0 || !this.hedgeBudget!.tryHedge()) return;
    f.hedges++;
    this.startAttempt(f, 'hedge');
  }

  private onOutcome(f: Flight, a: LiveAttempt, o: AttemptOutcome): void {
    if (a.done) return;
    a.done = true;
    a.cancelTimeout();
    f.live.splice(f.live.indexOf(a), 1);
    const nowMs = this.o.scheduler.now();
    const id = a.slot.deployment.id;
    a.slot.stats.onFinished(o, nowMs);
    this.health.observe(id, o, nowMs);
    this.o.strategy.observe?.(id, o, nowMs);
    if (a.isRetry) this.retryBudget.retryFinished();
    f.costUsd += o.costUsd;
    if (this.o.explain?.wants(f.req.id)) {
      this.o.explain.attempt({ requestId: f.req.id, attemptNo: a.no, atMs: nowMs, deploymentId: id, kind: o.kind, latencyMs: o.latencyMs, costUsd: o.costUsd });
    }
    if (f.finished) return;
    if (o.kind === 'success') {
      this.finish(f, undefined, a, o);
      return;
    }
    f.lastErrorKind = o.kind;
    if (f.live.length > 0 || f.retryPending) return; // a hedge is still running
    this.retryAfterFailure(f, id, o);
  }

  private retryAfterFailure(f: Flight, id: string, o: AttemptOutcome): void {
    const { config, scheduler } = this.o;
    const errorClass = errorClassOf(o.kind);
    const fallbackId = errorClass === undefined ? undefined : this.fallbacks.next(id, errorClass, f.tried);
    if (o.kind === 'context-exceeded' && fallbackId === undefined) return this.finish(f, 'non-retryable');
    if (f.retries >= config.retries.maxRetries) return this.finish(f, 'retries-exhausted');
    if (!this.retryBudget.tryAcquireRetry()) return this.finish(f, 'retries-exhausted');
    const honourHint = config.retries.sameDeployment ? o.retryAfterMs : undefined;
    const delayMs = retryDelayMs(f.retries + 1, this.retryRng, config.retries, honourHint);
    if (scheduler.now() + delayMs >= f.req.arrivalMs + config.timeouts.deadlineMs) {
      this.retryBudget.retryFinished();
      return this.finish(f, 'deadline');
    }
    f.retries++;
    f.retryPending = true;
    const preferred = fallbackId ?? (config.retries.sameDeployment ? id : undefined);
    f.timers.push(
      scheduler.schedule(delayMs, () => {
        f.retryPending = false;
        if (f.finished) return this.retryBudget.retryFinished();
        if (!this.startAttempt(f, fallbackId !== undefined ? 'failover' : 'retry', preferred, fallbackId !== undefined)) {
          this.retryBudget.retryFinished();
          this.finish(f, 'no-provider');
        }
      }),
    );
  }

  private finish(f: Flight, failure: FailureReason | undefined, winner?: LiveAttempt, o?: AttemptOutcome): void {
    if (f.finished) return;
    f.finished = true;
    this.flights.delete(f);
    const nowMs = this.o.scheduler.now();
    for (const t of f.timers) t();
    for (const a of f.live.splice(0)) {
      a.done = true;
      a.cancelTimeout();
      a.cancelSend();
      a.slot.stats.onFinished(CANCELLED, nowMs);
      this.health.observe(a.slot.deployment.id, CANCELLED, nowMs);
      if (a.isRetry) this.retryBudget.retryFinished();
    }
    if (f.retryPending) this.retryBudget.retryFinished();
    this.retryBudget.requestFinished();
    const result: RouteResult = {
      requestId: f.req.id,
      ok: failure === undefined,
      failureReason: failure,
      lastErrorKind: failure === undefined ? undefined : f.lastErrorKind,
      deploymentId: winner?.slot.deployment.id ?? f.lastId,
      attempts: f.attempts,
      retries: f.retries,
      failovers: f.failovers,
      hedges: f.hedges,
      costUsd: f.costUsd,
      latencyMs: nowMs - f.req.arrivalMs,
      ttftMs: o?.ttftMs !== undefined ? nowMs - f.req.arrivalMs - o.latencyMs + o.ttftMs : undefined,
      queueMs: o?.queueMs,
      inputTokens: f.req.inputTokens,
      outputTokens: o?.outputTokens ?? 0,
      panic: f.panic,
    };
    this.o.explain?.wants(f.req.id) && this.o.explain.finished(result);
    f.done(result);
  }
}

function noop(): void {}
