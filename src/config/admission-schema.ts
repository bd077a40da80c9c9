import { z } from 'zod';

/**
 * Admission and outcome policies of the `router:` section (issue 20, part B): adaptive
 * concurrency limits, the gateway's priority queue with shedding, and status-code rules.
 * Every block defaults to `false` (off), so a scenario that does not ask for them routes
 * exactly as before. Spread into the router schema by one line (router-schema.ts).
 */
const positive = z.number().finite().positive();
const probability = z.number().finite().min(0).max(1);

/** Outcome kinds a rule may name (the router's AttemptOutcomeKind, less success and cancelled). */
export const ruleKinds = ['server-error', 'timeout', 'rate-limited', 'overloaded', 'context-exceeded', 'client-error', 'connection-error'] as const;
/** A rule matches an outcome kind by name or an HTTP status code (100..599). */
const kindOrStatus = z.union([z.enum(ruleKinds), z.number().int().min(100).max(599)]);

export const concurrencyLimitSchema = z.strictObject({
  /**
   * static: a fixed in-flight cap per deployment; aimd: +1 when a success finds the limit at
   * least half used, x backoffRatio on a drop (429, 503/529, timeout, or latency over
   * latencyThresholdMs); gradient: Netflix Gradient2 — limit x (long-term latency x tolerance /
   * short-term latency), clamped to [0.5, 1], plus sqrt(limit) of headroom, smoothed.
   */
  algorithm: z.enum(['static', 'aimd', 'gradient']).default('aimd'),
  initialLimit: z.number().int().positive().default(20),
  /** Starting (for static: fixed) limit by deployment id ("provider/model") or provider id, instead of initialLimit. */
  limits: z.record(z.string(), z.number().int().positive()).default({}),
  minLimit: z.number().int().positive().default(1),
  maxLimit: z.number().int().positive().default(1_000),
  /** aimd and gradient: the limit is multiplied by this on a drop (429, overloaded, timeout). */
  backoffRatio: z.number().finite().min(0.1).max(0.99).default(0.9),
  /** aimd: a success slower than this counts as a drop; off when absent. */
  latencyThresholdMs: positive.optional(),
  /** gradient: how much slower than the long-term latency the short-term one may be before the limit shrinks. */
  tolerance: z.number().finite().min(1).default(1.5),
  /** gradient: weight of each new limit estimate (exponential smoothing). */
  smoothing: probability.default(0.2),
  /** gradient: samples in the short-term (EWMA) and long-term (EWMA) latency averages. */
  shortWindow: z.number().int().positive().default(10),
  longWindow: z.number().int().positive().default(600),
});

export const priorityQueueSchema = z.strictObject({
  /** A request waits at most this long for a deployment with room; then it is shed (queue-timeout). */
  maxWaitMs: positive.default(5_000),
  /** Waiting requests at most; when full, the lowest-priority newest one is shed to make room for a higher one. */
  maxLength: z.number().int().positive().default(1_000),
  /** Priority by tenant (higher is more important); a request's own `priority` field wins. */
  tenantPriorities: z.record(z.string(), z.number().int()).default({}),
  defaultPriority: z.number().int().default(0),
  /** Requests below this priority are sheddable: under saturation they are refused at once instead of waiting (the Inference Extension's sheddable class: priority < 0). */
  sheddableBelow: z.number().int().default(0),
});

export const statusRulesSchema = z.strictObject({
  /** Retry only after these outcomes (kinds or status codes); absent: every retryable kind, as before. */
  retryOn: z.array(kindOrStatus).min(1).optional(),
  /** Fall back along `fallbacks` chains only after these outcomes; absent: any fitting chain, as before. */
  fallbackOn: z.array(kindOrStatus).min(1).optional(),
  /** Retries allowed after a failure of this kind (LiteLLM's retry policy); other kinds use retries.maxRetries. */
  maxRetriesByKind: z.partialRecord(z.enum(ruleKinds), z.number().int().nonnegative()).default({}),
  /** What the circuit breaker counts as a failure (Portkey's failure status codes); absent: provider failures (5xx, timeouts, overloaded, connection errors). */
  breakerFailureOn: z.array(kindOrStatus).min(1).optional(),
});

/** The router-schema keys this file adds (spread into its strictObject). */
export const admissionRouterKeys = {
  concurrencyLimit: z.union([z.literal(false), concurrencyLimitSchema]).default(false),
  priorityQueue: z.union([z.literal(false), priorityQueueSchema]).default(false),
  statusRules: z.union([z.literal(false), statusRulesSchema]).default(false),
};

export type ConcurrencyLimitConfig = z.output<typeof concurrencyLimitSchema>;
export type PriorityQueueConfig = z.output<typeof priorityQueueSchema>;
export type StatusRulesConfig = z.output<typeof statusRulesSchema>;
export type StatusRule = z.output<typeof kindOrStatus>;
