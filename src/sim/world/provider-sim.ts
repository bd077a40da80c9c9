import type { Cancel, Rng } from '../../core/ports.js';
import { CounterRng, CounterRngPort } from '../../core/counter-rng.js';
import type { ProviderSpec } from '../../config/scenario-schema.js';
import type { AttemptDone, AttemptOutcome, AttemptOutcomeKind, Deployment, FirstTokenArrived, RouteRequest } from '../../routing/types.js';
import { createDistribution, scaleDistribution } from '../distributions/create-distribution.js';
import type { Distribution } from '../distributions/distribution.js';
import type { CallScheduler } from '../../core/call-scheduler.js';
import type { IncidentWindow } from './incident-timeline.js';
import { incidentEffect } from './incident-effect.js';
import { TokenBucket } from './token-bucket.js';
import { PrefixCache, type PrefixCacheStats } from './prefix-cache.js';
import { WaitQueue } from './wait-queue.js';
import { fmix32, hashKey } from '../../routing/strategies/pickers/hash.js';
import { SimStream } from './sim-stream.js';
import { attemptPriceUsd } from './attempt-price.js';

/**
 * Counter keys of an attempt's luck on one model: connection luck (stream 0) and service luck
 * (stream 1). Keyed by a stable hash of the model id, never by the model's position in the
 * provider's list, so reordering `models:` leaves every draw where it was. fmix32 is a
 * bijection, so for one model no two (attempt, stream) pairs share a key.
 */
function luckKey(model: ModelRuntime, attemptNo: number, stream: 0 | 1): number {
  return fmix32(model.idHash ^ (attemptNo * 2 + stream));
}

/** Where the provider reports what it bills (the ground-truth ledger): which of its deployments (index in the list it was given), how much, when. */
export type BillingSink = (modelIndex: number, costUsd: number, atMs: number) => void;

interface ModelRuntime {
  readonly deployment: Deployment;
  readonly index: number;
  /** hashKey(model id): what the attempt's luck is keyed by (see luckKey). */
  readonly idHash: number;
  readonly ttftMs: Distribution;
  readonly msPerOutputToken: Distribution;
}

interface Job {
  readonly model: ModelRuntime;
  readonly req: RouteRequest;
  readonly attemptNo: number;
  readonly onDone: AttemptDone<unknown>;
  readonly token: unknown;
  readonly queuedAtMs: number;
  startedAtMs: number;
  serviceMs: number;
  outputTokens: number;
  cancelled: boolean;
  finished: boolean;
  /** Set when service starts: the outcome drawn, TTFT and queueing delay. */
  kind: AttemptOutcomeKind;
  ttftMs: number;
  queueMs: number;
  /** The completion event (SimScheduler.scheduleCall handle); timerSeq is -1 before service starts. */
  timerSlot: number;
  timerSeq: number;
  /** Prompt tokens served from the prefix cache (set when service starts). */
  cachedInputTokens: number;
  /** Streamed attempts: the first-token callback, and the stream once its first token is out. */
  readonly onFirstToken: FirstTokenArrived<unknown> | undefined;
  stream: SimStream | undefined;
}

/**
 * One provider: shared concurrency slots with a FIFO queue, RPM/TPM token buckets, latency
 * and error models, incidents, and a health endpoint modelled apart from the data plane.
 * Each attempt's luck comes from a counter-based stream keyed by (request, attempt), so a
 * request meets the same service time here whatever strategy sent it (common random numbers).
 */
export class ProviderSim {
  readonly id: string;
  private readonly models = new Map<string, ModelRuntime>();
  private readonly luck: CounterRng;
  private readonly luckPort: CounterRngPort;
  private readonly probeRng: Rng;
  private readonly rttMs: Distribution;
  private readonly rpm?: TokenBucket;
  private readonly tpm?: TokenBucket;
  private readonly waiting = new WaitQueue<Job>();
  private busy = 0;
  /** Slots serving now: capacity.maxConcurrent, less while a capacity-squeeze incident lasts. */
  private slots: number;
  private busyAreaMs = 0;
  private lastBusyChangeMs = 0;
  private readonly active: IncidentWindow[] = [];
  /** KV prefix cache (spec.prefixCache); undefined when the provider has none. */
  private readonly prefixCache?: PrefixCache;

  constructor(
    private readonly spec: ProviderSpec,
    deployments: readonly Deployment[],
    /** SimScheduler in the simulator; the scaled wall clock when served over HTTP. */
    private readonly scheduler: CallScheduler,
    rng: Rng,
    private readonly billing: BillingSink,
  ) {
    this.id = spec.id;
    this.slots = spec.capacity.maxConcurrent;
    this.luck = new CounterRng(rng.fork('luck'));
    this.luckPort = new CounterRngPort(this.luck);
    this.probeRng = rng.fork('probe');
    this.rttMs = createDistribution(spec.healthEndpoint.latencyMs);
    const ttft = createDistribution(spec.latency.ttftMs);
    const perToken = createDistribution(spec.latency.msPerOutputToken);
    deployments.forEach((d, index) => {
      const m = spec.models.find((x) => x.id === d.modelId)!;
      this.models.set(d.modelId, {
        deployment: d,
        index,
        idHash: hashKey(d.modelId),
        ttftMs: scaleDistribution(ttft, m.latencyFactor),
        msPerOutputToken: scaleDistribution(perToken, m.latencyFactor),
      });
    });
    if (spec.rateLimits.rpm !== undefined) this.rpm = new TokenBucket(spec.rateLimits.rpm, spec.rateLimits.rpm / 60_000);
    if (spec.rateLimits.tpm !== undefined) this.tpm = new TokenBucket(spec.rateLimits.tpm, spec.rateLimits.tpm / 60_000);
    if (spec.prefixCache?.enabled) this.prefixCache = new PrefixCache(spec.prefixCache, deployments.length);
  }

  // ---- incidents -------------------------------------------------------------------------

  incidentStarted(w: IncidentWindow): void {
    this.active.push(w);
    if (w.kind === 'rate-limit-squeeze') this.rescaleLimits();
    if (w.kind === 'capacity-squeeze') this.rescaleSlots();
  }

  incidentEnded(w: IncidentWindow): void {
    const i = this.active.indexOf(w);
    if (i >= 0) this.active.splice(i, 1);
    if (w.kind === 'rate-limit-squeeze') this.rescaleLimits();
    if (w.kind === 'capacity-squeeze') this.rescaleSlots();
  }

  /**
   * A capacity squeeze serves with maxConcurrent x limitFactor slots (at least 1) while it
   * lasts. Jobs already running finish; the queue starts again as slots free or come back.
   */
  private rescaleSlots(): void {
    let factor = 1;
    for (const w of this.active) if (w.kind === 'capacity-squeeze') factor = Math.min(factor, w.limitFactor);
    this.slots = Math.max(1, Math.floor(this.spec.capacity.maxConcurrent * factor));
    this.startWaiting();
  }

  private rescaleLimits(): void {
    let factor = 1;
    for (const w of this.active) if (w.kind === 'rate-limit-squeeze') factor = Math.min(factor, w.limitFactor);
    const now = this.scheduler.now();
    const { rpm, tpm } = this.spec.rateLimits;
    if (this.rpm && rpm !== undefined) this.rpm.rescale(factor, rpm, rpm / 60_000, now);
    if (this.tpm && tpm !== undefined) this.tpm.rescale(factor, tpm, tpm / 60_000, now);
  }

  // ---- data plane ------------------------------------------------------------------------

  submit<T>(modelId: string, req: RouteRequest, attemptNo: number, onDone: AttemptDone<T>, token: T, onFirstToken?: FirstTokenArrived<T>): Cancel {
    const model = this.models.get(modelId)!;
    const now = this.scheduler.now();
    const uConnect = this.luck.reset(req.id, luckKey(model, attemptNo, 0)).next();
    const rtt = this.rttMs.sample(this.luckPort);
    const fx = incidentEffect(this.active, modelId);
    if (fx.down) return this.deferFailure(model, req, 'connection-error', rtt, onDone, token);
    if (uConnect < this.spec.errors.connectionErrorRate) return this.deferFailure(model, req, 'connection-error', rtt, onDone, token);
    if (req.inputTokens + req.expectedOutputTokens > model.deployment.contextWindowTokens) return this.deferFailure(model, req, 'context-exceeded', rtt, onDone, token);
    if (this.rpm) {
      const r = this.rpm.tryTake(1, now);
      if (!r.ok) return this.deferFailure(model, req, 'rate-limited', rtt, onDone, token, { retryAfterMs: r.retryAfterMs });
    }
    if (this.tpm) {
      const r = this.tpm.tryTake(req.inputTokens + req.expectedOutputTokens, now);
      if (!r.ok) return this.deferFailure(model, req, 'rate-limited', rtt, onDone, token, { retryAfterMs: r.retryAfterMs });
    }
    const job: Job = {
      model, req, attemptNo, onDone: onDone as AttemptDone<unknown>, token, queuedAtMs: now, startedAtMs: NaN, serviceMs: 0, outputTokens: 0, cancelled: false, finished: false,
      kind: 'success', ttftMs: 0, queueMs: 0, timerSlot: -1, timerSeq: -1, cachedInputTokens: 0,
      onFirstToken: onFirstToken as FirstTokenArrived<unknown> | undefined, stream: undefined,
    };
    if (this.busy < this.slots) this.start(job);
    else if (this.spec.capacity.maxQueue !== undefined && this.waiting.size >= this.spec.capacity.maxQueue) return this.deferFailure(model, req, 'overloaded', rtt, onDone, token);
    else this.waiting.push(job);
    return () => this.cancel(job);
  }

  private deferFailure<T>(
    model: ModelRuntime, req: RouteRequest, kind: AttemptOutcomeKind, latencyMs: number,
    onDone: AttemptDone<T>, token: T, extra?: Partial<AttemptOutcome>,
  ): Cancel {
    const costUsd = this.spec.billFailedAttempts && kind !== 'connection-error' ? this.price(model, req.inputTokens, 0) : 0;
    return this.scheduler.schedule(latencyMs, () => {
      if (costUsd > 0) this.billing(model.index, costUsd, this.scheduler.now());
      onDone({ kind, latencyMs, inputTokens: req.inputTokens, outputTokens: 0, costUsd, ...extra }, token);
    });
  }

  /**
   * Starts serving `job` as of `atMs` (≤ now): now, unless the slot it takes was freed by a
   * wall-clock timer that ran late (see `release`).
   */
  private start(job: Job, atMs = this.scheduler.now()): void {
    const now = this.scheduler.now();
    this.setBusy(this.busy + 1, now);
    job.startedAtMs = atMs;
    const { model, req } = job;
    // Prefix-cache hit: cached prompt tokens skip (a share of) their prefill. No hashes, no work.
    const cached = this.prefixCache !== undefined && req.prefixHashes !== undefined ? this.prefixCache.admit(req.prefixHashes, req.inputTokens, model.index) : 0;
    job.cachedInputTokens = cached;
    const kind = this.drawService(model, req, job.attemptNo, cached);
    const ttftMs = this.drawnTtftMs;
    const perTokenMs = this.drawnPerTokenMs;
    job.outputTokens = kind === 'success' ? req.expectedOutputTokens : 0;
    job.serviceMs = kind === 'server-error' ? ttftMs : ttftMs + req.expectedOutputTokens * perTokenMs;
    job.kind = kind;
    job.ttftMs = ttftMs;
    job.queueMs = atMs - job.queuedAtMs;
    // A streamed answer first shows its first token; errors and hangs before it are as unstreamed.
    const firstTokenDue = job.onFirstToken !== undefined && kind === 'success';
    if (firstTokenDue) this.drawStreamHabits(job);
    // scheduleCall: one shared handler instead of a closure per attempt.
    const delayMs = firstTokenDue ? ttftMs : job.serviceMs;
    job.timerSeq = this.scheduler.scheduleCall(atMs === now ? delayMs : Math.max(0, delayMs - (now - atMs)), firstTokenDue ? this.firstTokenDue : this.serviceDone, job);
    job.timerSlot = this.scheduler.lastSlot;
  }

  /**
   * Streams only, after the service luck (so unstreamed attempts draw exactly as before): does
   * this stream break or stall after its first token, and after how many tokens. Sets the
   * job's outcome and how many tokens it emits (`outputTokens`).
   */
  private drawStreamHabits(job: Job): void {
    const uBreak = this.luckPort.next();
    const uStall = this.luckPort.next();
    const uWhere = this.luckPort.next();
    const n = job.req.expectedOutputTokens;
    const errs = this.spec.errors;
    if (uBreak < errs.midStreamErrorRate) job.kind = 'server-error';
    else if (uStall < errs.stallRate) job.kind = 'timeout';
    else return;
    job.outputTokens = Math.min(n, 1 + Math.floor(uWhere * n));
  }

  /** The first token is out: the client may commit to this attempt; the rest follows at the per-token pace. */
  private readonly firstTokenDue = (job: Job): void => {
    // On a late wall-clock timer the first token was due earlier: the stream keeps its own pace.
    const lateMs = this.scheduler.callLatenessMs;
    const now = this.scheduler.now() - lateMs;
    const perTokenMs = (job.serviceMs - job.ttftMs) / Math.max(1, job.req.expectedOutputTokens);
    // A full answer ends as unstreamed (ttft + n × per-token); a break or stall stops after its tokens.
    const restMs = job.kind === 'success' ? job.serviceMs - job.ttftMs : (job.outputTokens - 1) * perTokenMs;
    job.stream = new SimStream(this.scheduler, now, perTokenMs, now + restMs);
    job.timerSeq = -1;
    if (job.kind !== 'timeout') {
      job.timerSeq = this.scheduler.scheduleCall(lateMs === 0 ? restMs : Math.max(0, restMs - lateMs), this.serviceDone, job);
      job.timerSlot = this.scheduler.lastSlot;
    }
    job.onFirstToken!(job.token, job.stream);
  };

  /**
   * The service luck of one attempt, the same whether it runs (`start`) or is previewed for
   * the oracle: error draw, TTFT (prefill net of `cachedTokens`) and per-token time, under
   * the incidents now. Leaves the times in drawnTtftMs / drawnPerTokenMs (no object per
   * attempt) and returns the outcome.
   */
  private drawService(model: ModelRuntime, req: RouteRequest, attemptNo: number, cachedTokens: number): AttemptOutcomeKind {
    const uError = this.luck.reset(req.id, luckKey(model, attemptNo, 1)).next();
    const fx = incidentEffect(this.active, model.deployment.modelId);
    const prefillTokens = cachedTokens > 0 ? this.prefixCache!.prefillTokens(req.inputTokens, cachedTokens) : req.inputTokens;
    this.drawnTtftMs = (model.ttftMs.sample(this.luckPort) + this.spec.latency.ttftMsPerInputToken * prefillTokens) * fx.latencyFactor;
    this.drawnPerTokenMs = model.msPerOutputToken.sample(this.luckPort) * fx.latencyFactor;
    const errs = this.spec.errors;
    if (uError < fx.errorRate + (1 - fx.errorRate) * errs.serverErrorRate) return 'server-error';
    if (uError < fx.errorRate + (1 - fx.errorRate) * (errs.serverErrorRate + errs.timeoutRate)) return 'timeout';
    return 'success';
  }

  private drawnTtftMs = 0;
  private drawnPerTokenMs = 0;

  private readonly serviceDone = (job: Job): void => {
    const { model, req, kind, queueMs } = job;
    job.finished = true;
    this.release(this.scheduler.callLatenessMs);
    if (kind === 'timeout') return; // hung: the client's timeout ends it
    const success = kind === 'success';
    const costUsd = success
      ? this.price(model, req.inputTokens, job.outputTokens, job.cachedInputTokens)
      : this.spec.billFailedAttempts ? this.price(model, req.inputTokens, job.stream === undefined ? 0 : job.outputTokens, job.cachedInputTokens) : 0;
    if (costUsd > 0) this.billing(model.index, costUsd, this.scheduler.now());
    job.onDone({
      kind,
      latencyMs: this.scheduler.now() - job.queuedAtMs,
      ttftMs: success ? queueMs + job.ttftMs : undefined,
      queueMs,
      inputTokens: req.inputTokens,
      outputTokens: job.outputTokens,
      costUsd,
      cachedInputTokens: job.cachedInputTokens,
    }, job.token);
  };

  /** The client went away: a queued job leaves the queue; a running one stops generating. */
  private cancel(job: Job): void {
    if (job.cancelled || job.finished) return;
    job.cancelled = true;
    if (Number.isNaN(job.startedAtMs)) {
      this.waiting.noteCancelled();
      return; // skipped lazily when it reaches the head of the queue
    }
    if (job.timerSeq >= 0) this.scheduler.cancelCall(job.timerSlot, job.timerSeq); // slots may be negative (lanes)
    if (this.spec.billCancelledAttempts) {
      const elapsed = this.scheduler.now() - job.startedAtMs;
      const fractionDone = job.serviceMs > 0 ? Math.min(1, elapsed / job.serviceMs) : 1;
      // A stream bills what it sent: nothing before its first token, then token by token.
      const generated = job.onFirstToken === undefined ? Math.floor(job.req.expectedOutputTokens * fractionDone) : (job.stream?.tokensReceived(job.outputTokens) ?? 0);
      const costUsd = this.price(job.model, job.req.inputTokens, generated, job.cachedInputTokens);
      if (costUsd > 0) this.billing(job.model.index, costUsd, this.scheduler.now());
    }
    this.release();
  }

  /**
   * A slot frees up: the oldest waiting jobs start while slots are free. `lateMs`: the slot was
   * due free that long ago (a late wall-clock timer). The next job starts as of then (not before
   * it arrived), so a busy emulator process delays the bytes it sends, not the provider's
   * capacity: its queue keeps the scenario's schedule as in the simulator.
   */
  private release(lateMs = 0): void {
    this.setBusy(this.busy - 1, this.scheduler.now());
    this.startWaiting(lateMs);
  }

  private startWaiting(lateMs = 0): void {
    while (this.busy < this.slots) {
      const next = this.waiting.shift();
      if (next === undefined) break;
      if (lateMs === 0) this.start(next);
      else this.start(next, Math.max(this.scheduler.now() - lateMs, next.queuedAtMs));
    }
  }

  private setBusy(n: number, nowMs: number): void {
    this.busyAreaMs += this.busy * (nowMs - this.lastBusyChangeMs);
    this.lastBusyChangeMs = nowMs;
    this.busy = n;
  }

  /** Cached prompt tokens are billed at the model's cached-input price when it has one. */
  price(model: ModelRuntime, inputTokens: number, outputTokens: number, cachedInputTokens = 0): number {
    return attemptPriceUsd(model.deployment, inputTokens, outputTokens, cachedInputTokens);
  }

  // ---- health endpoint and ground truth ------------------------------------------------------

  /** The health endpoint answers OK unless the provider is hard down (gray failures stay green). */
  probe(onDone: (ok: boolean) => void): Cancel {
    let down = false;
    for (const w of this.active) if (w.kind === 'down' && w.models === undefined) down = true;
    const falseFailure = this.probeRng.next() < this.spec.healthEndpoint.falseFailureRate;
    const latencyMs = this.rttMs.sample(this.probeRng);
    return this.scheduler.schedule(latencyMs, () => onDone(!down && !falseFailure));
  }

  /**
   * Ground truth: would a request sent now be served (no outage, under the rate limits)? Given
   * the attempt number, it replays this attempt's own luck (same counter keys as `submit` and
   * `start`), so the oracle also knows whether this very attempt would hit a random error.
   */
  isServing(modelId: string, req?: RouteRequest, attemptNo?: number): boolean {
    const fx = incidentEffect(this.active, modelId);
    if (fx.down) return false;
    if (req !== undefined && attemptNo !== undefined) {
      const p = this.preview(modelId, req, attemptNo);
      if (!p.ok) return false;
    } else if (fx.errorRate >= 0.5) return false;
    const now = this.scheduler.now();
    if (this.rpm && !this.rpm.wouldAdmit(1, now)) return false;
    const tokens = req ? req.inputTokens + req.expectedOutputTokens : 1;
    if (this.tpm && !this.tpm.wouldAdmit(tokens, now)) return false;
    if (req && req.inputTokens + req.expectedOutputTokens > this.models.get(modelId)!.deployment.contextWindowTokens) return false;
    const maxQueue = this.spec.capacity.maxQueue;
    return !(maxQueue !== undefined && this.busy >= this.slots && this.waiting.size >= maxQueue);
  }

  /**
   * Replays an attempt's luck without side effects (the prefix cache is peeked, not updated):
   * would it succeed, and how long would service take if it started now?
   */
  private preview(modelId: string, req: RouteRequest, attemptNo: number): { ok: boolean; serviceMs: number } {
    // The oracle asks isServing and then expectedLatencyMs of the same attempt, pass after
    // pass: at one instant the answer cannot change, so the last one is kept.
    const now = this.scheduler.now();
    const last = this.lastPreview;
    if (last !== undefined && last.req === req && last.attemptNo === attemptNo && last.modelId === modelId && last.atMs === now) return last.result;
    const model = this.models.get(modelId)!;
    let result: { ok: boolean; serviceMs: number };
    if (this.luck.reset(req.id, luckKey(model, attemptNo, 0)).next() < this.spec.errors.connectionErrorRate) result = { ok: false, serviceMs: 0 };
    else {
      const cache = this.prefixCache;
      const cached = cache !== undefined && req.prefixHashes !== undefined ? cache.cachedTokensFor(cache.peekLeadingHits(req.prefixHashes, model.index), req.inputTokens) : 0;
      const kind = this.drawService(model, req, attemptNo, cached);
      result = { ok: kind === 'success', serviceMs: this.drawnTtftMs + req.expectedOutputTokens * this.drawnPerTokenMs };
    }
    this.lastPreview = { modelId, req, attemptNo, atMs: now, result };
    return result;
  }

  private lastPreview?: { modelId: string; req: RouteRequest; attemptNo: number; atMs: number; result: { ok: boolean; serviceMs: number } };

  expectedLatencyMs(modelId: string, req: RouteRequest, attemptNo?: number): number {
    let serviceMs: number;
    if (attemptNo !== undefined) serviceMs = this.preview(modelId, req, attemptNo).serviceMs;
    else {
      const m = this.models.get(modelId)!;
      const fx = incidentEffect(this.active, modelId);
      serviceMs = (m.ttftMs.mean + this.spec.latency.ttftMsPerInputToken * req.inputTokens + req.expectedOutputTokens * m.msPerOutputToken.mean) * fx.latencyFactor;
    }
    const waiting = this.waiting.size + this.busy + 1 - this.slots;
    return serviceMs * (1 + Math.max(0, waiting) / this.slots);
  }

  /** What is left of the RPM and TPM budgets now (undefined: no such limit). For live rate-limit headers. */
  rateLimitRemaining(): { requests?: number; tokens?: number } {
    const now = this.scheduler.now();
    return { requests: this.rpm?.available(now), tokens: this.tpm?.available(now) };
  }

  /** Mean busy slots over [0, nowMs]; nowMs must be at or after the last busy change (run-scenario reads it at the horizon). */
  meanBusySlots(nowMs: number): number {
    const area = this.busyAreaMs + this.busy * (nowMs - this.lastBusyChangeMs);
    return nowMs > 0 ? area / nowMs : 0;
  }

  get maxConcurrent(): number {
    return this.spec.capacity.maxConcurrent;
  }

  /** Prefix-cache counters; undefined when the provider has no prefix cache. */
  prefixCacheStats(): Readonly<PrefixCacheStats> | undefined {
    return this.prefixCache?.stats();
  }
}
