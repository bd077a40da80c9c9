/**
 * Drives the real Router directly (not through runScenario) and records everything it does:
 * every explain decision and attempt record, every Transport send / outcome / cancel, every
 * router event and every RouteResult. Properties then assert invariants over the recording.
 *
 * The transport underneath is either the simulated World of a generated scenario or a
 * "steady" fake that always succeeds after a fixed latency.
 */
import type { RouterConfig } from '../../src/config/router-schema.js';
import { createRng } from '../../src/core/rng.js';
import type { Cancel, Clock } from '../../src/core/ports.js';
import type { Scenario } from '../../src/config/scenario-schema.js';
import type { RouterEvent } from '../../src/routing/events.js';
import type { AttemptReason, AttemptRecord, ExplainSink, RoutingDecision } from '../../src/routing/explain.js';
import { Router } from '../../src/routing/router.js';
import { createStrategy } from '../../src/routing/strategies/registry.js';
import type { AttemptDone, AttemptOutcome, AttemptOutcomeKind, Deployment, RouteRequest, RouteResult, Strategy, Transport } from '../../src/routing/types.js';
import { strategyParamsFor } from '../../src/sim/run-scenario.js';
import { SimScheduler } from '../../src/sim/sim-scheduler.js';
import { buildDeployments } from '../../src/sim/world/build-deployments.js';
import { World } from '../../src/sim/world/world.js';

/** One attempt as the transport saw it. */
export interface TransportAttempt {
  readonly requestId: number;
  readonly attemptNo: number;
  readonly deploymentId: string;
  readonly sentAtMs: number;
  /** Reason of the routing decision that sent it (from the explain stream). */
  readonly reason: AttemptReason;
  state: 'live' | 'done' | 'cancelled';
  kind?: AttemptOutcomeKind;
  endedAtMs?: number;
}

/** Something the Transport contract forbids, recorded instead of thrown (thrown errors would be swallowed mid-run). */
export type TransportViolation = string;

/**
 * Wraps a Transport: records every attempt, and flags outcomes delivered twice or after a
 * cancel (the contract: `onDone` exactly once unless cancelled first).
 */
export class RecordingTransport implements Transport {
  readonly attempts: TransportAttempt[] = [];
  readonly violations: TransportViolation[] = [];
  /** Called after every send / outcome / cancel, once the router has reacted to it. */
  onChange: () => void = () => {};

  constructor(
    private readonly inner: Transport,
    private readonly clock: Clock,
    private readonly reasonOf: (requestId: number) => AttemptReason,
  ) {}

  liveCount(pred: (a: TransportAttempt) => boolean = () => true): number {
    let n = 0;
    for (const a of this.attempts) if (a.state === 'live' && pred(a)) n++;
    return n;
  }

  send<T>(deployment: Deployment, req: RouteRequest, attemptNo: number, onDone: AttemptDone<T>, token: T): Cancel {
    const rec: TransportAttempt = {
      requestId: req.id, attemptNo, deploymentId: deployment.id, sentAtMs: this.clock.now(), reason: this.reasonOf(req.id), state: 'live',
    };
    this.attempts.push(rec);
    const cancel = this.inner.send(deployment, req, attemptNo, (o: AttemptOutcome) => {
      if (rec.state !== 'live') this.violations.push(`outcome ${o.kind} for request ${req.id} attempt ${attemptNo} after it was ${rec.state}`);
      rec.state = 'done';
      rec.kind = o.kind;
      rec.endedAtMs = this.clock.now();
      onDone(o, token);
      this.onChange();
    }, undefined);
    this.onChange();
    return () => {
      if (rec.state === 'live') {
        rec.state = 'cancelled';
        rec.endedAtMs = this.clock.now();
      }
      cancel();
    };
  }

  probe(deployment: Deployment, onDone: (ok: boolean) => void): Cancel {
    return this.inner.probe(deployment, onDone);
  }
}

/** Records the router's reasoning for every request; `onDecision` runs inside the decision. */
export class RecordingExplain implements ExplainSink {
  readonly decisions: RoutingDecision[] = [];
  readonly attemptRecords: AttemptRecord[] = [];
  readonly lastReason = new Map<number, AttemptReason>();
  /** Decisions and attempt records interleaved in call order. */
  readonly log: ({ readonly type: 'decision'; readonly d: RoutingDecision } | { readonly type: 'attempt'; readonly a: AttemptRecord })[] = [];
  onDecision: (d: RoutingDecision) => void = () => {};

  wants(): boolean {
    return true;
  }

  decision(d: RoutingDecision): void {
    this.decisions.push(d);
    this.log.push({ type: 'decision', d });
    this.lastReason.set(d.requestId, d.reason);
    this.onDecision(d);
  }

  attempt(a: AttemptRecord): void {
    this.attemptRecords.push(a);
    this.log.push({ type: 'attempt', a });
  }

  finished(): void {}
}

/** A transport that always succeeds after `latencyMs` and whose probes always pass. */
export function steadyTransport(scheduler: SimScheduler, latencyMs: number): Transport {
  return {
    send(_d, req, _no, onDone, token) {
      return scheduler.schedule(latencyMs, () =>
        onDone({ kind: 'success', latencyMs, inputTokens: req.inputTokens, outputTokens: req.expectedOutputTokens, costUsd: 0 }, token),
      );
    },
    probe(_d, onDone) {
      return scheduler.schedule(1, () => onDone(true));
    },
  };
}

export interface RouterRun {
  readonly scenario: Scenario;
  readonly scheduler: SimScheduler;
  readonly deployments: Deployment[];
  readonly router: Router;
  readonly transport: RecordingTransport;
  readonly explain: RecordingExplain;
  readonly events: RouterEvent[];
  /** Scheduler time at which each event was emitted, by index into `events`. */
  readonly eventEmittedAtMs: number[];
  /** The router's panic state as announced by its last 'panic.changed' event. */
  readonly state: { panic: boolean };
  /** Every result delivered, in delivery order (a request appearing twice is a bug). */
  readonly results: RouteResult[];
  /** Requests handed to the router so far. */
  readonly routed: RouteRequest[];
  /** Scheduler time at which each result was delivered, by index into `results`. */
  readonly resultAtMs: number[];
}

export interface RouterRunOptions {
  /** Overrides scenario.router.strategy. */
  readonly strategy?: string;
  readonly seed?: number | string;
  /** Replace the World by another transport (e.g. `steadyTransport`). */
  readonly transport?: (scheduler: SimScheduler) => Transport;
  /** Wraps the strategy (e.g. to check what it is given). */
  readonly wrapStrategy?: (strategy: Strategy) => Strategy;
}

/**
 * Builds Router + World (or a fake transport) for `scenario` exactly as runScenario wires
 * them, with recording wrappers around the transport, the explain sink and the event sink.
 */
export function createRouterRun(scenario: Scenario, o: RouterRunOptions = {}): RouterRun {
  const rng = createRng(o.seed ?? scenario.seed);
  const scheduler = new SimScheduler();
  const deployments = buildDeployments(scenario);
  const world = new World(scenario, deployments, scheduler, rng.fork('world'), () => {}, () => {});
  const explain = new RecordingExplain();
  const inner = o.transport ? o.transport(scheduler) : world;
  const transport = new RecordingTransport(inner, scheduler, (id) => explain.lastReason.get(id) ?? 'first');
  const events: RouterEvent[] = [];
  const eventEmittedAtMs: number[] = [];
  const state = { panic: false };
  const name = o.strategy ?? scenario.router.strategy;
  const created = createStrategy(name, strategyParamsFor(scenario, name), { deployments });
  const strategy = o.wrapStrategy ? o.wrapStrategy(created) : created;
  const router = new Router({
    scheduler, rng: rng.fork('router'), deployments, config: scenario.router, strategy, transport,
    sink: (e) => {
      events.push(e);
      eventEmittedAtMs.push(scheduler.now());
      if (e.type === 'panic.changed') state.panic = e.panic;
    },
    truth: world, explain,
  });
  return { scenario, scheduler, deployments, router, transport, explain, events, eventEmittedAtMs, state, results: [], routed: [], resultAtMs: [] };
}

/**
 * Schedules every request arriving before `horizonMs` at its arrival time (later ones are
 * dropped, as runScenario stops arrivals at its horizon); results go to `run.results`.
 */
export function scheduleRequests(run: RouterRun, requests: readonly RouteRequest[], horizonMs = Infinity): void {
  for (const req of requests) {
    if (!(req.arrivalMs < horizonMs)) continue;
    run.scheduler.scheduleAt(req.arrivalMs, () => {
      run.routed.push(req);
      run.router.route(req, (r) => {
        run.results.push(r);
        run.resultAtMs.push(run.scheduler.now());
      });
    });
  }
}

/**
 * Starts the router, runs to `horizonMs`, abandons what is still in flight (as runScenario
 * does at its end), stops background timers and drains what is left of the queue. Returns
 * the number of requests that were in flight at the horizon.
 */
export function runToHorizon(run: RouterRun, horizonMs: number): { inFlightAtHorizon: number } {
  run.router.start();
  run.scheduler.run(horizonMs);
  const inFlightAtHorizon = run.router.inFlightRequests;
  run.router.abandonInFlight();
  run.router.stop();
  // Finite bound: a Retry-After of Infinity (a squeeze to 0) may leave a timer at Infinity.
  run.scheduler.run(horizonMs + 10 * 3_600_000);
  return { inFlightAtHorizon };
}

/** Results grouped by request id. */
export function resultsById(run: RouterRun): Map<number, RouteResult[]> {
  const m = new Map<number, RouteResult[]>();
  for (const r of run.results) {
    const list = m.get(r.requestId) ?? [];
    list.push(r);
    m.set(r.requestId, list);
  }
  return m;
}

/** Decisions grouped by request id, in call order. */
export function decisionsById(run: RouterRun): Map<number, RoutingDecision[]> {
  const m = new Map<number, RoutingDecision[]>();
  for (const d of run.explain.decisions) {
    const list = m.get(d.requestId) ?? [];
    list.push(d);
    m.set(d.requestId, list);
  }
  return m;
}

/** Retries one request may make: maxRetries, plus the per-kind allowances of statusRules.maxRetriesByKind. */
export function maxRetriesOf(cfg: RouterConfig): number {
  let n = cfg.retries.maxRetries;
  if (cfg.statusRules !== false) for (const k of Object.values(cfg.statusRules.maxRetriesByKind)) n += k ?? 0;
  return n;
}
