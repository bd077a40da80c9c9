import { z } from 'zod';
import { MAX_WINDOW_SIZE } from '../routing/stats/ring-window.js';
import { budgetPolicyKeys } from './budget-policies-schema.js';
import { admissionRouterKeys } from './admission-schema.js';

/**
 * Router section of a scenario: strategy, health producers, resilience. Defaults follow the
 * seed (health checks) and the field (Envoy outlier detection, LiteLLM cooldowns).
 * Each health/resilience block may be `false` to switch it off.
 */
const positive = z.number().finite().positive();
const nonNegative = z.number().finite().nonnegative();
const probability = z.number().finite().min(0).max(1);

export const activeCheckSchema = z.strictObject({
  intervalMs: positive.default(30_000),
  timeoutMs: positive.default(5_000),
  /** Consecutive failed probes that mark a deployment unhealthy (seed: failover_threshold). */
  unhealthyThreshold: z.number().int().positive().default(2),
  /** Consecutive good probes that mark it healthy again (seed: recovery_threshold). */
  healthyThreshold: z.number().int().positive().default(3),
  /** Each interval is stretched by a uniform random fraction up to this. */
  jitterFraction: z.number().finite().min(0).max(1).default(0),
});

export const outlierSchema = z.strictObject({
  consecutive5xx: z.number().int().positive().default(5),
  sweepIntervalMs: positive.default(10_000),
  baseEjectionMs: positive.default(30_000),
  maxEjectionMs: positive.default(300_000),
  maxEjectionPercent: z.number().finite().min(0).max(100).default(10),
});

export const cooldownSchema = z.strictObject({
  /** Failures within one minute that trigger a cooldown (LiteLLM allowed_fails). */
  allowedFailsPerMinute: z.number().int().nonnegative().default(3),
  /** Alternatively, cool down when the failure rate in the minute exceeds this (with at least minRequests). */
  failureRateThreshold: probability.optional(),
  minRequests: z.number().int().positive().default(5),
  cooldownMs: positive.default(60_000),
  /** Honour a 429's Retry-After as a cooldown of at least that long. */
  honourRetryAfter: z.boolean().default(true),
});

export const breakerSchema = z.strictObject({
  /** Open after this many consecutive failures. */
  consecutiveFailures: z.number().int().positive().default(5),
  /** Or when the failure rate over the sliding window reaches this (with at least minRequests). */
  failureRateThreshold: probability.default(0.5),
  windowMs: positive.default(10_000),
  minRequests: z.number().int().positive().default(20),
  openMs: positive.default(30_000),
  /** Each consecutive re-open multiplies the open period, capped. */
  openBackoffFactor: z.number().finite().min(1).default(2),
  maxOpenMs: positive.default(300_000),
  halfOpenProbes: z.number().int().positive().default(1),
});

export const retrySchema = z.strictObject({
  maxRetries: z.number().int().nonnegative().default(2),
  baseBackoffMs: nonNegative.default(100),
  maxBackoffMs: nonNegative.default(5_000),
  /** Retries may not exceed this fraction of active requests (Envoy/Finagle retry budget)... */
  budgetRatio: probability.default(0.2),
  /** ...but a minimum number of concurrent retries is always allowed. */
  budgetMinRetries: z.number().int().nonnegative().default(3),
  /** Retry on the same deployment (false = always fail over to another one first). */
  sameDeployment: z.boolean().default(false),
});

export const hedgingSchema = z.strictObject({
  /** Send a backup after this delay... */
  delayMs: positive.optional(),
  /** ...or after this percentile of the deployment's recent first-attempt latency (e.g. 95). */
  percentile: z.number().finite().min(1).max(99.9).optional(),
  /** What `percentile` measures: time to the whole answer, or to the first token (streams: what a hedge can still win). */
  basis: z.enum(['latency', 'ttft']).default('latency'),
  /** First attempts kept per deployment to learn the percentile (large, so its sampling error is small). */
  windowSize: z.number().int().min(10).max(100_000).default(5_000),
  /** Hedges may not exceed this fraction of the requests started in the last `budgetWindowMs`. */
  maxHedgeRatio: probability.default(0.1),
  budgetWindowMs: positive.default(60_000),
});

const idList = z.array(z.string().min(1));

export const fallbacksSchema = z.strictObject({
  /** Ordered fallback chains by deployment id ("provider/model") or provider id. */
  default: z.record(z.string(), idList).default({}),
  rateLimited: z.record(z.string(), idList).default({}),
  contextWindow: z.record(z.string(), idList).default({}),
  providerError: z.record(z.string(), idList).default({}),
});

export const nativeRouterSchema = z.strictObject({
  strategy: z.string().min(1).default('round-robin'),
  /** Strategy parameters; validated against the strategy's own schema (`routesim strategies`). */
  params: z.record(z.string(), z.unknown()).default({}),
  /** Parameters for other strategies, by name, used when `compare` or `--strategy` runs them. */
  strategyParams: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  activeHealthCheck: z.union([z.literal(false), activeCheckSchema]).default(false),
  outlierDetection: z.union([z.literal(false), outlierSchema]).default(false),
  cooldown: z.union([z.literal(false), cooldownSchema]).default(false),
  circuitBreaker: z.union([z.literal(false), breakerSchema]).default(false),
  /** Below this percentage of routable deployments, route across all of them (Envoy panic). */
  panicThresholdPercent: z.number().finite().min(0).max(100).default(50),
  retries: retrySchema.default(retrySchema.parse({})),
  timeouts: z
    .strictObject({
      attemptMs: positive.default(60_000),
      deadlineMs: positive.default(120_000),
      /** Streams: an attempt without a first token after this long is cancelled and the request fails over (nothing reached the client yet). Off when absent. */
      firstTokenMs: positive.optional(),
      /** Streams: after the first token, the longest gap between tokens before the stream counts as stalled. Off when absent. */
      idleMs: positive.optional(),
    })
    .default({ attemptMs: 60_000, deadlineMs: 120_000 }),
  /** A Retry-After hint is honoured up to this long, by retries and cooldowns alike (as Portkey caps it). */
  maxRetryAfterMs: positive.default(60_000),
  hedging: z.union([z.literal(false), hedgingSchema]).default(false),
  fallbacks: fallbacksSchema.default(fallbacksSchema.parse({})),
  /** Window of recent outcomes kept per deployment for performance scores (newest kept). */
  historySize: z.number().int().positive().max(MAX_WINDOW_SIZE).default(100),
  /** Half-life of the latency EWMA, ms. */
  ewmaHalfLifeMs: positive.default(10_000),
  ...budgetPolicyKeys,
  ...admissionRouterKeys,
});

export type RouterConfig = z.output<typeof nativeRouterSchema>;
export type ActiveCheckConfig = z.output<typeof activeCheckSchema>;
export type OutlierConfig = z.output<typeof outlierSchema>;
export type CooldownConfig = z.output<typeof cooldownSchema>;
export type BreakerConfig = z.output<typeof breakerSchema>;
export type RetryConfig = z.output<typeof retrySchema>;
export type HedgingConfig = z.output<typeof hedgingSchema>;
export type FallbacksConfig = z.output<typeof fallbacksSchema>;

export const routerSchema = nativeRouterSchema;
