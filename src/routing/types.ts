/**
 * Router-facing types. Nothing here knows about the simulator: a live gateway fills the
 * same shapes from real HTTP calls.
 */
import type { Cancel, Rng } from '../core/ports.js';

export type QualityTier = 'low' | 'medium' | 'high';
export const QUALITY_RANK: Readonly<Record<QualityTier, number>> = { low: 0, medium: 1, high: 2 };

/** One request as the router sees it. */
export interface RouteRequest {
  readonly id: number;
  readonly arrivalMs: number;
  /** Prompt tokens when known; 0 when only `promptText` is known (strategies estimate). */
  readonly inputTokens: number;
  /** Output tokens the caller expects (max_tokens or an estimate); used for cost estimates. */
  readonly expectedOutputTokens: number;
  readonly promptText?: string;
  readonly qualityTier: QualityTier;
  readonly budgetUsd?: number;
  /** Pre-classified prompt category; the classifier falls back to `promptText` keywords. */
  readonly category?: string;
  readonly clientId?: string;
  readonly tenant?: string;
  readonly sessionId?: string;
  /** Prefix-cache block hashes (trace replay). */
  readonly prefixHashes?: readonly number[];
  /** Ground truth of answer quality (quality-aware routing; see `RequestQuality`). */
  readonly quality?: RequestQuality;
  /**
   * Streamed (SSE): the request commits to the first attempt whose first token arrives; after
   * that it can no longer be retried, hedged or failed over. Absent: not streamed.
   */
  readonly stream?: boolean;
  /**
   * Priority class for the gateway queue (router.priorityQueue): higher is more important;
   * below `sheddableBelow` the request is shed rather than queued under saturation. Absent:
   * the tenant's priority, else the default.
   */
  readonly priority?: number;
}

/**
 * Ground truth about answer quality for one request, from benchmark data (RouteLLM's
 * GSM8K / MMLU / MT-Bench evaluations of a strong and a weak model on the same prompt). The
 * simulator scores every served request with it; among strategies only `quality-threshold`
 * reads it, through a deliberately noisy predictor (a live gateway leaves the truth unset and
 * may fill `predictedStrongWinProbability` from a real router instead).
 */
export interface RequestQuality {
  /** Did the strong / weak model answer this prompt correctly? */
  readonly strongCorrect: boolean;
  readonly weakCorrect: boolean;
  /** Graded score in [0, 1] where the benchmark grades (MT-Bench judge score / 10); absent → the booleans as 1 / 0. */
  readonly strongScore?: number;
  readonly weakScore?: number;
  /** Where the record comes from: 'gsm8k', 'mmlu', 'mt-bench'. */
  readonly benchmark?: string;
  /** MMLU subject or MT-Bench category. */
  readonly subject?: string;
  /** Index of the prompt record in the loaded dataset. */
  readonly recordIndex?: number;
  /** A real router's P(strong model beats weak) for this prompt; used instead of the simulated predictor when present. */
  readonly predictedStrongWinProbability?: number;
}

/**
 * A routable target: one model on one provider. Prices are mutable because price changes
 * apply mid-run (the world updates them, the router always reads the current value).
 */
export interface Deployment {
  readonly id: string;
  readonly providerId: string;
  readonly modelId: string;
  readonly weight: number;
  /** Priority tier for the `priority` strategy: 0 is tried first. */
  readonly priority: number;
  readonly qualityTier: QualityTier;
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
  cachedInputUsdPerMTok?: number;
  readonly costMultiplier: number;
  readonly performanceBonus: number;
  readonly contextWindowTokens: number;
  readonly capabilities: readonly string[];
  readonly rpmLimit?: number;
  readonly tpmLimit?: number;
}

/** Live, read-only statistics the router keeps per deployment from observed outcomes. */
export interface DeploymentStats {
  readonly inFlight: number;
  /** EWMA of attempt latency in ms; NaN before the first sample. */
  readonly ewmaLatencyMs: number;
  /** Finagle-style peak EWMA: jumps up to a slow sample at once, decays with time. NaN before data. */
  readonly peakEwmaLatencyMs: number;
  /** Success rate over the last `windowSize` outcomes (newest kept); NaN when empty. */
  readonly windowSuccessRate: number;
  /** Mean latency of the outcomes in the window; NaN when empty. */
  readonly windowMeanLatencyMs: number;
  readonly windowCount: number;
  /** Mean ms per output token over the recent successful window; NaN when none. */
  readonly msPerOutputToken: number;
  /** Requests and tokens sent in the current wall minute [floor(now/60s)*60s, +60s). */
  readonly minuteRequests: number;
  readonly minuteTokens: number;
}

export type HealthLevel = 'healthy' | 'degraded' | 'excluded';

/** What a strategy may look at: static info, live stats, and the router's health verdict. */
export interface Candidate {
  readonly deployment: Deployment;
  readonly stats: DeploymentStats;
  readonly health: HealthLevel;
}

/** Ground truth that only the cheating `oracle` strategy may read (the simulator provides it). */
export interface TruthPort {
  /**
   * Would a request sent now to this deployment be served? With `req` and `attemptNo` the
   * simulator answers for this very attempt (clairvoyant: it knows the attempt's error luck);
   * without them, whether the deployment is up and under its limits.
   */
  isServing(deploymentId: string, req?: RouteRequest, attemptNo?: number): boolean;
  /** Latency of this attempt if sent now (its own service time plus a queueing estimate), ms. */
  expectedLatencyMs(deploymentId: string, req: RouteRequest, attemptNo?: number): number;
}

export interface PickContext {
  readonly nowMs: number;
  /** The strategy's own random stream. */
  readonly rng: Rng;
  /** 0 for the first attempt of a request, 1.. for retries and failovers. */
  readonly attempt: number;
  /** Deployments already tried for this request. */
  readonly tried: ReadonlySet<string>;
  /**
   * True when `candidates` holds no tried deployment unless every one was tried: the router's
   * pools put untried ones first already, so `untriedOrAll` need not ask `tried` about each
   * candidate (O(N) per retry). Absent: false.
   */
  readonly untriedFirst?: boolean;
  readonly truth?: TruthPort;
  /**
   * Changes whenever a candidate's `health` changed in place: the router's panic pool keeps its
   * array while its members' flags flip, so an index over a pool array that reads `health` is
   * valid only for the version it was built at. Absent: do not index `health` at all.
   */
  readonly healthVersion?: number;
}

/** Picks one deployment from the candidates the router allows; never sees excluded ones. */
export interface Strategy {
  readonly name: string;
  pick(req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Candidate | undefined;
  /** Per-candidate scores for `--explain` (lower or higher is better as the strategy says). */
  explain?(req: RouteRequest, candidates: readonly Candidate[], ctx: PickContext): Record<string, number>;
  /** Called for every finished attempt, for strategies that learn (adaptive, performance). */
  observe?(deploymentId: string, outcome: AttemptOutcome, nowMs: number): void;
  /** Deployments' prices changed (a scenario's priceChanges): drop anything derived from them. */
  pricesChanged?(): void;
}

export type AttemptOutcomeKind =
  | 'success'
  | 'server-error' // 5xx
  | 'timeout' // the client gave up
  | 'rate-limited' // 429
  | 'overloaded' // queue full, 503/529
  | 'context-exceeded' // 400, prompt too long
  | 'client-error' // another 4xx (not 408, 413 or 429): the caller's fault, never retried
  | 'connection-error'
  | 'cancelled'; // the router cancelled it (hedge loser, deadline)

/** Error classes that fallback rules are written against. */
export type ErrorClass = 'rate-limited' | 'context-window' | 'provider-error';

/**
 * The provider failed (5xx, timeout, overloaded, connection error): what trips breakers and
 * outlier detection. Client errors (context window, other 4xx) say nothing about its health,
 * and 429s are the cooldown tracker's business (Retry-After).
 */
export function isProviderFailure(kind: AttemptOutcomeKind): boolean {
  return errorClassOf(kind) === 'provider-error';
}

export function errorClassOf(kind: AttemptOutcomeKind): ErrorClass | undefined {
  switch (kind) {
    case 'success':
    case 'cancelled':
    case 'client-error':
      return undefined;
    case 'rate-limited':
      return 'rate-limited';
    case 'context-exceeded':
      return 'context-window';
    default:
      return 'provider-error';
  }
}

export interface AttemptOutcome {
  readonly kind: AttemptOutcomeKind;
  /** From send to outcome, ms. */
  readonly latencyMs: number;
  readonly ttftMs?: number;
  readonly queueMs?: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** What the provider bills for this attempt (0 when it does not bill failures). */
  readonly costUsd: number;
  readonly retryAfterMs?: number;
  readonly cachedInputTokens?: number;
  /** HTTP status the provider answered, when the transport knows it (status-code rules; the simulator leaves it unset). */
  readonly statusCode?: number;
}

/** Receives an attempt's outcome with the token given to `Transport.send`. */
export type AttemptDone<T> = (outcome: AttemptOutcome, token: T) => void;

/** A streamed attempt after its first token, as far as the client has received it. */
export interface StreamProgress {
  /** When the latest token reached the client (the clock's ms); the idle timeout measures from it. */
  lastTokenAtMs(): number;
}

/** Receives a streamed attempt's first token (its commit point), with the token given to `Transport.send`. */
export type FirstTokenArrived<T> = (token: T, progress: StreamProgress) => void;

/** How the router reaches providers: HTTP in a gateway, scheduled events in the simulator. */
export interface Transport {
  /**
   * Calls `onDone(outcome, token)` exactly once, unless cancelled first. `attemptNo` is the
   * 0-based index of this attempt within the request (an idempotency key live; a random-number
   * key simulated). `token` is handed back untouched: one shared callback serves every attempt,
   * so the router makes no closure per attempt.
   *
   * Streams: when `onFirstToken` is given (the router gives it for `req.stream` only), the
   * transport calls it once when the first token arrives, before `onDone`; errors and hangs
   * before the first token are reported as for an unstreamed attempt.
   *
   * Never call back synchronously (inside `send` or a Cancel): always from a later event or
   * timer. The router asserts it (TransportContractError).
   */
  send<T>(deployment: Deployment, req: RouteRequest, attemptNo: number, onDone: AttemptDone<T>, token: T, onFirstToken?: FirstTokenArrived<T>): Cancel;
  /** Active health probe against the provider's health endpoint. */
  probe(deployment: Deployment, onDone: (ok: boolean) => void): Cancel;
}

export type FailureReason =
  | 'no-provider'
  | 'deadline'
  | 'retries-exhausted'
  | 'non-retryable'
  | 'in-flight-at-horizon'
  /** A streamed request failed after its first token reached the client (no retry can follow). */
  | 'stream-interrupted'
  /** The client cancelled the request (the Cancel `route` returned). */
  | 'client-cancelled'
  /** A tenant or tag budget refused it, or every eligible deployment was over its budget (router.budgets). */
  | 'budget-exceeded'
  /** Its tenant had used up a limit of the window (router.tenantLimits). */
  | 'tenant-limited'
  /** No eligible deployment met the selection constraints (router.selection). */
  | 'constraints-unmet'
  /** Saturated (every deployment at its concurrency limit): refused as sheddable, or pushed out of a full queue by a higher priority. */
  | 'shed'
  /** Waited router.priorityQueue.maxWaitMs for a deployment with room and got none. */
  | 'queue-timeout';

/** Receives a routed request's result, with the request it answers. */
export type RouteDone = (result: RouteResult, req: RouteRequest) => void;

export interface RouteResult {
  readonly requestId: number;
  readonly ok: boolean;
  readonly failureReason?: FailureReason;
  /** Last error kind seen, for failed requests. */
  readonly lastErrorKind?: AttemptOutcomeKind;
  /** Deployment that served the winning attempt (or the last one tried). */
  readonly deploymentId?: string;
  readonly attempts: number;
  readonly retries: number;
  readonly failovers: number;
  readonly hedges: number;
  /** Sum of what every attempt was billed. */
  readonly costUsd: number;
  /** Arrival to final answer, ms, including backoff and queueing. */
  readonly latencyMs: number;
  readonly ttftMs?: number;
  readonly queueMs?: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** True when the router routed in panic mode (too few healthy deployments). */
  readonly panic: boolean;
  /** The request's priority class, when router.priorityQueue is on. */
  readonly priority?: number;
  /** Time spent in the gateway queue, ms, when it waited there. */
  readonly gatewayQueueMs?: number;
}
