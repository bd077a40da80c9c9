import type { Dispatcher } from 'undici';
import type { Cancel, Scheduler } from '../../core/ports.js';
import type { Scenario } from '../../config/scenario-schema.js';
import type { AttemptOutcomeKind, Deployment, RouteRequest, RouteResult } from '../../routing/types.js';
import { QUALITY_RANK } from '../../routing/types.js';
import { RunMetrics } from '../../metrics/run-metrics.js';
import type { RunSummary } from '../../metrics/run-summary.js';
import { summarizeRun } from '../../metrics/summarize-run.js';
import type { RequestSource } from '../../sim/traffic/request-source.js';
import { attemptPriceUsd } from '../../sim/world/attempt-price.js';
import type { LoadRecord } from './load-record.js';
import { LatenessTracker, type LatenessSummary } from './lateness.js';
import { sendChat, type ChatMeasure } from './send-chat.js';

export interface LoadOptions {
  readonly scenario: Scenario;
  readonly seed: string;
  readonly deployments: readonly Deployment[];
  readonly source: RequestSource;
  readonly timeScale: number;
  readonly baseUrl: string;
  readonly model: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly dispatcher: Dispatcher;
  /** The wall clock (real ms). */
  readonly clock: Scheduler;
  /** Requests arriving at or after this scenario time are not sent. */
  readonly horizonMs: number;
  readonly maxRequests: number;
  /** A request due while this many are in flight is not sent (counted, never delayed: open loop). */
  readonly maxInFlight: number;
  readonly onRecord?: (r: LoadRecord) => void;
}

export interface LoadResult {
  readonly summary: RunSummary;
  readonly lateness: LatenessSummary;
  readonly notSent: number;
  readonly stoppedEarly: boolean;
}

/**
 * Replays the scenario's requests open-loop against an OpenAI-compatible base URL: each leaves
 * when the scenario says (arrival ms / time scale on the wall clock) whatever the answers, so
 * a slow target cannot slow the offered load (no coordinated omission). Latency and TTFT are
 * measured from the due time, in scenario ms (real ms × time scale), into the simulator's
 * RunMetrics, so the summary is a RunSummary like `run` makes; its own lateness apart.
 */
export class OpenLoopReplayer {
  private readonly metrics: RunMetrics;
  /** As the simulator: a failed request counts as this latency in latencyAllMs (default: the deadline). */
  private readonly failurePenaltyMs: number;
  private readonly index: Map<string, number>;
  private readonly lateness = new LatenessTracker();
  private readonly inFlight = new Set<Cancel>();
  private next: RouteRequest | undefined;
  private sent = 0;
  private notSent = 0;
  private timer: Cancel | undefined;
  private stopped = false;
  private stoppedEarly = false;
  private resolve?: () => void;

  constructor(private readonly o: LoadOptions) {
    this.index = new Map(o.deployments.map((d, i) => [d.id, i]));
    this.failurePenaltyMs = o.scenario.metrics.failurePenaltyMs ?? o.scenario.router.timeouts.deadlineMs;
    this.metrics = new RunMetrics(o.scenario.metrics, o.horizonMs, this.index, o.deployments.map((d) => QUALITY_RANK[d.qualityTier]), [], this.failurePenaltyMs);
  }

  /** Runs until every request is sent and answered (or `stop`), then summarizes. */
  async run(): Promise<LoadResult> {
    const finished = new Promise<void>((resolve) => (this.resolve = resolve));
    this.next = this.pull();
    this.pump();
    await finished;
    this.o.source.close?.();
    const inFlightAtHorizon = this.inFlight.size;
    for (const cancel of [...this.inFlight]) cancel();
    const summary = summarizeRun({
      scenario: this.o.scenario,
      strategyName: 'live',
      seed: this.o.seed,
      metrics: this.metrics,
      deployments: this.o.deployments,
      inFlightAtHorizon,
      averagedUntilMs: this.o.horizonMs,
      failurePenaltyMs: this.failurePenaltyMs,
      providers: [],
      incidents: [],
      eventsProcessed: this.sent,
    });
    return { summary, lateness: this.lateness.summary(), notSent: this.notSent, stoppedEarly: this.stoppedEarly };
  }

  /** Stops sending; requests in flight are abandoned (counted in flight, not measured). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.stoppedEarly = true;
    this.timer?.();
    this.resolve?.();
  }

  private pull(): RouteRequest | undefined {
    if (this.sent + this.notSent >= this.o.maxRequests) return undefined;
    const r = this.o.source.next();
    return r !== undefined && r.arrivalMs < this.o.horizonMs ? r : undefined;
  }

  private dueRealMs(req: RouteRequest): number {
    return req.arrivalMs / this.o.timeScale;
  }

  /** Sends every request now due, then sleeps until the next one is. */
  private pump = (): void => {
    this.timer = undefined;
    if (this.stopped) return;
    const now = this.o.clock.now();
    while (this.next !== undefined && this.dueRealMs(this.next) <= now) {
      this.dispatch(this.next, now);
      this.next = this.pull();
    }
    if (this.next !== undefined) this.timer = this.o.clock.schedule(this.dueRealMs(this.next) - this.o.clock.now(), this.pump);
    else this.checkFinished();
  };

  private checkFinished(): void {
    if (this.next === undefined && this.inFlight.size === 0 && !this.stopped) {
      this.stopped = true;
      this.resolve?.();
    }
  }

  private dispatch(req: RouteRequest, nowRealMs: number): void {
    const dueReal = this.dueRealMs(req);
    const lateMs = nowRealMs - dueReal;
    this.metrics.onArrival(req);
    if (this.inFlight.size >= this.o.maxInFlight) {
      this.notSent++;
      this.record(req, lateMs, { kind: 'cancelled', latencyRealMs: 0, afterFirstToken: false, inputTokens: req.inputTokens, outputTokens: 0, cachedInputTokens: 0, error: 'not sent: --max-in-flight reached' }, true);
      return;
    }
    this.sent++;
    this.lateness.add(lateMs);
    const cancel = sendChat(req, 0, {
      dispatcher: this.o.dispatcher,
      baseUrl: this.o.baseUrl,
      model: this.o.model,
      headers: this.o.headers,
      deadlineRealMs: this.o.scenario.router.timeouts.deadlineMs / this.o.timeScale,
      clock: this.o.clock,
    }, (m) => {
      if (!this.inFlight.delete(cancel) || this.stoppedEarly) return;
      this.record(req, lateMs, m, false);
      this.checkFinished();
    });
    this.inFlight.add(cancel);
  }

  /** Which scenario deployment answered: the emulated providers say it in the completion id and model. */
  private deploymentOf(m: ChatMeasure): number | undefined {
    const provider = /^chatcmpl-(.+)-\d+-\d+$/.exec(m.responseId ?? '')?.[1];
    const model = m.responseModel ?? this.o.model;
    const exact = provider === undefined ? undefined : this.index.get(`${provider}/${model}`);
    if (exact !== undefined) return exact;
    const byModel = this.o.deployments.flatMap((d, i) => (d.modelId === model ? [i] : []));
    return byModel.length === 1 ? byModel[0] : undefined;
  }

  private record(req: RouteRequest, lateMs: number, m: ChatMeasure, notSent: boolean): void {
    const k = this.o.timeScale;
    const dueReal = this.dueRealMs(req);
    const sentAtReal = dueReal + Math.max(0, lateMs);
    const endSimMs = (sentAtReal + m.latencyRealMs) * k;
    const latencyMs = endSimMs - req.arrivalMs;
    const ttftMs = m.ttftRealMs === undefined ? undefined : (sentAtReal + m.ttftRealMs) * k - req.arrivalMs;
    const i = notSent ? undefined : this.deploymentOf(m);
    const d = i === undefined ? undefined : this.o.deployments[i];
    const ok = m.kind === 'success';
    const costUsd = ok && d !== undefined ? attemptPriceUsd(d, m.inputTokens, m.outputTokens, m.cachedInputTokens) : 0;
    if (i !== undefined) {
      this.metrics.onAttemptSent(i, req.arrivalMs);
      if (costUsd > 0) this.metrics.onBilled(i, costUsd, endSimMs);
    }
    const result: RouteResult = {
      requestId: req.id, ok,
      ...(ok ? {} : { failureReason: m.afterFirstToken ? 'stream-interrupted' : 'non-retryable', lastErrorKind: m.kind as AttemptOutcomeKind }),
      deploymentId: d?.id,
      attempts: notSent ? 0 : 1, retries: 0, failovers: 0, hedges: 0, costUsd, latencyMs,
      ttftMs: ok ? (ttftMs ?? latencyMs) : undefined,
      inputTokens: m.inputTokens, outputTokens: m.outputTokens, panic: false,
    };
    this.metrics.onResult(req, result, endSimMs);
    this.o.onRecord?.({
      id: req.id, dueMs: req.arrivalMs, sendLateRealMs: Math.max(0, lateMs), stream: req.stream === true, ok,
      kind: notSent ? 'not-sent' : m.kind, status: m.status, ttftMs, latencyMs, latencyRealMs: m.latencyRealMs,
      inputTokens: m.inputTokens, outputTokens: m.outputTokens, cachedInputTokens: m.cachedInputTokens, costUsd,
      deploymentId: d?.id, error: m.error,
    });
  }
}
